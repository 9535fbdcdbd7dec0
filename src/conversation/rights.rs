//! Data rights (RGPD): a person takes away everything held about them, as a versioned JSON
//! file (`docs/export-schema.json`) with a readable summary, or has it erased after a
//! confirmation — their advisor is told the support ended, never what it held. Retention:
//! supports ended or silent for longer than `retention.days` are purged by the scheduler once
//! a day, announced beforehand in the advisor's digest. Each of these is audited, without
//! content.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

use super::outbox::notice;
use super::{Desk, DeskError};
use crate::domain::prompt::{Arg, Msg};
use crate::store::{AuditLine, Erased};

/// The export file's format version (`docs/export-schema.json`).
pub const EXPORT_VERSION: u32 = 1;

/// The name of the daily retention job.
const RETENTION_JOB: &str = "retention";

impl Desk {
    /// Everything held about `user`, as the export file's JSON, audited. `actor` is who
    /// asked (the person, who takes only their own, or `None` for an operator at the shell).
    pub async fn export_data(&self, user: u64, actor: Option<u64>) -> Result<Value, DeskError> {
        if let Some(a) = actor {
            self.own_data(a, user)?;
        }
        let doc = self.export_document(user).await?;
        self.record_export(user, actor, &doc).await?;
        Ok(doc)
    }

    /// Everything held about `user`, as the export file's JSON, not yet audited: the caller
    /// records it ([`Desk::record_export`]) once the person or the operator has it.
    pub async fn export_document(&self, user: u64) -> Result<Value, DeskError> {
        let now = self.clock.now();
        let mut doc = Map::new();
        doc.insert("format".into(), json!("suivi-export"));
        doc.insert("version".into(), json!(EXPORT_VERSION));
        doc.insert(
            "exported_at".into(),
            json!(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        );
        doc.insert("user_id".into(), json!(user.to_string()));
        for (name, value) in self.store.export_sections(user).await? {
            doc.insert(name.into(), value);
        }
        Ok(Value::Object(doc))
    }

    /// Audits an export that was handed over.
    pub async fn record_export(
        &self,
        user: u64,
        actor: Option<u64>,
        doc: &Value,
    ) -> Result<(), DeskError> {
        let sections = doc.as_object().map_or(0, Map::len);
        let line = AuditLine {
            at: self.clock.now(),
            actor,
            action: "export",
            subject: Some(user),
            detail: format!("sections={sections}"),
        };
        self.store.audit(&line).await?;
        Ok(())
    }

    /// A readable summary of an export, addressed to the person it is about ("Vos données").
    pub fn export_summary(doc: &Value) -> Msg {
        summary(doc).text("reader", "person")
    }

    /// The summary of `user`'s export for the operator at the shell ("Données de la personne
    /// 2").
    pub fn export_summary_for_operator(doc: &Value, user: u64) -> Msg {
        summary(doc)
            .text("reader", "operator")
            .text("user", user.to_string())
    }

    /// Erases what is held about `user`; their advisors are told the support ended. A person
    /// (`actor`) erases only their own; the operator (`None`) anyone's.
    pub async fn erase_data(&self, user: u64, actor: Option<u64>) -> Result<Erased, DeskError> {
        if let Some(a) = actor {
            self.own_data(a, user)?;
        }
        let _one = self.serial.lock().await;
        let now = self.clock.now();
        // Their advisors read it: the person is their beneficiary.
        let name = self
            .name_arg(user, crate::domain::prompt::Role::Beneficiary)
            .await?;
        let mut told = Vec::new();
        for advisor in self.store.advisors_of(user).await? {
            let msg = Msg::new("rights-erased-advisor").arg("person", name.clone());
            told.push(notice(
                format!("notice:erased:{user}:{}:{advisor}", now.timestamp_millis()),
                advisor,
                None,
                msg,
                now,
            ));
        }
        let erased = self.store.erase_person(user, actor, &told, now).await?;
        self.ring();
        Ok(erased)
    }

    /// Purges what is past its retention, once a day. `true` when it ran.
    pub async fn run_retention_if_due(&self) -> Result<bool, DeskError> {
        let now = self.clock.now();
        match self.store.job_due(RETENTION_JOB).await? {
            Some(at) if at > now => return Ok(false),
            None => {
                // The first run: tonight, not at once on a first start.
                self.store
                    .set_job_due(RETENTION_JOB, now + Duration::hours(1))
                    .await?;
                return Ok(false);
            }
            Some(_) => {}
        }
        let cutoff = now - Duration::days(i64::from(self.config.retention_days));
        let past = self.store.supports_past(cutoff).await?;
        let purged = self.store.purge_supports(&past, now).await?;
        if purged > 0 {
            tracing::info!(supports = purged, "retention: supports purged");
        }
        self.store
            .set_job_due(RETENTION_JOB, now + Duration::days(1))
            .await?;
        Ok(true)
    }

    /// When the retention job next runs.
    pub async fn retention_due(&self) -> Result<Option<DateTime<Utc>>, DeskError> {
        Ok(self.store.job_due(RETENTION_JOB).await?)
    }
}

/// The figures of an export; the relay consent history as events (given, withdrawn, declined),
/// not as a count of "consents" that reads like agreements.
fn summary(doc: &Value) -> Msg {
    let count = |k: &str| doc.get(k).and_then(Value::as_array).map_or(0, Vec::len) as i64;
    let (given, withdrawn, declined) = consent_events(doc);
    Msg::new("rights-export-summary")
        .arg("supports", Arg::Num(count("beneficiary_supports")))
        .arg("answers", Arg::Num(count("answers")))
        .arg("tasks", Arg::Num(count("tasks")))
        .arg("agreements", Arg::Num(count("agreements")))
        .arg(
            "relay",
            Arg::Msg(Box::new(relay_msg(given, withdrawn, declined))),
        )
        .arg("followed", Arg::Num(count("advisor_supports")))
}

/// The relay consent events of an export: given, withdrawn (after being given, in the same
/// support), declined (not given at the closing or when asked again).
fn consent_events(doc: &Value) -> (i64, i64, i64) {
    let mut events: Vec<(i64, String, bool)> = doc
        .get("consents")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e.get("support_id").and_then(Value::as_i64).unwrap_or(0),
                        e.get("at").and_then(Value::as_str).unwrap_or("").to_owned(),
                        e.get("relay").and_then(Value::as_bool).unwrap_or(false),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    // By support and time; events at the same instant keep the order they were recorded in.
    events.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let (mut given, mut withdrawn, mut declined) = (0, 0, 0);
    let mut last: Option<(i64, bool)> = None;
    for (support, _, relay) in events {
        let before = last.filter(|(s, _)| *s == support).map(|(_, r)| r);
        match (relay, before) {
            (true, Some(true)) => {}
            (true, _) => given += 1,
            (false, Some(true)) => withdrawn += 1,
            (false, Some(false)) => {}
            (false, None) => declined += 1,
        }
        last = Some((support, relay));
    }
    (given, withdrawn, declined)
}

/// "relais : accepté une fois, retiré une fois"; "aucun choix de relais enregistré".
fn relay_msg(given: i64, withdrawn: i64, declined: i64) -> Msg {
    let events: Vec<Msg> = [
        ("rights-relay-given", given),
        ("rights-relay-withdrawn", withdrawn),
        ("rights-relay-declined", declined),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(id, n)| Msg::new(id).arg("n", Arg::Num(n)))
    .collect();
    if events.is_empty() {
        Msg::new("rights-relay-none")
    } else {
        Msg::new("rights-relay-events").arg("events", Arg::Msgs(events))
    }
}
