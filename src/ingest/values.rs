//! Parsing of single field values: dates in both contract forms, decimals, age bands.

use chrono::{Datelike, NaiveDate};

/// Days from 0001-01-01 (CE day 1) to 1970-01-01, for Arrow's `Date32`.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Parses `DD/MM/YYYY` (as ESR exports) or ISO `YYYY-MM-DD`; `None` if neither or not a real
/// calendar date (`31/02/2025`).
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let s = crate::extracts::codes::trim(raw).as_bytes();
    let num = |b: &[u8]| -> Option<u32> {
        if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(b.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')))
    };
    let (y, m, d) = match s.len() {
        10 if s[2] == b'/' && s[5] == b'/' => (num(&s[6..10])?, num(&s[3..5])?, num(&s[0..2])?),
        10 if s[4] == b'-' && s[7] == b'-' => (num(&s[0..4])?, num(&s[5..7])?, num(&s[8..10])?),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// Arrow `Date32` value (days since 1970-01-01).
pub fn date32(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE
}

/// The calendar date of an Arrow `Date32` value.
pub fn from_date32(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days + UNIX_EPOCH_DAYS_FROM_CE)
}

/// Whole years of age on `at` for someone born on `born`.
pub fn age_on(born: NaiveDate, at: NaiveDate) -> i32 {
    let mut age = at.year() - born.year();
    if (at.month(), at.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// The contract's age bands: `<25`, `25-34`, `35-44`, `45-54`, `55-64`, `65+`.
pub fn age_band(age: i32) -> &'static str {
    match age {
        i32::MIN..=24 => "<25",
        25..=34 => "25-34",
        35..=44 => "35-44",
        45..=54 => "45-54",
        55..=64 => "55-64",
        _ => "65+",
    }
}

/// Parses a plain decimal (`0.5`, `1`, ` 1.0 `); rejects NaN/infinity spellings.
pub fn parse_decimal(raw: &str) -> Option<f64> {
    let s = crate::extracts::codes::trim(raw);
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
    {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn both_date_forms_and_invalid_dates() {
        assert_eq!(parse_date("31/01/2025"), Some(d(2025, 1, 31)));
        assert_eq!(parse_date("2025-01-31"), Some(d(2025, 1, 31)));
        assert_eq!(parse_date(" 29/02/2024 "), Some(d(2024, 2, 29)), "leap day");
        assert_eq!(parse_date("31/02/2025"), None, "no 31st of February");
        assert_eq!(parse_date("29/02/2025"), None, "2025 is not a leap year");
        assert_eq!(parse_date("2025/01/31"), None);
        assert_eq!(parse_date("1/2/2025"), None, "ESR pads day and month");
        assert_eq!(parse_date("31-01-2025"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("aa/bb/cccc"), None);
    }

    #[test]
    fn date32_round_trip() {
        assert_eq!(date32(d(1970, 1, 1)), 0);
        assert_eq!(date32(d(1970, 1, 2)), 1);
        assert_eq!(date32(d(1969, 12, 31)), -1);
        assert_eq!(from_date32(date32(d(2025, 10, 31))), Some(d(2025, 10, 31)));
    }

    #[test]
    fn ages_and_bands_at_boundaries() {
        let at = d(2025, 10, 31);
        assert_eq!(age_on(d(2000, 10, 31), at), 25, "birthday on the snapshot date");
        assert_eq!(age_on(d(2000, 11, 1), at), 24, "birthday the day after");
        assert_eq!(age_band(24), "<25");
        assert_eq!(age_band(25), "25-34");
        assert_eq!(age_band(34), "25-34");
        assert_eq!(age_band(35), "35-44");
        assert_eq!(age_band(54), "45-54");
        assert_eq!(age_band(64), "55-64");
        assert_eq!(age_band(65), "65+");
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal(" 0.5 "), Some(0.5));
        assert_eq!(parse_decimal("1"), Some(1.0));
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal("inf"), None);
        assert_eq!(parse_decimal("1,5"), None);
        assert_eq!(parse_decimal(""), None);
    }
}
