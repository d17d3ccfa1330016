//! What to generate ([`GenerateOptions`]) and its validated form, the [`Plan`].

use chrono::{Datelike, Months, NaiveDate};

use crate::dates::{Month, date, days, month_end};
use crate::reference::{REGIONS, RegionInfo};
use crate::{GenerateError, KINDS, Result};

/// What to generate: regions, workforce size, time span, defect rate and extract kinds.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    /// Seed of every random stream; the same options always give byte-identical files.
    pub seed: u64,
    /// NHS England region codes (`Y56` London ... `Y63`), one workforce each.
    pub regions: Vec<String>,
    /// Staff per region (distinct employees at the first snapshot; roughly constant after).
    pub people: usize,
    /// Number of monthly ESR snapshots, the last one at `end_date`.
    pub months: u32,
    /// Last snapshot; any day of a month means that month's last day.
    pub end_date: NaiveDate,
    /// Share of rows (0.0..=1.0) given one realistic defect each; 0.0 = clean.
    pub dirty: f64,
    /// Only these extract kinds (folder names of [`crate::KINDS`]); `None` = all ten.
    pub kinds: Option<Vec<String>>,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self {
            seed: 42,
            regions: vec!["Y56".to_owned(), "Y60".to_owned()],
            people: 3000,
            months: 13,
            end_date: NaiveDate::from_ymd_opt(2026, 10, 31).expect("2026-10-31 is a valid date"),
            dirty: 0.0,
            kinds: None,
        }
    }
}

/// The options, validated: the regions' reference data, the kinds as flags (indexed like
/// [`crate::KINDS`]) and the snapshot months.
pub struct Plan {
    pub seed: u64,
    pub regions: Vec<&'static RegionInfo>,
    pub people: usize,
    pub kinds: [bool; KINDS.len()],
    pub months: Vec<Month>,
    pub dirty: f64,
}

impl Plan {
    pub fn new(opts: &GenerateOptions) -> Result<Self> {
        let bad = |m: String| Err(GenerateError::InvalidOption(m));
        if opts.regions.is_empty() {
            return bad("at least one region code is needed".into());
        }
        let mut regions: Vec<&'static RegionInfo> = Vec::new();
        for code in &opts.regions {
            let Some(info) = REGIONS.iter().find(|r| r.code.eq_ignore_ascii_case(code.trim())) else {
                let known: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
                return bad(format!(
                    "unknown region code {code:?} (known: {})",
                    known.join(", ")
                ));
            };
            if regions.iter().any(|r| r.code == info.code) {
                return bad(format!("region {} listed twice", info.code));
            }
            regions.push(info);
        }
        if opts.people == 0 {
            return bad("people must be at least 1".into());
        }
        if opts.people > 5_000_000 {
            return bad(format!(
                "people = {} is more than 5,000,000 per region (employee numbers have 8 digits)",
                opts.people
            ));
        }
        if opts.months == 0 || opts.months > 240 {
            return bad(format!("months must be 1..=240, not {}", opts.months));
        }
        if !(0.0..=1.0).contains(&opts.dirty) {
            return bad(format!("dirty must be a share in 0..=1, not {}", opts.dirty));
        }
        let mut kinds = [false; KINDS.len()];
        match &opts.kinds {
            None => kinds = [true; KINDS.len()],
            Some(list) => {
                if list.is_empty() {
                    return bad("kinds is empty: list at least one extract kind".into());
                }
                for k in list {
                    let Some(i) = KINDS.iter().position(|n| n.eq_ignore_ascii_case(k.trim())) else {
                        return bad(format!(
                            "unknown extract kind {k:?} (known: {})",
                            KINDS.join(", ")
                        ));
                    };
                    kinds[i] = true;
                }
            }
        }
        let (y, m) = (opts.end_date.year(), opts.end_date.month());
        if !(1950..=2200).contains(&y) {
            return bad(format!("end_date year must be 1950..=2200, not {y}"));
        }
        let mut months = Vec::new();
        let last = month_end(y, m).expect("a month of a year in 1950..=2200 has an end");
        for back in (0..opts.months).rev() {
            let end = last
                .with_day(1)
                .and_then(|d| d.checked_sub_months(Months::new(back)))
                .and_then(|d| month_end(d.year(), d.month()))
                .expect("at most 240 months before a date in 1950..=2200 is a valid month");
            months.push(Month::of(end));
        }
        Ok(Self {
            seed: opts.seed,
            regions,
            people: opts.people,
            kinds,
            months,
            dirty: opts.dirty,
        })
    }

    pub fn last(&self) -> &Month {
        self.months.last().expect("months >= 1 is validated")
    }

    /// First and last day of the month `i` months after the first snapshot month; `i` may be
    /// beyond the last snapshot (a hire planned after the extracts were taken).
    pub fn month_span(&self, i: usize) -> (i32, i32) {
        let start = date(self.months[0].start)
            .checked_add_months(Months::new(i as u32))
            .expect("a few months after a validated month is a valid date");
        let end = month_end(start.year(), start.month()).expect("a valid month has an end");
        (days(start), days(end))
    }

    /// Months from the first snapshot month to the month of `day` (0 for earlier days).
    pub fn month_index(&self, day: i32) -> usize {
        let (first, d) = (date(self.months[0].start), date(day));
        let n = (d.year() - first.year()) * 12 + d.month() as i32 - first.month() as i32;
        n.max(0) as usize
    }

    /// The month-end `back` months before the last snapshot.
    pub fn months_before_last(&self, back: u32) -> Month {
        let last = date(self.last().end);
        let end = last
            .with_day(1)
            .and_then(|d| d.checked_sub_months(Months::new(back)))
            .and_then(|d| month_end(d.year(), d.month()))
            .expect("a few months before a date in 1950..=2200 is a valid month");
        Month::of(end)
    }
}
