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
    ($($name:literal $tz:ident = $($typed:literal),+;)*) => {
        /// The cities offered, most asked for first.
        pub const CITIES: &[City] = &[
            $(City { name: $name, typed: &[$($typed),+], tz: Tz::$tz }),*
        ];
    };
}

// One city a line: the name shown, its zone, then the names people type for it.
cities! {
    "Paris"          Europe__Paris         = "paris", "france";
    "Dakar"          Africa__Dakar         = "dakar", "senegal";
    "Montréal"       America__Montreal     = "montreal", "quebec";
    "New York"       America__New_York     = "new york", "nyc", "new york city";
    "Bruxelles"      Europe__Brussels      = "bruxelles", "brussels", "belgique", "belgium";
    "Genève"         Europe__Zurich        = "geneve", "geneva", "suisse", "switzerland";
    "Luxembourg"     Europe__Luxembourg    = "luxembourg";
    "London"         Europe__London        = "london", "londres";
    "Abidjan"        Africa__Abidjan       = "abidjan", "cote d ivoire", "ivory coast";
    "Bamako"         Africa__Bamako        = "bamako", "mali";
    "Ouagadougou"    Africa__Ouagadougou   = "ouagadougou", "burkina faso";
    "Conakry"        Africa__Conakry       = "conakry", "guinee", "guinea";
    "Lomé"           Africa__Lome          = "lome", "togo";
    "Cotonou"        Africa__PortoNovo     = "cotonou", "porto novo", "benin";
    "Niamey"         Africa__Niamey        = "niamey", "niger";
    "Douala"         Africa__Douala        = "douala", "yaounde", "cameroun", "cameroon";
    "Libreville"     Africa__Libreville    = "libreville", "gabon";
    "Kinshasa"       Africa__Kinshasa      = "kinshasa";
    "Brazzaville"    Africa__Brazzaville   = "brazzaville", "congo";
    "Nouakchott"     Africa__Nouakchott    = "nouakchott", "mauritanie", "mauritania";
    "Casablanca"     Africa__Casablanca    = "casablanca", "rabat", "maroc", "morocco";
    "Alger"          Africa__Algiers       = "alger", "algiers", "algerie", "algeria";
    "Tunis"          Africa__Tunis         = "tunis", "tunisie", "tunisia";
    "Le Caire"       Africa__Cairo         = "le caire", "cairo", "egypte", "egypt";
    "Antananarivo"   Indian__Antananarivo  = "antananarivo", "madagascar";
    "Port-Louis"     Indian__Mauritius     = "port louis", "maurice", "mauritius";
    "La Réunion"     Indian__Reunion       = "la reunion", "reunion", "saint denis";
    "Mayotte"        Indian__Mayotte       = "mayotte", "mamoudzou";
    "Guadeloupe"     America__Guadeloupe   = "guadeloupe", "pointe a pitre";
    "Martinique"     America__Martinique   = "martinique", "fort de france";
    "Cayenne"        America__Cayenne      = "cayenne", "guyane", "french guiana";
    "Port-au-Prince" America__PortauPrince = "port au prince", "haiti";
    "Nouméa"         Pacific__Noumea       = "noumea", "nouvelle caledonie", "new caledonia";
    "Papeete"        Pacific__Tahiti       = "papeete", "tahiti", "polynesie";
    "Toronto"        America__Toronto      = "toronto";
    "Chicago"        America__Chicago      = "chicago";
    "Los Angeles"    America__Los_Angeles  = "los angeles", "san francisco";
    "Vancouver"      America__Vancouver    = "vancouver";
    "Madrid"         Europe__Madrid        = "madrid", "espagne", "spain";
    "Lisbonne"       Europe__Lisbon        = "lisbonne", "lisbon", "portugal";
    "Rome"           Europe__Rome          = "rome", "roma", "italie", "italy";
    "Berlin"         Europe__Berlin        = "berlin", "allemagne", "germany";
    "Beyrouth"       Asia__Beirut          = "beyrouth", "beirut", "liban", "lebanon";
    "Dubaï"          Asia__Dubai           = "dubai";
    "Tokyo"          Asia__Tokyo           = "tokyo", "japon", "japan";
    "Sydney"         Australia__Sydney     = "sydney";
    "UTC"            UTC                   = "utc", "gmt";
}

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
