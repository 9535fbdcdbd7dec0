//! Claim + acknowledge per second on PostgreSQL with 1, 2 and 4 processes, beside a bare
//! `FOR UPDATE SKIP LOCKED` loop doing the least the same job needs, in the same run.
//!
//! Each process is this bench binary started again as a worker (`SUIVI_CLAIMS_WORKER`): it
//! opens its own connections and claims batches of 64 until nothing is left, acknowledging
//! each row — through `Store::claim`/`Store::acknowledge` (suivi) or through two bare
//! statements on one native connection (baseline: a lease and a token, acknowledged under the
//! token by primary key). The parent seeds the rows, starts the workers together and measures
//! from the first claim to the last acknowledgement; each worker also times its claims and its
//! acknowledgements. Rounds alternate baseline and suivi (ABBA); the figure is the median rate
//! and the ratio baseline / suivi. The same comparison then runs on a SQLite file with one
//! process (SQLite has one writer).
//!
//!   SUIVI_BENCH_DATABASE=$(.ci/postgres) cargo bench --bench claims
//!
//! Environment: SUIVI_BENCH_DATABASE (or SUIVI_TEST_DATABASE) a server whose user may create
//! databases; SUIVI_BENCH_ROWS rows per run (default 20,000); SUIVI_BENCH_ROUNDS (default 3).

use std::process::{Command, Stdio};

use chrono::{DateTime, Duration, Utc};
use sqlx::{Connection, PgConnection, Row, SqliteConnection};
use suivi::store::{Audience, DeliveryKind, NewDelivery, Store};

const BATCH: u32 = 64;

fn t0() -> DateTime<Utc> {
    "2027-01-04T09:00:00Z".parse().expect("an instant")
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const FOR_UPDATE_SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";

/// One worker: claims and acknowledges until nothing is left; prints its first claim and last
/// acknowledgement instants (µs since the epoch) and how many rows it took.
async fn worker(url: &str, bare: bool) {
    let now = t0() + Duration::minutes(1);
    let mut done = 0u64;
    let (mut first, mut last) = (None, None);
    let epoch_us = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros())
    };
    // Time spent waiting on claims and on acknowledgements, µs: where a worker's time goes.
    let (mut claiming, mut acking) = (0u128, 0u128);
    /// The bare loop on connection `$c`: claims a batch with a lease and a token (`$token`, an SQL
    /// expression; `$lock` locks on a server), then acknowledges each row under its token by its
    /// primary key — the least exactly-once with leases needs; no audience, order, staleness or
    /// text to erase. Updates the counters above.
    macro_rules! bare_loop {
        ($c:ident, $token:expr, $lock:expr) => {
            loop {
                first.get_or_insert_with(epoch_us);
                let t = epoch_us();
                let rows: Vec<(i64, String)> = sqlx::query(&format!(
                    "UPDATE deliveries SET status = 'claimed', attempts = attempts + 1,
                       claimed_until = $3, claim_token = {}
                     WHERE id IN (SELECT id FROM deliveries WHERE status = 'planned' AND due_at <= $1
                                  ORDER BY due_at, id LIMIT $2{})
                     RETURNING id, claim_token",
                    $token, $lock
                ))
                .bind(suivi_ts(now))
                .bind(i64::from(BATCH))
                .bind(suivi_ts(now + Duration::seconds(120)))
                .fetch_all(&mut $c)
                .await
                .expect("claims")
                .iter()
                .map(|r| (r.get::<i64, _>(0), r.get::<String, _>(1)))
                .collect();
                claiming += epoch_us() - t;
                if rows.is_empty() {
                    break;
                }
                let t = epoch_us();
                for (id, token) in rows {
                    let one = sqlx::query(
                        "UPDATE deliveries SET status = 'sent', claimed_until = NULL, claim_token = NULL
                         WHERE id = $1 AND claim_token = $2",
                    )
                    .bind(id)
                    .bind(token)
                    .execute(&mut $c)
                    .await
                    .expect("acknowledges");
                    assert_eq!(one.rows_affected(), 1, "acknowledged under its token");
                    done += 1;
                }
                acking += epoch_us() - t;
                last = Some(epoch_us());
            }
        };
    }
    if bare && url.starts_with("postgres") {
        let mut c = PgConnection::connect(url).await.expect("connects");
        bare_loop!(c, "md5(random()::text)", FOR_UPDATE_SKIP_LOCKED);
    } else if bare {
        let mut c = SqliteConnection::connect(&format!("sqlite://{url}"))
            .await
            .expect("connects");
        // What every suivi connection to a file sets (the file is in WAL already).
        for pragma in ["PRAGMA busy_timeout = 5000", "PRAGMA synchronous = NORMAL"] {
            sqlx::query(pragma).execute(&mut c).await.expect("a pragma");
        }
        bare_loop!(c, "lower(hex(randomblob(8)))", "");
    } else {
        let (store, _) = Store::open(std::path::Path::new(url)).await.expect("opens");
        loop {
            first.get_or_insert_with(epoch_us);
            let t = epoch_us();
            let claimed = store
                .claim(now, Duration::seconds(120), BATCH, Audience::All)
                .await
                .expect("claims");
            claiming += epoch_us() - t;
            if claimed.is_empty() {
                break;
            }
            let t = epoch_us();
            for c in &claimed {
                assert!(store.acknowledge(c, "dm", now).await.expect("acknowledges"));
                done += 1;
            }
            acking += epoch_us() - t;
            last = Some(epoch_us());
        }
        store.close().await;
    }
    println!(
        "{} {} {done} {claiming} {acking}",
        first.unwrap_or(0),
        last.unwrap_or(0)
    );
}

fn suivi_ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

async fn seed(store: &Store, rows: usize) {
    let planned: Vec<NewDelivery> = (0..rows)
        .map(|i| NewDelivery {
            key: format!("bench:claims:{i}"),
            kind: DeliveryKind::Notice,
            recipient: 1_000_000 + i as u64,
            support: None,
            conversation: None,
            series: None,
            due: t0() + Duration::milliseconds(i as i64),
            expires: None,
            payload: "{}".to_owned(),
        })
        .collect();
    for chunk in planned.chunks(2_000) {
        store.plan(chunk, t0()).await.expect("plans");
    }
}

async fn reset(url: &str) {
    let reset = "UPDATE deliveries SET status = 'planned', attempts = 0, claimed_until = NULL,
           claim_token = NULL, route = NULL, sent_at = NULL, payload = '{}'";
    if url.starts_with("postgres") {
        let mut c = PgConnection::connect(url).await.expect("connects");
        for sql in [reset, "VACUUM ANALYZE deliveries"] {
            sqlx::query(sql).execute(&mut c).await.expect("resets");
        }
    } else {
        let mut c = SqliteConnection::connect(&format!("sqlite://{url}"))
            .await
            .expect("connects");
        for sql in [reset, "ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"] {
            sqlx::query(sql).execute(&mut c).await.expect("resets");
        }
    }
}

/// One run of `processes` workers at once.
struct Run {
    /// Rows per second from the first claim to the last acknowledgement.
    rate: f64,
    /// µs per row spent in claims and in acknowledgements (all workers together).
    claim_us: f64,
    ack_us: f64,
}

fn run(url: &str, processes: usize, bare: bool, rows: usize) -> Run {
    let exe = std::env::current_exe().expect("the bench binary");
    let children: Vec<_> = (0..processes)
        .map(|_| {
            Command::new(&exe)
                .env("SUIVI_CLAIMS_WORKER", if bare { "bare" } else { "suivi" })
                .env("SUIVI_CLAIMS_URL", url)
                .stdout(Stdio::piped())
                .spawn()
                .expect("a worker")
        })
        .collect();
    let (mut first, mut last, mut total) = (u128::MAX, 0u128, 0u64);
    let (mut claiming, mut acking) = (0u128, 0u128);
    for child in children {
        let out = child.wait_with_output().expect("the worker ends");
        assert!(out.status.success(), "a worker failed");
        let text = String::from_utf8_lossy(&out.stdout);
        let f: Vec<u128> = text
            .split_whitespace()
            .map(|w| w.parse().expect("a number"))
            .collect();
        first = first.min(f[0]);
        last = last.max(f[1]);
        total += f[2] as u64;
        claiming += f[3];
        acking += f[4];
    }
    assert_eq!(
        total as usize, rows,
        "every row claimed and acknowledged once"
    );
    Run {
        rate: total as f64 / ((last - first) as f64 / 1e6),
        claim_us: claiming as f64 / total as f64,
        ack_us: acking as f64 / total as f64,
    }
}

/// Medians over `rounds` of bare and suivi runs alternated (ABBA), printed as a table row.
fn compare(rt: &tokio::runtime::Runtime, url: &str, processes: usize, rows: usize, rounds: usize) {
    let (mut bare, mut ours) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            [true, false]
        } else {
            [false, true]
        };
        for b in order {
            rt.block_on(reset(url));
            let r = run(url, processes, b, rows);
            if b { &mut bare } else { &mut ours }.push(r);
        }
    }
    let m = |v: &[Run], f: fn(&Run) -> f64| median(v.iter().map(f).collect());
    let (b, s) = (m(&bare, |r| r.rate), m(&ours, |r| r.rate));
    println!(
        "{processes} | {b:.0} | {s:.0} | {:.2}x | {:.0} + {:.0} | {:.0} + {:.0}",
        b / s,
        m(&bare, |r| r.claim_us),
        m(&bare, |r| r.ack_us),
        m(&ours, |r| r.claim_us),
        m(&ours, |r| r.ack_us),
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    if let Ok(mode) = std::env::var("SUIVI_CLAIMS_WORKER") {
        let url = std::env::var("SUIVI_CLAIMS_URL").expect("the URL");
        rt.block_on(worker(&url, mode == "bare"));
        return;
    }
    let Some(server) = std::env::var("SUIVI_BENCH_DATABASE")
        .or_else(|_| std::env::var("SUIVI_TEST_DATABASE"))
        .ok()
        .filter(|u| !u.is_empty())
    else {
        println!("claims: no PostgreSQL server named (SUIVI_BENCH_DATABASE=$(.ci/postgres)); nothing measured");
        return;
    };
    let rows = env_num("SUIVI_BENCH_ROWS", 20_000);
    let rounds = env_num("SUIVI_BENCH_ROUNDS", 3);
    let name = format!("suivi_bench_claims_{}", std::process::id());
    let url = rt.block_on(async {
        let mut admin = PgConnection::connect(&server).await.expect("the server");
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .await
            .expect("a database");
        let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        let (store, _) = Store::open(std::path::Path::new(&url))
            .await
            .expect("migrates");
        seed(&store, rows).await;
        store.close().await;
        url
    });
    let header = "processes | bare rows/s | suivi rows/s | bare / suivi | bare µs/row claim + ack | suivi µs/row claim + ack";
    println!("claim + acknowledge, {rows} rows, batches of {BATCH}, {rounds} rounds (ABBA)");
    println!("PostgreSQL\n{header}");
    for processes in [1usize, 2, 4] {
        compare(&rt, &url, processes, rows, rounds);
    }
    // SQLite for comparison: one process (one writer on one file).
    let dir = std::env::temp_dir().join(format!("suivi-bench-claims-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let file = dir.join("claims.db");
    let file = file.to_str().expect("a UTF-8 path").to_owned();
    rt.block_on(async {
        let (store, _) = Store::open(std::path::Path::new(&file))
            .await
            .expect("opens");
        seed(&store, rows).await;
        store.close().await;
    });
    println!("SQLite (one process)\n{header}");
    compare(&rt, &file, 1, rows, rounds);
    let _ = std::fs::remove_dir_all(&dir);
    rt.block_on(async {
        if let Ok(mut admin) = PgConnection::connect(&server).await {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin)
                .await;
        }
    });
}
