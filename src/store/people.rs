//! People (language, time zone), guild settings, supports and work sessions.

use chrono::{DateTime, Utc};

use super::{id, ts, Store, StoreError};

/// A person as stored.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub display_name: String,
    pub lang: Option<String>,
    pub last_locale: Option<String>,
    pub timezone: Option<String>,
}

/// A guild's settings as stored.
#[derive(Debug, Clone, Default, PartialEq, sqlx::FromRow)]
pub struct GuildRow {
    pub id: i64,
    pub advisor_role_id: Option<i64>,
    pub fallback_channel_id: Option<i64>,
    pub lang: Option<String>,
    pub timezone: Option<String>,
    pub preferred_locale: Option<String>,
    /// Any language (set before texts were told apart by language).
    pub called_on_for: Option<String>,
    pub called_on_for_fr: Option<String>,
    pub called_on_for_en: Option<String>,
}

impl Store {
    /// Records that a person exists (and their current display name, and the locale of the
    /// interaction if any).
    pub async fn touch_person(
        &self,
        user: u64,
        name: &str,
        locale: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO people (id, display_name, last_locale, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT (id) DO UPDATE SET
               display_name = CASE WHEN $2 = '' THEN people.display_name ELSE $2 END,
               last_locale = COALESCE($3, people.last_locale),
               updated_at = $4",
        )
        .bind(id(user))
        .bind(name)
        .bind(locale)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn person(&self, user: u64) -> Result<Option<PersonRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, display_name, lang, last_locale, timezone FROM people WHERE id = $1",
        )
        .bind(id(user))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The private thread used for `user` when their direct messages are closed.
    pub async fn fallback_thread(&self, user: u64) -> Result<Option<u64>, StoreError> {
        let row: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT fallback_thread_id FROM people WHERE id = $1")
                .bind(id(user))
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(t,)| t).map(|t| t as u64))
    }

    pub async fn set_fallback_thread(
        &self,
        user: u64,
        thread: Option<u64>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE people SET fallback_thread_id = $1 WHERE id = $2")
            .bind(thread.map(id))
            .bind(id(user))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn set_person_lang(
        &self,
        user: u64,
        lang: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.touch_person(user, "", None, now).await?;
        sqlx::query("UPDATE people SET lang = $1, updated_at = $2 WHERE id = $3")
            .bind(lang)
            .bind(ts(now))
            .bind(id(user))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn set_person_timezone(
        &self,
        user: u64,
        tz: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.touch_person(user, "", None, now).await?;
        sqlx::query("UPDATE people SET timezone = $1, updated_at = $2 WHERE id = $3")
            .bind(tz)
            .bind(ts(now))
            .bind(id(user))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn guild(&self, guild: u64) -> Result<Option<GuildRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, advisor_role_id, fallback_channel_id, lang, timezone, preferred_locale, called_on_for,
                    called_on_for_fr, called_on_for_en
             FROM guilds WHERE id = $1",
        )
        .bind(id(guild))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Records the guild's locale as Discord sends it with an interaction (`guild_locale`).
    /// Writes only when it changed; the language an admin chose with `/setup` is kept apart.
    pub async fn set_guild_locale(
        &self,
        guild: u64,
        locale: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guilds (id, preferred_locale, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET preferred_locale = $2, updated_at = $3
             WHERE guilds.preferred_locale IS NOT $2",
        )
        .bind(id(guild))
        .bind(locale)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Saves a guild's settings (the whole row).
    pub async fn save_guild(&self, g: &GuildRow, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guilds (id, advisor_role_id, fallback_channel_id, lang, timezone, preferred_locale, called_on_for,
               called_on_for_fr, called_on_for_en, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (id) DO UPDATE SET advisor_role_id = excluded.advisor_role_id,
               fallback_channel_id = excluded.fallback_channel_id, lang = excluded.lang,
               timezone = excluded.timezone, preferred_locale = excluded.preferred_locale,
               called_on_for = excluded.called_on_for, called_on_for_fr = excluded.called_on_for_fr,
               called_on_for_en = excluded.called_on_for_en, updated_at = excluded.updated_at",
        )
        .bind(g.id)
        .bind(g.advisor_role_id)
        .bind(g.fallback_channel_id)
        .bind(&g.lang)
        .bind(&g.timezone)
        .bind(&g.preferred_locale)
        .bind(&g.called_on_for)
        .bind(&g.called_on_for_fr)
        .bind(&g.called_on_for_en)
        .bind(ts(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest work session of a support not closed yet, with its expectations.
    pub async fn open_session_of(
        &self,
        support: i64,
    ) -> Result<Option<(i64, Option<String>)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, expectations FROM work_sessions WHERE support_id = $1 AND closed_at IS NULL ORDER BY id DESC LIMIT 1",
        )
        .bind(support)
        .fetch_optional(&self.pool)
        .await?)
    }
}
