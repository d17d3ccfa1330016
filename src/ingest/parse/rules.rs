//! Every quarantine rule of a row, each a function of the cells it judges, so that each can be
//! tested alone (this file's tests: one table of cases per rule, input -> value or exact reason):
//! - a single field: [`convert_field`], one arm per column type of the contract;
//! - an empty required field: [`refuses_empty`] ([`REQUIRED_EMPTY`]);
//! - the age band from a date of birth and its reference date: [`age_band`];
//! - rules across the fields of a row: [`check_row_rules`] (dates in order, a flag implying
//!   another);
//! - the row's field count: [`field_count_reason`]; a repeat of an earlier row's key:
//!   [`duplicate_reason`] (applied in file order by `KindParser::admit`).
//!
//! Adding a rule to the contract (a column type, a row rule) is its declaration in the contract
//! crate, its arm here and one case in the table; the tests do not compile without the arm and
//! fail without the case.
//!
//! Caveat: these run once per cell of every row; a rule may allocate only for its reason, when
//! it refuses.

use crate::extracts::codes::{self, CodeList};
use crate::extracts::{ColumnSpec, ColumnType};
use crate::ingest::pseudonym::Pseudonymiser;
use crate::ingest::values;

use super::cells::Cell;

/// A problem with one field of a row (`column` empty: the whole row).
#[derive(Debug, PartialEq)]
pub(super) struct FieldError {
    pub(super) column: &'static str,
    pub(super) value: Option<String>,
    pub(super) reason: String,
}

/// Why an empty required field is refused.
pub(super) const REQUIRED_EMPTY: &str = "required value is empty";

/// Whether an empty field of `col` quarantines its row: a required column refuses it unless its
/// code list reads empty as a value (Gender: `Not Known`; ethnic origin: `Z`).
pub(super) fn refuses_empty(col: &ColumnSpec) -> bool {
    let list_allows_empty = matches!(col.ty, ColumnType::Code(l) | ColumnType::EthnicCategory(l) if l.empty_as.is_some())
        || matches!(col.ty, ColumnType::EthnicOrigin);
    col.required && !list_allows_empty
}

/// Converts one trimmed field of a column of type `ty` into its output cells (pushed onto
/// `cells`, one per output column, null when rejected) and returns why it is rejected, if it is.
/// Every quarantine rule of a single field is here, one arm per column type; an empty required
/// field is refused by the caller first ([`refuses_empty`]).
#[inline]
pub(super) fn convert_field<'a>(
    ty: ColumnType,
    value: &'a str,
    pseudonymiser: &Pseudonymiser,
    cells: &mut Vec<Cell<'a>>,
) -> Option<String> {
    let empty = value.is_empty();
    match ty {
        ColumnType::Text | ColumnType::FreeText => {
            cells.push(if empty { Cell::Null } else { Cell::Str(value) })
        }
        ColumnType::OrgCode => {
            if empty {
                cells.push(Cell::Null);
            } else if (3..=5).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
                if value.bytes().any(|b| b.is_ascii_lowercase()) {
                    cells.push(Cell::Upper(value));
                } else {
                    cells.push(Cell::Str(value));
                }
            } else {
                cells.push(Cell::Null);
                return Some(format!("'{value}' is not an ODS code (3-5 letters or digits)"));
            }
        }
        ColumnType::Date => {
            if empty {
                cells.push(Cell::Null);
            } else if let Some(d) = values::parse_date(value) {
                cells.push(Cell::Date(values::date32(d)));
            } else {
                cells.push(Cell::Null);
                return Some(format!(
                    "invalid date '{value}' (expected DD/MM/YYYY or YYYY-MM-DD)"
                ));
            }
        }
        ColumnType::Decimal {
            min_exclusive,
            max_inclusive,
        } => {
            if empty {
                cells.push(Cell::Null);
                return None;
            }
            match values::parse_decimal(value) {
                None => {
                    cells.push(Cell::Null);
                    return Some(format!("'{value}' is not a number"));
                }
                Some(v) => {
                    let low = min_exclusive.is_some_and(|m| v <= m);
                    let high = max_inclusive.is_some_and(|m| v > m);
                    if low || high {
                        cells.push(Cell::Null);
                        return Some(bounds_reason(value, min_exclusive, max_inclusive));
                    } else {
                        cells.push(Cell::F64(v));
                    }
                }
            }
        }
        ColumnType::Integer { min } => {
            if empty {
                cells.push(Cell::Null);
                return None;
            }
            match value.parse::<i64>() {
                Ok(v) if v >= min => cells.push(Cell::I64(v)),
                Ok(_) => {
                    cells.push(Cell::Null);
                    return Some(format!("{value} is below the minimum of {min}"));
                }
                Err(_) => {
                    cells.push(Cell::Null);
                    return Some(format!("'{value}' is not a whole number"));
                }
            }
        }
        ColumnType::Flag => {
            if empty {
                cells.push(Cell::Null);
            } else if let Some(b) = codes::parse_flag(value) {
                cells.push(Cell::Bool(b));
            } else {
                cells.push(Cell::Null);
                return Some(format!("expected Y or N, found '{value}'"));
            }
        }
        ColumnType::Code(list) => match list.normalise(value) {
            Some(c) => cells.push(Cell::Static(c)),
            None if empty => cells.push(Cell::Null),
            None => {
                cells.push(Cell::Null);
                return Some(unknown_code(list, value));
            }
        },
        ColumnType::EthnicOrigin => match codes::parse_ethnic_origin(value) {
            Some(e) => {
                cells.push(Cell::Static(e.code));
                cells.push(Cell::Static(e.group));
            }
            None => {
                cells.push(Cell::Null);
                cells.push(Cell::Null);
                return Some(format!("unknown ethnic origin code '{value}'"));
            }
        },
        ColumnType::EthnicCategory(list) => match list.normalise(value) {
            Some(c) => {
                cells.push(Cell::Static(c));
                cells.push(Cell::Static(codes::survey_ethnic_group(c)));
            }
            None => {
                cells.push(Cell::Null);
                cells.push(Cell::Null);
                return Some(unknown_code(list, value));
            }
        },
        ColumnType::StaffGroup => match codes::STAFF_GROUP.normalise(value) {
            Some(g) => {
                cells.push(Cell::Static(g));
                cells.push(Cell::Bool(codes::is_clinical_staff_group(g)));
            }
            None if empty => {
                cells.push(Cell::Null);
                cells.push(Cell::Null);
            }
            None => {
                cells.push(Cell::Null);
                cells.push(Cell::Null);
                return Some(unknown_code(&codes::STAFF_GROUP, value));
            }
        },
        ColumnType::Pseudonym => {
            if empty {
                cells.push(Cell::Null);
            } else {
                cells.push(Cell::Hex(pseudonymiser.pseudonym_hex(value)));
            }
        }
        ColumnType::AgeBand { .. } => {
            // The birth date waits here until the reference date is parsed ([`age_band`]).
            if empty {
                cells.push(Cell::Null);
            } else if let Some(born) = values::parse_date(value) {
                cells.push(Cell::Date(values::date32(born)));
            } else {
                cells.push(Cell::Null);
                return Some("invalid date of birth (expected DD/MM/YYYY or YYYY-MM-DD)".into());
            }
        }
    }
    None
}

/// The age band of a birth date (`born`, the cell [`convert_field`] left for an `AgeBand`
/// column) at its reference date `at` (the cell of the column named `at_name`): null when either
/// is missing (never the birth date itself), refused when the birth is after the date.
pub(super) fn age_band(born: Cell<'_>, at: Cell<'_>, at_name: &str) -> Result<Cell<'static>, String> {
    let dates = match (born, at) {
        (Cell::Date(born), Cell::Date(at_days)) => {
            values::from_date32(born).zip(values::from_date32(at_days))
        }
        _ => None,
    };
    let Some((born, at_date)) = dates else {
        return Ok(Cell::Null);
    };
    let age = values::age_on(born, at_date);
    if age < 0 {
        Err(format!("date of birth is after {at_name}"))
    } else {
        Ok(Cell::Static(values::age_band(age)))
    }
}

/// A row rule of the contract (`RowRule`, other than uniqueness) with its output columns
/// resolved to indexes and headers, once per kind, not per row.
#[derive(Debug)]
pub(super) enum Rule {
    /// `(index, name, header)` of dates that must not decrease.
    DatesInOrder(Vec<(usize, &'static str, &'static str)>),
    /// When flag `when` is Y, flag `then` must not be N: `(index, name)` of each, and the header
    /// blamed (`when`'s).
    Implies {
        when: (usize, &'static str),
        then: (usize, &'static str),
        header: &'static str,
    },
}

/// The row rules other than uniqueness (which needs the rows before: `KindParser::admit`), on a
/// row whose fields all passed; stops at the first rule the row breaks.
pub(super) fn check_row_rules(rules: &[Rule], cells: &[Cell<'_>], errors: &mut Vec<FieldError>) {
    for rule in rules {
        match rule {
            Rule::DatesInOrder(dates) => {
                let mut last: Option<(&str, i32)> = None;
                for &(i, name, header) in dates {
                    let Cell::Date(d) = cells[i] else {
                        continue;
                    };
                    if let Some((prev, pd)) = last {
                        if d < pd {
                            errors.push(FieldError {
                                column: header,
                                value: values::from_date32(d).map(|x| x.to_string()),
                                reason: format!("{name} is before {prev}"),
                            });
                            return;
                        }
                    }
                    last = Some((name, d));
                }
            }
            Rule::Implies { when, then, header } => {
                if matches!(cells[when.0], Cell::Bool(true)) && matches!(cells[then.0], Cell::Bool(false)) {
                    errors.push(FieldError {
                        column: header,
                        value: Some("Y".into()),
                        reason: format!("{} is Y but {} is N", when.1, then.1),
                    });
                    return;
                }
            }
        }
    }
}

/// Why a record with another number of fields than the header is refused (a whole-row problem).
pub(super) fn field_count_reason(expected: usize, found: usize) -> String {
    format!("expected {expected} fields, found {found}")
}

/// Why a row repeating an earlier row's key (the output columns `names` of a uniqueness rule)
/// is refused; the caller adds where the earlier row is (` of line 7`).
pub(super) fn duplicate_reason(names: &[&str]) -> String {
    format!("duplicate ({})", names.join(", "))
}

fn unknown_code(list: &CodeList, value: &str) -> String {
    let expected: Vec<_> = list.canonical().collect();
    if expected.len() <= 8 {
        format!(
            "unknown {} '{value}' (expected one of: {})",
            list.name,
            expected.join(", ")
        )
    } else {
        format!("unknown {} '{value}'", list.name)
    }
}

fn bounds_reason(value: &str, min_exclusive: Option<f64>, max_inclusive: Option<f64>) -> String {
    match (min_exclusive, max_inclusive) {
        (Some(lo), Some(hi)) => format!("{value} is outside the allowed range (> {lo} and <= {hi})"),
        (Some(lo), None) => format!("{value} must be greater than {lo}"),
        (None, Some(hi)) => format!("{value} must be at most {hi}"),
        (None, None) => format!("{value} is out of range"),
    }
}

#[cfg(test)]
mod tests {
    //! One table of cases per rule: the input and the exact value or reason (EXTRACTS.md:
    //! formats, code lists, ranges; the contract crate: which column has which rule).

    use super::*;
    use crate::extracts::codes::{GENDER, PAY_BAND, POPULATION_ETHNIC_GROUP, SURVEY_ETHNIC_GROUP};

    fn date(d: &str) -> Cell<'static> {
        Cell::Date(values::date32(values::parse_date(d).expect("test date")))
    }

    /// The position of a column type in the contract's list of types. The match is exhaustive,
    /// so a new column type does not compile here until it has a number, and then
    /// [`field_rules_case_by_case`] fails until the table has its cases.
    fn type_number(ty: ColumnType) -> usize {
        match ty {
            ColumnType::Text => 0,
            ColumnType::FreeText => 1,
            ColumnType::OrgCode => 2,
            ColumnType::Date => 3,
            ColumnType::Decimal { .. } => 4,
            ColumnType::Integer { .. } => 5,
            ColumnType::Flag => 6,
            ColumnType::Code(_) => 7,
            ColumnType::EthnicOrigin => 8,
            ColumnType::EthnicCategory(_) => 9,
            ColumnType::StaffGroup => 10,
            ColumnType::Pseudonym => 11,
            ColumnType::AgeBand { .. } => 12,
        }
    }
    const TYPES: usize = 13;
    /// Column types that accept every value (no refusing case is possible).
    const ACCEPT_ANYTHING: &[usize] = &[0, 1, 11];

    /// A single-field case: the column type, the trimmed field, and the cells it becomes (one per
    /// output column) or the exact reason it is refused for.
    type FieldCase = (ColumnType, &'static str, Result<Vec<Cell<'static>>, &'static str>);

    fn field_cases(pseudonym: Cell<'static>) -> Vec<FieldCase> {
        use ColumnType as T;
        let fte = T::Decimal {
            min_exclusive: Some(0.0),
            max_inclusive: Some(1.0),
        };
        let positive = T::Decimal {
            min_exclusive: Some(0.0),
            max_inclusive: None,
        };
        let percent = T::Decimal {
            min_exclusive: None,
            max_inclusive: Some(100.0),
        };
        let any = T::Decimal {
            min_exclusive: None,
            max_inclusive: None,
        };
        let year = T::Integer { min: 1900 };
        let band = T::Code(&PAY_BAND);
        let gender = T::Code(&GENDER);
        let survey = T::EthnicCategory(&SURVEY_ETHNIC_GROUP);
        let population = T::EthnicCategory(&POPULATION_ETHNIC_GROUP);
        let born = T::AgeBand { at: "snapshot_date" };
        let s = Cell::Static;
        vec![
            (T::Text, "A-1 b", Ok(vec![Cell::Str("A-1 b")])),
            (T::Text, "", Ok(vec![Cell::Null])),
            (T::FreeText, "Staff Nurse", Ok(vec![Cell::Str("Staff Nurse")])),
            (T::FreeText, "", Ok(vec![Cell::Null])),
            (T::OrgCode, "RJ1", Ok(vec![Cell::Str("RJ1")])),
            (T::OrgCode, "rj1", Ok(vec![Cell::Upper("rj1")])),
            (T::OrgCode, "RJ122", Ok(vec![Cell::Str("RJ122")])),
            (T::OrgCode, "", Ok(vec![Cell::Null])),
            (
                T::OrgCode,
                "R-J1",
                Err("'R-J1' is not an ODS code (3-5 letters or digits)"),
            ),
            (
                T::OrgCode,
                "RJ",
                Err("'RJ' is not an ODS code (3-5 letters or digits)"),
            ),
            (
                T::OrgCode,
                "RJ1223",
                Err("'RJ1223' is not an ODS code (3-5 letters or digits)"),
            ),
            (T::Date, "31/10/2025", Ok(vec![date("2025-10-31")])),
            (T::Date, "2025-10-31", Ok(vec![date("2025-10-31")])),
            (T::Date, "", Ok(vec![Cell::Null])),
            (
                T::Date,
                "31/02/2025",
                Err("invalid date '31/02/2025' (expected DD/MM/YYYY or YYYY-MM-DD)"),
            ),
            (
                T::Date,
                "2025/10/31",
                Err("invalid date '2025/10/31' (expected DD/MM/YYYY or YYYY-MM-DD)"),
            ),
            (fte, "0.5", Ok(vec![Cell::F64(0.5)])),
            (fte, "1", Ok(vec![Cell::F64(1.0)])),
            (fte, "", Ok(vec![Cell::Null])),
            (fte, "0", Err("0 is outside the allowed range (> 0 and <= 1)")),
            (fte, "1.5", Err("1.5 is outside the allowed range (> 0 and <= 1)")),
            (fte, "one", Err("'one' is not a number")),
            (fte, "NaN", Err("'NaN' is not a number")),
            (positive, "0.01", Ok(vec![Cell::F64(0.01)])),
            (positive, "-1", Err("-1 must be greater than 0")),
            (percent, "100", Ok(vec![Cell::F64(100.0)])),
            (percent, "100.5", Err("100.5 must be at most 100")),
            (any, "-5", Ok(vec![Cell::F64(-5.0)])),
            (year, "1900", Ok(vec![Cell::I64(1900)])),
            (year, "", Ok(vec![Cell::Null])),
            (year, "1899", Err("1899 is below the minimum of 1900")),
            (year, "20x5", Err("'20x5' is not a whole number")),
            (year, "2025.0", Err("'2025.0' is not a whole number")),
            (T::Flag, "y", Ok(vec![Cell::Bool(true)])),
            (T::Flag, "No", Ok(vec![Cell::Bool(false)])),
            (T::Flag, "", Ok(vec![Cell::Null])),
            (T::Flag, "maybe", Err("expected Y or N, found 'maybe'")),
            (band, "8A", Ok(vec![s("Band 8a")])),
            (band, "Very Senior Manager", Ok(vec![s("VSM")])),
            (band, "", Ok(vec![Cell::Null])),
            (band, "Band 10", Err("unknown pay band 'Band 10'")),
            (gender, "", Ok(vec![s("Not Known")])),
            (gender, "non-binary", Ok(vec![s("Other")])),
            (
                gender,
                "X",
                Err("unknown gender 'X' (expected one of: Female, Male, Other, Not Known)"),
            ),
            (
                T::EthnicOrigin,
                "C3 White - Any other White background",
                Ok(vec![s("C"), s("White")]),
            ),
            (
                T::EthnicOrigin,
                "H Asian or Asian British - Indian",
                Ok(vec![s("H"), s("BME")]),
            ),
            (T::EthnicOrigin, "", Ok(vec![s("Z"), s("Unknown")])),
            (T::EthnicOrigin, "Not Stated", Ok(vec![s("Z"), s("Unknown")])),
            (
                T::EthnicOrigin,
                "Q Unknown group",
                Err("unknown ethnic origin code 'Q Unknown group'"),
            ),
            (
                T::EthnicOrigin,
                "CX White",
                Err("unknown ethnic origin code 'CX White'"),
            ),
            (survey, "White", Ok(vec![s("White"), s("White")])),
            (
                survey,
                "Black / African / Caribbean / Black British",
                Ok(vec![s("Black"), s("BME")]),
            ),
            (survey, "", Ok(vec![s("Unknown"), s("Unknown")])),
            (
                survey,
                "Martian",
                Err(
                    "unknown ethnic group 'Martian' (expected one of: White, Mixed, Asian, Black, Chinese, Other, Unknown)",
                ),
            ),
            (
                population,
                "",
                Err("unknown ethnic group '' (expected one of: White, Mixed, Asian, Black, Other)"),
            ),
            (
                T::StaffGroup,
                "Estates and Ancillary",
                Ok(vec![s("Estates and Ancillary"), Cell::Bool(false)]),
            ),
            (
                T::StaffGroup,
                "nursing and midwifery registered",
                Ok(vec![s("Nursing and Midwifery Registered"), Cell::Bool(true)]),
            ),
            (T::StaffGroup, "", Ok(vec![Cell::Null, Cell::Null])),
            (T::StaffGroup, "Doctors", Err("unknown staff group 'Doctors'")),
            (T::Pseudonym, "12345678", Ok(vec![pseudonym])),
            (T::Pseudonym, "", Ok(vec![Cell::Null])),
            (born, "15/03/1990", Ok(vec![date("1990-03-15")])),
            (born, "", Ok(vec![Cell::Null])),
            (
                born,
                "1990-15-03",
                Err("invalid date of birth (expected DD/MM/YYYY or YYYY-MM-DD)"),
            ),
        ]
    }

    /// Every single-field rule (`convert_field`), case by case, with every column type accepted
    /// at least once and, where it can refuse, refused at least once. A refused field leaves one
    /// null per output column, so the row's cells stay aligned.
    #[test]
    fn field_rules_case_by_case() {
        let pseudonymiser = Pseudonymiser::new(b"test-key");
        let hex = pseudonymiser.pseudonym_hex("12345678");
        assert_ne!(&hex[..8], b"12345678", "the identifier itself is never kept");
        let cases = field_cases(Cell::Hex(hex));
        let (mut accepted, mut refused) = ([false; TYPES], [false; TYPES]);
        for (ty, field, want) in cases {
            let mut cells = Vec::new();
            let reason = convert_field(ty, field, &pseudonymiser, &mut cells);
            match want {
                Ok(want) => {
                    accepted[type_number(ty)] = true;
                    assert_eq!((reason, cells), (None, want), "{ty:?} '{field}'");
                }
                Err(want) => {
                    refused[type_number(ty)] = true;
                    assert_eq!(reason.as_deref(), Some(want), "{ty:?} '{field}'");
                    assert_eq!(
                        cells,
                        vec![Cell::Null; outputs(ty)],
                        "{ty:?} '{field}': a null per output"
                    );
                }
            }
        }
        for n in 0..TYPES {
            assert!(accepted[n], "column type {n} has no accepting case");
            assert_eq!(
                refused[n],
                !ACCEPT_ANYTHING.contains(&n),
                "column type {n}: a refusing case (or ACCEPT_ANYTHING) is missing"
            );
        }
    }

    /// The number of output columns of a column type, as the contract declares it.
    fn outputs(ty: ColumnType) -> usize {
        let spec = ColumnSpec {
            header: "H",
            name: "h",
            ty,
            required: false,
            personal: false,
        };
        spec.outputs().len()
    }

    /// The required rule: which required columns refuse an empty field (`refuses_empty`) and
    /// the reason; a list that reads empty as a value takes it instead (see the field cases).
    #[test]
    fn required_rule_case_by_case() {
        use ColumnType as T;
        let cases: &[(ColumnType, bool, bool)] = &[
            (T::Date, true, true),
            (T::Date, false, false),
            (T::OrgCode, true, true),
            (T::Code(&PAY_BAND), true, true),
            (T::Code(&GENDER), true, false),
            (T::EthnicOrigin, true, false),
            (T::EthnicCategory(&SURVEY_ETHNIC_GROUP), true, false),
            (T::EthnicCategory(&POPULATION_ETHNIC_GROUP), true, true),
            (T::Pseudonym, true, true),
        ];
        for &(ty, required, refused) in cases {
            let col = ColumnSpec {
                header: "H",
                name: "h",
                ty,
                required,
                personal: false,
            };
            assert_eq!(refuses_empty(&col), refused, "{ty:?}, required {required}");
        }
        assert_eq!(REQUIRED_EMPTY, "required value is empty");
    }

    /// The age-band rule: bands at their boundaries (a birthday on the reference date counts),
    /// nothing without both dates, refused when born after the reference date.
    #[test]
    fn age_band_rule_case_by_case() {
        let cases: &[(Cell<'_>, Cell<'_>, Result<Cell<'static>, &str>)] = &[
            (date("1990-03-15"), date("2025-03-14"), Ok(Cell::Static("25-34"))),
            (date("1990-03-15"), date("2025-03-15"), Ok(Cell::Static("35-44"))),
            (date("2001-01-01"), date("2025-10-31"), Ok(Cell::Static("<25"))),
            (date("1960-10-31"), date("2025-10-31"), Ok(Cell::Static("65+"))),
            (date("2025-10-31"), date("2025-10-31"), Ok(Cell::Static("<25"))),
            (Cell::Null, date("2025-10-31"), Ok(Cell::Null)),
            (date("1990-03-15"), Cell::Null, Ok(Cell::Null)),
            (
                date("2025-11-01"),
                date("2025-10-31"),
                Err("date of birth is after snapshot_date"),
            ),
        ];
        for (born, at, want) in cases {
            let got = age_band(*born, *at, "snapshot_date");
            assert_eq!(
                got.as_ref().map_err(String::as_str),
                want.as_ref().map_err(|e| *e),
                "{born:?} at {at:?}"
            );
        }
    }

    /// The row rules: dates in order (equal is in order; a missing date is skipped, the next
    /// compared with the last present) and a flag implying another (only Y then N is refused).
    #[test]
    fn row_rules_case_by_case() {
        let dates = Rule::DatesInOrder(vec![
            (0, "advertised_date", "Advertised Date"),
            (1, "closing_date", "Closing Date"),
            (2, "offer_date", "Offer Date"),
        ]);
        let implies = Rule::Implies {
            when: (0, "appointed"),
            then: (1, "shortlisted"),
            header: "Appointed",
        };
        let d = date;
        let (y, n) = (Cell::Bool(true), Cell::Bool(false));
        let cases: Vec<(&Rule, Vec<Cell<'_>>, Option<(&str, &str, &str)>)> = vec![
            (
                &dates,
                vec![d("2025-01-01"), d("2025-01-02"), d("2025-01-03")],
                None,
            ),
            (
                &dates,
                vec![d("2025-01-01"), d("2025-01-01"), d("2025-01-01")],
                None,
            ),
            (&dates, vec![d("2025-01-01"), Cell::Null, d("2025-01-03")], None),
            (
                &dates,
                vec![d("2025-01-02"), d("2025-01-01"), d("2025-01-03")],
                Some((
                    "Closing Date",
                    "2025-01-01",
                    "closing_date is before advertised_date",
                )),
            ),
            (
                &dates,
                vec![d("2025-01-02"), Cell::Null, d("2025-01-01")],
                Some(("Offer Date", "2025-01-01", "offer_date is before advertised_date")),
            ),
            (&implies, vec![y, y], None),
            (&implies, vec![n, n], None),
            (&implies, vec![n, y], None),
            (&implies, vec![y, Cell::Null], None),
            (
                &implies,
                vec![y, n],
                Some(("Appointed", "Y", "appointed is Y but shortlisted is N")),
            ),
        ];
        for (rule, cells, want) in cases {
            let mut errors = Vec::new();
            check_row_rules(std::slice::from_ref(rule), &cells, &mut errors);
            let want: Vec<FieldError> = want
                .into_iter()
                .map(|(column, value, reason)| FieldError {
                    column,
                    value: Some(value.into()),
                    reason: reason.into(),
                })
                .collect();
            assert_eq!(errors, want, "{rule:?} on {cells:?}");
        }
    }

    /// The whole-row and uniqueness reasons.
    #[test]
    fn field_count_and_duplicate_reasons() {
        assert_eq!(field_count_reason(7, 6), "expected 7 fields, found 6");
        assert_eq!(field_count_reason(7, 8), "expected 7 fields, found 8");
        assert_eq!(
            duplicate_reason(&["case_reference"]),
            "duplicate (case_reference)"
        );
        assert_eq!(
            duplicate_reason(&["snapshot_date", "assignment_id"]),
            "duplicate (snapshot_date, assignment_id)"
        );
    }
}
