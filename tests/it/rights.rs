//! Data rights and retention through the service, on a real file: the export validates
//! against `docs/export-schema.json`; erasure leaves no text of the person's in the database
//! file or its write-ahead log, keeps the advisor's other data, tells the advisor; retention
//! purges only what is past its period; each is audited without content.

use chrono::Duration;
use suivi::store::DeliveryKind;

use crate::common::*;
use suivi::i18n::Lang;

pub(crate) fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/export-schema.json"),
    )
    .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// Every byte of the database file and its WAL, as text (lossy).
fn file_text(env: &Env) -> String {
    let mut all = Vec::new();
    for suffix in ["", "-wal"] {
        let mut p = env.path.clone().into_os_string();
        p.push(suffix);
        if let Ok(bytes) = std::fs::read(&p) {
            all.extend(bytes);
        }
    }
    String::from_utf8_lossy(&all).into_owned()
}

#[tokio::test]
async fn the_export_holds_everything_and_follows_its_schema() {
    for lang in [Lang::Fr, Lang::En] {
        let (env, live) = agreed(lang, lang).await;
        let s = if lang == Lang::Fr { &FR } else { &EN };
        let doc = env
            .desk
            .export_data(BENEFICIARY, Some(BENEFICIARY))
            .await
            .unwrap();
        let v = schema();
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
        let text = doc.to_string();
        for said in [s.next_step, s.means, s.commitments, s.expectations] {
            assert!(text.contains(said), "{said} missing");
        }
        assert_eq!(doc["tasks"].as_array().unwrap().len(), 3);
        assert_eq!(doc["consents"].as_array().unwrap().len(), 1);
        // The advisor's export holds their own side, not the beneficiary's answers.
        let adv = env.desk.export_data(ADVISOR, Some(ADVISOR)).await.unwrap();
        assert!(v.iter_errors(&adv).next().is_none());
        assert_eq!(adv["advisor_supports"].as_array().unwrap().len(), 1);
        assert!(!adv.to_string().contains(s.next_step));
        // A readable summary in the person's language.
        let summary = env
            .i18n
            .msg(lang, &suivi::conversation::Desk::export_summary(&doc));
        let expected = if lang == Lang::Fr {
            "3 tâches"
        } else {
            "3 tasks"
        };
        assert!(summary.contains(expected), "{summary}");
        let audit = env
            .desk
            .store()
            .audit_lines(Some(BENEFICIARY), None)
            .await
            .unwrap();
        assert_eq!(audit[0].2, "export");
        assert!(!audit[0].4.contains(s.next_step), "no content in the audit");
        live.stop().await;
    }
}

#[tokio::test]
async fn erasure_leaves_no_text_and_tells_the_advisor() {
    // The file's bytes are read: a SQLite file whatever the suite runs on.
    let (env, live) = agreed_in(file_env().await, Lang::Fr, Lang::Fr).await;
    // Make sure the answers went through the log and into the file.
    env.desk.store().truncate_wal().await.unwrap();
    assert!(file_text(&env).contains(FR.next_step));
    let erased = env
        .desk
        .erase_data(BENEFICIARY, Some(BENEFICIARY))
        .await
        .unwrap();
    assert_eq!(erased.supports, 1);
    live.settle().await;
    let text = file_text(&env);
    for said in [
        FR.next_step,
        FR.means,
        FR.commitments,
        FR.expectations,
        FR.questions,
    ] {
        assert!(!text.contains(said), "{said} is still in the file");
    }
    for table in [
        "answers",
        "tasks",
        "agreements",
        "conversations",
        "work_sessions",
        "consent_events",
    ] {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(env.desk.store().pool())
            .await
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
    let (people,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM people WHERE id = $1")
        .bind(BENEFICIARY as i64)
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(people, 0);
    // The advisor stays, and is told the support ended, not what it held.
    let (advisor,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM people WHERE id = $1")
        .bind(ADVISOR as i64)
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(advisor, 1);
    let told = live.notifier.sent(ADVISOR, DeliveryKind::Notice);
    let last = told.last().expect("the advisor is told");
    assert!(last.text.contains("a mis fin à l’appui"), "{}", last.text);
    assert!(!last.text.contains(FR.next_step));
    let audit = env
        .desk
        .store()
        .audit_lines(Some(BENEFICIARY), None)
        .await
        .unwrap();
    assert_eq!(audit[0].2, "erase");
}

#[tokio::test]
async fn retention_purges_only_what_is_past_its_period() {
    let (env, live) = agreed(Lang::Fr, Lang::Fr).await;
    // A second, ended support of another beneficiary.
    let other = suivi::conversation::Who::new(777, "Awa");
    let (closing, _) = env
        .desk
        .between(GUILD, &advisor(Lang::Fr), &other)
        .start_closing(false)
        .await
        .unwrap();
    let _ = closing;
    env.desk
        .change_support(
            GUILD,
            &advisor(Lang::Fr),
            Some(777),
            suivi::conversation::Change::End,
        )
        .await
        .unwrap();
    // 700 days on, the active support keeps being in contact; the ended one does not.
    live.run_for(Duration::days(700)).await;
    env.desk
        .text_from(&beneficiary(Lang::Fr), "je reviens")
        .await
        .ok();
    let (supports,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM supports")
        .fetch_one(env.desk.store().pool())
        .await
        .unwrap();
    assert_eq!(supports, 2, "nothing purged before its time");
    live.run_for(Duration::days(40)).await;
    let rows: Vec<(i64,)> = sqlx::query_as("SELECT beneficiary_id FROM supports")
        .fetch_all(env.desk.store().pool())
        .await
        .unwrap();
    assert!(
        !rows.contains(&(777,)),
        "the ended support is purged: {rows:?}"
    );
    let audit = env.desk.store().audit_lines(Some(777), None).await.unwrap();
    assert!(audit.iter().any(|a| a.2 == "purge"), "{audit:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn erasure_during_a_long_read_says_so_holds_no_writer_back_and_completes_after() {
    // A reader holding an old snapshot of the file's log: SQLite's, whatever the suite runs on.
    let (env, live) = agreed_in(file_env().await, Lang::Fr, Lang::Fr).await;
    assert!(file_text(&env).contains(FR.next_step));
    // Another connection reads one snapshot, as `suivi backup` does for its whole copy.
    let url = format!("sqlite://{}", env.path.display());
    let reader = sqlx::SqlitePool::connect(&url).await.unwrap();
    let mut snapshot = reader.acquire().await.unwrap();
    sqlx::query("BEGIN").execute(&mut *snapshot).await.unwrap();
    let _: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM answers")
        .fetch_one(&mut *snapshot)
        .await
        .unwrap();
    // Meanwhile another process writes, with a busy timeout of one second.
    use std::str::FromStr;
    let writer = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::from_str(&url)
            .unwrap()
            .busy_timeout(std::time::Duration::from_secs(1)),
    )
    .await
    .unwrap();
    let writes = async {
        for i in 0..20 {
            sqlx::query(
                "INSERT INTO runtime (key, value) VALUES ('probe', $1)
                 ON CONFLICT (key) DO UPDATE SET value = $1",
            )
            .bind(i.to_string())
            .execute(&writer)
            .await
            .expect("a writer is never held back for a second");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
    };
    let (first, ()) = tokio::join!(env.desk.erase_data(BENEFICIARY, Some(BENEFICIARY)), writes);
    assert!(
        matches!(
            first,
            Err(suivi::conversation::DeskError::Store(
                suivi::store::StoreError::LogInUse
            ))
        ),
        "the erasure says the log could not be emptied: {first:?}"
    );
    sqlx::query("COMMIT").execute(&mut *snapshot).await.unwrap();
    drop(snapshot);
    reader.close().await;
    writer.close().await;
    // Asked again once the reader has finished, it completes.
    env.desk
        .erase_data(BENEFICIARY, Some(BENEFICIARY))
        .await
        .unwrap();
    live.settle().await;
    let text = file_text(&env);
    for said in [FR.next_step, FR.means, FR.commitments] {
        assert!(!text.contains(said), "{said} is still in the file");
    }
}
