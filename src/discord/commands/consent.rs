//! `/consent relay:yes|no` (`/consentement relayer`): the beneficiary gives again or withdraws,
//! at any moment, the consent to have information about their project relayed in their
//! advisor's networks. Recorded with its date; the advisor is told.

use super::{caller, lang, reply_private};
use crate::discord::{Ctx, Error};

/// Give or withdraw your consent to relay information about your project.
#[poise::command(slash_command)]
pub async fn consent(
    ctx: Ctx<'_>,
    #[description = "May your advisor relay information about your project?"] relay: bool,
) -> Result<(), Error> {
    let lang = lang(&ctx).await;
    let data = ctx.data();
    let guild = ctx.guild_id().map_or(0, |g| g.get());
    // What is now set, with its date; an advisor is shown the consent, never changes it.
    let text = match data
        .desk
        .relay_consent_said(guild, &caller(&ctx), relay)
        .await
    {
        Ok(msg) => data.i18n.msg(lang, &msg),
        Err(e) => data.i18n.text(lang, e.message_id()),
    };
    reply_private(&ctx, &text).await
}
