//! The input data contract (`../shared/EXTRACTS.md`) as code: one declaration per extract kind.
//!
//! Each kind lists its columns once: the header as regions send it, the canonical snake_case
//! name analysts query, the type and rule, whether a value is required, and the personal-data
//! treatment. The generic ingest engine (`talentpipe::ingest`) reads any declared kind, and the
//! synthetic-data generator (`talentpipe-synth`) writes each kind's columns from this list, so
//! adding a column or a kind is a change here only (and, for the generator, the value it
//! simulates). talentpipe re-exports this crate as `talentpipe::extracts`.

pub mod codes;

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef};

use codes::CodeList;

/// How a column's text becomes typed, validated values.
#[derive(Debug, Clone, Copy)]
pub enum ColumnType {
    /// Identifier text, kept as written (trimmed).
    Text,
    /// Free text (trimmed); never validated against a list.
    FreeText,
    /// ODS organisation code: 3-5 ASCII alphanumerics, stored upper-case.
    OrgCode,
    /// `DD/MM/YYYY` or `YYYY-MM-DD`.
    Date,
    /// Decimal number, with optional bounds (`min_exclusive < x <= max_inclusive`).
    Decimal {
        min_exclusive: Option<f64>,
        max_inclusive: Option<f64>,
    },
    /// Whole number, at least `min`.
    Integer { min: i64 },
    /// `Y`/`N` flag -> boolean.
    Flag,
    /// A coded value, stored as its canonical spelling.
    Code(&'static CodeList),
    /// ESR Ethnic Origin -> `ethnic_code` (category letter) and `ethnic_group`
    /// (White/BME/Unknown).
    EthnicOrigin,
    /// A grouped ethnic category (survey, population) -> `ethnic_category` and `ethnic_group`.
    EthnicCategory(&'static CodeList),
    /// Staff Group -> `staff_group` (canonical) and `is_clinical`.
    StaffGroup,
    /// A personal identifier -> a keyed pseudonym (hex of HMAC-SHA256) under `name`.
    Pseudonym,
    /// Date of birth -> `age_band` at the date held in the column named `at`.
    AgeBand { at: &'static str },
}

/// One input column of an extract.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// Header as in EXTRACTS.md (matched case-insensitively after trimming).
    pub header: &'static str,
    /// Canonical output name (for types with two outputs, the derived names are fixed).
    pub name: &'static str,
    pub ty: ColumnType,
    /// A value is required: an empty field quarantines the row.
    pub required: bool,
    /// Personal data: never written as-is (masked in quarantine, transformed in staging).
    pub personal: bool,
}

/// A rule across columns of one row (or across rows of a kind).
#[derive(Debug, Clone, Copy)]
pub enum RowRule {
    /// These output columns together identify a row: a repeat is quarantined.
    Unique(&'static [&'static str]),
    /// Present dates must not decrease in this order.
    DatesInOrder(&'static [&'static str]),
    /// When flag `when` is true, flag `then` must be true.
    Implies { when: &'static str, then: &'static str },
}

/// The declaration of one extract kind.
#[derive(Debug)]
pub struct ExtractSpec {
    /// Folder name under the input root and staged table name.
    pub kind: &'static str,
    pub description: &'static str,
    pub columns: &'static [ColumnSpec],
    pub rules: &'static [RowRule],
}

/// One output (staged) column of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputColumn {
    pub name: &'static str,
    pub data_type: OutputType,
    pub nullable: bool,
}

/// The Arrow types staged tables use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputType {
    Utf8,
    Date32,
    Float64,
    Int64,
    Boolean,
}

impl OutputType {
    pub fn arrow(self) -> DataType {
        match self {
            OutputType::Utf8 => DataType::Utf8,
            OutputType::Date32 => DataType::Date32,
            OutputType::Float64 => DataType::Float64,
            OutputType::Int64 => DataType::Int64,
            OutputType::Boolean => DataType::Boolean,
        }
    }
}

impl ColumnSpec {
    /// The staged columns this input column produces, in order.
    pub fn outputs(&self) -> Vec<OutputColumn> {
        let one = |data_type| {
            vec![OutputColumn {
                name: self.name,
                data_type,
                nullable: !self.required,
            }]
        };
        let fixed = |name, data_type| OutputColumn {
            name,
            data_type,
            nullable: false,
        };
        match self.ty {
            ColumnType::Text | ColumnType::FreeText | ColumnType::OrgCode | ColumnType::Pseudonym => {
                one(OutputType::Utf8)
            }
            ColumnType::Code(list) => {
                let mut v = one(OutputType::Utf8);
                v[0].nullable = list.empty_as.is_none() && !self.required;
                v
            }
            ColumnType::Date => one(OutputType::Date32),
            ColumnType::Decimal { .. } => one(OutputType::Float64),
            ColumnType::Integer { .. } => one(OutputType::Int64),
            ColumnType::Flag => one(OutputType::Boolean),
            ColumnType::EthnicOrigin => vec![
                fixed("ethnic_code", OutputType::Utf8),
                fixed("ethnic_group", OutputType::Utf8),
            ],
            ColumnType::EthnicCategory(_) => vec![
                fixed("ethnic_category", OutputType::Utf8),
                fixed("ethnic_group", OutputType::Utf8),
            ],
            ColumnType::StaffGroup => vec![
                OutputColumn {
                    name: "staff_group",
                    data_type: OutputType::Utf8,
                    nullable: !self.required,
                },
                OutputColumn {
                    name: "is_clinical",
                    data_type: OutputType::Boolean,
                    nullable: !self.required,
                },
            ],
            ColumnType::AgeBand { .. } => vec![OutputColumn {
                name: "age_band",
                data_type: OutputType::Utf8,
                nullable: !self.required,
            }],
        }
    }
}

impl ExtractSpec {
    /// Every staged column, in declaration order.
    pub fn output_columns(&self) -> Vec<OutputColumn> {
        self.columns.iter().flat_map(|c| c.outputs()).collect()
    }

    /// Arrow schema of the staged table.
    pub fn schema(&self) -> SchemaRef {
        Arc::new(Schema::new(
            self.output_columns()
                .into_iter()
                .map(|c| Field::new(c.name, c.data_type.arrow(), c.nullable))
                .collect::<Vec<_>>(),
        ))
    }

    /// Index of an output column by name.
    pub fn output_index(&self, name: &str) -> Option<usize> {
        self.output_columns().iter().position(|c| c.name == name)
    }
}

/// The quarantine table: one row per rejected input row.
pub fn quarantine_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("kind", DataType::Utf8, false),
        Field::new("source_file", DataType::Utf8, false),
        Field::new("line", DataType::UInt64, false),
        Field::new("column_name", DataType::Utf8, true),
        Field::new("value", DataType::Utf8, true),
        Field::new("reason", DataType::Utf8, false),
        Field::new("raw_row", DataType::Utf8, false),
    ]))
}

const fn req(header: &'static str, name: &'static str, ty: ColumnType) -> ColumnSpec {
    ColumnSpec {
        header,
        name,
        ty,
        required: true,
        personal: false,
    }
}
const fn opt(header: &'static str, name: &'static str, ty: ColumnType) -> ColumnSpec {
    ColumnSpec {
        header,
        name,
        ty,
        required: false,
        personal: false,
    }
}
const fn personal(header: &'static str, name: &'static str, ty: ColumnType) -> ColumnSpec {
    ColumnSpec {
        header,
        name,
        ty,
        required: true,
        personal: true,
    }
}

use ColumnType as T;

const ORG: ColumnSpec = req("Organisation Code", "org_code", T::OrgCode);
const REGION: ColumnSpec = req("Region Code", "region_code", T::Code(&codes::REGION));
const STAFF_GROUP: ColumnSpec = req("Staff Group", "staff_group", T::StaffGroup);
const PAY_BAND: ColumnSpec = req("Pay Band", "pay_band", T::Code(&codes::PAY_BAND));
const CRITICAL_ROLE: ColumnSpec = opt("Critical Role", "critical_role", T::Code(&codes::CRITICAL_ROLE));
const ETHNIC_ORIGIN: ColumnSpec = opt("Ethnic Origin", "ethnic_code", T::EthnicOrigin);
const GENDER: ColumnSpec = opt("Gender", "gender", T::Code(&codes::GENDER));
const DISABILITY: ColumnSpec = opt("Disability", "disability", T::Code(&codes::DISABILITY));
const EMPLOYEE: ColumnSpec = personal("Employee Number", "person_id", T::Pseudonym);
const HARASSMENT: ColumnType = T::Code(&codes::HARASSMENT_SCALE);

/// ESR staff in post: one row per assignment per monthly snapshot.
pub static ESR_WORKFORCE: ExtractSpec = ExtractSpec {
    kind: "esr_workforce",
    description: "staff in post, one row per assignment, monthly snapshots",
    columns: &[
        req("Snapshot Date", "snapshot_date", T::Date),
        EMPLOYEE,
        personal("Assignment Number", "assignment_id", T::Pseudonym),
        ORG,
        REGION,
        STAFF_GROUP,
        opt("Job Role", "job_role", T::FreeText),
        CRITICAL_ROLE,
        PAY_BAND,
        ETHNIC_ORIGIN,
        GENDER,
        DISABILITY,
        personal("Date of Birth", "age_band", T::AgeBand { at: "snapshot_date" }),
        req(
            "FTE",
            "fte",
            T::Decimal {
                min_exclusive: Some(0.0),
                max_inclusive: Some(1.0),
            },
        ),
        req(
            "Assignment Category",
            "assignment_category",
            T::Code(&codes::ASSIGNMENT_CATEGORY),
        ),
        req("Interim", "is_interim", T::Flag),
        req("Start Date", "start_date", T::Date),
        opt("Termination Date", "termination_date", T::Date),
        opt("Leaving Reason", "leaving_reason", T::FreeText),
    ],
    rules: &[RowRule::Unique(&["snapshot_date", "assignment_id"])],
};

/// Staff survey: one row per respondent, one file per survey year.
pub static STAFF_SURVEY: ExtractSpec = ExtractSpec {
    kind: "staff_survey",
    description: "one row per survey respondent",
    columns: &[
        req("Survey Year", "survey_year", T::Integer { min: 1900 }),
        ORG,
        req("Respondent ID", "respondent_id", T::Text),
        opt(
            "Ethnic Group",
            "ethnic_category",
            T::EthnicCategory(&codes::SURVEY_ETHNIC_GROUP),
        ),
        GENDER,
        opt("Disability", "disability", T::Code(&codes::SURVEY_DISABILITY)),
        STAFF_GROUP,
        opt("harassment_public", "harassment_public", HARASSMENT),
        opt("harassment_manager", "harassment_manager", HARASSMENT),
        opt("harassment_colleagues", "harassment_colleagues", HARASSMENT),
        opt(
            "equal_opportunities",
            "equal_opportunities",
            T::Code(&codes::YES_NO_DONT_KNOW),
        ),
        opt(
            "discrimination_public",
            "discrimination_public",
            T::Code(&codes::YES_NO_ANSWER),
        ),
        opt(
            "discrimination_staff",
            "discrimination_staff",
            T::Code(&codes::YES_NO_ANSWER),
        ),
    ],
    rules: &[RowRule::Unique(&["survey_year", "respondent_id"])],
};

/// Recruitment: one row per application.
pub static RECRUITMENT: ExtractSpec = ExtractSpec {
    kind: "recruitment",
    description: "one row per application (shortlisting and appointment)",
    columns: &[
        req("Vacancy Reference", "vacancy_reference", T::Text),
        ORG,
        req("Applicant ID", "applicant_id", T::Text),
        req("Application Date", "application_date", T::Date),
        ETHNIC_ORIGIN,
        DISABILITY,
        req("Shortlisted", "shortlisted", T::Flag),
        req("Appointed", "appointed", T::Flag),
    ],
    rules: &[RowRule::Implies {
        when: "appointed",
        then: "shortlisted",
    }],
};

/// Vacancies: one row per advertised post.
pub static VACANCIES: ExtractSpec = ExtractSpec {
    kind: "vacancies",
    description: "one row per advertised post",
    columns: &[
        req("Vacancy Reference", "vacancy_reference", T::Text),
        ORG,
        REGION,
        STAFF_GROUP,
        PAY_BAND,
        opt("Job Role", "job_role", T::FreeText),
        CRITICAL_ROLE,
        req(
            "FTE",
            "fte",
            T::Decimal {
                min_exclusive: Some(0.0),
                max_inclusive: None,
            },
        ),
        req("Advertised Date", "advertised_date", T::Date),
        opt("Closing Date", "closing_date", T::Date),
        opt("Offer Date", "offer_date", T::Date),
        opt("Start Date", "start_date", T::Date),
        req("Status", "status", T::Code(&codes::VACANCY_STATUS)),
        req("Interim Cover", "interim_cover", T::Flag),
        req("Times Advertised", "times_advertised", T::Integer { min: 1 }),
    ],
    rules: &[
        RowRule::Unique(&["vacancy_reference"]),
        RowRule::DatesInOrder(&["advertised_date", "closing_date", "offer_date", "start_date"]),
    ],
};

/// Disciplinary: one row per case entering the formal process.
pub static DISCIPLINARY: ExtractSpec = ExtractSpec {
    kind: "disciplinary",
    description: "one row per case entering the formal process",
    columns: &[
        req("Case Reference", "case_reference", T::Text),
        ORG,
        EMPLOYEE,
        ETHNIC_ORIGIN,
        req(
            "Date Entered Formal Process",
            "date_entered_formal_process",
            T::Date,
        ),
    ],
    rules: &[RowRule::Unique(&["case_reference"])],
};

/// Training: one row per training/CPD episode.
pub static TRAINING: ExtractSpec = ExtractSpec {
    kind: "training",
    description: "one row per non-mandatory training/CPD episode",
    columns: &[
        EMPLOYEE,
        ORG,
        ETHNIC_ORIGIN,
        req("Course Type", "course_type", T::Code(&codes::COURSE_TYPE)),
        req("Start Date", "start_date", T::Date),
    ],
    rules: &[],
};

/// Board: one row per board seat; an empty Member ID is a vacant post.
pub static BOARD: ExtractSpec = ExtractSpec {
    kind: "board",
    description: "one row per board member (voting and non-voting); empty Member ID = vacant",
    columns: &[
        ORG,
        opt("Member ID", "member_id", T::Text),
        opt("Role", "role", T::FreeText),
        CRITICAL_ROLE,
        req("Voting", "is_voting", T::Flag),
        req("Executive", "is_executive", T::Flag),
        ETHNIC_ORIGIN,
        GENDER,
        DISABILITY,
        opt("Interim", "is_interim", T::Flag),
        opt("Start Date", "start_date", T::Date),
        opt("End Date", "end_date", T::Date),
        req("Snapshot Date", "snapshot_date", T::Date),
    ],
    rules: &[RowRule::DatesInOrder(&["start_date", "end_date"])],
};

/// Talent pool: one row per person in a leadership talent pool.
pub static TALENT_POOL: ExtractSpec = ExtractSpec {
    kind: "talent_pool",
    description: "one row per person in a leadership talent pool",
    columns: &[
        req("Snapshot Date", "snapshot_date", T::Date),
        EMPLOYEE,
        ORG,
        REGION,
        req("Target Role", "target_role", T::Code(&codes::CRITICAL_ROLE)),
        req("Performance", "performance", T::Code(&codes::LOW_MODERATE_HIGH)),
        req("Potential", "potential", T::Code(&codes::LOW_MODERATE_HIGH)),
        req("Readiness", "readiness", T::Code(&codes::READINESS)),
        req("Mobility", "mobility", T::Code(&codes::MOBILITY)),
        opt("Programme", "programme", T::FreeText),
        ETHNIC_ORIGIN,
        GENDER,
        DISABILITY,
        req("Clinical Background", "clinical_background", T::Flag),
    ],
    rules: &[],
};

/// Population: community ethnicity profile per region (reference data).
pub static POPULATION: ExtractSpec = ExtractSpec {
    kind: "population",
    description: "community ethnicity profile per region (reference data)",
    columns: &[
        REGION,
        req(
            "Ethnic Group",
            "ethnic_category",
            T::EthnicCategory(&codes::POPULATION_ETHNIC_GROUP),
        ),
        req("Population", "population", T::Integer { min: 0 }),
    ],
    rules: &[RowRule::Unique(&["region_code", "ethnic_category"])],
};

/// Appraisal: one row per appraisal event (issue 17 part 1; declared here, beyond the nine
/// kinds of EXTRACTS.md, which is read-only: README "Input layout" and
/// docs/metrics-appraisal.md document it). The extract carries no protected characteristics:
/// the metrics take them from ESR through the person pseudonym, which is why Employee Number is
/// pseudonymised with the same key as every other kind. Rating is empty where none was given
/// (often on an interim review). The same event sent twice (organisation, person, date and
/// type) is quarantined.
pub static APPRAISAL: ExtractSpec = ExtractSpec {
    kind: "appraisal",
    description: "one row per appraisal event (annual or interim), with talent conversation and rating",
    columns: &[
        ORG,
        EMPLOYEE,
        req("Appraisal Date", "appraisal_date", T::Date),
        req(
            "Appraisal Type",
            "appraisal_type",
            T::Code(&codes::APPRAISAL_TYPE),
        ),
        req("Talent Conversation Held", "talent_conversation_held", T::Flag),
        opt("Rating", "rating", T::Code(&codes::APPRAISAL_RATING)),
        req(
            "Career Aspiration Recorded",
            "career_aspiration_recorded",
            T::Flag,
        ),
    ],
    rules: &[RowRule::Unique(&[
        "org_code",
        "person_id",
        "appraisal_date",
        "appraisal_type",
    ])],
};

/// Every extract kind, in the order they are ingested: the nine of EXTRACTS.md, then the
/// kinds declared beyond it ([`APPRAISAL`]).
pub static ALL: &[&ExtractSpec] = &[
    &ESR_WORKFORCE,
    &STAFF_SURVEY,
    &RECRUITMENT,
    &VACANCIES,
    &DISCIPLINARY,
    &TRAINING,
    &BOARD,
    &TALENT_POOL,
    &POPULATION,
    &APPRAISAL,
];

/// Looks a kind up by its folder name.
pub fn by_kind(kind: &str) -> Option<&'static ExtractSpec> {
    ALL.iter().copied().find(|s| s.kind == kind)
}

/// Bumped whenever a declaration changes what staging writes, so staged tables are rebuilt.
pub const SPEC_VERSION: u32 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_unique_snake_case_outputs_and_valid_rules() {
        for spec in ALL {
            let cols = spec.output_columns();
            let mut names: Vec<_> = cols.iter().map(|c| c.name).collect();
            for n in &names {
                assert!(
                    n.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{}: {n} is not snake_case",
                    spec.kind
                );
            }
            names.sort();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{}: duplicate output column", spec.kind);
            for rule in spec.rules {
                let referenced: Vec<&str> = match rule {
                    RowRule::Unique(c) | RowRule::DatesInOrder(c) => c.to_vec(),
                    RowRule::Implies { when, then } => vec![when, then],
                };
                for c in referenced {
                    assert!(spec.output_index(c).is_some(), "{}: rule names {c}", spec.kind);
                }
            }
            for c in spec.columns {
                if let ColumnType::AgeBand { at } = c.ty {
                    assert!(spec.output_index(at).is_some());
                }
            }
        }
        assert_eq!(
            ALL.len(),
            10,
            "EXTRACTS.md declares nine kinds; appraisal (issue 17) is the tenth"
        );
    }

    #[test]
    fn personal_columns_never_keep_their_header_name() {
        let esr = ESR_WORKFORCE.output_columns();
        for forbidden in ["employee_number", "assignment_number", "date_of_birth"] {
            assert!(esr.iter().all(|c| c.name != forbidden));
        }
        assert!(ESR_WORKFORCE.output_index("person_id").is_some());
        assert!(ESR_WORKFORCE.output_index("age_band").is_some());
        // Appraisal joins ESR through the same pseudonym, and never keeps the raw number.
        let employee = APPRAISAL.columns.iter().find(|c| c.header == "Employee Number");
        assert!(employee.is_some_and(|c| c.personal && matches!(c.ty, ColumnType::Pseudonym)));
        assert!(
            APPRAISAL
                .output_columns()
                .iter()
                .all(|c| c.name != "employee_number")
        );
        assert!(APPRAISAL.output_index("person_id").is_some());
    }
}
