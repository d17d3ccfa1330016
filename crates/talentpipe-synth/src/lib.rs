//! Deterministic synthetic input roots for `talentpipe generate`, tests and benchmarks.
//!
//! [`generate`] writes one folder per extract kind of `EXTRACTS.md` (`esr_workforce/`,
//! `staff_survey/`, ... `population/`), with exactly the contract's column headers, for a
//! set of NHS regions. The data are simulated, not sampled from anything real: a workforce
//! per region is created at the first snapshot and carried forward month by month (about 1%
//! of staff leave each month and are replaced in the same post), and every other extract is
//! derived from that simulated workforce so that the extracts join (employee numbers,
//! organisation codes, vacancy references) and the downstream metrics are meaningful:
//! BME share falls with seniority, BME staff report more harassment and discrimination,
//! White applicants are appointed from shortlisting more often, and so on.
//!
//! The extracts are as messy as real ones in the ways the metrics must handle:
//! - Late and missing ESR snapshots: in every region one organisation has not sent the last
//!   month (its latest snapshot is a month old), in half of them another has a month missing
//!   mid-history, and in regions of six organisations a third stopped two months before the
//!   end (more than 45 days old). An organisation's board and talent-pool snapshots are dated
//!   like its latest ESR snapshot; the latest snapshot of any organisation is always the last
//!   month.
//! - Critical (board-level) roles turn over at about 20% a year: a holder resigns, serves
//!   three to six months' notice (a known leaver: the seat is advertised while they are still
//!   in post, and ESR sets the termination date only in the month they leave), and is followed
//!   by a permanent successor, often after an interim (`Interim` = `Y` in ESR and on the board).
//!   ESR, board and vacancies agree on every seat.
//! - About half the boards keep members who left in the year listed, with their End Date,
//!   beside their successors.
//! - A vacancy is Filled once an offer is made, with its planned start date: some filled
//!   vacancies start after the last snapshot (they were open on it), critical seats included.
//!
//! Layout: `esr_workforce/<region>_<YYYY-MM>.csv` (one per region per snapshot month),
//! `staff_survey/<region>_<year>.csv` (end year and the year before), and
//! `<kind>/<region>.csv` for every other kind. ESR, board and talent-pool dates are
//! `DD/MM/YYYY`; recruitment, vacancy, disciplinary and training dates are ISO.
//!
//! Caveats:
//! - Determinism: the same [`GenerateOptions`] give byte-identical files. Every random
//!   stream is a `ChaCha8Rng` seeded from (seed, region, purpose), so the content of one
//!   extract kind does not depend on which other kinds or regions are generated, and the
//!   clean content does not depend on `dirty` (defects use their own streams).
//! - `people` is the size of each region's workforce at the first snapshot; it stays roughly
//!   constant because leavers are replaced. Each organisation always has its critical-role
//!   seats (one per [`CRITICAL_ROLES`] entry, held, interim or vacant) and one or two
//!   non-voting directors, even when `people` is tiny.
//! - Existing files in `out_dir` are overwritten when their names collide but never deleted.
//! - Defects (`dirty > 0`) each make exactly one row invalid under the contract, so a test
//!   can assert that ingest quarantines exactly [`GeneratedFile::dirty_rows`] rows per file.
//!   The first data row of a file is never made dirty, so no file is entirely invalid.
//! - Memory: one small struct per simulated person (all leavers and joiners are kept, so the
//!   other extracts can refer to them); ESR rows are streamed to the writer month by month.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use talentpipe_contract::codes::{CRITICAL_ROLES, PAY_BAND};

/// The nine extract kinds, in the order they are written (folder names under the root).
pub const KINDS: [&str; 9] = [
    "esr_workforce",
    "staff_survey",
    "recruitment",
    "vacancies",
    "disciplinary",
    "training",
    "board",
    "talent_pool",
    "population",
];

const K_ESR: usize = 0;
const K_SURVEY: usize = 1;
const K_RECRUITMENT: usize = 2;
const K_VACANCIES: usize = 3;
const K_DISCIPLINARY: usize = 4;
const K_TRAINING: usize = 5;
const K_BOARD: usize = 6;
const K_TALENT: usize = 7;
const K_POPULATION: usize = 8;

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
    /// Only these extract kinds (folder names of [`KINDS`]); `None` = all nine.
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

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateSummary {
    /// Every CSV written, in writing order (region, kind, month or year).
    pub files: Vec<GeneratedFile>,
}

/// One CSV written by [`generate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Extract kind (folder name), e.g. `esr_workforce`.
    pub kind: String,
    /// Full path of the file.
    pub path: PathBuf,
    /// Data rows written (header excluded, duplicated defect rows included).
    pub rows: u64,
    /// Rows given a defect: each is invalid under the contract, every other row is valid.
    pub dirty_rows: u64,
}

/// Why [`generate`] failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The options cannot be honoured (unknown region or kind, `dirty` outside 0..=1, ...).
    #[error("invalid generate option: {0}")]
    InvalidOption(String),
    /// A folder or file could not be created or written.
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        /// The folder or file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("cannot write CSV {}: {source}", .path.display())]
    Csv {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: csv::Error,
    },
}

type Result<T> = std::result::Result<T, GenerateError>;

// ---------------------------------------------------------------------------------------
// Headers (EXTRACTS.md, exact spelling)

const ESR_HEADER: [&str; 19] = [
    "Snapshot Date",
    "Employee Number",
    "Assignment Number",
    "Organisation Code",
    "Region Code",
    "Staff Group",
    "Job Role",
    "Critical Role",
    "Pay Band",
    "Ethnic Origin",
    "Gender",
    "Disability",
    "Date of Birth",
    "FTE",
    "Assignment Category",
    "Interim",
    "Start Date",
    "Termination Date",
    "Leaving Reason",
];
const SURVEY_HEADER: [&str; 13] = [
    "Survey Year",
    "Organisation Code",
    "Respondent ID",
    "Ethnic Group",
    "Gender",
    "Disability",
    "Staff Group",
    "harassment_public",
    "harassment_manager",
    "harassment_colleagues",
    "equal_opportunities",
    "discrimination_public",
    "discrimination_staff",
];
const RECRUITMENT_HEADER: [&str; 8] = [
    "Vacancy Reference",
    "Organisation Code",
    "Applicant ID",
    "Application Date",
    "Ethnic Origin",
    "Disability",
    "Shortlisted",
    "Appointed",
];
const VACANCY_HEADER: [&str; 15] = [
    "Vacancy Reference",
    "Organisation Code",
    "Region Code",
    "Staff Group",
    "Pay Band",
    "Job Role",
    "Critical Role",
    "FTE",
    "Advertised Date",
    "Closing Date",
    "Offer Date",
    "Start Date",
    "Status",
    "Interim Cover",
    "Times Advertised",
];
const DISCIPLINARY_HEADER: [&str; 5] = [
    "Case Reference",
    "Organisation Code",
    "Employee Number",
    "Ethnic Origin",
    "Date Entered Formal Process",
];
const TRAINING_HEADER: [&str; 5] = [
    "Employee Number",
    "Organisation Code",
    "Ethnic Origin",
    "Course Type",
    "Start Date",
];
const BOARD_HEADER: [&str; 13] = [
    "Organisation Code",
    "Member ID",
    "Role",
    "Critical Role",
    "Voting",
    "Executive",
    "Ethnic Origin",
    "Gender",
    "Disability",
    "Interim",
    "Start Date",
    "End Date",
    "Snapshot Date",
];
const TALENT_HEADER: [&str; 14] = [
    "Snapshot Date",
    "Employee Number",
    "Organisation Code",
    "Region Code",
    "Target Role",
    "Performance",
    "Potential",
    "Readiness",
    "Mobility",
    "Programme",
    "Ethnic Origin",
    "Gender",
    "Disability",
    "Clinical Background",
];
const POPULATION_HEADER: [&str; 3] = ["Region Code", "Ethnic Group", "Population"];

// ---------------------------------------------------------------------------------------
// Reference tables

/// A region the generator knows: its employee-number prefix, how diverse its workforce
/// and community are, and the letters its organisations' ODS codes use (disjoint per
/// region, so codes never collide across regions).
struct RegionInfo {
    code: &'static str,
    /// 1..=7: the leading digit of the region's 8-digit employee numbers.
    ordinal: u32,
    /// Multiplier on the national BME probabilities (London far more diverse).
    bme_factor: f64,
    org_letters: &'static [u8],
    /// Census-like resident population.
    population: u64,
    /// White, Mixed, Asian, Black, Other, per mille of `population`.
    mix: [u64; 5],
}

const REGIONS: [RegionInfo; 7] = [
    RegionInfo {
        code: "Y56",
        ordinal: 1,
        bme_factor: 1.6,
        org_letters: b"JYQ",
        population: 8_866_000,
        mix: [538, 57, 207, 135, 63],
    },
    RegionInfo {
        code: "Y58",
        ordinal: 2,
        bme_factor: 0.5,
        org_letters: b"ABD",
        population: 5_764_000,
        mix: [949, 18, 19, 8, 6],
    },
    RegionInfo {
        code: "Y59",
        ordinal: 3,
        bme_factor: 0.8,
        org_letters: b"TWX",
        population: 9_379_000,
        mix: [896, 28, 52, 15, 9],
    },
    RegionInfo {
        code: "Y60",
        ordinal: 4,
        bme_factor: 0.95,
        org_letters: b"LNK",
        population: 10_850_000,
        mix: [836, 29, 92, 30, 13],
    },
    RegionInfo {
        code: "Y61",
        ordinal: 5,
        bme_factor: 0.8,
        org_letters: b"GMC",
        population: 6_335_000,
        mix: [888, 26, 51, 25, 10],
    },
    RegionInfo {
        code: "Y62",
        ordinal: 6,
        bme_factor: 0.75,
        org_letters: b"VEF",
        population: 7_417_000,
        mix: [860, 20, 87, 20, 13],
    },
    RegionInfo {
        code: "Y63",
        ordinal: 7,
        bme_factor: 0.6,
        org_letters: b"HPRUS",
        population: 8_513_000,
        mix: [894, 18, 64, 12, 12],
    },
];

const POPULATION_GROUPS: [&str; 5] = ["White", "Mixed", "Asian", "Black", "Other"];

const GROUPS: [&str; 8] = [
    "Nursing and Midwifery Registered",
    "Administrative and Clerical",
    "Additional Clinical Services",
    "Allied Health Professionals",
    "Medical and Dental",
    "Estates and Ancillary",
    "Healthcare Scientists",
    "Add Prof Scientific and Technic",
];
/// Staff-group mix, per mille (NHS Digital workforce statistics, rounded).
const GROUP_WEIGHTS: [u32; 8] = [270, 250, 200, 80, 100, 60, 20, 20];
const G_NURSING: u8 = 0;
const G_ADMIN: u8 = 1;
const G_ADDCLIN: u8 = 2;
const G_AHP: u8 = 3;
const G_MEDICAL: u8 = 4;
const G_ESTATES: u8 = 5;
const G_HSCI: u8 = 6;

fn is_clinical(group: u8) -> bool {
    group != G_ADMIN && group != G_ESTATES
}

/// The pay band with index `i` in the contract's Pay Band list (Band 1 .. Band 9, VSM, Medical,
/// Non AfC: the `B_*` indices below and the per-band arrays follow that order).
fn band_name(i: u8) -> &'static str {
    PAY_BAND.codes[usize::from(i)].0
}
const B_5: u8 = 4;
const B_7: u8 = 6;
const B_8A: u8 = 7;
const B_8C: u8 = 9;
const B_VSM: u8 = 12;
const B_MEDICAL: u8 = 13;
const B_NON_AFC: u8 = 14;

/// Pay-band mix per staff group, per mille, in Pay Band order ([`band_name`]).
const BAND_WEIGHTS: [[u32; 15]; 8] = [
    // Nursing
    [0, 0, 0, 0, 455, 320, 150, 50, 15, 6, 3, 1, 0, 0, 0],
    // Admin & clerical
    [0, 180, 280, 210, 100, 80, 60, 35, 15, 8, 4, 2, 3, 0, 23],
    // Additional clinical services
    [0, 350, 450, 170, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    // AHP
    [0, 0, 0, 0, 250, 400, 250, 70, 20, 7, 3, 0, 0, 0, 0],
    // Medical and dental
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 0],
    // Estates and ancillary
    [50, 550, 200, 100, 50, 28, 12, 6, 3, 1, 0, 0, 0, 0, 0],
    // Healthcare scientists
    [0, 0, 30, 50, 150, 300, 290, 110, 45, 15, 10, 0, 0, 0, 0],
    // Add prof scientific and technical
    [0, 0, 50, 100, 150, 250, 240, 120, 55, 20, 10, 5, 0, 0, 0],
];

/// Probability that a person of each band is BME before the regional factor: about 30% of
/// Bands 2-5, 15% at 8a/8b, under 10% at 8c and above (WRES indicator 1 shape).
const BAND_BME: [f64; 15] = [
    0.30, 0.31, 0.30, 0.28, 0.33, 0.24, 0.19, 0.16, 0.13, 0.09, 0.08, 0.07, 0.07, 0.40, 0.20,
];

/// Number of critical (board-level) roles: the contract's list, [`CRITICAL_ROLES`].
const N_CRITICAL: usize = CRITICAL_ROLES.len();

/// The code of critical role number `crit` (1-based, as [`Person::crit`]).
fn critical_code(crit: u8) -> &'static str {
    CRITICAL_ROLES[crit as usize - 1].code
}

/// The job title (ESR Job Role and board Role, free text) and staff group of the holder of
/// critical role number `crit`: what the generator simulates, not part of the contract. The
/// title is the role's label except where trusts commonly use another one.
fn critical_job(crit: u8) -> (&'static str, u8) {
    let role = &CRITICAL_ROLES[crit as usize - 1];
    let title = match role.code {
        "HRD" => "Director of People",
        _ => role.label,
    };
    let group = match role.code {
        "DON" => G_NURSING,
        "MD" => G_MEDICAL,
        _ => G_ADMIN,
    };
    (title, group)
}

/// Board-level non-voting directors (ESR staff, band VSM).
const NON_VOTING_ROLES: [&str; 5] = [
    "Director of Strategy",
    "Director of Corporate Affairs",
    "Chief Information Officer",
    "Director of Estates and Facilities",
    "Director of Quality Governance",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Wres {
    White,
    Bme,
    Unknown,
}

/// ESR Ethnic Origin labels with their WRES group and relative weight within the group.
const ETHNIC: [(&str, Wres, u32); 26] = [
    ("A White - British", Wres::White, 800),
    ("B White - Irish", Wres::White, 30),
    ("C White - Any other White background", Wres::White, 90),
    ("C2 White - Northern Irish", Wres::White, 10),
    ("C3 White - Any other White background", Wres::White, 70),
    ("D Mixed - White & Black Caribbean", Wres::Bme, 20),
    ("E Mixed - White & Black African", Wres::Bme, 15),
    ("F Mixed - White & Asian", Wres::Bme, 20),
    ("G Mixed - Any other mixed background", Wres::Bme, 20),
    ("H Asian or Asian British - Indian", Wres::Bme, 230),
    ("J Asian or Asian British - Pakistani", Wres::Bme, 70),
    ("K Asian or Asian British - Bangladeshi", Wres::Bme, 30),
    (
        "L Asian or Asian British - Any other Asian background",
        Wres::Bme,
        60,
    ),
    ("L5 Asian or Asian British - Filipino", Wres::Bme, 60),
    ("M Black or Black British - Caribbean", Wres::Bme, 60),
    ("N Black or Black British - African", Wres::Bme, 200),
    (
        "P Black or Black British - Any other Black background",
        Wres::Bme,
        20,
    ),
    ("R Chinese", Wres::Bme, 25),
    ("S Any Other Ethnic Group", Wres::Bme, 40),
    ("S1 Any Other Ethnic Group - Arab", Wres::Bme, 15),
    ("Z Not Stated", Wres::Unknown, 50),
    ("", Wres::Unknown, 20),
    ("Prefer not to say", Wres::Unknown, 10),
    ("Not Stated", Wres::Unknown, 10),
    ("Unspecified", Wres::Unknown, 10),
    // Rare label with a subcode of the "any other" group, to exercise roll-up.
    ("S2 Any Other Ethnic Group - Latin American", Wres::Bme, 5),
];

/// Share of ESR records with an unknown ethnicity.
const P_ETHNIC_UNKNOWN: f64 = 0.04;

const GENDERS: [&str; 5] = ["Female", "Male", "Non-binary", "Not Known", ""];
const G_FEMALE: u8 = 0;
const G_MALE: u8 = 1;

const DISABILITIES: [(&str, u32); 6] = [
    ("Yes", 50),
    ("No", 800),
    ("Not Declared", 90),
    ("Unspecified", 35),
    ("Prefer Not To Answer", 10),
    ("", 15),
];

const CATEGORIES: [&str; 5] = ["Permanent", "Fixed Term Temp", "Bank", "Locum", "Honorary"];
const C_PERMANENT: u8 = 0;
const C_FIXED_TERM: u8 = 1;
const C_BANK: u8 = 2;
const C_LOCUM: u8 = 3;
const C_HONORARY: u8 = 4;

const LEAVING_REASONS: [(&str, u32); 16] = [
    ("Voluntary Resignation - Relocation", 180),
    ("Voluntary Resignation - Work Life Balance", 160),
    ("Voluntary Resignation - Promotion", 120),
    ("Voluntary Resignation - Better Reward Package", 60),
    ("Voluntary Resignation - Adult Dependants", 30),
    ("Voluntary Resignation - Child Dependants", 30),
    ("Voluntary Resignation - Health", 30),
    ("Voluntary Resignation - Lack of Opportunities", 30),
    ("Voluntary Resignation - Other/Not Known", 120),
    ("Employee Transfer", 40),
    ("Dismissal - Conduct", 10),
    ("Dismissal - Capability", 10),
    ("Mutually Agreed Resignation", 10),
    ("Death in Service", 3),
    // Chosen by rule (age, contract type), never by weight.
    ("Retirement Age", 0),
    ("End of Fixed Term Contract", 0),
];
const R_RETIREMENT: u8 = 14;
const R_END_FTC: u8 = 15;

const HARASSMENT_OTHER: [(&str, u32); 4] = [("1-2", 60), ("3-5", 22), ("6-10", 8), ("More than 10", 10)];

const PROGRAMMES: [&str; 6] = [
    "NHS Leadership Academy - Nye Bevan",
    "Aspiring Chief Executive",
    "Aspiring Directors of Nursing",
    "Stepping Up",
    "Regional Executive Development Programme",
    "Elizabeth Garrett Anderson",
];

/// A date that does not exist: the invalid-date defect.
const BAD_DATE: &str = "31/02/2025";
/// An ethnic code that is not an NHS category: the unknown-code defect.
const BAD_ETHNIC: &str = "Q Martian";

/// Job roles consistent with a staff group and band (free text in the contract).
fn role_pool(group: u8, band: u8) -> &'static [&'static str] {
    let tier = match band {
        0..=3 => 0,
        4..=5 => 1,
        6 => 2,
        7..=8 => 3,
        9..=11 => 4,
        12 => 5,
        _ => 6, // Non AfC (Medical handled separately)
    };
    match (group, tier) {
        (G_NURSING, 0 | 1) if band == B_5 => &[
            "Staff Nurse",
            "Staff Nurse",
            "Registered Midwife",
            "Community Nurse",
            "Mental Health Nurse",
        ],
        (G_NURSING, 0 | 1) => &[
            "Senior Staff Nurse",
            "Sister/Charge Nurse",
            "Specialist Nurse",
            "Midwife",
            "Health Visitor",
        ],
        (G_NURSING, 2) => &[
            "Ward Manager",
            "Advanced Nurse Practitioner",
            "Clinical Nurse Specialist",
            "Community Matron",
        ],
        (G_NURSING, 3) => &["Matron", "Lead Nurse", "Nurse Consultant"],
        (G_NURSING, _) => &[
            "Deputy Director of Nursing",
            "Associate Director of Nursing",
            "Head of Midwifery",
        ],
        (G_ADMIN, 0) => &[
            "Administrator",
            "Receptionist",
            "Medical Secretary",
            "Ward Clerk",
            "Finance Assistant",
            "HR Assistant",
            "Team Leader",
        ],
        (G_ADMIN, 1) => &[
            "Finance Officer",
            "HR Advisor",
            "Information Analyst",
            "Project Officer",
            "Executive Assistant",
            "Patient Services Officer",
        ],
        (G_ADMIN, 2) => &[
            "Business Manager",
            "Finance Manager",
            "HR Business Partner",
            "Project Manager",
            "Senior Information Analyst",
        ],
        (G_ADMIN, 3) => &[
            "Senior Service Manager",
            "Head of Procurement",
            "Head of Workforce Planning",
            "Financial Controller",
            "Head of Information",
        ],
        (G_ADMIN, 4) => &[
            "Associate Director of Operations",
            "Deputy Director of Finance",
            "Deputy Director of Workforce",
            "Associate Director of Strategy",
            "Head of Digital Services",
        ],
        (G_ADMIN, 5) => &["Director of Transformation", "Director of Communications"],
        (G_ADMIN, _) => &["Apprentice", "Chaplain", "Interpreter"],
        (G_ADDCLIN, 0) => &[
            "Healthcare Assistant",
            "Clinical Support Worker",
            "Maternity Support Worker",
            "Phlebotomist",
            "Therapy Assistant",
        ],
        (G_ADDCLIN, _) => &[
            "Nursing Associate",
            "Assistant Practitioner",
            "Trainee Nursing Associate",
        ],
        (G_AHP, 0 | 1) => &[
            "Physiotherapist",
            "Occupational Therapist",
            "Diagnostic Radiographer",
            "Speech and Language Therapist",
            "Dietitian",
            "Paramedic",
            "Podiatrist",
        ],
        (G_AHP, 2) => &[
            "Advanced Physiotherapist",
            "Specialist Occupational Therapist",
            "Advanced Practitioner Radiographer",
            "Clinical Lead Dietitian",
        ],
        (G_AHP, 3) => &[
            "Consultant Physiotherapist",
            "Head of Therapies",
            "Therapy Services Manager",
        ],
        (G_AHP, _) => &["Associate Director of Allied Health Professions"],
        (G_ESTATES, 0) => &[
            "Porter",
            "Domestic Assistant",
            "Catering Assistant",
            "Security Officer",
            "Housekeeper",
        ],
        (G_ESTATES, 1) => &[
            "Maintenance Technician",
            "Electrician",
            "Estates Officer",
            "Facilities Supervisor",
        ],
        (G_ESTATES, _) => &["Estates Manager", "Facilities Manager", "Head of Estates"],
        (G_HSCI, 0) => &[
            "Medical Laboratory Assistant",
            "Associate Practitioner (Pathology)",
        ],
        (G_HSCI, 1) => &[
            "Biomedical Scientist",
            "Clinical Physiologist",
            "Cardiac Physiologist",
        ],
        (G_HSCI, 2) => &["Senior Clinical Scientist", "Lead Biomedical Scientist"],
        (G_HSCI, _) => &["Consultant Clinical Scientist", "Head of Pathology"],
        // Add Prof Scientific and Technic (and anything unforeseen).
        (_, 0) => &[
            "Pharmacy Technician",
            "Pharmacy Assistant",
            "Assistant Psychologist",
        ],
        (_, 1 | 2) => &["Pharmacist", "Clinical Psychologist", "Counsellor"],
        (_, _) => &[
            "Lead Pharmacist",
            "Consultant Clinical Psychologist",
            "Chief Pharmacist",
        ],
    }
}

/// Medical and dental grades with their weights.
const MEDICAL_ROLES: [(&str, u32); 6] = [
    ("Consultant", 400),
    ("Specialty Doctor", 120),
    ("Specialty Registrar", 250),
    ("Foundation Year 1", 80),
    ("Foundation Year 2", 80),
    ("Clinical Fellow", 70),
];

fn is_doctor_in_training(role: &str) -> bool {
    matches!(
        role,
        "Specialty Registrar" | "Foundation Year 1" | "Foundation Year 2" | "Clinical Fellow"
    )
}

// ---------------------------------------------------------------------------------------
// Random helpers

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An independent, platform-stable stream for one (seed, region, purpose).
fn stream(seed: u64, region: &str, purpose: u64) -> ChaCha8Rng {
    let mut h = splitmix(seed);
    for b in region.bytes() {
        h = splitmix(h ^ u64::from(b));
    }
    ChaCha8Rng::seed_from_u64(splitmix(h ^ splitmix(purpose)))
}

// Stream purposes.
const P_ORGS: u64 = 1;
const P_WORKFORCE: u64 = 2;
const P_SUBMISSIONS: u64 = 3;
const P_KIND: u64 = 100;
const P_DIRT: u64 = 1_000_000;

fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}

fn weighted(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut r = rng.random_range(0..total.max(1));
    for (i, &w) in weights.iter().enumerate() {
        if r < w {
            return i;
        }
        r -= w;
    }
    weights.len() - 1
}

fn pick_weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut r = rng.random_range(0..total.max(1));
    for &(item, w) in items {
        if r < w {
            return item;
        }
        r -= w;
    }
    items[items.len() - 1].0
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// A uniform day in `lo..=hi` (or `lo` when the range is empty).
fn day_between(rng: &mut ChaCha8Rng, lo: i32, hi: i32) -> i32 {
    if hi <= lo { lo } else { rng.random_range(lo..=hi) }
}

/// Chooses an ethnic label for a WRES group.
fn draw_ethnic_in(rng: &mut ChaCha8Rng, group: Wres) -> u8 {
    let total: u32 = ETHNIC.iter().filter(|e| e.1 == group).map(|e| e.2).sum();
    let mut r = rng.random_range(0..total.max(1));
    for (i, e) in ETHNIC.iter().enumerate() {
        if e.1 != group {
            continue;
        }
        if r < e.2 {
            return i as u8;
        }
        r -= e.2;
    }
    0
}

/// Chooses an ethnic label given the probability of being BME (among known ethnicities).
fn draw_ethnic(rng: &mut ChaCha8Rng, p_bme: f64, p_unknown: f64) -> u8 {
    let u = rng.random::<f64>();
    let group = if u < p_unknown {
        Wres::Unknown
    } else if u < p_unknown + (1.0 - p_unknown) * p_bme.min(0.9) {
        Wres::Bme
    } else {
        Wres::White
    };
    draw_ethnic_in(rng, group)
}

fn draw_gender(rng: &mut ChaCha8Rng, p_female: f64) -> u8 {
    let u = rng.random::<f64>();
    if u < 0.002 {
        2
    } else if u < 0.005 {
        3
    } else if u < 0.007 {
        4
    } else if rng.random::<f64>() < p_female {
        G_FEMALE
    } else {
        G_MALE
    }
}

// ---------------------------------------------------------------------------------------
// Dates

/// Days since 1 January of year 1 (chrono's CE day number): cheap to store and compare.
fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn date(d: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(d)
        .expect("generated dates stay within years 1800..2300 (end_date is validated)")
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)?
        .checked_add_months(Months::new(1))?
        .pred_opt()
}

fn put2(buf: &mut [u8], v: u32) {
    buf[0] = b'0' + (v / 10 % 10) as u8;
    buf[1] = b'0' + (v % 10) as u8;
}

fn put4(buf: &mut [u8], v: u32) {
    buf[0] = b'0' + (v / 1000 % 10) as u8;
    buf[1] = b'0' + (v / 100 % 10) as u8;
    buf[2] = b'0' + (v / 10 % 10) as u8;
    buf[3] = b'0' + (v % 10) as u8;
}

/// `DD/MM/YYYY` (as ESR exports dates), without allocating.
fn fmt_dmy(d: i32, buf: &mut [u8; 10]) -> &str {
    let dt = date(d);
    put2(&mut buf[0..2], dt.day());
    buf[2] = b'/';
    put2(&mut buf[3..5], dt.month());
    buf[5] = b'/';
    put4(&mut buf[6..10], dt.year().unsigned_abs());
    std::str::from_utf8(buf).expect("ASCII digits and slashes")
}

fn dmy(d: i32) -> String {
    let mut b = [0u8; 10];
    fmt_dmy(d, &mut b).to_owned()
}

fn iso(d: i32) -> String {
    let dt = date(d);
    format!("{:04}-{:02}-{:02}", dt.year(), dt.month(), dt.day())
}

fn opt_iso(d: Option<i32>) -> String {
    d.map(iso).unwrap_or_default()
}

/// Decimal digits of `v`, without allocating.
fn fmt_u32(mut v: u32, buf: &mut [u8; 10]) -> &str {
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
fn fte_text(hundredths: u32) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Whole years between two days (age at `on` of someone born on `born`).
fn years_between(born: i32, on: i32) -> i32 {
    let (b, o) = (date(born), date(on));
    let mut y = o.year() - b.year();
    if (o.month(), o.day()) < (b.month(), b.day()) {
        y -= 1;
    }
    y
}

/// One monthly snapshot: the month's first and last day.
#[derive(Debug, Clone)]
struct Month {
    start: i32,
    end: i32,
    /// `YYYY-MM`, used in file names.
    label: String,
    /// The snapshot date as `DD/MM/YYYY`.
    end_dmy: String,
}

impl Month {
    fn of(end: NaiveDate) -> Self {
        let start = end.with_day(1).expect("day 1 exists in every month");
        Self {
            start: days(start),
            end: days(end),
            label: format!("{:04}-{:02}", end.year(), end.month()),
            end_dmy: dmy(days(end)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Output files and defects

/// A CSV being written: counts its rows and its dirty rows.
struct CsvFile {
    kind: &'static str,
    path: PathBuf,
    wtr: csv::Writer<BufWriter<File>>,
    rows: u64,
    dirty_rows: u64,
}

impl CsvFile {
    fn create(root: &Path, kind: &'static str, name: &str, header: &[&str]) -> Result<Self> {
        let dir = root.join(kind);
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
            kind,
            path,
            wtr,
            rows: 0,
            dirty_rows: 0,
        };
        out.wtr
            .write_record(header)
            .map_err(|source| GenerateError::Csv {
                path: out.path.clone(),
                source,
            })?;
        Ok(out)
    }

    fn write<I, T>(&mut self, record: I, dirty: bool) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.wtr
            .write_record(record)
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

    fn finish(mut self) -> Result<GeneratedFile> {
        self.wtr.flush().map_err(|source| GenerateError::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(GeneratedFile {
            kind: self.kind.to_owned(),
            path: self.path,
            rows: self.rows,
            dirty_rows: self.dirty_rows,
        })
    }
}

/// A realistic defect that makes exactly one row invalid under the contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Defect {
    /// A date that does not exist (`31/02/2025`).
    BadDate,
    /// An ethnic code that is not an NHS category (`Q Martian`).
    UnknownEthnic,
    /// An empty Organisation Code.
    EmptyOrg,
    /// An empty Pay Band.
    EmptyBand,
    /// FTE `0`.
    FteZero,
    /// FTE `1.5` on an ESR assignment.
    FteHigh,
    /// An exact copy of the previous ESR row (same snapshot and assignment).
    Duplicate,
    /// Vacancy closing date before its advertised date.
    DatesOutOfOrder,
    /// `Appointed` = `Y` with `Shortlisted` = `N`.
    AppointedNotShortlisted,
}

/// Decides which rows of one file get a defect: its own stream, never the first data row.
struct Dirt {
    rng: ChaCha8Rng,
    rate: f64,
    first_done: bool,
}

impl Dirt {
    fn new(seed: u64, region: &str, kind: usize, file: u64, rate: f64) -> Self {
        let purpose = P_DIRT + kind as u64 * 100_000 + file;
        Self {
            rng: stream(seed, region, purpose),
            rate,
            first_done: false,
        }
    }

    /// The defect for the next row, if any, among the defects applicable to it.
    fn next(&mut self, options: &[Defect]) -> Option<Defect> {
        if !self.first_done {
            self.first_done = true;
            return None;
        }
        if self.rate <= 0.0 || options.is_empty() || !chance(&mut self.rng, self.rate) {
            return None;
        }
        Some(pick(&mut self.rng, options))
    }
}

// ---------------------------------------------------------------------------------------
// Options, validated

struct Plan {
    seed: u64,
    regions: Vec<&'static RegionInfo>,
    people: usize,
    kinds: [bool; 9],
    months: Vec<Month>,
    dirty: f64,
}

impl Plan {
    fn new(opts: &GenerateOptions) -> Result<Self> {
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
        let mut kinds = [false; 9];
        match &opts.kinds {
            None => kinds = [true; 9],
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

    fn last(&self) -> &Month {
        self.months.last().expect("months >= 1 is validated")
    }

    /// First and last day of the month `i` months after the first snapshot month; `i` may be
    /// beyond the last snapshot (a hire planned after the extracts were taken).
    fn month_span(&self, i: usize) -> (i32, i32) {
        let start = date(self.months[0].start)
            .checked_add_months(Months::new(i as u32))
            .expect("a few months after a validated month is a valid date");
        let end = month_end(start.year(), start.month()).expect("a valid month has an end");
        (days(start), days(end))
    }

    /// Months from the first snapshot month to the month of `day` (0 for earlier days).
    fn month_index(&self, day: i32) -> usize {
        let (first, d) = (date(self.months[0].start), date(day));
        let n = (d.year() - first.year()) * 12 + d.month() as i32 - first.month() as i32;
        n.max(0) as usize
    }

    /// The month-end `back` months before the last snapshot.
    fn months_before_last(&self, back: u32) -> Month {
        let last = date(self.last().end);
        let end = last
            .with_day(1)
            .and_then(|d| d.checked_sub_months(Months::new(back)))
            .and_then(|d| month_end(d.year(), d.month()))
            .expect("a few months before a date in 1950..=2200 is a valid month");
        Month::of(end)
    }
}

// ---------------------------------------------------------------------------------------
// The simulated workforce

/// One person (ESR employee) with at most two assignments. Kept small: one per simulated
/// person is held in memory for the whole run of a region.
#[derive(Debug, Clone, Copy)]
struct Person {
    emp_no: u32,
    dob: i32,
    start: i32,
    start2: i32,
    /// Termination day, 0 while in post.
    term: i32,
    role: &'static str,
    org: u8,
    group: u8,
    band: u8,
    /// 0 = none, else index into [`CRITICAL_ROLES`] + 1.
    crit: u8,
    /// 0 = none, else the organisation's non-voting board seat number (1 or 2).
    nv_seat: u8,
    ethnic: u8,
    gender: u8,
    disability: u8,
    cat: u8,
    cat2: u8,
    /// FTE of assignment 1 in hundredths.
    fte: u8,
    /// FTE of assignment 2 in hundredths; 0 = no second assignment.
    fte2: u8,
    interim: bool,
    reason: u8,
}

impl Person {
    /// Has a row in the snapshot of `m` (in post at some point of the month).
    fn present(&self, m: &Month) -> bool {
        self.start <= m.end && (self.term == 0 || self.term >= m.start)
    }

    /// In post at the end of `m` (not leaving within it).
    fn in_post_at_end(&self, m: &Month) -> bool {
        self.start <= m.end && (self.term == 0 || self.term > m.end)
    }

    fn wres(&self) -> Wres {
        ETHNIC[self.ethnic as usize].1
    }

    fn ethnic_label(&self) -> &'static str {
        ETHNIC[self.ethnic as usize].0
    }

    fn is_substantive(&self) -> bool {
        !matches!(self.cat, C_BANK | C_LOCUM | C_HONORARY)
    }
}

/// Monthly chance that a substantive critical-role holder resigns: about 20% a year, the
/// turnover of NHS trust executive directors (NHS Providers and King's Fund board studies
/// put their average tenure at three to five years, chief executives' nearer three).
const P_CRITICAL_RESIGN: f64 = 0.018;

/// A post: what a replacement joiner inherits from a leaver.
#[derive(Debug, Clone, Copy)]
struct Post {
    org: u8,
    group: u8,
    band: u8,
    role: &'static str,
    crit: u8,
    nv_seat: u8,
}

/// When a new person's assignment started.
#[derive(Clone, Copy)]
enum Begin {
    /// Already in post before the first snapshot month (which starts on this day).
    Before(i32),
    /// Joined on this day.
    On(i32),
}

/// A critical-role hire waiting for its month (which may be after the last snapshot: then it
/// never happens in the simulation, but its planned dates are the vacancy's).
#[derive(Debug, Clone, Copy)]
struct Pending {
    /// Month index from the first snapshot month.
    month: usize,
    org: u8,
    crit: u8,
    interim: bool,
    /// Planned start day of a permanent appointment (an interim's is drawn in its month).
    start: i32,
}

/// The vacancy advertised for a critical-role seat: its holder resigned, or an interim held it
/// at the first snapshot. Offer and start are the planned permanent appointment's, possibly
/// after the last snapshot.
#[derive(Debug, Clone, Copy)]
struct CritVacancy {
    org: u8,
    crit: u8,
    advertised: i32,
    closing: i32,
    offer: i32,
    start: i32,
    interim_cover: bool,
    times: u8,
}

struct Workforce<'p> {
    plan: &'p Plan,
    region: &'static RegionInfo,
    orgs: Vec<String>,
    org_weights: Vec<u32>,
    /// Whether each organisation sent each month's ESR snapshot ([`submissions`]).
    sent: Vec<Vec<bool>>,
    /// Each organisation's latest month sent: its board and talent-pool snapshots' month too.
    latest_sent: Vec<usize>,
    rng: ChaCha8Rng,
    persons: Vec<Person>,
    /// Current holder of each critical role, per organisation (index into `persons`).
    holders: Vec<[Option<usize>; N_CRITICAL]>,
    pending: Vec<Pending>,
    crit_vacancies: Vec<CritVacancy>,
    hired: u64,
    serial_offset: u64,
}

/// ODS-like organisation codes and relative sizes for a region (3 characters: `R` +
/// a region-specific letter or the region digit + one more character).
fn organisations(seed: u64, region: &RegionInfo) -> (Vec<String>, Vec<u32>) {
    const ALNUM: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = stream(seed, region.code, P_ORGS);
    let n = rng.random_range(4..=6usize);
    let mut codes: Vec<String> = Vec::new();
    while codes.len() < n {
        let code = if chance(&mut rng, 0.25) {
            format!("R{}{}", region.ordinal, pick(&mut rng, LETTERS) as char)
        } else {
            format!(
                "R{}{}",
                pick(&mut rng, region.org_letters) as char,
                pick(&mut rng, ALNUM) as char
            )
        };
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let weights = (0..n).map(|_| rng.random_range(50..=150u32)).collect();
    (codes, weights)
}

/// Which monthly ESR snapshots each organisation sent (`[org][month]`), as a region sees them
/// when its extract is taken at the last snapshot: every organisation sends every month except
/// - one organisation (when there are two or more, and two or more months) that has not sent
///   the last month yet: its latest snapshot is one month old;
/// - occasionally (half the regions, four or more months) another organisation that never
///   sent one month in the middle of the history;
/// - in a region of six organisations (a larger region; three or more months), a third one
///   that stopped two months ago, so its latest snapshot is more than 45 days old.
///
/// At least one organisation of every region sends the last month, so the latest snapshot of
/// any organisation is always the last month. The organisation's board and talent-pool
/// snapshots are dated like its latest ESR snapshot.
fn submissions(seed: u64, region: &RegionInfo, n_orgs: usize, months: usize) -> Vec<Vec<bool>> {
    let mut sent = vec![vec![true; months]; n_orgs];
    let mut rng = stream(seed, region.code, P_SUBMISSIONS);
    if n_orgs < 2 || months < 2 {
        return sent;
    }
    let mut order: Vec<usize> = (0..n_orgs).collect();
    for k in 0..order.len() {
        let j = rng.random_range(k..order.len());
        order.swap(k, j);
    }
    sent[order[0]][months - 1] = false;
    if months >= 4 && n_orgs >= 3 && chance(&mut rng, 0.5) {
        let gap = rng.random_range(1..=months - 2);
        sent[order[1]][gap] = false;
    }
    if n_orgs >= 6 && months >= 3 {
        sent[order[2]][months - 1] = false;
        sent[order[2]][months - 2] = false;
    }
    sent
}

impl<'p> Workforce<'p> {
    fn new(plan: &'p Plan, region: &'static RegionInfo) -> Self {
        let (orgs, org_weights) = organisations(plan.seed, region);
        let mut rng = stream(plan.seed, region.code, P_WORKFORCE);
        let serial_offset = rng.random_range(0..10_000_000u64);
        let holders = vec![[None; N_CRITICAL]; orgs.len()];
        let sent = submissions(plan.seed, region, orgs.len(), plan.months.len());
        let latest_sent = sent
            .iter()
            .map(|s| s.iter().rposition(|&x| x).unwrap_or(0))
            .collect();
        Self {
            plan,
            region,
            orgs,
            org_weights,
            sent,
            latest_sent,
            rng,
            persons: Vec::new(),
            holders,
            pending: Vec::new(),
            crit_vacancies: Vec::new(),
            hired: 0,
            serial_offset,
        }
    }

    /// A new 8-digit employee number: the region digit then a permuted serial, so numbers
    /// never collide across regions and do not look sequential.
    fn next_emp_no(&mut self) -> Result<u32> {
        if self.hired >= 10_000_000 {
            return Err(GenerateError::InvalidOption(format!(
                "region {} needs more than 10,000,000 employee numbers: lower people or months",
                self.region.code
            )));
        }
        // 7_654_321 is coprime with 10^7, so this is a bijection on 0..10^7.
        let serial = (self.hired * 7_654_321 + self.serial_offset) % 10_000_000;
        self.hired += 1;
        Ok(self.region.ordinal * 10_000_000 + serial as u32)
    }

    fn draw_post(&mut self, org: u8) -> Post {
        let rng = &mut self.rng;
        let group = weighted(rng, &GROUP_WEIGHTS) as u8;
        let band = weighted(rng, &BAND_WEIGHTS[group as usize]) as u8;
        let role = if band == B_MEDICAL {
            pick_weighted(rng, &MEDICAL_ROLES)
        } else {
            pick(rng, role_pool(group, band))
        };
        Post {
            org,
            group,
            band,
            role,
            crit: 0,
            nv_seat: 0,
        }
    }

    fn make_person(&mut self, post: Post, begin: Begin, interim: bool) -> Result<Person> {
        let emp_no = self.next_emp_no()?;
        let last_end = self.plan.last().end;
        let factor = self.region.bme_factor;
        let rng = &mut self.rng;
        let (group, band, role) = (post.group, post.band, post.role);
        let senior = post.crit > 0 || post.nv_seat > 0 || (B_8C..=B_VSM).contains(&band);

        let ethnic = draw_ethnic(rng, BAND_BME[band as usize] * factor, P_ETHNIC_UNKNOWN);
        let base_female = [0.89, 0.78, 0.80, 0.82, 0.48, 0.45, 0.62, 0.66][group as usize];
        let seniority = match band {
            7 | 8 => 0.92,
            9..=11 => 0.8,
            12 => 0.7,
            _ => 1.0,
        };
        let gender = draw_gender(rng, base_female * seniority);
        let disability = weighted(rng, &DISABILITIES.map(|d| d.1)) as u8;

        // Age at the reference day, capped so nobody is over 68 at the last snapshot.
        let ref_day = match begin {
            Begin::Before(d) | Begin::On(d) => d,
        };
        let (lo, hi): (u32, u32) = if band == B_MEDICAL && post.crit == 0 {
            match role {
                "Foundation Year 1" => (23, 28),
                "Foundation Year 2" => (24, 30),
                "Specialty Registrar" => (27, 40),
                "Clinical Fellow" => (26, 40),
                "Specialty Doctor" => (30, 64),
                _ => (33, 67),
            }
        } else if senior {
            (36, 64)
        } else {
            match band {
                0..=2 | 14 => (18, 66),
                3 => (20, 66),
                4 | 5 => (22, 65),
                6 => (27, 65),
                _ => (30, 65),
            }
        };
        let years_left = ((last_end - ref_day) / 366).max(0) as u32;
        let hi = hi.min(67u32.saturating_sub(years_left)).max(lo);
        let span = hi - lo;
        let age = lo + (rng.random_range(0..=span) + rng.random_range(0..=span)) / 2;
        let dob = date(ref_day)
            .checked_sub_months(Months::new(age * 12 + rng.random_range(0..12u32)))
            .map(days)
            .expect("birth dates stay within years 1800..2300")
            - rng.random_range(0..28);

        let cat = if post.crit > 0 {
            if interim { C_FIXED_TERM } else { C_PERMANENT }
        } else if post.nv_seat > 0 {
            C_PERMANENT
        } else if band == B_MEDICAL {
            if is_doctor_in_training(role) {
                pick_weighted(
                    rng,
                    &[(C_FIXED_TERM, 85), (C_LOCUM, 10), (C_BANK, 5), (C_PERMANENT, 0)],
                )
            } else {
                pick_weighted(
                    rng,
                    &[(C_PERMANENT, 88), (C_LOCUM, 8), (C_BANK, 2), (C_HONORARY, 2)],
                )
            }
        } else {
            pick_weighted(
                rng,
                &[
                    (C_PERMANENT, 860),
                    (C_FIXED_TERM, 80),
                    (C_BANK, 55),
                    (C_HONORARY, 5),
                ],
            )
        };

        let start = match begin {
            Begin::On(d) => d,
            Begin::Before(first) => {
                let adult = date(dob)
                    .checked_add_months(Months::new(18 * 12))
                    .map(days)
                    .expect("18th birthdays stay within years 1800..2300");
                let max_tenure = (first - adult).max(1);
                let u = rng.random::<f64>();
                if post.crit > 0 && interim {
                    // Interim cover lasts months, not years.
                    first - 30 - (u * 240.0) as i32
                } else if post.crit > 0 || post.nv_seat > 0 {
                    first - 30 - (u.powf(1.5) * f64::from(max_tenure.min(2900))) as i32
                } else {
                    first - 1 - (u * u * f64::from(max_tenure.min(9000))) as i32
                }
            }
        };

        let mut fte: u8 = if post.crit > 0 || post.nv_seat > 0 {
            100
        } else if cat == C_BANK {
            rng.random_range(10..=60u8)
        } else if chance(rng, if band == B_MEDICAL { 0.85 } else { 0.62 }) {
            100
        } else {
            pick(rng, &[40u8, 50, 53, 60, 64, 67, 75, 80, 87, 93])
        };
        let (mut fte2, mut cat2, mut start2) = (0u8, cat, start);
        if post.crit == 0 && post.nv_seat == 0 && cat != C_BANK && fte >= 20 && chance(rng, 0.05) {
            let first = rng.random_range(10..=fte - 10);
            fte2 = fte - first;
            fte = first;
            cat2 = if chance(rng, 0.5) { C_BANK } else { cat };
            start2 = match begin {
                Begin::On(d) => d,
                Begin::Before(first_month) => day_between(rng, start, first_month - 1),
            };
        }
        let interim = interim || (post.crit == 0 && senior && chance(rng, 0.04));
        Ok(Person {
            emp_no,
            dob,
            start,
            start2,
            term: 0,
            role,
            org: post.org,
            group,
            band,
            crit: post.crit,
            nv_seat: post.nv_seat,
            ethnic,
            gender,
            disability,
            cat,
            cat2,
            fte,
            fte2,
            interim,
            reason: 0,
        })
    }

    fn crit_post(org: u8, crit: u8) -> Post {
        let (role, group) = critical_job(crit);
        Post {
            org,
            group,
            band: B_VSM,
            role,
            crit,
            nv_seat: 0,
        }
    }

    /// The workforce at the start of the first snapshot month.
    fn populate(&mut self) -> Result<()> {
        let first = self.plan.months[0].start;
        let n_orgs = self.orgs.len() as u8;
        for org in 0..n_orgs {
            for crit in 1..=N_CRITICAL as u8 {
                let interim = chance(&mut self.rng, 0.1);
                let p = self.make_person(Self::crit_post(org, crit), Begin::Before(first), interim)?;
                let i = self.persons.len();
                self.holders[org as usize][crit as usize - 1] = Some(i);
                self.persons.push(p);
                if interim {
                    // Held by an interim since before the first snapshot: the permanent
                    // appointment comes within the first six months.
                    let rng = &mut self.rng;
                    let advertised = first - rng.random_range(30..=150);
                    let closing = advertised + rng.random_range(21..=35);
                    let times = pick_weighted(rng, &[(1u8, 60), (2, 30), (3, 10)]);
                    let month = rng.random_range(1..=6usize);
                    self.plan_critical_hires(org, crit, (advertised, closing, times), true, None, month);
                } else if chance(&mut self.rng, P_CRITICAL_RESIGN * 4.5) {
                    // Resigned before the first snapshot and serving notice (about 4.5 months
                    // on average, so this share keeps the number serving notice steady).
                    let lead = (first - p.start - 1).clamp(1, 90);
                    let resign = first - self.rng.random_range(1..=lead);
                    self.critical_resigns(i, resign);
                }
            }
            let seats = self.rng.random_range(1..=2u8);
            let first_role = self.rng.random_range(0..NON_VOTING_ROLES.len());
            for seat in 1..=seats {
                let role = NON_VOTING_ROLES[(first_role + seat as usize) % NON_VOTING_ROLES.len()];
                let post = Post {
                    org,
                    group: G_ADMIN,
                    band: B_VSM,
                    role,
                    crit: 0,
                    nv_seat: seat,
                };
                let p = self.make_person(post, Begin::Before(first), false)?;
                self.persons.push(p);
            }
        }
        let rest = self.plan.people.saturating_sub(self.persons.len());
        self.persons.reserve(rest + rest / 8);
        let weights = self.org_weights.clone();
        for _ in 0..rest {
            let org = weighted(&mut self.rng, &weights) as u8;
            let post = self.draw_post(org);
            let p = self.make_person(post, Begin::Before(first), false)?;
            self.persons.push(p);
        }
        Ok(())
    }

    fn leaving_reason(&mut self, p: &Person, term: i32) -> u8 {
        let rng = &mut self.rng;
        if (p.cat == C_FIXED_TERM || p.interim && p.crit > 0) && chance(rng, 0.6) {
            return R_END_FTC;
        }
        if years_between(p.dob, term) >= 60 && chance(rng, 0.55) {
            return R_RETIREMENT;
        }
        weighted(rng, &LEAVING_REASONS.map(|r| r.1)) as u8
    }

    /// One month of turnover: due critical-role hires, then leavers (about 1%), each
    /// replaced in the same post by a joiner starting within the month, and resignations of
    /// substantive critical-role holders ([`P_CRITICAL_RESIGN`], who leave after notice).
    fn advance(&mut self, m: usize) -> Result<()> {
        let (ms, me) = (self.plan.months[m].start, self.plan.months[m].end);
        let due: Vec<Pending> = self.pending.iter().filter(|p| p.month == m).copied().collect();
        self.pending.retain(|p| p.month != m);
        for hire in due {
            self.hire_critical(hire, ms, me)?;
        }

        let existing = self.persons.len();
        for i in 0..existing {
            let p = self.persons[i];
            if p.term != 0 || p.start >= ms || (p.crit > 0 && p.interim) {
                continue;
            }
            let monthly = if p.crit > 0 {
                P_CRITICAL_RESIGN
            } else {
                match p.cat {
                    C_FIXED_TERM => 0.03,
                    C_BANK => 0.015,
                    C_LOCUM => 0.04,
                    C_HONORARY => 0.01,
                    _ => 0.0085,
                }
            };
            if !chance(&mut self.rng, monthly) {
                continue;
            }
            if p.crit > 0 {
                let resign = day_between(&mut self.rng, ms, me);
                self.critical_resigns(i, resign);
                continue;
            }
            let term = day_between(&mut self.rng, ms, me);
            let reason = self.leaving_reason(&p, term);
            self.persons[i].term = term;
            self.persons[i].reason = reason;
            let post = Post {
                org: p.org,
                group: p.group,
                band: p.band,
                role: p.role,
                crit: 0,
                nv_seat: p.nv_seat,
            };
            let day = day_between(&mut self.rng, ms, me);
            let joiner = self.make_person(post, Begin::On(day), false)?;
            self.persons.push(joiner);
        }
        Ok(())
    }

    /// Substantive critical-role holder `i` resigns on `resign` and leaves after three to six
    /// months' notice (a known leaver still in post meanwhile: ESR shows the termination date
    /// only in the month they leave). The seat is advertised within a month of the
    /// resignation; the permanent successor starts one to eight months after the leaving
    /// month, with an interim from the month after leaving for most gaps of three months or
    /// more.
    fn critical_resigns(&mut self, i: usize, resign: i32) {
        let p = self.persons[i];
        let term = resign + self.rng.random_range(90..=180);
        let reason = self.leaving_reason(&p, term);
        self.persons[i].term = term;
        self.persons[i].reason = reason;
        let term_month = self.plan.month_index(term);
        let rng = &mut self.rng;
        let advertised = resign + rng.random_range(0..=30);
        let closing = advertised + rng.random_range(21..=35);
        let times = pick_weighted(rng, &[(1u8, 60), (2, 30), (3, 10)]);
        let wait = rng.random_range(1..=8usize);
        let interim_month = (wait >= 3 && chance(rng, 0.7)).then_some(term_month + 1);
        let covered = interim_month.is_some_and(|m| m < self.plan.months.len());
        self.plan_critical_hires(
            p.org,
            p.crit,
            (advertised, closing, times),
            covered,
            interim_month,
            term_month + wait,
        );
    }

    /// Records the vacancy for a critical seat and schedules its hires: an interim in
    /// `interim_month` if any, the permanent successor on a planned day of `month`, offered
    /// 30-90 days before (not before the closing date). `interim_cover`: an interim holds the
    /// seat by the last snapshot.
    fn plan_critical_hires(
        &mut self,
        org: u8,
        crit: u8,
        (advertised, closing, times): (i32, i32, u8),
        interim_cover: bool,
        interim_month: Option<usize>,
        month: usize,
    ) {
        let (ms, me) = self.plan.month_span(month);
        let start = day_between(&mut self.rng, ms + 1, me);
        let offer = (start - self.rng.random_range(30..=90)).max(closing);
        self.crit_vacancies.push(CritVacancy {
            org,
            crit,
            advertised,
            closing,
            offer,
            start,
            interim_cover,
            times,
        });
        if let Some(m) = interim_month {
            self.pending.push(Pending {
                month: m,
                org,
                crit,
                interim: true,
                start: 0,
            });
        }
        self.pending.push(Pending {
            month,
            org,
            crit,
            interim: false,
            start,
        });
    }

    fn hire_critical(&mut self, hire: Pending, ms: i32, me: i32) -> Result<()> {
        let slot = (hire.org as usize, hire.crit as usize - 1);
        let post = Self::crit_post(hire.org, hire.crit);
        if hire.interim {
            let start = day_between(&mut self.rng, ms, me);
            let p = self.make_person(post, Begin::On(start), true)?;
            self.holders[slot.0][slot.1] = Some(self.persons.len());
            self.persons.push(p);
            return Ok(());
        }
        let start = hire.start;
        if let Some(h) = self.holders[slot.0][slot.1] {
            let holder = &mut self.persons[h];
            if holder.interim && holder.term == 0 {
                holder.term = start - 1;
                holder.reason = R_END_FTC;
            }
        }
        let p = self.make_person(post, Begin::On(start), false)?;
        self.holders[slot.0][slot.1] = Some(self.persons.len());
        self.persons.push(p);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Entry point

/// Writes a synthetic input root under `out_dir`: `<out_dir>/<kind>/*.csv` for the chosen
/// kinds and regions. ESR has one file per region per snapshot month
/// (`esr_workforce/Y56_2026-10.csv`), the staff survey one per region per survey year
/// (`staff_survey/Y56_2026.csv`, for the end year and the year before), every other kind
/// one per region (`vacancies/Y56.csv`; the board file holds each organisation's latest
/// snapshot and the one twelve months before the last). Organisations that sent no ESR
/// snapshot for a month have no rows in that month's file.
///
/// Deterministic: the same options give byte-identical files.
pub fn generate(
    opts: &GenerateOptions,
    out_dir: &Path,
) -> std::result::Result<GenerateSummary, GenerateError> {
    let plan = Plan::new(opts)?;
    let mut files = Vec::new();
    for &region in &plan.regions {
        generate_region(&plan, region, out_dir, &mut files)?;
    }
    Ok(GenerateSummary { files })
}

fn generate_region(
    plan: &Plan,
    region: &'static RegionInfo,
    root: &Path,
    files: &mut Vec<GeneratedFile>,
) -> Result<()> {
    let needs_workforce = plan.kinds[..K_POPULATION].iter().any(|&k| k);
    if needs_workforce {
        let mut wf = Workforce::new(plan, region);
        wf.populate()?;
        for m in 0..plan.months.len() {
            wf.advance(m)?;
            if plan.kinds[K_ESR] {
                files.push(write_esr_month(&wf, m, root)?);
            }
        }
        if plan.kinds[K_SURVEY] {
            for (i, back) in [12u32, 0].into_iter().enumerate() {
                files.push(write_survey(&wf, i as u64, back, root)?);
            }
        }
        let vacancies = if plan.kinds[K_RECRUITMENT] || plan.kinds[K_VACANCIES] {
            build_vacancies(&wf)
        } else {
            Vec::new()
        };
        if plan.kinds[K_RECRUITMENT] {
            files.push(write_recruitment(&wf, &vacancies, root)?);
        }
        if plan.kinds[K_VACANCIES] {
            files.push(write_vacancies(&wf, &vacancies, root)?);
        }
        if plan.kinds[K_DISCIPLINARY] {
            files.push(write_disciplinary(&wf, root)?);
        }
        if plan.kinds[K_TRAINING] {
            files.push(write_training(&wf, root)?);
        }
        if plan.kinds[K_BOARD] {
            files.push(write_board(&wf, root)?);
        }
        if plan.kinds[K_TALENT] {
            files.push(write_talent_pool(&wf, root)?);
        }
    }
    if plan.kinds[K_POPULATION] {
        files.push(write_population(region, root)?);
    }
    Ok(())
}

fn kind_rng(wf: &Workforce, kind: usize, sub: u64) -> ChaCha8Rng {
    stream(wf.plan.seed, wf.region.code, P_KIND + kind as u64 * 1000 + sub)
}

// ---------------------------------------------------------------------------------------
// esr_workforce

const ESR_DEFECTS: [Defect; 7] = [
    Defect::BadDate,
    Defect::UnknownEthnic,
    Defect::EmptyOrg,
    Defect::EmptyBand,
    Defect::FteZero,
    Defect::FteHigh,
    Defect::Duplicate,
];

fn write_esr_month(wf: &Workforce, m: usize, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let month = &plan.months[m];
    let name = format!("{}_{}.csv", wf.region.code, month.label);
    let mut out = CsvFile::create(root, KINDS[K_ESR], &name, &ESR_HEADER)?;
    let mut dirt = Dirt::new(plan.seed, wf.region.code, K_ESR, m as u64, plan.dirty);
    let fte_texts: Vec<String> = (0..=100).map(fte_text).collect();
    let snap = month.end_dmy.as_str();
    let region = wf.region.code;

    let (mut b_emp, mut b_dob, mut b_start, mut b_term) = ([0u8; 10], [0u8; 10], [0u8; 10], [0u8; 10]);
    let mut asg = String::with_capacity(12);
    // Organisations that have not sent this month (late or missing) have no rows in it.
    let persons = wf
        .persons
        .iter()
        .filter(|p| p.present(month) && wf.sent[p.org as usize][m]);
    for p in persons {
        let emp = fmt_u32(p.emp_no, &mut b_emp);
        let dob = fmt_dmy(p.dob, &mut b_dob);
        // Only in the month they leave: a known leaver serving notice has none yet.
        let (term, reason) = if p.term != 0 && p.term <= month.end {
            (fmt_dmy(p.term, &mut b_term), LEAVING_REASONS[p.reason as usize].0)
        } else {
            ("", "")
        };
        let assignments = if p.fte2 > 0 { 2 } else { 1 };
        for k in 1..=assignments {
            asg.clear();
            asg.push_str(emp);
            asg.push_str(if k == 1 { "-1" } else { "-2" });
            let (fte, cat, start) = if k == 1 {
                (p.fte, p.cat, p.start)
            } else {
                (p.fte2, p.cat2, p.start2)
            };
            let start = fmt_dmy(start, &mut b_start);
            let crit = if p.crit > 0 { critical_code(p.crit) } else { "" };
            let mut rec: [&str; 19] = [
                snap,
                emp,
                &asg,
                &wf.orgs[p.org as usize],
                region,
                GROUPS[p.group as usize],
                p.role,
                crit,
                band_name(p.band),
                p.ethnic_label(),
                GENDERS[p.gender as usize],
                DISABILITIES[p.disability as usize].0,
                dob,
                &fte_texts[fte as usize],
                CATEGORIES[cat as usize],
                if p.interim { "Y" } else { "N" },
                start,
                term,
                reason,
            ];
            match dirt.next(&ESR_DEFECTS) {
                None => out.write(rec, false)?,
                Some(Defect::Duplicate) => {
                    out.write(rec, false)?;
                    out.write(rec, true)?;
                }
                Some(defect) => {
                    match defect {
                        Defect::BadDate => rec[16] = BAD_DATE,
                        Defect::UnknownEthnic => rec[9] = BAD_ETHNIC,
                        Defect::EmptyOrg => rec[3] = "",
                        Defect::EmptyBand => rec[8] = "",
                        Defect::FteZero => rec[13] = "0",
                        _ => rec[13] = "1.5",
                    }
                    out.write(rec, true)?;
                }
            }
        }
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------
// staff_survey

const SURVEY_DEFECTS: [Defect; 2] = [Defect::UnknownEthnic, Defect::EmptyOrg];

/// Survey ethnic group for an ESR label (by NHS category letter).
fn survey_group(label: &str) -> Option<&'static str> {
    Some(match label.as_bytes().first()? {
        b'A'..=b'C' => "White",
        b'D'..=b'G' => "Mixed / Multiple ethnic groups",
        b'H'..=b'L' => "Asian / Asian British",
        b'M'..=b'P' => "Black / African / Caribbean / Black British",
        b'R' => "Chinese",
        b'S' => "Other ethnic group",
        _ => return None,
    })
}

fn write_survey(wf: &Workforce, index: u64, back: u32, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let month = plan.months_before_last(back);
    let year = date(plan.last().end).year() - i32::from(back > 0);
    let mut rng = kind_rng(wf, K_SURVEY, index);
    let name = format!("{}_{year}.csv", wf.region.code);
    let mut out = CsvFile::create(root, KINDS[K_SURVEY], &name, &SURVEY_HEADER)?;
    let mut dirt = Dirt::new(plan.seed, wf.region.code, K_SURVEY, index, plan.dirty);
    let rates: Vec<f64> = wf.orgs.iter().map(|_| rng.random_range(0.45..0.62)).collect();
    let year_text = year.to_string();
    let mut respondent = 0u32;
    for p in &wf.persons {
        if !p.in_post_at_end(&month) || !p.is_substantive() || !chance(&mut rng, rates[p.org as usize]) {
            continue;
        }
        respondent += 1;
        let id = format!("R{year}-{}-{respondent:06}", wf.region.code);
        let mut ethnic = match survey_group(p.ethnic_label()) {
            Some(g) if !chance(&mut rng, 0.02) => g,
            Some(_) => "Prefer not to say",
            None => pick_weighted(
                &mut rng,
                &[
                    ("Prefer not to say", 50),
                    ("", 20),
                    ("White", 20),
                    ("Asian / Asian British", 10),
                ],
            ),
        };
        let group = match ethnic {
            "White" => Wres::White,
            "Prefer not to say" | "" => Wres::Unknown,
            _ => Wres::Bme,
        };
        let gender = if chance(&mut rng, 0.02) {
            ""
        } else {
            GENDERS[p.gender as usize]
        };
        let disability = if chance(&mut rng, 0.03) {
            "Prefer not to say"
        } else if chance(&mut rng, 0.02) {
            ""
        } else if p.disability == 0 || chance(&mut rng, 0.17) {
            "Yes"
        } else {
            "No"
        };
        // (White, BME, Unknown) probabilities.
        let by = |w: f64, b: f64| match group {
            Wres::White => w,
            Wres::Bme => b,
            Wres::Unknown => (w + b) / 2.0,
        };
        let scale = |rng: &mut ChaCha8Rng, never: f64| {
            if chance(rng, never) {
                "Never"
            } else {
                pick_weighted(rng, &HARASSMENT_OTHER)
            }
        };
        let public = scale(&mut rng, by(0.72, 0.70));
        let manager = scale(&mut rng, by(0.90, 0.86));
        let colleagues = scale(&mut rng, by(0.835, 0.79));
        let eo = {
            let u = rng.random::<f64>();
            if u < 0.20 {
                "Don't know"
            } else if u < 0.20 + 0.80 * by(0.725, 0.5625) {
                "Yes"
            } else {
                "No"
            }
        };
        let disc_public = if chance(&mut rng, by(0.06, 0.16)) {
            "Yes"
        } else {
            "No"
        };
        let disc_staff = if chance(&mut rng, by(0.06, 0.15)) {
            "Yes"
        } else {
            "No"
        };
        let mut answers = [public, manager, colleagues, eo, disc_public, disc_staff];
        for a in &mut answers {
            if chance(&mut rng, 0.03) {
                *a = "";
            }
        }
        let mut org = wf.orgs[p.org as usize].as_str();
        let defect = dirt.next(&SURVEY_DEFECTS);
        match defect {
            Some(Defect::UnknownEthnic) => ethnic = BAD_ETHNIC,
            Some(_) => org = "",
            None => {}
        }
        let rec = [
            year_text.as_str(),
            org,
            &id,
            ethnic,
            gender,
            disability,
            GROUPS[p.group as usize],
            answers[0],
            answers[1],
            answers[2],
            answers[3],
            answers[4],
            answers[5],
        ];
        out.write(rec, defect.is_some())?;
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------
// vacancies and recruitment

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Open,
    Filled,
    Withdrawn,
}

#[derive(Debug, Clone)]
struct Vacancy {
    reference: String,
    org: u8,
    group: u8,
    band: u8,
    role: &'static str,
    crit: u8,
    /// FTE in hundredths.
    fte: u32,
    advertised: i32,
    closing: i32,
    offer: Option<i32>,
    start: Option<i32>,
    status: Status,
    interim_cover: bool,
    times: u8,
}

/// Vacancies advertised in the 15 months to the last snapshot: about 9% of each
/// organisation's establishment FTE a year, plus the critical-role vacancies of the
/// simulation. Status as extracted at the last snapshot: 7% Withdrawn; Filled once an offer
/// was made by then, with the planned start date, which may be after it; else Open. Sorted by
/// organisation and advertised date; references `RJ1-2026-00042`.
fn build_vacancies(wf: &Workforce) -> Vec<Vacancy> {
    let plan = wf.plan;
    let last = plan.last();
    let mut rng = kind_rng(wf, K_VACANCIES, 0);
    let window_start = days(
        date(last.end)
            .checked_sub_months(Months::new(15))
            .expect("15 months before a validated end date exists"),
    ) + 1;
    let mut templates: Vec<Vec<usize>> = vec![Vec::new(); wf.orgs.len()];
    let mut establishment = vec![0u64; wf.orgs.len()];
    for (i, p) in wf.persons.iter().enumerate() {
        if p.present(last) && p.is_substantive() {
            establishment[p.org as usize] += u64::from(p.fte);
            if p.crit == 0 && p.nv_seat == 0 {
                templates[p.org as usize].push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (org, posts) in templates.iter().enumerate() {
        if posts.is_empty() {
            continue;
        }
        // Hundredths of FTE to advertise over 15 months.
        let target = establishment[org] * 9 * 15 / (100 * 12);
        let mut advertised_fte = 0u64;
        while advertised_fte < target.max(1) {
            let p = wf.persons[pick(&mut rng, posts)];
            let fte: u32 = if p.band <= B_5 && chance(&mut rng, 0.13) {
                pick(&mut rng, &[200u32, 300, 400])
            } else if chance(&mut rng, 0.17) {
                pick(&mut rng, &[50u32, 60, 80])
            } else {
                100
            };
            advertised_fte += u64::from(fte);
            let advertised = day_between(&mut rng, window_start, last.end);
            let closing = advertised + rng.random_range(14..=28);
            let hard = chance(&mut rng, 0.12);
            let (offer, times) = if hard {
                (
                    closing + rng.random_range(120..=270),
                    pick_weighted(&mut rng, &[(2u8, 60), (3, 40)]),
                )
            } else {
                (
                    closing + rng.random_range(14..=75),
                    pick_weighted(&mut rng, &[(1u8, 80), (2, 20)]),
                )
            };
            let start = offer + rng.random_range(21..=70);
            // Filled once an offer is accepted, with the planned start date: an offer made
            // shortly before the last snapshot starts after it (the post was open then).
            let (status, offer, start) = if chance(&mut rng, 0.07) {
                (Status::Withdrawn, None, None)
            } else if offer <= last.end {
                (Status::Filled, Some(offer), Some(start))
            } else {
                (Status::Open, None, None)
            };
            let interim_cover = p.band >= B_8A && p.band <= B_VSM && chance(&mut rng, 0.1);
            out.push(Vacancy {
                reference: String::new(),
                org: org as u8,
                group: p.group,
                band: p.band,
                role: p.role,
                crit: 0,
                fte,
                advertised,
                closing,
                offer,
                start,
                status,
                interim_cover,
                times,
            });
        }
    }
    // Critical seats: advertised by the last snapshot (a resignation in its last weeks may not
    // be yet); filled once the successor's offer is made, possibly starting after it.
    for v in wf.crit_vacancies.iter().filter(|v| v.advertised <= last.end) {
        let (role, group) = critical_job(v.crit);
        let filled = v.offer <= last.end;
        out.push(Vacancy {
            reference: String::new(),
            org: v.org,
            group,
            band: B_VSM,
            role,
            crit: v.crit,
            fte: 100,
            advertised: v.advertised,
            closing: v.closing,
            offer: filled.then_some(v.offer),
            start: filled.then_some(v.start),
            status: if filled { Status::Filled } else { Status::Open },
            interim_cover: v.interim_cover,
            times: v.times,
        });
    }
    out.sort_by_key(|a| (a.org, a.advertised, a.crit));
    let mut seq = vec![0u32; wf.orgs.len()];
    for v in &mut out {
        seq[v.org as usize] += 1;
        v.reference = format!(
            "{}-{}-{:05}",
            wf.orgs[v.org as usize],
            date(v.advertised).year(),
            seq[v.org as usize]
        );
    }
    out
}

const VACANCY_DEFECTS: [Defect; 5] = [
    Defect::BadDate,
    Defect::EmptyOrg,
    Defect::EmptyBand,
    Defect::FteZero,
    Defect::DatesOutOfOrder,
];

fn write_vacancies(wf: &Workforce, vacancies: &[Vacancy], root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let name = format!("{}.csv", wf.region.code);
    let mut out = CsvFile::create(root, KINDS[K_VACANCIES], &name, &VACANCY_HEADER)?;
    let mut dirt = Dirt::new(plan.seed, wf.region.code, K_VACANCIES, 0, plan.dirty);
    for v in vacancies {
        let mut rec: [String; 15] = [
            v.reference.clone(),
            wf.orgs[v.org as usize].clone(),
            wf.region.code.to_owned(),
            GROUPS[v.group as usize].to_owned(),
            band_name(v.band).to_owned(),
            v.role.to_owned(),
            if v.crit > 0 {
                critical_code(v.crit).to_owned()
            } else {
                String::new()
            },
            fte_text(v.fte),
            iso(v.advertised),
            iso(v.closing),
            opt_iso(v.offer),
            opt_iso(v.start),
            match v.status {
                Status::Open => "Open",
                Status::Filled => "Filled",
                Status::Withdrawn => "Withdrawn",
            }
            .to_owned(),
            if v.interim_cover { "Y" } else { "N" }.to_owned(),
            v.times.to_string(),
        ];
        let defect = dirt.next(&VACANCY_DEFECTS);
        match defect {
            Some(Defect::BadDate) => rec[8] = BAD_DATE.to_owned(),
            Some(Defect::EmptyOrg) => rec[1].clear(),
            Some(Defect::EmptyBand) => rec[4].clear(),
            Some(Defect::FteZero) => rec[7] = "0".to_owned(),
            Some(_) => rec[9] = iso(v.advertised - 7),
            None => {}
        }
        out.write(&rec, defect.is_some())?;
    }
    out.finish()
}

const RECRUITMENT_DEFECTS: [Defect; 3] = [Defect::BadDate, Defect::UnknownEthnic, Defect::EmptyOrg];
const RECRUITMENT_DEFECTS_NOT_SHORTLISTED: [Defect; 4] = [
    Defect::BadDate,
    Defect::UnknownEthnic,
    Defect::EmptyOrg,
    Defect::AppointedNotShortlisted,
];

struct Application {
    applicant: u32,
    day: i32,
    ethnic: u8,
    disability: u8,
    shortlisted: bool,
    appointed: bool,
}

/// Applications to the vacancies: BME applicants are shortlisted less often, and
/// appointed from the shortlist with weight 1.0 against 2.2 for White applicants, which
/// (small shortlists dilute it) gives a relative likelihood of appointment from
/// shortlisting of about 1.5 overall.
fn write_recruitment(wf: &Workforce, vacancies: &[Vacancy], root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let last_end = plan.last().end;
    let mut rng = kind_rng(wf, K_RECRUITMENT, 0);
    let name = format!("{}.csv", wf.region.code);
    let mut out = CsvFile::create(root, KINDS[K_RECRUITMENT], &name, &RECRUITMENT_HEADER)?;
    let mut dirt = Dirt::new(plan.seed, wf.region.code, K_RECRUITMENT, 0, plan.dirty);
    let p_bme_applicant = (0.4 * wf.region.bme_factor).min(0.8);
    let mut applicant_seq = vec![0u32; wf.orgs.len()];
    let mut apps: Vec<Application> = Vec::new();
    for v in vacancies {
        let n = if v.crit > 0 {
            rng.random_range(3..=10u32)
        } else if v.band <= 3 {
            rng.random_range(8..=40)
        } else if v.band <= B_7 || v.band == B_MEDICAL || v.band == B_NON_AFC {
            rng.random_range(4..=20)
        } else {
            rng.random_range(3..=12)
        };
        let last_day = v.closing.min(last_end);
        apps.clear();
        for _ in 0..n {
            let day = day_between(&mut rng, v.advertised, last_day);
            let ethnic = draw_ethnic(&mut rng, p_bme_applicant, 0.05);
            let p_short = match ETHNIC[ethnic as usize].1 {
                Wres::White => 0.36,
                Wres::Bme => 0.27,
                Wres::Unknown => 0.30,
            };
            let shortlisted = chance(&mut rng, p_short);
            let disability = pick_weighted(&mut rng, &[(0u8, 80), (1, 850), (2, 20), (4, 30), (5, 20)]);
            applicant_seq[v.org as usize] += 1;
            apps.push(Application {
                applicant: applicant_seq[v.org as usize],
                day,
                ethnic,
                disability,
                shortlisted,
                appointed: false,
            });
        }
        if v.status == Status::Filled {
            if !apps.iter().any(|a| a.shortlisted) {
                let i = rng.random_range(0..apps.len());
                apps[i].shortlisted = true;
            }
            let posts = (v.fte as usize).div_ceil(100).max(1);
            for _ in 0..posts {
                let weights: Vec<u32> = apps
                    .iter()
                    .map(
                        |a| match (a.shortlisted && !a.appointed, ETHNIC[a.ethnic as usize].1) {
                            (false, _) => 0,
                            (true, Wres::White) => 22,
                            (true, Wres::Bme) => 10,
                            (true, Wres::Unknown) => 15,
                        },
                    )
                    .collect();
                if weights.iter().all(|&w| w == 0) {
                    break;
                }
                let i = weighted(&mut rng, &weights);
                apps[i].appointed = true;
            }
        }
        apps.sort_by_key(|a| (a.day, a.applicant));
        let org = wf.orgs[v.org as usize].as_str();
        for a in &apps {
            let applicant = format!("APP-{org}-{:06}", a.applicant);
            let mut rec = [
                v.reference.clone(),
                org.to_owned(),
                applicant,
                iso(a.day),
                ETHNIC[a.ethnic as usize].0.to_owned(),
                DISABILITIES[a.disability as usize].0.to_owned(),
                if a.shortlisted { "Y" } else { "N" }.to_owned(),
                if a.appointed { "Y" } else { "N" }.to_owned(),
            ];
            let options: &[Defect] = if a.shortlisted {
                &RECRUITMENT_DEFECTS
            } else {
                &RECRUITMENT_DEFECTS_NOT_SHORTLISTED
            };
            let defect = dirt.next(options);
            match defect {
                Some(Defect::BadDate) => rec[3] = BAD_DATE.to_owned(),
                Some(Defect::UnknownEthnic) => rec[4] = BAD_ETHNIC.to_owned(),
                Some(Defect::EmptyOrg) => rec[1].clear(),
                Some(_) => rec[7] = "Y".to_owned(),
                None => {}
            }
            out.write(&rec, defect.is_some())?;
        }
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------
// disciplinary and training

const PERSON_DEFECTS: [Defect; 3] = [Defect::BadDate, Defect::UnknownEthnic, Defect::EmptyOrg];

/// The days of `[from, to]` during which `p` was in post, if any.
fn overlap(p: &Person, from: i32, to: i32) -> Option<(i32, i32)> {
    let lo = p.start.max(from);
    let hi = if p.term == 0 { to } else { p.term.min(to) };
    (lo <= hi).then_some((lo, hi))
}

/// Writes one clean record of a person-based extract, or applies one of the shared
/// defects to it; the ethnic, organisation and date column indexes say where.
fn write_person_events<const N: usize>(
    out: &mut CsvFile,
    dirt: &mut Dirt,
    mut rec: [String; N],
    (ethnic_col, org_col, date_col): (usize, usize, usize),
) -> Result<()> {
    let defect = dirt.next(&PERSON_DEFECTS);
    match defect {
        Some(Defect::BadDate) => rec[date_col] = BAD_DATE.to_owned(),
        Some(Defect::UnknownEthnic) => rec[ethnic_col] = BAD_ETHNIC.to_owned(),
        Some(_) => rec[org_col].clear(),
        None => {}
    }
    out.write(&rec, defect.is_some())
}

/// Cases entering the formal disciplinary process in the 3 years to the last snapshot:
/// about 1.2% of staff a year, BME staff 1.4 times as likely as White staff.
fn write_disciplinary(wf: &Workforce, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let last_end = plan.last().end;
    let from = last_end - 3 * 365;
    let mut rng = kind_rng(wf, K_DISCIPLINARY, 0);
    let name = format!("{}.csv", wf.region.code);
    let mut out = CsvFile::create(root, KINDS[K_DISCIPLINARY], &name, &DISCIPLINARY_HEADER)?;
    let mut dirt = Dirt::new(plan.seed, wf.region.code, K_DISCIPLINARY, 0, plan.dirty);
    let mut cases: Vec<(i32, u32, usize)> = Vec::new();
    for (i, p) in wf.persons.iter().enumerate() {
        if p.cat == C_HONORARY || p.cat == C_BANK {
            continue;
        }
        let Some((lo, hi)) = overlap(p, from, last_end) else {
            continue;
        };
        let factor = match p.wres() {
            Wres::White => 1.0,
            Wres::Bme => 1.4,
            Wres::Unknown => 1.1,
        };
        let years = f64::from(hi - lo + 1) / 365.25;
        if chance(&mut rng, 0.012 * years * factor) {
            cases.push((day_between(&mut rng, lo, hi), p.emp_no, i));
        }
    }
    cases.sort_unstable();
    let mut seq = vec![0u32; wf.orgs.len()];
    for (day, _, i) in cases {
        let p = &wf.persons[i];
        seq[p.org as usize] += 1;
        let org = &wf.orgs[p.org as usize];
        let rec = [
            format!("DC-{org}-{:05}", seq[p.org as usize]),
            org.clone(),
            p.emp_no.to_string(),
            p.ethnic_label().to_owned(),
            iso(day),
        ];
        write_person_events(&mut out, &mut dirt, rec, (3, 1, 4))?;
    }
    out.finish()
}

/// Training episodes in the 2 years to the last snapshot: mandatory training about 1.5 a
/// year each; non-mandatory CPD accessed by about half of White staff a year and slightly
/// fewer BME staff.
fn write_training(wf: &Workforce, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let last_end = plan.last().end;
    let mut rng = kind_rng(wf, K_TRAINING, 0);
    let name = format!("{}.csv", wf.region.code);
    let mut out = CsvFile::create(root, KINDS[K_TRAINING], &name, &TRAINING_HEADER)?;
    let mut dirt = Dirt::new(plan.seed, wf.region.code, K_TRAINING, 0, plan.dirty);
    let mut episodes: Vec<(i32, bool)> = Vec::new();
    for p in &wf.persons {
        if p.cat == C_HONORARY {
            continue;
        }
        episodes.clear();
        for year in 0..2 {
            let (from, to) = (last_end - 365 * (year + 1) + 1, last_end - 365 * year);
            let Some((lo, hi)) = overlap(p, from, to) else {
                continue;
            };
            if hi - lo < 30 {
                continue;
            }
            let share = f64::from(hi - lo + 1) / 365.0;
            let mandatory = (1.5 * share + rng.random::<f64>()) as u32;
            for _ in 0..mandatory {
                episodes.push((day_between(&mut rng, lo, hi), false));
            }
            let p_cpd = match p.wres() {
                Wres::White => 0.50,
                Wres::Bme => 0.44,
                Wres::Unknown => 0.47,
            };
            if chance(&mut rng, p_cpd * share) {
                episodes.push((day_between(&mut rng, lo, hi), true));
                if chance(&mut rng, 0.35) {
                    episodes.push((day_between(&mut rng, lo, hi), true));
                }
            }
        }
        episodes.sort_unstable();
        for &(day, cpd) in &episodes {
            let rec = [
                p.emp_no.to_string(),
                wf.orgs[p.org as usize].clone(),
                p.ethnic_label().to_owned(),
                if cpd { "Non-mandatory" } else { "Mandatory" }.to_owned(),
                iso(day),
            ];
            write_person_events(&mut out, &mut dirt, rec, (2, 1, 4))?;
        }
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------
// board

/// Who is on a board seat at a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MemberKey {
    /// An ESR employee (executive or non-voting director).
    Esr(u32),
    /// A non-executive or a predecessor outside ESR: (seat, generation).
    Outside(u8, u8),
}

#[derive(Clone, Copy)]
struct Member {
    key: MemberKey,
    ethnic: u8,
    gender: u8,
    disability: u8,
    interim: bool,
    start: i32,
    end: Option<i32>,
}

/// A board member who is not in the ESR extract (non-executive, or a predecessor before the
/// simulated period): low BME share, about 45% female.
fn outside_member(rng: &mut ChaCha8Rng, factor: f64, key: MemberKey, start: i32) -> Member {
    Member {
        key,
        ethnic: draw_ethnic(rng, 0.11 * factor, 0.03),
        gender: if chance(rng, 0.45) { G_FEMALE } else { G_MALE },
        disability: pick_weighted(rng, &[(0u8, 4), (1, 85), (2, 11)]),
        interim: false,
        start,
        end: None,
    }
}

/// How long an organisation that keeps departed members on its board register lists them
/// (with their End Date) beside their successors: a year, like an annual report's board list.
const BOARD_KEEPS_DAYS: i32 = 365;

/// Share of organisations whose board register keeps departed members listed.
const P_BOARD_KEEPS_DEPARTED: f64 = 0.5;

fn esr_member(p: &Person, end: Option<i32>) -> Member {
    Member {
        key: MemberKey::Esr(p.emp_no),
        ethnic: p.ethnic,
        gender: p.gender,
        disability: p.disability,
        interim: p.interim,
        start: p.start,
        end,
    }
}

/// The ESR members of a board post at snapshot `m`: the members listed as departed (End Date
/// on or before the snapshot) and the current holder (the latest starter in post at the
/// month's end; an interim shows as interim, a known leaver serving notice as current). A
/// register that `keeps` departed members lists everyone who left the post in the year to the
/// snapshot; otherwise a holder who left within the snapshot month is listed only while
/// nobody holds the post.
fn esr_members(
    wf: &Workforce,
    org: u8,
    (crit, nv_seat): (u8, u8),
    m: &Month,
    keeps: bool,
) -> (Vec<Member>, Option<Member>) {
    let holders: Vec<&Person> = wf
        .persons
        .iter()
        .filter(|p| {
            p.org == org
                && p.start <= m.end
                && ((crit > 0 && p.crit == crit) || (nv_seat > 0 && p.nv_seat == nv_seat))
        })
        .collect();
    let left = |p: &&&Person| p.term != 0 && p.term <= m.end;
    let current = holders
        .iter()
        .filter(|p| !left(p))
        .max_by_key(|p| p.start)
        .map(|p| esr_member(p, None));
    let mut departed: Vec<&Person> = if keeps {
        holders
            .iter()
            .filter(|p| left(p) && p.term > m.end - BOARD_KEEPS_DAYS)
            .copied()
            .collect()
    } else if current.is_none() {
        holders
            .iter()
            .filter(|p| left(p) && p.term >= m.start)
            .max_by_key(|p| p.start)
            .into_iter()
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    departed.sort_by_key(|p| (p.start, p.emp_no));
    let departed = departed
        .into_iter()
        .map(|p| esr_member(p, Some(p.term)))
        .collect();
    (departed, current)
}

const BOARD_DEFECTS: [Defect; 3] = [Defect::BadDate, Defect::UnknownEthnic, Defect::EmptyOrg];
const BOARD_DEFECTS_VACANT: [Defect; 2] = [Defect::BadDate, Defect::EmptyOrg];

/// One board seat as listed at a snapshot: role text, critical role, voting, executive, and
/// its rows: departed members (End Date set), then the current member; a seat with neither is
/// listed once with no member (vacant).
struct Seat {
    role: String,
    crit: u8,
    voting: bool,
    executive: bool,
    departed: Vec<Member>,
    current: Option<Member>,
}

/// Each organisation's board at its latest snapshot (the month of its latest ESR snapshot)
/// and at the last snapshot's month twelve months before: chair, 4-5 non-executives, the six
/// critical-role executives and 1-2 non-voting directors. About half the organisations keep
/// members who left in the year listed with their End Date beside their successor (or alone,
/// when the seat is now vacant); the others list a vacant seat with no member.
fn write_board(wf: &Workforce, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let mut rng = kind_rng(wf, K_BOARD, 0);
    let name = format!("{}.csv", wf.region.code);
    let mut out = CsvFile::create(root, KINDS[K_BOARD], &name, &BOARD_HEADER)?;
    let mut dirt = Dirt::new(plan.seed, wf.region.code, K_BOARD, 0, plan.dirty);
    let earlier = plan.months_before_last(12);
    let sim_start = plan.months[0].start;
    let factor = wf.region.bme_factor;
    let n_nv = |org: u8| {
        wf.persons
            .iter()
            .filter(|p| p.org == org)
            .map(|p| p.nv_seat)
            .max()
            .unwrap_or(0)
    };

    for org in 0..wf.orgs.len() as u8 {
        let code = wf.orgs[org as usize].as_str();
        let latest = plan.months[wf.latest_sent[org as usize]].clone();
        let keeps = chance(&mut rng, P_BOARD_KEEPS_DEPARTED);
        // Non-executive seats: 0 = chair, then 4-5 non-executive directors. Each has a
        // current member (or is vacant) and a predecessor for earlier snapshots.
        let neds = 1 + rng.random_range(4..=5u8);
        let mut outside: Vec<(String, Option<Member>, Member)> = Vec::new();
        for seat in 0..neds {
            let role = match seat {
                0 => "Chair",
                1 => "Vice Chair",
                _ => "Non-Executive Director",
            };
            let start = latest.end - rng.random_range(60..=2900);
            let current = outside_member(&mut rng, factor, MemberKey::Outside(seat, 0), start);
            let vacant = seat > 0 && chance(&mut rng, 0.12);
            // The predecessor served at least six months before the current member started.
            let before = (earlier.end - rng.random_range(200..=2500)).min(start - 180);
            let mut predecessor = outside_member(&mut rng, factor, MemberKey::Outside(seat, 1), before);
            predecessor.end = Some(if vacant {
                latest.end - rng.random_range(20..=200)
            } else {
                start - 1
            });
            outside.push((role.to_owned(), (!vacant).then_some(current), predecessor));
        }
        let mut ids: BTreeMap<MemberKey, u32> = BTreeMap::new();
        for snap in [&earlier, &latest] {
            let mut seats: Vec<Seat> = Vec::new();
            for (role, current, predecessor) in &outside {
                // The predecessor holds the seat until its end; then the current member, if any.
                let left = predecessor.end.is_some_and(|e| e < snap.end);
                let holder = match current {
                    Some(c) if left && c.start <= snap.end => Some(Member { end: None, ..*c }),
                    _ if left => None,
                    _ => Some(Member {
                        end: None,
                        ..*predecessor
                    }),
                };
                let departed_listed = left
                    && (keeps || holder.is_none() && predecessor.end.is_some_and(|e| e >= snap.start))
                    && predecessor.end.is_some_and(|e| e > snap.end - BOARD_KEEPS_DAYS);
                seats.push(Seat {
                    role: role.clone(),
                    crit: 0,
                    voting: true,
                    executive: false,
                    departed: if departed_listed {
                        vec![*predecessor]
                    } else {
                        Vec::new()
                    },
                    current: holder,
                });
            }
            let esr_seat = |rng: &mut ChaCha8Rng, post: (u8, u8), seat_no: u8| {
                let (departed, mut current) = esr_members(wf, org, post, snap, keeps);
                if current.is_none() && departed.is_empty() && snap.end < sim_start {
                    // Before the simulated period: someone outside ESR held the post.
                    let start = snap.end - rng.random_range(200..=2500);
                    current = Some(outside_member(
                        rng,
                        factor * 0.6,
                        MemberKey::Outside(seat_no, 2),
                        start,
                    ));
                }
                (departed, current)
            };
            for crit in 1..=N_CRITICAL as u8 {
                let (departed, current) = esr_seat(&mut rng, (crit, 0), 10 + crit);
                seats.push(Seat {
                    role: critical_job(crit).0.to_owned(),
                    crit,
                    voting: true,
                    executive: true,
                    departed,
                    current,
                });
            }
            for nv in 1..=n_nv(org) {
                let role = wf
                    .persons
                    .iter()
                    .find(|p| p.org == org && p.nv_seat == nv)
                    .map_or("Director", |p| p.role);
                let (departed, current) = esr_seat(&mut rng, (0, nv), 20 + nv);
                seats.push(Seat {
                    role: role.to_owned(),
                    crit: 0,
                    voting: false,
                    executive: true,
                    departed,
                    current,
                });
            }
            for seat in seats {
                let yn = |b: bool| if b { "Y" } else { "N" }.to_owned();
                let crit_code = if seat.crit > 0 {
                    critical_code(seat.crit).to_owned()
                } else {
                    String::new()
                };
                let mut members: Vec<Option<Member>> = seat.departed.into_iter().map(Some).collect();
                if seat.current.is_some() || members.is_empty() {
                    members.push(seat.current);
                }
                for member in members {
                    let mut rec: [String; 13] = match &member {
                        Some(m) => {
                            let next = ids.len() as u32 + 1;
                            let n = *ids.entry(m.key).or_insert(next);
                            [
                                code.to_owned(),
                                format!("M-{code}-{n:02}"),
                                seat.role.clone(),
                                crit_code.clone(),
                                yn(seat.voting),
                                yn(seat.executive),
                                ETHNIC[m.ethnic as usize].0.to_owned(),
                                GENDERS[m.gender as usize].to_owned(),
                                DISABILITIES[m.disability as usize].0.to_owned(),
                                yn(m.interim),
                                dmy(m.start),
                                m.end.map(dmy).unwrap_or_default(),
                                snap.end_dmy.clone(),
                            ]
                        }
                        None => [
                            code.to_owned(),
                            String::new(),
                            seat.role.clone(),
                            crit_code.clone(),
                            yn(seat.voting),
                            yn(seat.executive),
                            String::new(),
                            String::new(),
                            String::new(),
                            String::new(),
                            String::new(),
                            String::new(),
                            snap.end_dmy.clone(),
                        ],
                    };
                    let options: &[Defect] = if member.is_some() {
                        &BOARD_DEFECTS
                    } else {
                        &BOARD_DEFECTS_VACANT
                    };
                    let defect = dirt.next(options);
                    match defect {
                        Some(Defect::BadDate) => rec[12] = BAD_DATE.to_owned(),
                        Some(Defect::UnknownEthnic) => rec[6] = BAD_ETHNIC.to_owned(),
                        Some(_) => rec[0].clear(),
                        None => {}
                    }
                    out.write(&rec, defect.is_some())?;
                }
            }
        }
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------
// talent_pool

/// Leadership talent pools at each organisation's latest snapshot (the month of its latest
/// ESR snapshot): 4-10 people per critical role per organisation, drawn from staff at Bands
/// 8c-VSM (consultants for Medical Director; for Director of Nursing, Finance or People,
/// Bands 8a/8b of the matching staff group join when the organisation has fewer than four
/// such staff at 8c and above).
fn write_talent_pool(wf: &Workforce, root: &Path) -> Result<GeneratedFile> {
    let plan = wf.plan;
    let snapshot = |org: usize| &plan.months[wf.latest_sent[org]];
    let mut rng = kind_rng(wf, K_TALENT, 0);
    let name = format!("{}.csv", wf.region.code);
    let mut out = CsvFile::create(root, KINDS[K_TALENT], &name, &TALENT_HEADER)?;
    let mut dirt = Dirt::new(plan.seed, wf.region.code, K_TALENT, 0, plan.dirty);
    let mut by_org: Vec<Vec<usize>> = vec![Vec::new(); wf.orgs.len()];
    let mut consultants: Vec<Vec<usize>> = vec![Vec::new(); wf.orgs.len()];
    let mut middle: Vec<Vec<usize>> = vec![Vec::new(); wf.orgs.len()];
    for (i, p) in wf.persons.iter().enumerate() {
        if !p.in_post_at_end(snapshot(p.org as usize)) || !p.is_substantive() {
            continue;
        }
        if (B_8C..=B_VSM).contains(&p.band) {
            by_org[p.org as usize].push(i);
        } else if p.band == B_MEDICAL && p.role == "Consultant" {
            consultants[p.org as usize].push(i);
        } else if p.band == B_8A || p.band == B_8A + 1 {
            middle[p.org as usize].push(i);
        }
    }
    for org in 0..wf.orgs.len() {
        for crit in 1..=N_CRITICAL as u8 {
            let mut candidates: Vec<usize> = match critical_code(crit) {
                "MD" => consultants[org]
                    .iter()
                    .chain(by_org[org].iter().filter(|&&i| wf.persons[i].group == G_MEDICAL))
                    .copied()
                    .collect(),
                "DON" => by_org[org]
                    .iter()
                    .filter(|&&i| wf.persons[i].group == G_NURSING)
                    .copied()
                    .collect(),
                "DOF" | "HRD" => by_org[org]
                    .iter()
                    .filter(|&&i| wf.persons[i].group == G_ADMIN)
                    .copied()
                    .collect(),
                _ => by_org[org].clone(),
            };
            candidates.retain(|&i| wf.persons[i].crit != crit);
            let group = match critical_code(crit) {
                "DON" => Some(G_NURSING),
                "DOF" | "HRD" => Some(G_ADMIN),
                _ => None,
            };
            if let Some(g) = group.filter(|_| candidates.len() < 4) {
                candidates.extend(middle[org].iter().filter(|&&i| wf.persons[i].group == g));
            }
            let n = rng.random_range(4..=10usize).min(candidates.len());
            for k in 0..n {
                let j = rng.random_range(k..candidates.len());
                candidates.swap(k, j);
            }
            let mut chosen = candidates[..n].to_vec();
            chosen.sort_unstable();
            for i in chosen {
                let p = &wf.persons[i];
                let level = [("Low", 15u32), ("Moderate", 50), ("High", 35)];
                let performance = pick_weighted(&mut rng, &level);
                let potential = pick_weighted(&mut rng, &[("Low", 20), ("Moderate", 45), ("High", 35)]);
                let readiness = pick_weighted(
                    &mut rng,
                    &[
                        ("Ready now", 20),
                        ("Ready 1-2 years", 35),
                        ("Ready 3-5 years", 30),
                        ("Not ready", 15),
                    ],
                );
                let mobility = pick_weighted(
                    &mut rng,
                    &[("Organisation", 50), ("Region", 35), ("National", 15)],
                );
                let programme = if chance(&mut rng, 0.4) {
                    ""
                } else {
                    pick(&mut rng, &PROGRAMMES)
                };
                let mut rec = [
                    snapshot(org).end_dmy.clone(),
                    p.emp_no.to_string(),
                    wf.orgs[org].clone(),
                    wf.region.code.to_owned(),
                    critical_code(crit).to_owned(),
                    performance.to_owned(),
                    potential.to_owned(),
                    readiness.to_owned(),
                    mobility.to_owned(),
                    programme.to_owned(),
                    p.ethnic_label().to_owned(),
                    GENDERS[p.gender as usize].to_owned(),
                    DISABILITIES[p.disability as usize].0.to_owned(),
                    if is_clinical(p.group) { "Y" } else { "N" }.to_owned(),
                ];
                let defect = dirt.next(&PERSON_DEFECTS);
                match defect {
                    Some(Defect::BadDate) => rec[0] = BAD_DATE.to_owned(),
                    Some(Defect::UnknownEthnic) => rec[10] = BAD_ETHNIC.to_owned(),
                    Some(_) => rec[2].clear(),
                    None => {}
                }
                out.write(&rec, defect.is_some())?;
            }
        }
    }
    out.finish()
}

// ---------------------------------------------------------------------------------------
// population

/// Census-like community ethnicity profile of the region (never dirty).
fn write_population(region: &RegionInfo, root: &Path) -> Result<GeneratedFile> {
    let name = format!("{}.csv", region.code);
    let mut out = CsvFile::create(root, KINDS[K_POPULATION], &name, &POPULATION_HEADER)?;
    for (group, share) in POPULATION_GROUPS.iter().zip(region.mix) {
        let count = region.population * share / 1000;
        out.write([region.code, group, &count.to_string()], false)?;
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, HashSet};

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

    /// Counts the rows of a file that break the contract rules the defects target
    /// (an independent re-implementation, so it checks both clean and dirty output).
    fn invalid_rows(kind: &str, path: &Path) -> u64 {
        let (header, rows) = read(path);
        let col = |name: &str| header.iter().position(|h| h == name);
        let mut seen = HashSet::new();
        let mut bad = 0;
        for r in &rows {
            let get = |name: &str| col(name).map_or("", |i| &r[i]);
            let mut ok = true;
            if col("Organisation Code").is_some() {
                ok &= org_ok(get("Organisation Code"));
            }
            if col("Ethnic Origin").is_some() {
                ok &= ethnic_ok(get("Ethnic Origin"));
            }
            if col("Pay Band").is_some() {
                ok &= PAY_BAND.canonical().any(|b| b == get("Pay Band"));
            }
            match kind {
                "esr_workforce" => {
                    for d in ["Snapshot Date", "Date of Birth", "Start Date"] {
                        ok &= date_ok(get(d), true);
                    }
                    ok &= date_ok(get("Termination Date"), false);
                    let fte: f64 = get("FTE").parse().unwrap_or(-1.0);
                    ok &= fte > 0.0 && fte <= 1.0;
                    if ok {
                        let key = (
                            get("Snapshot Date").to_owned(),
                            get("Assignment Number").to_owned(),
                        );
                        ok &= seen.insert(key);
                    }
                }
                "staff_survey" => {
                    ok &= [
                        "White",
                        "Mixed / Multiple ethnic groups",
                        "Asian / Asian British",
                        "Black / African / Caribbean / Black British",
                        "Chinese",
                        "Other ethnic group",
                        "Prefer not to say",
                        "",
                    ]
                    .contains(&get("Ethnic Group"));
                    ok &= seen.insert((get("Survey Year").to_owned(), get("Respondent ID").to_owned()));
                }
                "recruitment" => {
                    ok &= date_ok(get("Application Date"), true);
                    ok &= !(get("Appointed") == "Y" && get("Shortlisted") == "N");
                }
                "vacancies" => {
                    let fte: f64 = get("FTE").parse().unwrap_or(-1.0);
                    ok &= fte > 0.0;
                    let names = ["Advertised Date", "Closing Date", "Offer Date", "Start Date"];
                    let mut prev: Option<NaiveDate> = None;
                    for (i, n) in names.iter().enumerate() {
                        ok &= date_ok(get(n), i == 0);
                        if let Some(d) = parse_date(get(n)) {
                            ok &= prev.is_none_or(|p| p <= d);
                            prev = Some(d);
                        }
                    }
                    ok &= seen.insert((get("Vacancy Reference").to_owned(), String::new()));
                }
                "disciplinary" => {
                    ok &= date_ok(get("Date Entered Formal Process"), true);
                }
                "training" => ok &= date_ok(get("Start Date"), true),
                "board" => {
                    ok &= date_ok(get("Snapshot Date"), true);
                    ok &= date_ok(get("Start Date"), false) && date_ok(get("End Date"), false);
                }
                "talent_pool" => ok &= date_ok(get("Snapshot Date"), true),
                _ => {}
            }
            if !ok {
                bad += 1;
            }
        }
        bad
    }

    /// Column names of a kind as listed in EXTRACTS.md (tables for ESR and the survey,
    /// backticked names outside parentheses for the others), when the contract is at hand.
    fn contract_columns(kind: &str) -> Option<BTreeSet<String>> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/EXTRACTS.md");
        let text = fs::read_to_string(path).ok()?;
        let section = text
            .split("\n## ")
            .find(|s| s.split_whitespace().next() == Some(kind))?;
        let mut names = BTreeSet::new();
        let has_table = section.lines().any(|l| l.starts_with('|'));
        // Parentheses (code lists, notes) may span lines.
        let mut depth = 0;
        for line in section.lines().skip(1) {
            if has_table && !line.starts_with('|') {
                continue;
            }
            if let Some(rest) = line.strip_prefix('|') {
                let cell = rest.split('|').next().unwrap_or("").trim();
                if !cell.is_empty() && cell != "column" && !cell.starts_with("---") {
                    names.insert(cell.to_owned());
                }
                continue;
            }
            let (mut inside, mut current) = (false, String::new());
            for c in line.chars() {
                match c {
                    '`' if inside => {
                        inside = false;
                        if depth == 0 {
                            names.insert(std::mem::take(&mut current));
                        }
                        current.clear();
                    }
                    '`' => inside = true,
                    _ if inside => current.push(c),
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
            }
        }
        Some(names)
    }

    #[test]
    fn same_seed_same_bytes_different_seed_different_bytes() {
        let (a_dir, a) = run(&small(7));
        let (b_dir, b) = run(&small(7));
        let (_c_dir, c) = run(&small(8));
        assert_eq!(a.files.len(), b.files.len());
        let bytes = |p: &Path| fs::read(p).expect("readable");
        let mut any_difference = false;
        for ((fa, fb), fc) in a.files.iter().zip(&b.files).zip(&c.files) {
            assert_eq!(
                fa.path.strip_prefix(a_dir.path()).ok(),
                fb.path.strip_prefix(b_dir.path()).ok()
            );
            assert_eq!(
                bytes(&fa.path),
                bytes(&fb.path),
                "{} differs between runs",
                fa.path.display()
            );
            any_difference |= bytes(&fa.path) != bytes(&fc.path);
        }
        assert!(any_difference, "a different seed gives different data");
    }

    #[test]
    fn layout_and_headers_match_the_contract() {
        let (dir, s) = run(&small(1));
        let expected: [(&str, &[&str]); 9] = [
            ("esr_workforce", &ESR_HEADER),
            ("staff_survey", &SURVEY_HEADER),
            ("recruitment", &RECRUITMENT_HEADER),
            ("vacancies", &VACANCY_HEADER),
            ("disciplinary", &DISCIPLINARY_HEADER),
            ("training", &TRAINING_HEADER),
            ("board", &BOARD_HEADER),
            ("talent_pool", &TALENT_HEADER),
            ("population", &POPULATION_HEADER),
        ];
        for (kind, header) in expected {
            let fs_ = files(&s, kind);
            assert!(!fs_.is_empty(), "{kind} written");
            for f in fs_ {
                assert!(f.path.starts_with(dir.path().join(kind)));
                let (h, _) = read(&f.path);
                assert_eq!(h, header.to_vec(), "{}", f.path.display());
            }
            if let Some(contract) = contract_columns(kind) {
                let ours: BTreeSet<String> = header.iter().map(|h| (*h).to_owned()).collect();
                assert_eq!(ours, contract, "{kind} columns differ from EXTRACTS.md");
            }
        }
        let names: Vec<String> = s
            .files
            .iter()
            .map(|f| {
                f.path
                    .strip_prefix(dir.path())
                    .expect("under the root")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        for want in [
            "esr_workforce/Y56_2026-10.csv",
            "esr_workforce/Y60_2026-07.csv",
            "staff_survey/Y56_2025.csv",
            "staff_survey/Y60_2026.csv",
            "vacancies/Y60.csv",
            "population/Y56.csv",
        ] {
            assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
        }
        assert_eq!(files(&s, "esr_workforce").len(), 2 * 4);
        assert_eq!(files(&s, "staff_survey").len(), 2 * 2);
    }

    #[test]
    fn row_counts_are_sane() {
        let (_dir, s) = run(&small(3));
        for f in files(&s, "esr_workforce") {
            // Every organisation sends the first month; later months may lack one or two.
            let all_sent = f.path.to_string_lossy().ends_with("2026-07.csv");
            let expected = if all_sent { 400..=480 } else { 200..=480 };
            assert!(
                expected.contains(&f.rows),
                "{}: {} rows",
                f.path.display(),
                f.rows
            );
        }
        for f in files(&s, "staff_survey") {
            assert!(
                (120..=260).contains(&f.rows),
                "{}: {} rows",
                f.path.display(),
                f.rows
            );
        }
        for f in files(&s, "population") {
            assert_eq!(f.rows, 5);
        }
        for f in files(&s, "board") {
            // 4-6 organisations, 12-15 seats each, two snapshots, a few departed members.
            assert!(
                (4 * 12 * 2..=6 * 15 * 2 + 20).contains(&f.rows),
                "board rows {}",
                f.rows
            );
        }
        let count = |kind: &str| files(&s, kind).iter().map(|f| f.rows).sum::<u64>();
        assert!(count("vacancies") >= 40, "vacancies {}", count("vacancies"));
        assert!(count("recruitment") > 5 * count("vacancies"));
        assert!(count("training") > 800);
        assert!(count("disciplinary") >= 5);
        assert!(count("talent_pool") >= 20);
        assert!(s.files.iter().all(|f| f.dirty_rows == 0));
    }

    #[test]
    fn clean_output_is_valid_and_dirty_rows_are_counted_exactly() {
        let (_dir, clean) = run(&small(5));
        for f in &clean.files {
            assert_eq!(invalid_rows(&f.kind, &f.path), 0, "{}", f.path.display());
        }
        let (_dir2, dirty) = run(&GenerateOptions {
            dirty: 0.05,
            ..small(5)
        });
        let mut total = 0;
        for f in &dirty.files {
            assert_eq!(
                invalid_rows(&f.kind, &f.path),
                f.dirty_rows,
                "{} ({} rows)",
                f.path.display(),
                f.rows
            );
            assert!(f.dirty_rows < f.rows, "never a whole file invalid");
            total += f.dirty_rows;
        }
        assert!(total > 100, "dirty rows injected: {total}");
        assert!(files(&dirty, "population").iter().all(|f| f.dirty_rows == 0));
        let esr_dirty: u64 = files(&dirty, "esr_workforce").iter().map(|f| f.dirty_rows).sum();
        let esr_rows: u64 = files(&dirty, "esr_workforce").iter().map(|f| f.rows).sum();
        let share = esr_dirty as f64 / esr_rows as f64;
        assert!((0.03..0.07).contains(&share), "ESR dirty share {share}");
        // Defects never touch the clean content: the first file rows agree.
        let (_, a) = read(&files(&clean, "esr_workforce")[0].path);
        let (_, b) = read(&files(&dirty, "esr_workforce")[0].path);
        assert_eq!(a[0], b[0]);

        let (_dir3, all) = run(&GenerateOptions {
            dirty: 1.0,
            months: 1,
            ..small(5)
        });
        for f in &all.files {
            assert_eq!(
                invalid_rows(&f.kind, &f.path),
                f.dirty_rows,
                "{}",
                f.path.display()
            );
        }
    }

    #[test]
    fn appointments_only_from_shortlist_and_favour_white_applicants() {
        let (_dir, s) = run(&GenerateOptions {
            regions: vec!["Y60".into()],
            people: 3000,
            months: 2,
            kinds: Some(vec!["recruitment".into(), "vacancies".into()]),
            ..GenerateOptions::default()
        });
        let rows = column(
            &s,
            "recruitment",
            &["Ethnic Origin", "Shortlisted", "Appointed", "Vacancy Reference"],
        );
        let refs: HashSet<String> = column(&s, "vacancies", &["Vacancy Reference"])
            .into_iter()
            .map(|mut r| r.remove(0))
            .collect();
        let mut counts = [[0f64; 2]; 2]; // [White, BME] x [shortlisted, appointed]
        for r in &rows {
            assert!(
                !(r[2] == "Y" && r[1] == "N"),
                "appointed without shortlisting: {r:?}"
            );
            assert!(refs.contains(&r[3]), "recruitment refers to a known vacancy");
            let g = match ETHNIC.iter().find(|e| e.0 == r[0]).map(|e| e.1) {
                Some(Wres::White) => 0,
                Some(Wres::Bme) => 1,
                _ => continue,
            };
            if r[1] == "Y" {
                counts[g][0] += 1.0;
            }
            if r[2] == "Y" {
                counts[g][1] += 1.0;
            }
        }
        let rl = (counts[0][1] / counts[0][0]) / (counts[1][1] / counts[1][0]);
        assert!(
            (1.3..1.9).contains(&rl),
            "relative likelihood of appointment {rl}"
        );
    }

    #[test]
    fn vacancy_dates_are_ordered_and_filled_posts_have_dates() {
        let (_dir, s) = run(&small(11));
        let rows = column(
            &s,
            "vacancies",
            &[
                "Advertised Date",
                "Closing Date",
                "Offer Date",
                "Start Date",
                "Status",
                "Critical Role",
            ],
        );
        assert!(rows.iter().any(|r| r[4] == "Open"));
        assert!(rows.iter().any(|r| r[4] == "Filled"));
        let mut days_to_fill = Vec::new();
        for r in &rows {
            let d: Vec<Option<NaiveDate>> = r[..4].iter().map(|x| parse_date(x)).collect();
            let present: Vec<NaiveDate> = d.iter().flatten().copied().collect();
            assert!(present.windows(2).all(|w| w[0] <= w[1]), "{r:?}");
            if r[4] == "Filled" {
                assert!(d[2].is_some() && d[3].is_some(), "{r:?}");
                if r[5].is_empty() {
                    days_to_fill.push((d[3].expect("start") - d[0].expect("advertised")).num_days());
                }
            }
        }
        days_to_fill.sort_unstable();
        let median = days_to_fill[days_to_fill.len() / 2];
        assert!((60..=150).contains(&median), "median days to fill {median}");
    }

    #[test]
    fn bme_share_falls_with_band() {
        let (_dir, s) = run(&GenerateOptions {
            regions: vec!["Y60".into()],
            people: 6000,
            months: 1,
            kinds: Some(vec!["esr_workforce".into()]),
            ..GenerateOptions::default()
        });
        let rows = column(
            &s,
            "esr_workforce",
            &["Pay Band", "Ethnic Origin", "Gender", "Assignment Number"],
        );
        let share = |bands: &[&str]| {
            let (mut bme, mut known) = (0.0, 0.0);
            for r in rows.iter().filter(|r| bands.contains(&r[0].as_str())) {
                match ETHNIC.iter().find(|e| e.0 == r[1]).map(|e| e.1) {
                    Some(Wres::Bme) => {
                        bme += 1.0;
                        known += 1.0;
                    }
                    Some(Wres::White) => known += 1.0,
                    _ => {}
                }
            }
            bme / known
        };
        let low = share(&["Band 2", "Band 3", "Band 4", "Band 5"]);
        let senior = share(&["Band 8c", "Band 8d", "Band 9", "VSM"]);
        assert!(low > 2.0 * senior, "Band 2-5 {low} vs 8c+ {senior}");
        assert!((0.2..0.4).contains(&low), "Band 2-5 BME share {low}");
        let female = rows.iter().filter(|r| r[2] == "Female").count() as f64 / rows.len() as f64;
        assert!((0.72..0.82).contains(&female), "female share {female}");
        let second = rows.iter().filter(|r| r[3].ends_with("-2")).count() as f64 / rows.len() as f64;
        assert!((0.02..0.08).contains(&second), "second assignments {second}");
    }

    #[test]
    fn people_join_across_extracts_and_regions_never_collide() {
        let (_dir, s) = run(&GenerateOptions {
            months: 13,
            ..small(9)
        });
        let esr = column(
            &s,
            "esr_workforce",
            &[
                "Employee Number",
                "Region Code",
                "Critical Role",
                "Termination Date",
                "Leaving Reason",
            ],
        );
        let mut region_of = std::collections::HashMap::new();
        for r in &esr {
            assert_eq!(r[0].len(), 8, "8-digit employee number {}", r[0]);
            let prev = region_of.insert(r[0].clone(), r[1].clone());
            assert!(prev.is_none_or(|p| p == r[1]), "employee {} in two regions", r[0]);
            assert_eq!(
                r[3].is_empty(),
                r[4].is_empty(),
                "leaving reason with termination"
            );
        }
        // Someone who joined and left within months their organisation did not send (or joined
        // in a month it has not sent yet) is in no ESR snapshot, as with real late extracts.
        let mut months_sent: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in column(&s, "esr_workforce", &["Organisation Code", "Snapshot Date"]) {
            months_sent.entry(r[0].clone()).or_default().insert(r[1].clone());
        }
        let all_months = months_sent.values().map(BTreeSet::len).max().unwrap_or(0);
        for kind in ["disciplinary", "training", "talent_pool"] {
            for r in column(&s, kind, &["Employee Number", "Organisation Code"]) {
                assert!(
                    region_of.contains_key(&r[0]) || months_sent[&r[1]].len() < all_months,
                    "{kind} employee {} in ESR",
                    r[0]
                );
            }
        }
        let leavers = esr.iter().filter(|r| !r[3].is_empty()).count();
        assert!(leavers > 50, "monthly leavers over 13 months: {leavers}");
        let critical_leavers = esr
            .iter()
            .filter(|r| !r[3].is_empty() && !r[2].is_empty())
            .count();
        assert!(critical_leavers >= 2, "critical-role leavers: {critical_leavers}");
        let board = column(&s, "board", &["Member ID", "Snapshot Date", "Organisation Code"]);
        let mut snapshots: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for r in &board {
            snapshots.entry(r[2].as_str()).or_default().insert(r[1].as_str());
        }
        assert!(
            snapshots.values().all(|s| s.len() == 2),
            "two board snapshots: {snapshots:?}"
        );
        assert!(board.iter().any(|r| r[0].is_empty()), "some vacant seats");
    }

    /// All seven regions over a year, for the cases a single region may not show.
    fn all_regions() -> GenerateOptions {
        GenerateOptions {
            seed: 42,
            regions: REGIONS.iter().map(|r| r.code.to_owned()).collect(),
            people: 200,
            months: 13,
            kinds: Some(
                ["esr_workforce", "board", "talent_pool", "vacancies"]
                    .map(str::to_owned)
                    .to_vec(),
            ),
            ..GenerateOptions::default()
        }
    }

    fn last_snapshot() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date")
    }

    /// Latest snapshot date of each (region or file, organisation) in the rows of `kind`.
    fn latest_per_org(s: &GenerateSummary, kind: &str) -> BTreeMap<String, NaiveDate> {
        let mut latest: BTreeMap<String, NaiveDate> = BTreeMap::new();
        for r in column(s, kind, &["Organisation Code", "Snapshot Date"]) {
            let d = parse_date(&r[1]).expect("snapshot date");
            let e = latest.entry(r[0].clone()).or_insert(d);
            *e = (*e).max(d);
        }
        latest
    }

    #[test]
    fn some_organisations_send_late_or_miss_a_month() {
        let (_dir, s) = run(&all_regions());
        let last = last_snapshot();
        // Months sent per organisation, grouped by region.
        let mut sent: BTreeMap<String, BTreeMap<String, BTreeSet<NaiveDate>>> = BTreeMap::new();
        for r in column(
            &s,
            "esr_workforce",
            &["Region Code", "Organisation Code", "Snapshot Date"],
        ) {
            let d = parse_date(&r[2]).expect("snapshot date");
            sent.entry(r[0].clone())
                .or_default()
                .entry(r[1].clone())
                .or_default()
                .insert(d);
        }
        assert_eq!(sent.len(), 7);
        let months_between =
            |a: NaiveDate, b: NaiveDate| (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
        let (mut gaps, mut stale) = (0, 0);
        for (region, orgs) in &sent {
            let mut behind = Vec::new();
            for dates in orgs.values() {
                let latest = *dates.last().expect("some month");
                let tail = months_between(latest, last);
                behind.push(tail);
                let missing_mid = 13 - dates.len() as i32 - tail;
                assert!((0..=1).contains(&missing_mid), "{region}: {dates:?}");
                gaps += missing_mid;
                if tail == 2 {
                    stale += 1;
                    assert!((last - latest).num_days() > 45);
                }
                if tail == 1 {
                    assert!((last - latest).num_days() <= 45);
                }
            }
            behind.sort_unstable();
            let expected: Vec<i32> = match orgs.len() {
                6 => vec![0, 0, 0, 0, 1, 2],
                n => (0..n).map(|i| i32::from(i + 1 == n)).collect(),
            };
            assert_eq!(behind, expected, "{region}: months behind per organisation");
        }
        assert!((1..=7).contains(&gaps), "mid-history gaps {gaps}");
        assert!(stale >= 1, "a region of six organisations has a stale one");
        // The board's latest and the talent pool's snapshot of each organisation are its
        // latest ESR snapshot.
        let esr = latest_per_org(&s, "esr_workforce");
        assert_eq!(esr.values().max(), Some(&last));
        assert_eq!(latest_per_org(&s, "board"), esr);
        assert_eq!(latest_per_org(&s, "talent_pool"), esr);
    }

    #[test]
    fn critical_seats_turn_over_and_esr_board_and_vacancies_agree() {
        let (_dir, s) = run(&all_regions());
        let last = last_snapshot();
        let esr = column(
            &s,
            "esr_workforce",
            &[
                "Snapshot Date",
                "Employee Number",
                "Organisation Code",
                "Critical Role",
                "Interim",
                "Termination Date",
            ],
        );
        let latest = latest_per_org(&s, "esr_workforce");
        let date_of = |x: &str| parse_date(x).expect("date");
        let mut seats: BTreeSet<(String, String)> = BTreeSet::new();
        let mut leavers: BTreeSet<&str> = BTreeSet::new();
        let mut interims: BTreeSet<&str> = BTreeSet::new();
        // (org, role) -> interim flag of the holder in post at the organisation's latest snapshot.
        let mut holder_now: BTreeMap<(String, String), bool> = BTreeMap::new();
        for r in esr.iter().filter(|r| !r[3].is_empty()) {
            let snap = date_of(&r[0]);
            seats.insert((r[2].clone(), r[3].clone()));
            if !r[5].is_empty() {
                // Termination only in the month the holder leaves.
                let term = date_of(&r[5]);
                assert!(term <= snap && (term.year(), term.month()) == (snap.year(), snap.month()));
                if r[4] == "N" {
                    leavers.insert(&r[1]);
                }
            }
            if r[4] == "Y" {
                interims.insert(&r[1]);
            }
            if snap == latest[&r[2]] && r[5].is_empty() {
                let prev = holder_now.insert((r[2].clone(), r[3].clone()), r[4] == "Y");
                assert!(prev.is_none(), "one holder per seat: {r:?}");
            }
        }
        // About 20% a year: 13 months of 7 regions x 4-6 organisations x 6 seats.
        let rate = leavers.len() as f64 / (seats.len() as f64 * 13.0 / 12.0);
        assert!(
            (0.1..0.35).contains(&rate),
            "critical-role leavers a year per seat {rate}"
        );
        assert!(interims.len() >= 10, "interims {}", interims.len());

        // The board's current members (no End Date) are ESR's holders, interims as interims;
        // departed members are listed beside their replacements by some boards.
        let board = column(
            &s,
            "board",
            &[
                "Organisation Code",
                "Member ID",
                "Critical Role",
                "Interim",
                "End Date",
                "Snapshot Date",
            ],
        );
        let mut board_now: BTreeMap<(String, String), Vec<bool>> = BTreeMap::new();
        let mut departed_beside_current = 0;
        for r in board
            .iter()
            .filter(|r| !r[2].is_empty() && date_of(&r[5]) == latest[&r[0]])
        {
            let seat = (r[0].clone(), r[2].clone());
            if r[1].is_empty() {
                assert!(
                    !holder_now.contains_key(&seat),
                    "vacant row for a held seat {r:?}"
                );
            } else if r[4].is_empty() {
                board_now.entry(seat).or_default().push(r[3] == "Y");
            } else {
                assert!(date_of(&r[4]) <= date_of(&r[5]), "{r:?}");
                if holder_now.contains_key(&seat) {
                    departed_beside_current += 1;
                }
            }
        }
        for (seat, interim) in &holder_now {
            assert_eq!(board_now.get(seat), Some(&vec![*interim]), "{seat:?}");
        }
        assert_eq!(board_now.len(), holder_now.len());
        assert!(
            departed_beside_current >= 3,
            "departed beside replacement {departed_beside_current}"
        );

        // Every seat held by an interim or by nobody at the last snapshot has a vacancy open on
        // it (Open, or Filled with a start date after it); some open ones are for seats whose
        // substantive holder is a known leaver still in post.
        let vacancies = column(
            &s,
            "vacancies",
            &[
                "Organisation Code",
                "Critical Role",
                "Advertised Date",
                "Start Date",
                "Status",
            ],
        );
        let open_at_last = |r: &Vec<String>| {
            date_of(&r[2]) <= last && (r[4] == "Open" || r[4] == "Filled" && date_of(&r[3]) > last)
        };
        let filled_after = |r: &&Vec<String>| r[4] == "Filled" && date_of(&r[3]) > last;
        let open_seats: BTreeSet<(String, String)> = vacancies
            .iter()
            .filter(|r| !r[1].is_empty() && open_at_last(r))
            .map(|r| (r[0].clone(), r[1].clone()))
            .collect();
        let mut known_leavers = 0;
        for seat in &seats {
            if latest[&seat.0] != last {
                continue;
            }
            match holder_now.get(seat) {
                None | Some(true) => assert!(open_seats.contains(seat), "no open vacancy for {seat:?}"),
                Some(false) => known_leavers += usize::from(open_seats.contains(seat)),
            }
        }
        assert!(
            known_leavers >= 2,
            "open vacancies for seats of known leavers {known_leavers}"
        );
        let crit_filled_after = vacancies
            .iter()
            .filter(|r| !r[1].is_empty())
            .filter(filled_after)
            .count();
        let other_filled_after = vacancies
            .iter()
            .filter(|r| r[1].is_empty())
            .filter(filled_after)
            .count();
        assert!(
            crit_filled_after >= 1,
            "critical vacancies filled after the last snapshot"
        );
        assert!(
            other_filled_after >= 5,
            "vacancies filled after the last snapshot {other_filled_after}"
        );
    }

    #[test]
    fn bad_options_are_rejected() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let cases = [
            GenerateOptions {
                regions: vec!["Y99".into()],
                ..GenerateOptions::default()
            },
            GenerateOptions {
                kinds: Some(vec!["payroll".into()]),
                ..GenerateOptions::default()
            },
            GenerateOptions {
                dirty: 1.5,
                ..GenerateOptions::default()
            },
            GenerateOptions {
                dirty: f64::NAN,
                ..GenerateOptions::default()
            },
            GenerateOptions {
                people: 0,
                ..GenerateOptions::default()
            },
            GenerateOptions {
                months: 0,
                ..GenerateOptions::default()
            },
        ];
        for opts in cases {
            let err = generate(&opts, dir.path()).expect_err("rejected");
            assert!(matches!(err, GenerateError::InvalidOption(_)), "{err}");
        }
        assert_eq!(
            fs::read_dir(dir.path()).expect("readable").count(),
            0,
            "nothing written"
        );
    }

    /// National-scale smoke test: `cargo test --release -p talentpipe-synth -- --ignored`.
    #[test]
    #[ignore]
    fn scale_300k_people_one_month() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let started = std::time::Instant::now();
        let s = generate(
            &GenerateOptions {
                regions: vec!["Y60".into()],
                people: 300_000,
                months: 1,
                kinds: Some(vec!["esr_workforce".into()]),
                ..GenerateOptions::default()
            },
            dir.path(),
        )
        .expect("generate succeeds");
        let elapsed = started.elapsed();
        let rows: u64 = s.files.iter().map(|f| f.rows).sum();
        eprintln!("300k people, 1 month: {rows} ESR rows in {elapsed:?}");
        assert!(rows > 300_000);
    }
}
