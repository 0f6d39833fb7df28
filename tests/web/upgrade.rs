//! A visitor whose browser kept the outbox and receipts of the previous version: nothing they
//! queued or kept is lost on the upgrade.

use wasm_bindgen_test::*;

use crate::support::*;

/// A complaint queued by the previous version a minute ago, while the visitor was offline: one
/// line of tab-separated fields, its JSON body last.
fn earlier_outbox() -> String {
    let queued_at = js_sys::Date::now() as u64 - 60_000;
    format!("0190b7a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b\thttps://collector.test/v1/submissions\tfeedback\tacme\t2026-12-01T10:00:00.000Z\t1\tThe stove arrived cracked.\t{queued_at}\t1\t0\t{EARLIER_BODY}")
}

/// The complaint's JSON, as the previous version wrote it.
const EARLIER_BODY: &str = "{\"v\":1,\"id\":\"0190b7a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b\",\"site\":\"acme\",\"kind\":\"feedback\",\"sent_at\":\"2026-12-01T10:00:00.000Z\",\"page\":{\"url\":\"https://acme.test/\",\"title\":\"\",\"lang\":\"en\"},\"visitor\":\"3f1c2a4e8b7d4c6e9f0112345678abcd\",\"body\":{\"rating\":null,\"category\":\"complaint\",\"message\":\"The stove arrived cracked.\",\"contact\":null},\"meta\":{},\"trap\":\"\"}";

/// A question's receipt kept by the previous version.
const EARLIER_RECEIPTS: &str = "earlier-receipt-1\t0190b7a2-0000-7e5f-8a6b-7c8d9e0f1a2b\tquestion\t2026-11-30T09:00:00.000Z\tDo you ship to Belgium?";

#[wasm_bindgen_test]
async fn an_outbox_and_receipts_in_the_previous_format_are_delivered_kept_and_shown() {
    let net = FakeNetwork::install(vec![
        Answer::Status(201, r#"{"id":"0190b7a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b","receipt":"complaint-receipt","status":"received"}"#),
        Answer::Status(200, r#"{"id":"x","kind":"feedback","status":"received","answer":null}"#),
        Answer::Status(200, r#"{"id":"y","kind":"question","status":"answered","answer":{"message":"Yes, we do.","answered_at":"2026-12-01T09:00:00Z"}}"#),
    ]);
    storage().set_item(chapeau::outbox::STORAGE_KEY, &earlier_outbox()).unwrap();
    storage().set_item("chapeau.receipts.acme", EARLIER_RECEIPTS).unwrap();

    // The new module on a page of the site delivers what the old one queued, exactly as queued.
    chapeau::start();
    until("the old outbox is delivered", || outbox().is_empty()).await;
    let sent = net.body(0).await;
    assert_eq!(sent["id"], "0190b7a2-3c4d-7e5f-8a6b-7c8d9e0f1a2b");
    assert_eq!(sent["body"]["message"], "The stove arrived cracked.");

    // Nothing waits any more, and the two receipts, the old one and the complaint's, are kept,
    // now as JSON.
    assert_eq!(storage().get_item(chapeau::outbox::STORAGE_KEY).unwrap(), None);
    let kept: serde_json::Value = serde_json::from_str(&storage().get_item("chapeau.receipts.acme").unwrap().unwrap()).unwrap();
    let tokens: Vec<&str> = kept.as_array().unwrap().iter().map(|r| r["receipt"].as_str().unwrap()).collect();
    assert_eq!(tokens, ["complaint-receipt", "earlier-receipt-1"]);

    // And "Your messages" shows the question the visitor asked with the previous version.
    let w = Mounted::english();
    w.open().await;
    until("the old question's answer shows", || w.text(".answer-text") == "Yes, we do.").await;
    assert!(w.text(".my-questions").contains("Do you ship to Belgium?"));
}
