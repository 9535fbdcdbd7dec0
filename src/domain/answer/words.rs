//! The words the own-words check knows, in French and English, and how texts are compared:
//! fillers that say nothing on their own, the short answers that fully answer an "anything
//! else?" question, the little words that carry no content, and links.
//!
//! Everything is compared folded: lower case, accents removed, punctuation dropped.

/// Answers that say nothing on their own, in both languages. `bot.toml` can add more
/// (`own_words.fillers`); it cannot remove these.
pub const DEFAULT_FILLERS: &[&str] = &[
    // both
    "ok",
    "okay",
    "ok ok",
    "kk",
    "k",
    "test",
    "?",
    "...",
    "-",
    "x",
    "xx",
    "xxx",
    "n/a",
    "na",
    "tbd",
    "todo",
    // French
    "oui",
    "ouais",
    "non",
    "nan",
    "d'accord",
    "daccord",
    "dac",
    "ras",
    "rien",
    "aucun",
    "aucune",
    "neant",
    "idem",
    "pareil",
    "voila",
    "bien",
    "tres bien",
    "super",
    "merci",
    "ok merci",
    "bof",
    "peut-etre",
    "je ne sais pas",
    "je sais pas",
    "sais pas",
    "jsp",
    "aucune idee",
    "pas d'idee",
    "on verra",
    "a voir",
    "a definir",
    "plus tard",
    "pas encore",
    "comme d'habitude",
    "pas grand chose",
    // English
    "yes",
    "yep",
    "yeah",
    "sure",
    "no",
    "nope",
    "nah",
    "none",
    "nothing",
    "same",
    "good",
    "fine",
    "great",
    "thanks",
    "thank you",
    "ok thanks",
    "maybe",
    "idk",
    "i don't know",
    "dont know",
    "no idea",
    "not sure",
    "whatever",
    "we'll see",
    "later",
    "not yet",
    "as usual",
    "not much",
];

/// Words that say "no", "nothing": an answer to an "anything else?" question made only of
/// these and of [`NOTHING_MORE_SUPPORT`] is a whole answer ("non merci", "rien pour l'instant",
/// "no questions", "RAS").
const NOTHING_MORE_CORE: &[&str] = &[
    "non", "nan", "rien", "ras", "aucun", "aucune", "neant", "pas", "no", "nope", "nah", "none",
    "nothing", "not", "na",
];

/// Words that may go with a "no" without adding content.
const NOTHING_MORE_SUPPORT: &[&str] = &[
    // French
    "merci",
    "pour",
    "l",
    "le",
    "la",
    "les",
    "instant",
    "moment",
    "maintenant",
    "encore",
    "de",
    "d",
    "du",
    "des",
    "question",
    "questions",
    "besoin",
    "besoins",
    "autre",
    "autres",
    "chose",
    "plus",
    "particulier",
    "tout",
    "est",
    "c",
    "clair",
    "a",
    "signaler",
    "ajouter",
    "je",
    "j",
    "n",
    "ai",
    "en",
    "vois",
    "ca",
    "va",
    "ok",
    "oui",
    // English
    "thanks",
    "thank",
    "you",
    "for",
    "now",
    "the",
    "yet",
    "else",
    "more",
    "other",
    "all",
    "clear",
    "that",
    "s",
    "it",
    "is",
    "to",
    "add",
    "report",
    "i",
    "have",
    "don",
    "t",
    "see",
    "any",
    "at",
    "so",
    "far",
    "need",
    "needs",
    "thing",
    "things",
    "fine",
];

/// Little words that carry no content of their own, in both languages.
const STOP_WORDS: &[&str] = &[
    // French
    "a", "au", "aux", "avec", "c", "ca", "ce", "ces", "cet", "cette", "d", "dans", "de", "des",
    "du", "elle", "elles", "en", "est", "et", "il", "ils", "j", "je", "l", "la", "le", "les",
    "leur", "leurs", "lui", "m", "ma", "me", "mes", "moi", "mon", "n", "ne", "nos", "notre",
    "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "quel", "quelle", "quelles", "quels",
    "qui", "quoi", "s", "sa", "se", "ses", "son", "sur", "t", "ta", "te", "tes", "ton", "tu", "un",
    "une", "vos", "votre", "vous", "y", "etre", "sont", "suis", "sera", "va", "vais",
    // English
    "an", "and", "are", "as", "at", "be", "by", "do", "for", "from", "i", "in", "is", "it", "its",
    "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "them", "they", "this",
    "those", "to", "we", "what", "which", "will", "with", "you", "your", "am", "was",
];

/// Words that, beside a link, add nothing to it ("see https://…", "le lien : https://…").
const LINK_WORDS: &[&str] = &[
    "voir", "voici", "ici", "lien", "cf", "see", "here", "link", "cliquer", "click", "document",
    "doc", "fichier", "file",
];

/// One character folded: lower case, accents removed; `None` for what separates words.
fn fold_char(c: char) -> Option<char> {
    let c = match c {
        'à' | 'â' | 'ä' | 'á' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' => 'i',
        'ô' | 'ö' | 'ó' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ç' => 'c',
        'œ' => 'o',
        c => c,
    };
    (c.is_alphanumeric() && !super::invisible::is_invisible(c)).then_some(c)
}

/// Lower case, accents folded, apostrophes removed ("d'accord" is "daccord"), other
/// punctuation made a single space: what fillers are compared on.
pub(super) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if matches!(c, '\'' | '’') {
            continue;
        }
        match fold_char(c) {
            Some(c) => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
            None => space = true,
        }
    }
    out
}

/// The words of a text, folded, apostrophes separating ("l'étape" is "l" and "etape").
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c.to_lowercase().next().and_then(fold_char).is_none())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .filter_map(fold_char)
                .collect()
        })
}

/// A word reduced so that a plural meets its singular ("étapes", "étape").
fn stem(word: &str) -> &str {
    if word.chars().count() > 3 {
        word.strip_suffix(['s', 'x']).unwrap_or(word)
    } else {
        word
    }
}

/// The words of a text that carry content, reduced by [`stem`].
pub(super) fn content_words(text: &str) -> Vec<String> {
    words(text)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stem(&w).to_owned())
        .collect()
}

/// Whether `text` answers an "anything else?" question with a plain "no" or "nothing".
pub(super) fn says_nothing_more(text: &str) -> bool {
    let words: Vec<String> = words(text).collect();
    if words == ["n", "a"] {
        return true;
    }
    let mut core = false;
    for w in &words {
        if NOTHING_MORE_CORE.contains(&w.as_str()) {
            core = true;
        } else if !NOTHING_MORE_SUPPORT.contains(&w.as_str()) {
            return false;
        }
    }
    core
}

/// Whether a token of typed text is a link.
fn is_link(token: &str) -> bool {
    let t = token
        .trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | '[' | ']' | '"' | '\'' | ','))
        .to_lowercase();
    t.starts_with("http://")
        || t.starts_with("https://")
        || t.starts_with("www.")
        || t.contains("://")
}

/// Whether a text is one or more links with nothing of the person's own beside them.
pub(super) fn is_link_only(text: &str) -> bool {
    let mut links = 0;
    let mut rest = String::new();
    for token in text.split_whitespace() {
        if is_link(token) {
            links += 1;
        } else {
            rest.push(' ');
            rest.push_str(token);
        }
    }
    links > 0
        && content_words(&rest)
            .iter()
            .all(|w| LINK_WORDS.contains(&w.as_str()))
}

/// Whether every content word of the answer is already in the question (in any language):
/// the answer adds nothing of its own ("La prochaine étape", "moyens et ressources").
pub(super) fn only_question_words(answer: &[String], questions: &[&str]) -> bool {
    if answer.is_empty() || questions.is_empty() {
        return false;
    }
    let asked: Vec<String> = questions.iter().flat_map(|q| content_words(q)).collect();
    answer.iter().all(|w| asked.contains(w))
}

/// Whether `answer` (folded) is a near copy of `reference` (folded).
pub(super) fn is_near_copy(answer: &str, reference: &str, threshold: f64) -> bool {
    if reference.is_empty() {
        return false;
    }
    if answer == reference {
        return true;
    }
    // A piece of the text, three words or more, taken word for word, is not an answer.
    if answer.split(' ').count() >= 3 && reference.contains(answer) {
        return true;
    }
    strsim::sorensen_dice(answer, reference) >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("D’accord !"), "daccord");
        assert_eq!(fold("  N/A "), "n a");
        let w: Vec<String> = words("L’étape, c'est ça").collect();
        assert_eq!(w, ["l", "etape", "c", "est", "ca"]);
        assert_eq!(content_words("La prochaine étapes"), ["prochaine", "etape"]);
    }

    #[test]
    fn nothing_more() {
        for yes in [
            "non",
            "RAS",
            "rien",
            "Non merci",
            "rien pour l’instant",
            "no",
            "N/A",
        ] {
            assert!(says_nothing_more(yes), "{yes}");
        }
        for no in ["oui", "ok", "non mais le budget", "merci"] {
            assert!(!says_nothing_more(no), "{no}");
        }
    }

    #[test]
    fn links() {
        assert!(is_link_only("https://example.org/plan"));
        assert!(is_link_only("voir <https://example.org> ici"));
        assert!(is_link_only("www.example.org"));
        assert!(!is_link_only(
            "Relire le plan https://example.org avec le bureau"
        ));
        assert!(!is_link_only("Relire le plan"));
    }
}
