//! Prompts become Discord messages: text split to fit, choices as buttons or a select menu,
//! the side controls (back, skip, pause) as a row of grey buttons. People's text in them is
//! escaped (see `markdown.rs`): it shows as typed, never as formatting.
//!
//! Each component's `custom_id` names the conversation, the question and the action (see
//! `ids.rs`), so a click works after a restart and applies only to the question it was shown
//! with.

use serenity::all::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateMessage,
    CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption,
};

use super::ids::{custom_id, Action};
use super::limits;
use super::markdown;
use crate::domain::prompt::{Expect, Msg, Prompt};
use crate::i18n::{I18n, Lang};

/// The messages that show `prompt` (several when the text is long; components on the last).
/// `answer_button`: offer a button that opens a modal for free text.
pub fn messages(
    i18n: &I18n,
    lang: Lang,
    conversation: i64,
    prompt: &Prompt,
    answer_button: bool,
) -> Vec<CreateMessage> {
    let text = body(i18n, lang, prompt);
    let parts = limits::split(&text, limits::CONTENT);
    let rows = components(i18n, lang, conversation, prompt, answer_button);
    let last = parts.len().saturating_sub(1);
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let m = CreateMessage::new()
                .content(part)
                .allowed_mentions(CreateAllowedMentions::new());
            if i == last && !rows.is_empty() {
                m.components(rows.clone())
            } else {
                m
            }
        })
        .collect()
}

/// A prompt's text for Discord: people's text escaped.
pub fn body(i18n: &I18n, lang: Lang, prompt: &Prompt) -> String {
    i18n.prompt_body_with(lang, prompt, &markdown::escape)
}

/// A message's text for Discord: people's text escaped.
pub fn text(i18n: &I18n, lang: Lang, msg: &Msg) -> String {
    i18n.msg_with(lang, msg, &markdown::escape)
}

/// The action rows of a prompt.
pub fn components(
    i18n: &I18n,
    lang: Lang,
    conversation: i64,
    prompt: &Prompt,
    answer_button: bool,
) -> Vec<CreateActionRow> {
    let mut rows = Vec::new();
    match &prompt.expect {
        Expect::One(opts) | Expect::OneOrText(opts) if opts.len() <= 4 => {
            let buttons = opts
                .iter()
                .map(|o| {
                    CreateButton::new(custom_id(
                        conversation,
                        prompt.token,
                        &Action::Choice(o.id.clone()),
                    ))
                    .label(limits::label(
                        &i18n.msg(lang, &o.label),
                        limits::BUTTON_LABEL,
                    ))
                    .style(ButtonStyle::Primary)
                })
                .collect();
            rows.push(CreateActionRow::Buttons(buttons));
        }
        Expect::One(opts) | Expect::OneOrText(opts) | Expect::Many(opts) => {
            let many = matches!(prompt.expect, Expect::Many(_));
            let options: Vec<CreateSelectMenuOption> = opts
                .iter()
                .take(limits::SELECT_OPTIONS)
                .map(|o| {
                    CreateSelectMenuOption::new(
                        limits::label(&i18n.msg(lang, &o.label), limits::OPTION_LABEL),
                        o.id.clone(),
                    )
                })
                .collect();
            let n = options.len() as u8;
            let action = if many {
                Action::Many
            } else {
                Action::OneOfMany
            };
            let placeholder = i18n.text(
                lang,
                if many {
                    "discord-select-many"
                } else {
                    "discord-select-one"
                },
            );
            let menu = CreateSelectMenu::new(
                custom_id(conversation, prompt.token, &action),
                CreateSelectMenuKind::String { options },
            )
            .placeholder(limits::label(&placeholder, limits::OPTION_LABEL))
            .min_values(1)
            .max_values(if many { n } else { 1 });
            rows.push(CreateActionRow::SelectMenu(menu));
        }
        Expect::Text if answer_button => {
            let b = CreateButton::new(custom_id(conversation, prompt.token, &Action::Answer))
                .label(limits::label(
                    &i18n.text(lang, "discord-answer-button"),
                    limits::BUTTON_LABEL,
                ))
                .style(ButtonStyle::Primary);
            rows.push(CreateActionRow::Buttons(vec![b]));
        }
        _ => {}
    }
    let mut controls = Vec::new();
    for (on, action, id) in [
        (prompt.controls.back, Action::Back, "control-back"),
        (prompt.controls.skip, Action::Skip, "control-skip"),
        (prompt.controls.pause, Action::Pause, "control-pause"),
    ] {
        if on {
            controls.push(
                CreateButton::new(custom_id(conversation, prompt.token, &action))
                    .label(limits::label(&i18n.text(lang, id), limits::BUTTON_LABEL))
                    .style(ButtonStyle::Secondary),
            );
        }
    }
    if !controls.is_empty() {
        rows.push(CreateActionRow::Buttons(controls));
    }
    rows.truncate(limits::ROWS);
    rows
}
