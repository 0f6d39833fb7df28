//! The visitor's receipts, kept in their browser so that they can read the answers to their
//! questions and complaints when they come back. Plain logic: stored as JSON (see
//! [`crate::stored`]), read from the line format of earlier versions too.

use chapeau_protocol::Kind;
use serde::{Deserialize, Serialize};

/// How many receipts a visitor keeps per site: the newest win.
pub const MAX_RECEIPTS: usize = 30;

/// What the widget remembers of one submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedReceipt {
    pub receipt: String,
    pub id: String,
    pub kind: Kind,
    pub sent_at: String,
    /// The start of the message, to recognise it by.
    pub excerpt: String,
}

impl SavedReceipt {
    /// Whether it can be what the widget kept: a token, a submission id, a question or feedback.
    fn is_sane(&self) -> bool {
        !self.receipt.is_empty() && chapeau_protocol::is_site_id(&self.receipt) && chapeau_protocol::is_uuid(&self.id) && self.kind != Kind::Vote
    }
}

/// The receipts of one site, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReceiptBook {
    pub entries: Vec<SavedReceipt>,
}

/// The storage key of a site's receipts.
pub fn storage_key(site: &str) -> String {
    format!("chapeau.receipts.{site}")
}

impl ReceiptBook {
    /// What was read from storage, without what cannot be a receipt the widget kept.
    pub fn sanitized(mut self) -> ReceiptBook {
        self.entries.retain(SavedReceipt::is_sane);
        self.entries.truncate(MAX_RECEIPTS);
        self
    }

    /// Reads the line format of earlier versions: one receipt per line, its fields separated
    /// by tabs. A damaged line is left out.
    pub fn from_lines(text: &str) -> ReceiptBook {
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
                Some(SavedReceipt { receipt, id, kind, sent_at: fields.next()?.to_string(), excerpt: fields.next()?.to_string() })
            })
            .collect();
        ReceiptBook { entries }.sanitized()
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

    fn from_json(text: &str) -> ReceiptBook {
        serde_json::from_str::<ReceiptBook>(text).unwrap().sanitized()
    }

    #[test]
    fn receipts_round_trip_through_storage_as_json() {
        let mut book = ReceiptBook::default();
        book.add(saved(1, "Do you ship\tto Belgium?\nThanks"));
        book.add(saved(2, "Second"));
        let text = serde_json::to_string(&book).unwrap();
        assert!(text.starts_with(r#"[{"receipt":"receipt-token-2","#), "{text}");
        let again = from_json(&text);
        assert_eq!(again, book);
        assert_eq!(again.entries[0].excerpt, "Second", "newest first");
        assert_eq!(again.entries[1].excerpt, "Do you ship to Belgium? Thanks", "one line");
    }

    #[test]
    fn the_line_format_of_earlier_versions_is_read_whole() {
        // As the previous version stored two receipts: newest first, tab-separated.
        let earlier = "receipt-token-2\t3f1c2a4e-0b5d-4c6e-8f7a-000000000002\tfeedback\t2026-11-24T10:00:00.000Z\tMy stove arrived cracked\n\
                       receipt-token-1\t3f1c2a4e-0b5d-4c6e-8f7a-000000000001\tquestion\t2026-11-24T09:00:00.000Z\tDo you ship to Belgium?";
        let book = ReceiptBook::from_lines(earlier);
        assert_eq!(book.entries.len(), 2);
        assert_eq!((book.entries[0].kind, book.entries[0].excerpt.as_str()), (Kind::Feedback, "My stove arrived cracked"));
        assert_eq!(book.entries[1].receipt, "receipt-token-1");
    }

    #[test]
    fn damaged_storage_loses_only_what_is_damaged() {
        let good = "receipt-token-1\t3f1c2a4e-0b5d-4c6e-8f7a-000000000001\tquestion\t2026-11-24T10:00:00.000Z\tFine";
        let text = format!("garbage\n{good}\nx\ty\tvote\tz\tw\n<script>\t\t\t\t");
        assert_eq!(ReceiptBook::from_lines(&text).entries, vec![saved(1, "Fine")]);
        let vote = r#"[{"receipt":"t","id":"3f1c2a4e-0b5d-4c6e-8f7a-000000000001","kind":"vote","sent_at":"","excerpt":""}]"#;
        assert!(from_json(vote).entries.is_empty(), "a vote keeps no receipt");
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
