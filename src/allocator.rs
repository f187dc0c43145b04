//! The binary's memory allocator: mimalloc for small blocks, the system allocator for
//! large ones.
//!
//! mimalloc's per-thread heaps make the many short-lived strings of a build cheap
//! (BENCHMARKS.md). Large blocks fare better with the system's, whose blocks of
//! [`LARGE`] bytes or more are mapped pages ([`set_up`] fixes glibc's threshold there):
//! - they grow in place (`mremap`), where mimalloc allocates a new block and copies,
//!   keeping the old one a while: a post of one-word lines took 3.7 s and 1.4 GB in the
//!   parser alone with mimalloc, against 1.0 s and 1.0 GB;
//! - freed, they go back to the system at once, where mimalloc keeps freed memory
//!   for a second (its purge delay) in case it is wanted again. A build's large
//!   blocks are short-lived (a page, a listing, a part of the search index), and
//!   100,000 posts made enough of them in a second to raise the peak by about 35 MiB.
//!
//! Every call gets the block's layout, so each block is freed and grown by the
//! allocator that made it: a block that crosses the line is moved once.

use std::alloc::{GlobalAlloc, Layout, System};

use mimalloc::MiMalloc;

/// Blocks this large or larger come from the system allocator: about one in ten
/// thousand of a build's blocks. 256 KiB instead made no difference to the peak, and
/// 64 KiB cost no CPU that this machine's noise shows (BENCHMARKS.md, issue 16,
/// twelfth step).
pub const LARGE: usize = 64 << 10;

/// mimalloc, with large blocks left to the system allocator.
#[derive(Debug, Default, Clone, Copy)]
pub struct Allocator;

fn large(size: usize) -> bool {
    size >= LARGE
}

// SAFETY: each block is allocated, grown and freed by one of two sound allocators,
// chosen by its size, which every call is given; a block whose size crosses `LARGE`
// is copied into a block of the other allocator (its contents, up to the smaller
// size) and the old one freed by its own allocator.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are passed on.
        unsafe {
            if large(layout.size()) {
                System.alloc(layout)
            } else {
                MiMalloc.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if large(layout.size()) {
                System.alloc_zeroed(layout)
            } else {
                MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated with `layout`, so by the allocator its size
        // picks.
        unsafe {
            if large(layout.size()) {
                System.dealloc(ptr, layout);
            } else {
                MiMalloc.dealloc(ptr, layout);
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated with `layout` by the allocator its size picks;
        // the caller guarantees `new_size` is valid for `layout.align()`.
        unsafe {
            match (large(layout.size()), large(new_size)) {
                (false, false) => MiMalloc.realloc(ptr, layout, new_size),
                (true, true) => System.realloc(ptr, layout, new_size),
                _ => {
                    let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    let new = self.alloc(new_layout);
                    if !new.is_null() {
                        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    new
                }
            }
        }
    }
}

/// Sets the process's memory up, before any work starts (`main` calls it once for every
/// command: `build` and `check` hold a whole site, `serve` idles between updates).
///
/// - Transparent huge pages off: mimalloc backs its arenas with 2 MiB pages where the
///   system allows them, and such a page stays resident whole when partly used.
///   `serve` idles between updates, so its footprint matters: 157 MiB with them and
///   126 MiB without on the 10,000-post benchmark site. A build peaks lower too
///   (10,000 posts: 148–151 MB against 171–182; 100,000: 737–739 MB against
///   774–837), for 1–3% more CPU (BENCHMARKS.md).
/// - glibc maps every block of [`LARGE`] bytes or more: its threshold otherwise rises
///   to the largest block freed, and large blocks would stay in its heap once freed.
pub fn set_up() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt takes plain integers; M_MMAP_THRESHOLD only changes how later
    // blocks are placed. 64 KiB is within its range (up to 32 MiB).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE as libc::c_int);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_bytes_across_the_line() {
        let a = Allocator;
        let small = Layout::from_size_align(1 << 10, 8).unwrap();
        // SAFETY: layouts are valid and non-zero; every block is freed with the
        // layout it has at that point.
        unsafe {
            let p = a.alloc(small);
            assert!(!p.is_null());
            p.write_bytes(7, small.size());
            // Small to large: moved to the system allocator, bytes kept.
            let p = a.realloc(p, small, LARGE + 1);
            assert!(!p.is_null());
            assert!((0..small.size()).all(|i| *p.add(i) == 7));
            p.add(LARGE).write(9);
            // Huge to larger: grown by the system allocator.
            let grown = Layout::from_size_align(LARGE + 1, 8).unwrap();
            let p = a.realloc(p, grown, 2 * LARGE);
            assert_eq!((*p, *p.add(LARGE)), (7, 9));
            // Huge back to small: moved to mimalloc.
            let big = Layout::from_size_align(2 * LARGE, 8).unwrap();
            let p = a.realloc(p, big, 16);
            assert!((0..16).all(|i| *p.add(i) == 7));
            a.dealloc(p, Layout::from_size_align(16, 8).unwrap());
            let z = a.alloc_zeroed(grown);
            assert_eq!(*z.add(LARGE), 0);
            a.dealloc(z, grown);
        }
    }
}
