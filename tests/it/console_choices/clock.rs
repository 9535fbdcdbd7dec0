//! The console's clock (issue 14 item 3, its console part): moved by `/wait`, kept with its
//! database across `/quit` and a new start, shown by `/now`; every delivery is shown with the
//! instant it arrives at on that clock.

use chrono::{Datelike, Duration, Utc};

use crate::console::run_console;

async fn stored_shift(db: &std::path::Path) -> Option<String> {
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(db))
            .await
            .expect("the console's database");
    sqlx::query_as::<_, (String,)>("SELECT value FROM runtime WHERE key = $1")
        .bind("console_clock_shift_ms")
        .fetch_optional(&pool)
        .await
        .expect("the runtime table")
        .map(|(v,)| v)
}

#[tokio::test]
async fn the_moved_clock_survives_quit_and_restart_and_now_shows_it() {
    for (lang, real, moved, months) in [
        (
            "fr",
            "l’heure réelle",
            "avancée de 3\u{202f}j 0\u{202f}h 0\u{202f}min par /wait",
            crate::common::MONTHS_FR,
        ),
        (
            "en",
            "the real time",
            "moved ahead by 3 d 0 h 0 min with /wait",
            crate::common::MONTHS_EN,
        ),
    ] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("console.db");
        let out = run_console(&db, lang, "/now\n/wait 3d\n/quit\n");
        assert!(out.contains(real), "{out}");
        // Three days, less the real time the wait itself took.
        let shift: i64 = stored_shift(&db)
            .await
            .and_then(|v| v.parse().ok())
            .expect("the shift is stored");
        assert!(
            (259_200_000 - 60_000..=259_200_000).contains(&shift),
            "{shift}"
        );
        // A new start goes on three days ahead, says so at once, and `/now` too.
        let later = (Utc::now() + Duration::days(3)).with_timezone(&chrono_tz::Europe::Paris);
        let out = run_console(&db, lang, "/now\n/quit\n");
        assert_eq!(out.matches(moved).count(), 2, "{out}");
        let month = months[later.month0() as usize];
        let date = match lang {
            "fr" => format!("{} {month} {}", later.day(), later.year()),
            _ => format!("{month} {}, {}", later.day(), later.year()),
        };
        let date_1er = format!("1er {month} {}", later.year());
        assert!(
            out.contains(&date) || (later.day() == 1 && out.contains(&date_1er)),
            "{date} not in {out}"
        );
    }
}

#[tokio::test]
async fn each_delivery_is_stamped_on_the_console_clock_and_the_advisors_are_labelled() {
    for (lang, months, advisor_side, told) in [
        (
            "fr",
            crate::common::MONTHS_FR,
            "(côté chargé·e de mission)",
            "Votre bénéficiaire a exprimé ses attentes",
        ),
        (
            "en",
            crate::common::MONTHS_EN,
            "(for the advisor)",
            "has stated their expectations",
        ),
    ] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let db = dir.path().join("console.db");
        // The clock moved three days ahead first: what is sent next is stamped then.
        let out = run_console(
            &db,
            lang,
            "/wait 3d\n/open\nComprendre comment monter un partenariat avec une commune\n/quit\n",
        );
        let later = (Utc::now() + Duration::days(3)).with_timezone(&chrono_tz::Europe::Paris);
        let month = months[later.month0() as usize];
        let day = match (lang, later.day()) {
            ("fr", 1) => "1er".to_owned(),
            (_, d) => d.to_string(),
        };
        let date = match lang {
            "fr" => format!("{day} {month} {}", later.year()),
            _ => format!("{month} {day}, {}", later.year()),
        };
        let stamp = out
            .lines()
            .find(|l| l.starts_with("— ") && l.ends_with(" —"))
            .unwrap_or_else(|| panic!("no stamp in {out}"));
        assert!(stamp.contains(&date), "{date} not in {stamp}");
        // The message to the advisor comes under its label.
        let label = out.find(advisor_side).unwrap_or_else(|| panic!("{out}"));
        let message = out.rfind(told).unwrap_or_else(|| panic!("{out}"));
        assert!(label < message, "{out}");
    }
}
