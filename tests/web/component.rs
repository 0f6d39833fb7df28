//! The `Chapeau` component inside a Leptos app, as a Leptos developer places it.

use std::sync::{Arc, Mutex};

use chapeau::{Chapeau, ChapeauEvent, Lang};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlTextAreaElement};

use crate::support::{self, *};

#[wasm_bindgen_test]
async fn the_component_in_a_leptos_view_sends_feedback_from_its_own_shadow_root() {
    let net = FakeNetwork::install(vec![Answer::Status(201, r#"{"id":"x","receipt":"r","status":"received"}"#)]);
    let heard = Arc::new(Mutex::new(Vec::new()));
    let place = support::document().create_element("div").unwrap();
    support::document().body().unwrap().append_child(&place).unwrap();
    let app = {
        let heard = heard.clone();
        leptos::mount::mount_to(place.clone().unchecked_into(), move || {
            let on_event = Callback::new(move |event: ChapeauEvent| heard.lock().unwrap().push(event));
            view! {
                <article class="host-app">
                    <h1>"The Alpine 2"</h1>
                    <Chapeau site="acme" endpoint="https://collector.test" lang=Lang::En meta=vec![("plan".into(), "pro".into())] on_event />
                </article>
            }
        })
    };
    settle().await;
    let host = place.query_selector("article.host-app > chapeau-widget").unwrap().expect("placed where the view puts it");
    let root = host.shadow_root().expect("in a shadow root of its own");
    assert!(place.query_selector("textarea").unwrap().is_none(), "nothing of the widget in the app's DOM");
    let area: HtmlTextAreaElement = root.query_selector("textarea#chapeau-message").unwrap().expect("inline: the form at once").unchecked_into();
    assert!(root.query_selector(".launcher").unwrap().is_none(), "no position, no launcher");
    area.set_value("Sent from a Leptos app.");
    area.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    root.query_selector("button[type=submit]").unwrap().unwrap().unchecked_into::<HtmlButtonElement>().click();
    until("the confirmation shows", || root.query_selector(".sent-title").unwrap().and_then(|t| t.text_content()) == Some(en("sent_title"))).await;
    let sent = net.body(0).await;
    assert_eq!(sent["site"], "acme");
    assert_eq!(sent["body"]["message"], "Sent from a Leptos app.");
    assert_eq!(sent["meta"], serde_json::json!({ "plan": "pro" }));
    let heard = heard.lock().unwrap().clone();
    assert_eq!(heard.first(), Some(&ChapeauEvent::Ready));
    assert!(matches!(heard.last(), Some(ChapeauEvent::Submit { id, .. }) if *id == sent["id"]), "{heard:?}");
    drop(app);
    assert_eq!(place.child_element_count(), 0, "unmounted with the app");
    place.remove();
}

#[wasm_bindgen_test]
async fn a_floating_component_draws_its_own_launcher_and_an_unusable_site_draws_nothing() {
    let place = support::document().create_element("div").unwrap();
    support::document().body().unwrap().append_child(&place).unwrap();
    let app = leptos::mount::mount_to(place.clone().unchecked_into(), || {
        view! {
            <Chapeau site="acme" endpoint="https://collector.test" lang=Lang::Fr position=chapeau::Position::BottomLeft />
            <Chapeau site="not a site id" endpoint="https://collector.test" />
        }
    });
    settle().await;
    let hosts = place.query_selector_all("chapeau-widget").unwrap();
    assert_eq!(hosts.length(), 1, "a site id with spaces is no widget");
    let root = hosts.item(0).unwrap().unchecked_into::<web_sys::Element>().shadow_root().unwrap();
    let launcher: HtmlButtonElement = root.query_selector("button.launcher.left").unwrap().expect("its own launcher").unchecked_into();
    assert_eq!(launcher.text_content().unwrap(), fr("launcher"));
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("false"));
    launcher.click();
    settle().await;
    assert_eq!(launcher.get_attribute("aria-expanded").as_deref(), Some("true"));
    let panel = root.query_selector("section.panel").unwrap().unwrap().unchecked_into::<web_sys::HtmlElement>();
    assert!(!panel.hidden());
    assert_eq!(root.query_selector("#chapeau-title").unwrap().unwrap().text_content().unwrap(), fr("panel_title"));
    drop(app);
    place.remove();
}
