//! Defects: realistic faults, each making exactly one row invalid under the contract, and the
//! stream that decides which rows get one. Each kind's writer lists the defects that apply to
//! its rows and writes the chosen one into the row by header.

use rand_chacha::ChaCha8Rng;

use crate::rng::{P_DIRT, chance, pick, stream};

/// A date that does not exist: the invalid-date defect.
pub const BAD_DATE: &str = "31/02/2025";
/// An ethnic code that is not an NHS category: the unknown-code defect.
pub const BAD_ETHNIC: &str = "Q Martian";
/// An appraisal rating from another scale: the unknown-rating defect.
pub const BAD_RATING: &str = "Exceeds expectations";

/// A realistic defect that makes exactly one row invalid under the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Defect {
    /// A date that does not exist (`31/02/2025`).
    BadDate,
    /// An ethnic code that is not an NHS category (`Q Martian`).
    UnknownEthnic,
    /// An empty Organisation Code.
    EmptyOrg,
    /// An empty Pay Band.
    EmptyBand,
    /// FTE `0`.
    FteZero,
    /// FTE `1.5` on an ESR assignment.
    FteHigh,
    /// An exact copy of the previous ESR row (same snapshot and assignment).
    Duplicate,
    /// Vacancy closing date before its advertised date.
    DatesOutOfOrder,
    /// `Appointed` = `Y` with `Shortlisted` = `N`.
    AppointedNotShortlisted,
    /// An appraisal rating that is not on the contract's scale (`Exceeds expectations`).
    UnknownRating,
}

/// Decides which rows of one file get a defect: its own stream, never the first data row.
pub struct Dirt {
    rng: ChaCha8Rng,
    rate: f64,
    first_done: bool,
}

impl Dirt {
    pub fn new(seed: u64, region: &str, kind: usize, file: u64, rate: f64) -> Self {
        let purpose = P_DIRT + kind as u64 * 100_000 + file;
        Self {
            rng: stream(seed, region, purpose),
            rate,
            first_done: false,
        }
    }

    /// The defect for the next row, if any, among the defects applicable to it.
    pub fn next(&mut self, options: &[Defect]) -> Option<Defect> {
        if !self.first_done {
            self.first_done = true;
            return None;
        }
        if self.rate <= 0.0 || options.is_empty() || !chance(&mut self.rng, self.rate) {
            return None;
        }
        Some(pick(&mut self.rng, options))
    }
}
