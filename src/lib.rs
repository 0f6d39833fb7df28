//! Chapeau, the community widget for brand websites.
//!
//! The loader (`loader/embed.js`) reads its script tag's `data-*` attributes, makes a host
//! element with an open shadow root, loads this module once per page, calls its exports
//! `prefetch` at once, `check` when the visitor comes near and, when the widget is wanted,
//! `mount` (WebAssembly only: a native build, for `cargo test`, has none of them).
//!
//! Logic that needs no DOM lives in plain modules ([`config`], [`i18n`], [`delivery`],
//! [`outbox`], [`feedback`], [`poll`], [`wire`]) that `cargo test` checks natively; components
//! only wire signals to it, through the small DOM layer in `dom`.
//!
//! In the browser the widget is `no_std` (with `alloc`): `std` would bring its panic machinery,
//! which formats every panic's message for a console nobody reads, and the formatting code
//! with it, 4 KB brotli of every visitor's download. Natively, for `cargo test`, it is `std`.

// Its own unit tests (`cfg(test)`) run with `std`, wherever they are built.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

extern crate alloc;

/// What `std`'s prelude gives every module, for the `no_std` build.
#[allow(unused_imports)]
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::format;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod config;
pub mod delivery;
pub mod feedback;
pub mod heap;
pub mod i18n;
pub mod outbox;
pub mod poll;
pub mod receipts;
pub mod text;
pub mod wire;

#[cfg(test)]
#[path = "../build/css.rs"]
mod css;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod catalogs;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod courier;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod events;
#[cfg(target_arch = "wasm32")]
mod local;
#[cfg(target_arch = "wasm32")]
mod reactive;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod style;

#[cfg(target_arch = "wasm32")]
pub use entry::{check, mount, prefetch, start, MountedWidget};

#[cfg(target_arch = "wasm32")]
mod entry {
    use alloc::rc::Rc;

    use crate::prelude::*;
    use crate::reactive::Owner;
    use wasm_bindgen::prelude::*;

    use crate::components::widget::widget;
    use crate::components::Ctx;
    use crate::config::{ConfigIssue, Placement, WidgetConfig};
    use crate::events::Opener;
    use crate::i18n::{Lang, LangChoice};

    /// A widget on the page; dropping it (or calling `unmount`) removes it.
    #[wasm_bindgen]
    pub struct MountedWidget {
        owner: Owner,
        container: web_sys::Element,
        open: Opener,
    }

    #[wasm_bindgen]
    impl MountedWidget {
        /// Opens the floating panel (an inline widget is always open).
        pub fn open(&self) {
            self.open.set(true);
        }

        /// Closes the floating panel, keeping what the visitor typed.
        pub fn close(&self) {
            self.open.set(false);
        }

        /// Removes the widget from its shadow root.
        pub fn unmount(self) {}
    }

    impl Drop for MountedWidget {
        fn drop(&mut self) {
            self.owner.cleanup();
            self.container.remove();
        }
    }

    fn read(attributes: &js_sys::Object) -> Result<(WidgetConfig, Vec<ConfigIssue>), JsError> {
        WidgetConfig::from_attributes(crate::dom::text_entries(attributes)).map_err(|issue| JsError::new(&crate::text::cat(&["Chapeau: ", &issue.0])))
    }

    fn language(choice: LangChoice) -> Lang {
        Lang::negotiate(choice, crate::browser::page_lang().as_deref(), &crate::browser::browser_languages())
    }

    /// Fetches the visitor's language from `base` (the loader's folder), in a task of its
    /// own, for the widget `attributes` describe (only its `lang` is read: the embed is checked
    /// by [`check`]). The loader calls it as soon as the module is instantiated, at idle time,
    /// so that a tap, whose hover comes with its click, finds the widget's texts there instead
    /// of waiting a round trip for them. Nothing else of the widget runs.
    #[wasm_bindgen]
    pub fn prefetch(attributes: js_sys::Object, base: String) {
        let lang = crate::dom::property(&attributes, "lang").as_string();
        let choice = lang.as_deref().and_then(LangChoice::parse).unwrap_or(LangChoice::Auto);
        crate::catalogs::prefetch(Some(base), language(choice));
    }

    /// Reports the embed's mistakes on the console, once per widget, before it is mounted: the
    /// loader calls it when the visitor comes near the launcher (hover or focus), so that a
    /// site owner sees them before clicking. A missing required attribute is an error naming
    /// it. `base` is where the widget's files are (the loader's folder): the visitor's language
    /// is fetched from there now, unless [`prefetch`] already asked for it at idle time.
    #[wasm_bindgen]
    pub fn check(attributes: js_sys::Object, base: Option<String>) -> Result<(), JsError> {
        let (config, issues) = read(&attributes)?;
        for issue in issues {
            web_sys::console::warn_1(&crate::text::cat(&["Chapeau: ", &issue.0]).into());
        }
        // The visitor's language in a task of its own: this one already read the embed, and
        // every function the module runs for the first time is compiled on the way, which on
        // a slow phone adds up to a long task.
        crate::catalogs::prefetch(base, language(config.lang));
        Ok(())
    }

    /// Runs as the loader instantiates the module, at idle time: what the visitor could not
    /// send before (from this page or another) is delivered without waiting for them. Even
    /// the look into storage waits for a task of its own, out of the instantiation's. On most
    /// pages nothing waits, and nothing else of the widget runs (nor is compiled) before the
    /// visitor comes near it.
    #[wasm_bindgen(start)]
    pub fn start() {
        crate::dom::later(0, Box::new(crate::courier::start_if_waiting));
    }

    /// Mounts a widget into `root`, configured by `attributes`: the loader script's `data-*`
    /// attributes without their prefix, as `{ "site": "acme", "endpoint": "https://…" }`.
    /// Events (`chapeau:open`, `chapeau:submit`…) are dispatched on the root's host element.
    /// The widget draws itself as soon as the visitor's language is there (at once, when
    /// [`check`] fetched it earlier).
    ///
    /// Mistakes in optional attributes are replaced by defaults (see [`check`]); a missing
    /// required attribute is an error naming it.
    #[wasm_bindgen]
    pub fn mount(root: web_sys::ShadowRoot, attributes: js_sys::Object) -> Result<MountedWidget, JsError> {
        let (config, _) = read(&attributes)?;
        crate::courier::start();
        crate::style::adopt(&root).map_err(|_| JsError::new("Chapeau: the widget's styles could not be applied"))?;
        let container = crate::dom::document().create_element("div").map_err(|_| JsError::new("Chapeau: cannot create elements"))?;
        root.append_child(&container).map_err(|_| JsError::new("Chapeau: cannot attach the widget"))?;
        // A floating widget's launcher is drawn by the loader, before the widget loads.
        let launcher = match config.placement {
            Placement::Floating => Some(
                root.query_selector("button.launcher")
                    .ok()
                    .flatten()
                    .ok_or_else(|| JsError::new("Chapeau: a floating widget is mounted by embed.js, which draws its launcher"))?,
            ),
            Placement::Inline => None,
        };
        let host = crate::dom::object(&root, "host");
        let owner = Owner::new();
        let open = owner.with(|| Opener::new(host.clone()));
        if let Some(launcher) = &launcher {
            owner.with(|| crate::components::widget::wire_launcher(open, launcher.clone()));
        }
        let lang = language(config.lang);
        let (drawn_in, drawn_by, opener) = (container.clone(), owner.clone(), open);
        crate::catalogs::with(
            lang,
            Box::new(move |c| {
                // Unmounted before its language arrived: nothing to draw.
                if !crate::dom::property(&drawn_in, "isConnected").is_truthy() {
                    return;
                }
                // Without its texts the widget cannot show, as without its module.
                let Some(c) = c else {
                    crate::events::emit(host.as_ref(), "chapeau:error", Some(&crate::events::detail(&[("problem", "load")])));
                    return;
                };
                drawn_by.with(|| {
                    let ctx = Ctx { config: Rc::new(config), c, host, receipts_changed: crate::state::State::new(0) };
                    let _ = drawn_in.append_child(&widget(&ctx, opener, launcher).0);
                });
            }),
        );
        Ok(MountedWidget { owner, container, open })
    }
}

/// The widget's own allocator (src/heap.rs): a free list per size, lighter than talc was.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: heap::Global = heap::Global::new();

/// A panic stops the module where it is, as `panic = "abort"` does, without a message: the
/// widget does not panic by design (its entry points return errors to the loader), and the
/// message would cost its formatting code. The browser tests link `std`, which has a panic
/// handler of its own: they build without this feature (`make test-wasm`).
#[cfg(all(target_arch = "wasm32", feature = "panic-handler", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
