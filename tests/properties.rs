//! Property tests of what the widget reads from places it does not control: the embed's
//! attributes (whatever a site owner or a CMS writes) and the browser's storage (whatever
//! another script left there). Whatever the input, no panic: a panic in WebAssembly would
//! throw into the host page. `make test` runs 256 cases per property; `make fuzz` many more.
#![cfg(not(target_arch = "wasm32"))]

use chapeau::config::{WidgetConfig, KNOWN};
use chapeau::outbox::{Outbox, Pending};
use chapeau::receipts::ReceiptBook;
use chapeau::stored;
use proptest::prelude::*;

/// An attribute name: one the widget knows, a `meta-` one, or anything.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(KNOWN.to_vec()).prop_map(String::from),
        "meta-[a-z]{0,8}",
        "\\PC{0,12}",
    ]
}

/// A value: one the widget might expect, or anything at all.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "acme", "https://collect.example", "post", "full", "fr", "auto", "bottom-left", "feedback,question,poll",
            "poll", "next-tent", "a=A|b=B", "true", "false", "#slot", "emoji", "dark", "heart", "",
        ]).prop_map(String::from),
        "\\PC{0,80}",
        "[a-z=|,]{0,40}",
    ]
}

proptest! {
    #[test]
    fn any_attributes_give_a_widget_or_one_issue_naming_them(attributes in prop::collection::vec((name(), value()), 0..24)) {
        match WidgetConfig::from_attributes(attributes.clone()) {
            Ok((config, issues)) => {
                prop_assert!(!config.site.is_empty());
                prop_assert!(!config.modes.is_empty(), "a widget always has something to show");
                for issue in issues {
                    prop_assert!(!issue.to_string().is_empty());
                }
            }
            Err(issue) => prop_assert!(issue.to_string().contains("data-"), "{}", issue),
        }
    }

    #[test]
    fn any_stored_outbox_reads_without_panic_and_rereads_the_same(text in "\\PC{0,400}", lines in prop::collection::vec("[0-9a-f\\-\\t.{}:/a-z\\[\\]\"]{0,120}", 0..6)) {
        for text in [text, lines.join("\n")] {
            let outbox = read_outbox(&text);
            prop_assert_eq!(read_outbox(&serde_json::to_string(&outbox).unwrap()), outbox);
        }
    }

    /// Whatever the visitor wrote and wherever it goes, a kept submission is read back.
    #[test]
    fn a_kept_submission_is_read_back_whatever_its_text(excerpt in "\\PC{0,200}", url in "\\PC{1,60}", site in "\\PC{0,20}") {
        let mut outbox = Outbox::default();
        let pending = Pending {
            id: "3f1c2a4e-8b7d-4c6e-9f01-000000000001".into(),
            url,
            body: serde_json::json!({ "message": excerpt }).to_string(),
            kind: chapeau_protocol::Kind::Question,
            site,
            sent_at: "2026-11-25T10:00:00Z".into(),
            excerpt,
            keeps_receipt: true,
            queued_at: 0,
            attempts: 0,
            next_at: 0,
        };
        outbox.keep(pending.clone(), 1, 0.5);
        let read = read_outbox(&serde_json::to_string(&outbox).unwrap());
        prop_assert_eq!(read.pending.len(), 1);
        prop_assert_eq!(&read.pending[0].body, &pending.body);
    }

    #[test]
    fn any_stored_receipts_read_without_panic_and_reread_the_same(text in "\\PC{0,400}") {
        let book = read_receipts(&text);
        prop_assert_eq!(read_receipts(&serde_json::to_string(&book).unwrap()), book);
    }
}

/// The outbox as the widget reads it from storage: JSON, or the lines of earlier versions.
fn read_outbox(text: &str) -> Outbox {
    stored::read(Some(text), |t| serde_json::from_str::<Outbox>(t).ok(), Outbox::from_lines).value.sanitized()
}

/// The receipts as the widget reads them from storage.
fn read_receipts(text: &str) -> ReceiptBook {
    stored::read(Some(text), |t| serde_json::from_str::<ReceiptBook>(t).ok(), ReceiptBook::from_lines).value.sanitized()
}
