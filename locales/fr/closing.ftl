# Ouverture et clôture d’un temps de travail (guide, p. 33 : « Clore un temps de travail »).

opening-expectations = Bonjour ! Une séance de travail commence avec votre chargé·e de mission d’appui. Avec vos propres mots, qu’attendez-vous de cette séance ?
opening-thanks = Merci, vos attentes sont notées. Nous les reprendrons ensemble à la fin de la séance.
opening-advisor-told = Votre bénéficiaire a exprimé ses attentes pour la séance.

closing-review-intro = Faisons le bilan de ce temps de travail. Au début de la séance, vous attendiez : « { $expectations } »
closing-review-intro-none = Faisons le bilan de ce temps de travail.
closing-review-match = Les éléments apportés pendant la séance correspondaient-ils à vos attentes ?
closing-review-questions = Vous reste-t-il des questions ou des besoins ? Écrivez-les avec vos propres mots (ou passez cette étape).
closing-review-continue = Souhaitez-vous poursuivre l’appui ?
closing-next-step = Avec vos propres mots, quelle est la prochaine étape de votre projet de coopération, à travailler après celle abordée lors de l’appui ?
closing-tasks = Quelles tâches allez-vous mettre en œuvre ? Écrivez une tâche par ligne (ou séparez-les par « ; »).
closing-means = De quels moyens et ressources avez-vous besoin ?
closing-future-needs = Percevez-vous déjà des besoins futurs ? Écrivez-les avec vos propres mots (ou passez cette étape).
closing-called-on-for = Pour rappel, voici ce sur quoi votre chargé·e de mission d’appui à la coopération peut être mobilisé·e :
    { $text }
closing-relay = Acceptez-vous que votre chargé·e de mission puisse relayer les informations sur votre projet au sein de ses réseaux ? Vous pourrez changer d’avis à tout moment.
closing-frequency = Fixons ensemble les modalités des prochains échanges. À quelle fréquence souhaitez-vous échanger ?
closing-custom-frequency = Quel rythme vous convient ? Par exemple « toutes les 3 semaines » ou « tous les 15 jours ».
closing-first-exchange = Quand aura lieu le prochain échange ? Indiquez la date et l’heure, à l’{ $zone }, par exemple « mardi 10 h » ou « 3 décembre 14 h 30 ».{ $style ->
   *[other] {""}
}
closing-exchange-means = Par quels moyens souhaitez-vous échanger ? Vous pouvez en choisir plusieurs.
closing-other-means = Quel autre moyen souhaitez-vous utiliser pour échanger ? Nommez-le avec vos propres mots.
closing-commitments = Pour repréciser les engagements de chacun : avec vos propres mots, à quoi vous engagez-vous d’ici le prochain échange ?
closing-synthesis = Pour vérifier que nous nous sommes bien compris, pouvez-vous faire une courte synthèse, avec vos propres mots, des points de méthode abordés ?
closing-recap-confirm = Ce récapitulatif vous convient-il ?
closing-edit-which = Que souhaitez-vous modifier ?

closing-waiting-advisor = Votre chargé·e de mission relit le récapitulatif. Vous recevrez l’accord dès sa confirmation.
closing-paused = C’est en pause. Rien n’est perdu : revenez quand vous voulez, votre prochain message reprendra là où vous en étiez.
closing-resumed = Reprenons là où vous en étiez.
closing-cannot-skip = Cette étape est importante pour la suite : elle ne peut pas être passée.
closing-nothing-before = C’est la première question : il n’y a rien avant.
closing-choose-an-option = Choisissez l’une des options proposées.
closing-choose-at-least-one = Choisissez au moins un moyen d’échange.
closing-type-an-answer = Écrivez votre réponse dans un message.
closing-sent-to-advisor = Merci ! Le récapitulatif est envoyé à votre chargé·e de mission pour confirmation.
closing-synthesis-alert = Votre bénéficiaire a rédigé sa synthèse des points de méthode. Lisez-la : c’est là que les incompréhensions apparaissent.
    « { $text } »
closing-advisor-intro = Votre bénéficiaire a confirmé le récapitulatif de fin de séance. Relisez-le :
closing-advisor-review = Confirmez-vous cet accord ? Vous pouvez aussi proposer un changement : votre bénéficiaire décidera.
closing-advisor-commitments-needed = Vos propres engagements manquent encore : saisissez-les avec le bouton ci-dessous. { $beneficiary } confirmera ensuite le récapitulatif avec eux.
closing-advisor-commitments-saved = Vos engagements sont enregistrés : ils figureront dans le récapitulatif que { $beneficiary } confirmera.
closing-advisor-commitments-unchanged = Vos engagements sont inchangés.
closing-advisor-invite = { $beneficiary } est arrivé·e à l’étape des engagements de la clôture. Saisissez dès maintenant vos propres engagements : ils figureront dans le récapitulatif que { $beneficiary } confirmera.
closing-advisor-awaited = { $beneficiary } a terminé la clôture et attend vos engagements pour confirmer le récapitulatif. Saisissez-les dès maintenant :
closing-advisor-commitments-sent = Vos engagements sont enregistrés et le récapitulatif complet est envoyé à { $beneficiary } pour confirmation. Vous le recevrez ensuite pour le confirmer à votre tour.
closing-advisor-commitments-reconfirm = Vos engagements sont enregistrés. { $beneficiary } avait confirmé le récapitulatif avant ce changement : il lui est demandé de le confirmer à nouveau, puis vous le recevrez.
closing-recap-waiting-advisor = Votre chargé·e de mission n’a pas encore saisi ses propres engagements. Dès que ce sera fait, vous recevrez le récapitulatif complet à confirmer. D’ici là, vous pouvez encore modifier vos réponses.
closing-confirm-needs-advisor = Vous pourrez confirmer dès que les engagements de votre chargé·e de mission figureront dans le récapitulatif.
closing-advisor-commitments-added = Votre chargé·e de mission a saisi ses engagements : voici le récapitulatif complet.
closing-advisor-commitments-changed = Votre chargé·e de mission a modifié ses engagements. Relisez le récapitulatif et confirmez-le à nouveau.
closing-advisor-proposed = Votre chargé·e de mission propose un changement : « { $proposal } ». Vous restez libre de vos choix : modifiez ce que vous souhaitez, puis confirmez.
closing-proposal-sent = Votre proposition est envoyée à votre bénéficiaire, qui décidera.
closing-agreed = C’est convenu ! L’accord de fin de séance est enregistré : relisez-le à tout moment avec /plan. Bon travail d’ici le prochain échange.

closing-error-not-participant = Cette conversation ne vous concerne pas.
closing-error-advisor-cannot-answer = Seul·e votre bénéficiaire peut répondre à ces questions, avec ses propres mots. Vous pouvez saisir vos engagements, confirmer ou proposer un changement.
closing-error-advisor-only = Seul·e votre chargé·e de mission peut faire cela.
closing-error-not-ready = Votre bénéficiaire n’a pas encore confirmé le récapitulatif.
closing-error-finished = Cette clôture est terminée : l’accord est enregistré.

recap-title = Récapitulatif de fin de séance
# $match, $continue et $relay : l’identifiant du choix (yes, partly, no, not_sure), ou none.
recap-review = { $match ->
    [yes] Les attentes exprimées en début de séance ont été satisfaites
    [partly] Les attentes exprimées en début de séance ont été en partie satisfaites
    [no] Les attentes exprimées en début de séance n’ont pas été satisfaites
   *[none] Les attentes n’ont pas encore été passées en revue
}{ $continue ->
    [yes] , et l’appui se poursuit.
    [no] , et l’appui s’arrête ici, comme choisi.
    [not_sure] , et la poursuite de l’appui reste à décider.
   *[none] .
}
recap-questions = Questions et besoins restants : { $text }
recap-next-step = Prochaine étape : { $text }
recap-tasks = { $count ->
    [one] Tâche :{ $tasks }
   *[other] Tâches ({ $count }) :{ $tasks }
}
recap-means = Moyens et ressources : { $text }
recap-future-needs = Besoins futurs : { $text }
recap-relay = { $relay ->
    [yes] Les informations sur le projet peuvent être relayées dans les réseaux de la mission d’appui.
    [no] Les informations sur le projet ne sont pas relayées pour l’instant.
   *[none] Le relais des informations sur le projet n’est pas encore décidé.
}
recap-exchanges = Les prochains échanges auront lieu { $cadence }, à partir du { $first }. Moyens d’échange : { $means }.
recap-commitments = Engagements côté bénéficiaire : { $text }
recap-advisor-commitments = Engagements côté chargé·e de mission : { $text }
recap-advisor-commitments-pending = Les engagements côté chargé·e de mission restent à saisir.
recap-synthesis = Synthèse : { $text }

recap-label-review_match = Le bilan (attentes)
recap-label-review_questions = Les questions et besoins restants
recap-label-review_continue = Poursuivre l’appui ou non
recap-label-next_step = La prochaine étape
recap-label-tasks = Les tâches
recap-label-means = Les moyens et ressources
recap-label-future_needs = Les besoins futurs
recap-label-relay = Le relais des informations
recap-label-frequency = La fréquence des échanges
recap-label-first_exchange = La date du prochain échange
recap-label-exchange_means = Les moyens d’échange
recap-label-commitments = Vos engagements
recap-label-synthesis = La synthèse

desk-no-conversation = Aucune conversation ne vous attend pour l’instant. Votre chargé·e de mission en lance une à la fin d’une séance de travail.
desk-store-error = Un problème est survenu à l’enregistrement. Rien de ce que vous avez déjà répondu n’est perdu : renvoyez votre réponse dans un instant.
desk-storage-full = Votre réponse n’a pas pu être enregistrée : le bot n’a plus d’espace de stockage. Rien de ce que vous avez déjà répondu n’est perdu, et les personnes qui font tourner le bot sont prévenues. Renvoyez votre réponse plus tard.
desk-question-answered = Cette question a déjà reçu une réponse : ce clic n’a pas été pris en compte. La question où vous en êtes vous est envoyée à nouveau.
desk-answer-moved = Votre message est arrivé après que sa question a changé : il n’a pas été enregistré, pour qu’il ne réponde pas à une autre question. Voici la question où vous en êtes ; répondez-y ci-dessous.
desk-conversation-replaced = Cette conversation a été remplacée ou arrêtée : votre réponse n’a pas été enregistrée. Si une nouvelle conversation vous attend, sa question est dans vos messages ; sinon, votre chargé·e de mission en lancera une.
opening-error-finished = Vos attentes étaient déjà enregistrées : cette réponse n’a donc pas été ajoutée. Rien d’autre n’est demandé ici : votre chargé·e de mission les reprendra avec vous à la fin de la séance.
checkin-error-finished = Ce point d’étape est terminé : vos réponses sont enregistrées et celle-ci n’a pas été ajoutée. Votre chargé·e de mission verra où vous en êtes.
closing-advisor-waiting-beneficiary = Votre bénéficiaire n’a pas encore terminé la clôture. Vous recevrez le récapitulatif à confirmer dès sa confirmation.

ics-summary = Prochain échange de suivi
ics-description = Échange convenu en fin de séance de travail (suivi). L’accord se relit à tout moment avec /plan.
closing-agreed-ending = C’est confirmé, le récapitulatif de fin de séance est enregistré (relisez-le avec /plan). Comme vous l’avez choisi, l’appui s’arrête ici : aucun échange n’est planifié. Merci pour le travail mené ensemble, et bonne continuation à votre projet.
closing-exchanges-needed = Vous souhaitez maintenant poursuivre l’appui : fixons ensemble les prochains échanges.

# Une deuxième /seance pendant une clôture en cours, et /plan des clôtures non terminées.
desk-closing-in-progress = Une clôture avec votre bénéficiaire est en cours et n’est pas terminée. Rien n’a été effacé : reprenez-la, ou recommencez (ses réponses restent lisibles dans /plan).
plan-closing-in-progress = Clôture en cours, commencée le { $started }. Les réponses données jusqu’ici :
plan-closing-left = Clôture laissée inachevée le { $left }, quand une autre a été commencée. Ses réponses :
