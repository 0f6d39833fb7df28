//! The widget's allocator: a free list for each power-of-two size, carved from the pages the
//! module grows its memory by.
//!
//! Every block is a power of two of at least `MIN` bytes, placed at a multiple of its own
//! size, so that it meets any alignment up to its size. A freed block goes to the head of its
//! size's list and is the next one that size gets. Blocks are never merged or split again:
//! the widget's allocations are small and repeat the same few sizes (its nodes, closures and
//! texts), so what a size frees, the same size soon takes back. No step walks the heap, a block
//! is at most twice its request, and the code is small: the module was 2,171 bytes lighter
//! (731 brotli) than with talc, a general-purpose allocator (BENCHMARKS.md, stop 18).
//!
//! Pure logic over a [`Pages`] source: the module grows its WebAssembly memory, and `cargo
//! test` runs the same code over a buffer of its own.

use core::alloc::Layout;

/// WebAssembly's page, the unit memory grows by.
pub const PAGE: usize = 65536;

/// The smallest block: room for the link of a free list.
const MIN: usize = 8;

/// Where fresh pages come from.
pub trait Pages {
    /// Adds `count` pages, and returns the address of the first (never 0), or `None` when
    /// there are no more.
    fn grow(&mut self, count: usize) -> Option<usize>;
}

/// Blocks of each size: the free ones, linked through their first word, and the unused rest
/// of the pages grown so far (`next..end`).
pub struct Heap<P> {
    /// The first free block of size `1 << class`, or 0.
    free: [usize; usize::BITS as usize],
    next: usize,
    end: usize,
    pages: P,
}

/// The size class of `layout`: the power of two its blocks have (`1 << class`).
fn class(layout: Layout) -> usize {
    // A Layout's size is at most isize::MAX, so the next power of two fits a usize.
    layout.size().max(layout.align()).max(MIN).next_power_of_two().trailing_zeros() as usize
}

impl<P: Pages> Heap<P> {
    pub const fn new(pages: P) -> Self {
        Heap { free: [0; usize::BITS as usize], next: 0, end: 0, pages }
    }

    /// A block for `layout`, or null when memory cannot grow enough.
    pub fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let class = class(layout);
        match self.free[class] {
            0 => self.carve(1 << class),
            block => {
                // SAFETY: a free block holds the address of the next free one of its size.
                self.free[class] = unsafe { *(block as *const usize) };
                block as *mut u8
            }
        }
    }

    /// Gives back a block `alloc` returned for `layout`.
    ///
    /// # Safety
    /// `block` came from this heap's `alloc` (or `realloc`) for a layout of the same size and
    /// alignment, and is not used after this.
    pub unsafe fn dealloc(&mut self, block: *mut u8, layout: Layout) {
        self.push(class(layout), block as usize);
    }

    /// The block resized to `size` bytes, its contents kept: the same block while the size
    /// stays in its class, else a new one (null if none can be had; the old one is then kept).
    ///
    /// # Safety
    /// As for `dealloc`; `size` rounded up to `layout`'s alignment is at most `isize::MAX`.
    pub unsafe fn realloc(&mut self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        let resized = Layout::from_size_align_unchecked(size, layout.align());
        if class(resized) == class(layout) {
            return block;
        }
        let moved = self.alloc(resized);
        if !moved.is_null() {
            core::ptr::copy_nonoverlapping(block, moved, layout.size().min(size));
            self.dealloc(block, layout);
        }
        moved
    }

    fn push(&mut self, class: usize, block: usize) {
        // SAFETY: a block of this class is at least MIN bytes, aligned for a usize, and free.
        unsafe { *(block as *mut usize) = self.free[class] };
        self.free[class] = block;
    }

    /// A new block of `size` (a power of two) from the unused pages, growing them if needed.
    fn carve(&mut self, size: usize) -> *mut u8 {
        loop {
            let Some(stop) = self.next.checked_next_multiple_of(size).and_then(|start| start.checked_add(size)) else {
                return core::ptr::null_mut();
            };
            if stop <= self.end {
                let start = stop - size;
                self.release(self.next, start);
                self.next = stop;
                return start as *mut u8;
            }
            let count = (stop - self.end).div_ceil(PAGE);
            let Some(first) = self.pages.grow(count) else {
                return core::ptr::null_mut();
            };
            if first != self.end {
                // Not after ours (the first pages, or grown by someone else): what was left of
                // ours is given to the free lists, and carving goes on in the new pages.
                self.release(self.next, self.end);
                self.next = first;
            }
            self.end = first + count * PAGE;
        }
    }

    /// Gives `from..to` (multiples of MIN) to the free lists as the largest aligned blocks.
    fn release(&mut self, mut from: usize, to: usize) {
        while from < to {
            // The largest power of two that `from` is a multiple of, and that fits.
            let mut size = from & from.wrapping_neg();
            while from + size > to {
                size /= 2;
            }
            self.push(size.trailing_zeros() as usize, from);
            from += size;
        }
    }
}

/// The module's memory, grown a page at a time by `memory.grow`.
#[cfg(target_arch = "wasm32")]
pub struct WasmPages;

#[cfg(target_arch = "wasm32")]
impl Pages for WasmPages {
    fn grow(&mut self, count: usize) -> Option<usize> {
        match core::arch::wasm32::memory_grow(0, count) {
            usize::MAX => None,
            first => Some(first * PAGE),
        }
    }
}

/// The heap as the global allocator.
#[cfg(target_arch = "wasm32")]
pub struct Global(crate::local::Local<core::cell::UnsafeCell<Heap<WasmPages>>>);

#[cfg(target_arch = "wasm32")]
impl Global {
    // A static needs a `const` constructor, which `Default` cannot be.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Global {
        Global(crate::local::Local::new(core::cell::UnsafeCell::new(Heap::new(WasmPages))))
    }
}

// SAFETY: one thread (see `Local`), and no method of `Heap` allocates, so no call re-enters.
#[cfg(target_arch = "wasm32")]
unsafe impl core::alloc::GlobalAlloc for Global {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).alloc(layout)
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        (*self.0.get()).dealloc(block, layout)
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        (*self.0.get()).realloc(block, layout, size)
    }
}
