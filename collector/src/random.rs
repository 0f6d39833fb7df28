//! Unguessable bytes for receipts and ids, drawn from the operating system a block at a time.
//!
//! Asking the OS for every receipt's 18 bytes was one of the four system calls a submission
//! cost (BENCHMARKS.md). The bytes are the kernel's all the same, only fetched 2 KB at a time,
//! per thread; each is handed out once and wiped from the block as it goes, so the block never
//! holds a byte already given out.

use std::cell::RefCell;

const BLOCK: usize = 2048;

struct Block {
    bytes: [u8; BLOCK],
    /// How many bytes from the start have been handed out (and wiped).
    used: usize,
}

thread_local! {
    static BLOCK_OF_THIS_THREAD: RefCell<Block> = const { RefCell::new(Block { bytes: [0; BLOCK], used: BLOCK }) };
}

/// Fills `out` with random bytes from the OS's generator.
pub fn fill(out: &mut [u8]) {
    if out.len() > BLOCK / 4 {
        getrandom::fill(out).expect("the operating system provides randomness");
        return;
    }
    BLOCK_OF_THIS_THREAD.with_borrow_mut(|block| {
        if BLOCK - block.used < out.len() {
            getrandom::fill(&mut block.bytes).expect("the operating system provides randomness");
            block.used = 0;
        }
        let taken = &mut block.bytes[block.used..block.used + out.len()];
        out.copy_from_slice(taken);
        taken.fill(0);
        block.used += out.len();
    });
}

/// `N` random bytes.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    fill(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    /// Draws of a size that does not divide the block cross its refills: none may repeat
    /// an earlier one or come out as the wiped zeros of a block's end.
    #[test]
    fn draws_never_repeat_across_refills() {
        let draws: Vec<[u8; 18]> = (0..1000).map(|_| super::bytes()).collect();
        assert!(draws.iter().all(|d| d != &[0; 18]));
        assert_eq!(draws.iter().collect::<HashSet<_>>().len(), draws.len());
    }

    #[test]
    fn threads_draw_different_bytes() {
        let here: [u8; 16] = super::bytes();
        let there: [u8; 16] = std::thread::spawn(super::bytes).join().unwrap();
        assert_ne!(here, there);
    }

    #[test]
    fn large_draws_come_straight_from_the_os() {
        let mut a = [0u8; 1024];
        let mut b = [0u8; 1024];
        super::fill(&mut a);
        super::fill(&mut b);
        assert_ne!(a, b);
        assert!(a.iter().any(|&x| x != 0));
    }
}
