//! `/plan [@beneficiary]`: the current agreement, shown privately. A beneficiary sees their
//! own; an advisor names one of their beneficiaries.

use serenity::all::User;

use super::{lang, reply_private};
use crate::discord::{Ctx, Error};

/// Show the current agreement (privately).
#[poise::command(slash_command)]
pub async fn plan(
    ctx: Ctx<'_>,
    #[description = "The beneficiary (advisors only)"] beneficiary: Option<User>,
) -> Result<(), Error> {
    let lang = lang(&ctx).await;
    let data = ctx.data();
    let me = ctx.author().id.get();
    let supports = data.desk.store().supports_of(me).await?;
    let here = ctx.guild_id().map(|g| g.get() as i64);
    let found = match &beneficiary {
        // An advisor asks for one of their beneficiaries.
        Some(b) => supports
            .iter()
            .find(|(_, g, a, ben)| {
                *a as u64 == me && *ben as u64 == b.id.get() && here.is_none_or(|h| h == *g)
            })
            .map(|(_, g, _, ben)| (*ben as u64, *g as u64)),
        None => supports
            .iter()
            .find(|(_, g, _, ben)| *ben as u64 == me && here.is_none_or(|h| h == *g))
            .map(|(_, g, _, ben)| (*ben as u64, *g as u64)),
    };
    let plan = match found {
        Some((b, g)) => data.desk.plan(b, g).await?,
        None => None,
    };
    match plan {
        Some(p) => reply_private(&ctx, &data.i18n.prompt_body(lang, &p)).await,
        None => reply_private(&ctx, &data.i18n.text(lang, "discord-no-plan")).await,
    }
}
