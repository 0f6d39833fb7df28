//! The widget's CSS, adopted into its shadow root: the files of `build/css.rs`, minified when
//! the widget is built.
//!
//! `adoptedStyleSheets` rather than a `<style>` element: a strict host CSP
//! (`style-src 'self'`) blocks the element but not a constructed sheet.

use wasm_bindgen::JsValue;

const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

pub fn adopt(root: &web_sys::ShadowRoot) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    // After the loader's own sheet (the launcher's), which stays.
    let key = "adoptedStyleSheets".into();
    let sheets = js_sys::Array::from(&js_sys::Reflect::get(root, &key)?);
    sheets.push(&sheet);
    js_sys::Reflect::set(root, &key, &sheets)?;
    Ok(())
}
