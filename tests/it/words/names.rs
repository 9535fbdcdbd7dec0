//! Item 5 as rendered: a person without a display name is named by a neutral form, with a
//! capital when it opens the sentence; means read in lower case after a colon (a name such as
//! "WhatsApp" keeps its capitals); no double full stop after an answer that ends its own
//! sentence; an empty list of means is said, never "Moyens d'échange : .".

use suivi::domain::agreement::Means;
use suivi::domain::names::person;
use suivi::domain::prompt::{Arg, Msg, Role};
use suivi::i18n::{I18n, Lang};

fn render(lang: Lang, msg: &Msg) -> String {
    I18n::load().unwrap().msg(lang, msg)
}

#[test]
fn a_person_without_a_name_is_named_neutrally_in_each_language() {
    for (lang, name, opens, inside) in [
        (
            Lang::Fr,
            "beneficiary",
            "Votre bénéficiaire est arrivé·e à l’étape des engagements",
            "le récapitulatif que votre bénéficiaire confirmera",
        ),
        (
            Lang::En,
            "",
            "Your beneficiary has reached the commitments step",
            "the recap your beneficiary confirms",
        ),
    ] {
        let msg = Msg::new("closing-advisor-invite")
            .arg("beneficiary", person(Some(name), Role::Beneficiary));
        let text = render(lang, &msg);
        assert!(text.starts_with(opens), "{text}");
        assert!(text.contains(inside), "{text}");
        assert!(!text.contains("beneficiary est"), "{text}");
    }
    let named = Msg::new("closing-advisor-invite")
        .arg("beneficiary", person(Some("Moussa"), Role::Beneficiary));
    assert!(render(Lang::Fr, &named).starts_with("Moussa est arrivé·e"));
    // The other side, in a reminder: "with your advisor".
    let reminder = Msg::new("followup-reminder")
        .arg("other", person(None, Role::Advisor))
        .arg(
            "lead",
            Arg::Msg(Box::new(
                Msg::new("followup-lead-days").arg("n", Arg::Num(1)),
            )),
        )
        .arg("when", Arg::Text("Tuesday".into()))
        .arg("means", Arg::Msgs(vec![Means::Phone.msg(None)]))
        .text("mine", "a")
        .text("theirs", "b");
    let text = render(Lang::En, &reminder);
    assert!(text.contains("with your advisor"), "{text}");
    assert!(text.contains("Means: phone."), "{text}");
}

#[test]
fn means_read_in_lower_case_inside_a_sentence() {
    for (typed, shown) in [
        (
            "Des appels WhatsApp avec le bureau",
            "des appels WhatsApp avec le bureau",
        ),
        ("WhatsApp le soir", "WhatsApp le soir"),
        ("ONG locale", "ONG locale"),
        ("Zoom", "Zoom"),
    ] {
        let text = render(Lang::Fr, &Means::Other.msg(Some(typed)));
        assert_eq!(text, shown);
    }
    let list = Arg::Msgs(vec![Means::Email.msg(None), Means::InPerson.msg(None)]);
    let msg = Msg::new("recap-exchanges")
        .arg("cadence", Arg::Text("chaque semaine".into()))
        .arg("first", Arg::Text("mardi".into()))
        .arg("means", list.clone());
    assert!(
        render(Lang::Fr, &msg).ends_with("Moyens d’échange\u{202f}: courriel et en présentiel.")
    );
    let msg = Msg::new("recap-exchanges")
        .arg("cadence", Arg::Text("every week".into()))
        .arg("first", Arg::Text("Tuesday".into()))
        .arg(
            "means",
            Arg::Msgs(vec![Means::Phone.msg(None), Means::Video.msg(None)]),
        );
    assert!(render(Lang::En, &msg).ends_with("Means: phone and video call."));
}

#[test]
fn no_double_full_stop_after_an_answer_that_ends_its_sentence() {
    let msg = Msg::new("recap-exchanges")
        .arg("cadence", Arg::Text("chaque semaine".into()))
        .arg("first", Arg::Text("mardi".into()))
        .arg(
            "means",
            Arg::Msgs(vec![Means::Other.msg(Some("un café à la médiathèque."))]),
        );
    let text = render(Lang::Fr, &msg);
    assert!(text.ends_with("un café à la médiathèque."), "{text}");
    assert!(!text.contains(".."), "{text}");
    for lang in [Lang::Fr, Lang::En] {
        let msg = Msg::new("closing-advisor-proposed").text("proposal", "Relire le plan.");
        let text = render(lang, &msg);
        assert!(text.contains("Relire le plan."), "{text}");
        assert!(
            !text.contains(".\u{202f}».") && !text.contains(".\"."),
            "{text}"
        );
    }
}
