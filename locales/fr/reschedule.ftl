# /replanifier : ce qui est accepté est ce qui est gardé, dit aux deux côtés ; une date hors du
# rythme convenu, au choix de qui la propose ; une proposition remplacée, dite à son auteur.

resched-off-rhythm = Vous proposez le { $when } : ce jour ne tombe pas sur le rythme convenu ({ $rhythm }). Que choisissez-vous ? Cette date une fois, puis le rythme reprend ; ou plutôt le prochain jour du rythme, le { $next }.
resched-once = Cette date une fois, puis le rythme
resched-on-rhythm = Proposer plutôt le { $next }
resched-choose-first = Votre proposition du { $when } n’est pas encore envoyée : ce jour ne tombe pas sur le rythme convenu ({ $rhythm }). Choisissez dans le message qui suit.
resched-change-once = le prochain échange le { $when }, une seule fois, puis de nouveau { $rhythm }
resched-ref-date = du { $date }
resched-ref-rhythm = ({ $rhythm })
resched-ref-none = en attente
resched-countered = Votre proposition { $old } est remplacée par celle de { $by } : { $change }. Acceptez-vous ?
resched-proposed-again = { $by } remplace sa proposition { $old } par une nouvelle : { $change }. Acceptez-vous ?
resched-replaced = Votre proposition { $old }, pas encore envoyée, est remplacée par celle de { $by } : { $change }.
resched-sent-counter = Votre contre-proposition est envoyée : { $change }. Elle remplace la proposition { $old } de { $other }, qui en est informé·e. Vous serez prévenu·e de la réponse.
resched-sent-again = Votre nouvelle proposition est envoyée : { $change }. Elle remplace votre proposition { $old }. Vous serez prévenu·e de la réponse.
resched-accepted = { $by } a accepté votre proposition. Prochain échange : { $next }.
resched-accepted-none = { $by } a accepté votre proposition. Aucun échange ne reste planifié.
resched-you-accepted = C’est accepté. Prochain échange : { $next }.
resched-you-accepted-none = C’est accepté. Aucun échange ne reste planifié.
resched-declined = { $by } a refusé votre proposition : { $change }. Le calendrier convenu reste inchangé.
resched-you-declined = C’est refusé : { $change }. Le calendrier convenu reste inchangé.
resched-was-replaced = Cette proposition a été remplacée par celle de { $by } : { $change }.
resched-was-accepted = Cette proposition a déjà été acceptée. Prochain échange : { $next }.
resched-was-accepted-none = Cette proposition a déjà été acceptée. Aucun échange ne reste planifié.
resched-was-declined = Cette proposition a déjà été refusée : le calendrier convenu reste inchangé.
resched-already-chosen = Ce choix est déjà fait : votre proposition a été envoyée.
resched-still-waiting = Une proposition de changement attend toujours votre réponse.
