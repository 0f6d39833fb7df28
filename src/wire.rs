//! A submission as the widget sends it, and its JSON, written by hand: a JSON library in the
//! widget would cost every visitor more than the whole of this file. Plain logic; the tests
//! check it byte for byte against the protocol crate's own serialization, and that the
//! collector's parser reads it.

use crate::prelude::*;
use chapeau_protocol::{Contact, Content, Submission};

use crate::text::push_number;

/// One submission as the widget sends it: the contract's, with `meta` in the embed's order.
pub type Envelope = Submission<Vec<(String, String)>>;

/// The submission as the contract's JSON, fields in the contract's order.
pub fn submission_json(s: &Envelope) -> String {
    let mut out = String::with_capacity(256);
    out.push_str("{\"v\":");
    push_number(&mut out, u64::from(s.v));
    text_field(&mut out, "id", &s.id);
    text_field(&mut out, "site", &s.site);
    text_field(&mut out, "kind", s.kind().as_str());
    text_field(&mut out, "sent_at", &s.sent_at);
    out.push_str(",\"page\":{\"url\":");
    text(&mut out, &s.page.url);
    text_field(&mut out, "title", &s.page.title);
    text_field(&mut out, "lang", &s.page.lang);
    out.push('}');
    text_field(&mut out, "visitor", &s.visitor);
    out.push_str(",\"body\":{");
    match &s.content {
        Content::Feedback(f) => {
            out.push_str("\"rating\":");
            match f.rating {
                Some(rating) => push_number(&mut out, u64::from(rating)),
                None => out.push_str("null"),
            }
            text_field(&mut out, "category", f.category.as_str());
            text_field(&mut out, "message", &f.message);
            contact(&mut out, f.contact.as_ref());
        }
        Content::Question(q) => {
            out.push_str("\"message\":");
            text(&mut out, &q.message);
            contact(&mut out, q.contact.as_ref());
        }
        Content::Vote(v) => {
            out.push_str("\"poll\":");
            text(&mut out, &v.poll);
            out.push_str(",\"choices\":[");
            for (i, choice) in v.choices.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                text(&mut out, choice);
            }
            out.push(']');
        }
    }
    out.push_str("},\"meta\":{");
    for (i, (key, value)) in s.meta.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        text(&mut out, key);
        out.push(':');
        text(&mut out, value);
    }
    out.push('}');
    text_field(&mut out, "trap", &s.trap);
    if let Some(dwell) = s.dwell_ms {
        out.push_str(",\"dwell_ms\":");
        push_number(&mut out, dwell);
    }
    out.push('}');
    out
}

fn contact(out: &mut String, contact: Option<&Contact>) {
    out.push_str(",\"contact\":");
    let Some(c) = contact else {
        out.push_str("null");
        return;
    };
    out.push_str("{\"name\":");
    text(out, &c.name);
    text_field(out, "email", &c.email);
    out.push_str(if c.consent { ",\"consent\":true}" } else { ",\"consent\":false}" });
}

/// `,"key":"value"`.
fn text_field(out: &mut String, key: &str, value: &str) {
    out.push_str(",\"");
    out.push_str(key);
    out.push_str("\":");
    text(out, value);
}

/// A JSON string, escaped as serde_json escapes it.
fn text(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                out.push_str("\\u00");
                // Below ' ', so one byte.
                chapeau_protocol::push_hex(out, c as u8);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(all(test, not(target_arch = "wasm32")))] // proptest is a native dev-dependency
mod tests {
    use chapeau_protocol::{parse_submission, Category, Feedback, Page, Question, Vote, VERSION};
    use proptest::prelude::*;

    use super::*;

    /// The same submission as the protocol crate serializes it, `meta` in a map.
    fn contract(s: &Envelope) -> Submission {
        let Envelope { v, id, site, sent_at, page, visitor, content, meta, trap, dwell_ms } = s.clone();
        Submission { v, id, site, sent_at, page, visitor, content, meta: meta.into_iter().collect(), trap, dwell_ms }
    }

    fn submission(content: Content, meta: Vec<(String, String)>, dwell_ms: Option<u64>) -> Envelope {
        Envelope {
            v: VERSION,
            id: "0190b7a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b".into(),
            site: "acme".into(),
            sent_at: "2026-12-01T10:00:00.000Z".into(),
            page: Page { url: "https://acme.example/p?q=\"1\"".into(), title: "Tabs\tand \u{1}".into(), lang: "fr".into() },
            visitor: "3f1c2a4e8b7d4c6e9f0112345678abcd".into(),
            content,
            meta,
            trap: String::new(),
            dwell_ms,
        }
    }

    #[test]
    fn each_kind_is_written_as_serde_writes_it() {
        let contact = Some(Contact { name: "Ana \"A\"".into(), email: "ana@example.com".into(), consent: true });
        let bodies = [
            Content::Feedback(Feedback { rating: Some(4), category: Category::Complaint, message: "Line\nbreak \\ é ✓".into(), contact: contact.clone() }),
            Content::Feedback(Feedback { rating: None, category: Category::Other, message: "x".into(), contact: None }),
            Content::Question(Question { message: "Do you ship?".into(), contact }),
            Content::Vote(Vote { poll: "colour".into(), choices: vec!["red".into(), "blue".into()] }),
        ];
        // In sorted order here, as the protocol crate's map writes them.
        let meta = vec![("plan".to_string(), "pro".to_string()), ("z\u{7f}".to_string(), "\u{1f}".to_string())];
        for content in bodies {
            for (meta, dwell) in [(Vec::new(), None), (meta.clone(), Some(12_345))] {
                let s = submission(content.clone(), meta, dwell);
                assert_eq!(submission_json(&s), serde_json::to_string(&contract(&s)).unwrap());
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_round_trips_through_the_collectors_parser(message in "\\PC{1,200}|[\\x00-\\x7f]{1,50}", title in any::<String>(), dwell in proptest::option::of(any::<u64>())) {
            let mut s = submission(Content::Question(Question { message: message.clone(), contact: None }), Vec::new(), dwell);
            s.page.title = title;
            let json = submission_json(&s);
            prop_assert_eq!(&json, &serde_json::to_string(&contract(&s)).unwrap());
            if let Ok(parsed) = parse_submission(json.as_bytes()) {
                prop_assert_eq!(parsed.content, s.content);
            }
        }
    }
}
