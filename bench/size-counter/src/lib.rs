//! Leptos' counter example, built with the widget's profile: a component with state and events.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// A counter that can be cleared, decremented and incremented.
#[component]
fn SimpleCounter(
    /// The value it starts at.
    initial_value: i32,
    /// How much each click changes it.
    step: i32,
) -> impl IntoView {
    let (value, set_value) = signal(initial_value);
    view! {
        <div>
            <button on:click=move |_| set_value.set(0)>"Clear"</button>
            <button on:click=move |_| set_value.update(|value| *value -= step)>"-1"</button>
            <span>"Value: " {value} "!"</span>
            <button on:click=move |_| set_value.update(|value| *value += step)>"+1"</button>
        </div>
    }
}

#[wasm_bindgen(start)]
pub fn main() {
    leptos::mount::mount_to_body(|| view! { <SimpleCounter initial_value=0 step=1 /> })
}
