//! What the widget reads from the browser and keeps in it: the page, the clock, randomness,
//! the visitor id, and this site's storage.
//!
//! Every call tolerates a hostile or locked-down page (storage blocked, odd titles): the
//! widget degrades, it never throws into the host page.

use chapeau_protocol::{limits, uuid_v7, Page};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::receipts::{storage_key, ReceiptBook, SavedReceipt};

const VISITOR_KEY: &str = "chapeau.visitor";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = window().and_then(|w| w.crypto().ok()) {
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
    if let Some(id) = stored_text(VISITOR_KEY) {
        if chapeau_protocol::is_site_id(&id) && id.len() >= limits::VISITOR_MIN_CHARS {
            return id;
        }
    }
    let id: String = random_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
    store_text(VISITOR_KEY, &id);
    id
}

fn clipped(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => text[..cut].to_string(),
        None => text,
    }
}

/// The page the visitor is on, cut to the contract's limits.
pub fn page() -> Page {
    let document = window().and_then(|w| w.document());
    let url = window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    Page {
        url: clipped(url, limits::URL_MAX_CHARS),
        title: clipped(document.map(|d| d.title()).unwrap_or_default(), limits::TITLE_MAX_CHARS),
        lang: clipped(page_lang().unwrap_or_default(), limits::LANG_MAX_CHARS),
    }
}

/// The page's `lang`, for choosing the widget's language.
pub fn page_lang() -> Option<String> {
    window()?.document()?.document_element()?.get_attribute("lang")
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    window().map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default()
}

/// Now, as RFC 3339 in UTC.
pub fn now_rfc3339() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// An HTTP date or an RFC 3339 time as whole milliseconds since the epoch, if the browser can
/// read it.
pub fn date_ms(date: &str) -> Option<u64> {
    time_ms(date).map(|ms| ms.max(0.0) as u64)
}

/// An RFC 3339 time as milliseconds since the epoch, if the browser can read it.
pub fn time_ms(rfc3339: &str) -> Option<f64> {
    Some(js_sys::Date::parse(rfc3339)).filter(|ms| ms.is_finite())
}

/// A random number in [0, 1), for jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// A day as `lang` writes it: "12 December", "12 décembre", "12. Dezember".
pub fn format_day(ms: f64, lang: &str) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"day".into(), &"numeric".into());
    let _ = js_sys::Reflect::set(&options, &"month".into(), &"long".into());
    js_sys::Date::new(&JsValue::from_f64(ms)).to_locale_date_string(lang, &options).into()
}

fn storage() -> Option<web_sys::Storage> {
    // Reading `localStorage` throws where storage is blocked: none then.
    window()?.local_storage().ok().flatten()
}

/// A text this site's storage keeps (none where storage is blocked).
pub fn stored_text(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Keeps a text in this site's storage, if the browser lets the widget.
pub fn store_text(key: &str, value: &str) {
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

/// What this site's storage keeps under `key`, as JSON, or in the line format of earlier
/// versions (read by `legacy`, then written back as JSON: see [`crate::stored`]). The default
/// where nothing usable is kept, or storage is blocked.
pub fn stored<T: DeserializeOwned + Serialize + Default>(key: &str, legacy: impl FnOnce(&str) -> T) -> T {
    let text = stored_text(key);
    let read = crate::stored::read(text.as_deref(), crate::json::from_str, legacy);
    if read.upgraded {
        store(key, &read.value);
    }
    read.value
}

/// Keeps `value` as JSON under `key`.
pub fn store<T: Serialize>(key: &str, value: &T) {
    store_text(key, &crate::json::to_string(value));
}

/// The receipts this visitor keeps for `site` (none where storage is blocked).
pub fn receipts(site: &str) -> ReceiptBook {
    stored(&storage_key(site), ReceiptBook::from_lines).sanitized()
}

/// Keeps the receipt of a question or complaint, so that the visitor finds the answer when
/// they come back.
pub fn keep_receipt(site: &str, receipt: SavedReceipt) {
    let mut book = receipts(site);
    book.add(receipt);
    store(&storage_key(site), &book);
}
