//! The values of one row while it is judged: [`Cell`] (a parsed field, borrowed from the record
//! where possible), the Arrow column builders they are appended to once the row passes every
//! rule, and the row's uniqueness key.
//!
//! Caveat: nothing here allocates per cell; the one per-row buffer of cells is reused across
//! rows ([`recycle_cells`]).

use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder};
use twox_hash::XxHash64;

use crate::extracts::OutputType;
use crate::ingest::pseudonym::PSEUDONYM_HEX_LEN;
use crate::ingest::unique::Key;

/// One parsed field value, borrowed from the record where possible.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Cell<'a> {
    Null,
    Str(&'a str),
    /// Text stored upper-cased (ODS codes written in lower case).
    Upper(&'a str),
    Static(&'static str),
    Hex([u8; PSEUDONYM_HEX_LEN]),
    Date(i32),
    F64(f64),
    I64(i64),
    Bool(bool),
}

pub(super) enum ColumnBuilder {
    Utf8(StringBuilder),
    Date(Date32Builder),
    F64(Float64Builder),
    I64(Int64Builder),
    Bool(BooleanBuilder),
}

impl ColumnBuilder {
    pub(super) fn new(ty: OutputType, rows: usize) -> Self {
        match ty {
            OutputType::Utf8 => ColumnBuilder::Utf8(StringBuilder::with_capacity(rows, rows * 16)),
            OutputType::Date32 => ColumnBuilder::Date(Date32Builder::with_capacity(rows)),
            OutputType::Float64 => ColumnBuilder::F64(Float64Builder::with_capacity(rows)),
            OutputType::Int64 => ColumnBuilder::I64(Int64Builder::with_capacity(rows)),
            OutputType::Boolean => ColumnBuilder::Bool(BooleanBuilder::with_capacity(rows)),
        }
    }

    pub(super) fn append(&mut self, cell: &Cell<'_>) {
        match (self, cell) {
            (ColumnBuilder::Utf8(b), Cell::Str(s)) => b.append_value(s),
            (ColumnBuilder::Utf8(b), Cell::Static(s)) => b.append_value(s),
            (ColumnBuilder::Utf8(b), Cell::Upper(s)) => b.append_value(s.to_ascii_uppercase()),
            (ColumnBuilder::Utf8(b), Cell::Hex(h)) => {
                b.append_value(std::str::from_utf8(h).unwrap_or_default())
            }
            (ColumnBuilder::Date(b), Cell::Date(d)) => b.append_value(*d),
            (ColumnBuilder::F64(b), Cell::F64(v)) => b.append_value(*v),
            (ColumnBuilder::I64(b), Cell::I64(v)) => b.append_value(*v),
            (ColumnBuilder::Bool(b), Cell::Bool(v)) => b.append_value(*v),
            (ColumnBuilder::Utf8(b), _) => b.append_null(),
            (ColumnBuilder::Date(b), _) => b.append_null(),
            (ColumnBuilder::F64(b), _) => b.append_null(),
            (ColumnBuilder::I64(b), _) => b.append_null(),
            (ColumnBuilder::Bool(b), _) => b.append_null(),
        }
    }

    pub(super) fn finish(&mut self) -> ArrayRef {
        match self {
            ColumnBuilder::Utf8(b) => Arc::new(b.finish()),
            ColumnBuilder::Date(b) => Arc::new(b.finish()),
            ColumnBuilder::F64(b) => Arc::new(b.finish()),
            ColumnBuilder::I64(b) => Arc::new(b.finish()),
            ColumnBuilder::Bool(b) => Arc::new(b.finish()),
        }
    }
}

/// A row's uniqueness key: the key cells, tagged by type, hashed to 96 bits with two seeds of
/// XXH64. Not a secret (the cells are already pseudonymised where personal) and it never
/// leaves the run; any two of n keys collide with chance about n²/2⁹⁷ (below 10⁻¹⁴ at 16 million
/// rows), and a collision would show as a quarantined "duplicate" row, never a lost one.
/// `buf` is scratch space reused across rows.
pub(super) fn unique_key<'a>(cells: impl Iterator<Item = &'a Cell<'a>>, buf: &mut Vec<u8>) -> Key {
    buf.clear();
    for c in cells {
        match c {
            Cell::Null => buf.push(0),
            Cell::Str(s) | Cell::Static(s) => {
                buf.push(1);
                buf.extend_from_slice(s.as_bytes());
            }
            Cell::Upper(s) => {
                buf.push(1);
                buf.extend(s.bytes().map(|b| b.to_ascii_uppercase()));
            }
            Cell::Hex(x) => {
                buf.push(1);
                buf.extend_from_slice(x);
            }
            Cell::Date(d) => {
                buf.push(2);
                buf.extend_from_slice(&d.to_le_bytes());
            }
            Cell::F64(v) => {
                buf.push(3);
                buf.extend_from_slice(&v.to_le_bytes());
            }
            Cell::I64(v) => {
                buf.push(4);
                buf.extend_from_slice(&v.to_le_bytes());
            }
            Cell::Bool(b) => buf.extend_from_slice(&[5, u8::from(*b)]),
        }
        buf.push(0xff);
    }
    let low = XxHash64::oneshot(0x7461_6c65_6e74_7069, buf).to_le_bytes();
    let high = XxHash64::oneshot(0x7069_7065_6b65_7973, buf).to_le_bytes();
    let mut key = Key::default();
    let (a, b) = key.split_at_mut(8);
    a.copy_from_slice(&low);
    b.copy_from_slice(&high[..b.len()]);
    key
}

/// Empties a buffer and hands its allocation back with a new lifetime (an in-place collect:
/// no element survives, so no borrow outlives its row).
pub(super) fn recycle_cells<'a, 'b>(mut v: Vec<Cell<'a>>) -> Vec<Cell<'b>> {
    v.clear();
    v.into_iter()
        .map(|_| -> Cell<'b> { unreachable!("the vector is empty") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(cells: &[Cell<'_>]) -> Key {
        unique_key(cells.iter(), &mut Vec::new())
    }

    #[test]
    fn unique_keys_tell_apart_what_the_cells_tell_apart() {
        let row = [Cell::Date(20_000), Cell::Str("A1")];
        assert_eq!(key(&row), key(&row), "deterministic");
        assert_eq!(
            key(&row),
            key(&[Cell::Date(20_000), Cell::Static("A1")]),
            "same text"
        );
        assert_eq!(
            key(&[Cell::Upper("ab")]),
            key(&[Cell::Str("AB")]),
            "stored upper-cased"
        );
        let different: [&[Cell<'_>]; 7] = [
            &[Cell::Date(20_001), Cell::Str("A1")],
            &[Cell::Date(20_000), Cell::Str("A2")],
            &[Cell::Str("A1"), Cell::Date(20_000)],
            &[Cell::Str("ab"), Cell::Str("c")],
            &[Cell::Str("a"), Cell::Str("bc")],
            &[Cell::Null],
            &[Cell::Str("")],
        ];
        for (i, a) in different.iter().enumerate() {
            assert_ne!(key(a), key(&row));
            for b in &different[i + 1..] {
                assert_ne!(key(a), key(b), "{a:?} and {b:?}");
            }
        }
        assert_ne!(key(&[Cell::I64(1)]), key(&[Cell::F64(1.0)]), "types are tagged");
        assert_ne!(key(&[Cell::Bool(true)]), key(&[Cell::Bool(false)]));
    }
}
