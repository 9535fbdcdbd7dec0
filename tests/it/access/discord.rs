//! Each slash command, by each kind of person, on the Discord double.

use discord_double::{SentMessage, SlashSpec, UserSpec};
use serde_json::{json, Value};
use suivi::domain::access::{Action, Outcome, Sides, Who, MATRIX};
use suivi::i18n::{I18n, Lang};

use super::outcome;
use crate::discord::{admin, advisor, beneficiary, World, CHANNEL, GUILD, ROLE};
use crate::discord_followup::agreed;
use crate::discord_ux::at_relay;

/// Another advisor of the server (the advisor role), with beneficiaries of their own.
fn other_advisor() -> UserSpec {
    UserSpec::new(8005, "Awa")
}

/// A member suivi never met, with no role.
fn unknown() -> UserSpec {
    UserSpec::new(8006, "Inconnu")
}

/// The person sessions are opened with, outside the support the matrix is about.
fn newcomer() -> UserSpec {
    UserSpec::new(8007, "Fatou")
}

const WHO: [Who; 5] = [
    Who::Advisor,
    Who::Beneficiary,
    Who::Member,
    Who::Manager,
    Who::Unknown,
];

/// The person, their roles and permissions (MANAGE_GUILD for the manager), for each kind.
fn person(who: Who) -> (UserSpec, Vec<u64>, &'static str) {
    match who {
        Who::Advisor => (advisor(), vec![ROLE], "3072"),
        Who::Beneficiary => (beneficiary(), vec![], "3072"),
        Who::Member => (other_advisor(), vec![ROLE], "3072"),
        Who::Manager => (admin(), vec![], "32"),
        Who::Unknown => (unknown(), vec![], "3072"),
    }
}

/// The command (name, options) `who` types for a row of the matrix: "person" is the other
/// side of the support for its two sides, its beneficiary for everyone else.
fn command(row: &str, who: Who) -> (&'static str, Value) {
    let other = match who {
        Who::Beneficiary => advisor().id,
        _ => beneficiary().id,
    }
    .to_string();
    let user = |name: &str, id: String| json!({"name": name, "type": 6, "value": id});
    let session = |sub: &str| {
        let mut opts = vec![user("beneficiary", newcomer().id.to_string())];
        if sub == "close" {
            opts.push(json!({"name": "synthesis", "value": false}));
        }
        json!([{"name": sub, "options": opts}])
    };
    match row {
        "/session open" => ("session", session("open")),
        "/session close" => ("session", session("close")),
        "/setup" => ("setup", json!([])),
        "/plan beneficiary" => (
            "plan",
            json!([user("beneficiary", beneficiary().id.to_string())]),
        ),
        "/digest now server" => (
            "digest",
            json!([{"name": "now", "options": [{"name": "server", "value": true}]}]),
        ),
        "/support pause person" => (
            "support",
            json!([{"name": "pause", "options": [user("person", other)]}]),
        ),
        "/reschedule person" => (
            "reschedule",
            json!([{"name": "rhythm", "value": "toutes les 3 semaines"}, user("person", other)]),
        ),
        "/consent" => ("consent", json!([{"name": "relay", "value": true}])),
        _ => panic!("no command for {row}"),
    }
}

/// The access message a row's command refuses with.
fn refusal(row: &str) -> &'static str {
    let sides = Sides {
        advisor: advisor().id,
        beneficiary: beneficiary().id,
    };
    match row {
        "/session open" | "/session close" => Action::LeadSession,
        "/setup" => Action::ConfigureServer,
        "/plan beneficiary" => Action::ReadPlan(sides),
        "/digest now server" => Action::ReadServerDigest,
        "/support pause person" | "/reschedule person" => Action::ChangeSupport(sides),
        "/consent" => Action::ChangeConsent(sides),
        "/session close in progress: its buttons" => Action::LeadClosing(sides),
        _ => Action::OwnData {
            owner: beneficiary().id,
        },
    }
    .refusal()
}

/// `who` types `/name options`: what they are shown.
async fn slash(w: &World, who: Who, name: &str, options: Value) -> SentMessage {
    let (user, roles, permissions) = person(who);
    w.double
        .slash(
            SlashSpec::guild(GUILD, CHANNEL, &user, name)
                .roles(&roles)
                .permissions(permissions)
                .locale("fr")
                .options(options),
        )
        .await;
    w.reply(&user).await
}

/// Each kind of person clicks `button(who)` on `asked`, `last` after the others (their click
/// is taken and changes the message): the cells of `row` that differ.
async fn clicks(
    w: &World,
    row: &str,
    asked: &SentMessage,
    last: Who,
    button: impl Fn(Who) -> String,
) -> Vec<String> {
    let i18n = I18n::load().unwrap();
    let mut order: Vec<(Who, Outcome)> = WHO.iter().copied().zip(expected(row)).collect();
    order.sort_by_key(|(who, _)| *who == last);
    let mut differ = Vec::new();
    for (who, want) in order {
        let (user, _, _) = person(who);
        w.double.click(&user, asked, &button(who), "fr").await;
        let shown = w.reply(&user).await.content;
        let got = outcome(&i18n, Lang::Fr, refusal(row), &shown);
        if got != want {
            differ.push(format!("{row} by {who:?}: {got:?}, not {want:?} — {shown}"));
        }
    }
    differ
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_slash_command_by_every_kind_of_person_is_as_the_matrix_says() {
    let w = agreed(false).await;
    let i18n = I18n::load().unwrap();
    let mut differ = Vec::new();
    // The commands that only read or change nothing first; the sessions, which give the
    // other advisor a support of their own, after the consent.
    let mut rows: Vec<_> = MATRIX
        .iter()
        .filter(|(r, _)| !r.starts_with("/mydata") && !r.contains("in progress"))
        .collect();
    rows.sort_by_key(|(r, _)| r.starts_with("/session"));
    for (row, cells) in rows {
        for (who, want) in WHO.iter().zip(cells) {
            let (name, options) = command(row, *who);
            let shown = slash(&w, *who, name, options).await.content;
            let got = outcome(&i18n, Lang::Fr, refusal(row), &shown);
            if got != *want {
                differ.push(format!("{row} by {who:?}: {got:?}, not {want:?} — {shown}"));
            }
        }
    }
    // `/mydata delete` by the beneficiary: each person clicks its "keep" button; only the
    // beneficiary's click is taken.
    let options = json!([{"name": "delete", "options": []}]);
    let asked = slash(&w, Who::Beneficiary, "mydata", options).await;
    let row = "/mydata delete, the beneficiary's button";
    let keep = format!("rights:keep:{}", beneficiary().id);
    differ.extend(clicks(&w, row, &asked, Who::Beneficiary, |_| keep.clone()).await);
    assert!(differ.is_empty(), "{differ:#?}");
    w.double.assert_no_violations();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_its_advisor_resumes_or_restarts_a_closing_in_progress() {
    let w = World::new(false).await;
    at_relay(&w, "fr").await;
    // A second `/session close` while the beneficiary is answering: Resume, or start again.
    let options = json!([{"name": "close", "options": [
        {"name": "beneficiary", "type": 6, "value": beneficiary().id.to_string()},
    ]}]);
    let asked = slash(&w, Who::Advisor, "session", options).await;
    // Start again for the others (nothing else would stop it), Resume for the advisor, last.
    let button = |who| match who {
        Who::Advisor => ":resume".to_owned(),
        _ => ":restart:close:0".to_owned(),
    };
    let row = "/session close in progress: its buttons";
    let differ = clicks(&w, row, &asked, Who::Advisor, |who| {
        let suffix = button(who);
        asked
            .custom_ids()
            .into_iter()
            .find(|c| c.ends_with(&suffix))
            .unwrap_or(suffix)
    })
    .await;
    assert!(differ.is_empty(), "{differ:#?}");
    w.double.assert_no_violations();
}

/// The row of the matrix named `row`.
fn expected(row: &str) -> [Outcome; 5] {
    match MATRIX.iter().find(|(r, _)| *r == row) {
        Some((_, cells)) => *cells,
        None => panic!("{row} is not in the matrix"),
    }
}
