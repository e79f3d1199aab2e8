//! Bounded per-user state helpers for stateful detectors: a sliding-window counter, a
//! capped first-seen set and a shared-text interner (with `text::fingerprint` for keys,
//! a detector can remember many ids cheaply). Memory grows with users and distinct ids,
//! never with events.

use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

/// Counts events inside a trailing time window; keeps at most `cap` timestamps.
#[derive(Debug, Clone)]
pub struct Window {
    times: VecDeque<DateTime<Utc>>,
    span: Duration,
    cap: usize,
}

impl Window {
    /// A window of `span`, remembering at most `cap` events (set it to the threshold).
    pub fn new(span: Duration, cap: usize) -> Window {
        Window {
            times: VecDeque::new(),
            span,
            cap: cap.max(1),
        }
    }

    /// Add an event at `t` (non-decreasing times); returns how many fall in the window.
    pub fn push(&mut self, t: DateTime<Utc>) -> usize {
        while self.times.front().is_some_and(|&f| t - f > self.span) {
            self.times.pop_front();
        }
        self.times.push_back(t);
        while self.times.len() > self.cap {
            self.times.pop_front();
        }
        self.times.len()
    }

    /// Forget everything.
    pub fn clear(&mut self) {
        self.times.clear();
    }

    /// Time of the oldest event in the window.
    pub fn first(&self) -> Option<DateTime<Utc>> {
        self.times.front().copied()
    }
}

/// A set that stops growing at `cap` entries (then nothing is "new" any more).
#[derive(Debug, Clone)]
pub struct CappedSet<T: Hash + Eq> {
    set: HashSet<T>,
    cap: usize,
}

impl<T: Hash + Eq> CappedSet<T> {
    /// An empty set holding at most `cap` items.
    pub fn new(cap: usize) -> Self {
        CappedSet {
            set: HashSet::new(),
            cap,
        }
    }

    /// Insert; true when the item was not known and the set had room.
    pub fn insert(&mut self, item: T) -> bool {
        if self.set.contains(&item) || self.set.len() >= self.cap {
            return false;
        }
        self.set.insert(item)
    }

    /// True when known.
    pub fn contains(&self, item: &T) -> bool {
        self.set.contains(item)
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn print_map_finds_what_it_holds() {
        let mut m: PrintMap<u32> = PrintMap::default();
        for i in 0..1000u32 {
            m.insert(crate::text::fingerprint(&[&i.to_string()]), i);
        }
        assert_eq!(m.len(), 1000);
        assert_eq!(m.get(&crate::text::fingerprint(&["417"])), Some(&417));
        assert_eq!(m.get(&crate::text::fingerprint(&["1000"])), None);
    }

    #[test]
    fn interner_shares_equal_values() {
        let mut i: Interner<str> = Interner::default();
        let a = i.get("MailItemsAccessed", |v| Arc::from(v));
        let b = i.get("MailItemsAccessed", |_| unreachable!("already interned"));
        assert!(Arc::ptr_eq(&a, &b));
    }

    #[test]
    fn window_counts_and_evicts() {
        let t0 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let mut w = Window::new(Duration::minutes(5), 10);
        assert_eq!(w.push(t0), 1);
        assert_eq!(w.push(t0 + Duration::minutes(5)), 2);
        assert_eq!(w.push(t0 + Duration::minutes(6)), 2);
        for i in 0..20 {
            w.push(t0 + Duration::minutes(6) + Duration::seconds(i));
        }
        assert_eq!(w.push(t0 + Duration::minutes(7)), 10);
    }

    #[test]
    fn capped_set_stops_learning() {
        let mut s = CappedSet::new(2);
        assert!(s.insert(1));
        assert!(!s.insert(1));
        assert!(s.insert(2));
        assert!(!s.insert(3));
        assert_eq!(s.len(), 2);
    }
}

/// A map keyed by `text::fingerprint` values. They are already uniformly spread 128-bit
/// hashes, so the map uses their low 64 bits as the hash instead of hashing them again.
pub type PrintMap<V> = HashMap<u128, V, BuildHasherDefault<PrintHasher>>;

/// The hasher of [`PrintMap`].
#[derive(Debug, Default)]
pub struct PrintHasher(u64);

impl Hasher for PrintHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(word);
        }
    }

    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

/// Shares equal values (operation names, network descriptions) between the many
/// entries of a detector's state that repeat them. Grows with distinct values.
#[derive(Debug)]
pub struct Interner<T: Hash + Eq + ?Sized> {
    values: HashSet<Arc<T>>,
}

impl<T: Hash + Eq + ?Sized> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: HashSet::new(),
        }
    }
}

impl<T: Hash + Eq + ?Sized> Interner<T> {
    /// The shared copy of `value`, made from it by `make` the first time.
    pub fn get(&mut self, value: &T, make: impl FnOnce(&T) -> Arc<T>) -> Arc<T> {
        if let Some(v) = self.values.get(value) {
            return v.clone();
        }
        let v = make(value);
        self.values.insert(v.clone());
        v
    }
}
