//! The widget's CSS, adopted into its shadow root: the files of `build/css.rs`, minified when
//! the widget is built.
//!
//! `adoptedStyleSheets` rather than a `<style>` element: a strict host CSP
//! (`style-src 'self'`) blocks the element but not a constructed sheet.

use wasm_bindgen::JsValue;

const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));
const LAUNCHER_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/launcher.css"));

/// Adopts the widget's sheet into `root`.
pub fn adopt(root: &web_sys::ShadowRoot) -> Result<(), JsValue> {
    adopt_sheet(root, CSS)
}

/// Adopts the launcher's sheet, for a widget that draws its own launcher: an embedded
/// widget's is the loader's.
pub fn adopt_launcher(root: &web_sys::ShadowRoot) -> Result<(), JsValue> {
    adopt_sheet(root, LAUNCHER_CSS)
}

fn adopt_sheet(root: &web_sys::ShadowRoot, css: &str) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new()?;
    sheet.replace_sync(css)?;
    // After the sheets already there (the loader's, the launcher's), which stay.
    let key = "adoptedStyleSheets".into();
    let sheets = js_sys::Array::from(&js_sys::Reflect::get(root, &key)?);
    sheets.push(&sheet);
    js_sys::Reflect::set(root, &key, &sheets)?;
    Ok(())
}
