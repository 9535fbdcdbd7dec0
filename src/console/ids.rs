//! The console's two people by their ids, said at start: the operator's commands name people by
//! id (`suivi data export --user 2`), and nothing else in the console shows them.

use std::io::Write;

use super::{ADVISOR, BENEFICIARY};
use crate::i18n::{I18n, Lang};

/// Writes the line naming the advisor's and the beneficiary's ids, with the export command
/// that uses them.
pub(super) fn show<W: Write + ?Sized>(out: &mut W, i18n: &I18n, lang: Lang) -> std::io::Result<()> {
    let advisor = ADVISOR.to_string();
    let beneficiary = BENEFICIARY.to_string();
    let args = [
        ("advisor", advisor.as_str()),
        ("beneficiary", beneficiary.as_str()),
    ];
    writeln!(out, "{}", i18n.text_with(lang, "console-ids", &args))
}
