//! Shared set-up: a fresh database file per test, the example configuration, a manual clock.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use suivi::clock::ManualClock;
use suivi::config::Config;
use suivi::conversation::{Desk, DeskError, Outgoing, Who};
use suivi::domain::closing::Input;
use suivi::i18n::{I18n, Lang};
use suivi::store::Store;

pub const GUILD: u64 = 900;
pub const ADVISOR: u64 = 501;
pub const BENEFICIARY: u64 = 502;
pub const STRANGER: u64 = 503;

/// Saturday 28 November 2026, 11:00 in Paris.
pub fn start() -> DateTime<Utc> {
    "2026-11-28T10:00:00Z".parse().unwrap()
}

pub fn config() -> Config {
    Config::parse(include_str!("../../bot.toml"), &[]).unwrap()
}

pub struct Env {
    /// Kept so the folder lives as long as the test.
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub clock: Arc<ManualClock>,
    pub desk: Desk,
    pub i18n: Arc<I18n>,
}

pub async fn desk_on(path: &Path, clock: Arc<ManualClock>) -> (Desk, Arc<I18n>) {
    let (store, _) = Store::open(path).await.unwrap();
    let i18n = Arc::new(I18n::load().unwrap());
    (
        Desk::new(store, i18n.clone(), Arc::new(config()), clock),
        i18n,
    )
}

pub async fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("suivi.db");
    let clock = Arc::new(ManualClock::new(start()));
    let (desk, i18n) = desk_on(&path, clock.clone()).await;
    Env {
        _dir: dir,
        path,
        clock,
        desk,
        i18n,
    }
}

pub fn advisor(lang: Lang) -> Who {
    Who {
        id: ADVISOR,
        name: "Claire".into(),
        locale: Some(lang.code().into()),
    }
}

pub fn beneficiary(lang: Lang) -> Who {
    Who {
        id: BENEFICIARY,
        name: "Moussa".into(),
        locale: Some(lang.code().into()),
    }
}

impl Env {
    /// Renders what each person was sent, in the language chosen for them.
    pub fn shown(&self, out: &[Outgoing]) -> String {
        out.iter()
            .map(|o| self.i18n.prompt_body(o.lang, &o.prompt))
            .collect::<Vec<_>>()
            .join("\n---\n")
    }

    /// What `to` was sent in this batch.
    pub fn shown_to(&self, out: &[Outgoing], to: u64) -> String {
        let mine: Vec<Outgoing> = out.iter().filter(|o| o.to == to).cloned().collect();
        self.shown(&mine)
    }

    pub async fn say(
        &self,
        conversation: i64,
        who: &Who,
        input: Input,
    ) -> Result<Vec<Outgoing>, DeskError> {
        self.desk.input(conversation, who, input).await
    }

    /// The beneficiary types text; the outgoing prompts must exist.
    pub async fn text(&self, conversation: i64, lang: Lang, text: &str) -> String {
        let out = self
            .say(conversation, &beneficiary(lang), Input::Text(text.into()))
            .await
            .unwrap();
        self.shown(&out)
    }

    pub async fn choose(&self, conversation: i64, lang: Lang, id: &str) -> String {
        let out = self
            .say(conversation, &beneficiary(lang), Input::Choice(id.into()))
            .await
            .unwrap();
        self.shown(&out)
    }

    pub async fn step(&self, conversation: i64) -> String {
        let (step,): (String,) = sqlx::query_as("SELECT step FROM conversations WHERE id = ?")
            .bind(conversation)
            .fetch_one(self.desk.store().pool())
            .await
            .unwrap();
        step
    }

    pub async fn answer(&self, conversation: i64, field: &str) -> Option<String> {
        sqlx::query_as::<_, (String,)>(
            "SELECT value FROM answers WHERE conversation_id = ? AND field = ?",
        )
        .bind(conversation)
        .bind(field)
        .fetch_optional(self.desk.store().pool())
        .await
        .unwrap()
        .map(|(v,)| v)
    }
}

/// Answers of a typical closing, in one language.
pub struct Script {
    pub expectations: &'static str,
    pub questions: &'static str,
    pub next_step: &'static str,
    pub tasks: &'static str,
    pub means: &'static str,
    pub future: &'static str,
    pub first: &'static str,
    pub commitments: &'static str,
    pub synthesis: &'static str,
    pub advisor_commitments: &'static str,
}

pub const FR: Script = Script {
    expectations: "Comprendre comment monter un partenariat avec une commune au Sénégal",
    questions: "Comment trouver des financements européens pour la suite ?",
    next_step: "Rédiger une convention de partenariat avec la commune de Thiès",
    tasks: "- écrire au maire de Thiès\n- préparer le budget prévisionnel\n- réunir le bureau de l'association",
    means: "Un traducteur wolof, deux jours de bénévolat et les contacts du réseau régional",
    future: "Former un binôme pour le suivi sur place l'an prochain",
    first: "mardi 10h",
    commitments: "Envoyer le projet de convention avant le prochain échange",
    synthesis: "On commence par la convention, ensuite le budget, puis le calendrier commun",
    advisor_commitments: "Relire la convention et transmettre deux contacts de bailleurs",
};

pub const EN: Script = Script {
    expectations: "Understand how to set up a partnership with a town in Senegal",
    questions: "How can we find European funding afterwards?",
    next_step: "Draft a partnership agreement with the town of Thiès",
    tasks: "write to the mayor of Thiès; prepare the budget; gather the association's board",
    means: "A Wolof translator, two volunteer days and the regional network's contacts",
    future: "Train a pair of volunteers for follow-up on site next year",
    first: "tuesday 10am",
    commitments: "Send the draft agreement before the next exchange",
    synthesis: "First the agreement, then the budget, then a shared calendar",
    advisor_commitments: "Review the agreement and pass on two funders' contacts",
};

/// Opens a session, states expectations, starts the closing and answers up to the recap.
/// Returns the closing's id and the recap the beneficiary saw.
pub async fn to_recap(env: &Env, lang: Lang, s: &Script, synthesis: bool) -> (i64, String) {
    let (opening, out) = env
        .desk
        .open_session(GUILD, &advisor(lang), &beneficiary(lang))
        .await
        .unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].to, BENEFICIARY);
    env.text(opening, lang, s.expectations).await;
    let (closing, _) = env
        .desk
        .start_closing(GUILD, &advisor(lang), &beneficiary(lang), synthesis)
        .await
        .unwrap();
    env.choose(closing, lang, "partly").await;
    env.text(closing, lang, s.questions).await;
    env.choose(closing, lang, "yes").await;
    env.text(closing, lang, s.next_step).await;
    env.text(closing, lang, s.tasks).await;
    env.text(closing, lang, s.means).await;
    env.text(closing, lang, s.future).await;
    env.choose(closing, lang, "next").await;
    env.choose(closing, lang, "yes").await;
    env.choose(closing, lang, "biweekly").await;
    env.text(closing, lang, s.first).await;
    let out = env
        .say(
            closing,
            &beneficiary(lang),
            Input::Choices(vec!["email".into(), "in_person".into()]),
        )
        .await
        .unwrap();
    assert!(!out.is_empty());
    let mut recap = env.text(closing, lang, s.commitments).await;
    if synthesis {
        recap = env.text(closing, lang, s.synthesis).await;
    }
    assert_eq!(env.step(closing).await, "recap");
    (closing, recap)
}
