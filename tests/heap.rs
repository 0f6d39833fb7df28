//! The widget's allocator (`src/heap.rs`), run natively over a buffer of its own: whatever the
//! sequence of allocations, frees and resizes, blocks are aligned, never overlap, keep their
//! contents, and what is freed is used again rather than grown for.
#![cfg(not(target_arch = "wasm32"))]

use chapeau::heap::{Heap, Pages, PAGE};
use core::alloc::Layout;
use proptest::prelude::*;

/// Pages from a buffer of `limit` pages, handed out in order as `memory.grow` does. Like
/// WebAssembly's memory, which starts at 0, the buffer is aligned to its whole size.
struct Buffer {
    base: *mut u8,
    grown: usize,
    limit: usize,
}

impl Buffer {
    fn new(limit: usize) -> Buffer {
        let layout = Buffer::layout(limit);
        // SAFETY: a non-zero size; freed in Drop with the same layout.
        let base = unsafe { std::alloc::alloc(layout) };
        assert!(!base.is_null());
        Buffer { base, grown: 0, limit }
    }

    fn layout(limit: usize) -> Layout {
        Layout::from_size_align(limit * PAGE, (limit * PAGE).next_power_of_two()).unwrap()
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { std::alloc::dealloc(self.base, Buffer::layout(self.limit)) }
    }
}

impl Pages for &mut Buffer {
    fn grow(&mut self, count: usize) -> Option<usize> {
        if self.grown + count > self.limit {
            return None;
        }
        let first = self.base as usize + self.grown * PAGE;
        self.grown += count;
        Some(first)
    }
}

/// A live block: where, for what layout, and the byte it was filled with.
struct Live {
    at: *mut u8,
    layout: Layout,
    fill: u8,
}

fn write(live: &Live) {
    // SAFETY: the block is live and at least layout.size() bytes.
    unsafe { core::ptr::write_bytes(live.at, live.fill, live.layout.size()) }
}

fn intact(live: &Live, size: usize) -> bool {
    // SAFETY: as for `fill`; `size` is at most the block's.
    unsafe { core::slice::from_raw_parts(live.at, size) }.iter().all(|b| *b == live.fill)
}

#[derive(Debug, Clone)]
enum Step {
    Alloc { size: usize, align_log2: u32 },
    Free(usize),
    Resize(usize, usize),
}

fn step() -> impl Strategy<Value = Step> {
    let size = prop_oneof![4 => 0usize..64, 2 => 64usize..2048, 1 => 2048usize..200_000];
    prop_oneof![
        3 => (size.clone(), 0u32..13).prop_map(|(size, align_log2)| Step::Alloc { size, align_log2 }),
        2 => any::<usize>().prop_map(Step::Free),
        2 => (any::<usize>(), size).prop_map(|(i, size)| Step::Resize(i, size)),
    ]
}

proptest! {
    #[test]
    fn blocks_are_aligned_apart_and_keep_their_contents(steps in prop::collection::vec(step(), 1..300)) {
        let mut buffer = Buffer::new(1024);
        let mut heap = Heap::new(&mut buffer);
        let mut live: Vec<Live> = Vec::new();
        for (n, step) in steps.into_iter().enumerate() {
            let byte = n as u8;
            match step {
                Step::Alloc { size, align_log2 } => {
                    let layout = Layout::from_size_align(size, 1 << align_log2).unwrap();
                    let at = heap.alloc(layout);
                    prop_assert!(!at.is_null());
                    prop_assert_eq!(at as usize % layout.align(), 0, "aligned for {:?}", layout);
                    live.push(Live { at, layout, fill: byte });
                    write(live.last().unwrap());
                }
                Step::Free(i) if !live.is_empty() => {
                    let gone = live.swap_remove(i % live.len());
                    prop_assert!(intact(&gone, gone.layout.size()));
                    unsafe { heap.dealloc(gone.at, gone.layout) };
                }
                Step::Resize(i, size) if !live.is_empty() => {
                    let i = i % live.len();
                    let old = &live[i];
                    let at = unsafe { heap.realloc(old.at, old.layout, size) };
                    prop_assert!(!at.is_null());
                    let resized = Live { at, layout: Layout::from_size_align(size, old.layout.align()).unwrap(), fill: old.fill };
                    prop_assert!(intact(&resized, old.layout.size().min(size)), "contents kept by a resize");
                    prop_assert_eq!(at as usize % resized.layout.align(), 0);
                    live[i] = Live { fill: byte, ..resized };
                    write(&live[i]);
                }
                _ => {}
            }
        }
        // Each block still holds what was last written to it: none overlaps another (the
        // freed and resized ones were checked on their way out).
        for block in &live {
            prop_assert!(intact(block, block.layout.size()), "a block was overwritten");
        }
    }
}

#[test]
fn a_freed_block_is_the_next_of_its_size() {
    let mut buffer = Buffer::new(4);
    let mut heap = Heap::new(&mut buffer);
    let layout = Layout::from_size_align(24, 8).unwrap();
    let first = heap.alloc(layout);
    let second = heap.alloc(layout);
    assert_ne!(first, second);
    unsafe { heap.dealloc(first, layout) };
    // 17 to 32 bytes share a size: the block comes back for any of them.
    assert_eq!(heap.alloc(Layout::from_size_align(30, 1).unwrap()), first);
}

#[test]
fn churn_does_not_grow_memory() {
    let mut buffer = Buffer::new(64);
    {
        let mut heap = Heap::new(&mut buffer);
        for round in 0..10_000 {
            let layouts = [16, 100, 1000, 5000, 40_000].map(|size| Layout::from_size_align(size + round % 7, 8).unwrap());
            let blocks = layouts.map(|layout| heap.alloc(layout));
            for (block, layout) in blocks.into_iter().zip(layouts) {
                assert!(!block.is_null());
                unsafe { heap.dealloc(block, layout) };
            }
        }
    }
    // 32 + 128 + 1024 + 8192 + 65536 bytes at the busiest: 2 pages, 3 with the gaps alignment leaves.
    assert!(buffer.grown <= 3, "grew {} pages", buffer.grown);
}

#[test]
fn a_resize_within_its_size_keeps_the_block() {
    let mut buffer = Buffer::new(4);
    let mut heap = Heap::new(&mut buffer);
    let layout = Layout::from_size_align(40, 8).unwrap();
    let block = heap.alloc(layout);
    assert_eq!(unsafe { heap.realloc(block, layout, 64) }, block);
    assert_ne!(unsafe { heap.realloc(block, Layout::from_size_align(64, 8).unwrap(), 65) }, block);
}

#[test]
fn no_more_memory_is_a_null_block_not_a_panic() {
    let mut buffer = Buffer::new(4);
    let mut heap = Heap::new(&mut buffer);
    assert!(heap.alloc(Layout::from_size_align(5 * PAGE, 8).unwrap()).is_null());
    // What fits still comes.
    assert!(!heap.alloc(Layout::from_size_align(PAGE, 8).unwrap()).is_null());
    let layout = Layout::from_size_align(PAGE, 8).unwrap();
    let block = heap.alloc(layout);
    assert!(unsafe { heap.realloc(block, layout, 8 * PAGE) }.is_null(), "a resize that cannot be had");
    assert!(!heap.alloc(Layout::from_size_align(2 * PAGE, PAGE).unwrap()).is_null(), "the pages left");
}
