//! What the widget reads from the browser: the page, the clock, randomness, the visitor id.
//!
//! Every call tolerates a hostile or locked-down page (storage blocked, odd titles): the
//! widget degrades, it never throws into the host page.

use crate::prelude::*;
use chapeau_protocol::{limits, uuid_v7, Page};

use crate::receipts::{storage_key, ReceiptBook, SavedReceipt};

const VISITOR_KEY: &str = "chapeau.visitor";

use crate::dom::{array, object, property, set_property, text_property, window};

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = object::<web_sys::Crypto>(&window(), "crypto") {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes
}

/// A new submission id: a version-7 UUID, time-ordered, so that backends index it cheaply
/// (works on plain-HTTP pages, unlike `crypto.randomUUID`).
pub fn new_id() -> String {
    uuid_v7(now_ms() as u64, random_bytes())
}

/// The visitor's random id, kept in this site's storage so their receipts stay theirs.
/// Where storage is blocked, an id for this page view only.
pub fn visitor_id() -> String {
    if let Some(id) = stored(VISITOR_KEY) {
        if chapeau_protocol::is_site_id(&id) && id.len() >= limits::VISITOR_MIN_CHARS {
            return id;
        }
    }
    let id = crate::text::hex(&random_bytes());
    store(VISITOR_KEY, &id);
    id
}

fn clipped(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => text.get(..cut).unwrap_or_default().to_string(),
        None => text,
    }
}

/// The page the visitor is on, cut to the contract's limits.
pub fn page() -> Page {
    let window = window();
    let document = property(&window, "document");
    let location = property(&window, "location");
    Page {
        url: clipped(text_property(&location, "href").unwrap_or_default(), limits::URL_MAX_CHARS),
        title: clipped(text_property(&document, "title").unwrap_or_default(), limits::TITLE_MAX_CHARS),
        lang: clipped(page_lang().unwrap_or_default(), limits::LANG_MAX_CHARS),
    }
}

/// The page's `lang`, for choosing the widget's language.
pub fn page_lang() -> Option<String> {
    object::<web_sys::Element>(&property(&window(), "document"), "documentElement")?.get_attribute("lang")
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    array(property(&property(&window(), "navigator"), "languages")).iter().filter_map(|v| v.as_string()).collect()
}

/// Now, as RFC 3339 in UTC.
pub fn now_rfc3339() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn storage() -> Option<web_sys::Storage> {
    // Reading `localStorage` throws where storage is blocked: no object then.
    object(&window(), "localStorage")
}

/// A value this site's storage keeps (none where storage is blocked).
pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Keeps a value in this site's storage, if the browser lets the widget.
pub fn store(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Forgets a value of this site's storage.
pub fn forget(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// A random number in [0, 1), for jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// A plain JavaScript object of strings: `{ "visitor": "…" }`.
pub fn plain_object(fields: &[(&str, &str)]) -> wasm_bindgen::JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        set_property(&object, key, &(*value).into());
    }
    object.into()
}

/// A day as `lang` writes it: "12 December", "12 décembre", "12. Dezember".
pub fn format_day(ms: f64, lang: &str) -> String {
    let options = plain_object(&[("day", "numeric"), ("month", "long")]);
    String::from(js_sys::Date::new(&ms.into()).to_locale_date_string(lang, &options))
}

/// An RFC 3339 time as milliseconds since the epoch, if the browser can read it.
pub fn time_ms(rfc3339: &str) -> Option<f64> {
    Some(js_sys::Date::parse(rfc3339)).filter(|ms| ms.is_finite())
}

/// The receipts this visitor keeps for `site` (none where storage is blocked).
pub fn receipts(site: &str) -> ReceiptBook {
    ReceiptBook::parse(&stored(&storage_key(site)).unwrap_or_default())
}

/// Keeps the receipt of a question or complaint, so that the visitor finds the answer when
/// they come back.
pub fn keep_receipt(site: &str, receipt: SavedReceipt) {
    let mut book = receipts(site);
    book.add(receipt);
    store(&storage_key(site), &book.to_text());
}
