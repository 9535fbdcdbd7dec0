# Comment chaque lecteur écrit les dates : l’anglais britannique reprend les textes anglais,
# avec le jour avant le mois et l’heure sur 24 heures (voir `$style` dans datetime-long).
language-name-en-gb = anglais britannique
