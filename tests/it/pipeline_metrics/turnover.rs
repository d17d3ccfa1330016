//! Leadership turnover: observed leavers blended with the assumed rate (the credibility weight
//! and the assumed rates from configuration), and a role with neither history nor a configured
//! rate. The fixture and its hand-worked figures are in `mod.rs`.

use super::*;

/// One `leadership_turnover` cell (org "" = the region row).
fn turnover(t: &Tables, region: &str, org: &str, role: &str, col: &str) -> Option<f64> {
    let f = [
        ("region_code", region),
        ("org_code", org),
        ("critical_role", role),
    ];
    cell(t, "leadership_turnover", &f, col)
}

fn turnover_text(t: &Tables, region: &str, org: &str, role: &str, col: &str) -> String {
    let f = [
        ("region_code", region),
        ("org_code", org),
        ("critical_role", role),
    ];
    cell_text(t, "leadership_turnover", &f, col)
}

#[test]
fn turnover_blends_observed_leavers_with_the_assumed_rate() {
    // Definition (issue 13 point 4): holder_years = headcount_months / 12; observed rate =
    // leavers / holder_years; rate used r = (leavers + k r0) / (holder_years + k), k = 3
    // (metrics.turnover_credibility_years default), r0 = the configured rate of the role.
    let (_, t) = full();
    // Y56 CEO, 12 months: C1 holds RAA's seat in 5 window snapshots (30/11/2025 .. 31/03/2026;
    // 31/10/2025 is outside) and leaves 15/03/2026; C2 holds it 7 months; C3 holds RBB's 12.
    // headcount_months = 5 + 7 + 12 = 24 (2 holder-years), leavers = 1: observed 1 / 2 = 0.5;
    // blended (1 + 3 x 0.40) / (2 + 3) = 2.2 / 5 = 0.44.
    assert_eq!(turnover(t, "Y56", "", "CEO", "turnover_months"), Some(12.0));
    assert_eq!(turnover(t, "Y56", "", "CEO", "leavers"), Some(1.0));
    assert_eq!(turnover(t, "Y56", "", "CEO", "headcount_months"), Some(24.0));
    approx(turnover(t, "Y56", "", "CEO", "holder_years"), 2.0);
    approx(turnover(t, "Y56", "", "CEO", "average_monthly_headcount"), 2.0);
    approx(turnover(t, "Y56", "", "CEO", "observed_turnover_rate"), 0.5);
    approx(turnover(t, "Y56", "", "CEO", "assumed_turnover_rate"), 0.40);
    approx(turnover(t, "Y56", "", "CEO", "turnover_credibility_years"), 3.0);
    approx(turnover(t, "Y56", "", "CEO", "blended_turnover_rate"), 0.44);
    approx(turnover(t, "Y56", "", "CEO", "annual_turnover_rate"), 0.44);
    assert_eq!(turnover_text(t, "Y56", "", "CEO", "turnover_basis"), "blended");
    // RAA alone: 12 headcount-months (1 holder-year), 1 leaver: observed 1.0; blended
    // (1 + 1.2) / (1 + 3) = 0.55. RBB alone: 1 holder-year, no leaver: 1.2 / 4 = 0.3.
    approx(turnover(t, "Y56", "RAA", "CEO", "observed_turnover_rate"), 1.0);
    approx(turnover(t, "Y56", "RAA", "CEO", "annual_turnover_rate"), 0.55);
    approx(turnover(t, "Y56", "RBB", "CEO", "annual_turnover_rate"), 0.3);
    // Y58 CEO, only 8 months of history (31/03/2026 .. 31/10/2026): E1 2 months (leaves
    // 10/04/2026), E2 6, F1 8: headcount_months 16 (4/3 holder-years), leavers 1: observed
    // 12 x 1 / 16 = 0.75; blended (1 + 1.2) / (4/3 + 3) = 2.2 / 4.3333 = 0.507692 -> 0.5077.
    assert_eq!(turnover(t, "Y58", "", "CEO", "turnover_months"), Some(8.0));
    assert_eq!(turnover(t, "Y58", "", "CEO", "headcount_months"), Some(16.0));
    approx(turnover(t, "Y58", "", "CEO", "holder_years"), 1.3333);
    approx(turnover(t, "Y58", "", "CEO", "observed_turnover_rate"), 0.75);
    approx(turnover(t, "Y58", "", "CEO", "annual_turnover_rate"), 0.5077);
    // RCC alone: 8 headcount-months, 1 leaver: observed 12 / 8 = 1.5 (was used capped at 1);
    // blended (1 + 1.2) / (2/3 + 3) = 2.2 / 3.6667 = 0.6: below 1, so no cap and no note.
    approx(turnover(t, "Y58", "RCC", "CEO", "observed_turnover_rate"), 1.5);
    approx(turnover(t, "Y58", "RCC", "CEO", "annual_turnover_rate"), 0.6);
    assert_eq!(turnover_text(t, "Y58", "RCC", "CEO", "turnover_note"), "");
    // Twelve months with no leaver no longer give r = 0: Y56 DON, the interim (I1) is not a
    // substantive holder; D1 holds RBB's seat 12 months (1 holder-year), no leaver: observed
    // 0; blended (0 + 3 x 0.30) / (1 + 3) = 0.9 / 4 = 0.225 (the old rate was 0).
    assert_eq!(turnover(t, "Y56", "", "DON", "headcount_months"), Some(12.0));
    approx(turnover(t, "Y56", "", "DON", "observed_turnover_rate"), 0.0);
    approx(turnover(t, "Y56", "", "DON", "annual_turnover_rate"), 0.225);
    assert_eq!(turnover_text(t, "Y56", "", "DON", "turnover_basis"), "blended");
    // One month with one leaver no longer gives r = 1: Y59 HRD, H1 is in the 31/08/2026
    // snapshot only and terminated 20/08/2026: headcount_months 1 (1/12 holder-year),
    // leavers 1: observed 12 x 1 / 1 = 12 (the old rate: capped at 1); blended
    // (1 + 3 x 0.25) / (1/12 + 3) = 1.75 / 3.083333 = 21/37 = 0.567568 -> 0.5676.
    assert_eq!(turnover(t, "Y59", "", "HRD", "turnover_months"), Some(3.0));
    assert_eq!(turnover(t, "Y59", "", "HRD", "leavers"), Some(1.0));
    assert_eq!(turnover(t, "Y59", "", "HRD", "headcount_months"), Some(1.0));
    approx(turnover(t, "Y59", "", "HRD", "observed_turnover_rate"), 12.0);
    approx(turnover(t, "Y59", "", "HRD", "annual_turnover_rate"), 0.5676);
    assert_eq!(turnover_text(t, "Y59", "", "HRD", "turnover_note"), "");
    // Y56 COO: K1's only snapshot (31/10/2025) and termination (20/10/2025) are before the
    // window, so no holder: the assumed rate itself (0 holder-years: (0 + 0.9) / 3 = 0.30).
    assert_eq!(turnover(t, "Y56", "", "COO", "headcount_months"), Some(0.0));
    assert_eq!(turnover(t, "Y56", "", "COO", "leavers"), Some(0.0));
    approx(turnover(t, "Y56", "", "COO", "annual_turnover_rate"), 0.30);
    assert_eq!(turnover_text(t, "Y56", "", "COO", "turnover_basis"), "assumed");
    assert_eq!(turnover(t, "Y56", "", "COO", "turnover_months"), Some(12.0));
    assert_eq!(turnover(t, "Y56", "", "COO", "observed_turnover_rate"), None);
    // Y56 MD: only a Locum holds it (excluded): assumed 0.25. Y58 DON: nobody: assumed 0.30.
    approx(turnover(t, "Y56", "", "MD", "annual_turnover_rate"), 0.25);
    assert_eq!(turnover_text(t, "Y56", "", "MD", "turnover_basis"), "assumed");
    approx(turnover(t, "Y58", "", "DON", "annual_turnover_rate"), 0.30);
    assert_eq!(
        turnover_text(t, "Y58", "", "DON", "turnover_note"),
        "no substantive holder in ESR history: assumed rate used"
    );
    // 3 regions x 6 roles + 7 ESR organisations x 6 roles.
    assert_eq!(table(t, "leadership_turnover").num_rows(), 18 + 42);
}

#[test]
fn assumed_turnover_comes_from_configuration() {
    // [metrics.assumed_turnover] COO = 0.5 and DON = 0.5.
    // Y56 COO (no ESR holder) now assumes 0.5: demand = 1 + 1 x (1 - 0.5^h):
    // 0-1y 1.5; 1-3y 1 + 0.875 = 1.875.
    // Y56 DON blends with the new prior: (0 + 3 x 0.5) / (1 + 3) = 0.375.
    // Y56 CEO (r0 0.40 unchanged) keeps 0.44.
    let (_, t) = run_variant(FULL, |cfg| {
        cfg.file.metrics.assumed_turnover.insert("COO".into(), 0.5);
        cfg.file.metrics.assumed_turnover.insert("DON".into(), 0.5);
    });
    approx(turnover(&t, "Y56", "", "COO", "annual_turnover_rate"), 0.5);
    assert_horizon(
        &t,
        "Y56",
        "",
        "COO",
        "0-1y",
        [2., 0., 1., 1.],
        1.5,
        0.0,
        -1.5,
        Some(0.0),
    );
    assert_horizon(
        &t,
        "Y56",
        "",
        "COO",
        "1-3y",
        [2., 0., 1., 1.],
        1.875,
        1.0,
        -0.875,
        Some(0.5333),
    ); // 1 / 1.875
    approx(turnover(&t, "Y56", "", "DON", "annual_turnover_rate"), 0.375);
    approx(turnover(&t, "Y56", "", "CEO", "annual_turnover_rate"), 0.44);
}

#[test]
fn the_credibility_weight_comes_from_configuration() {
    // metrics.turnover_credibility_years = 1: Y56 CEO (1 + 1 x 0.40) / (2 + 1) = 1.4 / 3 =
    // 0.466667 -> 0.4667; Y56 DON (0 + 0.30) / (1 + 1) = 0.15. k = 0: the observed rate
    // alone, Y56 CEO 0.5 (basis 'observed').
    let (_, t) = run_variant(FULL, |cfg| cfg.file.metrics.turnover_credibility_years = 1.0);
    approx(turnover(&t, "Y56", "", "CEO", "turnover_credibility_years"), 1.0);
    approx(turnover(&t, "Y56", "", "CEO", "annual_turnover_rate"), 0.4667);
    approx(turnover(&t, "Y56", "", "DON", "annual_turnover_rate"), 0.15);
    let (_, t) = run_variant(FULL, |cfg| cfg.file.metrics.turnover_credibility_years = 0.0);
    approx(turnover(&t, "Y56", "", "CEO", "annual_turnover_rate"), 0.5);
    assert_eq!(turnover_text(&t, "Y56", "", "CEO", "turnover_basis"), "observed");
}

#[test]
fn a_role_without_history_or_configured_rate_has_no_demand_beyond_now() {
    // [metrics.assumed_turnover] without COO: Y56 COO has no holder in ESR history, so no
    // rate at all. 'now' needs no rate (vacant + interim = 1); later horizons are null with a
    // note, for the organisation with a substantive holder (RAA) and for the region total.
    // Without CEO: Y56 CEO has 2 holder-years of history, so its rate is the observed one alone,
    // 1 / 2 = 0.5, not blended (basis 'observed', with a note).
    let (_, t) = run_variant(FULL, |cfg| {
        cfg.file.metrics.assumed_turnover.remove("COO");
        cfg.file.metrics.assumed_turnover.remove("CEO");
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
        turnover_text(&t, "Y56", "", "COO", "turnover_note"),
        "no holders in ESR history and no assumed rate configured (metrics.assumed_turnover)"
    );
    approx(turnover(&t, "Y56", "", "CEO", "annual_turnover_rate"), 0.5);
    assert_eq!(turnover(&t, "Y56", "", "CEO", "blended_turnover_rate"), None);
    assert_eq!(turnover_text(&t, "Y56", "", "CEO", "turnover_basis"), "observed");
    assert_eq!(
        turnover_text(&t, "Y56", "", "CEO", "turnover_note"),
        "no assumed rate configured (metrics.assumed_turnover.CEO): observed rate used alone, not blended"
    );
}
