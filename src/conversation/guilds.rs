//! A guild's language before and after `/setup`. Discord sends the guild's locale with every
//! interaction in it; until an admin chooses a language with `/setup`, that locale is the
//! guild's language, so an English server is spoken to in English from its first command.

use super::{Desk, DeskError};
use crate::i18n::{negotiate, Lang};

impl Desk {
    /// Remembers the locale Discord sent for `guild` with an interaction (`guild_locale`),
    /// for the messages sent later without one (reminders, the other side's prompts).
    pub async fn note_guild_locale(&self, guild: u64, locale: &str) -> Result<(), DeskError> {
        if Lang::parse(locale).is_none() {
            // A language suivi does not speak tells nothing: the default stays.
            return Ok(());
        }
        let now = self.clock().now();
        Ok(self.store().set_guild_locale(guild, locale, now).await?)
    }

    /// The language of what everyone in `guild` reads (the public Start message): the one an
    /// admin chose with `/setup`, then `locale` (the guild locale of the interaction at
    /// hand), then the guild locale last seen, then the configured default.
    pub async fn guild_lang(&self, guild: u64, locale: Option<&str>) -> Result<Lang, DeskError> {
        let g = self.store().guild(guild).await?;
        let chosen = g.as_ref().and_then(|g| g.lang.as_deref());
        let seen = g.as_ref().and_then(|g| g.preferred_locale.as_deref());
        Ok(negotiate(chosen, locale, seen, self.config().language))
    }
}
