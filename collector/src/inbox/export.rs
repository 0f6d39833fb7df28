//! Exports of the inbox's submissions, as CSV (for spreadsheets) and JSON (for programs).

use crate::db::Entry;

const COLUMNS: [&str; 16] = [
    "id", "received_at", "site", "kind", "category", "rating", "status", "spam", "message",
    "contact_name", "contact_email", "page_url", "page_title", "page_lang", "answer", "answered_at",
];

/// RFC 4180 CSV. Cells that a spreadsheet would run as a formula get a leading quote.
pub fn csv(entries: &[Entry]) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for e in entries {
        let rating = e.rating.map(|r| r.to_string()).unwrap_or_default();
        let cells = [
            e.id.as_str(), &e.received_at, &e.site, &e.kind, e.category.as_deref().unwrap_or(""), &rating, &e.status,
            if e.spam { "true" } else { "false" }, e.message.as_deref().unwrap_or(""), e.contact_name.as_deref().unwrap_or(""),
            e.contact_email.as_deref().unwrap_or(""), &e.page_url, &e.page_title, &e.page_lang,
            e.answer.as_deref().unwrap_or(""), e.answered_at.as_deref().unwrap_or(""),
        ];
        out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"http://evil\")"), "\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assert_eq!(cell("-1+1"), "'-1+1");
    }
}
