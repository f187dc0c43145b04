//! What the unit tests share: a small deterministic generator of test inputs.

/// Numbers from a xorshift generator started at `seed` (not 0): the same sequence every
/// run, so that a generated case that fails can be found again.
pub(crate) fn numbers(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}
