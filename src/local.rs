//! The page's statics. The widget runs on wasm32 without threads: one thread, so a `static`
//! needs no lock, and `thread_local!` (which is `std`'s, and the widget is `no_std`) has
//! nothing to add.

use core::cell::RefCell;
use core::ops::Deref;

/// A value that lives as long as the page, for its one thread.
pub struct Local<T>(T);

// SAFETY: wasm32 without the atomics feature (the widget's target) runs one thread; nothing
// else can reach the value.
unsafe impl<T> Sync for Local<T> {}

impl<T> Local<T> {
    pub const fn new(value: T) -> Self {
        Local(value)
    }
}

impl<T> Deref for Local<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// What `thread_local!`'s keys offer for a `RefCell`.
impl<T> Local<RefCell<T>> {
    pub fn with_borrow<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0.borrow())
    }

    pub fn with_borrow_mut<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }

    pub fn set(&self, value: T) {
        *self.0.borrow_mut() = value;
    }
}
