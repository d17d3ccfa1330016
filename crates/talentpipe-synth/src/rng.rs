//! Random streams and draws. Every stream is a `ChaCha8Rng` seeded from (seed, region,
//! purpose), so what one extract kind draws never depends on which other kinds or regions are
//! generated, and the clean content never depends on `dirty` (defects have their own streams).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::reference::{ETHNIC, G_FEMALE, G_MALE, Wres};

pub fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An independent, platform-stable stream for one (seed, region, purpose).
pub fn stream(seed: u64, region: &str, purpose: u64) -> ChaCha8Rng {
    let mut h = splitmix(seed);
    for b in region.bytes() {
        h = splitmix(h ^ u64::from(b));
    }
    ChaCha8Rng::seed_from_u64(splitmix(h ^ splitmix(purpose)))
}

// Stream purposes.
pub const P_ORGS: u64 = 1;
pub const P_WORKFORCE: u64 = 2;
pub const P_SUBMISSIONS: u64 = 3;
pub const P_KIND: u64 = 100;
pub const P_DIRT: u64 = 1_000_000;

pub fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}

pub fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut r = rng.random_range(0..total.max(1));
    for (i, &w) in weights.iter().enumerate() {
        if r < w {
            return i;
        }
        r -= w;
    }
    weights.len() - 1
}

pub fn pick_weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut r = rng.random_range(0..total.max(1));
    for &(item, w) in items {
        if r < w {
            return item;
        }
        r -= w;
    }
    items[items.len() - 1].0
}

pub fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// A uniform day in `lo..=hi` (or `lo` when the range is empty).
pub fn day_between(rng: &mut ChaCha8Rng, lo: i32, hi: i32) -> i32 {
    if hi <= lo { lo } else { rng.random_range(lo..=hi) }
}

/// Chooses an ethnic label for a WRES group.
pub fn draw_ethnic_in(rng: &mut ChaCha8Rng, group: Wres) -> u8 {
    let total: u32 = ETHNIC.iter().filter(|e| e.1 == group).map(|e| e.2).sum();
    let mut r = rng.random_range(0..total.max(1));
    for (i, e) in ETHNIC.iter().enumerate() {
        if e.1 != group {
            continue;
        }
        if r < e.2 {
            return i as u8;
        }
        r -= e.2;
    }
    0
}

/// Chooses an ethnic label given the probability of being BME (among known ethnicities).
pub fn draw_ethnic(rng: &mut ChaCha8Rng, p_bme: f64, p_unknown: f64) -> u8 {
    let u = rng.random::<f64>();
    let group = if u < p_unknown {
        Wres::Unknown
    } else if u < p_unknown + (1.0 - p_unknown) * p_bme.min(0.9) {
        Wres::Bme
    } else {
        Wres::White
    };
    draw_ethnic_in(rng, group)
}

pub fn draw_gender(rng: &mut ChaCha8Rng, p_female: f64) -> u8 {
    let u = rng.random::<f64>();
    if u < 0.002 {
        2
    } else if u < 0.005 {
        3
    } else if u < 0.007 {
        4
    } else if rng.random::<f64>() < p_female {
        G_FEMALE
    } else {
        G_MALE
    }
}
