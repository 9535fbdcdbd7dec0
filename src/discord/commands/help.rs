//! `/help`: what suivi does and the commands, privately, in the caller's language.

use super::{lang, reply_private};
use crate::discord::{Ctx, Error};

/// What suivi does, and its commands.
#[poise::command(slash_command)]
pub async fn help(ctx: Ctx<'_>) -> Result<(), Error> {
    let lang = lang(&ctx).await;
    reply_private(&ctx, &ctx.data().i18n.text(lang, "discord-help")).await
}
