//! The visitor's receipts, kept in their browser so that they can read the answers to their
//! questions when they come back. Plain logic: the widget stores the text this makes.
//!
//! One line per receipt, fields separated by tabs: a format this small needs no JSON parser
//! in the widget, and a damaged line is simply skipped.

use crate::prelude::*;
use chapeau_protocol::Kind;

/// How many receipts a visitor keeps per site: the newest win.
pub const MAX_RECEIPTS: usize = 30;

/// What the widget remembers of one submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedReceipt {
    pub receipt: String,
    pub id: String,
    pub kind: Kind,
    pub sent_at: String,
    /// The start of the message, to recognise it by.
    pub excerpt: String,
}

/// The receipts of one site, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReceiptBook {
    pub entries: Vec<SavedReceipt>,
}

/// The storage key of a site's receipts.
pub fn storage_key(site: &str) -> String {
    crate::text::cat(&["chapeau.receipts.", site])
}

impl ReceiptBook {
    /// Reads stored text; anything damaged is left out rather than failing.
    pub fn parse(text: &str) -> ReceiptBook {
        let entries = text
            .lines()
            .filter_map(|line| {
                let mut fields = line.splitn(5, '\t');
                let receipt = fields.next()?.to_string();
                let id = fields.next()?.to_string();
                let kind = match fields.next()? {
                    "question" => Kind::Question,
                    "feedback" => Kind::Feedback,
                    _ => return None,
                };
                let sent_at = fields.next()?.to_string();
                let excerpt = fields.next()?.to_string();
                let token_like = |s: &str| !s.is_empty() && chapeau_protocol::is_site_id(s);
                (token_like(&receipt) && chapeau_protocol::is_uuid(&id)).then_some(SavedReceipt { receipt, id, kind, sent_at, excerpt })
            })
            .take(MAX_RECEIPTS)
            .collect();
        ReceiptBook { entries }
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, r) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for text in [&r.receipt as &str, &r.id, r.kind.as_str(), &r.sent_at, &r.excerpt] {
                crate::outbox::field(&mut out, text);
            }
            out.pop();
        }
        out
    }

    /// Adds a receipt first; the same submission is never listed twice, and the oldest go
    /// beyond [`MAX_RECEIPTS`].
    pub fn add(&mut self, mut receipt: SavedReceipt) {
        receipt.excerpt = excerpt(&receipt.excerpt);
        self.entries.retain(|r| r.id != receipt.id);
        self.entries.insert(0, receipt);
        self.entries.truncate(MAX_RECEIPTS);
    }
}

/// The first 120 characters of a message on one line.
pub fn excerpt(message: &str) -> String {
    let mut flat = String::new();
    let words = message.split_whitespace().enumerate();
    let chars = words.flat_map(|(i, word)| (i > 0).then_some(' ').into_iter().chain(word.chars()));
    for (count, c) in chars.enumerate() {
        if count == 120 {
            flat.push('…');
            break;
        }
        flat.push(c);
    }
    flat
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(n: u32, message: &str) -> SavedReceipt {
        SavedReceipt {
            receipt: format!("receipt-token-{n}"),
            id: format!("3f1c2a4e-0b5d-4c6e-8f7a-{n:012x}"),
            kind: Kind::Question,
            sent_at: "2026-11-24T10:00:00.000Z".into(),
            excerpt: message.into(),
        }
    }

    #[test]
    fn receipts_round_trip_through_storage_text() {
        let mut book = ReceiptBook::default();
        book.add(saved(1, "Do you ship\tto Belgium?\nThanks"));
        book.add(saved(2, "Second"));
        let again = ReceiptBook::parse(&book.to_text());
        assert_eq!(again, book);
        assert_eq!(again.entries[0].excerpt, "Second", "newest first");
        assert_eq!(again.entries[1].excerpt, "Do you ship to Belgium? Thanks", "one line, no tabs");
    }

    #[test]
    fn damaged_storage_loses_only_the_damaged_lines() {
        let good = ReceiptBook { entries: vec![saved(1, "Fine")] }.to_text();
        let text = format!("garbage\n{good}\nx\ty\tvote\tz\tw\n<script>\t\t\t\t");
        assert_eq!(ReceiptBook::parse(&text).entries, vec![saved(1, "Fine")]);
        assert!(ReceiptBook::parse("").entries.is_empty());
    }

    #[test]
    fn the_book_is_bounded_and_never_lists_a_submission_twice() {
        let mut book = ReceiptBook::default();
        for n in 0..40 {
            book.add(saved(n, "q"));
        }
        book.add(saved(39, "q again"));
        assert_eq!(book.entries.len(), MAX_RECEIPTS);
        assert_eq!(book.entries[0].excerpt, "q again");
        assert_eq!(book.entries.iter().filter(|r| r.id == saved(39, "").id).count(), 1);
    }

    #[test]
    fn long_messages_are_cut_on_a_character() {
        let long = "é".repeat(200);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), 121);
        assert!(cut.ends_with('…'));
        let a = "a".repeat(120);
        assert_eq!(excerpt(&a), a, "exactly 120 is not cut");
        assert_eq!(excerpt(&[a.as_str(), " b"].concat()), [a.as_str(), "…"].concat(), "nor is a space counted twice");
        assert_eq!(excerpt(&[&a[1..], "\n\t b"].concat()), [&a[1..], " …"].concat());
        assert_eq!(excerpt("  Do you\tship\n to  Belgium? "), "Do you ship to Belgium?");
    }
}
