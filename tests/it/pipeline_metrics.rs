//! Leadership pipeline (issue 6): posts, turnover observed vs assumed, demand and supply per
//! horizon, gaps, diversity of supply and the nine-box grid, on a hand-built fixture whose
//! every figure is derived by hand in the comments below. The same fixture feeds
//! `vacancy.rs` and `trends.rs`.
//!
//! # The fixture (reporting date = latest ESR snapshot = 31/10/2026)
//!
//! Two regions: Y56 (organisations RAA, RBB) and Y58 (RCC, RDD).
//!
//! **ESR.** Y56 has 13 month-end snapshots, 31/10/2025 .. 31/10/2026; Y58 has 8, 31/03/2026 ..
//! 31/10/2026. The turnover window is the snapshots after 31/10/2025 (reporting date - 12
//! months) up to 31/10/2026: 12 for Y56, 8 for Y58.
//!
//! | person | org | role / band | snapshots | notes |
//! |---|---|---|---|---|
//! | C1 10000001 | RAA | CEO, VSM | 31/10/2025 .. 31/03/2026 | terminated 15/03/2026 (in window) |
//! | C2 10000002 | RAA | CEO, VSM | 30/04/2026 .. 31/10/2026 | |
//! | C3 10000003 | RBB | CEO, VSM | all 13 | |
//! | I1 10000004 | RAA | DON, VSM, **interim** | all 13 | BME female, clinical |
//! | D1 10000005 | RBB | DON, VSM | all 13 | White female disabled, clinical |
//! | K1 10000006 | RBB | COO, VSM | 31/10/2025 only | terminated 20/10/2025 (before the window) |
//! | L1 10000007 | RBB | MD, **Locum** | all 13 | excluded everywhere |
//! | N1 20000001 | RAA | Band 5 nurse, FTE 1.0 | all 13 | BME female |
//! | N2 20000002 | RAA | Band 5 nurse, FTE 0.6 | all 13 | White female disabled |
//! | N3 20000003 | RAA | Band 5 nurse, FTE 0.8 | 30/06/2026 .. 31/10/2026 | BME male |
//! | N4 20000004 | RAA | Band 5 nurse, **Bank** | 31/10/2026 | excluded |
//! | A1 20000005 | RAA | Band 3 admin | 31/10/2026 | White female |
//! | G1 20000006 | RAA | Band 8c admin | 31/10/2026 | BME female |
//! | M1 20000007 | RBB | Band 5 nurse | all 13 | White female |
//! | E1 30000001 | RCC | CEO | 31/03/2026, 30/04/2026 | terminated 10/04/2026 |
//! | E2 30000002 | RCC | CEO | 31/05/2026 .. 31/10/2026 | |
//! | F1 30000003 | RDD | CEO | all 8 | |
//! | S1 30000004 | RCC | Band 6 nurse | all 8 | |
//!
//! **Board** (latest snapshot 31/10/2026; an older RAA snapshot of 31/10/2025 must be ignored):
//! RAA: Chair, CEO substantive, DON interim, DOF seat with no member, COO substantive.
//! RBB: Chair, CEO substantive, DON substantive, COO interim, DOF whose member's end date
//! (30/09/2026) is before the snapshot (so vacant).
//! RCC: CEO substantive, DON seat with no member. RDD: CEO substantive, DON substantive.
//!
//! **Vacancies** (snapshot = reporting date): open V1 RAA DOF (adv 01/09/2026, 60 days),
//! V2 RAA DON (adv 01/07/2026, 122 days, advertised twice), V3 RDD DON (adv 02/08/2026, 90
//! days), V4 RAA Band 5 FTE 1.0 (adv 01/08/2026, 91 days), V5 RAA Band 5 FTE 0.5 (adv
//! 01/10/2026, 30 days, advertised 3 times), V6 RAA Band 3 (adv 05/11/2026: after the snapshot,
//! so not open on it); V7 withdrawn; filled F1..F8 (see `vacancy.rs`).
//!
//! **Talent pool**: Y56 latest snapshot 30/09/2026 (an older 31/03/2026 row must be ignored),
//! Y58 latest 31/10/2026:
//!
//! | person | org | target | performance / potential | readiness | ethnicity, gender, disability, clinical |
//! |---|---|---|---|---|---|
//! | T1 | RAA | CEO | High / High | Ready now | BME, F, No, N |
//! | T2 | RAA | CEO | Moderate / High | Ready 1-2 years | White, M, No, N |
//! | T3 | RBB | CEO | High / Moderate | Ready 3-5 years | BME, M, Yes, Y |
//! | T4 | RBB | CEO | Low / Moderate | Not ready | White, F, No, N |
//! | T5 | RAA | DON | High / High | Ready now | BME, F, No, Y |
//! | T6 | RBB | DON | High / Moderate | Ready 1-2 years | White, F, No, Y |
//! | T1 | RAA | COO | High / High | Ready 1-2 years | (same person as above) |
//! | T7 | RCC | CEO | Moderate / Moderate | Ready now | White, M, No, N |
//! | T8 | RDD | DON | Moderate / High | Ready 3-5 years | BME, F, Not Declared, Y |

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use arrow::array::RecordBatch;
use talentpipe::config::Config;
use talentpipe::pipeline::{self, RunOptions};
use talentpipe::publish::Manifest;

use crate::ingest::{ESR_HEADER, esr_row, write};
use crate::support::{approx, fixture_config, num, read_tables, row, shipped_queries, text};

pub type Tables = BTreeMap<String, RecordBatch>;

/// How an extract kind is supplied in a fixture variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supplied {
    /// The fixture's rows.
    Rows,
    /// A file with the header and no rows (zero rows, not absent).
    HeaderOnly,
    /// No folder at all: the kind is "not supplied".
    Absent,
}

#[derive(Debug, Clone, Copy)]
pub struct Variant {
    pub vacancies: Supplied,
    pub talent_pool: Supplied,
}

pub const FULL: Variant = Variant {
    vacancies: Supplied::Rows,
    talent_pool: Supplied::Rows,
};

/// Month-ends of the Y56 history; Y58 has the last eight (index 5 onwards).
const MONTHS: [&str; 13] = [
    "31/10/2025",
    "30/11/2025",
    "31/12/2025",
    "31/01/2026",
    "28/02/2026",
    "31/03/2026",
    "30/04/2026",
    "31/05/2026",
    "30/06/2026",
    "31/07/2026",
    "31/08/2026",
    "30/09/2026",
    "31/10/2026",
];

struct Esr {
    emp: &'static str,
    org: &'static str,
    region: &'static str,
    group: &'static str,
    job: &'static str,
    critical: &'static str,
    band: &'static str,
    ethnic: &'static str,
    gender: &'static str,
    disability: &'static str,
    fte: &'static str,
    category: &'static str,
    interim: &'static str,
    /// Snapshot indices into `MONTHS` (inclusive).
    from: usize,
    to: usize,
    /// Termination date written on the last snapshot, if any.
    terminated: &'static str,
}

const NURSING: &str = "Nursing and Midwifery Registered";
const ADMIN: &str = "Administrative and Clerical";
const WHITE: &str = "A White - British";
const INDIAN: &str = "H Asian or Asian British - Indian";
const AFRICAN: &str = "N Black or Black British - African";

fn person(emp: &'static str, org: &'static str, region: &'static str) -> Esr {
    Esr {
        emp,
        org,
        region,
        group: NURSING,
        job: "Staff Nurse",
        critical: "",
        band: "Band 5",
        ethnic: WHITE,
        gender: "Female",
        disability: "No",
        fte: "1.0",
        category: "Permanent",
        interim: "N",
        from: 0,
        to: 12,
        terminated: "",
    }
}

fn esr_people() -> Vec<Esr> {
    let ceo = |emp, org, region| Esr {
        group: ADMIN,
        job: "Chief Executive",
        critical: "CEO",
        band: "VSM",
        gender: "Male",
        ..person(emp, org, region)
    };
    vec![
        Esr {
            to: 5,
            terminated: "15/03/2026",
            ..ceo("10000001", "RAA", "Y56")
        },
        Esr {
            from: 6,
            ..ceo("10000002", "RAA", "Y56")
        },
        Esr {
            gender: "Female",
            ..ceo("10000003", "RBB", "Y56")
        },
        Esr {
            job: "Director of Nursing",
            critical: "DON",
            band: "VSM",
            ethnic: INDIAN,
            category: "Fixed Term Temp",
            interim: "Y",
            ..person("10000004", "RAA", "Y56")
        },
        Esr {
            job: "Director of Nursing",
            critical: "DON",
            band: "VSM",
            disability: "Yes",
            ..person("10000005", "RBB", "Y56")
        },
        Esr {
            job: "Chief Operating Officer",
            critical: "COO",
            to: 0,
            terminated: "20/10/2025",
            ..ceo("10000006", "RBB", "Y56")
        },
        Esr {
            group: "Medical and Dental",
            job: "Medical Director",
            critical: "MD",
            band: "Medical",
            gender: "Male",
            category: "Locum",
            ..person("10000007", "RBB", "Y56")
        },
        Esr {
            ethnic: INDIAN,
            ..person("20000001", "RAA", "Y56")
        },
        Esr {
            fte: "0.6",
            disability: "Yes",
            ..person("20000002", "RAA", "Y56")
        },
        Esr {
            ethnic: AFRICAN,
            gender: "Male",
            fte: "0.8",
            from: 8,
            ..person("20000003", "RAA", "Y56")
        },
        Esr {
            ethnic: "M Black or Black British - Caribbean",
            category: "Bank",
            from: 12,
            ..person("20000004", "RAA", "Y56")
        },
        Esr {
            group: ADMIN,
            job: "Receptionist",
            band: "Band 3",
            from: 12,
            ..person("20000005", "RAA", "Y56")
        },
        Esr {
            group: ADMIN,
            job: "Head of Finance",
            band: "Band 8c",
            ethnic: "R Chinese",
            from: 12,
            ..person("20000006", "RAA", "Y56")
        },
        person("20000007", "RBB", "Y56"),
        Esr {
            from: 5,
            to: 6,
            terminated: "10/04/2026",
            ..ceo("30000001", "RCC", "Y58")
        },
        Esr {
            from: 7,
            ethnic: AFRICAN,
            ..ceo("30000002", "RCC", "Y58")
        },
        Esr {
            from: 5,
            gender: "Female",
            ..ceo("30000003", "RDD", "Y58")
        },
        Esr {
            from: 5,
            band: "Band 6",
            gender: "Male",
            ..person("30000004", "RCC", "Y58")
        },
    ]
}

fn esr_csv() -> String {
    let mut lines = vec![ESR_HEADER.to_string()];
    for p in esr_people() {
        for (i, month) in MONTHS.iter().enumerate().take(p.to + 1).skip(p.from) {
            let termination = if i == p.to { p.terminated } else { "" };
            let reason = if termination.is_empty() {
                ""
            } else {
                "Voluntary Resignation"
            };
            lines.push(esr_row(
                p.emp,
                &[
                    ("Snapshot Date", month),
                    ("Organisation Code", p.org),
                    ("Region Code", p.region),
                    ("Staff Group", p.group),
                    ("Job Role", p.job),
                    ("Critical Role", p.critical),
                    ("Pay Band", p.band),
                    ("Ethnic Origin", p.ethnic),
                    ("Gender", p.gender),
                    ("Disability", p.disability),
                    ("FTE", p.fte),
                    ("Assignment Category", p.category),
                    ("Interim", p.interim),
                    ("Termination Date", termination),
                    ("Leaving Reason", reason),
                ],
            ));
        }
    }
    lines.join("\n") + "\n"
}

const BOARD: &str = "\
Organisation Code,Member ID,Role,Critical Role,Voting,Executive,Ethnic Origin,Gender,Disability,Interim,Start Date,End Date,Snapshot Date
RAA,B-A0,Chief Executive,CEO,Y,Y,A White - British,Male,No,N,01/04/2019,,31/10/2025
RAA,B-A4,Director of Finance,DOF,Y,Y,A White - British,Female,No,N,01/01/2019,,31/10/2025
RAA,B-A1,Chair,,Y,N,A White - British,Male,No,N,01/01/2020,,31/10/2026
RAA,B-A2,Chief Executive,CEO,Y,Y,A White - British,Male,No,N,01/04/2026,,31/10/2026
RAA,B-A3,Director of Nursing,DON,Y,Y,H Asian or Asian British - Indian,Female,No,Y,01/01/2025,,31/10/2026
RAA,,Director of Finance,DOF,Y,Y,,,,,,,31/10/2026
RAA,B-A5,Chief Operating Officer,COO,Y,Y,A White - British,Female,Yes,N,01/06/2021,,31/10/2026
RBB,B-B1,Chair,,Y,N,M Black or Black British - Caribbean,Female,No,N,01/01/2021,,31/10/2026
RBB,B-B2,Chief Executive,CEO,Y,Y,A White - British,Female,No,N,01/01/2020,,31/10/2026
RBB,B-B3,Director of Nursing,DON,Y,Y,A White - British,Female,Yes,N,01/01/2022,,31/10/2026
RBB,B-B4,Chief Operating Officer,COO,Y,Y,A White - British,Male,No,Y,01/03/2026,,31/10/2026
RBB,B-B5,Director of Finance,DOF,Y,Y,A White - British,Male,No,N,01/01/2018,30/09/2026,31/10/2026
RCC,B-C1,Chief Executive,CEO,Y,Y,N Black or Black British - African,Male,No,N,01/05/2026,,31/10/2026
RCC,,Director of Nursing,DON,Y,Y,,,,,,,31/10/2026
RDD,B-D1,Chief Executive,CEO,Y,Y,A White - British,Female,No,N,01/01/2023,,31/10/2026
RDD,B-D2,Director of Nursing,DON,Y,Y,J Asian or Asian British - Pakistani,Female,No,N,01/01/2024,,31/10/2026
";

pub const VACANCIES_HEADER: &str = "Vacancy Reference,Organisation Code,Region Code,Staff Group,Pay Band,Job Role,Critical Role,FTE,Advertised Date,Closing Date,Offer Date,Start Date,Status,Interim Cover,Times Advertised";

const VACANCY_ROWS: &str = "\
V1,RAA,Y56,Administrative and Clerical,VSM,Director of Finance,DOF,1.0,2026-09-01,,,,Open,N,1
V2,RAA,Y56,Nursing and Midwifery Registered,VSM,Director of Nursing,DON,1.0,2026-07-01,,,,Open,Y,2
V3,RDD,Y58,Nursing and Midwifery Registered,VSM,Director of Nursing,DON,1.0,2026-08-02,,,,Open,N,1
V4,RAA,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-08-01,,,,Open,N,1
V5,RAA,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,0.5,2026-10-01,,,,Open,N,3
V6,RAA,Y56,Administrative and Clerical,Band 3,Receptionist,,1.0,2026-11-05,,,,Open,N,1
V7,RBB,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-05-01,2026-05-20,,,Withdrawn,N,1
F1,RAA,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-01-01,,2026-01-21,2026-01-31,Filled,N,1
F2,RAA,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-02-01,,2026-02-26,2026-03-18,Filled,N,1
F3,RBB,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-03-01,,2026-04-10,2026-04-30,Filled,N,1
F4,RBB,Y56,Administrative and Clerical,Band 3,Receptionist,,1.0,2026-01-10,,2026-03-01,2026-04-10,Filled,N,2
F5,RBB,Y56,Nursing and Midwifery Registered,VSM,Director of Nursing,DON,1.0,2025-09-01,,2026-05-01,2026-06-28,Filled,Y,1
F6,RAA,Y56,Administrative and Clerical,VSM,Chief Operating Officer,COO,1.0,2025-11-01,,2026-04-01,2026-05-20,Filled,N,1
F7,RDD,Y58,Nursing and Midwifery Registered,VSM,Director of Nursing,DON,1.0,2025-12-01,,2026-06-20,2026-08-08,Filled,N,1
F8,RBB,Y56,Nursing and Midwifery Registered,Band 5,Staff Nurse,,1.0,2026-06-01,,2026-06-21,,Filled,N,1
";

pub const TALENT_POOL_HEADER: &str = "Snapshot Date,Employee Number,Organisation Code,Region Code,Target Role,Performance,Potential,Readiness,Mobility,Programme,Ethnic Origin,Gender,Disability,Clinical Background";

const TALENT_POOL_ROWS: &str = "\
31/03/2026,40000009,RAA,Y56,CEO,High,High,Ready now,Region,,A White - British,Male,No,N
30/09/2026,40000001,RAA,Y56,CEO,High,High,Ready now,Region,Aspiring Chief Executive,H Asian or Asian British - Indian,Female,No,N
30/09/2026,40000002,RAA,Y56,CEO,Moderate,High,Ready 1-2 years,Organisation,,A White - British,Male,No,N
30/09/2026,40000003,RBB,Y56,CEO,High,Moderate,Ready 3-5 years,National,,N Black or Black British - African,Male,Yes,Y
30/09/2026,40000004,RBB,Y56,CEO,Low,Moderate,Not ready,Organisation,,A White - British,Female,No,N
30/09/2026,40000005,RAA,Y56,DON,High,High,Ready now,Region,,K Asian or Asian British - Bangladeshi,Female,No,Y
30/09/2026,40000006,RBB,Y56,DON,High,Moderate,Ready 1-2 years,Region,,B White - Irish,Female,No,Y
30/09/2026,40000001,RAA,Y56,COO,High,High,Ready 1-2 years,Region,,H Asian or Asian British - Indian,Female,No,N
31/10/2026,50000001,RCC,Y58,CEO,Moderate,Moderate,Ready now,Region,,A White - British,Male,No,N
31/10/2026,50000002,RDD,Y58,DON,Moderate,High,Ready 3-5 years,National,,D Mixed - White & Black Caribbean,Female,Not Declared,Y
";

const POPULATION: &str = "\
Region Code,Ethnic Group,Population
Y56,White,600
Y56,Mixed,50
Y56,Asian,200
Y56,Black,100
Y56,Other,50
Y58,White,900
Y58,Asian,100
";

/// Staff survey: one organisation (RAA, so region Y56), two survey years; see `trends.rs`.
const STAFF_SURVEY: &str = "\
Survey Year,Organisation Code,Respondent ID,Ethnic Group,Gender,Disability,Staff Group,harassment_public,harassment_manager,harassment_colleagues,equal_opportunities,discrimination_public,discrimination_staff
2025,RAA,R25-1,White,Female,No,Administrative and Clerical,Never,Never,1-2,Yes,No,No
2025,RAA,R25-2,White,Male,No,Administrative and Clerical,3-5,,Never,No,No,No
2025,RAA,R25-3,Mixed / Multiple ethnic groups,Female,No,Nursing and Midwifery Registered,1-2,Never,Never,Don't know,No,Yes
2025,RAA,R25-4,Asian / Asian British,Male,No,Nursing and Midwifery Registered,,,,Yes,,
2025,RAA,R25-5,Prefer not to say,Female,No,Nursing and Midwifery Registered,6-10,Never,Never,No,No,Yes
2026,RAA,R26-1,White,Female,No,Administrative and Clerical,Never,Never,Never,Yes,No,No
2026,RAA,R26-2,Black / African / Caribbean / Black British,Female,Yes,Nursing and Midwifery Registered,More than 10,1-2,,No,Yes,Yes
2026,RAA,R26-3,Chinese,Male,No,Nursing and Midwifery Registered,Never,Never,Never,Yes,No,No
";

/// Writes the fixture input root (see the module docs) in the given variant.
pub fn write_fixture(root: &Path, variant: Variant) {
    write(root, "esr_workforce", "esr.csv", esr_csv());
    write(root, "board", "board.csv", BOARD);
    write(root, "population", "population.csv", POPULATION);
    write(root, "staff_survey", "survey.csv", STAFF_SURVEY);
    let kinds = [
        ("vacancies", variant.vacancies, VACANCIES_HEADER, VACANCY_ROWS),
        (
            "talent_pool",
            variant.talent_pool,
            TALENT_POOL_HEADER,
            TALENT_POOL_ROWS,
        ),
    ];
    for (kind, supplied, header, rows) in kinds {
        match supplied {
            Supplied::Rows => write(root, kind, "rows.csv", format!("{header}\n{rows}")),
            Supplied::HeaderOnly => write(root, kind, "rows.csv", format!("{header}\n")),
            Supplied::Absent => {}
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The shipped query folders this issue owns, plus `common/` which they read. (Other
/// engineers' folders are left out so their work in progress cannot break these tests.)
pub fn issue6_queries() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["common", "pipeline", "vacancy", "trends"] {
        copy_dir(&shipped_queries().join(folder), &dir.path().join(folder));
    }
    dir
}

/// Runs ingest + queries + publish on `variant` (after `configure` adjusts the config) and
/// returns the manifest and every restricted (exact) table. Blocking: own tokio runtime.
pub fn run_variant(variant: Variant, configure: impl FnOnce(&mut Config) + Send) -> (Manifest, Tables) {
    std::thread::scope(|s| {
        s.spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async move {
                let input = tempfile::tempdir().unwrap();
                write_fixture(input.path(), variant);
                let queries = issue6_queries();
                let output = tempfile::tempdir().unwrap();
                let mut cfg = fixture_config(input.path(), output.path(), queries.path(), 5);
                configure(&mut cfg);
                let manifest = pipeline::run(
                    &cfg,
                    &RunOptions {
                        quiet: true,
                        ..Default::default()
                    },
                )
                .await
                .unwrap_or_else(|e| panic!("pipeline run failed: {e}"));
                let tables = read_tables(&cfg.output, &manifest, "restricted").await;
                (manifest, tables)
            })
        })
        .join()
        .expect("fixture run panicked")
    })
}

/// The full fixture, run once and shared by every test that reads it.
pub fn full() -> &'static (Manifest, Tables) {
    static FULL_RUN: OnceLock<(Manifest, Tables)> = OnceLock::new();
    FULL_RUN.get_or_init(|| run_variant(FULL, |_| {}))
}

/// A table of a run; panics naming the table when it is missing.
pub fn table<'a>(tables: &'a Tables, name: &str) -> &'a RecordBatch {
    tables
        .get(name)
        .unwrap_or_else(|| panic!("no table {name}; have {:?}", tables.keys().collect::<Vec<_>>()))
}

/// One numeric cell of the single row matching `filters`.
pub fn cell(tables: &Tables, name: &str, filters: &[(&str, &str)], column: &str) -> Option<f64> {
    let t = table(tables, name);
    num(t, column, row(t, filters))
}

/// One text cell of the single row matching `filters`.
pub fn cell_text(tables: &Tables, name: &str, filters: &[(&str, &str)], column: &str) -> String {
    let t = table(tables, name);
    text(t, column, row(t, filters))
}

/// A query's status in the manifest (`ok`, `not_computed`, `failed`) and its row count.
pub fn status(manifest: &Manifest, name: &str) -> (String, u64) {
    let q = manifest
        .queries
        .iter()
        .find(|q| q.name == name)
        .unwrap_or_else(|| panic!("query {name} not in the manifest"));
    (q.status.clone(), q.rows)
}

/// Asserts the pipeline row of (org, role, horizon): posts, vacant, interim, substantive,
/// expected demand, ready candidates, gap and candidates per expected vacancy (None = null).
#[track_caller]
#[allow(clippy::too_many_arguments)]
fn assert_horizon(
    t: &Tables,
    region: &str,
    org: &str,
    role: &str,
    horizon: &str,
    counts: [f64; 4],
    demand: f64,
    supply: f64,
    gap: f64,
    ratio: Option<f64>,
) {
    let f = [
        ("region_code", region),
        ("org_code", org),
        ("critical_role", role),
        ("horizon", horizon),
    ];
    let c = |col| cell(t, "leadership_pipeline", &f, col);
    assert_eq!(
        [
            c("posts"),
            c("vacant_now"),
            c("interim_now"),
            c("substantive_now")
        ],
        counts.map(Some),
        "{org} {role} {horizon}: posts, vacant, interim, substantive"
    );
    approx(c("expected_demand"), demand);
    assert_eq!(
        c("ready_candidates"),
        Some(supply),
        "{org} {role} {horizon}: supply"
    );
    approx(c("gap"), gap);
    match ratio {
        Some(r) => approx(c("candidates_per_expected_vacancy"), r),
        None => assert_eq!(
            c("candidates_per_expected_vacancy"),
            None,
            "{org} {role} {horizon}"
        ),
    }
}

#[test]
fn every_issue6_query_runs_on_the_full_fixture() {
    // common/ building blocks for other issues' tables (e.g. recruitment) may need extracts this
    // fixture does not supply.
    let (m, _) = full();
    for q in m.queries.iter().filter(|q| !q.file.contains("/common/")) {
        assert_eq!(q.status, "ok", "{}: {:?}", q.name, q.message);
    }
}

#[test]
fn turnover_is_observed_from_esr_or_assumed_from_configuration() {
    let (_, t) = full();
    let get = |region: &str, org: &str, role: &str, col: &str| {
        let filters = [
            ("region_code", region),
            ("org_code", org),
            ("critical_role", role),
        ];
        cell(t, "leadership_turnover", &filters, col)
    };
    let basis = |region: &str, org: &str, role: &str| {
        cell_text(
            t,
            "leadership_turnover",
            &[
                ("region_code", region),
                ("org_code", org),
                ("critical_role", role),
            ],
            "turnover_basis",
        )
    };
    // Y56 CEO, 12 months: C1 holds RAA's seat in 5 window snapshots (30/11/2025 .. 31/03/2026;
    // 31/10/2025 is outside) and leaves 15/03/2026; C2 holds it 7 months; C3 holds RBB's 12.
    // headcount_months = 5 + 7 + 12 = 24, leavers = 1: rate = 12 x 1 / 24 = 0.5 (= 1 leaver
    // / average headcount 2).
    assert_eq!(get("Y56", "", "CEO", "turnover_months"), Some(12.0));
    assert_eq!(get("Y56", "", "CEO", "leavers"), Some(1.0));
    assert_eq!(get("Y56", "", "CEO", "headcount_months"), Some(24.0));
    approx(get("Y56", "", "CEO", "average_monthly_headcount"), 2.0);
    approx(get("Y56", "", "CEO", "annual_turnover_rate"), 0.5);
    assert_eq!(basis("Y56", "", "CEO"), "observed");
    // RAA alone: 12 headcount-months, 1 leaver: 12 / 12 = 1.0 (not above 1: no cap note).
    approx(get("Y56", "RAA", "CEO", "annual_turnover_rate"), 1.0);
    assert_eq!(
        cell_text(
            t,
            "leadership_turnover",
            &[("org_code", "RAA"), ("critical_role", "CEO")],
            "turnover_note"
        ),
        ""
    );
    // Y58 CEO, only 8 months of history (31/03/2026 .. 31/10/2026): E1 2 months (leaves
    // 10/04/2026), E2 6, F1 8: headcount_months 16, leavers 1: annualised 12 x 1 / 16 = 0.75
    // (= 1 leaver in 8 months / average headcount 2, x 12 / 8).
    assert_eq!(get("Y58", "", "CEO", "turnover_months"), Some(8.0));
    assert_eq!(get("Y58", "", "CEO", "headcount_months"), Some(16.0));
    approx(get("Y58", "", "CEO", "annual_turnover_rate"), 0.75);
    assert_eq!(basis("Y58", "", "CEO"), "observed");
    // RCC alone: 8 headcount-months, 1 leaver: 12 / 8 = 1.5 observed, capped at 1.
    approx(get("Y58", "RCC", "CEO", "observed_turnover_rate"), 1.5);
    approx(get("Y58", "RCC", "CEO", "annual_turnover_rate"), 1.0);
    assert_eq!(
        cell_text(
            t,
            "leadership_turnover",
            &[("org_code", "RCC"), ("critical_role", "CEO")],
            "turnover_note"
        ),
        "observed rate above 1 a year: capped at 1"
    );
    // Y56 DON: the interim (I1) is not a substantive holder; D1 holds RBB's 12 months, no
    // leaver: observed 0.
    assert_eq!(get("Y56", "", "DON", "headcount_months"), Some(12.0));
    approx(get("Y56", "", "DON", "annual_turnover_rate"), 0.0);
    assert_eq!(basis("Y56", "", "DON"), "observed");
    // Y56 COO: K1's only snapshot (31/10/2025) and termination (20/10/2025) are before the
    // window, so no holder: assumed default 0.30, over the 12 months of history.
    assert_eq!(get("Y56", "", "COO", "headcount_months"), Some(0.0));
    assert_eq!(get("Y56", "", "COO", "leavers"), Some(0.0));
    approx(get("Y56", "", "COO", "annual_turnover_rate"), 0.30);
    assert_eq!(basis("Y56", "", "COO"), "assumed");
    assert_eq!(get("Y56", "", "COO", "turnover_months"), Some(12.0));
    assert_eq!(get("Y56", "", "COO", "observed_turnover_rate"), None);
    // Y56 MD: only a Locum holds it (excluded): assumed 0.25. Y58 DON: nobody: assumed 0.30.
    approx(get("Y56", "", "MD", "annual_turnover_rate"), 0.25);
    assert_eq!(basis("Y56", "", "MD"), "assumed");
    approx(get("Y58", "", "DON", "annual_turnover_rate"), 0.30);
    assert_eq!(
        cell_text(
            t,
            "leadership_turnover",
            &[("region_code", "Y58"), ("org_code", ""), ("critical_role", "DON")],
            "turnover_note"
        ),
        "no substantive holder in ESR history: assumed rate used"
    );
    // 2 regions x 6 roles + 4 organisations x 6 roles.
    assert_eq!(table(t, "leadership_turnover").num_rows(), 12 + 24);
}

#[test]
fn demand_and_supply_per_horizon() {
    let (_, t) = full();
    // Y56 CEO: 2 substantive (RAA B-A2, RBB B-B2), none vacant or interim; r = 0.5 (observed).
    // demand: now 0; 0-1y 2 x (1 - 0.5) = 1; 1-3y 2 x (1 - 0.125) = 1.75;
    //         3-5y 2 x (1 - 0.03125) = 1.9375.
    // supply: Ready now T1 = 1 (now, 0-1y); + Ready 1-2 years T2 = 2 (1-3y);
    //         + Ready 3-5 years T3 = 3 (3-5y); T4 (Not ready) never; T9 is on an old snapshot.
    // gap = supply - demand; ratio = supply / demand (null when demand is 0).
    assert_horizon(t, "Y56", "", "CEO", "now", [2., 0., 0., 2.], 0.0, 1.0, 1.0, None);
    assert_horizon(
        t,
        "Y56",
        "",
        "CEO",
        "0-1y",
        [2., 0., 0., 2.],
        1.0,
        1.0,
        0.0,
        Some(1.0),
    );
    assert_horizon(
        t,
        "Y56",
        "",
        "CEO",
        "1-3y",
        [2., 0., 0., 2.],
        1.75,
        2.0,
        0.25,
        Some(1.1429),
    ); // 2 / 1.75
    assert_horizon(
        t,
        "Y56",
        "",
        "CEO",
        "3-5y",
        [2., 0., 0., 2.],
        1.9375,
        3.0,
        1.0625,
        Some(1.5484),
    ); // 3 / 1.9375
    // Y56 COO: RAA substantive, RBB interim; r = 0.30 assumed. demand = 1 + 1 x (1 - 0.7^h):
    // now 1; 0-1y 1.3; 1-3y 1 + (1 - 0.343) = 1.657; 3-5y 1 + (1 - 0.16807) = 1.83193.
    // supply: T1 is Ready 1-2 years for COO: 0, 0, 1, 1.
    assert_horizon(
        t,
        "Y56",
        "",
        "COO",
        "now",
        [2., 0., 1., 1.],
        1.0,
        0.0,
        -1.0,
        Some(0.0),
    );
    assert_horizon(
        t,
        "Y56",
        "",
        "COO",
        "0-1y",
        [2., 0., 1., 1.],
        1.3,
        0.0,
        -1.3,
        Some(0.0),
    );
    assert_horizon(
        t,
        "Y56",
        "",
        "COO",
        "1-3y",
        [2., 0., 1., 1.],
        1.657,
        1.0,
        -0.657,
        Some(0.6035),
    ); // 1 / 1.657
    assert_horizon(
        t,
        "Y56",
        "",
        "COO",
        "3-5y",
        [2., 0., 1., 1.],
        1.8319,
        1.0,
        -0.8319,
        Some(0.5459),
    ); // 1 / 1.83193
    // Y56 DOF: RAA's seat has no member (its open vacancy V1 is that same post, so it is not
    // counted again) and RBB's member left 30/09/2026 (before the snapshot): 2 vacant.
    // The older RAA snapshot (DOF filled) is ignored. demand 2 at every horizon; no supply.
    for h in ["now", "0-1y", "1-3y", "3-5y"] {
        assert_horizon(
            t,
            "Y56",
            "",
            "DOF",
            h,
            [2., 2., 0., 0.],
            2.0,
            0.0,
            -2.0,
            Some(0.0),
        );
    }
    // Y56 DON: RAA interim (its open vacancy V2 is the interim's post, not counted again),
    // RBB substantive; r = 0 observed: demand 0 + 1 + 1 x (1 - 1^h) = 1 at every horizon.
    // supply: T5 Ready now (RAA), T6 Ready 1-2 years (RBB): 1, 1, 2, 2.
    assert_horizon(
        t,
        "Y56",
        "",
        "DON",
        "now",
        [2., 0., 1., 1.],
        1.0,
        1.0,
        0.0,
        Some(1.0),
    );
    assert_horizon(
        t,
        "Y56",
        "",
        "DON",
        "0-1y",
        [2., 0., 1., 1.],
        1.0,
        1.0,
        0.0,
        Some(1.0),
    );
    assert_horizon(
        t,
        "Y56",
        "",
        "DON",
        "1-3y",
        [2., 0., 1., 1.],
        1.0,
        2.0,
        1.0,
        Some(2.0),
    );
    assert_horizon(
        t,
        "Y56",
        "",
        "DON",
        "3-5y",
        [2., 0., 1., 1.],
        1.0,
        2.0,
        1.0,
        Some(2.0),
    );
    // Y58 CEO: 2 substantive, r = 0.75 (annualised over 8 months). demand: now 0;
    // 0-1y 2 x 0.75 = 1.5; 1-3y 2 x (1 - 0.25^3) = 1.96875 -> 1.9688;
    // 3-5y 2 x (1 - 0.25^5) = 1.998046875 -> 1.998. supply: T7 Ready now = 1 throughout.
    assert_horizon(t, "Y58", "", "CEO", "now", [2., 0., 0., 2.], 0.0, 1.0, 1.0, None);
    let y58 = |h: &str, col: &str| {
        cell(
            t,
            "leadership_pipeline",
            &[
                ("region_code", "Y58"),
                ("org_code", ""),
                ("critical_role", "CEO"),
                ("horizon", h),
            ],
            col,
        )
    };
    approx(y58("0-1y", "expected_demand"), 1.5);
    approx(y58("0-1y", "gap"), -0.5);
    approx(y58("0-1y", "candidates_per_expected_vacancy"), 0.6667); // 1 / 1.5
    approx(y58("1-3y", "expected_demand"), 1.9688);
    approx(y58("1-3y", "candidates_per_expected_vacancy"), 0.5079); // 1 / 1.96875
    approx(y58("3-5y", "expected_demand"), 1.998);
    approx(y58("3-5y", "gap"), -0.998);
    approx(y58("3-5y", "candidates_per_expected_vacancy"), 0.5005); // 1 / 1.998046875
    assert_eq!(y58("3-5y", "ready_candidates"), Some(1.0));
    // Y58 DON: RCC seat with no member (vacant 1); RDD's seat is held substantively but has
    // an open vacancy V3 beyond the board (no vacant or interim seat to absorb it): vacant 1,
    // substantive 1, posts 2. Region: posts 3, vacant 2, substantive 1, r = 0.30 assumed.
    // demand: now 2; 0-1y 2.3; 1-3y 2.657; 3-5y 2.83193. supply: T8 Ready 3-5 years: 0,0,0,1.
    let y58_don = |h: &str, col: &str| {
        cell(
            t,
            "leadership_pipeline",
            &[
                ("region_code", "Y58"),
                ("org_code", ""),
                ("critical_role", "DON"),
                ("horizon", h),
            ],
            col,
        )
    };
    assert_eq!(y58_don("now", "posts"), Some(3.0));
    assert_eq!(y58_don("now", "vacant_now"), Some(2.0));
    assert_eq!(y58_don("now", "substantive_now"), Some(1.0));
    approx(y58_don("now", "expected_demand"), 2.0);
    approx(y58_don("0-1y", "expected_demand"), 2.3);
    approx(y58_don("1-3y", "expected_demand"), 2.657);
    approx(y58_don("3-5y", "expected_demand"), 2.8319);
    assert_eq!(y58_don("1-3y", "ready_candidates"), Some(0.0));
    assert_eq!(y58_don("3-5y", "ready_candidates"), Some(1.0));
    approx(y58_don("3-5y", "candidates_per_expected_vacancy"), 0.3531); // 1 / 2.83193
    assert_eq!(
        cell_text(
            t,
            "leadership_pipeline",
            &[("org_code", "RDD"), ("critical_role", "DON"), ("horizon", "now")],
            "vacant_now"
        ),
        "1"
    );
    // Organisation rows: RAA CEO supply 1, 1, 2 (T2), 2 (T3 is RBB's); RAA's CEO demand uses
    // the region's rate: 0-1y 1 x 0.5.
    assert_horizon(
        t,
        "Y56",
        "RAA",
        "CEO",
        "0-1y",
        [1., 0., 0., 1.],
        0.5,
        1.0,
        0.5,
        Some(2.0),
    );
    // RBB CEO 3-5y: 1 x (1 - 0.5^5) = 0.96875 -> 0.9688 (ROUND half away from zero);
    // gap 0.03125 -> 0.0313; ratio 1 / 0.96875 = 1.0323.
    assert_horizon(
        t,
        "Y56",
        "RBB",
        "CEO",
        "3-5y",
        [1., 0., 0., 1.],
        0.9688,
        1.0,
        0.0313,
        Some(1.0323),
    );
    // The rate, its basis and months travel with every row.
    assert_eq!(
        cell_text(
            t,
            "leadership_pipeline",
            &[("org_code", "RBB"), ("critical_role", "COO"), ("horizon", "now")],
            "turnover_basis"
        ),
        "assumed"
    );
    approx(
        cell(
            t,
            "leadership_pipeline",
            &[
                ("region_code", "Y58"),
                ("org_code", ""),
                ("critical_role", "CEO"),
                ("horizon", "now"),
            ],
            "turnover_months",
        ),
        8.0,
    );
    // 4 organisations + 2 regions, x 6 roles x 4 horizons.
    assert_eq!(table(t, "leadership_pipeline").num_rows(), 6 * 6 * 4);
}

#[test]
fn demand_zero_gives_a_null_ratio_with_a_note() {
    let (_, t) = full();
    // RBB DON: one substantive holder, no vacancy or interim, Y56 DON rate 0 (observed):
    // demand 0 at every horizon. Supply (T6, Ready 1-2 years, RBB): 0, 0, 1, 1.
    for (h, supply) in [("now", 0.0), ("0-1y", 0.0), ("1-3y", 1.0), ("3-5y", 1.0)] {
        assert_horizon(
            t,
            "Y56",
            "RBB",
            "DON",
            h,
            [1., 0., 0., 1.],
            0.0,
            supply,
            supply,
            None,
        );
        assert_eq!(
            cell_text(
                t,
                "leadership_pipeline",
                &[("org_code", "RBB"), ("critical_role", "DON"), ("horizon", h)],
                "candidates_per_expected_vacancy_note"
            ),
            "no expected demand: no vacant or interim post and no substantive holder expected to leave"
        );
    }
    // Y56 MD: no seat, no vacancy, no candidate: every count 0, ratio null.
    assert_horizon(t, "Y56", "", "MD", "3-5y", [0., 0., 0., 0.], 0.0, 0.0, 0.0, None);
    // A row with demand has no note.
    assert_eq!(
        cell_text(
            t,
            "leadership_pipeline",
            &[
                ("region_code", "Y56"),
                ("org_code", ""),
                ("critical_role", "CEO"),
                ("horizon", "0-1y")
            ],
            "candidates_per_expected_vacancy_note"
        ),
        ""
    );
}

#[test]
fn diversity_of_supply_beside_workforce_feeder_bands_board_and_community() {
    let (_, t) = full();
    let get = |group: &str, role: &str, col: &str| {
        cell(
            t,
            "leadership_pipeline_diversity",
            &[
                ("region_code", "Y56"),
                ("org_code", ""),
                ("comparison_group", group),
                ("critical_role", role),
            ],
            col,
        )
    };
    // Supply pool, CEO (Y56, readiness other than Not ready): T1 (BME F), T2 (White M),
    // T3 (BME M, disabled, clinical): 3; BME 2 of 3 known = 0.6667; female 1/3; disabled 1/3;
    // clinical 1/3.
    assert_eq!(get("supply_pool", "CEO", "headcount"), Some(3.0));
    assert_eq!(get("supply_pool", "CEO", "bme"), Some(2.0));
    approx(get("supply_pool", "CEO", "bme_share"), 0.6667);
    approx(get("supply_pool", "CEO", "female_share"), 0.3333);
    approx(get("supply_pool", "CEO", "disabled_share"), 0.3333);
    approx(get("supply_pool", "CEO", "clinical_share"), 0.3333);
    // Supply pool, every role (null role): T1 (once, though in two pools), T2, T3, T5, T6 = 5;
    // BME T1, T3, T5 = 3/5 = 0.6; female T1, T5, T6 = 0.6; disabled T3 = 0.2;
    // clinical T3, T5, T6 = 0.6.
    assert_eq!(get("supply_pool", "", "headcount"), Some(5.0));
    approx(get("supply_pool", "", "bme_share"), 0.6);
    approx(get("supply_pool", "", "female_share"), 0.6);
    approx(get("supply_pool", "", "disabled_share"), 0.2);
    approx(get("supply_pool", "", "clinical_share"), 0.6);
    // Workforce (staff in post 31/10/2026, Bank N4 and Locum L1 excluded): RAA C2, I1, N1,
    // N2, N3, A1, G1 + RBB C3, D1, M1 = 10; BME I1, N1, N3, G1 = 4 of 10 known = 0.4;
    // female C3, I1, D1, N1, N2, A1, G1, M1 = 0.8; disabled D1, N2 = 0.2;
    // clinical I1, D1, N1, N2, N3, M1 = 0.6.
    assert_eq!(get("workforce", "", "headcount"), Some(10.0));
    approx(get("workforce", "", "bme_share"), 0.4);
    approx(get("workforce", "", "female_share"), 0.8);
    approx(get("workforce", "", "disabled_share"), 0.2);
    approx(get("workforce", "", "clinical_share"), 0.6);
    // Feeder bands (8c, 8d, 9, VSM): C2, C3, I1, D1, G1 = 5; BME I1, G1 = 0.4; female
    // C3, I1, D1, G1 = 0.8; disabled D1 = 0.2; clinical I1, D1 = 0.4.
    assert_eq!(get("feeder_bands", "", "headcount"), Some(5.0));
    approx(get("feeder_bands", "", "bme_share"), 0.4);
    approx(get("feeder_bands", "", "female_share"), 0.8);
    approx(get("feeder_bands", "", "disabled_share"), 0.2);
    approx(get("feeder_bands", "", "clinical_share"), 0.4);
    // Board (latest snapshot, seats with a current member): RAA B-A1, A2, A3, A5; RBB B-B1,
    // B2, B3, B4 (B-B5 left) = 8; BME A3, B1 = 0.25; female A3, A5, B1, B2, B3 = 0.625;
    // disabled A5, B3 = 0.25; clinical not recorded: null with a note.
    assert_eq!(get("board", "", "headcount"), Some(8.0));
    approx(get("board", "", "bme_share"), 0.25);
    approx(get("board", "", "female_share"), 0.625);
    approx(get("board", "", "disabled_share"), 0.25);
    assert_eq!(get("board", "", "clinical_share"), None);
    assert_eq!(
        cell_text(
            t,
            "leadership_pipeline_diversity",
            &[
                ("region_code", "Y56"),
                ("org_code", ""),
                ("comparison_group", "board"),
                ("critical_role", "")
            ],
            "share_note"
        ),
        "clinical_share: not recorded for board members"
    );
    // Board, current CEOs: B-A2 (White M), B-B2 (White F): BME 0, female 0.5.
    assert_eq!(get("board", "CEO", "headcount"), Some(2.0));
    approx(get("board", "CEO", "bme_share"), 0.0);
    approx(get("board", "CEO", "female_share"), 0.5);
    // Community: Y56 Mixed 50 + Asian 200 + Black 100 + Other 50 = 400 of 1000 = 0.4;
    // Y58 Asian 100 of 1000 = 0.1.
    approx(
        cell(t, "community_diversity", &[("region_code", "Y56")], "bme_share"),
        0.4,
    );
    assert_eq!(
        cell(t, "community_diversity", &[("region_code", "Y56")], "population"),
        Some(1000.0)
    );
    approx(
        cell(t, "community_diversity", &[("region_code", "Y58")], "bme_share"),
        0.1,
    );
    // An organisation row: RAA supply pool, CEO: T1, T2 = 2, BME 1 = 0.5.
    approx(
        cell(
            t,
            "leadership_pipeline_diversity",
            &[
                ("org_code", "RAA"),
                ("comparison_group", "supply_pool"),
                ("critical_role", "CEO"),
            ],
            "bme_share",
        ),
        0.5,
    );
}

#[test]
fn nine_box_distribution_per_role_and_region() {
    let (_, t) = full();
    let get = |role: &str, perf: &str, pot: &str, col: &str| {
        cell(
            t,
            "talent_pool_nine_box",
            &[
                ("region_code", "Y56"),
                ("critical_role", role),
                ("performance", perf),
                ("potential", pot),
            ],
            col,
        )
    };
    // Y56 CEO pool (every readiness, latest snapshot): T1 High/High, T2 Moderate/High,
    // T3 High/Moderate, T4 Low/Moderate = 4; each of those cells 1/4, the others 0.
    assert_eq!(get("CEO", "High", "High", "candidates"), Some(1.0));
    assert_eq!(get("CEO", "High", "High", "role_pool_candidates"), Some(4.0));
    approx(get("CEO", "High", "High", "share_of_role_pool"), 0.25);
    approx(get("CEO", "Low", "Moderate", "share_of_role_pool"), 0.25);
    assert_eq!(get("CEO", "Low", "Low", "candidates"), Some(0.0));
    approx(get("CEO", "Low", "Low", "share_of_role_pool"), 0.0);
    // Y56 COO: T1 only, High/High = 1.0. Y56 HRD: no pool: zero counts, null share, note.
    approx(get("COO", "High", "High", "share_of_role_pool"), 1.0);
    assert_eq!(get("HRD", "High", "High", "candidates"), Some(0.0));
    assert_eq!(get("HRD", "High", "High", "share_of_role_pool"), None);
    // Every cell of every role in both regions: 2 x 6 x 9.
    assert_eq!(table(t, "talent_pool_nine_box").num_rows(), 108);
}

#[test]
fn empty_talent_pool_means_no_supply() {
    // The talent_pool file has a header and no rows: supplied, with zero rows.
    let (m, t) = run_variant(
        Variant {
            talent_pool: Supplied::HeaderOnly,
            ..FULL
        },
        |_| {},
    );
    assert_eq!(status(&m, "leadership_pipeline").0, "ok");
    // Y56 CEO: demand unchanged (0, 1, 1.75, 1.9375), supply 0: gap = -demand, ratio 0
    // where demand > 0 and null (with the note) where it is 0.
    assert_horizon(&t, "Y56", "", "CEO", "now", [2., 0., 0., 2.], 0.0, 0.0, 0.0, None);
    assert_horizon(
        &t,
        "Y56",
        "",
        "CEO",
        "0-1y",
        [2., 0., 0., 2.],
        1.0,
        0.0,
        -1.0,
        Some(0.0),
    );
    assert_horizon(
        &t,
        "Y56",
        "",
        "CEO",
        "3-5y",
        [2., 0., 0., 2.],
        1.9375,
        0.0,
        -1.9375,
        Some(0.0),
    );
    // No region has a talent-pool snapshot: the nine-box grid is empty (computed, 0 rows),
    // and the diversity table has no supply_pool rows but still its comparators.
    assert_eq!(status(&m, "talent_pool_nine_box"), ("ok".to_string(), 0));
    let d = table(&t, "leadership_pipeline_diversity");
    assert!((0..d.num_rows()).all(|i| text(d, "comparison_group", i) != "supply_pool"));
    assert_eq!(
        cell(
            &t,
            "leadership_pipeline_diversity",
            &[
                ("region_code", "Y56"),
                ("org_code", ""),
                ("comparison_group", "workforce"),
                ("critical_role", "")
            ],
            "headcount"
        ),
        Some(10.0)
    );
}

#[test]
fn empty_vacancies_leave_board_seats_as_the_only_vacancies() {
    let (m, t) = run_variant(
        Variant {
            vacancies: Supplied::HeaderOnly,
            ..FULL
        },
        |_| {},
    );
    for q in m.queries.iter().filter(|q| !q.file.contains("/common/")) {
        assert_eq!(q.status, "ok", "{}: {:?}", q.name, q.message);
    }
    // Y56 DOF is unchanged (2 vacant seats; V1 was RAA's vacant seat anyway).
    assert_horizon(
        &t,
        "Y56",
        "",
        "DOF",
        "now",
        [2., 2., 0., 0.],
        2.0,
        0.0,
        -2.0,
        Some(0.0),
    );
    // Y58 DON loses RDD's open vacancy V3: posts 2 (RCC vacant, RDD substantive), vacant 1;
    // demand now 1; 0-1y 1 + 1 x 0.3 = 1.3.
    assert_horizon(
        &t,
        "Y58",
        "",
        "DON",
        "now",
        [2., 1., 0., 1.],
        1.0,
        0.0,
        -1.0,
        Some(0.0),
    );
    assert_horizon(
        &t,
        "Y58",
        "",
        "DON",
        "0-1y",
        [2., 1., 0., 1.],
        1.3,
        0.0,
        -1.3,
        Some(0.0),
    );
}

#[test]
fn an_absent_extract_is_not_computed_rather_than_zero() {
    // No vacancies folder at all: every table that reads vacancies (directly or through
    // another query) is reported not computed; the rest still run.
    let (m, t) = run_variant(
        Variant {
            vacancies: Supplied::Absent,
            ..FULL
        },
        |_| {},
    );
    for name in [
        "leadership_pipeline",
        "vacancy_rate",
        "time_to_fill",
        "hard_to_fill_vacancies",
    ] {
        assert_eq!(status(&m, name).0, "not_computed", "{name}");
        assert!(!t.contains_key(name), "{name} must not be published");
    }
    for name in [
        "leadership_turnover",
        "executive_posts",
        "talent_pool_nine_box",
        "leadership_pipeline_diversity",
    ] {
        assert_eq!(status(&m, name).0, "ok", "{name}");
    }
}

#[test]
fn assumed_turnover_comes_from_configuration() {
    // [metrics.assumed_turnover] DON = 0.5: Y58 DON (no ESR holder) now assumes 0.5:
    // demand 0-1y = 2 + 1 x 0.5 = 2.5; 1-3y = 2 + (1 - 0.125) = 2.875. Y56 COO keeps 0.30.
    let (_, t) = run_variant(FULL, |cfg| {
        cfg.file.metrics.assumed_turnover.insert("DON".into(), 0.5);
    });
    let f = [("region_code", "Y58"), ("org_code", ""), ("critical_role", "DON")];
    approx(cell(&t, "leadership_turnover", &f, "annual_turnover_rate"), 0.5);
    assert_horizon(
        &t,
        "Y58",
        "",
        "DON",
        "0-1y",
        [3., 2., 0., 1.],
        2.5,
        0.0,
        -2.5,
        Some(0.0),
    );
    assert_horizon(
        &t,
        "Y58",
        "",
        "DON",
        "1-3y",
        [3., 2., 0., 1.],
        2.875,
        0.0,
        -2.875,
        Some(0.0),
    );
    approx(
        cell(
            &t,
            "leadership_turnover",
            &[("region_code", "Y56"), ("org_code", ""), ("critical_role", "COO")],
            "annual_turnover_rate",
        ),
        0.30,
    );
}

#[test]
fn a_role_without_history_or_configured_rate_has_no_demand_beyond_now() {
    // [metrics.assumed_turnover] without COO: Y56 COO has no holder in ESR history, so no
    // rate at all. 'now' needs no rate (vacant + interim = 1); later horizons are null with a
    // note, for the organisation with a substantive holder (RAA) and for the region total.
    let (_, t) = run_variant(FULL, |cfg| {
        cfg.file.metrics.assumed_turnover.remove("COO");
    });
    let f = |org: &'static str, h: &'static str| {
        [
            ("region_code", "Y56"),
            ("org_code", org),
            ("critical_role", "COO"),
            ("horizon", h),
        ]
    };
    approx(
        cell(&t, "leadership_pipeline", &f("", "now"), "expected_demand"),
        1.0,
    );
    for org in ["", "RAA"] {
        assert_eq!(
            cell(&t, "leadership_pipeline", &f(org, "0-1y"), "expected_demand"),
            None
        );
        assert_eq!(cell(&t, "leadership_pipeline", &f(org, "0-1y"), "gap"), None);
        assert_eq!(
            cell_text(
                &t,
                "leadership_pipeline",
                &f(org, "0-1y"),
                "candidates_per_expected_vacancy_note"
            ),
            "no turnover rate for the role: set metrics.assumed_turnover.COO"
        );
    }
    // RBB's COO seat is interim, with no substantive holder: its demand needs no rate.
    approx(
        cell(&t, "leadership_pipeline", &f("RBB", "3-5y"), "expected_demand"),
        1.0,
    );
    assert_eq!(
        cell_text(
            &t,
            "leadership_turnover",
            &[("region_code", "Y56"), ("org_code", ""), ("critical_role", "COO")],
            "turnover_note"
        ),
        "no holders in ESR history and no assumed rate configured (metrics.assumed_turnover)"
    );
}
