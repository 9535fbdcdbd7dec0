//! CHECK constraints, compared by what they name: the table's columns, the quoted words and
//! the numbers they allow. SQLite keeps a CHECK only in the text of its `CREATE TABLE` (where
//! `ALTER TABLE … ADD COLUMN` also writes it); PostgreSQL rewrites it in its own form
//! (`status = ANY (ARRAY['active'::text, …])` for `status IN ('active', …)`), so the two texts
//! differ while what they allow is the same: a word missing on one side is what shows.

use std::collections::BTreeSet;

/// What one CHECK names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Check {
    pub columns: BTreeSet<String>,
    pub words: BTreeSet<String>,
    pub numbers: BTreeSet<String>,
}

/// `sql` without its `--` comments (outside quoted text).
fn without_comments(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        } else if !quoted && c == '-' && chars.peek() == Some(&'-') {
            for skipped in chars.by_ref() {
                if skipped == '\n' {
                    out.push('\n');
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The bodies of the CHECKs of a SQLite `CREATE TABLE` text, between their parentheses.
pub fn sqlite_checks(sql: &str) -> Vec<String> {
    let sql = without_comments(sql);
    let upper = sql.to_ascii_uppercase();
    let bytes = sql.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = upper[from..].find("CHECK") {
        let at = from + i;
        from = at + 5;
        let before = at.checked_sub(1).map(|b| bytes[b]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let rest = sql[from..].trim_start();
        if !rest.starts_with('(') {
            continue;
        }
        let (mut depth, mut quoted) = (0usize, false);
        for (j, c) in rest.char_indices() {
            match c {
                '\'' => quoted = !quoted,
                '(' if !quoted => depth += 1,
                ')' if !quoted => {
                    depth -= 1;
                    if depth == 0 {
                        found.push(rest[1..j].to_owned());
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// What a CHECK's text names, among `columns` for identifiers (a type after `::` is not one).
pub fn check_of(text: &str, columns: &BTreeSet<String>) -> Check {
    let mut check = Check {
        columns: BTreeSet::new(),
        words: BTreeSet::new(),
        numbers: BTreeSet::new(),
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            let end = chars[i + 1..]
                .iter()
                .position(|&q| q == '\'')
                .map_or(chars.len(), |p| i + 1 + p);
            check.words.insert(chars[i + 1..end].iter().collect());
            i = end + 1;
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '"' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || "_\"".contains(chars[i]))
            {
                i += 1;
            }
            let token: String = chars[start..i].iter().filter(|&&c| c != '"').collect();
            let cast = start >= 2 && chars[start - 2] == ':' && chars[start - 1] == ':';
            if token.chars().all(|d| d.is_ascii_digit()) {
                check.numbers.insert(token);
            } else if !cast && columns.contains(&token) {
                check.columns.insert(token);
            }
        } else {
            i += 1;
        }
    }
    check
}

#[cfg(test)]
mod tests {
    use super::{check_of, sqlite_checks};
    use std::collections::BTreeSet;

    #[test]
    fn the_two_forms_of_one_check_name_the_same() {
        let columns: BTreeSet<String> = ["status", "text", "relay"].map(String::from).into();
        let sql = "CREATE TABLE t (\n text TEXT, -- a (comment) with 'quotes' CHECK (x)\n \
                   status TEXT CHECK (status IN ('a', 'b')), relay INTEGER CHECK (relay IN (0, 1)))";
        let bodies = sqlite_checks(sql);
        assert_eq!(bodies, ["status IN ('a', 'b')", "relay IN (0, 1)"]);
        let pg = "CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))";
        assert_eq!(check_of(&bodies[0], &columns), check_of(pg, &columns));
        let pg = "CHECK ((relay = ANY (ARRAY[(0)::bigint, (1)::bigint])))";
        assert_eq!(check_of(&bodies[1], &columns), check_of(pg, &columns));
        let narrower = "CHECK ((status = ANY (ARRAY['a'::text])))";
        assert_ne!(check_of(&bodies[0], &columns), check_of(narrower, &columns));
    }
}
