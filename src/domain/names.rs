//! How a person is named in what others read: their display name when they have one, else a
//! neutral form in the reader's language ("votre bénéficiaire", "your advisor") — never an id,
//! and never a placeholder word inside a sentence of another language.

use super::prompt::{Arg, Msg, Role};

/// Names that stand for no one: the console stores its two people under their role's name,
/// and a name left empty says nothing.
const PLACEHOLDERS: &[&str] = &["advisor", "beneficiary", "conseiller", "beneficiaire"];

/// The Fluent id of the neutral form for a side.
pub fn neutral_id(role: Role) -> &'static str {
    match role {
        Role::Advisor => "person-advisor",
        Role::Beneficiary => "person-beneficiary",
    }
}

/// Whether `name` names someone (not empty, not a placeholder).
pub fn is_real(name: &str) -> bool {
    let n = name.trim();
    !n.is_empty() && !PLACEHOLDERS.contains(&n.to_lowercase().as_str())
}

/// The argument that names the person on `role`'s side: their name, or the neutral form.
pub fn person(name: Option<&str>, role: Role) -> Arg {
    match name {
        Some(n) if is_real(n) => Arg::Text(n.trim().to_owned()),
        _ => Arg::Msg(Box::new(Msg::new(neutral_id(role)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_the_neutral_form() {
        for name in [
            None,
            Some(""),
            Some("  "),
            Some("advisor"),
            Some("Beneficiary"),
        ] {
            assert!(
                matches!(person(name, Role::Beneficiary), Arg::Msg(m) if m.id == "person-beneficiary"),
                "{name:?}"
            );
        }
        assert!(matches!(person(Some("Awa"), Role::Advisor), Arg::Text(t) if t == "Awa"));
    }
}
