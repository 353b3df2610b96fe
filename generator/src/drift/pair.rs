//! Pairing the items of two lists by key, with renames: the one place that decides which old item
//! a new item continues.
//!
//! Exact keys pair first. Of what is left, keys equal but for case pair as case-only renames (the
//! docs fix `cloudPc` to `cloudPC` often). Of what is still left, a caller-given test finds likely
//! renames; a pair counts only when neither side has another candidate, so an ambiguous guess is
//! reported as a removal and an addition instead.

use std::collections::BTreeMap;

/// How two paired items are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairing {
    /// Same key.
    Same,
    /// Keys equal but for case.
    CaseRename,
    /// Different keys, judged the same item by the caller's test.
    LikelyRename,
}

/// The result of [`pair`].
#[derive(Debug)]
pub struct Paired<'a, T> {
    /// Items in both lists: same keys first, then renames (callers sort what they report).
    pub pairs: Vec<(&'a T, &'a T, Pairing)>,
    /// Items only in the old list, in key order.
    pub removed: Vec<&'a T>,
    /// Items only in the new list, in key order.
    pub added: Vec<&'a T>,
}

impl<T> Paired<'_, T> {
    /// How many distinct items the two lists hold together.
    pub fn union_len(&self) -> usize {
        self.pairs.len() + self.removed.len() + self.added.len()
    }
}

/// Pairs `old` with `new` by `key`; `likely` judges leftover pairs. The first item wins when a
/// list repeats a key (the link stage reports duplicates).
pub fn pair<'a, T, K, L>(old: &'a [T], new: &'a [T], key: K, likely: L) -> Paired<'a, T>
where
    K: Fn(&T) -> String,
    L: Fn(&T, &T) -> bool,
{
    let index = |items: &'a [T]| {
        let mut map: BTreeMap<String, &'a T> = BTreeMap::new();
        for item in items {
            map.entry(key(item)).or_insert(item);
        }
        map
    };
    let mut old_left = index(old);
    let new_all = index(new);
    let mut pairs = Vec::new();
    let mut new_left = Vec::new();
    for (new_key, new_item) in &new_all {
        match old_left.remove(new_key) {
            Some(old_item) => pairs.push((old_item, *new_item, Pairing::Same)),
            None => new_left.push((new_key.clone(), *new_item)),
        }
    }

    // Case-only renames: a lower-cased key shared by exactly one leftover on each side.
    let mut old_by_lower: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for old_key in old_left.keys() {
        old_by_lower.entry(old_key.to_lowercase()).or_default().push(old_key.clone());
    }
    let mut new_by_lower: BTreeMap<String, usize> = BTreeMap::new();
    for (new_key, _) in &new_left {
        *new_by_lower.entry(new_key.to_lowercase()).or_default() += 1;
    }
    let mut still_new = Vec::new();
    for (new_key, new_item) in new_left {
        let lower = new_key.to_lowercase();
        let unique_new = new_by_lower.get(&lower) == Some(&1);
        let candidate = match old_by_lower.get(&lower) {
            Some(keys) if unique_new && keys.len() == 1 => keys.first().cloned(),
            _ => None,
        };
        match candidate.and_then(|old_key| old_left.remove(&old_key)) {
            Some(old_item) => pairs.push((old_item, new_item, Pairing::CaseRename)),
            None => still_new.push(new_item),
        }
    }

    // Likely renames: unambiguous both ways.
    let old_rest: Vec<&'a T> = old_left.into_values().collect();
    let candidates: Vec<Vec<usize>> = still_new
        .iter()
        .map(|new_item| {
            (0..old_rest.len())
                .filter(|&idx| old_rest.get(idx).is_some_and(|old_item| likely(old_item, new_item)))
                .collect()
        })
        .collect();
    let mut claims = vec![0usize; old_rest.len()];
    for found in &candidates {
        for &idx in found {
            if let Some(count) = claims.get_mut(idx) {
                *count += 1;
            }
        }
    }
    let mut taken = vec![false; old_rest.len()];
    let mut added = Vec::new();
    for (new_item, found) in still_new.into_iter().zip(&candidates) {
        match found.as_slice() {
            [idx] if claims.get(*idx) == Some(&1) => {
                if let (Some(old_item), Some(flag)) = (old_rest.get(*idx), taken.get_mut(*idx)) {
                    *flag = true;
                    pairs.push((*old_item, new_item, Pairing::LikelyRename));
                    continue;
                }
                added.push(new_item);
            }
            _ => added.push(new_item),
        }
    }
    let removed = old_rest.into_iter().zip(taken).filter(|(_, taken)| !taken).map(|(item, _)| item).collect();
    Paired { pairs, removed, added }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(paired: &Paired<'_, (&'static str, u8)>) -> (Vec<String>, Vec<&'static str>, Vec<&'static str>) {
        let pairs = paired.pairs.iter().map(|(old, new, how)| format!("{}->{} {how:?}", old.0, new.0)).collect();
        let removed = paired.removed.iter().map(|item| item.0).collect();
        let added = paired.added.iter().map(|item| item.0).collect();
        (pairs, removed, added)
    }

    fn run(
        old: &[(&'static str, u8)],
        new: &[(&'static str, u8)],
    ) -> (Vec<String>, Vec<&'static str>, Vec<&'static str>) {
        let paired = pair(old, new, |item| item.0.to_owned(), |old, new| old.1 == new.1);
        names(&paired)
    }

    #[test]
    fn same_keys_pair_first_then_case_then_likely() {
        let (pairs, removed, added) = run(
            &[("keep", 0), ("osName", 1), ("gone", 2), ("old", 3)],
            &[("keep", 0), ("OSName", 1), ("new", 3), ("fresh", 4)],
        );
        assert_eq!(pairs, ["keep->keep Same", "osName->OSName CaseRename", "old->new LikelyRename"]);
        assert_eq!(removed, ["gone"]);
        assert_eq!(added, ["fresh"]);
    }

    #[test]
    fn ambiguous_likely_renames_stay_unpaired() {
        // Two removed items with the same shape: no guess.
        let (pairs, removed, added) = run(&[("a", 1), ("b", 1)], &[("c", 1)]);
        assert!(pairs.is_empty());
        assert_eq!(removed, ["a", "b"]);
        assert_eq!(added, ["c"]);
        // Two added items claim one removed: no guess either.
        let (pairs, _, added) = run(&[("a", 1)], &[("b", 1), ("c", 1)]);
        assert!(pairs.is_empty());
        assert_eq!(added, ["b", "c"]);
    }

    #[test]
    fn ambiguous_case_renames_stay_unpaired() {
        let (pairs, removed, added) = run(&[("Name", 1), ("NAME", 2)], &[("name", 3)]);
        assert!(pairs.is_empty());
        assert_eq!(removed, ["NAME", "Name"]);
        assert_eq!(added, ["name"]);
    }

    #[test]
    fn repeated_keys_keep_the_first_item() {
        let (pairs, _, _) = run(&[("a", 1), ("a", 2)], &[("a", 3)]);
        assert_eq!(pairs, ["a->a Same"]);
    }
}
