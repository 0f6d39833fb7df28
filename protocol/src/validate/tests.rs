use alloc::vec;
use serde_json::{json, Value};

use super::*;
use crate::submission::Category;

fn valid_feedback() -> Value {
    json!({
        "v": 1,
        "id": "3f1c2a4e-0b5d-4c6e-8f7a-9b0c1d2e3f40",
        "site": "acme",
        "kind": "feedback",
        "sent_at": "2026-11-23T10:00:00Z",
        "page": { "url": "https://acme.example/pricing", "title": "Pricing", "lang": "fr-FR" },
        "visitor": "b7d2c1e0a9f84e21",
        "body": { "rating": 4, "category": "idea", "message": "Dark mode, please", "contact": null },
        "meta": { "plan": "pro" },
        "trap": "",
        "dwell_ms": 5400
    })
}

fn parse(value: &Value) -> Result<Submission, ParseError> {
    parse_submission(value.to_string().as_bytes())
}

fn violation(value: &Value) -> Violation {
    match parse(value) {
        Err(ParseError::Invalid(v)) => v,
        other => panic!("expected a violation, got {other:?}"),
    }
}

/// Sets (or adds) the field at `pointer`.
fn with(mut value: Value, pointer: &str, new: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = if parent.is_empty() { &mut value } else { value.pointer_mut(parent).unwrap() };
    if let Some(object) = target.as_object_mut() {
        object.insert(key.to_string(), new);
    } else {
        *target = new;
    }
    value
}

fn without(mut value: Value, pointer: &str) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    value.pointer_mut(parent).unwrap().as_object_mut().unwrap().remove(key);
    value
}

#[test]
fn the_contract_example_parses() {
    let s = parse(&valid_feedback()).unwrap();
    assert_eq!(s.kind(), Kind::Feedback);
    assert_eq!(s.site, "acme");
    let Content::Feedback(f) = &s.content else { panic!() };
    assert_eq!(f.rating, Some(4));
    assert_eq!(f.category, Category::Idea);
    assert_eq!(s.meta["plan"], "pro");
    assert_eq!(s.dwell_ms, 5400);
}

#[test]
fn question_and_vote_parse() {
    let q = with(valid_feedback(), "/kind", json!("question"));
    let q = with(q, "/body", json!({ "message": "Do you ship to Belgium?" }));
    assert_eq!(parse(&q).unwrap().kind(), Kind::Question);

    let vote = with(valid_feedback(), "/kind", json!("vote"));
    let vote = with(vote, "/body", json!({ "poll": "next-feature", "choices": ["dark-mode"] }));
    assert_eq!(parse(&vote).unwrap().kind(), Kind::Vote);
}

#[test]
fn optional_fields_may_be_left_out() {
    let minimal = ["/meta", "/trap", "/body/rating", "/body/contact", "/page/title"]
        .iter()
        .fold(valid_feedback(), |v, p| without(v, p));
    let s = parse(&minimal).unwrap();
    assert!(s.meta.is_empty());
    assert_eq!(s.dwell_ms, 5400);
}


#[test]
fn serializing_then_parsing_gives_the_same_submission() {
    let s = parse(&valid_feedback()).unwrap();
    let again = parse_submission(serde_json::to_string(&s).unwrap().as_bytes()).unwrap();
    assert_eq!(s, again);
    let wire: Value = serde_json::to_value(&s).unwrap();
    assert_eq!(wire["kind"], "feedback");
    assert_eq!(wire["body"]["message"], "Dark mode, please");
}

#[test]
fn malformed_json_is_not_a_violation() {
    for bytes in [&b"{"[..], b"", b"nul", b"{\"v\":1,}", b"\xff\xfe"] {
        assert!(matches!(parse_submission(bytes), Err(ParseError::Malformed(_))), "{bytes:?}");
    }
}

#[test]
fn a_duplicated_key_anywhere_is_malformed_not_last_one_wins() {
    let text = serde_json::to_string(&valid_feedback()).unwrap();
    let top = text.replacen("\"site\":\"acme\"", "\"site\":\"acme\",\"site\":\"other\"", 1);
    let nested = text.replacen("\"message\":", "\"message\":\"harmless\",\"message\":", 1);
    let in_page = text.replacen("\"title\":", "\"title\":\"harmless\",\"title\":", 1);
    let in_meta = text.replacen("\"plan\":", "\"plan\":\"free\",\"plan\":", 1);
    for bytes in [top, nested, in_page, in_meta] {
        assert_ne!(bytes, text);
        match parse_submission(bytes.as_bytes()) {
            Err(ParseError::Malformed(why)) => assert!(why.contains("duplicate key"), "{why}"),
            other => panic!("{bytes}: {other:?}"),
        }
    }
    // The same key in two different objects is no duplicate.
    assert!(parse(&valid_feedback()).is_ok());
}

#[test]
fn every_kind_of_mistake_names_its_field() {
    let long = "x".repeat(5001);
    let cases: Vec<(Value, ErrorCode, &str)> = vec![
        (json!([1, 2]), ErrorCode::InvalidType, ""),
        (with(valid_feedback(), "/v", json!(2)), ErrorCode::OutOfRange, "v"),
        (without(valid_feedback(), "/id"), ErrorCode::Required, "id"),
        // Left out, the dwell time would skip the backend's check of how fast the form was sent.
        (without(valid_feedback(), "/dwell_ms"), ErrorCode::Required, "dwell_ms"),
        (with(valid_feedback(), "/id", json!("not-a-uuid")), ErrorCode::InvalidFormat, "id"),
        (with(valid_feedback(), "/site", json!("a b")), ErrorCode::InvalidFormat, "site"),
        (with(valid_feedback(), "/kind", json!("rant")), ErrorCode::OutOfRange, "kind"),
        (with(valid_feedback(), "/sent_at", json!("today")), ErrorCode::InvalidFormat, "sent_at"),
        (with(valid_feedback(), "/page/url", json!("")), ErrorCode::Required, "page.url"),
        (with(valid_feedback(), "/page/extra", json!(1)), ErrorCode::UnknownField, "page.extra"),
        (with(valid_feedback(), "/visitor", json!("short")), ErrorCode::InvalidFormat, "visitor"),
        (with(valid_feedback(), "/body/message", json!("   ")), ErrorCode::Required, "body.message"),
        (with(valid_feedback(), "/body/message", json!(long)), ErrorCode::TooLong, "body.message"),
        (with(valid_feedback(), "/body/message", json!(42)), ErrorCode::InvalidType, "body.message"),
        (without(valid_feedback(), "/body/message"), ErrorCode::Required, "body.message"),
        (with(valid_feedback(), "/body/rating", json!(6)), ErrorCode::OutOfRange, "body.rating"),
        (with(valid_feedback(), "/body/rating", json!(0)), ErrorCode::OutOfRange, "body.rating"),
        (with(valid_feedback(), "/body/rating", json!(300)), ErrorCode::OutOfRange, "body.rating"),
        (with(valid_feedback(), "/body/rating", json!("5")), ErrorCode::InvalidType, "body.rating"),
        (with(valid_feedback(), "/body/category", json!("rant")), ErrorCode::OutOfRange, "body.category"),
        (with(valid_feedback(), "/body/mood", json!("ok")), ErrorCode::UnknownField, "body.mood"),
        (
            with(valid_feedback(), "/body/contact", json!({ "email": "ana@example.com" })),
            ErrorCode::ConsentRequired,
            "body.contact.consent",
        ),
        (
            with(valid_feedback(), "/body/contact", json!({ "email": "ana@", "consent": true })),
            ErrorCode::InvalidEmail,
            "body.contact.email",
        ),
        (
            with(valid_feedback(), "/body/contact", json!({ "name": "n".repeat(101), "consent": true })),
            ErrorCode::TooLong,
            "body.contact.name",
        ),
        (with(valid_feedback(), "/meta/plan", json!(3)), ErrorCode::InvalidType, "meta.plan"),
        (
            with(valid_feedback(), "/meta", json!((0..21).map(|i| (format!("k{i}"), json!("v"))).collect::<serde_json::Map<_, _>>())),
            ErrorCode::TooMany,
            "meta",
        ),
        (with(valid_feedback(), "/dwell_ms", json!(-1)), ErrorCode::OutOfRange, "dwell_ms"),
        (with(valid_feedback(), "/surprise", json!(true)), ErrorCode::UnknownField, "surprise"),
    ];
    for (value, code, field) in cases {
        let v = violation(&value);
        assert_eq!((v.code, v.field.as_str()), (code, field), "{value}: {}", v.message);
    }
}

#[test]
fn votes_need_unique_choices() {
    let vote = with(valid_feedback(), "/kind", json!("vote"));
    let empty = with(vote.clone(), "/body", json!({ "poll": "p", "choices": [] }));
    assert_eq!(violation(&empty).code, ErrorCode::Required);
    let twice = with(vote.clone(), "/body", json!({ "poll": "p", "choices": ["a", "a"] }));
    assert_eq!(violation(&twice).field, "body.choices.1");
    let feedback_body = with(vote, "/body", json!({ "category": "idea", "message": "hi" }));
    assert_eq!(violation(&feedback_body).code, ErrorCode::UnknownField);
}

#[test]
fn messages_are_counted_in_characters_after_trimming() {
    let accents = "é".repeat(5000);
    assert!(validate_message(&format!("  {accents}\n"), "m").is_ok());
    assert_eq!(validate_message(&format!("{accents}é"), "m").unwrap_err().code, ErrorCode::TooLong);
}

#[test]
fn contact_without_details_needs_no_consent() {
    assert!(Contact::default().validate("c").is_ok());
}

#[test]
fn characters_are_counted_as_chars_counts_them() {
    for s in ["", "a", "é", "née", "✓✓", "🎩 hat", "\u{1f}\u{7f}\u{80}", &"ü".repeat(300)] {
        assert_eq!(super::char_len(s), s.chars().count(), "{s:?}");
    }
}
