//! Leptos' hello world, built with the widget's profile: what any Leptos widget starts from.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn main() {
    leptos::mount::mount_to_body(|| view! { <p>"Hello, world!"</p> })
}
