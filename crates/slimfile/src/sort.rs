//! Stable sorts that share one copy of the standard library's sort.
//!
//! Every `slice::sort_by_key` call with its own element type or key is a
//! separate copy of the standard library's stable sort (about 3 KB of wasm
//! each, two dozen of them in the web app). These functions sort a list of
//! indices with a `dyn` comparison instead, one copy for the whole program,
//! then move the elements into that order. The result is exactly that of
//! `slice::sort_by` (stable: equal elements keep their order); the cost is
//! one `Vec<usize>` and an indirect call per comparison, which is nothing
//! next to the work around any of these sorts.

use std::cmp::Ordering;

/// `v.sort_by(cmp)`: stable.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, &mut order);
}

/// `v.sort_by_key(key)`: stable.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`; also stands for `v.sort_unstable()` where equal elements are
/// indistinguishable (numbers, strings, tuples of them).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one instance of the standard library's stable sort.
#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Puts `v[order[i]]` at `i` for every `i`, following each cycle of the
/// permutation once with swaps (linear time); `order` ends as the identity.
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..v.len() {
        let mut cur = start;
        while order[cur] != cur {
            let next = order[cur];
            order[cur] = cur;
            if next == start {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random keys with many ties, tagged with their position: the
    /// tags show whether equal keys kept their order.
    fn sample(n: usize, range: u64, seed: u64) -> Vec<(u64, usize)> {
        let mut x = seed;
        (0..n)
            .map(|i| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((x >> 33) % range, i)
            })
            .collect()
    }

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        for (n, range, seed) in [(0, 1, 1), (1, 1, 2), (2, 1, 3), (7, 3, 4), (20, 20, 5), (1000, 7, 6), (1000, 100_000, 7), (4096, 2, 8)] {
            let mut ours = sample(n, range, seed);
            let mut std = ours.clone();
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "n {n}, range {range}");
            let mut ours = sample(n, range, seed);
            let mut std = ours.clone();
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std.sort_by_key(|e| std::cmp::Reverse(e.0));
            assert_eq!(ours, std, "descending, n {n}, range {range}");
        }
    }

    #[test]
    fn sort_orders_strings_and_keeps_every_element() {
        let mut v: Vec<String> = ["b", "a", "c", "a", "", "bb"].iter().map(|s| s.to_string()).collect();
        sort(&mut v);
        assert_eq!(v, ["", "a", "a", "b", "bb", "c"]);
    }

    #[test]
    fn permute_follows_every_cycle() {
        let mut v = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        // Cycles (0 3 1) and (2 5), 4 fixed.
        let mut order = vec![3, 0, 5, 1, 4, 2];
        permute(&mut v, &mut order);
        assert_eq!(v, ['d', 'a', 'f', 'b', 'e', 'c']);
        assert_eq!(order, [0, 1, 2, 3, 4, 5]);
    }
}
