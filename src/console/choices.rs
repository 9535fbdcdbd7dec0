//! The console's answers: a line typed at a question or a choice, and the numbered choices
//! turned into what the conversation takes.

use std::io::Write;

use super::{who, Console, ConsoleError};
use crate::conversation::Chosen;
use crate::domain::prompt::{Expect, Opt, Prompt, Role};
use crate::domain::talk::{self, Input, Pick};

impl<W: Write> Console<'_, W> {
    /// Handles one line; `false` ends the console.
    pub(super) async fn handle(&mut self, line: &str) -> Result<bool, ConsoleError> {
        if let Some(cmd) = line.strip_prefix('/') {
            let (name, rest) = cmd
                .split_once(' ')
                .map_or((cmd, ""), |(n, r)| (n, r.trim()));
            let name = name.to_lowercase();
            self.end_task_list(&name).await?;
            return self.command(&name, rest).await;
        }
        if let Some(w) = self.pending.take() {
            self.send(w.input(line.to_owned())).await?;
            return Ok(true);
        }
        // A number the side at the keyboard cannot use, while the other side has a choice
        // open that it names ("1. Enter my commitments" shown to the advisor while the
        // beneficiary types): it works for the side that sees it.
        if let Some(other) = self.other_side_for(line) {
            self.role = other;
            self.announce_role()?;
        }
        let Some(prompt) = self.last.get(&self.role).cloned() else {
            self.send(Input::Text(line.to_owned())).await?;
            return Ok(true);
        };
        match &prompt.expect {
            Expect::One(opts) => match self.pick(line, opts) {
                Picked::Ids(ids) if ids.len() == 1 => self.choose(&ids[0]).await?,
                Picked::Ids(_) => self.say("console-one-number")?,
                Picked::Unknown => self.say("console-choose-one")?,
            },
            // A numbered choice, or a typed answer (a date read back: type another one).
            Expect::OneOrText(opts) => match self.pick(line, opts) {
                Picked::Ids(ids) if ids.len() == 1 => self.choose(&ids[0]).await?,
                _ => self.send(Input::Text(line.to_owned())).await?,
            },
            Expect::Many(opts) => match self.pick(line, opts) {
                Picked::Ids(ids) => self.send(Input::Choices(ids)).await?,
                Picked::Unknown => self.say("console-not-a-number")?,
            },
            Expect::Text if asks_for_tasks(&prompt) => self.task_line(line).await?,
            _ => self.send(Input::Text(line.to_owned())).await?,
        }
        Ok(true)
    }

    /// The other side, when `line` is a bare number that only its open choice can take.
    fn other_side_for(&self, line: &str) -> Option<Role> {
        let n: usize = line.parse().ok()?;
        let other = match self.role {
            Role::Advisor => Role::Beneficiary,
            Role::Beneficiary => Role::Advisor,
        };
        let mine_takes_it = self.last.get(&self.role).is_some_and(|p| match &p.expect {
            Expect::One(o) | Expect::OneOrText(o) | Expect::Many(o) => (1..=o.len()).contains(&n),
            _ => false,
        });
        let theirs_takes_it = self.last.get(&other).is_some_and(|p| match &p.expect {
            Expect::One(o) => (1..=o.len()).contains(&n),
            _ => false,
        });
        (!mine_takes_it && theirs_takes_it).then_some(other)
    }

    /// The options a line names: by number ("2", "1 3", "1, 3") or by text ("Toutes les 2
    /// semaines", "phone, email"), with or without accents and capitals.
    fn pick(&self, line: &str, opts: &[Opt]) -> Picked {
        let numbers: Vec<&str> = line
            .split([' ', ',', ';'])
            .filter(|s| !s.is_empty())
            .collect();
        if !numbers.is_empty() && numbers.iter().all(|s| s.parse::<usize>().is_ok()) {
            let ids: Option<Vec<String>> = numbers
                .iter()
                .map(|s| {
                    s.parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .and_then(|i| opts.get(i))
                        .map(|o| o.id.clone())
                })
                .collect();
            return ids.map_or(Picked::Unknown, Picked::Ids);
        }
        let labels: Vec<String> = opts
            .iter()
            .map(|o| fold(&self.desk.i18n().msg(self.lang, &o.label)))
            .collect();
        let by_text = |typed: &str| -> Option<String> {
            let typed = fold(typed);
            if typed.is_empty() {
                return None;
            }
            let exact = labels.iter().position(|l| *l == typed);
            // The start of one label only ("toutes les 2" for "Toutes les 2 semaines").
            let start = || {
                let mut found = labels
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| typed.chars().count() >= 3 && l.starts_with(&typed));
                match (found.next(), found.next()) {
                    (Some((i, _)), None) => Some(i),
                    _ => None,
                }
            };
            exact.or_else(start).map(|i| opts[i].id.clone())
        };
        if let Some(id) = by_text(line) {
            return Picked::Ids(vec![id]);
        }
        let parts: Option<Vec<String>> = line
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|part| {
                part.parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| opts.get(i))
                    .map(|o| o.id.clone())
                    .or_else(|| by_text(part))
            })
            .collect();
        match parts {
            Some(ids) if !ids.is_empty() => Picked::Ids(ids),
            _ => Picked::Unknown,
        }
    }

    /// A line of the task list: several lines make one list, ended by an empty line; a line
    /// with "; " in it is the whole list.
    async fn task_line(&mut self, line: &str) -> Result<(), ConsoleError> {
        let mut list = self.tasks.take().unwrap_or_default();
        if line.is_empty() || (list.is_empty() && line.contains(';')) {
            if !line.is_empty() {
                list.push(line.to_owned());
            }
            return self.send(Input::Text(list.join("; "))).await;
        }
        list.push(line.to_owned());
        let count = list.len();
        self.tasks = Some(list);
        if count == 1 {
            self.say("console-tasks-more")?;
        }
        Ok(())
    }

    /// A command typed while a task list is being typed: `/back` and `/skip` drop the list,
    /// any other command sends it first (nothing typed is lost).
    pub(super) async fn end_task_list(&mut self, command: &str) -> Result<(), ConsoleError> {
        let Some(list) = self.tasks.take() else {
            return Ok(());
        };
        if matches!(command, "back" | "retour" | "skip" | "passer") || list.is_empty() {
            return Ok(());
        }
        self.send(Input::Text(list.join("; "))).await
    }

    pub(super) async fn choose(&mut self, id: &str) -> Result<(), ConsoleError> {
        match Chosen::from_id(id) {
            Chosen::Talk(Pick::Input(input)) => self.send(input).await,
            // The next line is the text.
            Chosen::Talk(Pick::Write(w)) => {
                self.pending = Some(w);
                match w {
                    talk::Write::Commitments => self.say("console-type-commitments"),
                    talk::Write::Proposal => self.say("console-type-proposal"),
                    talk::Write::Answer => Ok(()),
                }
            }
            Chosen::After { outcome, choice } => self.after_exchange(outcome, choice).await,
            Chosen::Reschedule { proposal, decision } => {
                let r = self
                    .desk
                    .decide_reschedule(proposal, &who(self.role), decision)
                    .await;
                match r {
                    Ok(msg) => {
                        let text = self.desk.i18n().msg(self.lang, &msg);
                        writeln!(self.out, "{text}")?;
                        self.deliveries().await
                    }
                    Err(e) => self.error(e).await,
                }
            }
        }
    }
}

/// What a line typed at a choice names.
enum Picked {
    Ids(Vec<String>),
    Unknown,
}

/// Whether `p` asks for the list of tasks (typed over several lines in the console).
fn asks_for_tasks(p: &Prompt) -> bool {
    p.body.iter().any(|m| m.id == "closing-tasks")
}

/// A label or a typed choice, compared without capitals, accents, quotes or a final stop.
fn fold(s: &str) -> String {
    let lower = s
        .trim()
        .trim_end_matches(['.', '!', '?', '\u{202f}'])
        .to_lowercase();
    lower
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '’' => '\'',
            '\u{202f}' | '\u{a0}' => ' ',
            other => other,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn labels_compare_as_people_type_them() {
        assert_eq!(
            fold("Toutes les 2 semaines"),
            fold("toutes les 2 SEMAINES ")
        );
        assert_eq!(fold("Téléphone"), "telephone");
        assert_eq!(fold("Oui, c’est ça."), "oui, c'est ca");
    }
}
