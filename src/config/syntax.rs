//! A TOML syntax error in the operator's language: the parser's message (English, and written
//! for TOML's authors) is read once here into the kind of mistake, which the Fluent message
//! `config-syntax` says in words with how to fix it. The line and column come from the parser's
//! span; nothing of its English reaches the operator.

/// The kind of mistake behind a parser message: a `$kind` variant of `config-syntax`.
pub(super) fn kind(message: &str) -> &'static str {
    let m = message.to_ascii_lowercase();
    let has = |s: &str| m.contains(s);
    if has("duplicate key") {
        "duplicate"
    } else if has("dotted key") {
        "dotted"
    } else if has("out of range") {
        "range"
    } else if has("invalid string") {
        // A value that is neither a number nor in quotes: `language = fr`.
        "unquoted"
    } else if has("string") {
        "string"
    } else if has("table header") {
        "header"
    } else if has("inline table") {
        "inline-table"
    } else if has("invalid array") {
        "array"
    } else if has("date-time") || has("invalid time") || has("time offset") {
        "date"
    } else if has("integer") || has("floating-point") || has("digit") {
        "number"
    } else if has("invalid key") || has("`=`") {
        "key-value"
    } else if has("newline") || has("`#`") {
        "line-end"
    } else {
        "other"
    }
}

/// The line of a byte offset, from 1.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

/// The column of a byte offset, in characters from 1.
pub(super) fn column_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before[line_start..].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::kind;

    #[test]
    fn each_parser_message_reads_as_a_kind() {
        for (text, expected) in [
            ("language = \"en\"\nlanguage = \"fr\"\n", "duplicate"),
            ("language = fr\n", "unquoted"),
            ("timezone = \"Europe/Paris\nx = 1\n", "string"),
            ("[digest\nday = \"monday\"\n", "header"),
            ("[reminders]\nlead_times = [\"24h\" \"1h\"]\n", "array"),
            ("[nudges]\nmax = 1_\n", "number"),
            ("language\n", "key-value"),
            ("language = \"fr\" x\n", "line-end"),
        ] {
            let e = toml_edit::ImDocument::parse(text.to_owned())
                .err()
                .map(|e| e.message().to_owned())
                .unwrap_or_default();
            assert_eq!(kind(&e), expected, "{text:?}: {e}");
        }
    }
}
