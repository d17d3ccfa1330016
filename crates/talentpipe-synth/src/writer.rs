//! Writing one CSV of an extract kind: the header row is the kind's columns as the contract
//! declares them (`talentpipe_contract`), in its order, and every data row is a [`Row`] whose
//! cells are set by header name. A header the contract does not declare, or a declared column
//! a row leaves unset, is an error ([`GenerateError::Contract`]), so the generator follows the
//! contract rather than a copy of it.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use talentpipe_contract::{ColumnSpec, ExtractSpec};

use crate::{GenerateError, GeneratedFile, Result};

/// A CSV being written: counts its rows and its dirty rows.
pub struct CsvFile {
    spec: &'static ExtractSpec,
    path: PathBuf,
    wtr: csv::Writer<BufWriter<File>>,
    rows: u64,
    dirty_rows: u64,
}

impl CsvFile {
    /// Creates `<root>/<kind>/<name>` and writes the kind's header row.
    pub fn create(root: &Path, spec: &'static ExtractSpec, name: &str) -> Result<Self> {
        if !(1..=64).contains(&spec.columns.len()) {
            let message = format!("{} columns (the writer handles 1 to 64)", spec.columns.len());
            return Err(contract_error(spec, message));
        }
        let dir = root.join(spec.kind);
        fs::create_dir_all(&dir).map_err(|source| GenerateError::Io {
            path: dir.clone(),
            source,
        })?;
        let path = dir.join(name);
        let file = File::create(&path).map_err(|source| GenerateError::Io {
            path: path.clone(),
            source,
        })?;
        let wtr = csv::WriterBuilder::new().from_writer(BufWriter::with_capacity(1 << 20, file));
        let mut out = Self {
            spec,
            path,
            wtr,
            rows: 0,
            dirty_rows: 0,
        };
        let header = spec.columns.iter().map(|c| c.header);
        out.wtr
            .write_record(header)
            .map_err(|source| GenerateError::Csv {
                path: out.path.clone(),
                source,
            })?;
        Ok(out)
    }

    /// An empty row of this file's kind, to fill with [`Row::set`].
    pub fn row<'a>(&self) -> Row<'a> {
        Row {
            columns: self.spec.columns,
            cells: vec![""; self.spec.columns.len()],
            filled: 0,
            next: 0,
            unknown: None,
        }
    }

    /// Writes `row`; `dirty` counts it as a row given a defect.
    pub fn write(&mut self, row: &Row, dirty: bool) -> Result<()> {
        if let Some(header) = row.unknown {
            return Err(contract_error(
                self.spec,
                format!("it writes a column {header:?} the contract does not declare"),
            ));
        }
        let all = u64::MAX >> (64 - row.columns.len());
        if row.filled != all
            && let Some(missing) = (0..row.columns.len()).find(|&i| row.filled & (1 << i) == 0)
        {
            return Err(contract_error(
                self.spec,
                format!(
                    "it leaves the contract's column {:?} unset",
                    row.columns[missing].header
                ),
            ));
        }
        self.wtr
            .write_record(&row.cells)
            .map_err(|source| GenerateError::Csv {
                path: self.path.clone(),
                source,
            })?;
        self.rows += 1;
        if dirty {
            self.dirty_rows += 1;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<GeneratedFile> {
        self.wtr.flush().map_err(|source| GenerateError::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(GeneratedFile {
            kind: self.spec.kind.to_owned(),
            path: self.path,
            rows: self.rows,
            dirty_rows: self.dirty_rows,
        })
    }
}

/// One data row of a kind: a cell per contract column, set by header (an empty value is set
/// like any other; a column never set is an error when the row is written).
pub struct Row<'a> {
    columns: &'static [ColumnSpec],
    cells: Vec<&'a str>,
    /// Bit `i`: column `i` has been set.
    filled: u64,
    /// The column after the one set last: looked at first, as cells are mostly set in order.
    next: usize,
    /// The first header set that the contract does not declare.
    unknown: Option<&'static str>,
}

impl<'a> Row<'a> {
    /// Sets the cell of the column headed `header` (exact spelling of the contract).
    pub fn set(&mut self, header: &'static str, value: &'a str) -> &mut Self {
        let in_order = self.columns.get(self.next).is_some_and(|c| c.header == header);
        let found = if in_order {
            Some(self.next)
        } else {
            self.columns.iter().position(|c| c.header == header)
        };
        match found {
            Some(i) => {
                self.cells[i] = value;
                self.filled |= 1 << i;
                self.next = i + 1;
            }
            None => {
                self.unknown.get_or_insert(header);
            }
        }
        self
    }
}

fn contract_error(spec: &ExtractSpec, message: String) -> GenerateError {
    GenerateError::Contract {
        kind: spec.kind,
        message,
    }
}
