//! The slash commands, one per file, with French and English names and descriptions taken
//! from `locales/*/commands.ftl` (`cmd-<command>[-<sub>][-<option>]`, attributes `.name` and
//! `.description`). A command gathers what Discord says of the caller ([`facts`]) and hands it
//! to the service, which decides what they may do (`domain::access`); none decides it here.

pub mod consent;
pub mod digest;
pub mod help;
pub mod mydata;
pub mod plan;
pub mod reschedule;
pub mod session;
pub mod settings;
pub mod setup;
pub mod support;

use std::borrow::Cow;

use serenity::all::Permissions;

use super::{Ctx, Data, Error};
use crate::conversation::Who;
use crate::domain::access::Facts;
use crate::i18n::{I18n, Lang};

/// Every command, localised.
pub fn all(i18n: &I18n) -> Vec<poise::Command<Data, Error>> {
    let mut cmds = vec![
        session::session(),
        plan::plan(),
        settings::settings(),
        setup::setup(),
        support::support(),
        reschedule::reschedule(),
        consent::consent(),
        digest::digest(),
        mydata::mydata(),
        help::help(),
    ];
    for c in &mut cmds {
        localize(c, i18n, "cmd");
    }
    cmds
}

fn localize(c: &mut poise::Command<Data, Error>, i18n: &I18n, prefix: &str) {
    let key = format!("{prefix}-{}", c.name);
    if let Some(d) = i18n.attr(Lang::En, &key, "description") {
        c.description = Some(Cow::Owned(d));
    }
    c.name_localizations = Cow::Owned(localized(i18n, &key, "name"));
    c.description_localizations = Cow::Owned(localized(i18n, &key, "description"));
    for p in &mut c.parameters {
        let pkey = format!("{key}-{}", p.name);
        if let Some(d) = i18n.attr(Lang::En, &pkey, "description") {
            p.description = Some(Cow::Owned(d));
        }
        p.name_localizations = Cow::Owned(localized(i18n, &pkey, "name"));
        p.description_localizations = Cow::Owned(localized(i18n, &pkey, "description"));
    }
    for s in &mut c.subcommands {
        localize(s, i18n, &key);
    }
}

/// The French value of an attribute, under Discord's locale code.
fn localized(i18n: &I18n, key: &str, attr: &str) -> Vec<(Cow<'static, str>, Cow<'static, str>)> {
    i18n.attr(Lang::Fr, key, attr)
        .map(|v| vec![(Cow::Borrowed("fr"), Cow::Owned(v))])
        .unwrap_or_default()
}

/// The caller, with the locale of this interaction.
pub fn caller(ctx: &Ctx<'_>) -> Who {
    Who {
        id: ctx.author().id.get(),
        name: ctx.author().name.clone(),
        locale: ctx.locale().map(str::to_owned),
    }
}

/// The guild's locale Discord sent with this interaction (`guild_locale`), if any.
pub fn guild_locale<'a>(ctx: &Ctx<'a>) -> Option<&'a str> {
    match ctx {
        poise::Context::Application(a) => a.interaction.guild_locale.as_deref(),
        poise::Context::Prefix(_) => None,
    }
}

/// Before every command: remembers the guild's locale, so that a guild whose admin has not
/// chosen a language with `/setup` is spoken to in its own (the public Start message, and
/// later what is sent without an interaction).
pub async fn note_guild_locale(ctx: Ctx<'_>) {
    let (Some(guild), Some(locale)) = (ctx.guild_id(), guild_locale(&ctx)) else {
        return;
    };
    if let Err(e) = ctx.data().desk.note_guild_locale(guild.get(), locale).await {
        tracing::warn!(error = %e, "could not record the guild's locale");
    }
}

/// The language to answer the caller in: their saved preference, then this interaction's
/// locale, then the guild's, then the default.
pub async fn lang(ctx: &Ctx<'_>) -> Lang {
    let desk = &ctx.data().desk;
    let guild = ctx.guild_id().map_or(0, |g| g.get());
    desk.lang_of(ctx.author().id.get(), guild, ctx.locale())
        .await
        .unwrap_or(desk.config().language)
}

/// What Discord says of the caller, gathered without deciding anything (the service decides,
/// with `domain::access`): their id, their roles here, whether they may manage the server.
pub async fn facts(ctx: &Ctx<'_>) -> Facts {
    let id = ctx.author().id.get();
    let Some(member) = ctx.author_member().await else {
        return Facts::person(id);
    };
    Facts {
        id,
        roles: member.roles.iter().map(|r| r.get()).collect(),
        manages_server: member.permissions.is_some_and(|p| {
            p.contains(Permissions::ADMINISTRATOR) || p.contains(Permissions::MANAGE_GUILD)
        }),
    }
}

/// What every command begins with: the caller's language (asked once), the shared data and
/// the guild it was used in; and the private reply it ends with.
pub struct Call<'a> {
    ctx: Ctx<'a>,
    pub lang: Lang,
    pub data: &'a Data,
}

impl<'a> Call<'a> {
    pub async fn new(ctx: Ctx<'a>) -> Call<'a> {
        Call {
            ctx,
            lang: lang(&ctx).await,
            data: ctx.data(),
        }
    }

    /// The guild the command was used in; `None` in direct messages.
    pub fn guild(&self) -> Option<u64> {
        self.ctx.guild_id().map(|g| g.get())
    }

    /// The guild as the service takes it: 0 in direct messages.
    pub fn guild_or_dm(&self) -> u64 {
        self.guild().unwrap_or(0)
    }

    /// A message in the caller's language.
    pub fn text(&self, id: &str) -> String {
        self.data.i18n.text(self.lang, id)
    }

    /// A message with arguments in the caller's language.
    pub fn text_with(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.data.i18n.text_with(self.lang, id, args)
    }

    /// A message of the service in the caller's language, its arguments escaped for
    /// Discord's markdown.
    pub fn render(&self, msg: &crate::domain::prompt::Msg) -> String {
        super::render::text(&self.data.i18n, self.lang, msg)
    }

    /// Replies privately (ephemeral), split to fit.
    pub async fn reply(&self, text: &str) -> Result<(), Error> {
        reply_private(&self.ctx, text).await
    }
}

/// Sends a private (ephemeral) reply, split to fit.
pub async fn reply_private(ctx: &Ctx<'_>, text: &str) -> Result<(), Error> {
    for part in super::limits::split(text, super::limits::CONTENT) {
        ctx.send(poise::CreateReply::default().content(part).ephemeral(true))
            .await?;
    }
    Ok(())
}
