//! WRES indicators 1-9 and the WDES metrics on one hand-built fixture. Every expected number is
//! derived in the comments from the rows written here. Definitions: NHS England WRES and WDES
//! technical guidance, as restated in the issue and in each query's header.

use std::collections::BTreeMap;
use std::path::Path;

use arrow::array::RecordBatch;

use crate::ingest::{ESR_HEADER, esr_row, write};
use crate::support::{approx, num, row, run_fixture, shipped_queries, text};

const OCT: &str = "31/10/2025"; // the reporting date: the latest ESR snapshot
const SEP: &str = "30/09/2025";

/// Staff at RJ1 (region Y56):
/// E1 White A, Band 5 clinical; E2 White C3 (subcode), Band 5; E3 BME S1 (subcode), Band 5,
/// disabled; E4 BME N, Band 8c, non-clinical (admin); E5 Unknown Z, Band 5, disability not
/// declared; E6 BME H with two Band 5 assignments (counted once); E7 White on Bank (excluded).
/// September holds E1-E4 only.
fn esr(root: &Path) {
    let p = |emp: &str, date: &str, eth: &str, extra: &[(&str, &str)]| {
        let mut o: Vec<(&str, &str)> = vec![("Snapshot Date", date), ("Ethnic Origin", eth)];
        o.extend_from_slice(extra);
        esr_row(emp, &o)
    };
    let admin = [
        ("Staff Group", "Administrative and Clerical"),
        ("Pay Band", "Band 8c"),
    ];
    let mut rows = Vec::new();
    for date in [SEP, OCT] {
        rows.push(p("E1", date, "A White - British", &[]));
        rows.push(p("E2", date, "C3 White - Any other White background", &[]));
        rows.push(p(
            "E3",
            date,
            "S1 Any other ethnic group",
            &[("Disability", "Yes")],
        ));
        rows.push(p("E4", date, "N Black or Black British - African", &admin));
    }
    rows.push(p("E5", OCT, "Z Not Stated", &[("Disability", "Not Declared")]));
    rows.push(p(
        "E6",
        OCT,
        "H Asian or Asian British - Indian",
        &[("FTE", "0.5")],
    ));
    rows.push(p(
        "E6",
        OCT,
        "H Asian or Asian British - Indian",
        &[("FTE", "0.5"), ("Assignment Number", "E6-2")],
    ));
    rows.push(p(
        "E7",
        OCT,
        "A White - British",
        &[("Assignment Category", "Bank")],
    ));
    write(
        root,
        "esr_workforce",
        "esr.csv",
        format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
    );
}

/// Applications (reporting year = 01/11/2024..31/10/2025).
fn recruitment(root: &Path) {
    let mut rows = Vec::new();
    let mut n = 0;
    let mut app = |org: &str, eth: &str, dis: &str, date: &str, sl: bool, ap: bool| {
        n += 1;
        let yn = |b: bool| if b { "Y" } else { "N" };
        rows.push(format!(
            "V{n},{org},A{n},{date},{eth},{dis},{},{}",
            yn(sl),
            yn(ap)
        ));
    };
    let (w, b, u) = ("A White - British", "M Black or Black British - Caribbean", "");
    // RJ1: White 4 shortlisted / 2 appointed; BME 5 / 1; Unknown 3 / 3 (excluded from WRES 2);
    // a White appointment on 31/10/2024 is outside the year. Disability: BME rows 1-2 'Yes'.
    for i in 0..4 {
        app("RJ1", w, "No", "2025-03-01", true, i < 2);
    }
    for i in 0..5 {
        app(
            "RJ1",
            b,
            if i < 2 { "Yes" } else { "No" },
            "2025-03-01",
            true,
            i == 0,
        );
    }
    for _ in 0..3 {
        app("RJ1", u, "No", "2025-03-01", true, true);
    }
    app("RJ1", w, "No", "2024-10-31", true, true);
    // RYJ (not in ESR: region from configuration): zero BME appointments.
    app("RYJ", w, "No", "2025-01-01", true, true);
    app("RYJ", w, "No", "2025-01-01", true, false);
    for _ in 0..3 {
        app("RYJ", b, "No", "2025-01-01", true, false);
    }
    // Adverse-flag boundaries: relative likelihood = (aw/sw)/(ab/sb).
    let mut boundary = |org: &str, aw: usize, sw: usize, ab: usize, sb: usize| {
        for i in 0..sw {
            app(org, w, "No", "2025-05-01", true, i < aw);
        }
        for i in 0..sb {
            app(org, b, "No", "2025-05-01", true, i < ab);
        }
    };
    boundary("RA1", 79, 100, 1, 1); // 0.79
    boundary("RA2", 4, 5, 1, 1); // 0.80
    boundary("RA3", 1, 1, 4, 5); // 1 / 0.8 = 1.25
    boundary("RA4", 1, 1, 50, 63); // 63 / 50 = 1.26
    let h = "Vacancy Reference,Organisation Code,Applicant ID,Application Date,Ethnic Origin,Disability,Shortlisted,Appointed";
    write(
        root,
        "recruitment",
        "r.csv",
        format!("{h}\n{}\n", rows.join("\n")),
    );
}

fn other_extracts(root: &Path) {
    // Disciplinary window (24 months) = 01/11/2023..31/10/2025.
    write(
        root,
        "disciplinary",
        "d.csv",
        "Case Reference,Organisation Code,Employee Number,Ethnic Origin,Date Entered Formal Process\n\
         C1,RJ1,E3,S1 Any other ethnic group,2024-05-01\n\
         C2,RJ1,E4,N Black or Black British - African,2025-01-01\n\
         C3,RJ1,E1,A White - British,2023-11-01\n\
         C4,RJ1,E2,C3 White - Any other White background,2025-06-01\n\
         C5,RJ1,E1,A White - British,2023-10-31\n",
    );
    write(
        root,
        "training",
        "t.csv",
        "Employee Number,Organisation Code,Ethnic Origin,Course Type,Start Date\n\
         E1,RJ1,A White - British,Non-mandatory,2025-02-01\n\
         E1,RJ1,A White - British,Non-mandatory,2025-06-01\n\
         E2,RJ1,A White - British,Mandatory,2025-02-01\n\
         E3,RJ1,S1 Any other ethnic group,Non-mandatory,2025-02-01\n\
         E4,RJ1,N Black or Black British - African,Non-mandatory,2024-10-31\n",
    );
    let h = "Survey Year,Organisation Code,Respondent ID,Ethnic Group,Gender,Disability,Staff Group,harassment_public,harassment_manager,harassment_colleagues,equal_opportunities,discrimination_public,discrimination_staff";
    let sg = "Nursing and Midwifery Registered";
    write(
        root,
        "staff_survey",
        "s.csv",
        format!(
            "{h}\n\
             2025,RJ1,W1,White,Female,No,{sg},Never,Never,1-2,Yes,No,No\n\
             2025,RJ1,W2,White,Female,No,{sg},3-5,Never,Never,Don't know,No,No\n\
             2025,RJ1,W3,White,Male,No,{sg},,,,No,,\n\
             2025,RJ1,B1,Black / African / Caribbean / Black British,Female,Yes,{sg},1-2,6-10,Never,No,Yes,Yes\n\
             2025,RJ1,B2,Asian / Asian British,Male,No,{sg},Never,Never,Never,Don't know,No,No\n\
             2025,RJ1,U1,Prefer not to say,Male,No,{sg},More than 10,,,Yes,Yes,Yes\n"
        ),
    );
    let h = "Organisation Code,Member ID,Role,Critical Role,Voting,Executive,Ethnic Origin,Gender,Disability,Interim,Start Date,End Date,Snapshot Date";
    write(
        root,
        "board",
        "b.csv",
        format!(
            "{h}\n\
             RJ1,M1,Chief Executive,CEO,Y,Y,A White - British,Female,No,N,01/01/2020,,{OCT}\n\
             RJ1,M2,Director of Finance,DOF,Y,Y,N Black or Black British - African,Male,Yes,N,01/01/2021,,{OCT}\n\
             RJ1,M3,Chair,,Y,N,A White - British,Male,No,N,01/01/2019,,{OCT}\n\
             RJ1,M4,Non-executive Director,,Y,N,B White - Irish,Female,No,N,01/01/2022,,{OCT}\n\
             RJ1,,Director of Nursing,DON,Y,Y,,,,,,,{OCT}\n\
             RJ1,M5,Director of Strategy,,N,Y,H Asian or Asian British - Indian,Female,No,N,01/01/2023,,{OCT}\n"
        ),
    );
}

async fn fixture() -> BTreeMap<String, RecordBatch> {
    let input = tempfile::tempdir().unwrap();
    esr(input.path());
    recruitment(input.path());
    other_extracts(input.path());
    let (manifest, tables) = run_fixture(input.path(), &shipped_queries()).await;
    for q in manifest
        .queries
        .iter()
        .filter(|q| q.name.starts_with("wres") || q.name.starts_with("wdes"))
    {
        assert_eq!(q.status, "ok", "{}: {:?}", q.name, q.message);
    }
    tables
}

#[tokio::test]
async fn wres_and_wdes_on_the_hand_built_fixture() {
    let t = fixture().await;

    // Indicator 1. All staff in post: E1-E6 (E7 on Bank excluded; E6 once) = 6:
    // White E1, E2 (C3 rolls up) = 2; BME E3 (S1), E4, E6 = 3; Unknown E5 = 1.
    let i1 = &t["wres_indicator_1"];
    let all = row(
        i1,
        &[("org_code", "RJ1"), ("staff_scope", "All"), ("pay_band", "All")],
    );
    assert_eq!(
        [
            "headcount_white",
            "headcount_bme",
            "headcount_unknown",
            "headcount"
        ]
        .map(|c| num(i1, c, all)),
        [Some(2.0), Some(3.0), Some(1.0), Some(6.0)]
    );
    approx(num(i1, "share_bme", all), 0.5);
    // Band 5: E1, E2, E3, E5, E6 -> White 2, BME 2, Unknown 1 of 5; BME share 0.4 against 0.5.
    let b5 = row(
        i1,
        &[
            ("org_code", "RJ1"),
            ("staff_scope", "All"),
            ("pay_band", "Band 5"),
        ],
    );
    assert_eq!(num(i1, "headcount", b5), Some(5.0));
    approx(num(i1, "share_bme", b5), 0.4);
    approx(num(i1, "share_unknown", b5), 0.2);
    approx(num(i1, "workforce_share_bme", b5), 0.5);
    // Non-clinical: only E4 (Band 8c, BME).
    let nc = row(
        i1,
        &[
            ("org_code", "RJ1"),
            ("staff_scope", "Non-clinical"),
            ("pay_band", "Band 8c"),
        ],
    );
    assert_eq!(
        (num(i1, "headcount_bme", nc), num(i1, "headcount", nc)),
        (Some(1.0), Some(1.0))
    );
    // Region total = the one organisation's counts.
    let region = row(
        i1,
        &[("org_code", ""), ("staff_scope", "All"), ("pay_band", "All")],
    );
    assert_eq!(
        (text(i1, "region_code", region), num(i1, "headcount", region)),
        ("Y56".into(), Some(6.0))
    );

    // Indicator 2. RJ1: White 2/4 = 0.5, BME 1/5 = 0.2 (Unknown and 31/10/2024 excluded):
    // 0.5 / 0.2 = 2.5, adverse.
    let i2 = &t["wres_indicator_2"];
    let rj1 = row(i2, &[("org_code", "RJ1")]);
    assert_eq!(
        [
            "shortlisted_white",
            "appointed_white",
            "shortlisted_bme",
            "appointed_bme"
        ]
        .map(|c| num(i2, c, rj1)),
        [Some(4.0), Some(2.0), Some(5.0), Some(1.0)]
    );
    approx(num(i2, "relative_likelihood", rj1), 2.5);
    assert_eq!(text(i2, "adverse", rj1), "true");
    // RYJ: no BME appointments -> null with a reason, region from configuration.
    let ryj = row(i2, &[("org_code", "RYJ")]);
    assert_eq!(num(i2, "relative_likelihood", ryj), None);
    assert_eq!(text(i2, "relative_likelihood_note", ryj), "no BME appointments");
    assert_eq!(text(i2, "region_code", ryj), "Y56");
    // The four-fifths range boundaries.
    for (org, rl, adverse) in [
        ("RA1", 0.79, "true"),
        ("RA2", 0.80, "false"),
        ("RA3", 1.25, "false"),
        ("RA4", 1.26, "true"),
    ] {
        let r = row(i2, &[("org_code", org)]);
        approx(num(i2, "relative_likelihood", r), rl);
        assert_eq!(text(i2, "adverse", r), adverse, "{org}");
    }

    // Indicator 3. Window 01/11/2023..31/10/2025: BME cases C1, C2 = 2; White C3 (01/11/2023, the
    // first day in) and C4 = 2; C5 (31/10/2023) is outside. Snapshots Sep and Oct 2025: BME 2 and 3
    // -> average 2.5; White 2 and 2 -> 2.0. (2/2.5)/(2/2.0) = 0.8: on the boundary, not adverse.
    let i3 = &t["wres_indicator_3"];
    let r = row(i3, &[("org_code", "RJ1")]);
    assert_eq!(
        (
            num(i3, "entered_bme", r),
            num(i3, "entered_white", r),
            num(i3, "snapshots", r)
        ),
        (Some(2.0), Some(2.0), Some(2.0))
    );
    approx(num(i3, "average_headcount_bme", r), 2.5);
    approx(num(i3, "average_headcount_white", r), 2.0);
    approx(num(i3, "relative_likelihood", r), 0.8);
    assert_eq!(text(i3, "adverse", r), "false");

    // Indicator 4. Non-mandatory in the year: White E1 (twice: one person), BME E3 (E4's episode is
    // 31/10/2024, outside). Headcount White 2, BME 3: (1/2)/(1/3) = 1.5, adverse.
    let i4 = &t["wres_indicator_4"];
    let r = row(i4, &[("org_code", "RJ1")]);
    assert_eq!(
        (num(i4, "accessed_white", r), num(i4, "accessed_bme", r)),
        (Some(1.0), Some(1.0))
    );
    assert_eq!(
        (num(i4, "headcount_white", r), num(i4, "headcount_bme", r)),
        (Some(2.0), Some(3.0))
    );
    approx(num(i4, "relative_likelihood", r), 1.5);
    assert_eq!(text(i4, "adverse", r), "true");

    // Indicators 5-8 (U1, Unknown, excluded):
    // 5: White answered W1, W2, counting W2 -> 1/2; BME B1, B2, counting B1 -> 1/2.
    // 6: White W1 (colleagues 1-2) -> 1/2; BME B1 (manager 6-10) -> 1/2.
    // 7: White Yes, Don't know, No -> 1/3 (Don't know in the denominator); BME No, Don't know -> 0/2.
    // 8: White No, No -> 0/2 (W3 unanswered); BME Yes, No -> 1/2.
    let s = &t["wres_indicators_5_to_8"];
    for (ind, rw, cw, rb, cb, pw, pb) in [
        ("5", 2.0, 1.0, 2.0, 1.0, 50.0, 50.0),
        ("6", 2.0, 1.0, 2.0, 1.0, 50.0, 50.0),
        ("7", 3.0, 1.0, 2.0, 0.0, 33.33, 0.0),
        ("8", 2.0, 0.0, 2.0, 1.0, 0.0, 50.0),
    ] {
        let r = row(
            s,
            &[
                ("org_code", "RJ1"),
                ("wres_indicator", ind),
                ("survey_year", "2025"),
            ],
        );
        assert_eq!(
            [
                "respondents_white",
                "counting_white",
                "respondents_bme",
                "counting_bme"
            ]
            .map(|c| num(s, c, r)),
            [Some(rw), Some(cw), Some(rb), Some(cb)],
            "indicator {ind}"
        );
        approx(num(s, "percent_white", r), pw);
        approx(num(s, "percent_bme", r), pb);
    }

    // Indicator 9. Voting members M1-M4 (the vacant DON seat and non-voting M5 excluded): BME M2
    // = 1 of 4 = 25%; workforce BME 3 of 6 = 50% -> -25.00 pp. Executive M1, M2: 50% -> 0.00;
    // non-executive M3, M4: 0% -> -50.00.
    let i9 = &t["wres_indicator_9"];
    for (group, members, bme, diff) in [
        ("Voting", 4.0, 1.0, -25.0),
        ("Executive", 2.0, 1.0, 0.0),
        ("Non-executive", 2.0, 0.0, -50.0),
    ] {
        let r = row(i9, &[("org_code", "RJ1"), ("board_group", group)]);
        assert_eq!(
            (num(i9, "board_members", r), num(i9, "board_bme", r)),
            (Some(members), Some(bme)),
            "{group}"
        );
        approx(num(i9, "difference_pp", r), diff);
    }

    // WDES 1: E3 disabled, E5 not declared (Unknown), E1, E2, E4, E6 not disabled: 1/4/1 of 6.
    let w1 = &t["wdes_metric_1"];
    let r = row(
        w1,
        &[("org_code", "RJ1"), ("staff_scope", "All"), ("pay_band", "All")],
    );
    assert_eq!(
        [
            "headcount_disabled",
            "headcount_non_disabled",
            "headcount_unknown"
        ]
        .map(|c| num(w1, c, r)),
        [Some(1.0), Some(4.0), Some(1.0)]
    );
    approx(num(w1, "share_disabled", r), 1.0 / 6.0);
    // WDES 2, RJ1: non-disabled = White 4/2 + BME 3/0 + Unknown-ethnicity 3/3 = 10 shortlisted,
    // 5 appointed (0.5); Disabled = 2 shortlisted, 1 appointed (0.5): 1.0.
    let w2 = &t["wdes_metric_2"];
    let r = row(w2, &[("org_code", "RJ1")]);
    assert_eq!(
        (
            num(w2, "shortlisted_non_disabled", r),
            num(w2, "appointed_non_disabled", r)
        ),
        (Some(10.0), Some(5.0))
    );
    approx(num(w2, "relative_likelihood", r), 1.0);
    // WDES 10: voting members 4, disabled M2 -> 25%; workforce 1 of 6 = 16.67% -> 8.33 pp.
    let w10 = &t["wdes_metric_10"];
    let r = row(w10, &[("org_code", "RJ1"), ("board_group", "Voting")]);
    approx(num(w10, "difference_pp", r), 8.33);
    // WDES survey, indicator 8 by disability: Disabled B1 Yes -> 1/1; non-disabled W1, W2, B2, U1
    // answered (U1 Yes) -> 1/4.
    let ws = &t["wdes_staff_survey_metrics"];
    let r = row(ws, &[("org_code", "RJ1"), ("wres_indicator", "8")]);
    assert_eq!(
        (
            num(ws, "respondents_disabled", r),
            num(ws, "counting_disabled", r)
        ),
        (Some(1.0), Some(1.0))
    );
    assert_eq!(
        (
            num(ws, "respondents_non_disabled", r),
            num(ws, "counting_non_disabled", r)
        ),
        (Some(4.0), Some(1.0))
    );
}
