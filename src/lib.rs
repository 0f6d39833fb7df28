//! Chapeau, the community widget for brand websites: feedback, questions to the community
//! manager and polls, a Leptos (CSR) component compiled to WebAssembly, in its own shadow root.
//!
//! Two ways onto a page:
//! - **The script tag** a site owner pastes (`loader/embed.js`): the loader draws the launcher
//!   and loads this crate's module, built with the `embed` feature, whose exports
//!   (`prefetch`, `check`, `mount`, in `src/embed.rs`) mount the widget in the shadow root the
//!   loader made.
//! - **A Leptos app** places the [`Chapeau`] component, whose props are the script tag's
//!   `data-*` attributes.
//!
//! Logic that needs no DOM lives in plain modules ([`config`], [`i18n`], [`delivery`],
//! [`outbox`], [`forms`], [`poll`], [`receipts`], [`upvotes`], [`stored`]) that `cargo test`
//! checks natively; the components in `src/components/` only wire signals to it. The browser
//! side talks to the backend with gloo-net and serde ([`http`]), keeps the outbox flowing
//! ([`outbox_worker`]), and takes numbers and plural rules from the browser's `Intl`.

pub mod config;
pub mod delivery;
pub mod forms;
pub mod i18n;
pub mod outbox;
pub mod poll;
pub mod receipts;
pub mod stored;
pub mod upvotes;

pub mod browser;
pub mod catalogs;
pub mod components;
pub mod events;
pub mod http;
pub mod intl;
pub mod json;
pub mod outbox_worker;

mod mount;
mod style;

/// The build's CSS minifier, whose tests run with the crate's.
#[cfg(test)]
#[path = "../build/css.rs"]
mod css;

#[cfg(feature = "embed")]
mod embed;
#[cfg(feature = "embed")]
mod fault;

pub use components::chapeau::Chapeau;
pub use config::{BackendKind, LauncherIcon, Mode, Position, RatingStyle, Theme};
pub use events::ChapeauEvent;
pub use i18n::Lang;

#[cfg(feature = "embed")]
pub use embed::{check, mount, prefetch, start, MountedWidget};
