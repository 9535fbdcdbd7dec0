//! The console's commands whose right depends on the role played, typed as each of its two
//! people after a whole closing.

use suivi::domain::access::{Action, Sides, CONSOLE};
use suivi::i18n::{I18n, Lang};

use super::outcome;
use crate::console::{run_console, script};

/// The line typed for a row of `CONSOLE`, and the access message it refuses with.
fn typed(row: &str) -> (&'static str, &'static str) {
    // The console's two people (`suivi::console::{ADVISOR, BENEFICIARY}`).
    let sides = Sides {
        advisor: suivi::console::ADVISOR,
        beneficiary: suivi::console::BENEFICIARY,
    };
    match row {
        "/consent" => ("/consent oui", Action::ChangeConsent(sides).refusal()),
        "/support pause" => ("/support pause", Action::ChangeSupport(sides).refusal()),
        "/reschedule" => (
            "/reschedule | toutes les 3 semaines",
            Action::ChangeSupport(sides).refusal(),
        ),
        _ => panic!("no console line for {row}"),
    }
}

#[test]
fn every_console_command_by_each_role_is_as_the_matrix_says() {
    let i18n = I18n::load().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("console.db");
    run_console(&db, "fr", &script("console-fr.txt"));
    let mut differ = Vec::new();
    for (row, cells) in CONSOLE {
        let (line, refusal) = typed(row);
        for (role, want) in ["advisor", "beneficiary"].iter().zip(cells) {
            let out = run_console(&db, "fr", &format!("/role {role}\n{line}\n/quit\n"));
            let Some(shown) = out.split(&format!("> {line}\n")).nth(1) else {
                differ.push(format!("{row} as {role}: not typed\n{out}"));
                continue;
            };
            let got = outcome(&i18n, Lang::Fr, refusal, shown.trim_start());
            if got != *want {
                differ.push(format!("{row} as {role}: {got:?}, not {want:?} — {shown}"));
            }
        }
    }
    assert!(differ.is_empty(), "{differ:#?}");
}
