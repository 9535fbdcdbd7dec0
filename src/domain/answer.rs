//! Own-words answers: what a beneficiary types becomes an [`Answer`] once, here, or a kind
//! request to rephrase.
//!
//! The guide asks that the beneficiary express the next step, the tasks and the means *in their
//! own words*: the bot suggests no content and gently refuses an empty answer, a bare filler
//! ("ok", "oui", "..."), an answer longer than the configured limit, or a near copy of the
//! question or of the advisor's own text. This module decides that and nothing else: no I/O, no
//! wording (errors carry a Fluent message id).

use serde::{Deserialize, Serialize};

/// How strict the own-words check is. Built from `bot.toml` (`[own_words]`).
#[derive(Debug, Clone, PartialEq)]
pub struct OwnWordsPolicy {
    /// Longest accepted answer, in characters (not bytes).
    pub max_chars: usize,
    /// Similarity (0.0–1.0, Sørensen–Dice over character bigrams) at or above which an answer
    /// counts as a copy of a reference text.
    pub similarity: f64,
    /// Answers that say nothing on their own, compared after folding case and punctuation.
    pub fillers: Vec<String>,
}

impl Default for OwnWordsPolicy {
    fn default() -> Self {
        OwnWordsPolicy {
            max_chars: 1500,
            similarity: 0.85,
            fillers: DEFAULT_FILLERS.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

/// The fillers used when `bot.toml` names none.
pub const DEFAULT_FILLERS: &[&str] = &[
    "ok",
    "okay",
    "oui",
    "non",
    "yes",
    "no",
    "d'accord",
    "daccord",
    "dac",
    "ras",
    "rien",
    "nothing",
    "idem",
    "pareil",
    "same",
    "voila",
    "bien",
    "good",
    "fine",
    "?",
    "test",
    "je ne sais pas",
    "jsp",
    "idk",
    "n/a",
    "na",
];

/// Why an answer was not taken. Each variant maps to a Fluent message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("the answer is empty")]
    Empty,
    #[error("the answer is a bare filler")]
    Filler,
    #[error("the answer has {len} characters, more than {max}")]
    TooLong { len: usize, max: usize },
    #[error("the answer repeats the question or the advisor's text")]
    NearCopy,
}

impl AnswerError {
    /// The Fluent message id shown to the person.
    pub fn message_id(&self) -> &'static str {
        match self {
            AnswerError::Empty => "answer-error-empty",
            AnswerError::Filler => "answer-error-filler",
            AnswerError::TooLong { .. } => "answer-error-too-long",
            AnswerError::NearCopy => "answer-error-near-copy",
        }
    }
}

/// A free-text answer that passed the own-words check. Its field is private: the only way to
/// get one from a person's text is [`Answer::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answer(String);

impl Answer {
    /// Checks `raw` against the policy and the reference texts (the question in every language,
    /// the advisor's own words). Surrounding white space is trimmed; inner line breaks kept.
    pub fn parse(
        raw: &str,
        policy: &OwnWordsPolicy,
        references: &[&str],
    ) -> Result<Self, AnswerError> {
        let text = clean(raw);
        if text.is_empty() {
            return Err(AnswerError::Empty);
        }
        let len = text.chars().count();
        if len > policy.max_chars {
            return Err(AnswerError::TooLong {
                len,
                max: policy.max_chars,
            });
        }
        let folded = fold(&text);
        if folded.is_empty() || policy.fillers.iter().any(|f| fold(f) == folded) {
            return Err(AnswerError::Filler);
        }
        if references
            .iter()
            .any(|r| is_near_copy(&folded, &fold(r), policy.similarity))
        {
            return Err(AnswerError::NearCopy);
        }
        Ok(Answer(text))
    }

    /// The answer as the person wrote it (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds an answer that was validated before and stored. Only the store calls this.
    pub fn from_stored(text: String) -> Self {
        Answer(text)
    }
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Tasks typed one per line (or separated by `;`): bullets and numbering are removed, blank lines dropped. Each line
/// must be a real task (no filler); the whole must pass the own-words check.
pub fn parse_tasks(
    raw: &str,
    policy: &OwnWordsPolicy,
    references: &[&str],
) -> Result<Vec<Answer>, AnswerError> {
    let whole = Answer::parse(raw, policy, references)?;
    let mut tasks = Vec::new();
    for line in whole.as_str().split(['\n', ';']) {
        let line = strip_bullet(line.trim());
        if line.is_empty() {
            continue;
        }
        let folded = fold(line);
        if folded.is_empty() || policy.fillers.iter().any(|f| fold(f) == folded) {
            return Err(AnswerError::Filler);
        }
        tasks.push(Answer(line.to_owned()));
    }
    if tasks.is_empty() {
        return Err(AnswerError::Empty);
    }
    Ok(tasks)
}

fn strip_bullet(line: &str) -> &str {
    let line = line
        .trim_start_matches(['-', '*', '•', '–', '·'])
        .trim_start();
    // "1." "2)" numbering
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 4 {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')')) {
            return r.trim_start();
        }
    }
    line
}

/// Removes control and zero-width characters and trims.
fn clean(raw: &str) -> String {
    raw.chars()
        .filter(|c| {
            *c == '\n'
                || !(c.is_control()
                    || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'))
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Lower case, accents folded, punctuation dropped, white space collapsed: what is compared.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'â' | 'ä' | 'á' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' => 'i',
            'ô' | 'ö' | 'ó' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'œ' => 'o',
            '\'' | '’' => continue,
            c => c,
        };
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    out
}

fn is_near_copy(answer: &str, reference: &str, threshold: f64) -> bool {
    if reference.is_empty() {
        return false;
    }
    if answer == reference {
        return true;
    }
    // A piece of the question, three words or more, taken word for word, is not an answer.
    if answer.split(' ').count() >= 3 && reference.contains(answer) {
        return true;
    }
    strsim::sorensen_dice(answer, reference) >= threshold
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> OwnWordsPolicy {
        OwnWordsPolicy::default()
    }

    #[test]
    fn own_words_are_kept_trimmed() {
        let a = Answer::parse("  Trouver un partenaire au Sénégal \n", &policy(), &[]).unwrap();
        assert_eq!(a.as_str(), "Trouver un partenaire au Sénégal");
    }

    #[test]
    fn empty_and_fillers_are_refused() {
        for raw in [
            "",
            "   ",
            "\u{200B}",
            "ok",
            "OK !",
            "Oui.",
            "yes",
            "...",
            "d’accord",
        ] {
            let err = Answer::parse(raw, &policy(), &[]).unwrap_err();
            assert!(
                matches!(err, AnswerError::Empty | AnswerError::Filler),
                "{raw:?} gave {err:?}"
            );
        }
    }

    #[test]
    fn too_long_counts_characters() {
        let raw = "é".repeat(1501);
        assert_eq!(
            Answer::parse(&raw, &policy(), &[]),
            Err(AnswerError::TooLong {
                len: 1501,
                max: 1500
            })
        );
        assert!(Answer::parse(&"é".repeat(1500), &policy(), &[]).is_ok());
    }

    #[test]
    fn near_copy_of_the_prompt_is_refused() {
        let prompt =
            "Avec vos propres mots, quelle est la prochaine étape de votre projet de coopération ?";
        let err = Answer::parse(
            "la prochaine étape de votre projet de coopération",
            &policy(),
            &[prompt],
        );
        assert_eq!(err, Err(AnswerError::NearCopy));
        assert!(Answer::parse(
            "Rencontrer la mairie de Thiès en janvier",
            &policy(),
            &[prompt]
        )
        .is_ok());
    }

    #[test]
    fn tasks_one_per_line_without_bullets() {
        let tasks = parse_tasks(
            "- écrire au partenaire\n\n2) budget prévisionnel\n• réunir le bureau",
            &policy(),
            &[],
        )
        .unwrap();
        let texts: Vec<_> = tasks.iter().map(Answer::as_str).collect();
        assert_eq!(
            texts,
            [
                "écrire au partenaire",
                "budget prévisionnel",
                "réunir le bureau"
            ]
        );
        assert_eq!(
            parse_tasks("- ok\n- budget", &policy(), &[]),
            Err(AnswerError::Filler)
        );
    }
}
