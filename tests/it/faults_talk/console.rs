//! The real console, on a file another process changes under it: a line typed to the question
//! it showed is refused once that question was answered elsewhere, and the question now asked
//! is shown with why.

use std::io::Write;
use std::sync::{Arc, Mutex};

use suivi::console::{ADVISOR, BENEFICIARY, GUILD};
use suivi::conversation::{Begin, Who};
use suivi::domain::closing::Input;
use suivi::i18n::Lang;
use tokio::io::AsyncWriteExt;

use crate::common::*;

/// What the console printed, shared with the test while it runs.
#[derive(Clone, Default)]
struct Screen(Arc<Mutex<Vec<u8>>>);

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Screen {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    async fn wait_for(&self, needle: &str) {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
        while !self.text().contains(needle) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "{needle:?} never shown:\n{}",
                self.text()
            );
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_line_to_a_question_answered_elsewhere_is_refused_and_the_question_shown() {
    let env = env().await;
    let (a, b) = (
        Who::new(ADVISOR, "advisor"),
        Who::new(BENEFICIARY, "beneficiary"),
    );
    // The console's people and rows: its own audience of the outbox, as `suivi console` has.
    let other = console_desk(&env).await;
    let (closing, _) = other
        .between(GUILD, &a, &b)
        .restart(Begin::Close { synthesis: false })
        .await
        .unwrap();
    for input in [
        Input::Choice("yes".into()),
        Input::Skip,
        Input::Choice("yes".into()),
    ] {
        other.input(closing, &b, input).await.unwrap();
    }
    // The console resumes the closing and shows its question.
    let screen = Screen::default();
    let (mut keyboard, typed) = tokio::io::duplex(4096);
    let console = {
        let desk = console_desk(&env).await;
        let mut out = screen.clone();
        tokio::spawn(async move {
            suivi::console::run(
                desk,
                tokio::io::BufReader::new(typed),
                &mut out,
                Lang::Fr,
                false,
            )
            .await
        })
    };
    screen.wait_for("quelle est la prochaine étape").await;

    // Another process (the bot, a second console) answers it.
    other
        .input(
            closing,
            &b,
            Input::Text("Rédiger la convention avec la commune de Thiès".into()),
        )
        .await
        .unwrap();
    // The person at the console types the answer to the question they see.
    keyboard
        .write_all("Préparer le budget prévisionnel avec le trésorier\n".as_bytes())
        .await
        .unwrap();
    screen
        .wait_for("Votre message est arrivé après que sa question a changé")
        .await;
    keyboard.write_all(b"/quit\n").await.unwrap();
    console.await.unwrap().unwrap();

    let shown = screen.text();
    let after = shown
        .split("Votre message est arrivé après que sa question a changé")
        .nth(1)
        .unwrap();
    assert!(
        after.contains("Quelles tâches allez-vous mettre en œuvre"),
        "{shown}"
    );
    assert_eq!(
        env.answer(closing, "next_step").await.as_deref(),
        Some("Rédiger la convention avec la commune de Thiès")
    );
    assert_eq!(env.answer(closing, "tasks").await, None);
}
