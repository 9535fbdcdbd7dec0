//! The console's commands fed generated input — durations, dates, rhythms, zones, numbers,
//! free text and random bytes — in process, over a real database and a clock the console
//! moves. No input may end the console but `/quit` and the end of the script: every run says
//! goodbye, and every line that is not UTF-8 is refused by its number.

use std::sync::Arc;

use proptest::prelude::*;
use suivi::clock::ManualClock;
use suivi::i18n::Lang;

use crate::common::{desk_on, start};

fn wait() -> impl Strategy<Value = String> {
    let unit = prop::sample::select(vec![
        "", "m", "min", "h", "d", "j", "w", "s", "sem", " jours", " weeks", "y", "ms",
    ]);
    prop_oneof![
        (any::<u64>(), unit.clone()).prop_map(|(n, u)| format!("/wait {n}{u}")),
        (0u64..1000, unit.clone()).prop_map(|(n, u)| format!("/wait {n}{u}")),
        ("[0-9]{15,40}", unit).prop_map(|(n, u)| format!("/attendre {n}{u}")),
        "\\PC{0,20}".prop_map(|s| format!("/wait {s}")),
        (any::<i64>()).prop_map(|n| format!("/wait {n}h")),
    ]
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "9999-12-31 23:59",
            "+10000-01-01 10:00",
            "0000-01-01 00:00",
            "-0001-01-01 00:00",
            "262143-12-31 23:59",
            "2026-02-30 10:00",
            "mardi 10h",
            "demain 25h",
            "31/12/9999 23h59",
            "le 4294967296 décembre à 10h",
            "dans 99999999999 jours",
            "next tuesday 13pm",
            "",
        ])
        .prop_map(str::to_owned),
        (any::<i32>(), any::<u32>(), any::<u32>(), any::<u32>())
            .prop_map(|(y, m, d, h)| format!("{y}-{m}-{d} {h}:00")),
        (any::<u32>(), any::<u32>()).prop_map(|(d, h)| format!("{d} décembre {h}h")),
    ]
}

fn rhythm() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "every -3 weeks",
            "tous les -3 mois",
            "toutes les 2 semaines",
            "every 99999999999 days",
            "le 5e mardi du mois",
            "every month for 4294967296 sessions",
            "jusqu'au 31/12/9999",
            "every week until 9999-12-31",
            "",
        ])
        .prop_map(str::to_owned),
        (
            any::<i64>(),
            prop::sample::select(vec!["days", "weeks", "mois", "semaines"])
        )
            .prop_map(|(n, u)| format!("every {n} {u}")),
    ]
}

fn line() -> impl Strategy<Value = Vec<u8>> {
    let zones = prop::sample::select(vec![
        "Europe/Paris",
        "Pacific/Kiritimati",
        "Etc/GMT-14",
        "Etc/GMT+12",
        "UTC",
        "Mars/Olympus",
        "../../etc/passwd",
        "",
    ]);
    let commands = prop::sample::select(vec![
        "/open",
        "/close",
        "/close again synthesis",
        "/back",
        "/skip",
        "/pause",
        "/resume",
        "/show",
        "/plan",
        "/digest",
        "/role",
        "/support pause",
        "/support resume",
        "/consent oui",
        "/consent no",
        "/confirm",
        "/help",
        "/unknown",
    ]);
    prop_oneof![
        wait().prop_map(String::into_bytes),
        (date(), rhythm()).prop_map(|(d, r)| format!("/reschedule {d} | {r}").into_bytes()),
        zones.prop_map(|z| format!("/timezone {z}").into_bytes()),
        any::<i64>().prop_map(|n| n.to_string().into_bytes()),
        "[0-9 ,]{0,30}".prop_map(String::into_bytes),
        commands.prop_map(|c| c.as_bytes().to_vec()),
        "\\PC{0,80}"
            .prop_filter("no file written", |t| !t.starts_with("/ics"))
            .prop_map(String::into_bytes),
        "[*_`|#>@<\\[\\]()\u{202E}\u{3164}\u{200B} a-z-]{0,40}".prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..48),
    ]
}

/// The numbers of the lines of `script` that are not UTF-8 (from 1).
fn not_utf8(script: &[u8]) -> Vec<usize> {
    script
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, l)| std::str::from_utf8(l).is_err())
        .map(|(i, _)| i + 1)
        .collect()
}

/// `/quit`, `/exit`, `/q` or `/ics`, as the console reads a line.
fn quits_or_writes(line: &[u8]) -> bool {
    let line = String::from_utf8_lossy(line).trim().to_lowercase();
    let name = line.split(' ').next().unwrap_or_default();
    ["/quit", "/exit", "/q", "/ics"].contains(&name)
}

#[test]
fn the_console_survives_any_script() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("fuzz.db");
    let clock = Arc::new(ManualClock::new(start()));
    let desk = rt.block_on(async { Arc::new(desk_on(&path, clock).await.0) });
    let config = ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(lines in prop::collection::vec(line(), 1..8), english in any::<bool>())| {
        let script: Vec<u8> = lines.join(&b'\n');
        // The end of the script must end the console by itself; no file is written.
        prop_assume!(!script.split(|b| *b == b'\n').any(quits_or_writes));
        let lang = if english { Lang::En } else { Lang::Fr };
        let mut out = Vec::new();
        rt.block_on(suivi::console::run(desk.clone(), &script[..], &mut out, lang, false))
            .expect("the console ends without an error");
        let out = String::from_utf8(out).expect("the console writes UTF-8");
        let bye = if english { "Bye. Everything is saved." } else { "Au revoir. Tout est enregistré." };
        prop_assert!(out.trim_end().ends_with(bye), "{}", out);
        for n in not_utf8(&script) {
            let said = if english {
                format!("Line {n} is not UTF-8 text")
            } else {
                format!("La ligne {n} n’est pas du texte UTF-8")
            };
            prop_assert!(out.contains(&said), "line {} of {:?}:\n{}", n, script, out);
        }
    });
}
