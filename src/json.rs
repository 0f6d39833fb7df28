//! JSON in and out of the widget, with serde: the browser's own `JSON` parses and writes the
//! text, and serde-wasm-bindgen turns its values into the protocol crate's types and back, so
//! that no JSON parser or writer of its own ships in the module.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;

/// `text` read as `T`; `None` when it is not JSON of that shape.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_wasm_bindgen::from_value(js_sys::JSON::parse(text).ok()?).ok()
}

/// `value` as compact JSON, its maps as JSON objects. The widget's types always serialize.
pub fn to_string<T: Serialize>(value: &T) -> String {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).ok().and_then(|v| js_sys::JSON::stringify(&v).ok()).map(String::from).unwrap_or_default()
}

/// A JSON object's entries, as (key, text) pairs in its order; `None` unless `text` is an
/// object of texts.
pub fn entries_from_str(text: &str) -> Option<Vec<(String, String)>> {
    let object: js_sys::Object = js_sys::JSON::parse(text).ok()?.dyn_into().ok()?;
    serde_wasm_bindgen::from_value(js_sys::Object::entries(&object).into()).ok()
}
