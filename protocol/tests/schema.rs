//! docs/protocol-v1.schema.json, the machine-readable contract users get, says what this
//! crate enforces: same kinds, categories, error codes, limits and required fields.

use chapeau_protocol::{limits, Category, ErrorCode};
use serde_json::Value;

fn schema() -> Value {
    let text = include_str!("../../docs/protocol-v1.schema.json");
    serde_json::from_str(text).expect("the schema is JSON")
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

#[test]
fn the_schema_lists_every_error_code_and_no_other() {
    let schema = schema();
    let listed = strings(&schema["$defs"]["Error"]["properties"]["error"]["properties"]["code"]["enum"]);
    let ours: Vec<String> = ErrorCode::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(listed, ours);
}

#[test]
fn the_schema_lists_the_same_categories_and_kinds() {
    let schema = schema();
    let categories = strings(&schema["$defs"]["FeedbackBody"]["properties"]["category"]["enum"]);
    let ours: Vec<String> = Category::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(categories, ours);
    let kinds = strings(&schema["$defs"]["Submission"]["properties"]["kind"]["enum"]);
    assert_eq!(kinds, ["feedback", "question", "vote"]);
}

#[test]
fn the_schema_states_the_same_limits() {
    let defs = &schema()["$defs"];
    let submission = &defs["Submission"]["properties"];
    assert_eq!(defs["Message"]["maxLength"], limits::MESSAGE_MAX_CHARS);
    assert_eq!(defs["Contact"]["properties"]["name"]["maxLength"], limits::NAME_MAX_CHARS);
    assert_eq!(defs["Contact"]["properties"]["email"]["maxLength"], limits::EMAIL_MAX_CHARS);
    assert_eq!(defs["VoteBody"]["properties"]["choices"]["maxItems"], limits::CHOICES_MAX);
    assert_eq!(submission["meta"]["maxProperties"], limits::META_MAX_KEYS);
    assert_eq!(submission["meta"]["propertyNames"]["maxLength"], limits::META_KEY_MAX_CHARS);
    assert_eq!(submission["meta"]["additionalProperties"]["maxLength"], limits::META_VALUE_MAX_CHARS);
    assert_eq!(submission["page"]["properties"]["url"]["maxLength"], limits::URL_MAX_CHARS);
    assert_eq!(submission["page"]["properties"]["title"]["maxLength"], limits::TITLE_MAX_CHARS);
    assert_eq!(submission["page"]["properties"]["lang"]["maxLength"], limits::LANG_MAX_CHARS);
    assert_eq!(submission["trap"]["maxLength"], limits::TRAP_MAX_CHARS);
}

#[test]
fn the_schema_requires_what_parsing_requires() {
    let schema = schema();
    let required = strings(&schema["$defs"]["Submission"]["required"]);
    // Every required field, removed from a valid submission, is refused as `required`.
    let valid: Value = serde_json::json!({
        "v": 1, "id": "3f1c2a4e-0b5d-4c6e-8f7a-9b0c1d2e3f40", "site": "acme", "kind": "question",
        "sent_at": "2026-11-23T10:00:00Z", "page": { "url": "https://acme.example/" },
        "visitor": "visitor-0001", "body": { "message": "Hello?" }, "dwell_ms": 4200
    });
    assert!(chapeau_protocol::parse_submission(valid.to_string().as_bytes()).is_ok());
    for field in &required {
        let mut without = valid.clone();
        without.as_object_mut().unwrap().remove(field);
        let err = chapeau_protocol::parse_submission(without.to_string().as_bytes()).unwrap_err();
        let chapeau_protocol::ParseError::Invalid(v) = err else { panic!("{field}: not a violation") };
        assert_eq!((v.code, v.field.as_str()), (ErrorCode::Required, field.as_str()));
    }
    assert_eq!(required.len(), valid.as_object().unwrap().len(), "the minimal example is exactly the required fields");
}
