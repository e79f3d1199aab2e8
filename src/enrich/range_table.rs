//! A sorted, gap-encoded IP range table: the lookup structure behind the embedded
//! ASN and country tables and behind user-supplied CSV/TSV ASN databases.
//!
//! Every address of a family is covered: row `i` runs from `starts[i]` up to
//! `starts[i + 1] - 1`, and value `0` means "no data". Lookup is one binary search.
//! This file knows nothing about what the values mean (ASN index, country index).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::net::IpAddr;

/// Gap-encoded IPv4 and IPv6 range starts with one `u32` value per row.
#[derive(Debug, Clone, Default)]
pub struct RangeTable {
    v4_starts: Vec<u32>,
    v4_values: Vec<u32>,
    v6_starts: Vec<u128>,
    v6_values: Vec<u32>,
}

impl RangeTable {
    /// Builds a table from already gap-encoded columns.
    ///
    /// Returns `None` unless each family's columns have equal length, start at
    /// address 0 and are strictly increasing (the invariants lookup relies on).
    pub fn from_columns(v4: (Vec<u32>, Vec<u32>), v6: (Vec<u128>, Vec<u32>)) -> Option<RangeTable> {
        let ok4 = v4.0.len() == v4.1.len() && v4.0.first() == Some(&0) && increasing(&v4.0);
        let ok6 = v6.0.len() == v6.1.len() && v6.0.first() == Some(&0) && increasing(&v6.0);
        (ok4 && ok6).then_some(RangeTable {
            v4_starts: v4.0,
            v4_values: v4.1,
            v6_starts: v6.0,
            v6_values: v6.1,
        })
    }

    /// Builds a table from inclusive `(start, end, value)` ranges in any order.
    ///
    /// Overlaps are clipped the way `scripts/update-asn-data` clips them: a range
    /// that starts inside an earlier one wins from its start to its end. Value 0 is
    /// reserved for "no data" and such ranges are dropped.
    pub fn from_ranges(v4: Vec<(u32, u32, u32)>, v6: Vec<(u128, u128, u32)>) -> RangeTable {
        let v4 = gap_encode(
            v4.into_iter()
                .map(|(s, e, v)| (u128::from(s), u128::from(e), v)),
        );
        let v6 = gap_encode(v6.into_iter());
        RangeTable {
            // Every v4 start came from a u32, so the narrowing cannot lose bits.
            v4_starts: v4.0.iter().map(|&s| s as u32).collect(),
            v4_values: v4.1,
            v6_starts: v6.0,
            v6_values: v6.1,
        }
    }

    /// The value stored for `ip` (0 when the table has no data for it).
    #[inline]
    pub fn value(&self, ip: IpAddr) -> u32 {
        match ip {
            IpAddr::V4(v4) => self.value_v4(u32::from(v4)),
            IpAddr::V6(v6) => self.value_v6(u128::from(v6)),
        }
    }

    /// The value stored for an IPv4 address given as an integer.
    #[inline]
    pub fn value_v4(&self, ip: u32) -> u32 {
        let idx = self.v4_starts.partition_point(|&s| s <= ip);
        idx.checked_sub(1).map_or(0, |i| self.v4_values[i])
    }

    /// The value stored for an IPv6 address given as an integer.
    #[inline]
    pub fn value_v6(&self, ip: u128) -> u32 {
        let idx = self.v6_starts.partition_point(|&s| s <= ip);
        idx.checked_sub(1).map_or(0, |i| self.v6_values[i])
    }

    /// Number of gap-encoded rows per family: `(ipv4, ipv6)`.
    pub fn rows(&self) -> (usize, usize) {
        (self.v4_starts.len(), self.v6_starts.len())
    }

    /// Heap bytes used by the four columns.
    pub fn heap_bytes(&self) -> usize {
        self.v4_starts.len() * 4 + self.v4_values.len() * 4 + self.v6_starts.len() * 20
    }
}

fn increasing<T: PartialOrd>(xs: &[T]) -> bool {
    xs.windows(2).all(|w| w[0] < w[1])
}

/// Sorts and clips overlapping ranges, as `scripts/update-asn-data` does: a range that
/// starts inside an earlier one wins up to its end; the earlier one's tail (if any)
/// resumes after it unless another input range already covers that part.
fn clip(ranges: impl Iterator<Item = (u128, u128, u32)>) -> Vec<(u128, u128, u32)> {
    let mut rows: Vec<(u128, u128, u32)> = ranges.filter(|&(s, e, v)| v != 0 && s <= e).collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(u128, u128, u32)> = Vec::with_capacity(rows.len());
    let mut tails: BinaryHeap<Reverse<(u128, u128, u32)>> = BinaryHeap::new();
    let mut input = rows.into_iter().peekable();
    loop {
        let tail_first = match (tails.peek(), input.peek()) {
            (Some(Reverse(t)), Some(r)) => t.0 < r.0,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if tail_first {
            let Some(Reverse((mut start, end, value))) = tails.pop() else {
                break;
            };
            if let Some(last) = out.last() {
                start = start.max(last.1.saturating_add(1));
            }
            if start <= end && out.last().is_none_or(|l| l.1 < start) {
                out.push((start, end, value));
            }
            continue;
        }
        let Some(row) = input.next() else { break };
        if let Some(last) = out.last().copied().filter(|l| l.1 >= row.0) {
            out.pop();
            if last.0 < row.0 {
                out.push((last.0, row.0 - 1, last.2));
            }
            if last.1 > row.1 {
                tails.push(Reverse((row.1 + 1, last.1, last.2)));
            }
        }
        out.push(row);
    }
    out
}

/// Clips, then gap-encodes inclusive ranges into `(starts, values)` starting at 0.
fn gap_encode(ranges: impl Iterator<Item = (u128, u128, u32)>) -> (Vec<u128>, Vec<u32>) {
    let mut starts = vec![0u128];
    let mut values = vec![0u32];
    let mut push = |start: u128, value: u32| {
        let last = starts.len() - 1;
        if starts[last] == start {
            values[last] = value;
        } else if values[last] != value {
            starts.push(start);
            values.push(value);
        }
    };
    for (start, end, value) in clip(ranges) {
        push(start, value);
        if let Some(next) = end.checked_add(1) {
            push(next, 0);
        }
    }
    // Merging may leave a same-value neighbour after a `starts[last] == start` overwrite.
    dedup_neighbours(&mut starts, &mut values);
    (starts, values)
}

fn dedup_neighbours(starts: &mut Vec<u128>, values: &mut Vec<u32>) {
    let mut keep_s = Vec::with_capacity(starts.len());
    let mut keep_v: Vec<u32> = Vec::with_capacity(values.len());
    for (&s, &v) in starts.iter().zip(values.iter()) {
        if keep_v.last() != Some(&v) {
            keep_s.push(s);
            keep_v.push(v);
        }
    }
    *starts = keep_s;
    *values = keep_v;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_ranges_fills_gaps_and_clips_overlaps() {
        let t = RangeTable::from_ranges(vec![(15, 29, 2), (10, 19, 1), (40, 40, 3)], vec![]);
        let got: Vec<u32> = [0, 9, 10, 14, 15, 29, 30, 40, 41, u32::MAX]
            .iter()
            .map(|&ip| t.value_v4(ip))
            .collect();
        assert_eq!(got, vec![0, 0, 1, 1, 2, 2, 0, 3, 0, 0]);
        assert_eq!(t.value_v6(5), 0);
    }

    #[test]
    fn contained_range_wins_and_outer_tail_resumes() {
        let t = RangeTable::from_ranges(vec![(10, 29, 1), (15, 19, 2), (18, 25, 3)], vec![]);
        let got: Vec<u32> = (9..=31).map(|ip| t.value_v4(ip)).collect();
        let want = [
            0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 0, 0,
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn range_reaching_the_top_of_the_family() {
        let t = RangeTable::from_ranges(vec![], vec![(u128::MAX - 1, u128::MAX, 7)]);
        assert_eq!(t.value_v6(u128::MAX), 7);
        assert_eq!(t.value_v6(u128::MAX - 2), 0);
    }

    #[test]
    fn from_columns_rejects_broken_invariants() {
        assert!(RangeTable::from_columns((vec![1], vec![0]), (vec![0], vec![0])).is_none());
        assert!(RangeTable::from_columns((vec![0, 0], vec![0, 1]), (vec![0], vec![0])).is_none());
        assert!(RangeTable::from_columns((vec![0], vec![0]), (vec![0], vec![0])).is_some());
    }
}
