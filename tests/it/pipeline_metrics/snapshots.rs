//! Board and talent-pool snapshots per organisation (the messy cases of issue 13, region Y59):
//! the snapshot in use and the staleness limit, seats and vacancies, executive posts. The fixture
//! and its hand-worked figures are in `mod.rs`.

use super::*;

/// One `leadership_pipeline` cell of (region, org, role, horizon); org "" = the region row.
fn pipeline_cell(t: &Tables, region: &str, org: &str, role: &str, h: &str, col: &str) -> Option<f64> {
    let f = [
        ("region_code", region),
        ("org_code", org),
        ("critical_role", role),
        ("horizon", h),
    ];
    cell(t, "leadership_pipeline", &f, col)
}

fn pipeline_text(t: &Tables, region: &str, org: &str, role: &str, h: &str, col: &str) -> String {
    let f = [
        ("region_code", region),
        ("org_code", org),
        ("critical_role", role),
        ("horizon", h),
    ];
    cell_text(t, "leadership_pipeline", &f, col)
}

const NO_RECENT_SNAPSHOT: &str = "not computed: no recent snapshot (the latest is more than 45 days before the reporting date: metrics.snapshot_staleness_days)";

#[test]
fn board_and_talent_pool_snapshots_per_organisation_on_or_before_the_reporting_date() {
    // Definition (issue 13 point 1): per organisation, the latest board (talent-pool) snapshot
    // on or before the reporting date 31/10/2026, used only if dated on or after 16/09/2026
    // (31/10/2026 - metrics.snapshot_staleness_days 45).
    let (_, t) = full();
    // RSA's board: 30/09/2026 (31 days old: used); its 30/11/2026 snapshot is after the
    // reporting date and ignored. On 30/09 the COO seat is held by an interim (B-SA2) and there
    // is no DOF seat; on 30/11 the COO seat was empty and B-SA3 held DOF.
    // RSA COO, now: posts 1, interim 1; demand 1; supply (T11 is Ready 1-2 years) 0.
    assert_horizon(
        t,
        "Y59",
        "RSA",
        "COO",
        "now",
        [1., 0., 1., 0.],
        1.0,
        0.0,
        -1.0,
        Some(0.0),
    );
    assert_eq!(pipeline_cell(t, "Y59", "RSA", "DOF", "now", "posts"), Some(0.0));
    assert_eq!(
        pipeline_text(t, "Y59", "RSA", "COO", "now", "board_snapshot_date"),
        "2026-09-30"
    );
    assert_eq!(
        pipeline_text(t, "Y59", "RSA", "COO", "now", "board_snapshot_note"),
        ""
    );
    // RSB's only board snapshot, 31/08/2026, is 61 days old: its posts and demand are not
    // computed (null, never 0), with the snapshot date and the reason; its supply still
    // counts (its talent pool, 30/09/2026, is recent): CEO T13 Ready now = 1.
    assert_eq!(pipeline_cell(t, "Y59", "RSB", "CEO", "0-1y", "posts"), None);
    assert_eq!(
        pipeline_cell(t, "Y59", "RSB", "CEO", "0-1y", "expected_demand"),
        None
    );
    assert_eq!(pipeline_cell(t, "Y59", "RSB", "CEO", "0-1y", "gap"), None);
    assert_eq!(
        pipeline_cell(t, "Y59", "RSB", "CEO", "0-1y", "ready_candidates"),
        Some(1.0)
    );
    assert_eq!(
        pipeline_text(t, "Y59", "RSB", "CEO", "0-1y", "board_snapshot_date"),
        "2026-08-31"
    );
    assert_eq!(
        pipeline_text(t, "Y59", "RSB", "CEO", "0-1y", "board_snapshot_note"),
        NO_RECENT_SNAPSHOT
    );
    assert_eq!(
        pipeline_text(
            t,
            "Y59",
            "RSB",
            "CEO",
            "0-1y",
            "candidates_per_expected_vacancy_note"
        ),
        format!("board {NO_RECENT_SNAPSHOT}")
    );
    // Talent pool per organisation: RSB's 30/09/2026 snapshot is used although RSA sent
    // 31/10/2026 (the region's latest, which used to hide RSB's candidates); RSC's latest,
    // 31/07/2026, is 92 days old: RSC's supply is null with the reason (its posts count).
    assert_eq!(
        pipeline_text(t, "Y59", "RSB", "CEO", "now", "talent_pool_snapshot_date"),
        "2026-09-30"
    );
    assert_eq!(
        pipeline_text(t, "Y59", "RSA", "CEO", "now", "talent_pool_snapshot_date"),
        "2026-10-31"
    );
    assert_eq!(
        pipeline_cell(t, "Y59", "RSC", "CEO", "now", "ready_candidates"),
        None
    );
    assert_eq!(pipeline_cell(t, "Y59", "RSC", "CEO", "now", "posts"), Some(1.0));
    assert_eq!(
        pipeline_text(t, "Y59", "RSC", "CEO", "now", "talent_pool_snapshot_date"),
        "2026-07-31"
    );
    assert_eq!(
        pipeline_text(t, "Y59", "RSC", "CEO", "now", "talent_pool_snapshot_note"),
        NO_RECENT_SNAPSHOT
    );
    // Region Y59 CEO: posts from the organisations with a recent board, RSA (B-SA1) and RSC
    // (B-SC2): 2 substantive; r = 0.40 (no CEO holder in Y59's ESR: assumed).
    // demand 0, 2 x 0.4 = 0.8, 2 x (1 - 0.6^3) = 1.568, 2 x (1 - 0.6^5) = 1.84448.
    // supply from the organisations with a recent talent pool: T10 (RSA) + T13 (RSB) = 2 at
    // every horizon (T12 is after the reporting date; T15 is RSC's stale snapshot).
    // gap 2, 1.2, 0.432, 0.15552; ratio -, 2.5, 1.2755 (2 / 1.568), 1.0843 (2 / 1.84448).
    // One organisation is left out of each side.
    assert_horizon(t, "Y59", "", "CEO", "now", [2., 0., 0., 2.], 0.0, 2.0, 2.0, None);
    assert_horizon(
        t,
        "Y59",
        "",
        "CEO",
        "0-1y",
        [2., 0., 0., 2.],
        0.8,
        2.0,
        1.2,
        Some(2.5),
    );
    assert_horizon(
        t,
        "Y59",
        "",
        "CEO",
        "1-3y",
        [2., 0., 0., 2.],
        1.568,
        2.0,
        0.432,
        Some(1.2755),
    );
    assert_horizon(
        t,
        "Y59",
        "",
        "CEO",
        "3-5y",
        [2., 0., 0., 2.],
        1.8445,
        2.0,
        0.1555,
        Some(1.0843),
    );
    // Left out: of the board side RSB and RSD (below), of the talent-pool side RSC.
    assert_eq!(
        pipeline_cell(t, "Y59", "", "CEO", "now", "organisations_without_recent_board"),
        Some(2.0)
    );
    assert_eq!(
        pipeline_cell(
            t,
            "Y59",
            "",
            "CEO",
            "now",
            "organisations_without_recent_talent_pool"
        ),
        Some(1.0)
    );
    for col in [
        "organisations_without_recent_board",
        "organisations_without_recent_talent_pool",
    ] {
        assert_eq!(pipeline_cell(t, "Y56", "", "CEO", "now", col), Some(0.0), "{col}");
    }
    // RSD is only in the talent pool (T16, MD, Not ready): no board rows, so no known seats:
    // its posts are not computed (they used to be 0); its supply is 0 (Not ready never counts);
    // its region is Y59, from its talent-pool row (ESR does not know it).
    assert_eq!(pipeline_cell(t, "Y59", "RSD", "MD", "now", "posts"), None);
    assert_eq!(
        pipeline_cell(t, "Y59", "RSD", "MD", "3-5y", "ready_candidates"),
        Some(0.0)
    );
    assert_eq!(
        pipeline_text(t, "Y59", "RSD", "MD", "now", "board_snapshot_note"),
        "not computed: the organisation is not in the board extract"
    );
    // The region's snapshot dates are the oldest in use: board RSA 30/09 (RSC 31/10),
    // talent pool RSB 30/09 (RSA 31/10).
    assert_eq!(
        pipeline_text(t, "Y59", "", "CEO", "now", "board_snapshot_date"),
        "2026-09-30"
    );
    assert_eq!(
        pipeline_text(t, "Y59", "", "CEO", "now", "talent_pool_snapshot_date"),
        "2026-09-30"
    );
    // Nine-box, Y59 CEO: T10 High/High and T13 Moderate/Moderate = 2 (T12 High/Moderate is
    // after the reporting date, T15 on a stale snapshot).
    let nine = |perf: &str, pot: &str, col: &str| {
        cell(
            t,
            "talent_pool_nine_box",
            &[
                ("region_code", "Y59"),
                ("critical_role", "CEO"),
                ("performance", perf),
                ("potential", pot),
            ],
            col,
        )
    };
    assert_eq!(nine("High", "High", "role_pool_candidates"), Some(2.0));
    assert_eq!(nine("Moderate", "Moderate", "candidates"), Some(1.0));
    assert_eq!(nine("High", "Moderate", "candidates"), Some(0.0));
    assert_eq!(
        nine("High", "High", "organisations_without_recent_talent_pool"),
        Some(1.0)
    );
    // Executive posts: RSB keeps a row with null counts and the reason, outside the region.
    let f = [("region_code", "Y59"), ("org_code", "RSB")];
    assert_eq!(cell(t, "executive_posts", &f, "executive_seats"), None);
    assert_eq!(
        cell_text(t, "executive_posts", &f, "board_snapshot_note"),
        NO_RECENT_SNAPSHOT
    );
    assert_eq!(
        cell_text(t, "executive_posts", &f, "board_snapshot_date"),
        "2026-08-31"
    );
}

#[test]
fn the_staleness_limit_comes_from_configuration() {
    // metrics.snapshot_staleness_days = 70: the oldest usable snapshot is 22/08/2026
    // (31/10/2026 - 70 days), so RSB's board of 31/08/2026 is used: CEO B-SB1 substantive,
    // a DON seat with no member. RSC's talent pool (31/07/2026, 92 days) is still too old.
    // Region Y59 CEO: posts 3 (RSA, RSB, RSC), 3 substantive: demand 0-1y 3 x 0.4 = 1.2;
    // supply still T10 + T13 = 2: gap 0.8, ratio 2 / 1.2 = 1.6667.
    let (_, t) = run_variant(FULL, |cfg| cfg.file.metrics.snapshot_staleness_days = 70);
    assert_horizon(
        &t,
        "Y59",
        "RSB",
        "DON",
        "now",
        [1., 1., 0., 0.],
        1.0,
        0.0,
        -1.0,
        Some(0.0),
    );
    assert_horizon(
        &t,
        "Y59",
        "",
        "CEO",
        "0-1y",
        [3., 0., 0., 3.],
        1.2,
        2.0,
        0.8,
        Some(1.6667),
    );
    assert_eq!(
        pipeline_cell(&t, "Y59", "", "CEO", "now", "organisations_without_recent_board"),
        Some(1.0)
    ); // RSD only (no board rows at all)
    assert_eq!(
        pipeline_cell(
            &t,
            "Y59",
            "",
            "CEO",
            "now",
            "organisations_without_recent_talent_pool"
        ),
        Some(1.0)
    );
}

#[test]
fn a_vacancy_for_a_seat_held_substantively_is_one_post_vacant_now() {
    // Definition (issue 13 point 2): an open vacancy is matched to the role's seats (vacant,
    // then interim, then held substantively) and adds a post only beyond all of them; a seat
    // held substantively with an open vacancy is a known leaver: vacant now, and not again a
    // substantive holder expected to leave through turnover.
    let (_, t) = full();
    // Y59 DOF: RSC's one DOF seat, held substantively by B-SC3, with the open vacancy V8
    // (RSA has no DOF seat on 30/09; RSB is not computed). r = 0.25 (assumed). The old
    // rule made it 2 posts (the seat + V8 "beyond" it), demand 1 / 1 + 0.25 = 1.25 /
    // 1 + (1 - 0.75^3) = 1.578125 / 1 + (1 - 0.75^5) = 1.762695. Now: 1 post, vacant 1
    // (a known leaver), substantive 0: demand 1 at every horizon; supply 0.
    for h in ["now", "0-1y", "1-3y", "3-5y"] {
        assert_horizon(
            t,
            "Y59",
            "",
            "DOF",
            h,
            [1., 1., 0., 0.],
            1.0,
            0.0,
            -1.0,
            Some(0.0),
        );
        assert_eq!(
            pipeline_cell(t, "Y59", "", "DOF", h, "known_leavers_now"),
            Some(1.0)
        );
    }
    approx(
        pipeline_cell(t, "Y59", "", "DOF", "3-5y", "annual_turnover_rate"),
        0.25,
    );
    // The same at RDD (Y58): DON B-D2 with the open vacancy V3: 1 post, vacant, known leaver.
    for (col, v) in [
        ("posts", 1.0),
        ("vacant_now", 1.0),
        ("substantive_now", 0.0),
        ("known_leavers_now", 1.0),
    ] {
        assert_eq!(
            pipeline_cell(t, "Y58", "RDD", "DON", "1-3y", col),
            Some(v),
            "{col}"
        );
    }
    approx(
        pipeline_cell(t, "Y58", "RDD", "DON", "3-5y", "expected_demand"),
        1.0,
    );
    // A vacancy for a vacant or interim seat is that seat (not a known leaver): RAA DOF (V1,
    // no member) and RAA DON (V2, interim) have known_leavers_now 0 and one post each.
    for role in ["DOF", "DON"] {
        assert_eq!(
            pipeline_cell(t, "Y56", "RAA", role, "now", "posts"),
            Some(1.0),
            "{role}"
        );
        assert_eq!(
            pipeline_cell(t, "Y56", "RAA", role, "now", "known_leavers_now"),
            Some(0.0),
            "{role}"
        );
    }
}

#[test]
fn a_departed_board_member_listed_beside_the_replacement_is_not_a_vacant_seat() {
    // Definition (issue 13 point 3): a member whose end date is before the reporting date
    // makes a seat vacant only if no current member holds that role.
    let (_, t) = full();
    // RSC CEO: B-SC1 left 31/05/2026 and is still listed beside B-SC2 (from 01/06/2026): one
    // seat, held: posts 1, vacant 0, substantive 1 (the old rule: posts 2, vacant 1).
    // Demand 0-1y = 1 x 0.4 (Y59 CEO rate, assumed).
    for (col, v) in [
        ("posts", 1.0),
        ("vacant_now", 0.0),
        ("interim_now", 0.0),
        ("substantive_now", 1.0),
    ] {
        assert_eq!(
            pipeline_cell(t, "Y59", "RSC", "CEO", "0-1y", col),
            Some(v),
            "{col}"
        );
    }
    approx(
        pipeline_cell(t, "Y59", "RSC", "CEO", "0-1y", "expected_demand"),
        0.4,
    );
    // RSC DON: B-SC4 (left 31/03/2026) and her interim B-SC5 (left 30/09/2026) are both
    // listed and nobody holds DON now: one vacant seat (the old rule: 2 posts, 2 vacant).
    for (col, v) in [("posts", 1.0), ("vacant_now", 1.0), ("interim_now", 0.0)] {
        assert_eq!(
            pipeline_cell(t, "Y59", "RSC", "DON", "now", col),
            Some(v),
            "{col}"
        );
    }
    // RBB DOF: B-B5 left 30/09/2026 and nobody holds DOF: still a vacant seat.
    assert_horizon(
        t,
        "Y56",
        "RBB",
        "DOF",
        "now",
        [1., 1., 0., 0.],
        1.0,
        0.0,
        -1.0,
        Some(0.0),
    );
    // Executive posts, RSC: CEO (B-SC2), DOF, DON (one vacant seat), HRD = 4 seats, vacant 1,
    // interim 0 (B-SC5's interim seat has gone: she left).
    let f = [("region_code", "Y59"), ("org_code", "RSC")];
    assert_eq!(cell(t, "executive_posts", &f, "executive_seats"), Some(4.0));
    assert_eq!(
        cell(t, "executive_posts", &f, "vacant_executive_seats"),
        Some(1.0)
    );
    assert_eq!(
        cell(t, "executive_posts", &f, "interim_executive_seats"),
        Some(0.0)
    );
    // The board comparison group counts current members only: RSC B-SC2, B-SC3, B-SC6.
    assert_eq!(
        cell(
            t,
            "leadership_pipeline_diversity",
            &[
                ("org_code", "RSC"),
                ("comparison_group", "board"),
                ("critical_role", "")
            ],
            "headcount"
        ),
        Some(3.0)
    );
}

#[test]
fn executive_posts_count_organisations_with_a_vacant_or_interim_seat() {
    // Definition (issue 13 point 10): beside organisations with a vacant executive seat, those
    // with a vacant or an interim one (the measure the national 37% describes).
    let (_, t) = full();
    let get = |org: &str, col: &str| {
        cell(
            t,
            "executive_posts",
            &[("region_code", "Y59"), ("org_code", org)],
            col,
        )
    };
    // RSA (30/09/2026): CEO substantive, COO interim: no vacant seat, one interim.
    assert_eq!(get("RSA", "organisations_with_vacant_executive_seat"), Some(0.0));
    assert_eq!(
        get("RSA", "organisations_with_vacant_or_interim_executive_seat"),
        Some(1.0)
    );
    // Region Y59, organisations with a recent board: RSA, RSC (RSB not computed).
    // Seats: RSA 2 + RSC 4 = 6; vacant 1 (RSC DON), interim 1 (RSA COO): 2 / 6 = 0.3333.
    // With a vacant seat: RSC = 1 of 2 = 0.5; with a vacant or interim seat: RSA, RSC =
    // 2 of 2 = 1.0, beside the national 0.37.
    assert_eq!(get("", "executive_seats"), Some(6.0));
    approx(get("", "vacant_or_interim_share"), 0.3333);
    assert_eq!(get("", "organisations"), Some(2.0));
    assert_eq!(get("", "organisations_with_vacant_executive_seat"), Some(1.0));
    approx(get("", "organisations_with_vacant_share"), 0.5);
    assert_eq!(
        get("", "organisations_with_vacant_or_interim_executive_seat"),
        Some(2.0)
    );
    approx(get("", "organisations_with_vacant_or_interim_share"), 1.0);
    approx(
        get("", "national_organisations_with_vacant_or_interim_share"),
        0.37,
    );
    assert_eq!(get("", "organisations_without_recent_board"), Some(1.0));
    // Y58: RCC has a vacant seat, RDD neither a vacant nor an interim one: 1 of 2 both ways.
    approx(
        cell(
            t,
            "executive_posts",
            &[("region_code", "Y58"), ("org_code", "")],
            "organisations_with_vacant_or_interim_share",
        ),
        0.5,
    );
}
