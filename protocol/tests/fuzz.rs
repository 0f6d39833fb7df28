//! Property tests of submission parsing and validation, the code every request body reaches
//! first: whatever the bytes, it answers (a submission or an error naming its rule), never
//! panics, and allocates in proportion to the input, never more.
//!
//! `make test` runs 256 cases per property; `make fuzz` runs many more (PROPTEST_CASES).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use chapeau_protocol::{limits, parse_submission, parse_submission_carefully, ParseError};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Counts the bytes this thread holds, and the most it held, so that a property can bound
/// what parsing one input may allocate. Per thread: the test harness runs tests in parallel.
struct Counting;

thread_local! {
    static HELD: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = HELD.try_with(|held| {
            let now = held.get() + layout.size();
            held.set(now);
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
        });
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = HELD.try_with(|held| held.set(held.get().saturating_sub(layout.size())));
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most this thread held at once while running `f`, above what it held before.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = HELD.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let out = f();
    (out, PEAK.with(Cell::get) - base)
}

/// What parsing `n` bytes may hold at most: a few times the input (a JSON tree of small
/// values costs more than its text), plus a fixed allowance for the parser itself.
fn allowance(n: usize) -> usize {
    64 * n + 64 * 1024
}

fn valid() -> Value {
    json!({
        "v": 1, "id": "3f1c2a4e-0b5d-4c6e-8f7a-9b0c1d2e3f40", "site": "acme", "kind": "feedback",
        "sent_at": "2026-11-23T10:00:00Z",
        "page": { "url": "https://acme.example/pricing", "title": "Pricing", "lang": "fr-FR" },
        "visitor": "b7d2c1e0a9f84e21",
        "body": { "rating": 4, "category": "complaint", "message": "It broke",
                  "contact": { "name": "Ana", "email": "ana@example.com", "consent": true } },
        "meta": { "plan": "pro" }, "trap": "", "dwell_ms": 5400
    })
}

/// The body fields of every kind, in the order [`valid_body_value`] numbers them.
const BODY_FIELDS: [&str; 6] = ["rating", "category", "message", "contact", "poll", "choices"];

fn valid_body_value(field: usize) -> Value {
    [json!(3), json!("idea"), json!("Where is my order?"), json!({ "name": "Ana", "email": "ana@example.com", "consent": true }),
        json!("colour"), json!(["green"])][field].clone()
}

/// The valid submission with kind number `kind` (feedback, question, vote) and this body.
fn with_body(kind: usize, fields: impl Iterator<Item = (usize, Value)>) -> String {
    let mut submission = valid();
    submission["kind"] = json!(["feedback", "question", "vote"][kind]);
    submission["body"] = Value::Object(fields.map(|(field, value)| (BODY_FIELDS[field].to_string(), value)).collect());
    submission.to_string()
}

/// Any JSON value, nested a few levels, with the strings and numbers that break parsers.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
        Just(json!("\u{0}\u{202e}<script>alert(1)</script>'; DROP TABLE submissions; --")),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{0,12}", inner, 0..8).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The JSON pointers of every value in `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

fn answers(bytes: &[u8]) -> Result<(), String> {
    let (result, peak) = peak_of(|| parse_submission(bytes));
    if peak > allowance(bytes.len()) {
        return Err(format!("{} bytes of input held {peak} bytes", bytes.len()));
    }
    if let Err(ParseError::Invalid(v)) = &result {
        // Without the `messages` feature (the widget's build) there are no words to check.
        if cfg!(feature = "messages") && v.message.is_empty() {
            return Err(format!("a violation without words: {v:?}"));
        }
    }
    // Whole submissions are read straight into their types: that way must answer exactly
    // what the careful way answers, for anything.
    let careful = parse_submission_carefully(bytes);
    if result != careful {
        return Err(format!("read directly: {result:?}; carefully: {careful:?}"));
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_bytes_get_an_answer(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        answers(&bytes).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn any_json_gets_an_answer(value in any_json()) {
        answers(value.to_string().as_bytes()).map_err(TestCaseError::fail)?;
    }

    /// A valid submission with one value anywhere in it replaced by anything: the answer is
    /// the submission or an error; an error names a field when one is to blame.
    #[test]
    fn a_valid_submission_with_one_value_replaced_gets_an_answer(pick in any::<prop::sample::Index>(), replacement in any_json()) {
        let mut submission = valid();
        let mut all = Vec::new();
        pointers(&submission, String::new(), &mut all);
        let at = pick.get(&all).clone();
        if at.is_empty() {
            submission = replacement;
        } else if let Some(slot) = submission.pointer_mut(&at) {
            *slot = replacement;
        }
        let text = submission.to_string();
        answers(text.as_bytes()).map_err(TestCaseError::fail)?;
    }

    /// A body with any fields of any kind (each valid, `null` or anything), under any kind:
    /// read directly, a field of another kind is the careful way's to refuse, as it would.
    #[test]
    fn bodies_with_the_fields_of_any_kind_get_an_answer(
        kind in 0usize..3,
        fields in prop::collection::vec((0usize..5, any_json()), 6),
    ) {
        // Each field absent, valid (twice as likely), null or anything.
        let body = fields.into_iter().enumerate().filter_map(|(field, (how, anything))| match how {
            0 => None,
            1 | 2 => Some((field, valid_body_value(field))),
            3 => Some((field, Value::Null)),
            _ => Some((field, anything)),
        });
        answers(with_body(kind, body).as_bytes()).map_err(TestCaseError::fail)?;
    }

    /// A valid body with a field or two of any kind added.
    #[test]
    fn a_valid_body_with_fields_of_other_kinds_gets_an_answer(
        kind in 0usize..3,
        extras in prop::collection::vec((0usize..6, any::<bool>(), any_json()), 1..3),
    ) {
        let required: &[usize] = [&[1, 2][..], &[2], &[4, 5]][kind];
        let body = required.iter().map(|&field| (field, valid_body_value(field)))
            .chain(extras.into_iter().map(|(field, valid, anything)| (field, if valid { valid_body_value(field) } else { anything })));
        answers(with_body(kind, body).as_bytes()).map_err(TestCaseError::fail)?;
    }

    /// Any text in the message, the title or a meta value: stored as written (SQL, HTML and
    /// control characters included) or refused with the field's name, never altered.
    #[test]
    fn text_fields_are_kept_verbatim_or_refused_by_name(text in "\\PC{0,60}", field in 0usize..3) {
        let mut submission = valid();
        let (pointer, name) = [("/body/message", "body.message"), ("/page/title", "page.title"), ("/meta/plan", "meta.plan")][field];
        *submission.pointer_mut(pointer).unwrap() = json!(text);
        match parse_submission(submission.to_string().as_bytes()) {
            Ok(parsed) => {
                let round = serde_json::to_value(&parsed).unwrap();
                prop_assert_eq!(round.pointer(pointer), Some(&json!(text)));
            }
            Err(ParseError::Invalid(v)) => prop_assert_eq!(v.field.as_str(), name),
            Err(other) => prop_assert!(false, "{:?}", other),
        }
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    for depth in [100, 1_000, 100_000] {
        let mut text = valid().to_string();
        let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        text = text.replacen("\"pro\"", &nested, 1);
        assert!(parse_submission(text.as_bytes()).is_err(), "depth {depth}");
        answers(text.as_bytes()).unwrap();
    }
}

#[test]
fn the_largest_body_a_backend_accepts_stays_within_bounds() {
    let mut submission = valid();
    submission["body"]["message"] = json!("é".repeat(limits::MESSAGE_MAX_CHARS));
    let text = submission.to_string();
    assert!(parse_submission(text.as_bytes()).is_ok());
    answers(text.as_bytes()).unwrap();
    let many_keys = format!("{{{}\"v\":1}}", (0..2000).map(|i| format!("\"k{i}\":[[[[{{}}]]]],")).collect::<String>());
    answers(many_keys.as_bytes()).unwrap();
}
