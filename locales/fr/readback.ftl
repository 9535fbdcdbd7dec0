# The first exchange read back in full before the next question, with a way to correct it
# there (src/domain/closing/dates.rs).

closing-date-readback = Compris : { $when }.
closing-date-check = Est-ce bien cela ? Si ce n’est pas la bonne date, corrigez-la, ou tapez directement la bonne, par exemple « mardi 10 h ».{ $style ->
   *[other] {""}
}
# $rhythm : « le premier lundi de chaque mois » ; $next : la prochaine date sur ce rythme, en entier.
closing-date-off-rhythm = Cette date ne tombe pas sur le rythme convenu ({ $rhythm }) : sur ce rythme, le prochain échange serait le { $next }.
closing-date-choose = Que préférez-vous ? Vous pouvez aussi taper une autre date.
choice-date-ok = C’est bien ça
choice-date-change = Corriger la date
choice-date-keep = Garder { $weekday } { $day ->
    [1] 1er
   *[other] { $day }
} { $month }, puis le rythme{ $style ->
   *[other] {""}
}
choice-date-take = Prendre { $when }
