//! On the Discord double: an answer with markdown and bidirectional controls reaches the
//! advisor's DMs as the person's text — every markdown character escaped, so Discord shows it
//! as typed, and no control that could reorder it.

use crate::discord::{advisor, beneficiary, enter_commitments, World, FRENCH};

const NEXT_STEP: &str =
    "Rédiger la **convention** avec `Thiès` \u{202E}0001\u{202C} ||vite|| [ici](https://example.com)";
const NEXT_STEP_SHOWN: &str =
    r"Rédiger la \*\*convention\*\* avec \`Thiès\` 0001 \|\|vite\|\| \[ici\](https://example.com)";
const SYNTHESIS: &str =
    "# D'abord la convention\n> ensuite le budget <@8004> @everyone -# \u{2067}puis\u{2069} le calendrier";
const SYNTHESIS_SHOWN: &str =
    "\\# D'abord la convention\n\\> ensuite le budget \\<\\@8004\\> \\@everyone -\\# puis le calendrier";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markdown_and_bidi_in_an_answer_show_as_typed_in_the_advisors_dms() {
    let w = World::new(false).await;
    let (b, a, fr) = (beneficiary(), advisor(), FRENCH.locale);
    w.begin("open", false, fr).await;
    w.dm(FRENCH.expectations).await;
    w.prompt(&a).await;
    let review = w.begin("close", true, fr).await;
    w.click(&b, &review, ":c:partly", fr).await;
    let questions = w.prompt(&b).await;
    w.click(&b, &questions, ":skip", fr).await;
    let cont = w.prompt(&b).await;
    w.click(&b, &cont, ":c:yes", fr).await;
    w.prompt(&b).await;
    w.dm(NEXT_STEP).await;
    w.dm(FRENCH.tasks).await;
    let future = w.dm(FRENCH.means).await;
    w.click(&b, &future, ":skip", fr).await;
    let called = w.prompt(&b).await;
    w.click(&b, &called, ":c:next", fr).await;
    let relay = w.prompt(&b).await;
    w.click(&b, &relay, ":c:yes", fr).await;
    let freq = w.prompt(&b).await;
    w.click(&b, &freq, ":c:biweekly", fr).await;
    w.prompt(&b).await;
    let readback = w.dm(FRENCH.first).await;
    w.click(&b, &readback, ":c:date_ok", fr).await;
    let means = w.prompt(&b).await;
    w.select(&b, &means, &["email", "in_person"], fr).await;
    w.prompt(&b).await;
    let invite = w.prompt(&a).await;
    enter_commitments(&w, &invite, FRENCH.advisor_commitments, fr).await;
    w.prompt(&a).await;
    w.dm(FRENCH.commitments).await;
    let recap = w.dm(SYNTHESIS).await;
    // The synthesis, as the advisor's DM shows it.
    let alert = w.prompt(&a).await;
    assert!(alert.content.contains(SYNTHESIS_SHOWN), "{}", alert.content);
    // The recap the beneficiary confirms, then the one the advisor reviews.
    assert!(recap.content.contains(NEXT_STEP_SHOWN), "{}", recap.content);
    w.click(&b, &recap, ":c:confirm", fr).await;
    w.prompt(&b).await;
    let review = w.prompt(&a).await;
    assert!(
        review.content.contains(NEXT_STEP_SHOWN),
        "{}",
        review.content
    );
    for m in [&alert, &recap, &review] {
        assert!(
            !m.content
                .contains(['\u{202E}', '\u{202C}', '\u{2067}', '\u{2069}']),
            "{}",
            m.content
        );
        // Our own formatting is untouched: only the person's text is escaped.
        assert!(!m.content.contains(r"\•"), "{}", m.content);
    }
    w.double.assert_no_violations();
}
