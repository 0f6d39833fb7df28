//! The widget's CSS, adopted into its shadow root.
//!
//! `adoptedStyleSheets` rather than a `<style>` element: a strict host CSP
//! (`style-src 'self'`) blocks the element but not a constructed sheet.

use wasm_bindgen::JsValue;

/// Base rules and theme tokens first, then each component's own file.
const CSS: &str = concat!(
    include_str!("../style/widget.css"),
    include_str!("components/panel/panel.css"),
    include_str!("components/feedback_form/feedback_form.css"),
    include_str!("components/tabs/tabs.css"),
    include_str!("components/contact_fields/contact_fields.css"),
    include_str!("components/my_questions/my_questions.css"),
    include_str!("components/poll/poll.css"),
    include_str!("components/public_questions/public_questions.css"),
);

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
