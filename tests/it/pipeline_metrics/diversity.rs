//! Diversity of supply beside the workforce, feeder bands, board and community, the nine-box
//! grid, and the BME shares. The fixture and its hand-worked figures are in `mod.rs`.

use super::*;

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
    // Every cell of every role in the three regions: 3 x 6 x 9.
    assert_eq!(table(t, "talent_pool_nine_box").num_rows(), 162);
}

#[test]
fn diversity_publishes_bme_shares_of_known_ethnicity_and_of_all() {
    // Definition (issue 13 point 12): bme_share_of_known = bme / (bme + white) (= bme_share),
    // bme_share_of_all = bme / headcount. Feeder bands from the run table pay_bands.
    let (_, t) = full();
    let get = |group: &str, col: &str| {
        cell(
            t,
            "leadership_pipeline_diversity",
            &[
                ("region_code", "Y59"),
                ("org_code", ""),
                ("comparison_group", group),
                ("critical_role", ""),
            ],
            col,
        )
    };
    // Feeder bands, Y59: U1 (Band 8d, ethnicity not stated) and B9 (Band 9, BME): headcount
    // 2, BME 1, White 0: of known 1 / 1 = 1.0, of all 1 / 2 = 0.5.
    assert_eq!(get("feeder_bands", "headcount"), Some(2.0));
    approx(get("feeder_bands", "bme_share_of_known"), 1.0);
    approx(get("feeder_bands", "bme_share"), 1.0);
    approx(get("feeder_bands", "bme_share_of_all"), 0.5);
    // Workforce, Y59: P1 White, U1 Unknown, B9 BME, Q1 White, Q2 BME = 5: 2 / 4 = 0.5 of
    // known, 2 / 5 = 0.4 of all.
    assert_eq!(get("workforce", "headcount"), Some(5.0));
    approx(get("workforce", "bme_share_of_known"), 0.5);
    approx(get("workforce", "bme_share_of_all"), 0.4);
    // Board, Y59 (current members of RSA 30/09 and RSC): B-SA0 White, B-SA1 BME, B-SA2 White,
    // B-SC2 Unknown, B-SC3 White, B-SC6 BME = 6: 2 / 5 = 0.4 of known, 2 / 6 = 0.3333 of all.
    assert_eq!(get("board", "headcount"), Some(6.0));
    approx(get("board", "bme_share_of_known"), 0.4);
    approx(get("board", "bme_share_of_all"), 0.3333);
    // Supply pool, Y59 (every role): T10 BME, T11 White, T13 White, T14 Unknown = 4:
    // 1 / 3 = 0.3333 of known, 1 / 4 = 0.25 of all.
    assert_eq!(get("supply_pool", "headcount"), Some(4.0));
    approx(get("supply_pool", "bme_share_of_known"), 0.3333);
    approx(get("supply_pool", "bme_share_of_all"), 0.25);
}
