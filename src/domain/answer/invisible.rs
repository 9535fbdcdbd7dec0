//! Characters that show nothing, and the ones that reorder what is around them.
//!
//! An answer made only of invisible characters (two HANGUL FILLER U+3164, a zero-width space,
//! a soft hyphen…) says nothing and is refused like an empty one. Bidirectional controls
//! (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are removed before an answer is kept:
//! shown to the other side or in a recap, they could make a text read differently from what was
//! written. This module only classifies characters; it decides nothing about answers.

/// A bidirectional formatting control: embeddings, overrides, isolates and marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// A character removed from every answer before it is checked and kept: controls other than
/// the line break, zero-width characters, invisible operators and the bidirectional controls.
pub(super) fn is_removed(c: char) -> bool {
    (c.is_control() && c != '\n')
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}'
        )
}

/// A character that shows nothing on its own: white space, a control, a format character
/// (Unicode category Cf), a filler letter (HANGUL FILLER and its kin, BRAILLE PATTERN BLANK) or
/// a variation selector.
pub(super) fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            // Format characters (Cf).
            '\u{00AD}'
                | '\u{0600}'..='\u{0605}'
                | '\u{061C}'
                | '\u{06DD}'
                | '\u{070F}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08E2}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{110BD}'
                | '\u{110CD}'
                | '\u{13430}'..='\u{1343F}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0001}'
                | '\u{E0020}'..='\u{E007F}'
                // Letters and marks that show nothing.
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180D}'
                | '\u{180F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FFA0}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// Whether `text` shows at least one character.
pub(super) fn shows_something(text: &str) -> bool {
    text.chars().any(|c| !is_invisible(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_show_nothing() {
        for text in [
            "\u{3164}\u{3164}",
            "\u{200B}",
            "\u{2060}\u{FEFF}",
            "\u{00AD}",
            "\u{2800} \u{115F}\u{1160}\u{FFA0}",
            "\u{202E}\u{2066}\u{061C}",
            "\u{FE0F}\u{034F}\u{E0020}",
            "\u{3000}\u{2003}\u{00A0}\u{202F}",
        ] {
            assert!(!shows_something(text), "{text:?}");
        }
        for text in ["a", "é", "😀", "١", "漢", "-", "\u{3164}x"] {
            assert!(shows_something(text), "{text:?}");
        }
    }

    #[test]
    fn bidi_controls_are_removed_the_rest_kept() {
        for c in [
            '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            assert!(is_bidi_control(c) && is_removed(c), "{c:?}");
        }
        for c in ['a', '\n', ' ', 'é', '\u{00AD}', '\u{3164}'] {
            assert!(!is_bidi_control(c) && !is_removed(c), "{c:?}");
        }
    }
}
