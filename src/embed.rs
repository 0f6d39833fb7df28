//! The module's exports for `loader/embed.js`, the script a site owner pastes. The loader reads
//! its tag's `data-*` attributes, makes a host element with an open shadow root, loads this
//! module once per page, and calls [`prefetch`] at once, [`check`] when the visitor comes near
//! and, when the widget is wanted, [`mount`].

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::catalogs::TextSource;
use crate::components::widget::LauncherSource;
use crate::config::{ConfigIssue, Placement, WidgetConfig};
use crate::fault;
use crate::i18n::LangChoice;
use crate::mount::{draw, language, DrawOptions, Drawn};

/// A widget on the page; dropping it (or calling `unmount`) removes it. Once the module has
/// faulted, it does nothing more.
#[wasm_bindgen]
pub struct MountedWidget {
    drawn: Drawn,
    _listed: fault::Listed,
}

#[wasm_bindgen]
impl MountedWidget {
    /// Opens the floating panel (an inline widget is always open).
    pub fn open(&self) {
        if !fault::has_faulted() {
            self.drawn.opener.set(true);
        }
    }

    /// Closes the floating panel, keeping what the visitor typed.
    pub fn close(&self) {
        if !fault::has_faulted() {
            self.drawn.opener.set(false);
        }
    }

    /// Removes the widget from its shadow root.
    pub fn unmount(self) {
        if fault::has_faulted() {
            // Its state may be half-updated: leave it to the page's garbage.
            std::mem::forget(self);
        }
    }
}

/// Leptos' tasks run on wasm-bindgen's executor, from the first call into the module on.
fn run_tasks() {
    // An error only says it already runs.
    let _ = any_spawner::Executor::init_wasm_bindgen();
}

/// The loader's attributes (`{ "site": "acme", … }`, without their `data-` prefix) as pairs.
fn pairs(attributes: &js_sys::Object) -> Vec<(String, String)> {
    js_sys::Object::entries(attributes)
        .iter()
        .filter_map(|entry| {
            let entry: js_sys::Array = entry.unchecked_into();
            Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
        })
        .collect()
}

fn read(attributes: &js_sys::Object) -> Result<(WidgetConfig, Vec<ConfigIssue>), JsError> {
    WidgetConfig::from_attributes(pairs(attributes)).map_err(|issue| JsError::new(&format!("Chapeau: {issue}")))
}

thread_local! {
    /// Where the widget's files are: the loader's folder, as [`prefetch`] and [`check`] say.
    static FILES: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The texts, served from the loader's folder `base`, which is remembered for [`mount`].
fn served_from(base: String) -> TextSource {
    FILES.set(base.clone());
    TextSource::Served(base)
}

/// Fetches the visitor's language from `base` (the loader's folder), in a task of its own, for
/// the widget `attributes` describe (only its `lang` is read: the embed is checked by
/// [`check`]). The loader calls it as soon as the module is instantiated, at idle time, so that
/// a tap, whose hover comes with its click, finds the widget's texts there instead of waiting
/// a round trip for them. Nothing else of the widget runs.
#[wasm_bindgen]
pub fn prefetch(attributes: js_sys::Object, base: String) {
    if fault::has_faulted() {
        return;
    }
    run_tasks();
    let lang = js_sys::Reflect::get(&attributes, &"lang".into()).ok().and_then(|l| l.as_string());
    let choice = lang.as_deref().and_then(LangChoice::parse).unwrap_or(LangChoice::Auto);
    let lang = crate::i18n::Lang::negotiate(choice, crate::browser::page_lang().as_deref(), &crate::browser::browser_languages());
    crate::catalogs::prefetch(served_from(base), lang);
}

/// Reports the embed's mistakes on the console, once per widget, before it is mounted: the
/// loader calls it when the visitor comes near the launcher (hover or focus), so that a site
/// owner sees them before clicking. A missing required attribute is an error naming it.
/// `base` is where the widget's files are (the loader's folder): the visitor's language is
/// fetched from there now, unless [`prefetch`] already asked for it at idle time.
#[wasm_bindgen]
pub fn check(attributes: js_sys::Object, base: String) -> Result<(), JsError> {
    if fault::has_faulted() {
        return Err(JsError::new("Chapeau: the widget stopped after a fault"));
    }
    let (config, issues) = read(&attributes)?;
    run_tasks();
    for issue in issues {
        web_sys::console::warn_1(&format!("Chapeau: {issue}").into());
    }
    crate::catalogs::prefetch(served_from(base), language(&config));
    Ok(())
}

/// Runs as the loader instantiates the module, at idle time: a fault from now on is shown in
/// the widgets rather than breaking the page, and what the visitor could not send before (from
/// this page or another) is delivered without waiting for them. Even the look into storage
/// waits for a task of its own. On most pages nothing waits, and nothing else of the widget
/// runs before the visitor comes near it.
#[wasm_bindgen(start)]
pub fn start() {
    fault::install_hook();
    run_tasks();
    set_timeout(crate::outbox_worker::start_if_waiting, Duration::ZERO);
}

/// Mounts a widget into `root`, configured by `attributes`: the loader script's `data-*`
/// attributes without their prefix, as `{ "site": "acme", "endpoint": "https://…" }`, its
/// texts served from the loader's folder, as [`check`] said. Events (`chapeau:open`,
/// `chapeau:submit`…) are dispatched on the root's host element. The widget draws itself as
/// soon as the visitor's language is there (at once, when [`check`] fetched it earlier).
///
/// Mistakes in optional attributes are replaced by defaults (see [`check`]); a missing
/// required attribute is an error naming it.
#[wasm_bindgen]
pub fn mount(root: web_sys::ShadowRoot, attributes: js_sys::Object) -> Result<MountedWidget, JsError> {
    if fault::has_faulted() {
        return Err(JsError::new("Chapeau: the widget stopped after a fault"));
    }
    let (config, _) = read(&attributes)?;
    run_tasks();
    crate::outbox_worker::start();
    // A floating widget's launcher is drawn by the loader, before the widget loads.
    let launcher = match config.placement {
        Placement::Floating => Some(LauncherSource::Loader(send_wrapper::SendWrapper::new(
            root.query_selector("button.launcher")
                .ok()
                .flatten()
                .ok_or_else(|| JsError::new("Chapeau: a floating widget is mounted by embed.js, which draws its launcher"))?
                .unchecked_into(),
        ))),
        Placement::Inline => None,
    };
    let host = root.host();
    let listed = fault::list(host.clone(), root.clone());
    let options = DrawOptions { config, texts: TextSource::Served(FILES.with_borrow(Clone::clone)), launcher, host: Some(host.clone()), on_event: None };
    let drawn = draw(&root, options, {
        let host = host.clone();
        move |c| fault::speaks(&host, c.error_fault())
    })
    .map_err(JsError::new)?;
    Ok(MountedWidget { drawn, _listed: listed })
}
