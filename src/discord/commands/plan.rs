//! `/plan [@beneficiary]`: the current agreement, shown privately. A beneficiary sees their
//! own; an advisor names one of their beneficiaries.

use serenity::all::User;

use super::Call;
use crate::discord::{Ctx, Error};

/// Show the current agreement (privately).
#[poise::command(slash_command)]
pub async fn plan(
    ctx: Ctx<'_>,
    #[description = "The beneficiary (advisors only)"] beneficiary: Option<User>,
) -> Result<(), Error> {
    let call = Call::new(ctx).await;
    let me = super::facts(&ctx).await;
    let beneficiary = beneficiary.map(|b| b.id.get());
    let plan = call.data.desk.plan_asked(call.guild(), &me, beneficiary);
    match plan.await? {
        Some(p) => {
            call.reply(&crate::discord::render::body(
                &call.data.i18n,
                call.lang,
                &p,
            ))
            .await
        }
        None => call.reply(&call.text("discord-no-plan")).await,
    }
}
