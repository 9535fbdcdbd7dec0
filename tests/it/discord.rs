//! End to end on Discord: the real serenity/poise client (suivi's own `app::Bot`) against the
//! loopback Discord of `crates/discord-double`. Every request body the bot sends is checked
//! against Discord's OpenAPI description (`DISCORD_OPENAPI`) and Discord's limits.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use discord_double::{Double, Failure, GuildSpec, SentKind, SentMessage, SlashSpec, UserSpec};
use serde_json::json;
use suivi::app::Bot;
use suivi::clock::ManualClock;
use suivi::config::Token;

use crate::common::{config, fresh_database, start};

pub const T: Duration = Duration::from_secs(20);
pub const GUILD: u64 = 7000;
pub const CHANNEL: u64 = 7001;
pub const FALLBACK: u64 = 7002;
pub const ROLE: u64 = 7100;

pub fn admin() -> UserSpec {
    UserSpec::new(8001, "Admin")
}
pub fn advisor() -> UserSpec {
    UserSpec::new(8002, "Claire")
}
pub fn beneficiary() -> UserSpec {
    UserSpec::new(8003, "Moussa")
}
pub fn stranger() -> UserSpec {
    UserSpec::new(8004, "Eve")
}

/// `suivi run`, the real binary, on the World's database and double with the repository's
/// `bot.toml`; its standard error appended to `log`. The caller adds what it needs and spawns.
pub(crate) fn suivi_run(w: &World, log: &std::path::Path) -> std::process::Command {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_suivi"));
    cmd.arg("--config")
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bot.toml"))
        .arg("run")
        .env("DISCORD_TOKEN", "test-token")
        .env("SUIVI_DISCORD_API_BASE", w.double.proxy_url())
        .env("SUIVI_DATABASE", &w.db)
        .env("RUST_LOG", "suivi=info")
        .stdout(std::process::Stdio::null())
        .stderr(log);
    cmd
}

pub struct World {
    pub double: Double,
    _dir: tempfile::TempDir,
    pub(crate) db: PathBuf,
    pub(crate) clock: Arc<ManualClock>,
    pub bot: Option<Bot>,
}

impl World {
    pub async fn new(with_fallback: bool) -> World {
        let mut w = World::bare().await;
        w.start_bot().await;
        w.setup(with_fallback).await;
        w
    }

    /// The double and a database file, no bot yet: a test starts one (in process, or the real
    /// binary), then calls [`World::setup`].
    pub(crate) async fn bare() -> World {
        // `RUST_LOG=suivi=debug,serenity=debug cargo test discord` shows what the bot did.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
        let double = Double::start().await;
        let dir = tempfile::tempdir().unwrap();
        let db = fresh_database(dir.path(), "bot.db").await;
        let clock = Arc::new(ManualClock::new(start()));
        World {
            double,
            _dir: dir,
            db,
            clock,
            bot: None,
        }
    }

    /// A file in the test's folder (a log), whatever the database is.
    pub(crate) fn file(&self, name: &str) -> PathBuf {
        self._dir.path().join(name)
    }

    /// Once the bot has registered its commands: the guild, and `/setup` by its admin.
    pub(crate) async fn setup(&self, with_fallback: bool) {
        let app = self.double.application_id();
        self.double
            .wait_for(T, |r| {
                r.matches("PUT", &format!("/applications/{app}/commands"))
            })
            .await
            .unwrap();
        let guild = GuildSpec::new(GUILD, "Coopération", admin().id)
            .locale("fr")
            .text_channel(CHANNEL, "seances")
            .text_channel(FALLBACK, "secours")
            .role(ROLE, "chargé de mission", "0")
            .member(&admin(), &[])
            .member(&advisor(), &[ROLE])
            .member(&beneficiary(), &[])
            .member(&stranger(), &[]);
        self.double.add_guild(guild).await;
        // The admin names the advisor role (and the fallback channel).
        let mut options =
            vec![json!({"name": "advisor_role", "type": 8, "value": ROLE.to_string()})];
        if with_fallback {
            options.push(
                json!({"name": "fallback_channel", "type": 7, "value": FALLBACK.to_string()}),
            );
        }
        self.double
            .slash(
                SlashSpec::guild(GUILD, CHANNEL, &admin(), "setup")
                    .permissions("8")
                    .locale("fr")
                    .options(json!(options)),
            )
            .await;
        let reply = match self.double.next_message_to(admin().id, T).await {
            Ok(r) => r,
            Err(e) => panic!(
                "{e:?}\nrequests: {:#?}\nviolations: {:#?}",
                self.double.requests(),
                self.double.violations()
            ),
        };
        assert!(reply.ephemeral);
        assert!(
            reply.content.starts_with("Enregistré."),
            "{}",
            reply.content
        );
    }

    /// Moves the bot's clock forward (the scheduler wakes if something falls due).
    pub(crate) fn advance(&self, by: chrono::Duration) {
        self.clock.advance(by);
    }

    /// Sets the bot's clock (forward only, as time goes).
    pub(crate) fn set_time(&self, at: chrono::DateTime<chrono::Utc>) {
        assert!(
            at >= suivi::clock::Clock::now(&*self.clock),
            "time goes forward"
        );
        self.clock.set(at);
    }

    pub async fn start_bot(&mut self) {
        let mut cfg = config();
        cfg.database = self.db.clone();
        cfg.discord_api_base = Some(self.double.proxy_url());
        let before = self.double.identify_count();
        let bot = Bot::start(cfg, &Token::new("test-token"), self.clock.clone())
            .await
            .unwrap();
        self.bot = Some(bot);
        let deadline = tokio::time::Instant::now() + T;
        while self.double.identify_count() == before {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the bot never identified"
            );
            tokio::task::yield_now().await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        self.double.wait_ready(T).await.unwrap();
    }

    pub async fn restart(&mut self) {
        if let Some(bot) = self.bot.take() {
            bot.shutdown().await;
        }
        self.start_bot().await;
    }

    pub fn store(&self) -> &suivi::store::Store {
        self.bot.as_ref().unwrap().desk.store()
    }

    /// The next prompt shown to `user`: skips the edits that only clear answered buttons and
    /// the ephemeral "check your DMs" notes.
    pub async fn prompt(&self, user: &UserSpec) -> SentMessage {
        loop {
            let m = self.next(user).await;
            if m.kind == SentKind::ChannelMessage {
                return m;
            }
        }
    }

    /// The next thing shown to `user`; on a time-out, says what the bot last did.
    async fn next(&self, user: &UserSpec) -> SentMessage {
        match self.double.next_message_to(user.id, T).await {
            Ok(m) => m,
            Err(e) => {
                let last: Vec<String> = self
                    .double
                    .requests()
                    .iter()
                    .rev()
                    .take(6)
                    .map(|r| format!("{} {} → {}", r.method, r.path, r.status))
                    .collect();
                panic!(
                    "{e:?}\nlast requests: {last:#?}\nviolations: {:#?}",
                    self.double.violations()
                );
            }
        }
    }

    /// The next thing shown to `user` that is not a channel message (an ephemeral reply, a modal).
    pub async fn reply(&self, user: &UserSpec) -> SentMessage {
        loop {
            let m = self.next(user).await;
            if m.kind != SentKind::ChannelMessage
                && !(m.kind == SentKind::EditOriginal && m.content.is_empty())
            {
                return m;
            }
        }
    }

    pub async fn click(&self, user: &UserSpec, msg: &SentMessage, id_suffix: &str, locale: &str) {
        let id = msg
            .custom_ids()
            .into_iter()
            .find(|c| c.ends_with(id_suffix))
            .unwrap_or_else(|| panic!("no {id_suffix} on {:?}", msg.custom_ids()));
        self.double.click(user, msg, &id, locale).await;
    }

    pub async fn select(&self, user: &UserSpec, msg: &SentMessage, values: &[&str], locale: &str) {
        let id = msg
            .custom_ids()
            .into_iter()
            .find(|c| c.ends_with(":many"))
            .unwrap();
        self.double.select(user, msg, &id, values, locale).await;
    }

    /// `/session open|close` by the advisor: returns the public message with the Start button.
    pub async fn session(&self, sub: &str, synthesis: bool, locale: &str) -> SentMessage {
        let mut opts =
            vec![json!({"name": "beneficiary", "type": 6, "value": beneficiary().id.to_string()})];
        if sub == "close" {
            opts.push(json!({"name": "synthesis", "value": synthesis}));
        }
        self.double
            .slash(
                SlashSpec::guild(GUILD, CHANNEL, &advisor(), "session")
                    .roles(&[ROLE])
                    .locale(locale)
                    .options(json!([{"name": sub, "options": opts}])),
            )
            .await;
        let public = loop {
            let m = self.next(&advisor()).await;
            if matches!(m.kind, SentKind::InteractionReply { .. }) {
                break m;
            }
        };
        assert!(!public.ephemeral, "the Start message is public");
        assert!(public.content.contains(&format!("<@{}>", beneficiary().id)));
        public
    }

    /// `/session open|close`, then the beneficiary's Start: returns the first DM.
    pub async fn begin(&self, sub: &str, synthesis: bool, locale: &str) -> SentMessage {
        let public = self.session(sub, synthesis, locale).await;
        self.click(&beneficiary(), &public, ":start", locale).await;
        self.prompt(&beneficiary()).await
    }

    pub async fn dm(&self, text: &str) -> SentMessage {
        self.double.dm(&beneficiary(), text).await;
        self.prompt(&beneficiary()).await
    }
}

/// `allowed_mentions` that lets no mention through: no parse, no users, no roles.
pub(crate) fn pings_nobody(v: &serde_json::Value) -> bool {
    let empty = |k: &str| {
        v.get(k)
            .is_none_or(|x| x.as_array().is_some_and(|a| a.is_empty()))
    };
    v.get("parse").is_some_and(|p| p == &json!([])) && empty("users") && empty("roles")
}

pub(crate) struct Words {
    pub(crate) locale: &'static str,
    pub(crate) expectations: &'static str,
    pub(crate) next_step: &'static str,
    pub(crate) tasks: &'static str,
    pub(crate) means: &'static str,
    pub(crate) first: &'static str,
    pub(crate) commitments: &'static str,
    pub(crate) synthesis: &'static str,
    pub(crate) advisor_commitments: &'static str,
}

/// A French closing: biweekly exchanges from Tuesday 1 December 2026 at 10:00 in Paris, by
/// e-mail and in person.
pub(crate) const FRENCH: Words = Words {
    locale: "fr",
    expectations: "Comprendre comment monter un partenariat avec une commune",
    next_step: "Rédiger une convention de partenariat avec la commune de Thiès",
    tasks: "écrire au maire\npréparer le budget",
    means: "Un traducteur wolof et deux jours de bénévolat",
    first: "mardi 10h",
    commitments: "Envoyer le projet de convention avant le prochain échange",
    synthesis: "D'abord la convention, ensuite le budget",
    advisor_commitments: "Relire la convention et transmettre deux contacts",
};

/// The advisor clicks "Enter my commitments" on `msg` and types them in the modal.
pub async fn enter_commitments(w: &World, msg: &SentMessage, text: &str, locale: &str) {
    w.click(&advisor(), msg, ":c:advisor_commitments", locale)
        .await;
    let modal = w.reply(&advisor()).await;
    let SentKind::Modal { custom_id, .. } = &modal.kind else {
        panic!("expected a modal, got {:?}", modal.kind)
    };
    w.double
        .submit_modal(&advisor(), custom_id, &[("text", text)], locale, None)
        .await;
}

/// The whole closing through Discord; returns the beneficiary's final message.
pub(crate) async fn whole_closing(w: &World, s: &Words) -> (SentMessage, SentMessage) {
    let b = beneficiary();
    let first = w.begin("open", false, s.locale).await;
    assert!(first.custom_ids().iter().any(|c| c.ends_with(":pause")));
    let thanks = w.dm(s.expectations).await;
    assert!(thanks.components.is_empty());
    let told = w.prompt(&advisor()).await;
    assert!(
        !told.content.contains(s.expectations),
        "the advisor is told, not shown: {}",
        told.content
    );

    let review = w.begin("close", true, s.locale).await;
    assert!(
        review.content.contains(s.expectations),
        "{}",
        review.content
    );
    w.click(&b, &review, ":c:partly", s.locale).await;
    let questions = w.prompt(&b).await;
    w.click(&b, &questions, ":skip", s.locale).await;
    let cont = w.prompt(&b).await;
    w.click(&b, &cont, ":c:yes", s.locale).await;
    w.prompt(&b).await;
    w.dm(s.next_step).await;
    w.dm(s.tasks).await;
    let future = w.dm(s.means).await;
    w.click(&b, &future, ":skip", s.locale).await;
    let called = w.prompt(&b).await;
    assert!(
        called.content.contains("•"),
        "the configured text is shown: {}",
        called.content
    );
    w.click(&b, &called, ":c:next", s.locale).await;
    let relay = w.prompt(&b).await;
    w.click(&b, &relay, ":c:yes", s.locale).await;
    let freq = w.prompt(&b).await;
    w.click(&b, &freq, ":c:biweekly", s.locale).await;
    w.prompt(&b).await;
    // The date is read back in full, with buttons to confirm or correct it.
    let readback = w.dm(s.first).await;
    w.click(&b, &readback, ":c:date_ok", s.locale).await;
    let means = w.prompt(&b).await;
    w.select(&b, &means, &["email", "in_person"], s.locale)
        .await;
    w.prompt(&b).await;
    // As the beneficiary reaches their commitments, the advisor is asked for theirs.
    let invite = w.prompt(&advisor()).await;
    enter_commitments(w, &invite, s.advisor_commitments, s.locale).await;
    let saved = w.prompt(&advisor()).await;
    assert!(saved.components.is_empty(), "{:?}", saved.components);
    w.dm(s.commitments).await;
    let recap = w.dm(s.synthesis).await;
    assert!(
        recap.content.contains(s.advisor_commitments),
        "the beneficiary confirms both sides' commitments: {}",
        recap.content
    );
    let alert = w.prompt(&advisor()).await;
    assert!(alert.content.contains(s.synthesis), "{}", alert.content);
    w.click(&b, &recap, ":c:confirm", s.locale).await;
    w.prompt(&b).await; // "sent to your advisor"
    let review = w.prompt(&advisor()).await;
    assert!(
        review.content.contains(s.advisor_commitments)
            || review.text().contains(s.advisor_commitments)
    );
    w.click(&advisor(), &review, ":c:advisor_confirm", s.locale)
        .await;
    let to_b = w.prompt(&b).await;
    let to_a = w.prompt(&advisor()).await;
    (to_b, to_a)
}

pub async fn agreement(w: &World) -> (String, String, String, i64) {
    let (cadence, local, means): (String, String, String) = sqlx::query_as(
        "SELECT cadence, first_exchange_local, means FROM agreements WHERE status = 'active'",
    )
    .fetch_one(w.store().pool())
    .await
    .unwrap();
    let (tasks,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tasks")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    (cadence, local, means, tasks)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_closing_in_french() {
    let w = World::new(false).await;
    let (to_b, to_a) = whole_closing(&w, &FRENCH).await;
    assert!(
        to_b.content.starts_with("C’est convenu\u{202f}!"),
        "{}",
        to_b.content
    );
    assert!(
        to_b.content
            .contains("mardi 1er décembre 2026 à 10\u{202f}h, heure de Paris"),
        "{}",
        to_b.content
    );
    // The recap is not sent again: /plan holds it.
    assert!(to_a.content.contains("/plan"), "{}", to_a.content);
    // Both receive the agreed exchanges as a calendar file, on the last part of the recap.
    for (user, first) in [(beneficiary(), &to_b), (advisor(), &to_a)] {
        let mut m = first.clone();
        while m.attachments.is_empty() {
            m = w.prompt(&user).await;
        }
        let (name, bytes) = &m.attachments[0];
        assert_eq!(name, "suivi.ics");
        // The message the file rides on says what it is and what to do with it.
        assert!(
            m.content
                .starts_with("Le fichier joint suivi.ics contient les échanges convenus.")
                && m.content.contains("importez-le dans votre agenda"),
            "{}",
            m.content
        );
        let ics = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            ics.contains("DTSTART;TZID=Europe/Paris:20261201T100000\r\n"),
            "{ics}"
        );
        assert!(
            ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=26\r\n"),
            "{ics}"
        );
        // The event names both people; the file says where the open series stops.
        assert!(ics.contains("SUMMARY:Échange de suivi\u{202f}:"), "{ics}");
        let note = ics.replace("\r\n ", "");
        assert!(note.contains("les 26 premiers échanges"), "{ics}");
    }
    assert_eq!(
        agreement(&w).await,
        (
            r#"{"unit":"weeks","every":2}"#.into(),
            "2026-12-01T10:00:00".into(),
            "email,in_person".into(),
            2
        )
    );
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_closing_in_english() {
    let w = World::new(false).await;
    let (to_b, _) = whole_closing(
        &w,
        &Words {
            locale: "en-GB",
            expectations: "Understand how to set up a partnership with a town",
            next_step: "Draft a partnership agreement with the town of Thiès",
            tasks: "write to the mayor; prepare the budget; gather the board",
            means: "A translator and two volunteer days",
            first: "tuesday 10am",
            commitments: "Send the draft agreement before the next exchange",
            synthesis: "First the agreement, then the budget",
            advisor_commitments: "Review the agreement and pass on two contacts",
        },
    )
    .await;
    assert!(to_b.content.starts_with("Agreed!"), "{}", to_b.content);
    let mut last = to_b.clone();
    while last.attachments.is_empty() {
        last = w.prompt(&beneficiary()).await;
    }
    assert!(
        last.content
            .starts_with("The attached file suivi.ics holds the agreed exchanges.")
            && last.content.contains("import it into your calendar"),
        "{}",
        last.content
    );
    assert!(
        to_b.content
            .contains("Tuesday 1 December 2026 at 10:00, Paris time"),
        "{}",
        to_b.content
    );
    assert_eq!(agreement(&w).await.3, 3);
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_without_the_advisor_role_is_refused() {
    let w = World::new(false).await;
    w.double
        .slash(SlashSpec::guild(GUILD, CHANNEL, &stranger(), "session").locale("en-US").options(json!([
            {"name": "close", "options": [{"name": "beneficiary", "type": 6, "value": beneficiary().id.to_string()}]}
        ])))
        .await;
    let reply = w.double.next_message_to(stranger().id, T).await.unwrap();
    assert!(reply.ephemeral);
    assert!(
        reply.content.starts_with("Only advisors"),
        "{}",
        reply.content
    );
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM conversations")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(n, 0);
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_typed_in_an_answer_pings_nobody() {
    let w = World::new(false).await;
    w.begin("open", false, "fr").await;
    w.dm("@everyone @here je veux comprendre comment monter un partenariat")
        .await;
    let review = w.begin("close", false, "fr").await;
    assert!(
        review
            .content
            .contains(r"\@everyone \@here je veux comprendre"),
        "{}",
        review.content
    );
    assert!(
        review.allowed_mentions.as_ref().is_some_and(pings_nobody),
        "{:?}",
        review.allowed_mentions
    );
    let mut checked = 0;
    for r in w.double.requests() {
        if r.method == "POST" && r.path.ends_with("/messages") {
            let am = r
                .body
                .as_ref()
                .and_then(|b| b.get("allowed_mentions"))
                .cloned();
            assert!(
                am.as_ref().is_some_and(pings_nobody),
                "{} {:?}",
                r.path,
                r.body
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "{checked}");
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_direct_messages_fall_back_to_a_private_thread() {
    let w = World::new(true).await;
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::DmClosed);
    let public = w.session("open", false, "fr").await;
    w.click(&beneficiary(), &public, ":start", "fr").await;
    let note = w.reply(&beneficiary()).await;
    assert!(note.content.contains("fil privé"), "{}", note.content);
    let thread = w
        .double
        .wait_for(T, |r| {
            r.matches("POST", &format!("/channels/{FALLBACK}/threads"))
        })
        .await
        .unwrap();
    assert_eq!(
        thread.body.as_ref().unwrap()["type"],
        json!(12),
        "a private thread"
    );
    let thread_id = w.double.requests().iter().rev().find_map(|r| {
        r.path
            .strip_prefix("/channels/")
            .and_then(|p| p.split_once("/thread-members/"))
            .map(|(t, _)| t.parse::<u64>().unwrap())
    });
    let thread_id = thread_id.expect("the beneficiary was added to the thread");
    assert!(w
        .double
        .thread_members(thread_id)
        .contains(&beneficiary().id));
    let question = w.double.next_message_in(thread_id, T).await.unwrap();
    assert!(
        question
            .content
            .contains("qu’attendez-vous de cette séance"),
        "{}",
        question.content
    );
    // In a thread the bot cannot read messages: free text is typed in a modal.
    w.click(&beneficiary(), &question, ":answer", "fr").await;
    let modal = w.reply(&beneficiary()).await;
    let SentKind::Modal { custom_id, .. } = &modal.kind else {
        panic!("{:?}", modal.kind)
    };
    w.double
        .submit_modal(
            &beneficiary(),
            custom_id,
            &[("text", "Trouver des partenaires au Sénégal")],
            "fr",
            Some((GUILD, thread_id)),
        )
        .await;
    // The answered form's button is cleared by an edit of the question, which may come
    // before or after the next prompt: it is not a new message.
    let thanks = loop {
        let m = w.double.next_message_in(thread_id, T).await.unwrap();
        if !matches!(m.kind, SentKind::Edit) {
            break m;
        }
    };
    assert!(
        thanks
            .content
            .starts_with("Merci, vos attentes sont notées"),
        "{}",
        thanks.content
    );
    let (exp,): (Option<String>,) = sqlx::query_as("SELECT expectations FROM work_sessions")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(exp.as_deref(), Some("Trouver des partenaires au Sénégal"));
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_direct_messages_without_fallback_tell_the_advisor() {
    let w = World::new(false).await;
    w.double
        .fail_next("POST", "/channels/*/messages", Failure::DmClosed);
    let public = w.session("open", false, "fr").await;
    w.click(&beneficiary(), &public, ":start", "fr").await;
    let note = w.reply(&beneficiary()).await;
    assert!(
        note.content
            .starts_with("Je ne peux pas vous envoyer de message privé"),
        "{}",
        note.content
    );
    let told = w.prompt(&advisor()).await;
    assert!(
        told.content.contains("pas de salon de secours"),
        "{}",
        told.content
    );
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_reconnect_in_the_middle_loses_nothing() {
    let w = World::new(false).await;
    w.begin("open", false, "fr").await;
    w.dm("Comprendre comment monter un partenariat").await;
    let review = w.begin("close", false, "fr").await;
    w.click(&beneficiary(), &review, ":c:yes", "fr").await;
    w.prompt(&beneficiary()).await;
    let resumes = w.double.resume_count();
    w.double.reconnect().await;
    let deadline = tokio::time::Instant::now() + T;
    while w.double.resume_count() == resumes {
        assert!(
            tokio::time::Instant::now() < deadline,
            "no resume after op 7"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let next = w.dm("J'ai encore une question sur les financements").await;
    assert!(
        next.content
            .contains("Souhaitez-vous poursuivre l’appui\u{202f}?"),
        "{}",
        next.content
    );
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_in_the_middle_resumes_the_conversation() {
    let mut w = World::new(false).await;
    w.begin("open", false, "en-US").await;
    w.dm("Understand how to set up a partnership").await;
    let review = w.begin("close", false, "en-US").await;
    w.click(&beneficiary(), &review, ":c:yes", "en-US").await;
    let questions = w.prompt(&beneficiary()).await;
    w.restart().await;
    assert_eq!(w.double.identify_count(), 2);
    // A button sent before the restart still works.
    w.click(&beneficiary(), &questions, ":skip", "en-US").await;
    let cont = w.prompt(&beneficiary()).await;
    assert!(
        cont.content
            .contains("Would you like the support to continue?"),
        "{}",
        cont.content
    );
    w.click(&beneficiary(), &cont, ":c:yes", "en-US").await;
    w.prompt(&beneficiary()).await;
    let tasks = w.dm("Draft the partnership agreement with the town").await;
    assert!(
        tasks.content.contains("Which tasks will you carry out?"),
        "{}",
        tasks.content
    );
    let (v,): (String,) = sqlx::query_as("SELECT value FROM answers WHERE field = 'next_step'")
        .fetch_one(w.store().pool())
        .await
        .unwrap();
    assert_eq!(v, "Draft the partnership agreement with the town");
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_texts_are_split_never_cut() {
    let w = World::new(false).await;
    let b = beneficiary();
    let long = |word: &str| {
        format!(
            "{word} {}",
            "et nous organiserons des réunions avec les partenaires locaux ".repeat(22)
        )
    };
    let (next, means, commit) = (long("Prochaine"), long("Moyens"), long("Engagement"));
    assert!(next.chars().count() > 1300 && next.chars().count() <= 1500);
    let review = w.begin("close", false, "fr").await;
    w.click(&b, &review, ":c:yes", "fr").await;
    let q = w.prompt(&b).await;
    w.click(&b, &q, ":skip", "fr").await;
    let c = w.prompt(&b).await;
    w.click(&b, &c, ":c:yes", "fr").await;
    w.prompt(&b).await;
    w.dm(&next).await;
    w.dm("écrire au maire").await;
    let future = w.dm(&means).await;
    w.click(&b, &future, ":skip", "fr").await;
    let called = w.prompt(&b).await;
    w.click(&b, &called, ":c:next", "fr").await;
    let relay = w.prompt(&b).await;
    w.click(&b, &relay, ":c:no", "fr").await;
    let freq = w.prompt(&b).await;
    w.click(&b, &freq, ":c:monthly", "fr").await;
    w.prompt(&b).await;
    let readback = w.dm("3 décembre 14h30").await;
    w.click(&b, &readback, ":c:date_ok", "fr").await;
    let m = w.prompt(&b).await;
    w.select(&b, &m, &["phone"], "fr").await;
    w.prompt(&b).await;
    let invite = w.prompt(&advisor()).await;
    enter_commitments(&w, &invite, "Relire la convention", "fr").await;
    w.prompt(&advisor()).await; // saved
    w.double.dm(&b, &commit).await;
    let mut parts = Vec::new();
    loop {
        let p = w.prompt(&b).await;
        let last = !p.components.is_empty();
        parts.push(p);
        if last {
            break;
        }
    }
    assert!(
        parts.len() >= 3,
        "the recap came in {} messages",
        parts.len()
    );
    assert!(parts.iter().all(|p| p.content.chars().count() <= 2000));
    let all: String = parts
        .iter()
        .map(|p| p.content.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for text in [&next, &means, &commit] {
        assert!(all.contains(text.trim()), "a long answer was cut");
    }
    assert!(parts
        .last()
        .unwrap()
        .custom_ids()
        .iter()
        .any(|c| c.ends_with(":c:confirm")));
    w.double.assert_no_violations();
}
