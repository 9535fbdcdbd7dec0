//! People's text, shown on Discord as they typed it: never as formatting.
//!
//! An answer is placed into messages the other side reads (the advisor's DMs, recaps,
//! digests, blocker alerts). Discord would read `**bold**`, `` `code` ``, `||spoilers||`,
//! masked links `[x](https://…)`, `# headings`, `> quotes`, `-# subtext`, lists, mentions
//! `<@123>` and `@everyone` in it as markdown; here each such character is escaped with a
//! backslash, which Discord shows as the character itself. Only people's text goes through
//! this (see [`crate::i18n::I18n::msg_with`]); our own messages keep their formatting.
//! Bidirectional controls are removed here too, whatever text they came in (names included).

use crate::domain::answer::is_bidi_control;

/// Characters that open or close formatting anywhere in a line.
const INLINE: &[char] = &['\\', '*', '~', '`', '|', '[', ']', '<', '>', '#', '@', '_'];

/// `text` with Discord's markdown escaped and bidirectional controls removed.
pub fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !is_bidi_control(*c)).collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut line_start = true;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            out.push(c);
            line_start = true;
            continue;
        }
        if line_start && c.is_whitespace() {
            out.push(c);
            continue;
        }
        let escaped = match c {
            // An underscore inside a word ("not_sure", "snake_case") formats nothing, and
            // stays as is so the text reads the same in the raw message.
            '_' => {
                let alnum = |j: Option<usize>| {
                    j.and_then(|j| chars.get(j))
                        .is_some_and(|c| c.is_alphanumeric())
                };
                !(alnum(i.checked_sub(1)) && alnum(Some(i + 1)))
            }
            // Lists and subtext ("- x", "+ x", "-# x") only at the start of a line.
            '-' | '+' => line_start,
            // "1. x" is a numbered list at the start of a line.
            '.' | ')' => numbered_item(&chars[..i]),
            c => INLINE.contains(&c),
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
        line_start = false;
    }
    out
}

/// Whether `before` ends with a line start followed by digits only ("1" in "1. x").
fn numbered_item(before: &[char]) -> bool {
    let line = before
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(before, |i| &before[i + 1..]);
    let trimmed: Vec<&char> = line.iter().skip_while(|c| c.is_whitespace()).collect();
    !trimmed.is_empty() && trimmed.iter().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_escaped() {
        let cases = [
            ("**bold**", r"\*\*bold\*\*"),
            ("`code`", r"\`code\`"),
            ("```rust\nx```", "\\`\\`\\`rust\nx\\`\\`\\`"),
            ("||spoiler||", r"\|\|spoiler\|\|"),
            (
                "[click](https://example.com)",
                r"\[click\](https://example.com)",
            ),
            ("# Title", r"\# Title"),
            ("> quote", r"\> quote"),
            ("-# small", r"\-\# small"),
            ("- item\n+ item", "\\- item\n\\+ item"),
            ("1. first\n 2) second", "1\\. first\n 2\\) second"),
            (
                "<@123> <@&4> <#5> <t:0:R>",
                r"\<\@123\> \<\@&4\> \<\#5\> \<t:0:R\>",
            ),
            ("@everyone @here", r"\@everyone \@here"),
            ("~~gone~~ _it_ __u__", r"\~\~gone\~\~ \_it\_ \_\_u\_\_"),
            (r"a\b", r"a\\b"),
        ];
        for (typed, shown) in cases {
            assert_eq!(escape(typed), shown, "{typed}");
        }
    }

    #[test]
    fn plain_text_is_left_as_typed() {
        for text in [
            "Trouver un partenaire au Sénégal",
            "not_sure",
            "snake_case_name",
            "Aller-retour à 14h-15h, 3.5 jours",
            "Europe/Paris",
            "▰▰▱ 2/3",
            "l’étape 2. Ensuite",
            "",
        ] {
            assert_eq!(escape(text), text);
        }
    }

    #[test]
    fn bidi_controls_are_removed() {
        assert_eq!(
            escape("Moussa\u{202E}gnp.exe\u{202C} \u{2066}x\u{2069}\u{200F}"),
            "Moussagnp.exe x"
        );
    }
}
