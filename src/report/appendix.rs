//! A published table listed in full under its section's figures (region totals), so nothing
//! the run published is hidden by the choice of charts; column headers are the column names
//! in words ([`humanise`]).

use super::ctx::Ctx;
use super::data::Table;
use super::page::{AppendixTable, Column, DataTable};
use crate::extracts::codes::CRITICAL_ROLES;
use crate::publish::QueryRecord;

/// Rows of one table listed in a section's appendix, at most.
pub const APPENDIX_ROWS: usize = 250;

/// `table` (published by query `q`) listed in full: region totals when it has organisation
/// rows, at most [`APPENDIX_ROWS`] of them, without its note columns.
pub fn appendix_table(ctx: &Ctx, q: &QueryRecord, table: &Table) -> AppendixTable {
    let (rows, shown) = if table.has("org_code") {
        let rows: Vec<usize> = table.rows_where(&[("org_code", None)]);
        (rows, "region totals (organisation rows are in the published CSV)")
    } else {
        ((0..table.rows()).collect(), "all rows")
    };
    let columns = table.columns();
    let keep: Vec<&String> = columns
        .iter()
        .filter(|c| !c.ends_with("_note") && c.as_str() != "note")
        .collect();
    let mut dt = DataTable {
        caption: format!("{} ({})", ctx.title_of(&q.name), q.name),
        columns: keep
            .iter()
            .map(|c| Column {
                label: humanise(c),
                numeric: table.is_numeric(c),
            })
            .collect(),
        rows: Vec::new(),
        footnotes: Vec::new(),
    };
    let mut suppressed_rows = 0;
    for &r in rows.iter().take(APPENDIX_ROWS) {
        dt.rows.push(keep.iter().map(|c| table.cell(c, r)).collect());
    }
    for &r in &rows {
        if table.row_suppressed(r) {
            suppressed_rows += 1;
        }
    }
    AppendixTable {
        name: q.name.clone(),
        title: ctx.title_of(&q.name),
        grain: q.grain.clone(),
        source: q.source.clone(),
        rows: table.rows(),
        shown_rows: rows.len().min(APPENDIX_ROWS),
        shown: if rows.len() > APPENDIX_ROWS {
            format!("the first {APPENDIX_ROWS} of {} {shown}", rows.len())
        } else {
            shown.to_string()
        },
        suppressed_rows,
        table: dt,
    }
}

/// `bme_share` -> `BME share`; abbreviations and critical-role codes (`ceo`, from the
/// critical-role list) in capitals.
pub fn humanise(column: &str) -> String {
    let is_role = |w: &str| CRITICAL_ROLES.iter().any(|r| r.code.to_ascii_lowercase() == w);
    let words: Vec<String> = column
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "bme" | "wres" | "wdes" | "fte" | "vsm" => w.to_ascii_uppercase(),
            role if is_role(role) => w.to_ascii_uppercase(),
            "org" => "organisation".to_string(),
            "pct" => "%".to_string(),
            "p90" => "90th percentile".to_string(),
            other => other.to_string(),
        })
        .collect();
    let mut s = words.join(" ");
    if let Some(first) = s.get(0..1) {
        s = format!("{}{}", first.to_ascii_uppercase(), &s[1..]);
    }
    s
}
