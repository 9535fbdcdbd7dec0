//! `/consent relay:yes|no` (`/consentement relayer`): the beneficiary gives again or withdraws,
//! at any moment, the consent to have information about their project relayed in their
//! advisor's networks. Recorded with its date; the advisor is told.

use super::{caller, Call};
use crate::discord::{Ctx, Error};

/// Give or withdraw your consent to relay information about your project.
#[poise::command(slash_command)]
pub async fn consent(
    ctx: Ctx<'_>,
    #[description = "May your advisor relay information about your project?"] relay: bool,
) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    // What is now set, with its date; an advisor is shown the consent, never changes it.
    let said = call
        .data
        .desk
        .relay_consent_said(call.guild_or_dm(), &caller(&ctx), relay)
        .await;
    let text = match said {
        Ok(msg) => call.data.i18n.msg(call.lang, &msg),
        Err(e) => call.text(e.message_id()),
    };
    call.reply(&text).await
}
