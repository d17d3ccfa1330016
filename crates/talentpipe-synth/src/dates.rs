//! Dates as day numbers, their text forms (`DD/MM/YYYY` for ESR, board and talent pool, ISO
//! for the others) and the monthly snapshot.

use chrono::{Datelike, Months, NaiveDate};

/// Days since 1 January of year 1 (chrono's CE day number): cheap to store and compare.
pub fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

pub fn date(d: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(d)
        .expect("generated dates stay within years 1800..2300 (end_date is validated)")
}

pub fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

pub fn put2(buf: &mut [u8], v: u32) {
    buf[0] = b'0' + (v / 10 % 10) as u8;
    buf[1] = b'0' + (v % 10) as u8;
}

pub fn put4(buf: &mut [u8], v: u32) {
    buf[0] = b'0' + (v / 1000 % 10) as u8;
    buf[1] = b'0' + (v / 100 % 10) as u8;
    buf[2] = b'0' + (v / 10 % 10) as u8;
    buf[3] = b'0' + (v % 10) as u8;
}

/// `DD/MM/YYYY` (as ESR exports dates), without allocating.
pub fn fmt_dmy(d: i32, buf: &mut [u8; 10]) -> &str {
    let dt = date(d);
    put2(&mut buf[0..2], dt.day());
    buf[2] = b'/';
    put2(&mut buf[3..5], dt.month());
    buf[5] = b'/';
    put4(&mut buf[6..10], dt.year().unsigned_abs());
    std::str::from_utf8(buf).expect("ASCII digits and slashes")
}

pub fn dmy(d: i32) -> String {
    let mut b = [0u8; 10];
    fmt_dmy(d, &mut b).to_owned()
}

pub fn iso(d: i32) -> String {
    let dt = date(d);
    format!("{:04}-{:02}-{:02}", dt.year(), dt.month(), dt.day())
}

pub fn opt_iso(d: Option<i32>) -> String {
    d.map(iso).unwrap_or_default()
}

/// Decimal digits of `v`, without allocating.
pub fn fmt_u32(mut v: u32, buf: &mut [u8; 10]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).expect("ASCII digits")
}

/// FTE in hundredths as a decimal (`0.60`, `1.00`, `2.00`).
pub fn fte_text(hundredths: u32) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Whole years between two days (age at `on` of someone born on `born`).
pub fn years_between(born: i32, on: i32) -> i32 {
    let (b, o) = (date(born), date(on));
    let mut y = o.year() - b.year();
    if (o.month(), o.day()) < (b.month(), b.day()) {
        y -= 1;
    }
    y
}

/// One monthly snapshot: the month's first and last day.
#[derive(Debug, Clone)]
pub struct Month {
    pub start: i32,
    pub end: i32,
    /// `YYYY-MM`, used in file names.
    pub label: String,
    /// The snapshot date as `DD/MM/YYYY`.
    pub end_dmy: String,
}

impl Month {
    pub fn of(end: NaiveDate) -> Self {
        let start = end.with_day(1).expect("day 1 exists in every month");
        Self {
            start: days(start),
            end: days(end),
            label: format!("{:04}-{:02}", end.year(), end.month()),
            end_dmy: dmy(days(end)),
        }
    }
}
