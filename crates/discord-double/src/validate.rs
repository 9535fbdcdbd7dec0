//! Request-body validation against Discord's OpenAPI description, plus the limits Discord
//! enforces that the description does not (content of 2000 characters, no mentions).

use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Once, OnceLock};

/// The parsed OpenAPI document and the validators built from it (once per schema, shared by
/// every double of the process).
pub(crate) struct Spec {
    doc: Value,
    /// (method, template segments, request schema) for each operation with a JSON body.
    operations: Vec<(String, Vec<String>, Value)>,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

static SPEC: OnceLock<Option<Arc<Spec>>> = OnceLock::new();
static SKIP_NOTICE: Once = Once::new();

/// The line printed once per test process when `DISCORD_OPENAPI` is not set.
pub(crate) const SKIP_LINE: &str =
    "discord-double: DISCORD_OPENAPI is not set: request bodies are \
     NOT validated against Discord's OpenAPI schema (only Discord's limits and the mention checks \
     run). Set DISCORD_OPENAPI=path/to/openapi.json for full validation.";

/// The spec named by `DISCORD_OPENAPI`, loaded once; `None` when the variable is unset or
/// empty, with one line on standard error that validation is skipped. A set variable naming
/// a file that cannot be read or parsed is a setup error: it panics, so every test using the
/// double fails and says why, rather than passing without the validation asked for.
pub(crate) fn spec() -> Option<Arc<Spec>> {
    SPEC.get_or_init(|| match load(std::env::var_os("DISCORD_OPENAPI")) {
        Ok(Some(spec)) => Some(Arc::new(spec)),
        Ok(None) => {
            SKIP_NOTICE.call_once(|| {
                // Straight to the file descriptor: the test harness captures `eprintln!` of
                // passing tests, and this line must be seen.
                use std::io::Write;
                let _ = writeln!(std::io::stderr(), "{SKIP_LINE}");
            });
            None
        }
        Err(e) => panic!("{e}"),
    })
    .clone()
}

/// Reads the spec named by the variable's value: `Ok(None)` when there is none to read.
fn load(var: Option<std::ffi::OsString>) -> Result<Option<Spec>, String> {
    let Some(path) = var.filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    // A relative path is read from where cargo was run (the workspace root, as the README
    // says); cargo runs this crate's tests from its own folder, two levels down.
    let path = std::path::PathBuf::from(path);
    let from_root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(&path);
    let path = if path.is_relative() && !path.exists() && from_root.exists() {
        from_root
    } else {
        path
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "discord-double: DISCORD_OPENAPI is set but {path:?} cannot be read ({e}). Point it \
             at Discord's openapi.json, or unset it to run without schema validation."
        )
    })?;
    let doc: Value = serde_json::from_str(&text)
        .map_err(|e| format!("discord-double: DISCORD_OPENAPI={path:?} is not JSON: {e}"))?;
    Ok(Some(Spec::new(doc)))
}

impl Spec {
    fn new(doc: Value) -> Spec {
        let mut operations = Vec::new();
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            for (template, item) in paths {
                let Some(item) = item.as_object() else {
                    continue;
                };
                for (method, op) in item {
                    let schema = op
                        .pointer("/requestBody/content/application~1json/schema")
                        .cloned();
                    if let Some(schema) = schema {
                        let segs = template
                            .trim_start_matches('/')
                            .split('/')
                            .map(str::to_string)
                            .collect();
                        operations.push((method.to_ascii_uppercase(), segs, schema));
                    }
                }
            }
        }
        Spec {
            doc,
            operations,
            validators: Mutex::new(HashMap::new()),
        }
    }

    /// The request schema of the operation matching `method` and `path` (after `/api/v10`),
    /// with the template it matched. Literal segments win over `{parameters}`.
    pub(crate) fn request_schema(&self, method: &str, path: &str) -> Option<(String, Value)> {
        let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut best: Option<(usize, &Vec<String>, &Value)> = None;
        for (m, tsegs, schema) in &self.operations {
            if m != method || tsegs.len() != segs.len() {
                continue;
            }
            let mut literal = 0;
            let ok = tsegs.iter().zip(&segs).all(|(t, s)| {
                if t.starts_with('{') {
                    true
                } else if t == s {
                    literal += 1;
                    true
                } else {
                    false
                }
            });
            if ok && best.is_none_or(|(l, _, _)| literal > l) {
                best = Some((literal, tsegs, schema));
            }
        }
        best.map(|(_, t, s)| (format!("/{}", t.join("/")), s.clone()))
    }

    /// Validates `instance` against `schema` (a schema object that may `$ref` into the
    /// document); returns one line per error.
    pub(crate) fn validate(&self, key: &str, schema: &Value, instance: &Value) -> Vec<String> {
        let validator = {
            let cached = self.validators.lock().unwrap().get(key).cloned();
            match cached {
                Some(v) => v,
                None => {
                    let mut root = self.doc.clone();
                    if let (Some(obj), Some(s)) = (root.as_object_mut(), schema.as_object()) {
                        for (k, v) in s {
                            obj.insert(k.clone(), v.clone());
                        }
                    }
                    match jsonschema::draft202012::new(&root) {
                        Ok(v) => {
                            let v = Arc::new(v);
                            self.validators
                                .lock()
                                .unwrap()
                                .insert(key.to_string(), v.clone());
                            v
                        }
                        Err(e) => return vec![format!("cannot build validator for {key}: {e}")],
                    }
                }
            }
        };
        validator
            .iter_errors(instance)
            .map(|e| {
                let mut msg = e.to_string();
                if msg.len() > 300 {
                    let mut cut = 300;
                    while !msg.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    msg.truncate(cut);
                    msg.push('…');
                }
                format!("at {:?}: {msg}", e.instance_path.to_string())
            })
            .collect()
    }

    /// Validates against `#/components/schemas/{name}`.
    pub(crate) fn validate_named(&self, name: &str, instance: &Value) -> Vec<String> {
        let schema = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
        self.validate(name, &schema, instance)
    }
}

/// Discord's limits on a message body that the OpenAPI description does not carry, and the
/// project's rule that the bot never allows mentions. `is_create`: the body creates a message
/// (so `allowed_mentions` is required even without `content`).
pub(crate) fn message_checks(ctx: &str, body: &Value, is_create: bool) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(content) = body.get("content").and_then(Value::as_str) {
        let n = content.chars().count();
        if n > 2000 {
            out.push(format!(
                "limit: {ctx}: content has {n} characters (Discord allows 2000)"
            ));
        }
    }
    if let Some(embeds) = body.get("embeds").and_then(Value::as_array) {
        if embeds.len() > 10 {
            out.push(format!(
                "limit: {ctx}: {} embeds (Discord allows 10)",
                embeds.len()
            ));
        }
        let total: usize = embeds.iter().map(embed_chars).sum();
        if total > 6000 {
            out.push(format!(
                "limit: {ctx}: embeds total {total} characters (Discord allows 6000)"
            ));
        }
    }
    let has_content = body
        .get("content")
        .and_then(Value::as_str)
        .is_some_and(|c| !c.is_empty());
    if is_create || has_content {
        let am = body.get("allowed_mentions");
        let parse_empty = am
            .and_then(|a| a.get("parse"))
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty);
        let lists_empty = ["users", "roles"].iter().all(|k| {
            am.and_then(|a| a.get(*k))
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty)
        });
        if !(parse_empty && lists_empty) {
            out.push(format!(
                "allowed_mentions: {ctx}: body must carry allowed_mentions {{\"parse\":[]}} \
                 (no users/roles) so no mention is ever honoured; got {}",
                am.map_or_else(|| "none".to_string(), Value::to_string)
            ));
        }
    }
    out
}

fn embed_chars(e: &Value) -> usize {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map_or(0, |s| s.chars().count());
    let mut n = s(e.get("title"))
        + s(e.get("description"))
        + s(e.pointer("/footer/text"))
        + s(e.pointer("/author/name"));
    if let Some(fields) = e.get("fields").and_then(Value::as_array) {
        n += fields
            .iter()
            .map(|f| s(f.get("name")) + s(f.get("value")))
            .sum::<usize>();
    }
    n
}

#[cfg(test)]
mod load_tests {
    use super::*;

    #[test]
    fn unset_or_empty_means_no_validation() {
        assert!(matches!(load(None), Ok(None)));
        assert!(matches!(load(Some("".into())), Ok(None)));
    }

    #[test]
    fn set_but_unreadable_is_an_error_naming_the_file() {
        let Err(e) = load(Some("/nonexistent/openapi.json".into())) else {
            panic!("a missing file must not pass");
        };
        assert!(e.contains("/nonexistent/openapi.json"), "{e}");
        assert!(e.contains("cannot be read"), "{e}");
        let dir = std::env::temp_dir().join(format!("double-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let bad = dir.join("openapi.json");
        std::fs::write(&bad, "not json").unwrap();
        let Err(e) = load(Some(bad.clone().into())) else {
            panic!("a file that is not JSON must not pass");
        };
        assert!(e.contains("is not JSON"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_readable_spec_is_loaded() {
        let dir = std::env::temp_dir().join(format!("double-ok-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let good = dir.join("openapi.json");
        std::fs::write(&good, r#"{"paths": {}}"#).unwrap();
        assert!(matches!(load(Some(good.into())), Ok(Some(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
