//! `/help`: what suivi does and the commands, privately, in the caller's language.

use super::Call;
use crate::discord::{Ctx, Error};

/// What suivi does, and its commands.
#[poise::command(slash_command)]
pub async fn help(ctx: Ctx<'_>) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    call.reply(&call.text("discord-help")).await
}
