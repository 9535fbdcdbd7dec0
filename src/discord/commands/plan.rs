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
    let guild = ctx.guild_id().map(|g| g.get());
    let plan = data
        .desk
        .plan_asked(
            guild,
            &super::facts(&ctx).await,
            beneficiary.map(|b| b.id.get()),
        )
        .await?;
    match plan {
        Some(p) => reply_private(&ctx, &crate::discord::render::body(&data.i18n, lang, &p)).await,
        None => reply_private(&ctx, &data.i18n.text(lang, "discord-no-plan")).await,
    }
}
