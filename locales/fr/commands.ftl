# Commandes Discord : noms (.name) et descriptions (.description, 100 caractères au plus), et
# les messages propres à l’adaptateur.

cmd-session =
    .name = seance
    .description = Séances de travail avec un ou une bénéficiaire
cmd-session-open =
    .name = ouvrir
    .description = Ouvrir une séance : le ou la bénéficiaire exprime ses attentes
cmd-session-open-beneficiary =
    .name = beneficiaire
    .description = Le ou la bénéficiaire
cmd-session-close =
    .name = cloturer
    .description = Clore la séance : le ou la bénéficiaire reformule la suite avec ses propres mots
cmd-session-close-beneficiary =
    .name = beneficiaire
    .description = Le ou la bénéficiaire
cmd-session-close-synthesis =
    .name = synthese
    .description = Inviter le ou la bénéficiaire à faire une synthèse des points de méthode
cmd-plan =
    .name = plan
    .description = Afficher l’accord en cours (vous seul·e le voyez)
cmd-plan-beneficiary =
    .name = beneficiaire
    .description = Le ou la bénéficiaire (chargé·es de mission)
cmd-settings =
    .name = reglages
    .description = Votre langue et votre fuseau horaire
cmd-settings-language =
    .name = langue
    .description = Choisir la langue dans laquelle suivi vous parle
cmd-settings-language-language =
    .name = langue
    .description = Votre langue
cmd-settings-timezone =
    .name = fuseau
    .description = Choisir votre fuseau horaire (les dates sont affichées et lues dans ce fuseau)
cmd-settings-timezone-timezone =
    .name = fuseau
    .description = Un fuseau IANA, par exemple Europe/Paris
cmd-setup =
    .name = configuration
    .description = Configurer suivi pour ce serveur (administrateurs)
cmd-setup-advisor_role =
    .name = role_charge_de_mission
    .description = Les membres ayant ce rôle peuvent ouvrir et clore des séances
cmd-setup-fallback_channel =
    .name = salon_de_secours
    .description = Où ouvrir des fils privés quand les messages privés d’un·e bénéficiaire sont fermés
cmd-setup-language =
    .name = langue
    .description = La langue du serveur
cmd-setup-timezone =
    .name = fuseau
    .description = Le fuseau horaire du serveur, par exemple Europe/Paris
cmd-setup-called_on_for =
    .name = mobilisable_pour
    .description = Ce sur quoi un·e chargé·e de mission peut être mobilisé·e
cmd-help =
    .name = aide
    .description = Ce que fait suivi, et ses commandes

discord-select-one = Choisissez une option
discord-select-many = Choisissez une ou plusieurs options
discord-answer-button = Écrire ma réponse
discord-start-button = Commencer
discord-session-opened = { $advisor } ouvre une séance de travail avec { $beneficiary }. { $beneficiary }, cliquez sur Commencer : les questions arrivent en message privé.
discord-closing-started = { $advisor } clôt la séance de travail avec { $beneficiary }. { $beneficiary }, cliquez sur Commencer : les questions arrivent en message privé.
discord-start-not-yours = Ce bouton est destiné au ou à la bénéficiaire de la séance.
discord-start-check-dms = La première question est dans vos messages privés.
discord-start-thread = Vos messages privés sont fermés : les questions sont dans un fil privé que seuls vous et l’équipe pouvez voir.
discord-start-dms-closed = Je ne peux pas vous envoyer de message privé. Autorisez-les pour ce serveur (Paramètres de confidentialité → Messages privés), puis cliquez à nouveau sur Commencer.
discord-modal-commitments-title = Vos engagements
discord-modal-commitments-label = Ce à quoi vous vous engagez
discord-modal-propose-title = Proposer un changement
discord-modal-propose-label = Le changement que vous proposez
discord-modal-answer-title = Votre réponse
discord-modal-answer-label = Avec vos propres mots
discord-not-advisor = Seul·es les chargé·es de mission (le rôle défini avec /configuration) ou les administrateurs du serveur peuvent ouvrir et clore des séances.
discord-bad-beneficiary = Choisissez le ou la bénéficiaire : une personne, autre que vous-même.
discord-not-admin = Seuls les administrateurs du serveur peuvent modifier les réglages de suivi.
discord-no-plan = Il n’y a pas encore d’accord.
discord-language-saved = C’est fait : je vous parlerai en français.
discord-bad-timezone = « { $value } » n’est pas un fuseau horaire. Choisissez-en un dans la liste, par exemple Europe/Paris.
discord-timezone-saved = C’est fait : les dates sont affichées et lues dans le fuseau { $timezone }.
discord-setup-unset = non défini
discord-setup-saved = Enregistré. Rôle chargé·e de mission : { $role }. Salon de secours : { $channel }. Langue : { $language }. Fuseau : { $timezone }.
discord-help = suivi aide à clore les séances de travail et à assurer le suivi entre elles.
    • /seance ouvrir @bénéficiaire — le ou la bénéficiaire exprime ses attentes (chargé·es de mission)
    • /seance cloturer @bénéficiaire — le ou la bénéficiaire reformule la prochaine étape, les tâches et les moyens avec ses propres mots ; vous fixez ensemble les prochains échanges (chargé·es de mission)
    • /plan — l’accord en cours, visible de vous seul·e
    • /reglages langue, /reglages fuseau — vos préférences
    • /configuration — les réglages du serveur (administrateurs)
    Les réponses restent en messages privés. Vous pouvez revenir en arrière, passer les étapes facultatives ou faire une pause à tout moment : rien n’est perdu.
