//! The generator's only source of randomness and of identifiers: a small seeded PRNG
//! (SplitMix64) and a 64/128-bit string hash. Nothing here reads the clock or the OS's
//! entropy, so the same seed always gives the same tenant, byte for byte. Streams are
//! derived from names (`Rng::derive(seed, &["day", "7", "user", "42"])`), so one part of
//! the tenant never shifts when another part draws more numbers.

/// SplitMix64: tiny, fast, and good enough for synthetic logs (it is not for security).
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

/// The SplitMix64 output function, also used to finish hashes.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A 64-bit hash of a seed and a list of name parts (FNV-1a over the parts with a
/// separator, then mixed): stable across platforms and Rust releases, unlike `DefaultHasher`.
pub fn hash(seed: u64, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ mix(seed);
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    mix(h)
}

/// A UUID-shaped id from a seed and name parts (version 5 and RFC 4122 variant bits set, as
/// uuid5 would, but from this hash rather than SHA-1: the ids only need to be stable).
pub fn uuid(seed: u64, parts: &[&str]) -> String {
    let a = hash(seed, parts);
    let b = mix(a ^ 0x5a0c_7e1e_3b7d_4c55);
    uuid_from(a, b)
}

/// Format two 64-bit halves as a lower-case UUID with version 5 and variant bits.
pub fn uuid_from(a: u64, b: u64) -> String {
    let a = (a & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_5000;
    let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xffff,
        b >> 48,
        b & 0xffff_ffff_ffff
    )
}

/// A 22-character base64url token (the shape of Entra's unique token identifiers).
pub fn token(seed: u64, parts: &[&str]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut v = hash(seed, parts);
    let mut w = mix(v ^ 0x746f_6b65_6e00_0000);
    let mut out = String::with_capacity(22);
    for i in 0..22 {
        if i == 10 {
            v = w;
            w = mix(w);
        }
        out.push(char::from(ALPHABET[(v & 63) as usize]));
        v >>= 6;
    }
    out
}

/// Upper-case hex of a hash, `len` characters (Exchange item ids, message ids, PUIDs).
pub fn hex(seed: u64, parts: &[&str], len: usize) -> String {
    let mut out = String::with_capacity(len + 16);
    let mut h = hash(seed, parts);
    while out.len() < len {
        out.push_str(&format!("{h:016X}"));
        h = mix(h);
    }
    out.truncate(len);
    out
}

impl Rng {
    /// A stream seeded directly.
    pub fn new(seed: u64) -> Rng {
        Rng { state: mix(seed) }
    }

    /// A stream of its own for one named part of the tenant.
    pub fn derive(seed: u64, parts: &[&str]) -> Rng {
        Rng::new(hash(seed, parts))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.state)
    }

    /// Uniform in `0..n` (`n` > 0; 0 gives 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// `x` rounded up or down at random so that the mean is `x` (for event counts).
    pub fn round(&mut self, x: f64) -> u32 {
        let floor = x.max(0.0).floor();
        let extra = u32::from(self.chance(x.max(0.0) - floor));
        floor as u32 + extra
    }

    /// A count with mean `mean` and some spread: `mean` scaled by a random factor in
    /// 0.5..1.5, then rounded at random. Cheap, and enough for log volume.
    pub fn count(&mut self, mean: f64) -> u32 {
        let f = 0.5 + self.unit();
        self.round(mean * f)
    }

    /// Shuffle a slice in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}
