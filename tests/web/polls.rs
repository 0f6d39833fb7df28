//! Polls, the public Q&A, the inline placement and the events the page hears, in a real
//! browser.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::support::*;

const POLL_OPEN: &str = r#"{"id":"tent","question":"Which tent next?","options":[{"id":"ultralight","label":"Ultralight"},{"id":"family","label":"Family"}],"multiple":false,"closes_at":null,"results":null}"#;
const POLL_RESULTS: &str = r#"{"id":"tent","question":"Which tent next?","options":[{"id":"ultralight","label":"Ultralight"},{"id":"family","label":"Family"}],"multiple":false,"closes_at":null,"results":{"total":3,"counts":{"ultralight":2,"family":1}}}"#;
const POLL_CLOSED: &str = r#"{"id":"tent","question":"Which tent next?","options":[{"id":"ultralight","label":"Ultralight"},{"id":"family","label":"Family"}],"multiple":false,"closes_at":"2020-01-01T00:00:00Z","results":{"total":1234,"counts":{"ultralight":1000,"family":234}}}"#;
const VOTED: &str = r#"{"id":"v","receipt":"r","status":"received"}"#;

fn inline_poll(site: &str) -> Mounted {
    Mounted::new(&[("site", site), ("endpoint", "https://collector.test"), ("lang", "en"), ("poll", "tent"), ("container", "inline")])
}

fn inputs(w: &Mounted, selector: &str) -> Vec<HtmlInputElement> {
    let found = w.root.query_selector_all(selector).unwrap();
    (0..found.length()).map(|i| found.item(i).unwrap().unchecked_into()).collect()
}

fn click(w: &Mounted, selector: &str) {
    w.get::<HtmlElement>(selector).click();
}

fn clear_storage() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
}

#[wasm_bindgen_test]
async fn a_poll_is_a_radio_group_then_results_with_the_visitors_choice() {
    clear_storage();
    let net = FakeNetwork::install(vec![Answer::Status(200, POLL_OPEN), Answer::Status(201, VOTED), Answer::Status(200, POLL_RESULTS)]);
    let w = inline_poll("poll-site");
    until("the poll loads", || w.find("fieldset.choices").is_some()).await;
    assert_eq!(w.text("fieldset.choices legend"), "Which tent next?");
    let radios = inputs(&w, "input[name=chapeau-poll]");
    assert_eq!(radios.iter().map(|r| r.type_()).collect::<Vec<_>>(), ["radio", "radio"]);
    assert!(w.root.active_element().is_none(), "an inline poll never takes focus by itself");
    assert!(w.find("[part=poll-closes]").is_none(), "no closing time, no date");

    w.send();
    settle().await;
    assert_eq!(w.status(), en("error_choice_required"));
    assert_eq!(net.count(), 1, "no vote left without a choice");

    radios[1].click();
    w.send();
    until("the results show", || w.find(".results").is_some()).await;
    let vote = net.body(1).await;
    assert_eq!(vote["kind"], "vote");
    assert_eq!(vote["body"], serde_json::json!({"poll": "tent", "choices": ["family"]}));
    let rows: Vec<String> = (0..2).map(|i| w.text(&format!(".result:nth-child({})", i + 1))).collect();
    assert!(rows[0].contains("Ultralight") && rows[0].contains("67%") && rows[0].contains("2 votes"), "{rows:?}");
    assert!(rows[1].contains("33%") && rows[1].contains("1 vote") && rows[1].contains(&en("your_choice")), "{rows:?}");
    assert_eq!(w.text(".total"), "3 people have voted");

    click(&w, "button[part=change-vote]");
    settle().await;
    let radios = inputs(&w, "input[name=chapeau-poll]");
    assert!(radios[1].checked(), "changing starts from the visitor's vote");
}

#[wasm_bindgen_test]
async fn a_returning_voter_sees_the_results_and_a_closed_poll_takes_no_vote() {
    clear_storage();
    let _net = FakeNetwork::install(vec![Answer::Status(200, POLL_CLOSED)]);
    let w = inline_poll("closed-site");
    until("the results show", || w.find(".results").is_some()).await;
    assert_eq!(w.text("[part=poll-closed]"), en("poll_closed"));
    assert!(inputs(&w, "input[name=chapeau-poll]").is_empty());
    assert!(w.find("button[part=change-vote]").is_none(), "a closed poll's vote cannot change");
    assert!(w.text(".result").contains("1,000 votes"), "{}", w.text(".result"));
    assert_eq!(w.text(".total"), "1,234 people have voted");
}

#[wasm_bindgen_test]
async fn a_vote_that_arrives_after_the_closing_is_explained_with_the_results() {
    clear_storage();
    let closed = r#"{"error":{"code":"poll_closed","message":"closed","field":"body.poll"}}"#;
    let _net = FakeNetwork::install(vec![Answer::Status(200, POLL_OPEN), Answer::Status(422, closed), Answer::Status(200, POLL_CLOSED)]);
    let w = inline_poll("late-site");
    until("the poll loads", || w.find("fieldset.choices").is_some()).await;
    inputs(&w, "input[name=chapeau-poll]")[0].click();
    w.send();
    until("the closed poll shows", || w.find("[part=poll-closed]").is_some()).await;
    assert_eq!(w.status(), en("error_poll_closed"));
    assert!(w.find(".results").is_some());
}

#[wasm_bindgen_test]
async fn an_unknown_poll_says_so_and_a_silent_backend_offers_a_retry() {
    let unknown = r#"{"error":{"code":"unknown_poll","message":"no such poll"}}"#;
    let net = FakeNetwork::install(vec![Answer::Status(404, unknown)]);
    let w = inline_poll("unknown-site");
    until("the poll is reported missing", || w.find("[part=poll-unavailable]").is_some()).await;
    assert_eq!(w.text("[part=poll-unavailable]"), en("poll_unavailable"));
    drop(w);

    net.answer_next(Answer::NoConnection);
    let w = inline_poll("offline-site");
    until("the failure shows", || w.text(".poll").contains(&en("poll_load_failed"))).await;
    net.answer_next(Answer::Status(200, POLL_OPEN));
    click(&w, ".poll button.secondary");
    until("the poll loads on retry", || w.find("fieldset.choices").is_some()).await;
}

#[wasm_bindgen_test]
async fn a_poll_in_the_embed_goes_to_a_post_backend_and_invents_no_results() {
    clear_storage();
    let net = FakeNetwork::install(vec![Answer::Status(204, "")]);
    let w = Mounted::new(&[("site", "post-site"), ("endpoint", "https://hooks.test/in"), ("backend", "post"), ("lang", "en"),
        ("poll", "day"), ("poll-question", "Best days?"), ("poll-options", "sat=Saturday|sun=Sunday|mon=Monday"),
        ("poll-multiple", "true"), ("container", "inline")]);
    until("the poll shows", || w.find("fieldset.choices").is_some()).await;
    let boxes = inputs(&w, "input[name=chapeau-poll]");
    assert_eq!(boxes.iter().map(|b| b.type_()).collect::<Vec<_>>(), ["checkbox"; 3]);
    boxes[2].click();
    boxes[0].click();
    w.send();
    until("the vote is confirmed", || w.text(".poll").contains(&en("poll_results_elsewhere"))).await;
    assert_eq!(net.count(), 1, "nothing is read from a post-level backend");
    assert_eq!(net.body(0).await["body"], serde_json::json!({"poll": "day", "choices": ["sat", "mon"]}));
    assert!(w.find(".results").is_none(), "no results are invented");
}

#[wasm_bindgen_test]
async fn the_public_qa_shows_answers_as_text_and_counts_an_upvote_once() {
    clear_storage();
    let list = r#"[{"id":"q1","message":"<b>Repairs?</b>","answer":"<img src=x onerror=alert(1)>Yes","upvotes":4,"answered_at":"2026-11-01T10:00:00Z"}]"#;
    let net = FakeNetwork::install(vec![Answer::Status(200, list), Answer::Status(200, r#"{"upvotes":5}"#)]);
    let w = Mounted::new(&[("site", "qa-site"), ("endpoint", "https://collector.test"), ("lang", "en"), ("modes", "question"),
        ("public-questions", "true")]);
    w.open().await;
    until("the answered questions show", || w.find(".public-question").is_some()).await;
    assert_eq!(w.text(".public-question .asked"), "<b>Repairs?</b>", "a visitor's text is never HTML");
    assert!(w.find(".public-question img").is_none());
    assert!(w.text(".upvote-line").contains("4 people found this helpful"));
    let upvote: HtmlElement = w.get("button.upvote");
    assert_eq!(upvote.get_attribute("aria-pressed").as_deref(), Some("false"));
    upvote.click();
    until("the count moves", || w.text(".upvote-line").contains("5 people found this helpful")).await;
    assert_eq!(net.body(1).await["visitor"].as_str().map(str::len), Some(32));
    w.get::<HtmlElement>("button.upvote").click();
    settle().await;
    assert_eq!(net.count(), 2, "one upvote per visitor");
    assert_eq!(w.get::<Element>("button.upvote").get_attribute("aria-pressed").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn emoji_ratings_keep_their_words() {
    let w = Mounted::new(&[("site", "acme"), ("endpoint", "https://collector.test"), ("lang", "en"), ("rating", "emoji")]);
    w.open().await;
    assert_eq!(w.root.query_selector_all(".star.emoji svg.face").unwrap().length(), 5);
    assert!(w.find(".star-glyph").is_none(), "faces, not stars");
    assert_eq!(w.text(".star.emoji .visually-hidden"), en("rating_1"));
    inputs(&w, "input[name=rating]")[3].click();
    settle().await;
    let lit = w.root.query_selector_all(".star.lit").unwrap();
    assert_eq!(lit.length(), 1, "a face is a mood: only the chosen one lights up");
    assert_eq!(lit.item(0).unwrap().text_content().unwrap(), en("rating_4"));
}

#[wasm_bindgen_test]
async fn an_inline_widget_leaves_focus_and_escape_to_the_page() {
    let w = Mounted::new(&[("site", "acme"), ("endpoint", "https://collector.test"), ("lang", "en"), ("container", "inline")]);
    settle().await;
    assert!(w.find("button.launcher").is_none());
    assert!(w.root.active_element().is_none(), "nothing took focus");
    let heard = Rc::new(RefCell::new(0));
    let on_key = {
        let heard = heard.clone();
        Closure::<dyn FnMut()>::new(move || *heard.borrow_mut() += 1)
    };
    web_sys::window().unwrap().document().unwrap().add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    init.set_composed(true);
    let escape = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    w.get::<HtmlElement>("textarea").dispatch_event(&escape).unwrap();
    web_sys::window().unwrap().document().unwrap().remove_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref()).unwrap();
    assert_eq!(*heard.borrow(), 1, "the host page still hears Escape");
}

#[wasm_bindgen_test]
async fn the_page_hears_open_close_submit_and_error() {
    let _net = FakeNetwork::install(vec![Answer::Status(201, VOTED)]);
    let w = Mounted::english();
    let heard = Rc::new(RefCell::new(Vec::<String>::new()));
    let listener = {
        let heard = heard.clone();
        Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
            let detail = event.detail();
            let field = |k: &str| js_sys::Reflect::get(&detail, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
            heard.borrow_mut().push(format!("{} {}{}", event.type_(), field("problem"), field("kind")));
        })
    };
    for name in ["chapeau:open", "chapeau:close", "chapeau:submit", "chapeau:error"] {
        w.host.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref()).unwrap();
    }
    w.widget.open();
    settle().await;
    assert!(!w.get::<HtmlElement>("section.panel").hidden(), "open() opens the panel");
    w.send();
    settle().await;
    w.type_message("Lovely shop");
    w.send();
    until("sent", || heard.borrow().len() == 3).await;
    w.widget.close();
    settle().await;
    assert!(w.get::<HtmlElement>("section.panel").hidden());
    assert_eq!(*heard.borrow(), ["chapeau:open ", "chapeau:error message_required", "chapeau:submit feedback", "chapeau:close "]);
}

#[wasm_bindgen_test]
async fn an_open_poll_tells_its_closing_day_in_the_visitors_language() {
    clear_storage();
    let closing = POLL_OPEN.replace(r#""closes_at":null"#, r#""closes_at":"2099-12-12T12:00:00Z""#);
    let closing: &'static str = Box::leak(closing.into_boxed_str());
    let _net = FakeNetwork::install(vec![Answer::Status(200, closing)]);
    let w = Mounted::new(&[("site", "fr-site"), ("endpoint", "https://collector.test"), ("lang", "fr"), ("poll", "tent"), ("container", "inline")]);
    until("the poll loads", || w.find("fieldset.choices").is_some()).await;
    assert_eq!(w.text("[part=poll-closes]"), "Ouvert jusqu'au 12 décembre.");
    assert_eq!(w.text("button[type=submit]"), fr("vote"));
}
