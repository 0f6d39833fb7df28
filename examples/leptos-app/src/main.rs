//! A Leptos app that places the Chapeau widget as a component: a floating launcher for
//! feedback and questions, and a poll inline in the article. Run it with `trunk serve` from
//! this folder, beside a collector (`make collector` from the repository's root).
//!
//! The collector and the site are those of the demo; `?endpoint=…&site=…` in the page's
//! address points the widgets elsewhere (the end-to-end test does).

#[cfg(target_arch = "wasm32")]
fn main() {
    leptos::mount::mount_to_body(app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("A browser app: run `trunk serve` in examples/leptos-app");
}

#[cfg(target_arch = "wasm32")]
mod app {
    use chapeau::{Chapeau, ChapeauEvent, Mode, Position};
    use leptos::prelude::*;

    /// A query parameter of the page's address, if it has one.
    fn query(name: &str) -> Option<String> {
        let search = web_sys::window()?.location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
    }

    /// A brand's product page, with the widget twice: floating, and inline in the article.
    #[component]
    pub fn App() -> impl IntoView {
        let endpoint = query("endpoint").unwrap_or_else(|| "/".into());
        let site = query("site").unwrap_or_else(|| "demo".into());
        // What the widgets told the app, newest last.
        let heard = RwSignal::new(Vec::<String>::new());
        let on_event = Callback::new(move |event: ChapeauEvent| heard.update(|h| h.push(format!("{event:?}"))));
        view! {
            <main>
                <h1>"The Fedora"</h1>
                <p>"Rabbit felt, grosgrain band, shaped by hand in Lyon."</p>
                <h2>"Our next hat is up to you"</h2>
                <Chapeau site=site.clone() endpoint=endpoint.clone() poll="next-collection" on_event />
                <ul class="heard" aria-label="What the app heard">
                    {move || heard.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </main>
            <Chapeau site endpoint modes=vec![Mode::Feedback, Mode::Question] public_questions=true
                position=Position::BottomRight meta=vec![("app".into(), "leptos-example".into())] on_event />
        }
    }
}
