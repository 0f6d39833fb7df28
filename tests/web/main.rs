//! The widget in a real browser (headless Chromium): mounted into a fresh shadow root, driven
//! like a visitor would, checked on what the visitor sees.
//!
//! The network is the one thing replaced here: `window.fetch` answers as each test says, so
//! the in-between states (sending, a 503, no connection) can be held and looked at. The real
//! collector is exercised end to end by tests/e2e.
#![cfg(target_arch = "wasm32")]

mod component;
mod polls;
mod support;
mod upgrade;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlTextAreaElement, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

use support::*;

const RECEIPT: &str = r#"{"id":"x","receipt":"r","status":"received"}"#;

#[wasm_bindgen_test]
async fn the_launcher_opens_the_form_inside_the_shadow_root() {
    let w = Mounted::english();
    settle().await;
    let launcher: HtmlElement = w.get("button.launcher");
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(w.get::<HtmlElement>("section.panel").hidden());

    w.open().await;
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(!w.get::<HtmlElement>("section.panel").hidden());
    assert_eq!(w.text("#chapeau-title"), en("panel_title"));
    assert_eq!(w.text("label[for=chapeau-message]"), en("message_label"));
    let radios = w.root.query_selector_all("input[type=radio][name=rating]").unwrap();
    assert_eq!(radios.length(), 5, "the rating is a real radio group");
    // Isolated: nothing of the widget is reachable from the host document.
    assert!(document().query_selector("#chapeau-message").unwrap().is_none());
    // Focus moved into the form for keyboard users.
    until("the message field has focus", || {
        w.root.active_element().is_some_and(|e| e.id() == "chapeau-message")
    })
    .await;
}

#[wasm_bindgen_test]
async fn escape_closes_the_panel_and_returns_focus_to_the_launcher() {
    let w = Mounted::english();
    w.open().await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    w.get::<HtmlElement>("textarea").dispatch_event(&escape).unwrap();
    settle().await;
    assert!(w.get::<HtmlElement>("section.panel").hidden());
    assert!(w.root.active_element().is_some_and(|e| e.class_list().contains("launcher")));
}

#[wasm_bindgen_test]
async fn an_empty_message_is_refused_and_nothing_is_sent() {
    let net = FakeNetwork::install(vec![Answer::Status(201, RECEIPT)]);
    let w = Mounted::english();
    w.open().await;
    w.type_message("   ");
    w.send();
    settle().await;
    assert_eq!(w.status(), en("error_message_required"));
    assert_eq!(w.get::<Element>("textarea").get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(net.count(), 0);
}

#[wasm_bindgen_test]
async fn a_long_message_is_refused_with_the_limit_in_words() {
    let net = FakeNetwork::install(vec![Answer::Status(201, RECEIPT)]);
    let w = Mounted::english();
    w.open().await;
    w.type_message(&"a".repeat(5001));
    w.send();
    settle().await;
    assert_eq!(w.status(), "Your message is too long: 5,000 characters at most.");
    assert_eq!(w.get::<HtmlTextAreaElement>("textarea").value().len(), 5001, "nothing is cut");
    assert_eq!(net.count(), 0);
}

#[wasm_bindgen_test]
async fn sending_shows_its_state_then_a_confirmation() {
    let net = FakeNetwork::install(vec![Answer::Hold]);
    let w = Mounted::english();
    w.open().await;
    w.get::<HtmlInputElement>("input[type=radio][value='4']").click();
    w.type_message("  The boater is perfect.  ");
    w.send();
    settle().await;

    let button: HtmlButtonElement = w.get("button[type=submit]");
    assert_eq!(button.text_content().unwrap(), en("sending"));
    assert_eq!(button.get_attribute("aria-disabled").as_deref(), Some("true"));
    w.send(); // an impatient second click sends nothing more
    settle().await;
    assert_eq!(net.count(), 1);

    net.release(201, RECEIPT);
    until("the confirmation shows", || w.text(".sent-title") == en("sent_title")).await;
    assert!(w.find("textarea").is_none());

    let sent = net.body(0).await;
    assert_eq!(sent["v"], 1);
    assert_eq!(sent["site"], "acme");
    assert_eq!(sent["kind"], "feedback");
    assert_eq!(sent["body"]["message"], "The boater is perfect.");
    assert_eq!(sent["body"]["rating"], 4);
    assert_eq!(sent["trap"], "");
    assert!(chapeau_protocol::is_uuid(sent["id"].as_str().unwrap()));
    assert!(chapeau_protocol::is_rfc3339_timestamp(sent["sent_at"].as_str().unwrap()));
    let request = Clone::clone(&net.requests.borrow()[0]);
    assert_eq!(request.url(), "https://collector.test/v1/submissions");
    assert_eq!(request.method(), "POST");
    assert_eq!(request.headers().get("content-type").unwrap().as_deref(), Some("application/json"));

    // "Send another" starts a fresh, empty form.
    w.get::<HtmlElement>(".sent button").click();
    settle().await;
    assert_eq!(w.get::<HtmlTextAreaElement>("textarea").value(), "");
}

#[wasm_bindgen_test]
async fn a_server_error_keeps_the_submission_in_the_outbox_which_delivers_it_once_online() {
    let net = FakeNetwork::install(vec![Answer::Status(503, r#"{"error":{"code":"unavailable","message":"down"}}"#)]);
    let w = Mounted::english();
    w.open().await;
    w.type_message("Where is my order?");
    w.send();
    until("the visitor hears it is kept", || w.text(".sent-title") == en("queued_title")).await;
    assert!(w.text(".sent").contains(&en("queued_body")));
    let kept = outbox();
    assert_eq!(kept.pending.len(), 1, "kept in the browser's storage");
    assert!(kept.pending[0].body.contains("Where is my order?"));

    net.answer_next(Answer::Status(200, RECEIPT));
    back_online();
    until("the outbox is delivered", || outbox().is_empty()).await;
    assert_eq!(net.count(), 2);
    let (first, retry) = (net.body(0).await, net.body(1).await);
    assert_eq!(first["id"], retry["id"], "a retry is the same submission, never a second one");
    assert_eq!(first, retry, "sent again exactly as first sent");
}

#[wasm_bindgen_test]
async fn passing_trouble_is_kept_for_later_and_the_form_starts_afresh() {
    for answer in [Answer::NoConnection, Answer::Status(429, ""), Answer::Status(502, "<html>Bad gateway</html>")] {
        let _net = FakeNetwork::install(vec![answer]);
        let w = Mounted::english();
        w.open().await;
        w.type_message("Hello");
        w.send();
        until("kept for later", || w.text(".sent-title") == en("queued_title")).await;
        assert_eq!(outbox().pending.len(), 1);
        w.get::<HtmlButtonElement>(".sent button").click();
        settle().await;
        assert_eq!(w.get::<HtmlTextAreaElement>("textarea").value(), "", "a new form: the last message waits in the outbox");
    }
}

#[wasm_bindgen_test]
async fn an_outbox_left_by_another_page_is_delivered_when_the_widget_loads() {
    let _net = FakeNetwork::install(vec![Answer::NoConnection]);
    let w = Mounted::english();
    w.open().await;
    w.type_message("Sent from the product page");
    w.send();
    until("kept for later", || outbox().pending.len() == 1).await;
    let mut kept = outbox();
    drop(w);
    kept.pending[0].next_at = 0; // its retry is due

    // Another page of the site, later: its storage holds the outbox, and the module, as the
    // loader instantiates it (before any click, and before any check of the embed), delivers it.
    let net = FakeNetwork::install(vec![Answer::Status(201, RECEIPT)]);
    storage().set_item(chapeau::outbox::STORAGE_KEY, &serde_json::to_string(&kept).unwrap()).unwrap();
    chapeau::start();
    until("delivered from the other page", || outbox().is_empty()).await;
    assert_eq!(net.count(), 1);
    assert_eq!(net.body(0).await["body"]["message"], "Sent from the product page");
}

#[wasm_bindgen_test]
async fn edited_text_after_an_error_is_a_new_submission() {
    let net = FakeNetwork::install(vec![Answer::Status(422, "not json")]);
    let w = Mounted::english();
    w.open().await;
    w.type_message("First try");
    w.send();
    until("the error shows", || w.status() == en("error_invalid")).await;
    w.type_message("Second, better worded try");
    net.answer_next(Answer::Status(201, RECEIPT));
    w.send();
    until("confirmed", || w.text(".sent-title") == en("sent_title")).await;
    assert_ne!(net.body(0).await["id"], net.body(1).await["id"]);
}

#[wasm_bindgen_test]
async fn refusals_keep_the_text_say_why_and_queue_nothing() {
    let cases = [
        (Answer::Status(403, r#"{"error":{"code":"origin_not_allowed","message":"no"}}"#), en("error_refused")),
        (Answer::Status(422, "not json"), en("error_invalid")),
    ];
    for (answer, expected) in cases {
        let _net = FakeNetwork::install(vec![answer]);
        let w = Mounted::english();
        w.open().await;
        w.type_message("Hello");
        w.send();
        until(&expected, || w.status() == expected).await;
        assert_eq!(w.get::<HtmlTextAreaElement>("textarea").value(), "Hello");
        assert!(outbox().is_empty(), "a refusal would be refused again: nothing is queued");
    }
}

#[wasm_bindgen_test]
async fn the_widget_speaks_french_when_asked() {
    let _net = FakeNetwork::install(vec![Answer::NoConnection]);
    let w = Mounted::new(&[("site", "acme"), ("endpoint", "https://collector.test"), ("lang", "fr")]);
    w.open().await;
    until("the French catalog arrives", || w.text("#chapeau-title") == fr("panel_title")).await;
    assert_eq!(w.get::<Element>(".root").get_attribute("lang").as_deref(), Some("fr"));
}

#[wasm_bindgen_test]
async fn a_language_whose_texts_cannot_be_had_shows_in_english() {
    // The test's files have no Italian catalog.
    let w = Mounted::new(&[("site", "acme"), ("endpoint", "https://collector.test"), ("lang", "it")]);
    w.open().await;
    until("the widget shows, in English", || w.text("#chapeau-title") == en("panel_title")).await;
    assert_eq!(w.get::<Element>(".root").get_attribute("lang").as_deref(), Some("en"));
}

#[wasm_bindgen_test]
fn a_missing_site_is_an_error_naming_the_attribute() {
    let host = document().create_element("div").unwrap();
    let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).unwrap();
    let error = chapeau::mount(root.clone(), object(&[("endpoint", "https://collector.test")]))
        .err()
        .expect("no site, no widget");
    let message = Reflect::get(&JsValue::from(error), &"message".into()).unwrap().as_string().unwrap();
    assert!(message.starts_with("Chapeau: data-site is required"), "{message}");
    assert_eq!(root.child_element_count(), 0, "nothing half-mounted");
}

fn both_modes() -> Mounted {
    Mounted::new(&[("site", "acme"), ("endpoint", "https://collector.test"), ("lang", "en"), ("modes", "feedback,question")])
}

#[wasm_bindgen_test]
async fn several_modes_are_tabs_that_arrow_keys_move_between() {
    let w = both_modes();
    w.open().await;
    let tabs = w.root.query_selector_all("[role=tab]").unwrap();
    assert_eq!(tabs.length(), 2);
    assert_eq!(w.text("#chapeau-tab-feedback"), en("tab_feedback"));
    assert!(!w.get::<HtmlElement>("#chapeau-tabpanel-feedback").hidden());
    assert!(w.get::<HtmlElement>("#chapeau-tabpanel-question").hidden());

    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    let right = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    w.get::<HtmlElement>("#chapeau-tab-feedback").dispatch_event(&right).unwrap();
    settle().await;
    assert_eq!(w.get::<Element>("#chapeau-tab-question").get_attribute("aria-selected").as_deref(), Some("true"));
    assert_eq!(w.get::<Element>("#chapeau-tab-feedback").get_attribute("tabindex").as_deref(), Some("-1"));
    assert!(w.root.active_element().is_some_and(|e| e.id() == "chapeau-tab-question"), "focus follows");
    assert!(!w.get::<HtmlElement>("#chapeau-tabpanel-question").hidden());
    assert!(w.get::<HtmlElement>("#chapeau-tabpanel-feedback").hidden());
}

fn fill(w: &Mounted, selector: &str, value: &str) {
    let input: HtmlInputElement = w.get(selector);
    input.set_value(value);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn contact_details_need_consent_before_anything_is_sent() {
    let net = FakeNetwork::install(vec![Answer::Status(201, RECEIPT)]);
    let w = Mounted::new(&[("site", "acme"), ("endpoint", "https://collector.test"), ("lang", "en"), ("modes", "question")]);
    w.open().await;
    let question: HtmlTextAreaElement = w.get("#chapeau-question");
    question.set_value("Do you ship to Belgium?");
    question.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    fill(&w, "#chapeau-q-email", "ana@example");
    w.send();
    settle().await;
    assert_eq!(w.text("#chapeau-question-status"), en("error_invalid_email"));
    fill(&w, "#chapeau-q-email", "ana@example.com");
    w.send();
    settle().await;
    assert_eq!(w.text("#chapeau-question-status"), en("error_consent_required"));
    assert_eq!(net.count(), 0);
    assert_eq!(question.value(), "Do you ship to Belgium?", "nothing typed is lost");
}

#[wasm_bindgen_test]
async fn a_question_keeps_its_receipt_and_shows_the_answer() {
    storage().remove_item("chapeau.receipts.acme").unwrap();
    let answered = r#"{"id":"x","kind":"question","status":"answered","answer":{"message":"Yes, in 2 to 3 days.","answered_at":"2026-11-24T10:00:00Z"}}"#;
    let net = FakeNetwork::install(vec![
        Answer::Status(201, r#"{"id":"x","receipt":"rcpt-token-123","status":"received"}"#),
        Answer::Status(200, answered),
    ]);
    let w = Mounted::new(&[("site", "acme"), ("endpoint", "https://collector.test"), ("lang", "en"), ("modes", "question")]);
    w.open().await;
    let question: HtmlTextAreaElement = w.get("#chapeau-question");
    question.set_value("Do you ship to Belgium?");
    question.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    fill(&w, "#chapeau-q-name", "Ana");
    fill(&w, "#chapeau-q-email", "ana@example.com");
    w.get::<HtmlInputElement>(".consent input").click();
    w.send();
    until("the question is sent", || w.text(".sent-title") == en("asked_title")).await;
    let sent = net.body(0).await;
    assert_eq!(sent["kind"], "question");
    assert_eq!(sent["body"]["contact"], serde_json::json!({ "name": "Ana", "email": "ana@example.com", "consent": true }));
    let kept: serde_json::Value = serde_json::from_str(&storage().get_item("chapeau.receipts.acme").unwrap().unwrap()).unwrap();
    assert_eq!(kept[0]["receipt"], "rcpt-token-123", "{kept}");

    until("the answer shows", || w.text(".answer-text") == "Yes, in 2 to 3 days.").await;
    assert_eq!(w.text(".my-question .badge"), en("status_answered"));
    assert_eq!(w.text(".my-question .asked"), "Do you ship to Belgium?");
    let read = Clone::clone(&net.requests.borrow()[1]);
    assert_eq!(read.url(), "https://collector.test/v1/receipts/rcpt-token-123");
    assert_eq!(read.method(), "GET");
}

#[wasm_bindgen_test]
async fn a_post_level_backend_never_promises_an_answer_here() {
    storage().remove_item("chapeau.receipts.acme").unwrap();
    let net = FakeNetwork::install(vec![Answer::Status(204, "")]);
    let w = Mounted::new(&[("site", "acme"), ("endpoint", "https://hooks.test/in"), ("backend", "post"), ("lang", "en"), ("modes", "question")]);
    w.open().await;
    let question: HtmlTextAreaElement = w.get("#chapeau-question");
    question.set_value("Hello?");
    question.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    w.send();
    until("sent", || w.text(".sent-title") == en("asked_title")).await;
    assert_eq!(w.text(".sent p"), en("answers_elsewhere"));
    assert!(w.find(".my-questions").is_none());
    assert_eq!(net.count(), 1, "nothing is read back from a post-level backend");
    assert_eq!(Clone::clone(&net.requests.borrow()[0]).url(), "https://hooks.test/in");
}

#[wasm_bindgen_test]
async fn a_complaint_promises_a_follow_up_and_keeps_its_receipt() {
    storage().remove_item("chapeau.receipts.acme").unwrap();
    let net = FakeNetwork::install(vec![
        Answer::Status(201, r#"{"id":"x","receipt":"complaint-receipt-1","status":"received"}"#),
        Answer::Status(200, r#"{"id":"x","kind":"feedback","status":"received","answer":null}"#),
    ]);
    let w = Mounted::english();
    w.open().await;
    assert!(w.find(".complaint-note").is_none());
    w.get::<HtmlInputElement>("input[name=category][value=complaint]").click();
    settle().await;
    assert_eq!(w.text(".complaint-note"), en("complaint_note"));
    w.type_message("The zip broke on day two.");
    fill(&w, "#chapeau-fb-email", "ana@example.com");
    w.get::<HtmlInputElement>(".consent input").click();
    w.send();
    until("sent", || w.text(".sent-title") == en("sent_title")).await;
    let sent = net.body(0).await;
    assert_eq!(sent["body"]["category"], "complaint");
    assert_eq!(sent["body"]["contact"]["email"], "ana@example.com");
    until("the complaint is listed", || w.text(".my-question .badge") == en("status_received")).await;
    assert_eq!(w.text(".my-question .asked"), "The zip broke on day two.");
}

fn key(target: &HtmlElement, key: &str, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap()
}

#[wasm_bindgen_test]
async fn focus_stays_in_the_open_panel() {
    let w = both_modes();
    w.open().await;
    let close: HtmlElement = w.get(".panel-close");
    let send: HtmlElement = w.get("#chapeau-tabpanel-feedback button[type=submit]");
    send.focus().unwrap();
    assert!(!key(&send, "Tab", false), "Tab on the last control is taken over");
    assert!(w.root.active_element().is_some_and(|e| e.class_list().contains("panel-close")), "back to the first");
    assert!(!key(&close, "Tab", true));
    assert!(w.root.active_element().is_some_and(|e| e.get_attribute("type").as_deref() == Some("submit")), "and round to the last");
    let message: HtmlElement = w.get("#chapeau-message");
    message.focus().unwrap();
    assert!(key(&message, "Tab", false), "in the middle, Tab moves on as usual");
}

#[wasm_bindgen_test]
fn numbers_and_plural_forms_are_the_browsers_for_each_language() {
    use chapeau::i18n::Numbers;
    use chapeau::intl::BrowserNumbers;
    let (en, fr, de) = (BrowserNumbers(chapeau::Lang::En), BrowserNumbers(chapeau::Lang::Fr), BrowserNumbers(chapeau::Lang::De));
    assert_eq!(en.number(5000), "5,000");
    assert_eq!(fr.number(1234), "1\u{202f}234");
    assert_eq!(de.number(1234), "1.234");
    assert_eq!(en.percent(42), "42%");
    assert_eq!(fr.percent(42), "42\u{a0}%");
    assert!(en.is_one(1) && !en.is_one(0) && !en.is_one(2));
    assert!(fr.is_one(0) && fr.is_one(1) && !fr.is_one(2), "French: zero is singular");
}
