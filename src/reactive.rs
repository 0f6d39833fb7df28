//! Fine-grained reactivity in the shape of Leptos' (owners, triggers, effects), for the
//! little the widget asks of it.
//!
//! - A [`Trigger`] knows who read it: reading tracks the effect running now; notifying
//!   schedules the effects that read it, which run again together, once, in a microtask.
//! - An [`effect`] runs at once, then again whenever a trigger it read last time notifies.
//! - An [`Owner`] holds what was made while it was current (effects, cleanups, child
//!   owners) and lets go of all of it when cleaned up: the part of a view it belonged to is
//!   gone.
//!
//! Single-threaded, as the widget is: everything lives in `Rc`s and the page's statics
//! (`local.rs`).

use crate::prelude::*;
use crate::local::Local;
use core::cell::{Cell, RefCell};
use alloc::rc::{Rc, Weak};

/// An effect: what it runs, and the owner of what its last run made.
struct Effect {
    run: RefCell<Option<Box<dyn FnMut()>>>,
    owner: Owner,
    queued: Cell<bool>,
    disposed: Cell<bool>,
}

#[derive(Default)]
struct OwnerInner {
    cleanups: RefCell<Vec<Box<dyn FnOnce()>>>,
    children: RefCell<Vec<Weak<OwnerInner>>>,
}

/// What the view made while this owner was current; cleaning it up lets go of all of it.
#[derive(Clone, Default)]
pub struct Owner(Rc<OwnerInner>);

static OBSERVER: Local<RefCell<Option<Rc<Effect>>>> = Local::new(RefCell::new(None));
static CURRENT: Local<RefCell<Option<Owner>>> = Local::new(RefCell::new(None));
static QUEUE: Local<RefCell<Vec<Rc<Effect>>>> = Local::new(RefCell::new(Vec::new()));

impl Owner {
    /// A new owner, cleaned up with the current one (if any).
    pub fn new() -> Owner {
        let owner = Owner::default();
        CURRENT.with_borrow(|parent| {
            if let Some(parent) = parent {
                let mut children = parent.0.children.borrow_mut();
                children.retain(|child| child.strong_count() > 0);
                children.push(Rc::downgrade(&owner.0));
            }
        });
        owner
    }

    /// Runs `f` with this owner current.
    pub fn with<R>(&self, f: impl FnOnce() -> R) -> R {
        let previous = CURRENT.replace(Some(self.clone()));
        let result = f();
        CURRENT.set(previous);
        result
    }

    /// Runs the cleanups of what was made under this owner (its children's first, then its
    /// own, newest first), and forgets them.
    pub fn cleanup(&self) {
        for child in self.0.children.take().iter().filter_map(Weak::upgrade) {
            Owner(child).cleanup();
        }
        let cleanups = self.0.cleanups.take();
        for cleanup in cleanups.into_iter().rev() {
            cleanup();
        }
    }

    pub fn current() -> Option<Owner> {
        CURRENT.with_borrow(Clone::clone)
    }
}

/// Runs `f` when the current owner is cleaned up (never, without an owner).
pub fn on_cleanup(f: impl FnOnce() + 'static) {
    CURRENT.with_borrow(|owner| {
        if let Some(owner) = owner {
            owner.0.cleanups.borrow_mut().push(Box::new(f));
        }
    });
}

/// Something effects read: they run again when it notifies.
#[derive(Default)]
pub struct Trigger {
    readers: RefCell<Vec<Weak<Effect>>>,
}

impl Trigger {
    /// The effect running now will run again when this notifies.
    pub fn track(&self) {
        OBSERVER.with_borrow(|observer| {
            if let Some(effect) = observer {
                let mut readers = self.readers.borrow_mut();
                if !readers.iter().any(|r| core::ptr::eq(r.as_ptr(), Rc::as_ptr(effect))) {
                    readers.push(Rc::downgrade(effect));
                }
            }
        });
    }

    /// Schedules every effect that read this since it last notified.
    pub fn notify(&self) {
        let readers = self.readers.take();
        let first = QUEUE.with_borrow(Vec::is_empty);
        for reader in readers.iter().filter_map(Weak::upgrade) {
            if !reader.queued.replace(true) {
                QUEUE.with_borrow_mut(|queue| queue.push(reader));
            }
        }
        if first && !QUEUE.with_borrow(Vec::is_empty) {
            wasm_bindgen_futures::spawn_local(async { flush() });
        }
    }
}

/// Runs what was scheduled, and what that schedules, until nothing is left.
fn flush() {
    while let Some(effect) = QUEUE.with_borrow_mut(Vec::pop) {
        effect.queued.set(false);
        run(&effect);
    }
}

fn run(effect: &Rc<Effect>) {
    let Some(mut f) = effect.run.take() else { return };
    // What the last run made goes, before this run makes it again.
    effect.owner.cleanup();
    let previous = OBSERVER.replace(Some(effect.clone()));
    effect.owner.with(&mut f);
    OBSERVER.set(previous);
    // Unless the run disposed of the effect itself.
    if !effect.disposed.get() {
        *effect.run.borrow_mut() = Some(f);
    }
}

/// Runs `f` now, and again whenever a trigger it read notifies, until the current owner is
/// cleaned up.
pub fn effect(f: Box<dyn FnMut()>) {
    let effect = Rc::new(Effect { run: RefCell::new(Some(f)), owner: Owner::default(), queued: Cell::new(false), disposed: Cell::new(false) });
    let kept = effect.clone();
    on_cleanup(move || {
        kept.disposed.set(true);
        kept.run.take();
        kept.owner.cleanup();
    });
    run(&effect);
}

/// Runs `f` without tracking what it reads.
pub fn untrack<R>(f: impl FnOnce() -> R) -> R {
    let previous = OBSERVER.take();
    let result = f();
    OBSERVER.set(previous);
    result
}
