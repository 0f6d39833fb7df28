//! Chapeau, the community widget for brand websites.
//!
//! The loader (`loader/embed.js`) reads its script tag's `data-*` attributes, makes a host
//! element with an open shadow root, loads this module once per page and calls [`mount`].
//!
//! Logic that needs no DOM lives in plain modules ([`config`], [`i18n`], [`delivery`],
//! [`outbox`], [`feedback`], [`poll`]) that `cargo test` checks natively; components only wire signals to it.

pub mod config;
pub mod delivery;
pub mod feedback;
pub mod i18n;
pub mod outbox;
pub mod poll;
pub mod receipts;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod courier;
#[cfg(target_arch = "wasm32")]
mod events;
#[cfg(target_arch = "wasm32")]
mod style;

#[cfg(target_arch = "wasm32")]
pub use entry::{check, mount, MountedWidget};

#[cfg(target_arch = "wasm32")]
mod entry {
    use std::any::Any;
    use std::cell::Cell;
    use std::rc::Rc;

    use send_wrapper::SendWrapper;

    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use crate::components::widget::Widget;
    use crate::events::{Host, Opener};
    use crate::config::{Placement, WidgetConfig};
    use crate::i18n::Lang;

    /// A widget on the page; dropping it (or calling `unmount`) removes it.
    #[wasm_bindgen]
    pub struct MountedWidget {
        _handle: Box<dyn Any>,
        open: Rc<Cell<Option<Opener>>>,
    }

    #[wasm_bindgen]
    impl MountedWidget {
        /// Opens the floating panel (an inline widget is always open).
        pub fn open(&self) {
            self.set_open(true);
        }

        /// Closes the floating panel, keeping what the visitor typed.
        pub fn close(&self) {
            self.set_open(false);
        }

        /// Removes the widget from its shadow root.
        pub fn unmount(self) {}

        fn set_open(&self, open: bool) {
            if let Some(opener) = self.open.get() {
                opener.set(open);
            }
        }
    }

    /// Reports the embed's mistakes on the console, once per widget, before it is mounted: the
    /// loader calls it as soon as the module is there, so that a site owner sees them without
    /// clicking. A missing required attribute is an error naming it.
    #[wasm_bindgen]
    pub fn check(attributes: js_sys::Object) -> Result<(), JsError> {
        for issue in read(&attributes)?.1 {
            web_sys::console::warn_1(&format!("Chapeau: {issue}").into());
        }
        // The module is on a page of the site: what the visitor could not send before, from
        // this page or another, leaves now, in a task of its own: this one already read the
        // embed, and every function the module runs for the first time is compiled on the
        // way, which on a slow phone adds up to a long task.
        leptos::prelude::set_timeout(crate::courier::start, std::time::Duration::ZERO);
        Ok(())
    }

    fn read(attributes: &js_sys::Object) -> Result<(WidgetConfig, Vec<crate::config::ConfigIssue>), JsError> {
        let entries = js_sys::Object::entries(attributes);
        let pairs = entries.iter().filter_map(|entry| {
            let entry: js_sys::Array = entry.unchecked_into();
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        });
        WidgetConfig::from_attributes(pairs).map_err(|issue| JsError::new(&format!("Chapeau: {issue}")))
    }

    /// Mounts a widget into `root`, configured by `attributes`: the loader script's `data-*`
    /// attributes without their prefix, as `{ "site": "acme", "endpoint": "https://…" }`.
    /// Events (`chapeau:open`, `chapeau:submit`…) are dispatched on the root's host element.
    ///
    /// Mistakes in optional attributes are replaced by defaults (see [`check`]); a missing
    /// required attribute is an error naming it.
    #[wasm_bindgen]
    pub fn mount(root: web_sys::ShadowRoot, attributes: js_sys::Object) -> Result<MountedWidget, JsError> {
        let (config, _) = read(&attributes)?;
        crate::courier::start();
        crate::style::adopt(&root).map_err(|_| JsError::new("Chapeau: the widget's styles could not be applied"))?;
        let document = root.owner_document().ok_or_else(|| JsError::new("Chapeau: no document"))?;
        let container: web_sys::HtmlElement = document
            .create_element("div")
            .map_err(|_| JsError::new("Chapeau: cannot create elements"))?
            .unchecked_into();
        root.append_child(&container).map_err(|_| JsError::new("Chapeau: cannot attach the widget"))?;
        // A floating widget's launcher is drawn by the loader, before the widget loads.
        let launcher = match config.placement {
            Placement::Floating => Some(
                root.query_selector("button.launcher")
                    .ok()
                    .flatten()
                    .ok_or_else(|| JsError::new("Chapeau: a floating widget is mounted by embed.js, which draws its launcher"))?
                    .unchecked_into::<web_sys::HtmlElement>(),
            ),
            Placement::Inline => None,
        };
        let lang = Lang::negotiate(config.lang, crate::browser::page_lang().as_deref(), &crate::browser::browser_languages());
        let host = Host(SendWrapper::new(root.host()));
        let open = Rc::new(Cell::new(None));
        let open_slot = open.clone();
        let handle = leptos::mount::mount_to(container, move || {
            provide_context(host.clone());
            let is_open = Opener::new(Some(host.clone()));
            open_slot.set(Some(is_open));
            let launcher = launcher.clone().map(SendWrapper::new);
            view! { <Widget config=config.clone() catalog=lang.catalog() open=is_open launcher=launcher /> }
        });
        Ok(MountedWidget { _handle: Box::new(handle), open })
    }
}
