//! The console's answers: a line typed at a question or a choice, and the numbered choices
//! turned into what the conversation takes.

use std::io::Write;

use super::{who, Console, ConsoleError, Pending};
use crate::domain::closing::Input;
use crate::domain::prompt::Expect;

impl<W: Write> Console<'_, W> {
    /// Handles one line; `false` ends the console.
    pub(super) async fn handle(&mut self, line: &str) -> Result<bool, ConsoleError> {
        if let Some(cmd) = line.strip_prefix('/') {
            let (name, rest) = cmd
                .split_once(' ')
                .map_or((cmd, ""), |(n, r)| (n, r.trim()));
            return self.command(&name.to_lowercase(), rest).await;
        }
        if let Some(p) = self.pending.take() {
            let input = match p {
                Pending::Commitments => Input::AdvisorCommitments(line.to_owned()),
                Pending::Proposal => Input::AdvisorPropose(line.to_owned()),
            };
            self.send(input).await?;
            return Ok(true);
        }
        let expect = self
            .last
            .get(&self.role)
            .map(|p| p.expect.clone())
            .unwrap_or(Expect::Text);
        match expect {
            // A numbered choice, or a typed answer (a date read back: type another one).
            Expect::OneOrText(opts) => match pick_one(line, &opts) {
                Some(id) => self.choose(&id).await?,
                None => self.send(Input::Text(line.to_owned())).await?,
            },
            Expect::One(opts) | Expect::Many(opts) => {
                let picked: Option<Vec<String>> = line
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(|s| {
                        s.parse::<usize>()
                            .ok()
                            .and_then(|n| n.checked_sub(1))
                            .and_then(|i| opts.get(i))
                    })
                    .map(|o| o.map(|o| o.id.clone()))
                    .collect();
                let Some(ids) = picked.filter(|ids| !ids.is_empty()) else {
                    self.say("console-not-a-number")?;
                    return Ok(true);
                };
                let many = matches!(
                    self.last.get(&self.role).map(|p| &p.expect),
                    Some(Expect::Many(_))
                );
                if many {
                    self.send(Input::Choices(ids)).await?;
                } else {
                    self.choose(&ids[0]).await?;
                }
            }
            _ => self.send(Input::Text(line.to_owned())).await?,
        }
        Ok(true)
    }

    pub(super) async fn choose(&mut self, id: &str) -> Result<(), ConsoleError> {
        match id {
            "advisor_confirm" => self.send(Input::AdvisorConfirm).await,
            "advisor_commitments" => {
                self.pending = Some(Pending::Commitments);
                self.say("console-type-commitments")
            }
            "advisor_propose" => {
                self.pending = Some(Pending::Proposal);
                self.say("console-type-proposal")
            }
            other => {
                if self.after_exchange(other).await? {
                    return Ok(());
                }
                if let Some((proposal, accept)) = crate::conversation::decision_of(other) {
                    let r = self
                        .desk
                        .decide_reschedule(proposal, &who(self.role), accept)
                        .await;
                    return match r {
                        Ok(msg) => {
                            let text = self.desk.i18n().msg(self.lang, &msg);
                            writeln!(self.out, "{text}")?;
                            self.deliveries().await
                        }
                        Err(e) => self.error(e).await,
                    };
                }
                self.send(Input::Choice(other.to_owned())).await
            }
        }
    }
}

/// The option a line names by its number ("2"), if it is only that.
fn pick_one(line: &str, opts: &[crate::domain::prompt::Opt]) -> Option<String> {
    let n = line.trim().parse::<usize>().ok()?;
    opts.get(n.checked_sub(1)?).map(|o| o.id.clone())
}
