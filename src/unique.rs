//! Names made unique with a number (`notes`, `notes-1`, `notes-2`…): heading ids in a
//! page, term segments in `/tags/` and `/categories/`.
//!
//! In time linear in the names handed out: each name remembers the next number to try.
//! Every number below it was taken when it was last tried, and taken names stay taken,
//! so no number is tried twice. A thousand `## Notes` headings cost a thousand look-ups,
//! not half a million.

use std::collections::{HashMap, HashSet};

/// The names taken so far, and where to go on numbering each.
#[derive(Debug)]
pub struct UniqueNames {
    /// Names taken, as [`UniqueNames::fold`] makes them.
    taken: HashSet<String>,
    /// For each name wanted again (folded), the next number to try.
    next: HashMap<String, usize>,
    /// The first number tried after the name itself.
    first: usize,
    /// How names compare: two names clash when they fold to the same text.
    fold: fn(&str) -> String,
    /// Names tried so far, taken or not: the work done. At most one per name asked for
    /// plus one per name taken.
    pub tried: usize,
}

impl UniqueNames {
    /// Names numbered from `first` (`a`, then `a-{first}`, `a-{first + 1}`…) that clash
    /// when `fold` makes them the same.
    pub fn new(first: usize, fold: fn(&str) -> String) -> Self {
        Self {
            taken: HashSet::new(),
            next: HashMap::new(),
            first,
            fold,
            tried: 0,
        }
    }

    /// Names that clash only when they are the same text.
    pub fn exact(first: usize) -> Self {
        Self::new(first, str::to_string)
    }

    /// Takes `name` as it is; false when it was taken already.
    pub fn take(&mut self, name: &str) -> bool {
        self.taken.insert((self.fold)(name))
    }

    /// `wanted` if it is free, else `wanted-N` with the first free number N; taken.
    pub fn unique(&mut self, wanted: &str) -> String {
        self.tried += 1;
        if self.take(wanted) {
            return wanted.to_string();
        }
        let n = self.next.entry((self.fold)(wanted)).or_insert(self.first);
        loop {
            let candidate = format!("{wanted}-{n}");
            *n += 1;
            self.tried += 1;
            if self.taken.insert((self.fold)(&candidate)) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_thousand_clashes_are_numbered_in_order_with_linear_work() {
        let mut names = UniqueNames::exact(1);
        let n = 10_000;
        let got: Vec<String> = (0..n).map(|_| names.unique("a")).collect();
        assert_eq!(got[0], "a");
        for (i, name) in got.iter().enumerate().skip(1) {
            assert_eq!(*name, format!("a-{i}"));
        }
        assert!(names.tried <= 2 * n, "{} names tried", names.tried);
    }

    #[test]
    fn taken_numbers_are_skipped_and_case_can_fold() {
        let mut names = UniqueNames::exact(1);
        assert!(names.take("a-2"));
        assert!(!names.take("a-2"));
        let got: Vec<String> = (0..4).map(|_| names.unique("a")).collect();
        assert_eq!(got, ["a", "a-1", "a-3", "a-4"]);
        assert_eq!(names.unique("a-1"), "a-1-1");

        let mut segments = UniqueNames::new(2, str::to_lowercase);
        assert_eq!(segments.unique("C"), "C");
        assert_eq!(segments.unique("c"), "c-2");
        assert_eq!(segments.unique("C"), "C-3");
        // Spellings of one name share their numbering.
        let mut segments = UniqueNames::new(2, str::to_lowercase);
        for i in 0..1000 {
            let spelling = if i % 2 == 0 { "Tag" } else { "tAG" };
            segments.unique(spelling);
        }
        assert!(segments.tried <= 2 * 1000, "{} names tried", segments.tried);
    }
}
