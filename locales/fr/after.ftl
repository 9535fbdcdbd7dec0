# After each agreed exchange: the advisor is asked whether it took place (issue 14, item 6).

after-question = Votre échange avec { $beneficiary } était prévu le { $when }. A-t-il eu lieu ? S’il a eu lieu, clôturez ce temps de travail : faites-en le bilan, planifiez la suite de l’appui et reprécisez les engagements de chacun.
after-choice-held = Oui — clôturer maintenant
after-choice-moved = Il a été déplacé
after-choice-not-held = Il n’a pas eu lieu
after-held-started = La clôture du temps de travail avec { $beneficiary } commence : ses questions lui sont envoyées en message privé (la prochaine étape, les tâches, les moyens, les modalités des prochains échanges, les engagements de chacun). Vous serez invité·e à préciser les vôtres.
after-held-resumed = Une clôture avec { $beneficiary } était déjà en cours : sa question en cours lui est envoyée à nouveau.
after-moved-how = Indiquez la nouvelle date de l’échange : elle sera proposée à { $beneficiary }, qui l’acceptera ou la refusera.
after-moved-console = Proposez la nouvelle date avec « /replanifier » suivi de la date, par exemple « /replanifier mardi 14 h ».
after-not-held-recorded = C’est noté : l’échange avec { $beneficiary } prévu le { $when } n’a pas eu lieu. Il apparaîtra dans votre résumé.
after-already = Vous avez déjà répondu pour l’échange prévu le { $when } : « { $answer } ». Ce clic n’a pas été pris en compte.
after-gone = Cet échange n’est plus suivi : rien n’a été enregistré.
after-not-yours = Cette question s’adresse à la personne chargée de mission de cet appui : elle seule peut y répondre.
after-support-over = Cet appui est en pause ou terminé : rien n’a été enregistré.
after-modal-title = Nouvelle date de l’échange
after-modal-label = Quand ? (par exemple « mardi 14 h »)
digest-after-not-held = ✗ Échange du { $when } : il n’a pas eu lieu.
digest-after-checkin-missed = ✗ Point d’étape sans réponse avant l’échange du { $when }.
