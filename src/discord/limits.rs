//! Discord's limits (SPEC §8), each in one place. Texts longer than a limit are split, never
//! cut silently.

/// Characters in a message's content.
pub const CONTENT: usize = 2000;
/// Buttons in one action row, and action rows in one message.
pub const BUTTONS_PER_ROW: usize = 5;
pub const ROWS: usize = 5;
/// Options in a select menu.
pub const SELECT_OPTIONS: usize = 25;
/// Characters in a button label and in a select option label.
pub const BUTTON_LABEL: usize = 80;
pub const OPTION_LABEL: usize = 100;
/// Characters in a modal title and in a text input's value.
pub const MODAL_TITLE: usize = 45;
pub const TEXT_INPUT: usize = 4000;
/// Characters in a text input's label.
pub const INPUT_LABEL: usize = 45;
/// Characters in a channel or thread name.
pub const THREAD_NAME: usize = 100;

/// Splits `text` into pieces of at most `max` characters, at paragraph breaks, then line
/// breaks, then spaces, and only as a last resort inside a word. Nothing is dropped.
pub fn split(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim_end();
    while rest.chars().count() > max {
        let cut_byte = rest.char_indices().nth(max).map_or(rest.len(), |(i, _)| i);
        let head = &rest[..cut_byte];
        let at = ["\n\n", "\n", " "]
            .iter()
            .find_map(|sep| head.rfind(sep).filter(|i| *i > 0).map(|i| (i, sep.len())))
            .unwrap_or((cut_byte, 0));
        out.push(rest[..at.0].trim_end().to_owned());
        rest = rest[at.0 + at.1..].trim_start_matches('\n');
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest.to_owned());
    }
    out
}

/// Shortens a label to `max` characters with an ellipsis (labels only: never people's answers).
pub fn label(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_every_character_and_respects_the_limit() {
        let para = "Une phrase assez longue pour remplir. ".repeat(40);
        let text = format!("{para}\n\n{para}\n{}", "x".repeat(4500));
        let parts = split(&text, CONTENT);
        assert!(parts.iter().all(|p| p.chars().count() <= CONTENT));
        let joined: String = parts.concat().split_whitespace().collect();
        let original: String = text.split_whitespace().collect();
        assert_eq!(joined, original);
        assert_eq!(split("court", CONTENT), vec!["court".to_owned()]);
    }

    #[test]
    fn labels_are_shortened_with_an_ellipsis() {
        assert_eq!(label("abcdef", 4), "abc…");
        assert_eq!(label("abc", 4), "abc");
    }
}
