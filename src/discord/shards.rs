//! Which part of Discord's gateway this process runs. Discord sends a guild's events to shard
//! `(guild_id >> 22) % shard_count` and direct messages to shard 0; a bot in many guilds splits
//! its gateway into shards, and may run them in several processes (which then share one
//! PostgreSQL database: SQLite allows one `suivi run` per file).
//!
//! `suivi run` alone runs shard 0 of 1, the whole gateway. `--shards 0-1 --shard-count 4` runs
//! shards 0 and 1 of 4 (`--shards 2`: shard 2 alone); `--shard-count 4` alone runs all four
//! here; `--shard-count auto` runs as many as Discord recommends (`GET /gateway/bot`), all here.

use std::fmt;

use serenity::all::Http;

use super::Retry;

/// The shards asked for on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shards {
    /// Shards `first..=last` of `total`.
    Range(Plan),
    /// Every shard, as many as Discord recommends.
    Auto,
}

impl Default for Shards {
    /// Shard 0 of 1: the whole gateway on one connection.
    fn default() -> Self {
        Shards::Range(Plan::WHOLE)
    }
}

/// The shards this process runs: `first..=last` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

impl Plan {
    /// The whole gateway: shard 0 of 1.
    pub const WHOLE: Plan = Plan {
        first: 0,
        last: 0,
        total: 1,
    };

    /// Every shard of `total`.
    pub fn all(total: u32) -> Plan {
        Plan {
            first: 0,
            last: total.saturating_sub(1),
            total: total.max(1),
        }
    }

    /// How many connections this process opens.
    pub fn count(&self) -> usize {
        (self.last - self.first) as usize + 1
    }

    /// Whether other processes must run the other shards.
    pub fn is_partial(&self) -> bool {
        self.count() < self.total as usize
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "shard {} of {}", self.first, self.total)
        } else {
            write!(f, "shards {}-{} of {}", self.first, self.last, self.total)
        }
    }
}

/// Why `--shards` / `--shard-count` were refused (the CLI says it in the operator's language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardsError {
    /// `--shards` is neither a number nor a range `A-B` with `A <= B`.
    #[error("--shards {0} is not a shard or a range of shards")]
    BadRange(String),
    /// `--shard-count` is neither a number from 1 nor `auto`.
    #[error("--shard-count {0} is not a number of shards")]
    BadCount(String),
    /// `--shards` without `--shard-count`.
    #[error("--shards needs --shard-count")]
    NoCount,
    /// `--shards` with `--shard-count auto`.
    #[error("--shards cannot be used with --shard-count auto")]
    RangeWithAuto,
    /// The range goes past the count.
    #[error("--shards {range} does not fit in --shard-count {count}")]
    OutOfRange { range: String, count: u32 },
}

/// The most shards a command line may ask for (Discord's largest bots run a few thousand).
const MAX_SHARDS: u32 = 65_536;

impl Shards {
    /// Reads `--shards` and `--shard-count` as typed.
    pub fn parse(shards: Option<&str>, count: Option<&str>) -> Result<Shards, ShardsError> {
        let count = match count.map(str::trim) {
            None => None,
            Some(c) if c.eq_ignore_ascii_case("auto") => {
                return match shards {
                    Some(_) => Err(ShardsError::RangeWithAuto),
                    None => Ok(Shards::Auto),
                };
            }
            Some(c) => match c.parse::<u32>() {
                Ok(n) if (1..=MAX_SHARDS).contains(&n) => Some(n),
                _ => return Err(ShardsError::BadCount(c.to_owned())),
            },
        };
        let Some(range) = shards.map(str::trim) else {
            return Ok(Shards::Range(count.map_or(Plan::WHOLE, Plan::all)));
        };
        let number = |s: &str| s.trim().parse::<u32>().ok();
        let (first, last) = match range.split_once('-') {
            Some((a, b)) => (number(a), number(b)),
            None => (number(range), number(range)),
        };
        let (Some(first), Some(last)) = (first, last) else {
            return Err(ShardsError::BadRange(range.to_owned()));
        };
        if first > last {
            return Err(ShardsError::BadRange(range.to_owned()));
        }
        let Some(total) = count else {
            return Err(ShardsError::NoCount);
        };
        if last >= total {
            return Err(ShardsError::OutOfRange {
                range: range.to_owned(),
                count: total,
            });
        }
        Ok(Shards::Range(Plan { first, last, total }))
    }

    /// Whether the command line asked for anything but the whole gateway in one connection.
    pub fn is_sharded(&self) -> bool {
        *self != Shards::default()
    }

    /// The plan: as given, or every shard Discord recommends (asked, retried like the
    /// command registration; the last error if every try failed).
    pub async fn resolve(self, http: &Http, retry: Retry) -> Result<Plan, serenity::Error> {
        let Shards::Range(plan) = self else {
            let mut waits = retry.waits();
            loop {
                match http.get_bot_gateway().await {
                    Ok(g) => return Ok(Plan::all(g.shards)),
                    Err(e) => match waits.next() {
                        None => return Err(e),
                        Some(wait) => {
                            tracing::warn!(error = %e, "Discord's recommended shard count could not be asked for; retrying");
                            tokio::time::sleep(wait).await;
                        }
                    },
                }
            }
        };
        Ok(plan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(first: u32, last: u32, total: u32) -> Shards {
        Shards::Range(Plan { first, last, total })
    }

    #[test]
    fn the_flags_name_a_range_of_a_total_or_auto() {
        assert_eq!(Shards::parse(None, None), Ok(Shards::default()));
        assert_eq!(Shards::parse(None, None), Ok(plan(0, 0, 1)));
        assert_eq!(Shards::parse(Some("0-1"), Some("4")), Ok(plan(0, 1, 4)));
        assert_eq!(Shards::parse(Some("2"), Some("4")), Ok(plan(2, 2, 4)));
        assert_eq!(Shards::parse(Some(" 1 - 3 "), Some("4")), Ok(plan(1, 3, 4)));
        assert_eq!(Shards::parse(None, Some("4")), Ok(plan(0, 3, 4)));
        assert_eq!(Shards::parse(None, Some("auto")), Ok(Shards::Auto));
        assert_eq!(Shards::parse(None, Some("AUTO")), Ok(Shards::Auto));
        assert_eq!(Shards::parse(Some("0"), Some("1")), Ok(Shards::default()));
        assert!(!Shards::default().is_sharded());
        assert!(Shards::Auto.is_sharded());
        assert!(plan(0, 1, 2).is_sharded());
    }

    #[test]
    fn bad_flags_are_refused_with_what_was_typed() {
        let bad = |s: Option<&str>, c: Option<&str>| Shards::parse(s, c).unwrap_err();
        assert_eq!(
            bad(Some("1-0"), Some("4")),
            ShardsError::BadRange("1-0".into())
        );
        assert_eq!(bad(Some("a"), Some("4")), ShardsError::BadRange("a".into()));
        assert_eq!(
            bad(Some("-1"), Some("4")),
            ShardsError::BadRange("-1".into())
        );
        assert_eq!(bad(Some("0-1"), None), ShardsError::NoCount);
        assert_eq!(bad(Some("0-1"), Some("auto")), ShardsError::RangeWithAuto);
        assert_eq!(bad(None, Some("0")), ShardsError::BadCount("0".into()));
        assert_eq!(bad(None, Some("two")), ShardsError::BadCount("two".into()));
        assert_eq!(
            bad(Some("2-4"), Some("4")),
            ShardsError::OutOfRange {
                range: "2-4".into(),
                count: 4
            }
        );
    }

    #[test]
    fn a_plan_says_which_shards_and_how_many_connections() {
        let p = Plan {
            first: 1,
            last: 3,
            total: 4,
        };
        assert_eq!(p.count(), 3);
        assert!(p.is_partial());
        assert_eq!(p.to_string(), "shards 1-3 of 4");
        assert_eq!(Plan::WHOLE.to_string(), "shard 0 of 1");
        assert!(!Plan::WHOLE.is_partial());
        assert_eq!(Plan::all(2).count(), 2);
        assert!(!Plan::all(2).is_partial());
    }
}
