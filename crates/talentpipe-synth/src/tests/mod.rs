//! The generator's own tests, one file per topic: `options.rs` (determinism, row counts, refused
//! options, the national-scale smoke test), `layout.rs` (layout, headers and cells against the
//! contract, exact defect counts by an independent check of the rules), `workforce.rs` (the
//! shapes the metrics rely on: recruitment, vacancies, bands, people across extracts,
//! appraisals), `regions.rs` (all regions over a year: late or missing snapshots, critical
//! seats). This file holds what they share: small options, generating, and reading the CSV.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use talentpipe_contract::codes::PAY_BAND;

use super::*;
use crate::reference::{ETHNIC, REGIONS, Wres};
use crate::writer::CsvFile;

mod layout;
mod options;
mod regions;
mod workforce;

fn small(seed: u64) -> GenerateOptions {
    GenerateOptions {
        seed,
        people: 400,
        months: 4,
        ..GenerateOptions::default()
    }
}

fn run(opts: &GenerateOptions) -> (tempfile::TempDir, GenerateSummary) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let summary = generate(opts, dir.path()).expect("generate succeeds");
    (dir, summary)
}

fn read(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_path(path).expect("generated file is readable");
    let header = r
        .headers()
        .expect("header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = r.records().map(|x| x.expect("well-formed CSV")).collect();
    (header, rows)
}

fn files<'a>(s: &'a GenerateSummary, kind: &str) -> Vec<&'a GeneratedFile> {
    s.files.iter().filter(|f| f.kind == kind).collect()
}

/// Reads column `name` of every row of every file of `kind`.
fn column(s: &GenerateSummary, kind: &str, names: &[&str]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for f in files(s, kind) {
        let (header, rows) = read(&f.path);
        let idx: Vec<usize> = names
            .iter()
            .map(|n| header.iter().position(|h| h == n).expect("column present"))
            .collect();
        for r in rows {
            out.push(idx.iter().map(|&i| r[i].to_owned()).collect());
        }
    }
    out
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
}

fn date_ok(s: &str, required: bool) -> bool {
    if s.trim().is_empty() {
        !required
    } else {
        parse_date(s).is_some()
    }
}

/// EXTRACTS.md Ethnic Origin rule: a category letter (optionally with a numeric
/// subcode) before the first space, or one of the unknown spellings.
fn ethnic_ok(s: &str) -> bool {
    let v = s.trim();
    if v.is_empty()
        || ["not stated", "unspecified", "prefer not to say"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(v))
    {
        return true;
    }
    let token = v.split(' ').next().unwrap_or(v);
    let mut chars = token.chars();
    let Some(letter) = chars.next() else {
        return false;
    };
    chars.all(|c| c.is_ascii_digit()) && "ABCDEFGHJKLMNPRSZ".contains(letter)
}

fn org_ok(s: &str) -> bool {
    (3..=5).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}
