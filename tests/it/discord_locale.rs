//! A server's language on Discord, end to end against the loopback double: an English server
//! whose admin has not run `/setup` is spoken to in English (the guild locale Discord sends
//! with each interaction), and `/setup` names the language instead of showing its code.

use std::sync::Arc;
use std::time::Duration;

use discord_double::{Double, GuildSpec, SentKind, SentMessage, SlashSpec, UserSpec};
use serde_json::json;
use suivi::app::Bot;
use suivi::clock::ManualClock;
use suivi::config::Token;

use crate::common::{config, start};

const T: Duration = Duration::from_secs(20);
const GUILD: u64 = 7500;
const CHANNEL: u64 = 7501;

fn admin() -> UserSpec {
    UserSpec::new(8501, "Admin")
}
fn beneficiary() -> UserSpec {
    UserSpec::new(8503, "Moussa")
}

/// The bot connected to a fresh double, with one guild in `locale` and no `/setup` yet.
struct Server {
    double: Double,
    bot: Option<Bot>,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn new(locale: &str) -> Server {
        let double = Double::start().await;
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = config();
        cfg.database = dir.path().join("bot.db");
        cfg.discord_api_base = Some(double.proxy_url());
        let clock = Arc::new(ManualClock::new(start()));
        let bot = Bot::start(cfg, &Token::new("test-token"), clock)
            .await
            .unwrap();
        double.wait_ready(T).await.unwrap();
        let app = double.application_id();
        double
            .wait_for(T, |r| {
                r.matches("PUT", &format!("/applications/{app}/commands"))
            })
            .await
            .unwrap();
        let guild = GuildSpec::new(GUILD, "Cooperation", admin().id)
            .locale(locale)
            .text_channel(CHANNEL, "sessions")
            .member(&admin(), &[])
            .member(&beneficiary(), &[]);
        double.add_guild(guild).await;
        Server {
            double,
            bot: Some(bot),
            _dir: dir,
        }
    }

    /// A slash command by the admin (who may do everything), as their own Discord locale.
    async fn admin_says(&self, name: &str, options: serde_json::Value, locale: &str) {
        self.double
            .slash(
                SlashSpec::guild(GUILD, CHANNEL, &admin(), name)
                    .permissions("8")
                    .locale(locale)
                    .options(options),
            )
            .await;
    }

    /// The next interaction reply shown to the admin.
    async fn reply(&self) -> SentMessage {
        loop {
            let m = self.double.next_message_to(admin().id, T).await.unwrap();
            if matches!(m.kind, SentKind::InteractionReply { .. }) {
                return m;
            }
        }
    }

    async fn stop(mut self) {
        self.double.assert_no_violations();
        if let Some(bot) = self.bot.take() {
            bot.shutdown().await;
        }
    }
}

fn open_for_beneficiary() -> serde_json::Value {
    json!([{"name": "open", "options": [
        {"name": "beneficiary", "type": 6, "value": beneficiary().id.to_string()}
    ]}])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_english_server_without_setup_gets_english_public_messages() {
    let s = Server::new("en-US").await;
    // The admin's own Discord is in French: the public message is for the whole server.
    s.admin_says("session", open_for_beneficiary(), "fr").await;
    let public = s.reply().await;
    assert!(!public.ephemeral);
    assert!(
        public.content.contains("opens a work session with"),
        "{}",
        public.content
    );
    assert_eq!(public.button_labels(), ["Start"]);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_server_without_setup_gets_french_public_messages() {
    let s = Server::new("fr").await;
    s.admin_says("session", open_for_beneficiary(), "en-GB")
        .await;
    let public = s.reply().await;
    assert!(
        public.content.contains("ouvre une séance de travail avec"),
        "{}",
        public.content
    );
    assert_eq!(public.button_labels(), ["Commencer"]);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_names_the_language_in_the_readers_words() {
    let s = Server::new("en-US").await;
    // Nothing chosen yet: the server's own language, named in the admin's (French).
    s.admin_says("setup", json!([]), "fr").await;
    let reply = s.reply().await;
    assert!(reply.ephemeral);
    assert!(
        reply.content.contains("Langue\u{202f}: anglais."),
        "{}",
        reply.content
    );
    // Chosen: French, named in English for an English-speaking admin.
    s.admin_says(
        "setup",
        json!([{"name": "language", "type": 4, "value": 0}]),
        "en-US",
    )
    .await;
    let reply = s.reply().await;
    assert!(
        reply.content.contains("Language: French."),
        "{}",
        reply.content
    );
    assert!(!reply.content.contains("Language: fr"), "{}", reply.content);
    // From then on the server's public messages are in the chosen language.
    s.admin_says("session", open_for_beneficiary(), "en-US")
        .await;
    let public = s.reply().await;
    assert!(
        public.content.contains("ouvre une séance de travail"),
        "{}",
        public.content
    );
    s.stop().await;
}
