//! `State<T>`: a value the widget's views follow. Reading it inside a binding or an effect
//! subscribes that binding (through a [`Trigger`] of the reactive core); changing it makes
//! them run again.
//!
//! It does what the widget needs of Leptos' `RwSignal` for a fraction of the code: a
//! `RwSignal<T>` brings its locks and guards for every `T` it holds (about 1.3 KB of
//! WebAssembly each, measured), while here only a `RefCell` is generic. Like a signal, a
//! `State` is `Copy` and belongs to the owner that made it: it is freed with it, after which
//! changing it does nothing.

use crate::prelude::*;
use crate::local::Local;
use core::any::Any;
use core::cell::RefCell;
use core::marker::PhantomData;
use alloc::rc::Rc;

use crate::reactive::{on_cleanup, Trigger};

/// A value and the trigger of those who read it.
struct Cell<T> {
    value: RefCell<T>,
    trigger: Trigger,
}

/// A place for one state: the generation tells a freed and reused place from the old one.
#[derive(Default)]
struct Place {
    generation: u32,
    cell: Option<Rc<dyn Any>>,
}

static PLACES: Local<RefCell<Vec<Place>>> = Local::new(RefCell::new(Vec::new()));

/// A handle to a value in [`PLACES`].
pub struct State<T> {
    index: u32,
    generation: u32,
    kind: PhantomData<fn() -> T>,
}

impl<T> Clone for State<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for State<T> {}

/// Puts `cell` in a free place and returns (index, generation); it is freed when the
/// current owner is cleaned up.
fn allocate(cell: Rc<dyn Any>) -> (u32, u32) {
    let place = PLACES.with_borrow_mut(|places| {
        let index = places.iter().position(|s| s.cell.is_none()).unwrap_or_else(|| {
            places.push(Place::default());
            places.len() - 1
        });
        places[index].cell = Some(cell);
        (index as u32, places[index].generation)
    });
    on_cleanup(move || {
        PLACES.with_borrow_mut(|places| {
            let freed = &mut places[place.0 as usize];
            if freed.generation == place.1 {
                freed.cell = None;
                freed.generation += 1;
            }
        })
    });
    place
}

/// The cell at `place`, unless it was freed.
fn find(index: u32, generation: u32) -> Option<Rc<dyn Any>> {
    PLACES.with_borrow(|places| places.get(index as usize).filter(|s| s.generation == generation)?.cell.clone())
}

impl<T: 'static> State<T> {
    pub fn new(value: T) -> State<T> {
        let (index, generation) = allocate(Rc::new(Cell { value: RefCell::new(value), trigger: Trigger::default() }));
        State { index, generation, kind: PhantomData }
    }

    fn cell(&self) -> Option<Rc<Cell<T>>> {
        find(self.index, self.generation)?.downcast().ok()
    }

    /// Calls `f` with the value, without subscribing anything to it.
    ///
    /// # Panics
    /// Once its owner is gone (nothing the widget still runs reads it then).
    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        let cell = self.cell().expect("a state is read while its owner lives");
        let value = cell.value.borrow();
        f(&value)
    }

    /// Calls `f` with the value; the binding or effect running now follows it.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.track();
        self.with_untracked(f)
    }

    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.with_untracked(T::clone)
    }

    /// The value, unless its owner is gone.
    pub fn try_get_untracked(&self) -> Option<T>
    where
        T: Clone,
    {
        Some(self.cell()?.value.borrow().clone())
    }

    /// Subscribes the binding or effect running now, without reading the value.
    pub fn track(&self) {
        if let Some(cell) = self.cell() {
            cell.trigger.track();
        }
    }

    /// Changes the value with `f`, then runs again whatever follows it. Once the owner is
    /// gone (a reply that arrived after the widget was removed), it does nothing.
    pub fn update(&self, f: impl FnOnce(&mut T)) {
        let Some(cell) = self.cell() else { return };
        f(&mut cell.value.borrow_mut());
        cell.trigger.notify();
    }

    pub fn set(&self, value: T) {
        self.update(move |v| *v = value);
    }
}
