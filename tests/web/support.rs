//! What every browser test needs: a widget mounted in a fresh shadow root, a way to wait for
//! the page to settle, and a stand-in for `fetch` that answers as each test says.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlTextAreaElement, Request, ShadowRoot, ShadowRootInit, ShadowRootMode};

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets timers, promises and reactive effects run.
pub async fn settle() {
    for _ in 0..3 {
        let wait = Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 5)
                .unwrap();
        });
        JsFuture::from(wait).await.unwrap();
    }
}

/// Waits until `done` holds, for at most about two seconds (a check that the state is
/// reached, not a measure of how fast).
pub async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..130 {
        if done() {
            return;
        }
        settle().await;
    }
    panic!("never happened: {what}");
}

/// Where the tests' widget files are: the fake network serves the catalogs from there.
pub const FILES: &str = "https://widget.test/";

fn catalog_text(file: &str, key: &str) -> String {
    let catalog: serde_json::Value = serde_json::from_str(file).unwrap();
    catalog[key].as_str().unwrap_or_else(|| panic!("the catalog has {key}")).to_string()
}

/// A text of the English catalog.
pub fn en(key: &str) -> String {
    catalog_text(include_str!("../../src/i18n/catalogs/en.json"), key)
}

/// A text of the French catalog.
pub fn fr(key: &str) -> String {
    catalog_text(include_str!("../../src/i18n/catalogs/fr.json"), key)
}

/// The catalog file a request asks for, if it asks for one, as the build serves it: the file
/// of `src/i18n/catalogs/`.
fn catalog_file(url: &str) -> Option<String> {
    let file = match url.strip_prefix(FILES)? {
        "catalogs/en.json" => include_str!("../../src/i18n/catalogs/en.json"),
        "catalogs/fr.json" => include_str!("../../src/i18n/catalogs/fr.json"),
        "catalogs/de.json" => include_str!("../../src/i18n/catalogs/de.json"),
        _ => return None,
    };
    Some(file.to_string())
}

/// What `fetch(input, init)` was asked for, as one `Request`: the widget calls it with a URL and
/// options.
fn as_request(input: JsValue, init: JsValue) -> Request {
    match input.as_string() {
        Some(url) if init.is_object() => Request::new_with_str_and_init(&url, init.unchecked_ref()).unwrap(),
        Some(url) => Request::new_with_str(&url).unwrap(),
        None => input.unchecked_into(),
    }
}

/// Serves the widget's own files, as a CDN would, in front of whatever `fetch` was there;
/// puts that back when dropped.
pub struct Files {
    original: JsValue,
    _fetch: Closure<dyn FnMut(JsValue, JsValue) -> Promise>,
}

impl Files {
    pub fn serve() -> Files {
        let window = web_sys::window().unwrap();
        let original = Reflect::get(&window, &"fetch".into()).unwrap();
        let inner: js_sys::Function = original.clone().unchecked_into();
        let fetch = Closure::<dyn FnMut(JsValue, JsValue) -> Promise>::new(move |request: JsValue, init: JsValue| {
            let url = request.dyn_ref::<Request>().map(Request::url).or_else(|| request.as_string()).unwrap_or_default();
            match catalog_file(&url) {
                Some(catalog) => Promise::resolve(&JsValue::from(response(200, &catalog))),
                // A file the CDN does not have: at once, rather than after the real network
                // found no such host (which takes longer than a test waits).
                None if url.starts_with(FILES) => Promise::resolve(&JsValue::from(response(404, "Not Found"))),
                None => inner.call2(&JsValue::NULL, &request, &init).unwrap().unchecked_into(),
            }
        });
        Reflect::set(&window, &"fetch".into(), fetch.as_ref()).unwrap();
        Files { original, _fetch: fetch }
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &self.original).unwrap();
    }
}

pub fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// What waits in the visitor's outbox, read as the widget reads it.
pub fn outbox() -> chapeau::outbox::Outbox {
    chapeau::browser::stored(chapeau::outbox::STORAGE_KEY, chapeau::outbox::Outbox::from_lines)
}

/// The browser says it is back online.
pub fn back_online() {
    web_sys::window().unwrap().dispatch_event(&web_sys::Event::new("online").unwrap()).unwrap();
}

/// A widget mounted in a fresh host element with an open shadow root.
pub struct Mounted {
    pub host: Element,
    pub root: ShadowRoot,
    pub widget: chapeau::MountedWidget,
    _files: Files,
}

impl Mounted {
    pub fn new(attributes: &[(&str, &str)]) -> Mounted {
        // Each test starts with an empty outbox: what one test queued is not another's traffic.
        storage().remove_item(chapeau::outbox::STORAGE_KEY).unwrap();
        let host = document().create_element("chapeau-widget").unwrap();
        document().body().unwrap().append_child(&host).unwrap();
        let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).unwrap();
        // The loader draws a floating widget's launcher before the widget loads.
        if !attributes.iter().any(|(k, _)| *k == "container") {
            let launcher = document().create_element("button").unwrap();
            launcher.set_class_name("launcher");
            launcher.set_attribute("aria-expanded", "false").unwrap();
            root.append_child(&launcher).unwrap();
        }
        // As the loader does: the module checks the embed (and fetches its language), then mounts.
        let files = Files::serve();
        chapeau::check(object(attributes), FILES.into()).expect("checks");
        let widget = chapeau::mount(root.clone(), object(attributes)).expect("mounts");
        Mounted { host, root, widget, _files: files }
    }

    pub fn english() -> Mounted {
        Mounted::new(&[("site", "acme"), ("endpoint", "https://collector.test"), ("lang", "en")])
    }

    pub fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    pub fn get<T: JsCast>(&self, selector: &str) -> T {
        self.find(selector).unwrap_or_else(|| panic!("{selector} is in the widget")).unchecked_into()
    }

    pub fn text(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    pub async fn open(&self) {
        self.get::<HtmlElement>("button.launcher").click();
        settle().await;
    }

    pub fn type_message(&self, text: &str) {
        let area: HtmlTextAreaElement = self.get("textarea");
        area.set_value(text);
        area.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    }

    pub fn send(&self) {
        self.get::<HtmlButtonElement>("button[type=submit]").click();
    }

    pub fn status(&self) -> String {
        self.text(".status")
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

pub fn object(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &(*key).into(), &(*value).into()).unwrap();
    }
    object
}

/// What the stand-in for `fetch` answers to the next request.
#[derive(Clone)]
pub enum Answer {
    Status(u16, &'static str),
    NoConnection,
    /// Hold the request until the test resolves it.
    Hold,
}

/// Replaces `window.fetch` for one test and records every request.
pub struct FakeNetwork {
    pub requests: Rc<RefCell<Vec<Request>>>,
    answers: Rc<RefCell<Vec<Answer>>>,
    held: Rc<RefCell<Option<js_sys::Function>>>,
    original: JsValue,
    _fetch: Closure<dyn FnMut(JsValue, JsValue) -> Promise>,
}

impl FakeNetwork {
    pub fn install(answers: Vec<Answer>) -> FakeNetwork {
        let window = web_sys::window().unwrap();
        let original = Reflect::get(&window, &"fetch".into()).unwrap();
        let requests = Rc::new(RefCell::new(Vec::new()));
        let answers = Rc::new(RefCell::new(answers));
        let held = Rc::new(RefCell::new(None));
        let fetch = {
            let (requests, answers, held) = (requests.clone(), answers.clone(), held.clone());
            Closure::<dyn FnMut(JsValue, JsValue) -> Promise>::new(move |input: JsValue, init: JsValue| {
                let request = as_request(input, init);
                // The widget's own files are the CDN's, not the backend's traffic.
                if let Some(catalog) = catalog_file(&request.url()) {
                    return Promise::resolve(&JsValue::from(response(200, &catalog)));
                }
                requests.borrow_mut().push(request);
                let answer = {
                    let mut answers = answers.borrow_mut();
                    if answers.len() > 1 { answers.remove(0) } else { answers[0].clone() }
                };
                match answer {
                    Answer::Status(status, body) => Promise::resolve(&JsValue::from(response(status, body))),
                    Answer::NoConnection => {
                        Promise::reject(&js_sys::TypeError::new("Failed to fetch").into())
                    }
                    Answer::Hold => {
                        let held = held.clone();
                        Promise::new(&mut move |resolve, _| *held.borrow_mut() = Some(resolve))
                    }
                }
            })
        };
        Reflect::set(&window, &"fetch".into(), fetch.as_ref()).unwrap();
        FakeNetwork { requests, answers, held, original, _fetch: fetch }
    }

    pub fn answer_next(&self, answer: Answer) {
        *self.answers.borrow_mut() = vec![answer];
    }

    pub fn release(&self, status: u16, body: &str) {
        let resolve = self.held.borrow_mut().take().expect("a request is held");
        resolve.call1(&JsValue::NULL, &response(status, body)).unwrap();
    }

    pub fn count(&self) -> usize {
        self.requests.borrow().len()
    }

    /// The JSON body of request `i`.
    pub async fn body(&self, i: usize) -> serde_json::Value {
        // `Clone::clone`, not `Request::clone` (the JS method, which copies the body).
        let request = Clone::clone(&self.requests.borrow()[i]);
        let text = JsFuture::from(request.text().unwrap()).await.unwrap().as_string().unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

impl Drop for FakeNetwork {
    fn drop(&mut self) {
        Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &self.original).unwrap();
    }
}

pub fn response(status: u16, body: &str) -> web_sys::Response {
    let init = web_sys::ResponseInit::new();
    init.set_status(status);
    let body = (status != 204).then_some(body);
    web_sys::Response::new_with_opt_str_and_init(body, &init).unwrap()
}

