//! Leadership pipeline (issues 6 and 13): posts, turnover (observed leavers blended with the
//! configured rate), demand and supply per horizon, gaps, diversity of supply, the nine-box grid
//! and executive posts, on a hand-built fixture whose every figure is derived by hand in the
//! comments below. The same fixture feeds `vacancy.rs` and `trends.rs`.
//!
//! # The fixture (reporting date = latest ESR snapshot = 31/10/2026)
//!
//! Three regions: Y56 (organisations RAA, RBB), Y58 (RCC, RDD) and Y59 (RSA, RSB, RSC: the
//! messy cases of issue 13, in a region of their own so that the Y56 and Y58 figures of
//! `vacancy.rs` and `trends.rs` are untouched). Run parameters: reporting_year_start
//! 31/10/2025; staleness limit 45 days, so the oldest usable snapshot is 16/09/2026
//! (31/10/2026 - 45 days); credibility weight k = 3 role-years; assumed rates CEO 0.40, DOF
//! 0.25, DON 0.30, MD 0.25, HRD 0.25, COO 0.30.
//!
//! **ESR.** Y56 has 13 month-end snapshots, 31/10/2025 .. 31/10/2026; Y58 has 8, 31/03/2026 ..
//! 31/10/2026; Y59 has 3, 31/08/2026 .. 31/10/2026. The turnover window is the snapshots after
//! 31/10/2025 (reporting_year_start) up to 31/10/2026: 12 for Y56, 8 for Y58, 3 for Y59.
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
//! | P1 60000001 | RSA | Band 5 nurse | all 3 | White female |
//! | H1 60000002 | RSA | HRD, VSM | 31/08/2026 only | terminated 20/08/2026: one holder-month, one leaver |
//! | U1 60000003 | RSA | Band 8d admin | 31/10/2026 | ethnicity Not Stated (Unknown), male |
//! | B9 60000004 | RSA | Band 9 admin | 31/10/2026 | BME female |
//! | Q1 60000005 | RSB | Band 5 nurse | all 3 | White female |
//! | Q2 60000006 | RSC | Band 5 nurse | all 3 | BME male |
//!
//! **Board** (latest snapshot 31/10/2026; an older RAA snapshot of 31/10/2025 must be ignored):
//! RAA: Chair, CEO substantive, DON interim, DOF seat with no member, COO substantive.
//! RBB: Chair, CEO substantive, DON substantive, COO interim, DOF whose member's end date
//! (30/09/2026) is before the snapshot (so vacant).
//! RCC: CEO substantive, DON seat with no member. RDD: CEO substantive, DON substantive.
//! RSA: 30/09/2026 (31 days old: used): Chair, CEO B-SA1 substantive, COO B-SA2 interim; and
//! 30/11/2026 (after the reporting date: ignored): Chair, CEO, COO seat with no member, DOF
//! B-SA3. RSB: only 31/08/2026 (61 days old: beyond the limit, not computed): CEO B-SB1, DON
//! seat with no member. RSC (31/10/2026): CEO B-SC1 who left 31/05/2026 listed beside his
//! replacement B-SC2 (Unknown ethnicity); DOF B-SC3 substantive (with the open vacancy V8: a known
//! leaver); DON B-SC4 (left 31/03/2026) and her interim B-SC5 (left 30/09/2026), nobody since;
//! HRD B-SC6 substantive (BME).
//!
//! **Vacancies** (snapshot = reporting date): open V1 RAA DOF (adv 01/09/2026, 60 days),
//! V2 RAA DON (adv 01/07/2026, 122 days, advertised twice), V3 RDD DON (adv 02/08/2026, 90
//! days), V4 RAA Band 5 FTE 1.0 (adv 01/08/2026, 91 days), V5 RAA Band 5 FTE 0.5 (adv
//! 01/10/2026, 30 days, advertised 3 times), V6 RAA Band 3 (adv 05/11/2026: after the snapshot,
//! so not open on it); V7 withdrawn; filled F1..F8 (see `vacancy.rs`); V8 RSC DOF (adv
//! 01/10/2026), open, for a seat still held substantively.
//!
//! **Talent pool** (per organisation, its latest snapshot on or before 31/10/2026): RAA and RBB
//! 30/09/2026 (an older 31/03/2026 RAA row must be ignored), RCC and RDD 31/10/2026, RSA
//! 31/10/2026 (its 30/11/2026 row T12 is after the reporting date: ignored), RSB 30/09/2026
//! (31 days old: used, although RSA's is later), RSC 31/07/2026 (92 days old: not computed):
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
//! | T10 | RSA | CEO | High / High | Ready now | BME, F, No, N |
//! | T11 | RSA | COO | Moderate / High | Ready 1-2 years | White, M, No, N |
//! | T12 | RSA | CEO | High / Moderate | Ready now | 30/11/2026: ignored |
//! | T13 | RSB | CEO | Moderate / Moderate | Ready now | White, F, No, N |
//! | T14 | RSB | DON | High / High | Ready 3-5 years | Unknown, F, No, Y |
//! | T15 | RSC | CEO | High / High | Ready now | 31/07/2026: not computed |
//! | T16 | RSD | MD | Moderate / Low | Not ready | White, M, No, Y (RSD: in no other extract; region Y59 from its talent-pool row) |

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use arrow::array::RecordBatch;
use talentpipe::config::Config;
use talentpipe::ops::aggregate::{AggregateOptions, aggregate};
use talentpipe::publish::{Manifest, PublishOptions};
use talentpipe::storage::Location;

use crate::ingest::{ESR_HEADER, esr_row, write};
use crate::support::{
    BASE_LAYERS, approx, fixture_config, num, read_tables, row, shipped_queries, shipped_query_folders, text,
};

mod diversity;
mod horizons;
mod national;
mod snapshots;
mod turnover;

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
        // Y59 (issue 13 cases): 31/08/2026 .. 31/10/2026.
        Esr {
            from: 10,
            ..person("60000001", "RSA", "Y59")
        },
        Esr {
            group: ADMIN,
            job: "Director of Workforce",
            critical: "HRD",
            band: "VSM",
            from: 10,
            to: 10,
            terminated: "20/08/2026",
            ..person("60000002", "RSA", "Y59")
        },
        Esr {
            group: ADMIN,
            job: "Deputy Director of Finance",
            band: "Band 8d",
            ethnic: "Z Not Stated",
            gender: "Male",
            from: 12,
            ..person("60000003", "RSA", "Y59")
        },
        Esr {
            group: ADMIN,
            job: "Director of Strategy",
            band: "Band 9",
            ethnic: "L Asian or Asian British - Any other Asian background",
            from: 12,
            ..person("60000004", "RSA", "Y59")
        },
        Esr {
            from: 10,
            ..person("60000005", "RSB", "Y59")
        },
        Esr {
            ethnic: AFRICAN,
            gender: "Male",
            from: 10,
            ..person("60000006", "RSC", "Y59")
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
RSA,B-SA0,Chair,,Y,N,A White - British,Male,No,N,01/01/2019,,30/09/2026
RSA,B-SA1,Chief Executive,CEO,Y,Y,H Asian or Asian British - Indian,Female,No,N,01/01/2021,,30/09/2026
RSA,B-SA2,Chief Operating Officer,COO,Y,Y,A White - British,Male,No,Y,01/05/2026,,30/09/2026
RSA,B-SA0,Chair,,Y,N,A White - British,Male,No,N,01/01/2019,,30/11/2026
RSA,B-SA1,Chief Executive,CEO,Y,Y,H Asian or Asian British - Indian,Female,No,N,01/01/2021,,30/11/2026
RSA,,Chief Operating Officer,COO,Y,Y,,,,,,,30/11/2026
RSA,B-SA3,Director of Finance,DOF,Y,Y,A White - British,Female,No,N,01/11/2026,,30/11/2026
RSB,B-SB1,Chief Executive,CEO,Y,Y,A White - British,Male,No,N,01/01/2020,,31/08/2026
RSB,,Director of Nursing,DON,Y,Y,,,,,,,31/08/2026
RSC,B-SC1,Chief Executive,CEO,Y,Y,A White - British,Male,No,N,01/01/2018,31/05/2026,31/10/2026
RSC,B-SC2,Chief Executive,CEO,Y,Y,Z Not Stated,Female,No,N,01/06/2026,,31/10/2026
RSC,B-SC3,Director of Finance,DOF,Y,Y,A White - British,Male,No,N,01/01/2019,,31/10/2026
RSC,B-SC4,Director of Nursing,DON,Y,Y,A White - British,Female,No,N,01/01/2017,31/03/2026,31/10/2026
RSC,B-SC5,Director of Nursing,DON,Y,Y,M Black or Black British - Caribbean,Female,No,Y,01/04/2026,30/09/2026,31/10/2026
RSC,B-SC6,Director of Workforce,HRD,Y,Y,N Black or Black British - African,Female,No,N,01/09/2026,,31/10/2026
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
V8,RSC,Y59,Administrative and Clerical,VSM,Director of Finance,DOF,1.0,2026-10-01,,,,Open,N,1
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
31/10/2026,70000001,RSA,Y59,CEO,High,High,Ready now,Region,,H Asian or Asian British - Indian,Female,No,N
31/10/2026,70000002,RSA,Y59,COO,Moderate,High,Ready 1-2 years,Organisation,,A White - British,Male,No,N
30/11/2026,70000003,RSA,Y59,CEO,High,Moderate,Ready now,Region,,A White - British,Male,No,N
30/09/2026,70000004,RSB,Y59,CEO,Moderate,Moderate,Ready now,Region,,A White - British,Female,No,N
30/09/2026,70000005,RSB,Y59,DON,High,High,Ready 3-5 years,National,,Z Not Stated,Female,No,Y
31/07/2026,70000006,RSC,Y59,CEO,High,High,Ready now,Region,,A White - British,Male,No,N
31/10/2026,70000007,RSD,Y59,MD,Moderate,Low,Not ready,Organisation,,A White - British,Male,No,Y
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

/// The shipped query folders this issue owns, plus the staging and intermediate layers they
/// read. (Other folders are left out so work in progress there cannot break these tests.)
pub fn issue6_queries() -> tempfile::TempDir {
    shipped_query_folders(&[BASE_LAYERS[0], BASE_LAYERS[1], "pipeline", "vacancy", "trends"])
}

/// Runs ingest + queries + publish on `variant` (after `configure` adjusts the config) and
/// returns the manifest and every restricted (exact) table. Blocking: own tokio runtime.
pub fn run_variant(variant: Variant, configure: impl FnOnce(&mut Config) + Send) -> (Manifest, Tables) {
    let output = tempfile::tempdir().unwrap();
    run_variant_into(variant, configure, output.path())
}

/// [`run_variant`] with its output root in `output` (kept, e.g. for a national aggregation).
pub fn run_variant_into(
    variant: Variant,
    configure: impl FnOnce(&mut Config) + Send,
    output: &Path,
) -> (Manifest, Tables) {
    crate::support::block_on(async move {
        let input = tempfile::tempdir().unwrap();
        write_fixture(input.path(), variant);
        let queries = issue6_queries();
        let mut cfg = fixture_config(input.path(), output, queries.path(), 5);
        configure(&mut cfg);
        let manifest = crate::support::run_quiet(&cfg).await;
        let tables = read_tables(&cfg.output, &manifest, "restricted").await;
        (manifest, tables)
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
    (q.status.to_string(), q.rows)
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

/// Extracts this fixture does not supply (other issues' tables; staging models read them).
const UNSUPPLIED: [&str; 3] = ["recruitment", "disciplinary", "training"];

/// Every query of the run succeeded, except those not computed because they need an extract
/// the fixture does not supply.
#[track_caller]
fn assert_every_query_ok(m: &Manifest) {
    for q in &m.queries {
        let message = q.message.clone().unwrap_or_default();
        let unsupplied = q.status == "not_computed"
            && UNSUPPLIED
                .iter()
                .any(|kind| message.contains(&format!("needs '{kind}'")));
        assert!(
            q.status == "ok" || unsupplied,
            "{}: {} {:?}",
            q.name,
            q.status,
            q.message
        );
    }
}

#[test]
fn every_issue6_query_runs_on_the_full_fixture() {
    let (m, _) = full();
    assert_every_query_ok(m);
}
