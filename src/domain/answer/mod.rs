//! Own-words answers: what a beneficiary types becomes an [`Answer`] once, here, or a kind
//! request to rephrase.
//!
//! The guide asks that the beneficiary express the next step, the tasks and the means *in their
//! own words*: the bot suggests no content and gently refuses an empty answer, a bare filler
//! ("ok", "nope", "N/A"), a link alone, the question's own key words given back ("La prochaine
//! étape"), an answer longer than the configured limit, or a near copy of the question or of
//! the advisor's own text. What a whole answer is depends on the question: to "Do you have
//! questions left?" a plain "non" or "RAS" is one ([`QuestionKind::AnythingElse`]). This module
//! decides that and nothing else: no I/O, no wording (errors carry a Fluent message id).

mod invisible;
mod short;
mod words;

use serde::{Deserialize, Serialize};

pub use invisible::is_bidi_control;
pub use short::{says_dont_know, says_no, says_yes};
pub use words::DEFAULT_FILLERS;
use words::{content_words, fold, is_link_only, is_near_copy, only_question_words};

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

/// What kind of question an answer replies to: it decides which short answers are whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// "In your own words, what is…": a statement is asked for. Fillers, a bare "no", a link
    /// alone and the question's own key words are refused.
    Statement,
    /// A yes/no or "anything else?" question ("Do you have questions left?"): a short "no",
    /// "nothing", "RAS", "non merci" is a whole answer; anything longer is checked as a
    /// statement.
    AnythingElse,
}

/// The question an answer replies to, as the own-words check needs it.
#[derive(Debug, Clone, Copy)]
pub struct Question<'a> {
    pub kind: QuestionKind,
    /// The question as asked, in every language: the answer must not only give back its words.
    pub texts: &'a [&'a str],
    /// Other texts the answer must not copy (the advisor's own words).
    pub others: &'a [&'a str],
}

impl<'a> Question<'a> {
    /// A statement asked for by a question rendered as `texts`.
    pub fn statement(texts: &'a [&'a str]) -> Self {
        Question {
            kind: QuestionKind::Statement,
            texts,
            others: &[],
        }
    }
}

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
    #[error("the answer is a link alone")]
    LinkOnly,
    #[error("the answer only gives back the question's key words")]
    QuestionWords,
}

impl AnswerError {
    /// The Fluent message id shown to the person.
    pub fn message_id(&self) -> &'static str {
        match self {
            AnswerError::Empty => "answer-error-empty",
            AnswerError::Filler => "answer-error-filler",
            AnswerError::TooLong { .. } => "answer-error-too-long",
            AnswerError::NearCopy => "answer-error-near-copy",
            AnswerError::LinkOnly => "answer-error-link-only",
            AnswerError::QuestionWords => "answer-error-question-words",
        }
    }
}

/// A free-text answer that passed the own-words check. Its field is private: the only way to
/// get one from a person's text is [`Answer::parse`] or [`Answer::parse_for`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answer(String);

impl Answer {
    /// Checks `raw` as a statement asked for by the question rendered as `references` (in every
    /// language). See [`Answer::parse_for`].
    pub fn parse(
        raw: &str,
        policy: &OwnWordsPolicy,
        references: &[&str],
    ) -> Result<Self, AnswerError> {
        Self::parse_for(raw, policy, &Question::statement(references))
    }

    /// Checks `raw` against the policy and the question it answers. Surrounding white space
    /// is trimmed; inner line breaks kept.
    pub fn parse_for(
        raw: &str,
        policy: &OwnWordsPolicy,
        question: &Question<'_>,
    ) -> Result<Self, AnswerError> {
        let text = clean(raw);
        // Nothing visible (invisible fillers, format characters) is nothing said.
        if !invisible::shows_something(&text) {
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
        if folded.is_empty() {
            return Err(AnswerError::Filler);
        }
        if question.kind == QuestionKind::AnythingElse && words::says_nothing_more(&text) {
            return Ok(Answer(text));
        }
        if is_link_only(&text) {
            return Err(AnswerError::LinkOnly);
        }
        let content = content_words(&text);
        if is_filler(&text, &content, policy) {
            return Err(AnswerError::Filler);
        }
        if question
            .texts
            .iter()
            .chain(question.others)
            .any(|r| is_near_copy(&folded, &fold(r), policy.similarity))
        {
            return Err(AnswerError::NearCopy);
        }
        if only_question_words(&content, question.texts) {
            return Err(AnswerError::QuestionWords);
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

/// Tasks typed one per line (or separated by `;`): bullets and numbering are removed, blank
/// lines dropped. Each line must be a real task (no filler, not a link alone); the whole must
/// pass the own-words check.
pub fn parse_tasks(
    raw: &str,
    policy: &OwnWordsPolicy,
    question: &Question<'_>,
) -> Result<Vec<Answer>, AnswerError> {
    let question = Question {
        kind: QuestionKind::Statement,
        ..*question
    };
    let whole = Answer::parse_for(raw, policy, &question)?;
    let mut tasks = Vec::new();
    for line in whole.as_str().split(['\n', ';']) {
        let line = strip_bullet(line.trim());
        if line.is_empty() {
            continue;
        }
        if is_link_only(line) {
            return Err(AnswerError::LinkOnly);
        }
        if fold(line).is_empty() || is_filler(line, &content_words(line), policy) {
            return Err(AnswerError::Filler);
        }
        tasks.push(Answer(line.to_owned()));
    }
    if tasks.is_empty() {
        return Err(AnswerError::Empty);
    }
    Ok(tasks)
}

/// Whether an answer says nothing on its own: a filler, a plain "no", or only little words.
/// A policy without fillers (the advisor's texts) turns this check off.
fn is_filler(text: &str, content: &[String], policy: &OwnWordsPolicy) -> bool {
    if policy.fillers.is_empty() {
        return false;
    }
    let folded = fold(text);
    content.is_empty()
        || words::says_nothing_more(text)
        || policy.fillers.iter().any(|f| fold(f) == folded)
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

/// Removes controls (but line breaks), zero-width characters and bidirectional controls, so
/// that what is kept reads as it was written wherever it is shown; then trims.
fn clean(raw: &str) -> String {
    raw.chars()
        .filter(|c| !invisible::is_removed(*c))
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests;
