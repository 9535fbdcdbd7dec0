//! The console's input, one line at a time, read with a cap.
//!
//! A line longer than the cap is never held whole: what is past the cap is read and dropped
//! until its end, and the line is reported as too long. A line that is not UTF-8 is reported
//! with its number; neither ends the input, so a script goes on with its next line. Reading is
//! cancel-safe (the console reads while it waits for deliveries): every byte taken from the
//! reader is recorded in the [`LineReader`] before the next await.

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// The shortest cap on a line, in bytes.
pub const MIN_LINE_BYTES: usize = 16 * 1024;

/// The cap for answers of at most `max_chars` characters: room for four bytes a character and
/// some white space around, never less than [`MIN_LINE_BYTES`].
pub fn line_cap(max_chars: usize) -> usize {
    max_chars
        .saturating_mul(4)
        .saturating_add(1024)
        .max(MIN_LINE_BYTES)
}

/// One line of input, or why it cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A line of text, without its line ending.
    Text(String),
    /// A line longer than the cap: its content was dropped.
    TooLong { number: u64 },
    /// A line that is not UTF-8 text: its content was dropped.
    NotUtf8 { number: u64 },
}

/// Reads lines of at most `cap` bytes from `inner`.
pub struct LineReader<R> {
    inner: R,
    cap: usize,
    /// The current line's bytes so far (at most `cap`).
    buf: Vec<u8>,
    /// The current line went past the cap: the rest is dropped.
    over: bool,
    /// Lines read so far (the current one is `number + 1`).
    number: u64,
}

impl<R: AsyncBufRead + Unpin> LineReader<R> {
    pub fn new(inner: R, cap: usize) -> Self {
        LineReader {
            inner,
            cap,
            buf: Vec::new(),
            over: false,
            number: 0,
        }
    }

    /// The next line, or `None` at the end of the input. A last line without a line ending
    /// counts as a line.
    pub async fn next_line(&mut self) -> std::io::Result<Option<Line>> {
        loop {
            let available = self.inner.fill_buf().await?;
            if available.is_empty() {
                if self.buf.is_empty() && !self.over {
                    return Ok(None);
                }
                return Ok(Some(self.finish()));
            }
            let (chunk, ended) = match available.iter().position(|b| *b == b'\n') {
                Some(i) => (&available[..i], true),
                None => (available, false),
            };
            let room = self.cap.saturating_sub(self.buf.len());
            if chunk.len() > room {
                self.over = true;
            }
            if !self.over {
                self.buf.extend_from_slice(chunk);
            }
            let used = chunk.len() + usize::from(ended);
            self.inner.consume(used);
            if ended {
                return Ok(Some(self.finish()));
            }
        }
    }

    /// Ends the current line and resets for the next one.
    fn finish(&mut self) -> Line {
        self.number += 1;
        let number = self.number;
        let bytes = std::mem::take(&mut self.buf);
        if std::mem::take(&mut self.over) {
            return Line::TooLong { number };
        }
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.ends_with('\r') {
                    text.pop();
                }
                Line::Text(text)
            }
            Err(_) => Line::NotUtf8 { number },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn all(input: &[u8], cap: usize) -> Vec<Line> {
        // A tiny buffer, so lines arrive in many pieces.
        let mut r = LineReader::new(tokio::io::BufReader::with_capacity(3, input), cap);
        let mut out = Vec::new();
        while let Some(l) = r.next_line().await.expect("reading from memory") {
            out.push(l);
        }
        out
    }

    fn text(s: &str) -> Line {
        Line::Text(s.to_owned())
    }

    #[tokio::test]
    async fn lines_are_read_whole_with_or_without_an_ending() {
        assert_eq!(
            all(b"one\r\ntwo\n\nthree", 64).await,
            vec![text("one"), text("two"), text(""), text("three")]
        );
        assert_eq!(all(b"", 64).await, vec![]);
        assert_eq!(all(b"\n", 64).await, vec![text("")]);
    }

    #[tokio::test]
    async fn a_line_not_in_utf8_is_refused_and_the_next_one_read() {
        assert_eq!(
            all(b"/help\n\xff\xfe bad\n/quit\n", 64).await,
            vec![text("/help"), Line::NotUtf8 { number: 2 }, text("/quit")]
        );
    }

    #[tokio::test]
    async fn a_line_past_the_cap_is_dropped_and_the_next_one_read() {
        let mut input = b"short\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 100));
        input.extend(b"\nnext\n");
        assert_eq!(
            all(&input, 10).await,
            vec![text("short"), Line::TooLong { number: 2 }, text("next")]
        );
        // Exactly at the cap is fine; a last line past the cap without an ending too.
        assert_eq!(
            all(b"0123456789\n0123456789a", 10).await,
            vec![text("0123456789"), Line::TooLong { number: 2 }]
        );
    }

    #[test]
    fn the_cap_leaves_room_for_the_longest_answer() {
        assert_eq!(line_cap(1500), MIN_LINE_BYTES);
        assert!(line_cap(4000) >= 4000 * 4);
        assert_eq!(line_cap(usize::MAX), usize::MAX);
    }
}
