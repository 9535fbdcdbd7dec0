//! Every payload the double produces must deserialize into serenity 0.12.5's models: serenity
//! silently drops a dispatch that does not.

use super::*;
use serenity::model::application::Interaction as SInteraction;
use serenity::model::channel::{GuildChannel, Message, PrivateChannel};
use serenity::model::event::GuildCreateEvent;
use serenity::model::gateway::Ready;

fn inner() -> Inner {
    let (changed, _) = watch::channel(0);
    Inner {
        port: 1,
        bot_id: 100,
        app_id: 101,
        owner_id: 102,
        state: Mutex::new(State::default()),
        changed,
    }
}

fn guild() -> GuildSpec {
    GuildSpec::new(500, "Guild", 7)
        .locale("fr")
        .text_channel(501, "general")
        .role(502, "mentors", "8")
        .member(&UserSpec::new(7, "owner"), &[502])
}

#[test]
fn guild_create_deserializes() {
    let inner = inner();
    let v = guild_create(&inner, &guild());
    let g: GuildCreateEvent = serde_json::from_value(v).expect("GUILD_CREATE");
    assert_eq!(g.guild.preferred_locale, "fr");
    assert_eq!(g.guild.channels.len(), 1);
    assert_eq!(g.guild.roles.len(), 2);
    assert_eq!(g.guild.members.len(), 2);
}

#[test]
fn message_deserializes() {
    let inner = inner();
    let extra = json!({"embeds": [{"title": "t", "description": "d"}],
        "components": [{"type": 1, "components": [{"type": 2, "style": 1, "label": "Yes", "custom_id": "yes"}]}],
        "flags": 64});
    let m = message_json(5, 6, None, inner.bot_user(), "hello", &extra);
    let m: Message = serde_json::from_value(m).expect("Message");
    assert_eq!(m.content, "hello");
    assert_eq!(m.components.len(), 1);
    let dm = message_json(
        5,
        6,
        None,
        UserSpec::new(9, "ana").to_json(),
        "hi",
        &json!({}),
    );
    let _: Message = serde_json::from_value(dm).expect("DM Message");
}

#[test]
fn ready_deserializes() {
    let inner = inner();
    let v = json!({
        "v": 10, "user": inner.bot_user(), "guilds": [{"id": "500", "unavailable": true}],
        "session_id": "s", "resume_gateway_url": "ws://x", "shard": [0, 1],
        "application": {"id": "101", "flags": 0},
    });
    let r: Ready = serde_json::from_value(v).expect("READY");
    assert_eq!(r.application.id.get(), 101);
}

fn double_with(inner: Inner) -> Double {
    let inner = Arc::new(inner);
    Double {
        _guard: Arc::new(ServerGuard(None, inner.clone())),
        inner,
    }
}

#[test]
fn interactions_deserialize() {
    let d = double_with(inner());
    d.add_guild_sync(guild());
    let user = UserSpec::new(9, "ana");
    let mut st = d.inner.lock();
    // Slash in DM with a sub-command and inferred types.
    let cmd = SlashSpec::dm(&user, "mission").options(json!([
        {"name": "start", "options": [{"name": "title", "value": "x"}, {"name": "n", "value": 3}]}
    ]));
    let (_, mut v) = d.new_interaction(&mut st, 2, &user, None, "fr", "0", &[], None);
    v["data"] = d.command_data(&st, &cmd);
    let i: SInteraction = serde_json::from_value(v).expect("slash DM");
    let c = i.command().expect("command");
    assert_eq!(c.user.id.get(), 9);
    assert_eq!(c.locale, "fr");
    assert_eq!(c.data.options.len(), 1);

    // Slash in a guild: the member becomes the user.
    let cmd = SlashSpec::guild(500, 501, &user, "mission");
    let (_, mut v) = d.new_interaction(
        &mut st,
        2,
        &user,
        Some((500, 501)),
        "en-US",
        "8",
        &[502],
        None,
    );
    v["data"] = d.command_data(&st, &cmd);
    let i: SInteraction = serde_json::from_value(v).expect("slash guild");
    let c = i.command().expect("command");
    assert_eq!(c.user.id.get(), 9);
    assert_eq!(c.guild_id.map(|g| g.get()), Some(500));
    assert_eq!(c.guild_locale.as_deref(), Some("fr"));

    // Autocomplete.
    let cmd = SlashSpec::dm(&user, "mission").options(json!([{"name": "title", "value": "x"}]));
    let (_, mut v) = d.new_interaction(&mut st, 4, &user, None, "fr", "0", &[], None);
    v["data"] = d.command_data(&st, &cmd);
    mark_focused(v["data"]["options"].as_array_mut().unwrap(), "title");
    let i: SInteraction = serde_json::from_value(v).expect("autocomplete");
    assert!(i.autocomplete().is_some());

    // Button and select with the full message.
    let msg = message_json(
        77,
        st.dm_by_user[&9],
        None,
        d.inner.bot_user(),
        "pick",
        &json!({"components": [{"type": 1, "components": [
            {"type": 3, "custom_id": "sel", "options": [{"label": "A", "value": "a"}]}]}]}),
    );
    for data in [
        json!({"custom_id": "b", "component_type": 2}),
        json!({"custom_id": "sel", "component_type": 3, "values": ["a"]}),
    ] {
        let (_, mut v) = d.new_interaction(&mut st, 3, &user, None, "fr", "0", &[], Some(77));
        v["data"] = data;
        v["message"] = msg.clone();
        let i: SInteraction = serde_json::from_value(v).expect("component");
        assert!(i.message_component().is_some());
    }

    // Modal submit, DM and guild.
    for guild in [None, Some((500, 501))] {
        let (_, mut v) = d.new_interaction(&mut st, 5, &user, guild, "fr", "0", &[], None);
        v["data"] = json!({"custom_id": "m", "components": [{"type": 1, "components": [
            {"type": 4, "custom_id": "f", "value": "text"}]}]});
        let i: SInteraction = serde_json::from_value(v).expect("modal");
        assert!(i.modal_submit().is_some());
    }
}

#[test]
fn rest_objects_deserialize() {
    let inner = inner();
    let mut st = inner.lock();
    let user = UserSpec::new(9, "ana");
    let dm = st.dm_channel(&user);
    let info = st.channels[&dm].clone();
    let c: PrivateChannel =
        serde_json::from_value(crate::rest::channel_json(&inner, &st, dm, &info))
            .expect("DM channel");
    assert_eq!(c.recipient.id.get(), 9);
    let thread = ChannelInfo {
        guild_id: Some(500),
        recipient: None,
        kind: 12,
        name: "t".into(),
        parent_id: Some(501),
    };
    let t: GuildChannel =
        serde_json::from_value(crate::rest::channel_json(&inner, &st, 9999, &thread))
            .expect("thread");
    assert!(t.thread_metadata.is_some());
}
