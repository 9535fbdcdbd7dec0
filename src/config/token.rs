//! The bot token: from `DISCORD_TOKEN`, else the file `token_file` names, read strictly (one
//! line, no control characters, not empty, readable by its owner only). Never printed or
//! logged: its `Debug` hides it.

use super::{Config, Problem};

impl Config {
    /// The bot token: `DISCORD_TOKEN`, else the file named by `token_file`. Never logged.
    ///
    /// A token file is read strictly: one line (a final line break is fine), not empty, no
    /// control characters, readable by its owner only. Every refusal names `token_file`.
    pub fn token(&self) -> Result<Token, Problem> {
        if let Ok(t) = std::env::var("DISCORD_TOKEN") {
            if !t.trim().is_empty() {
                return Ok(Token(t.trim().to_owned()));
            }
        }
        let path = self.token_file.as_ref().ok_or_else(|| Problem {
            key: "DISCORD_TOKEN".into(),
            line: None,
            column: None,
            id: "config-no-token",
            args: Vec::new(),
        })?;
        let refuse = |id: &'static str, detail: Option<String>| {
            let mut args = vec![("path", path.display().to_string())];
            args.extend(detail.map(|d| ("detail", d)));
            Problem {
                key: "token_file".into(),
                line: None,
                column: None,
                id,
                args,
            }
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(meta) = std::fs::metadata(path) {
                if meta.permissions().mode() & 0o077 != 0 {
                    return Err(refuse("config-token-file-open", None));
                }
            }
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| refuse("config-token-file-unreadable", Some(e.kind().to_string())))?;
        read_token(&text).map_err(|id| refuse(id, None))
    }
}

/// The token in a token file's text, or the message saying what is wrong with it.
fn read_token(text: &str) -> Result<Token, &'static str> {
    let line = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text);
    if line.contains('\n') {
        return Err("config-token-file-lines");
    }
    if line.chars().any(char::is_control) {
        return Err("config-token-file-control");
    }
    let token = line.trim();
    if token.is_empty() {
        return Err("config-token-file-empty");
    }
    Ok(Token(token.to_owned()))
}

/// The bot token. Its `Debug` does not show it.
#[derive(Clone)]
pub struct Token(pub(super) String);

impl Token {
    /// Wraps a token obtained elsewhere (tests, a secret manager).
    pub fn new(token: impl Into<String>) -> Self {
        Token(token.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<hidden>)")
    }
}
