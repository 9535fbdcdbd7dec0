//! Time zones as people name them: a city ("dakar", "New York", "Montréal", "paris") or an
//! IANA id ("Africa/Dakar"), case and accents ignored, and the list offered while typing
//! (Discord's autocomplete). A zone is shown to people by its city ("Paris time", "heure de
//! Dakar"); the IANA id is for operators.
//!
//! This module only names zones: it must not store a choice or know about Discord.

use chrono_tz::Tz;

use super::words::normalise;

/// A city people name, the names they type for it (folded: lower case, no accents) and its
/// zone. The first name is the one shown.
pub struct City {
    pub name: &'static str,
    pub typed: &'static [&'static str],
    pub tz: Tz,
}

macro_rules! cities {
    ($(($name:literal, [$($typed:literal),*], $tz:ident)),* $(,)?) => {
        /// The cities offered, most asked for first.
        pub const CITIES: &[City] = &[$(City { name: $name, typed: &[$($typed),*], tz: Tz::$tz }),*];
    };
}

cities![
    ("Paris", ["paris", "france"], Europe__Paris),
    ("Dakar", ["dakar", "senegal"], Africa__Dakar),
    ("Montréal", ["montreal", "quebec"], America__Montreal),
    (
        "New York",
        ["new york", "nyc", "new york city"],
        America__New_York
    ),
    (
        "Bruxelles",
        ["bruxelles", "brussels", "belgique", "belgium"],
        Europe__Brussels
    ),
    (
        "Genève",
        ["geneve", "geneva", "suisse", "switzerland"],
        Europe__Zurich
    ),
    ("Luxembourg", ["luxembourg"], Europe__Luxembourg),
    ("London", ["london", "londres"], Europe__London),
    (
        "Abidjan",
        ["abidjan", "cote d ivoire", "ivory coast"],
        Africa__Abidjan
    ),
    ("Bamako", ["bamako", "mali"], Africa__Bamako),
    (
        "Ouagadougou",
        ["ouagadougou", "burkina faso"],
        Africa__Ouagadougou
    ),
    ("Conakry", ["conakry", "guinee", "guinea"], Africa__Conakry),
    ("Lomé", ["lome", "togo"], Africa__Lome),
    (
        "Cotonou",
        ["cotonou", "porto novo", "benin"],
        Africa__PortoNovo
    ),
    ("Niamey", ["niamey", "niger"], Africa__Niamey),
    (
        "Douala",
        ["douala", "yaounde", "cameroun", "cameroon"],
        Africa__Douala
    ),
    ("Libreville", ["libreville", "gabon"], Africa__Libreville),
    ("Kinshasa", ["kinshasa"], Africa__Kinshasa),
    ("Brazzaville", ["brazzaville", "congo"], Africa__Brazzaville),
    (
        "Nouakchott",
        ["nouakchott", "mauritanie", "mauritania"],
        Africa__Nouakchott
    ),
    (
        "Casablanca",
        ["casablanca", "rabat", "maroc", "morocco"],
        Africa__Casablanca
    ),
    (
        "Alger",
        ["alger", "algiers", "algerie", "algeria"],
        Africa__Algiers
    ),
    ("Tunis", ["tunis", "tunisie", "tunisia"], Africa__Tunis),
    (
        "Le Caire",
        ["le caire", "cairo", "egypte", "egypt"],
        Africa__Cairo
    ),
    (
        "Antananarivo",
        ["antananarivo", "madagascar"],
        Indian__Antananarivo
    ),
    (
        "Port-Louis",
        ["port louis", "maurice", "mauritius"],
        Indian__Mauritius
    ),
    (
        "La Réunion",
        ["la reunion", "reunion", "saint denis"],
        Indian__Reunion
    ),
    ("Mayotte", ["mayotte", "mamoudzou"], Indian__Mayotte),
    (
        "Guadeloupe",
        ["guadeloupe", "pointe a pitre"],
        America__Guadeloupe
    ),
    (
        "Martinique",
        ["martinique", "fort de france"],
        America__Martinique
    ),
    (
        "Cayenne",
        ["cayenne", "guyane", "french guiana"],
        America__Cayenne
    ),
    (
        "Port-au-Prince",
        ["port au prince", "haiti"],
        America__PortauPrince
    ),
    (
        "Nouméa",
        ["noumea", "nouvelle caledonie", "new caledonia"],
        Pacific__Noumea
    ),
    (
        "Papeete",
        ["papeete", "tahiti", "polynesie"],
        Pacific__Tahiti
    ),
    ("Toronto", ["toronto"], America__Toronto),
    ("Chicago", ["chicago"], America__Chicago),
    (
        "Los Angeles",
        ["los angeles", "san francisco"],
        America__Los_Angeles
    ),
    ("Vancouver", ["vancouver"], America__Vancouver),
    ("Madrid", ["madrid", "espagne", "spain"], Europe__Madrid),
    (
        "Lisbonne",
        ["lisbonne", "lisbon", "portugal"],
        Europe__Lisbon
    ),
    ("Rome", ["rome", "roma", "italie", "italy"], Europe__Rome),
    ("Berlin", ["berlin", "allemagne", "germany"], Europe__Berlin),
    (
        "Beyrouth",
        ["beyrouth", "beirut", "liban", "lebanon"],
        Asia__Beirut
    ),
    ("Dubaï", ["dubai"], Asia__Dubai),
    ("Tokyo", ["tokyo", "japon", "japan"], Asia__Tokyo),
    ("Sydney", ["sydney"], Australia__Sydney),
    ("UTC", ["utc", "gmt"], UTC),
];

/// Lower-case, accent-free words joined by single spaces ("Montréal" -> "montreal",
/// "Port-au-Prince" -> "port au prince").
fn fold(input: &str) -> String {
    normalise(&input.replace(['-', '_', '/', '\''], " "))
        .map(|w| w.join(" "))
        .unwrap_or_default()
}

/// The zone a person named: an IANA id (any case: "africa/dakar") or a city or country of
/// [`CITIES`] ("dakar", "New York", "Montréal"). `None` if neither.
pub fn zone_named(input: &str) -> Option<Tz> {
    let trimmed = input.trim();
    if let Ok(tz) = trimmed.parse::<Tz>() {
        return Some(tz);
    }
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(trimmed))
    {
        return Some(*tz);
    }
    let folded = fold(trimmed);
    CITIES
        .iter()
        .find(|c| c.typed.contains(&folded.as_str()))
        .map(|c| c.tz)
}

/// The city a zone is shown by ("Paris" for Europe/Paris), if it is one of [`CITIES`].
pub fn city_of(tz: Tz) -> Option<&'static str> {
    CITIES.iter().find(|c| c.tz == tz).map(|c| c.name)
}

/// What to offer while a person types a zone: (label, IANA id), at most `limit`. Cities whose
/// name or typed names start with the text come first ("dak" -> Dakar), then cities that contain
/// it, then IANA ids that contain it; the label names the city and its id ("Dakar — Africa/Dakar").
pub fn zone_choices(partial: &str, limit: usize) -> Vec<(String, &'static str)> {
    let needle = fold(partial);
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let mut push = |label: String, id: &'static str| {
        if out.len() < limit && !out.iter().any(|(l, _)| *l == label) {
            out.push((label, id));
        }
    };
    let label = |c: &City| format!("{} — {}", c.name, c.tz.name());
    let names = |c: &City| {
        let shown = fold(c.name);
        std::iter::once(shown)
            .chain(c.typed.iter().map(|t| (*t).to_owned()))
            .collect::<Vec<_>>()
    };
    for c in CITIES
        .iter()
        .filter(|c| names(c).iter().any(|n| n.starts_with(&needle)))
    {
        push(label(c), c.tz.name());
    }
    for c in CITIES
        .iter()
        .filter(|c| names(c).iter().any(|n| n.contains(&needle)))
    {
        push(label(c), c.tz.name());
    }
    let id_needle = partial.trim().to_lowercase().replace(' ', "_");
    for tz in chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|tz| tz.name().to_lowercase().contains(&id_needle))
    {
        push(tz.name().to_owned(), tz.name());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Africa, America, Europe};

    #[test]
    fn cities_as_people_type_them() {
        for (typed, tz) in [
            ("dakar", Africa::Dakar),
            ("Dakar", Africa::Dakar),
            ("New York", America::New_York),
            ("new york", America::New_York),
            ("Montréal", America::Montreal),
            ("MONTREAL", America::Montreal),
            ("paris", Europe::Paris),
            ("  Paris ", Europe::Paris),
            ("Europe/Paris", Europe::Paris),
            ("europe/paris", Europe::Paris),
            ("Port-au-Prince", America::PortauPrince),
            ("Genève", Europe::Zurich),
        ] {
            assert_eq!(zone_named(typed), Some(tz), "{typed}");
        }
        for typed in ["", "Mars/Olympus", "atlantis", "new"] {
            assert_eq!(zone_named(typed), None, "{typed}");
        }
        assert_eq!(city_of(Europe::Paris), Some("Paris"));
        assert_eq!(city_of(America::Montreal), Some("Montréal"));
        assert_eq!(city_of(America::Toronto), Some("Toronto"));
        assert_eq!(city_of(Africa::Accra), None);
    }

    #[test]
    fn choices_start_with_the_cities_typed() {
        let ids = |p| {
            zone_choices(p, 25)
                .into_iter()
                .map(|(_, id)| id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("dak").first(), Some(&"Africa/Dakar"));
        assert_eq!(ids("Montr").first(), Some(&"America/Montreal"));
        assert_eq!(ids("new y").first(), Some(&"America/New_York"));
        assert!(ids("europe/pa").contains(&"Europe/Paris"));
        assert_eq!(zone_choices("dakar", 25)[0].0, "Dakar — Africa/Dakar");
        assert!(zone_choices("", 25).len() == 25);
        assert!(zone_choices("zzzz", 25).is_empty());
        for (label, _) in zone_choices("a", 25) {
            assert!(label.chars().count() <= 100, "{label}");
        }
    }
}
