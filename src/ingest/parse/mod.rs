//! The row engine: CSV records (with their physical line numbers) -> validated, typed,
//! pseudonymised Arrow batches, and quarantine rows for records that fail a rule.
//!
//! Parts, so that conversion runs on several cores while every rule still sees rows in file
//! order, and so that each quarantine rule can be tested alone:
//! - [`KindParser`] (this file): one per extract kind, spanning its files. It reads each file's
//!   header into a [`Converter`] and owns the uniqueness rules, which it applies in file order
//!   ([`KindParser::admit`]), so a duplicate always points at the row it repeats.
//! - [`Converter`] (`convert.rs`): one per file, shared by the workers. It turns a [`Chunk`] of
//!   whole records into an Arrow batch of the rows that pass every field and row rule, plus
//!   quarantine rows for the rest. It is pure: chunks can be converted in any order, on any
//!   thread.
//! - `rules.rs`: every quarantine rule and reason, one function per rule, each with its table
//!   of cases.
//! - `cells.rs`: a row's parsed values, their Arrow builders and the row's uniqueness key.
//! - [`QuarantineRows`] (`quarantine.rs`): the quarantine table's builder.
//!
//! Memory is bounded by the chunk size (`ingest.batch_rows` records), never the file size; the
//! uniqueness index bounds its own ([`UniqueIndex`]).

mod cells;
mod convert;
mod quarantine;
mod rules;

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow::array::{AsArray, BooleanArray, RecordBatch};
use arrow::datatypes::{DataType, Int64Type, SchemaRef};

use crate::error::Result;
use crate::extracts::{ColumnType, ExtractSpec, OutputColumn, RowRule};
use crate::ingest::chunk::Chunk;
use crate::ingest::pseudonym::Pseudonymiser;
use crate::ingest::staged::StagedPart;
use crate::ingest::unique::{Key, Position, UniqueIndex};

pub use convert::{Converted, Converter};
pub use quarantine::{QuarantineRows, QuarantinedRow, WHOLE_ROW, generic_reason};
use rules::{Rule, duplicate_reason};

/// The result of reading one file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct FileOutcome {
    /// Data rows read (the header is not a row).
    pub rows_read: u64,
    pub rows_accepted: u64,
    pub rows_quarantined: u64,
    /// Header names the contract does not declare (ignored).
    pub extra_columns: Vec<String>,
    /// Why the whole file was rejected, if it was; its rows are then not staged.
    pub rejected: Option<String>,
    /// Bytes read and their SHA-256 (hex), for the manifest and re-use checks.
    pub bytes: u64,
    pub sha256: String,
    /// Quarantine reasons by column, counted (`"fte: must be > 0 and <= 1"` -> 3).
    pub reasons: BTreeMap<String, u64>,
}

/// What every file of a kind shares: the declaration, resolved for fast row conversion.
struct KindPlan {
    spec: &'static ExtractSpec,
    schema: SchemaRef,
    outputs: Vec<OutputColumn>,
    /// First output index of each spec column.
    out_start: Vec<usize>,
    /// For each `AgeBand` spec column: the output index of its reference date.
    age_at: Vec<Option<usize>>,
    rules: Vec<Rule>,
    /// Output columns of each uniqueness rule, and the rule's names for messages.
    unique: Vec<(Vec<usize>, &'static [&'static str])>,
    /// The output column that divides the keys into periods, if there is one (see
    /// [`KindParser::keys_by_period`]).
    period: Option<usize>,
    pseudonymiser: Pseudonymiser,
}

/// The lowest and highest value of a kind's period column among some rows (inclusive): days
/// since 1970 for a date, the number for a year.
pub type PeriodRange = (i64, i64);

/// A re-used file whose staged keys are not in the uniqueness index yet: they are added (from
/// its key part) just before a row of a period they span is judged.
#[derive(Debug)]
pub struct DeferredKeys {
    pub file_idx: u32,
    pub key_part: StagedPart,
    pub periods: PeriodRange,
}

/// Parser state for one extract kind; it spans the kind's files so that uniqueness rules hold
/// across files.
pub struct KindParser {
    plan: Arc<KindPlan>,
    /// One index per uniqueness rule.
    seen: Vec<UniqueIndex>,
    files: Vec<String>,
    /// Re-used files whose keys are not in `seen` yet.
    deferred: Vec<DeferredKeys>,
}

impl KindParser {
    /// `index_rows`: uniqueness-index entries held in memory per rule before they spill to disk
    /// (see [`UniqueIndex`]).
    pub fn new(spec: &'static ExtractSpec, pseudonymiser: Pseudonymiser, index_rows: usize) -> Self {
        let outputs = spec.output_columns();
        let index = |name: &str| {
            outputs
                .iter()
                .position(|o| o.name == name)
                .expect("rule columns are validated by the extracts tests")
        };
        let mut out_start = Vec::with_capacity(spec.columns.len());
        let mut next = 0;
        for c in spec.columns {
            out_start.push(next);
            next += c.outputs().len();
        }
        let age_at = spec
            .columns
            .iter()
            .map(|c| match c.ty {
                ColumnType::AgeBand { at } => Some(index(at)),
                _ => None,
            })
            .collect();
        let mut rules = Vec::new();
        let mut unique = Vec::new();
        for rule in spec.rules {
            match rule {
                RowRule::DatesInOrder(names) => rules.push(Rule::DatesInOrder(
                    names.iter().map(|n| (index(n), *n, header_of(spec, n))).collect(),
                )),
                RowRule::Implies { when, then } => rules.push(Rule::Implies {
                    when: (index(when), when),
                    then: (index(then), then),
                    header: header_of(spec, when),
                }),
                RowRule::Unique(names) => {
                    unique.push((names.iter().map(|n| index(n)).collect::<Vec<usize>>(), *names))
                }
            }
        }
        let seen = unique.iter().map(|_| UniqueIndex::new(index_rows)).collect();
        let schema = spec.schema();
        let period = match &unique[..] {
            [(columns, _)] => columns.first().copied().filter(|&i| {
                let field = schema.field(i);
                !field.is_nullable() && matches!(field.data_type(), DataType::Date32 | DataType::Int64)
            }),
            _ => None,
        };
        KindParser {
            plan: Arc::new(KindPlan {
                spec,
                schema,
                outputs,
                out_start,
                age_at,
                rules,
                unique,
                period,
                pseudonymiser,
            }),
            seen,
            files: Vec::new(),
            deferred: Vec::new(),
        }
    }

    pub fn schema(&self) -> SchemaRef {
        self.plan.schema.clone()
    }

    pub fn spec(&self) -> &'static ExtractSpec {
        self.plan.spec
    }

    /// Starts a file: reads its header (the first record) into a converter for its records, or
    /// says why the whole file is rejected (no header, a missing required column, not UTF-8).
    /// Returns the file's index for [`admit`](Self::admit) too.
    pub fn begin_file(
        &mut self,
        file_name: &str,
        header: Option<&Chunk>,
        outcome: &mut FileOutcome,
    ) -> (u32, Option<Converter>) {
        let file_idx = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.push(file_name.to_string());
        let record = header.and_then(|h| {
            csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(&h.bytes[..])
                .byte_records()
                .next()
                .and_then(|r| r.ok())
        });
        let Some(record) = record else {
            outcome.rejected = Some("empty file: no header row".into());
            return (file_idx, None);
        };
        let mut headers = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            match std::str::from_utf8(raw) {
                Ok(s) => headers.push(s.trim().to_string()),
                Err(_) => {
                    outcome.rejected = Some(format!(
                        "line 1 (header), column {}: bytes are not UTF-8; re-save the file as UTF-8",
                        i + 1
                    ));
                    return (file_idx, None);
                }
            }
        }
        let spec = self.plan.spec;
        let mut field_of = Vec::with_capacity(spec.columns.len());
        let mut missing = Vec::new();
        for c in spec.columns {
            match headers.iter().position(|h| h.eq_ignore_ascii_case(c.header)) {
                Some(i) => field_of.push(i),
                None => {
                    missing.push(c.header);
                    field_of.push(usize::MAX);
                }
            }
        }
        if !missing.is_empty() {
            let hint = if missing.len() == spec.columns.len() {
                " (is the header row missing?)"
            } else {
                ""
            };
            outcome.rejected = Some(format!(
                "missing required column(s): {}{hint}",
                missing
                    .iter()
                    .map(|m| format!("'{m}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return (file_idx, None);
        }
        for (i, h) in headers.iter().enumerate() {
            if !field_of.contains(&i) || headers[..i].iter().any(|p| p.eq_ignore_ascii_case(h)) {
                outcome.extra_columns.push(h.clone());
            }
        }
        // By header, not only the matched position: a repeated personal header (an extra
        // column, otherwise ignored) holds personal data too.
        let personal_fields = headers
            .iter()
            .map(|h| {
                spec.columns
                    .iter()
                    .any(|c| c.personal && h.eq_ignore_ascii_case(c.header))
            })
            .collect();
        let converter = Converter {
            plan: self.plan.clone(),
            headers,
            field_of,
            personal_fields,
        };
        (file_idx, Some(converter))
    }

    /// Applies the uniqueness rules to a converted chunk, in order: the chunk's accepted rows
    /// that repeat an earlier row (of this or an earlier file of the kind) move to quarantine.
    /// Chunks of a file must be admitted in file order. Returns the staged rows and the
    /// chunk's quarantine rows in line order, and adds both to `outcome`; the staged rows'
    /// lines and keys are added to `staged_keys` (for the file's key part: `keys`).
    pub fn admit(
        &mut self,
        file_idx: u32,
        converter: &Converter,
        chunk: Converted,
        outcome: &mut FileOutcome,
        staged_keys: &mut StagedKeys,
    ) -> Result<(Option<RecordBatch>, Vec<QuarantinedRow>)> {
        outcome.rows_read += chunk.rows_read;
        for (reason, n) in chunk.reasons {
            *outcome.reasons.entry(reason).or_default() += n;
        }
        let plan = &self.plan;
        let rules = plan.unique.len();
        let mut keep: Option<Vec<bool>> = None;
        let mut duplicates = Vec::new();
        for (row, accepted) in chunk.rows.iter().enumerate() {
            let keys = &chunk.keys[row * rules..(row + 1) * rules];
            let here = Position::new(file_idx, accepted.line);
            let mut earlier = None;
            if let ([key], [seen]) = (keys, &mut self.seen[..]) {
                // One rule (the usual case): look up and record in one step.
                earlier = seen.get_or_insert(*key, here)?.map(|at| (0, at));
            } else {
                // Several rules: a row repeating any of them records none of its keys, so all
                // are looked up before any is recorded.
                for (ri, (key, seen)) in keys.iter().zip(&mut self.seen).enumerate() {
                    if let Some(at) = seen.get(key)? {
                        earlier = Some((ri, at));
                        break;
                    }
                }
                if earlier.is_none() {
                    for (key, seen) in keys.iter().zip(&mut self.seen) {
                        seen.insert(*key, here)?;
                    }
                }
            }
            if let Some((ri, at)) = earlier {
                let (f, l) = (at.file(), at.line());
                let names = plan.unique[ri].1;
                let at = if f == file_idx {
                    format!("line {l}")
                } else {
                    format!(
                        "{} line {l}",
                        self.files.get(f as usize).map_or("?", String::as_str)
                    )
                };
                let column = header_of(plan.spec, names[names.len() - 1]);
                let what = duplicate_reason(names);
                *outcome.reasons.entry(format!("{column}: {what}")).or_default() += 1;
                duplicates.push(QuarantinedRow {
                    line: accepted.line,
                    column: Some(column),
                    value: None,
                    reason: format!("{column}: {what} of {at}"),
                    raw: converter.masked_record_at(&chunk.bytes[accepted.offset..]),
                });
                keep.get_or_insert_with(|| vec![true; chunk.rows.len()])[row] = false;
            } else if rules > 0 {
                staged_keys.lines.push(accepted.line);
                staged_keys.keys.extend_from_slice(keys);
            }
        }
        let batch = match (chunk.batch, keep) {
            (Some(b), Some(keep)) => Some(arrow::compute::filter_record_batch(
                &b,
                &BooleanArray::from(keep),
            )?),
            (b, _) => b,
        };
        if let (Some(column), Some(batch)) = (plan.period, &batch) {
            staged_keys.periods = widen(staged_keys.periods, period_range(batch, column)?);
        }
        let mut quarantined = chunk.quarantined;
        if !duplicates.is_empty() {
            quarantined.extend(duplicates);
            quarantined.sort_by_key(|q| q.line);
        }
        outcome.rows_accepted += batch.as_ref().map_or(0, |b| b.num_rows() as u64);
        outcome.rows_quarantined += quarantined.len() as u64;
        Ok((batch.filter(|b| b.num_rows() > 0), quarantined))
    }

    /// Forgets a rejected file's rows, so later files are not judged against them.
    pub fn forget_file(&mut self, file_idx: u32) {
        for seen in &mut self.seen {
            seen.forget_file(file_idx);
        }
    }

    /// The number of uniqueness rules (keys per staged row in a key part).
    pub fn unique_rules(&self) -> usize {
        self.plan.unique.len()
    }

    /// Takes a file of the last ingest that is kept as staged (a re-used file) in place of
    /// reading it: it gets the next file index, as [`begin_file`](Self::begin_file) would give
    /// it, and its staged rows' keys are then added with [`remember`](Self::remember).
    pub fn resume_file(&mut self, file_name: &str) -> u32 {
        let file_idx = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.push(file_name.to_string());
        file_idx
    }

    /// Makes room for `rows` more rows' keys (as far as the index keeps keys in memory).
    pub fn reserve(&mut self, rows: usize) {
        for seen in &mut self.seen {
            seen.reserve(rows);
        }
    }

    /// Whether the kind's keys are divided into periods: its one uniqueness rule starts with a
    /// required date or year (ESR: the snapshot date; staff survey: the survey year), so a row
    /// can only repeat a row of the same period. A re-used file's keys are then needed only
    /// once a row of a period they span is judged ([`defer_keys`](Self::defer_keys)): a new
    /// month added to a year of kept months reads none of them.
    pub fn keys_by_period(&self) -> bool {
        self.plan.period.is_some()
    }

    /// Holds back a re-used file's keys (taken with [`resume_file`](Self::resume_file)) until
    /// [`keys_due`](Self::keys_due) gives them out. Only for a kind whose keys are by period.
    pub fn defer_keys(&mut self, deferred: DeferredKeys) {
        self.deferred.push(deferred);
    }

    /// The deferred files whose periods overlap those of `chunk`'s rows (before uniqueness):
    /// their keys must be [`remember`](Self::remember)ed before the chunk is admitted, so that
    /// its rows are judged against every earlier row of their periods. Each is given out once.
    pub fn keys_due(&mut self, chunk: &Converted) -> Result<Vec<DeferredKeys>> {
        let (Some(column), Some(batch)) = (self.plan.period, chunk.batch()) else {
            return Ok(Vec::new());
        };
        if self.deferred.is_empty() {
            return Ok(Vec::new());
        }
        let Some((lo, hi)) = period_range(batch, column)? else {
            return Ok(Vec::new());
        };
        let (due, kept) = std::mem::take(&mut self.deferred)
            .into_iter()
            .partition(|d| d.periods.0 <= hi && lo <= d.periods.1);
        self.deferred = kept;
        Ok(due)
    }

    /// Records the keys of a row that a re-used file staged (one per rule, as
    /// [`admit`](Self::admit) recorded them) as seen at `line` of `file_idx`: the index is then
    /// what admitting that file's rows had left it.
    pub fn remember(&mut self, file_idx: u32, line: u64, keys: &[Key]) -> Result<()> {
        let at = Position::new(file_idx, line);
        for (key, seen) in keys.iter().zip(&mut self.seen) {
            seen.insert(*key, at)?;
        }
        Ok(())
    }
}

/// The lines and uniqueness keys of the rows a file staged, in order (one key per rule, row
/// after row): what its key part records, so that a later ingest that re-uses the file can
/// re-fill the uniqueness index without reading it again.
#[derive(Debug, Default)]
pub struct StagedKeys {
    pub lines: Vec<u64>,
    pub keys: Vec<Key>,
    /// The periods of those rows, for a kind whose keys are by period (not cleared by
    /// [`clear`](Self::clear): the key part's writer takes it).
    pub periods: Option<PeriodRange>,
}

impl StagedKeys {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn clear(&mut self) {
        self.lines.clear();
        self.keys.clear();
    }
}

/// The lowest and highest value of `batch`'s period column `column` (`None` for no rows).
fn period_range(batch: &RecordBatch, column: usize) -> Result<Option<PeriodRange>> {
    let values = arrow::compute::cast(batch.column(column), &DataType::Int64)?;
    let values = values.as_primitive::<Int64Type>();
    Ok(arrow::compute::min(values).zip(arrow::compute::max(values)))
}

/// The smallest range holding both.
pub fn widen(a: Option<PeriodRange>, b: Option<PeriodRange>) -> Option<PeriodRange> {
    match (a, b) {
        (Some((lo, hi)), Some((l, h))) => Some((lo.min(l), hi.max(h))),
        (a, b) => a.or(b),
    }
}

fn header_of(spec: &ExtractSpec, output: &str) -> &'static str {
    spec.columns
        .iter()
        .find(|c| c.outputs().iter().any(|o| o.name == output))
        .map_or("", |c| c.header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extracts::{ESR_WORKFORCE, VACANCIES};

    /// The contract's ESR header, in its column order (the order of [`esr_row`]'s values).
    fn esr_header() -> String {
        let names: Vec<&str> = ESR_WORKFORCE.columns.iter().map(|c| c.header).collect();
        names.join(",") + "\n"
    }

    fn esr_row(date: &str, emp: &str) -> String {
        format!(
            "{date},{emp},{emp}-1,R1S,Y56,Administrative and Clerical,Chief Executive,CEO,VSM,\
             A White - British,Female,No,26/07/1973,1.00,Permanent,N,25/07/2025,,\n"
        )
    }

    fn chunk(text: String, first_line: u64) -> Chunk {
        Chunk {
            records: text.lines().count(),
            bytes: text.into_bytes(),
            first_line,
        }
    }

    /// Days since 1970 of a day of 2025 or 2026.
    fn day(y: i32, m: u32, d: u32) -> i64 {
        let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        (date - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
    }

    fn deferred(file_idx: u32, periods: PeriodRange) -> DeferredKeys {
        DeferredKeys {
            file_idx,
            key_part: StagedPart {
                path: format!("staged/_ingest/esr_workforce/keys-{file_idx:05}.parquet"),
                size: 0,
                rows: 0,
                xxh64: String::new(),
            },
            periods,
        }
    }

    #[test]
    fn deferred_keys_fall_due_when_a_row_of_their_periods_comes() {
        let key = Pseudonymiser::new(b"parse-test");
        assert!(!KindParser::new(&VACANCIES, key.clone(), 10).keys_by_period());
        let mut parser = KindParser::new(&ESR_WORKFORCE, key, 10);
        assert!(
            parser.keys_by_period(),
            "ESR's rule starts with the snapshot date"
        );
        // Kept files: October, November (with a late October row), January to March.
        let (oct, nov) = (day(2025, 10, 31), day(2025, 11, 30));
        parser.defer_keys(deferred(0, (oct, oct)));
        parser.defer_keys(deferred(1, (oct, nov)));
        parser.defer_keys(deferred(2, (day(2026, 1, 31), day(2026, 3, 31))));

        let mut outcome = FileOutcome::default();
        let header = chunk(esr_header(), 1);
        let (_, converter) = parser.begin_file("new.csv", Some(&header), &mut outcome);
        let converter = converter.expect("the header is ESR's");
        let due = |parser: &mut KindParser, rows: String| {
            let converted = converter.convert(chunk(rows, 2)).unwrap();
            let mut due: Vec<u32> = parser
                .keys_due(&converted)
                .unwrap()
                .iter()
                .map(|d| d.file_idx)
                .collect();
            due.sort();
            due
        };
        // December rows: no kept file spans December.
        let december = esr_row("31/12/2025", "10000001") + &esr_row("31/12/2025", "10000002");
        assert_eq!(due(&mut parser, december), Vec::<u32>::new());
        // Rows quarantined by a field rule (a 13th month, an FTE of 7) make nothing due.
        let bad = esr_row("31/13/2025", "10000007")
            + &esr_row("31/10/2025", "10000008").replace(",1.00,", ",7.00,");
        assert_eq!(due(&mut parser, bad), Vec::<u32>::new());
        // A row of 30 November: the file spanning October to November falls due, once.
        let november = esr_row("31/12/2025", "10000003") + &esr_row("30/11/2025", "10000004");
        assert_eq!(due(&mut parser, november.clone()), [1]);
        assert_eq!(due(&mut parser, november), Vec::<u32>::new());
        // Rows of October and of 28 February: the October file and the one spanning Jan-Mar.
        let both = esr_row("31/10/2025", "10000005") + &esr_row("28/02/2026", "10000006");
        assert_eq!(due(&mut parser, both), [0, 2]);
    }
}
