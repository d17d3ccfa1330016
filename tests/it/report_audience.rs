//! The report's audiences, `--compare` and `--changes` (issue 16, the dashboard points).
//!
//! - Audiences, on the bundled sample (`talentpipe.toml`, `sample_data/`: regions Y56 and Y60 in
//!   one run labelled `sample`, suppression threshold 5), through the real binary: the internal
//!   report is the one file `report --audience internal` writes, inside the run's restricted
//!   folder; it shows the exact count the public page shows as suppressed (worked by hand below);
//!   the public page shows no withheld small count anywhere (every cell of the published tables
//!   withheld from a restricted count of 1 to 4 is checked); the internal page is marked
//!   OFFICIAL-SENSITIVE in its title, at its top, in every section and in its footer, in the
//!   DOM headless Chromium renders.
//! - `--compare`: two generated regions aggregated; the comparison's numbers against the
//!   regional and national published tables, the national rate recomputed by hand from the
//!   regions' published parts.
//! - `--changes`: one region run for two reporting dates (and re-run for the later one, as a
//!   nightly job does); the change of the vacancy rate checked by hand.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use std::sync::Arc;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{DataType, Float64Type};
use talentpipe::config::Config;
use talentpipe::ops;
use talentpipe::ops::aggregate::{AggregateOptions, aggregate};
use talentpipe::publish::{Manifest, PublishOptions};
use talentpipe::report::changes::{PreviousSearch, Since, load_previous};
use talentpipe::report::compare::load_national;
use talentpipe::report::data::Format;
use talentpipe::report::{self, Audience, PageExtras, build_page_with, load_for};
use talentpipe::storage::Location;
use talentpipe_synth::{GenerateOptions, generate};

use crate::support::{fixture_config, num, read_tables, row, run_quiet, shipped_queries, text};

const MARKING: &str = "OFFICIAL-SENSITIVE: not for publication";

/// Every file below `root`, relative to it.
fn files_below(root: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(root).expect("below root").to_path_buf());
            }
        }
    }
    out
}

/// Runs the binary with the bundled configuration and `output`; returns stdout.
fn talentpipe(output: &Path, args: &[&str]) -> String {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_talentpipe"))
        .arg("--config")
        .arg(repo.join("talentpipe.toml"))
        .arg("--output")
        .arg(output)
        .arg("-q")
        .args(args)
        .output()
        .expect("start talentpipe");
    assert!(
        out.status.success(),
        "talentpipe {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every opening tag of the page carrying `data-src`, by its source (`table/column/row`; the
/// template escapes `/` as `&#x2f;`).
fn tags_by_src(html: &str) -> HashMap<String, Vec<&str>> {
    let key = " data-src=\"";
    let mut out: HashMap<String, Vec<&str>> = HashMap::new();
    for (at, _) in html.match_indices(key) {
        let start = html[..at].rfind('<').expect("attribute inside a tag");
        let end = at + html[at..].find('>').expect("tag closes");
        let from = at + key.len();
        let src = &html[from..from + html[from..].find('"').expect("attribute closes")];
        out.entry(src.replace("&#x2f;", "/"))
            .or_default()
            .push(&html[start..end]);
    }
    out
}

/// A tag's `data-value`, as a number.
fn value_of(tag: &str) -> Option<f64> {
    let start = tag.find(" data-value=\"")? + " data-value=\"".len();
    let end = start + tag[start..].find('"')?;
    tag[start..end].parse().ok()
}

#[test]
fn internal_report_stays_restricted_and_shows_what_the_public_one_suppresses() {
    let out = tempfile::tempdir().expect("tempdir");
    talentpipe(out.path(), &["run", "--report"]);
    let run_id = std::fs::read_to_string(out.path().join("LATEST"))
        .expect("LATEST")
        .trim()
        .to_string();
    let run = PathBuf::from("runs").join(&run_id);

    // Every file the internal report writes: exactly one, inside the restricted folder.
    let before = files_below(out.path());
    let said = talentpipe(out.path(), &["report", "--audience", "internal"]);
    let after = files_below(out.path());
    let written: Vec<&PathBuf> = after.difference(&before).collect();
    let internal_rel = run.join("restricted").join("report-internal.html");
    assert_eq!(
        written,
        vec![&internal_rel],
        "files written by report --audience internal"
    );
    assert!(said.contains("internal report for run"), "{said}");
    assert!(said.contains("restricted/report-internal.html"), "{said}");
    let public_before = std::fs::read(out.path().join(run.join("report.html"))).expect("public report");
    let internal = std::fs::read_to_string(out.path().join(&internal_rel)).expect("internal report");
    let public = String::from_utf8(public_before).expect("utf-8");
    // `run --audience internal --report` writes the same file, and no other.
    let out2 = tempfile::tempdir().expect("tempdir");
    talentpipe(out2.path(), &["run", "--report", "--audience", "internal"]);
    let run2 = std::fs::read_to_string(out2.path().join("LATEST")).expect("LATEST");
    let reports: Vec<PathBuf> = files_below(out2.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert_eq!(
        reports,
        vec![
            PathBuf::from("runs")
                .join(run2.trim())
                .join("restricted/report-internal.html")
        ]
    );

    // The tables, read independently of the report.
    let output = Location::local(out.path()).expect("location");
    let (_, manifest) = crate::support::block_on(talentpipe::publish::read_latest(&output))
        .expect("read")
        .expect("a committed run");
    let (published, restricted) = crate::support::block_on(async {
        (
            read_tables(&output, &manifest, "published").await,
            read_tables(&output, &manifest, "restricted").await,
        )
    });

    // One small count by hand: WRES indicator 1, London (Y56) region total, all staff, Band 8c.
    // The published row (the sample's wres_indicator_1.csv) reads headcount 10, White 7,
    // unknown 0 and BME withheld, so the exact BME headcount is 10 - 7 - 0 = 3.
    let keys = [
        ("region_code", "Y56"),
        ("org_code", ""),
        ("staff_scope", "All"),
        ("pay_band", "Band 8c"),
    ];
    let (pw, rw) = (&published["wres_indicator_1"], &restricted["wres_indicator_1"]);
    let r = row(pw, &keys);
    assert_eq!(
        row(rw, &keys),
        r,
        "restricted and published rows are in the same order"
    );
    assert_eq!(
        (
            num(pw, "headcount", r),
            num(pw, "headcount_white", r),
            num(pw, "headcount_unknown", r)
        ),
        (Some(10.0), Some(7.0), Some(0.0))
    );
    assert_eq!(
        num(pw, "headcount_bme", r),
        None,
        "withheld in the published table"
    );
    assert_eq!(num(rw, "headcount_bme", r), Some(3.0), "10 - 7 - 0");
    let (public_tags, internal_tags) = (tags_by_src(&public), tags_by_src(&internal));
    let src = format!("wres_indicator_1/headcount_bme/{r}");
    let shown = &internal_tags[&src];
    assert!(!shown.is_empty(), "the internal page lists {src}");
    for tag in shown {
        assert!(
            tag.contains("data-state=\"value\"") && value_of(tag) == Some(3.0),
            "{tag}"
        );
    }
    let shown = &public_tags[&src];
    assert!(!shown.is_empty(), "the public page lists {src}");
    for tag in shown {
        assert!(
            tag.contains("data-state=\"suppressed\"") && !tag.contains("data-value"),
            "{tag}"
        );
    }

    // The public page: no cell withheld from a small count (restricted 1..4, published null)
    // appears with a value; the internal page shows each with its exact value.
    let k = manifest.suppression.threshold as f64;
    let (mut on_public, mut on_internal) = (0, 0);
    let as_numbers = |a: &Arc<dyn Array>| {
        let f = arrow::compute::cast(a, &DataType::Float64).expect("a number column");
        f.as_primitive::<Float64Type>().clone()
    };
    for (name, p) in &published {
        let exact = &restricted[name];
        let flag = p
            .column_by_name("suppressed")
            .expect("published tables flag rows");
        let flag = flag.as_boolean();
        for field in exact.schema().fields() {
            let column = field.name();
            let (Some(pc), Some(ec)) = (p.column_by_name(column), exact.column_by_name(column)) else {
                continue;
            };
            if !(ec.data_type().is_integer() || ec.data_type().is_floating()) {
                continue;
            }
            let values = as_numbers(ec);
            for i in 0..p.num_rows() {
                let v = values.value(i);
                if values.is_null(i) || v <= 0.0 || v >= k || !pc.is_null(i) || !flag.value(i) {
                    continue; // not a withheld small count
                }
                let src = format!("{name}/{column}/{i}");
                for tag in public_tags.get(&src).into_iter().flatten() {
                    on_public += 1;
                    assert!(
                        tag.contains("data-state=\"suppressed\"") && !tag.contains("data-value="),
                        "the public page shows a withheld small count ({v}): {tag}"
                    );
                }
                for tag in internal_tags.get(&src).into_iter().flatten() {
                    on_internal += 1;
                    assert_eq!(value_of(tag), Some(v), "{tag}");
                }
            }
        }
    }
    assert!(
        on_public > 100,
        "withheld small counts on the public page: {on_public}"
    );
    assert_eq!(on_internal, on_public, "the same cells on both pages");
    assert!(!public.contains("OFFICIAL-SENSITIVE"));
    assert!(
        !internal.contains("data-state=\"suppressed\""),
        "nothing is suppressed on the internal page"
    );

    // The marking, in the browser's DOM: title, top of the page, every section, footer.
    let dom = dump_dom(&out.path().join(&internal_rel));
    assert!(dom.contains(&format!(
        "<title>{MARKING}. Talent and leadership dashboard: sample</title>"
    )));
    assert!(
        dom.contains(&format!("id=\"marking\">{MARKING}.")),
        "the banner at the top"
    );
    let sections = dom.matches("<section class=\"report\"").count();
    assert!(sections >= 6, "headline and five sections: {sections}");
    for part in dom.split("<section class=\"report\"").skip(1) {
        let heading_end = part.find("</h2>").expect("a section heading");
        assert!(
            part[heading_end..].starts_with(&format!(
                "</h2>\n<p class=\"marking\" role=\"note\">{MARKING}</p>"
            )),
            "a section without the marking: {}",
            &part[..heading_end]
        );
    }
    let footer = &dom[dom.find("<footer").expect("footer")..];
    assert!(footer.contains(MARKING) && footer.contains("restricted (exact, unsuppressed) tables"));
}

/// The DOM of a local page, rendered by headless Chromium (`CHROMIUM` overrides the path; CI
/// installs /usr/bin/chromium).
fn dump_dom(page: &Path) -> String {
    let browser =
        std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let profile = tempfile::tempdir().expect("tempdir");
    let out = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| panic!("cannot start {} (install chromium): {e}", browser.display()));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Generates and runs one region (`people` staff, 3 monthly snapshots to 2026-10-31) into
/// `root/out-<code>`, with `reporting_date` when given; returns the config and the manifest.
async fn region_run(root: &Path, code: &str, seed: u64, reporting_date: Option<&str>) -> (Config, Manifest) {
    let input = root.join(format!("in-{code}"));
    if !input.exists() {
        let opts = GenerateOptions {
            seed,
            regions: vec![code.into()],
            people: 400,
            months: 3,
            ..Default::default()
        };
        generate(&opts, &input).expect("generate");
    }
    let mut cfg = fixture_config(&input, &root.join(format!("out-{code}")), &shipped_queries(), 5);
    cfg.region = code.into();
    cfg.file.metrics.reporting_date = reporting_date.map(|d| d.parse().expect("a date"));
    let manifest = run_quiet(&cfg).await;
    (cfg, manifest)
}

/// The `dimension = all` region-total row of a vacancy_rate table (regional or national).
fn all_staff(t: &RecordBatch) -> usize {
    (0..t.num_rows())
        .find(|&i| {
            text(t, "dimension", i) == "all"
                && (t.column_by_name("org_code").is_none() || text(t, "org_code", i).is_empty())
        })
        .expect("an all-staff region-total row")
}

#[tokio::test]
async fn compare_sets_the_region_beside_england_and_the_other_region() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (y56, m56) = region_run(dir.path(), "Y56", 11, None).await;
    let (y60, m60) = region_run(dir.path(), "Y60", 12, None).await;
    let national = Location::local(&dir.path().join("national")).expect("location");
    let options = AggregateOptions {
        expected_regions: vec![],
        allow_missing: false,
        publish: PublishOptions::default(),
        session: Default::default(),
    };
    let nm = aggregate(
        &[y56.output.clone(), y60.output.clone()],
        &national,
        &shipped_queries(),
        &options,
    )
    .await
    .expect("aggregate")
    .manifest;
    let p56 = read_tables(&y56.output, &m56, "published").await;
    let p60 = read_tables(&y60.output, &m60, "published").await;
    let pn = read_tables(&national, &nm, "published").await;

    let (manifest, tables) = load_for(&y56.output, None, Audience::Public).await.expect("load");
    let extras = PageExtras {
        national: Some(load_national(&national, &manifest).await.expect("national")),
        ..Default::default()
    };
    let page = build_page_with(&manifest, &tables, &extras);
    let cmp = page.comparison.as_ref().expect("a comparison");
    let labels: Vec<&str> = cmp.table.rows.iter().map(|r| r[0].text.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Y56 London (this region)",
            "England",
            "Y56 minus England",
            "Y60 Midlands"
        ]
    );
    let col = 1 + cmp.table.columns[1..]
        .iter()
        .position(|c| c.label == "Vacancy rate")
        .expect("vacancy-rate column");
    // The vacancy rate: vacancy FTE / (staff in post FTE + vacancy FTE) (NHS Digital), England's
    // recomputed by hand from the two regions' published parts (never the mean of the rates).
    let part = |t: &RecordBatch, c: &str| num(t, c, all_staff(t)).expect("published");
    let (v56, s56) = (
        part(&p56["vacancy_rate"], "vacancy_fte"),
        part(&p56["vacancy_rate"], "staff_in_post_fte"),
    );
    let (v60, s60) = (
        part(&p60["vacancy_rate"], "vacancy_fte"),
        part(&p60["vacancy_rate"], "staff_in_post_fte"),
    );
    let england = ((v56 + v60) / (v56 + v60 + s56 + s60) * 10_000.0).round() / 10_000.0;
    let rate56 = part(&p56["vacancy_rate"], "vacancy_rate");
    let rate60 = part(&p60["vacancy_rate"], "vacancy_rate");
    assert_eq!(rate56, ((v56 / (v56 + s56)) * 10_000.0).round() / 10_000.0);
    assert_eq!(part(&pn["vacancy_rate"], "vacancy_rate"), england);
    let mean = (rate56 + rate60) / 2.0;
    assert!(
        (england - mean).abs() > 1e-6,
        "the fixture tells the recomputed rate from the mean"
    );
    assert_eq!(cmp.table.rows[0][col].value, Some(rate56));
    assert_eq!(cmp.table.rows[1][col].value, Some(england));
    assert_eq!(cmp.table.rows[3][col].value, Some(rate60));
    let diff = cmp.table.rows[2][col].value.expect("a difference");
    assert!(
        (diff - (rate56 - england) * 100.0).abs() < 1e-9,
        "percentage points"
    );
    assert_eq!(
        cmp.table.rows[2][col].text,
        Format::PointsDifference.show((rate56 - england) * 100.0)
    );
    // Y56's own figures point at its tables; the others' do not (they are another run's).
    assert!(cmp.table.rows[0][col].src.is_some());
    assert!(cmp.table.rows[1][col].src.is_none() && cmp.table.rows[3][col].src.is_none());
    assert!(
        cmp.notes.iter().any(|n| n.contains(&nm.run_id)),
        "{:?}",
        cmp.notes
    );

    // Through the operation: the public page carries the comparison; a regional output is no
    // national one.
    let options = ops::report::ReportOptions {
        compare: Some(national.clone()),
        ..Default::default()
    };
    let out = ops::report::write_report_with(&y56.output, &options, &talentpipe::progress::Silent)
        .await
        .expect("report");
    let html = std::fs::read_to_string(&out.location).expect("report.html");
    assert!(html.contains("How Y56 compares with England and the other regions"));
    let wrong = ops::report::ReportOptions {
        compare: Some(y60.output.clone()),
        ..Default::default()
    };
    let err = ops::report::write_report_with(&y56.output, &wrong, &talentpipe::progress::Silent)
        .await
        .expect_err("a regional output is not national");
    assert_eq!(err.exit_code(), talentpipe::ExitCode::UsageError, "{err}");
    assert!(err.to_string().contains("not a national one"), "{err}");

    // Y56 runs again after the aggregation: England still holds its earlier run, and says so.
    let (_, again) = region_run(dir.path(), "Y56", 11, None).await;
    let (manifest, tables) = load_for(&y56.output, None, Audience::Internal)
        .await
        .expect("load");
    assert_eq!(manifest.run_id, again.run_id);
    let extras = PageExtras {
        audience: Audience::Internal,
        national: Some(load_national(&national, &manifest).await.expect("national")),
        ..Default::default()
    };
    let page = build_page_with(&manifest, &tables, &extras);
    let notes = &page.comparison.as_ref().expect("a comparison").notes;
    let expected = format!(
        "England's figures include Y56's run {}, not the run this page describes ({}).",
        m56.run_id, again.run_id
    );
    assert!(notes.contains(&expected), "{notes:?}");
}

#[tokio::test]
async fn changes_since_the_previous_month() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, september) = region_run(dir.path(), "Y56", 21, Some("2026-09-30")).await;
    let (_, october) = region_run(dir.path(), "Y56", 21, None).await;
    // A nightly re-run of October: passed over, since its reporting date is the same.
    let (cfg, rerun) = region_run(dir.path(), "Y56", 21, None).await;
    let parameters = |m: &Manifest| {
        m.run_tables
            .as_ref()
            .and_then(|t| t.run_parameters.reporting_date)
    };
    assert_eq!(
        parameters(&september).map(|d| d.to_string()).as_deref(),
        Some("2026-09-30")
    );
    assert_eq!(
        parameters(&october).map(|d| d.to_string()).as_deref(),
        Some("2026-10-31")
    );

    let (manifest, tables) = load_for(&cfg.output, None, Audience::Public).await.expect("load");
    assert_eq!(manifest.run_id, rerun.run_id);
    let previous = load_previous(&cfg.output, &manifest, &Since::PreviousMonth, Audience::Public)
        .await
        .expect("previous");
    let PreviousSearch::Found(found) = &previous else {
        panic!("September's run is kept")
    };
    assert_eq!(
        found.manifest.run_id, september.run_id,
        "the previous month, not last night"
    );
    let page = build_page_with(
        &manifest,
        &tables,
        &PageExtras {
            previous: Some(previous),
            ..Default::default()
        },
    );
    let changes = page.changes.as_ref().expect("changes");
    // The vacancy rate's change by hand, from the two runs' published region totals.
    let rate = |t: &RecordBatch| num(t, "vacancy_rate", all_staff(t)).expect("published");
    let then = rate(&read_tables(&cfg.output, &september, "published").await["vacancy_rate"]);
    let now = rate(&read_tables(&cfg.output, &rerun, "published").await["vacancy_rate"]);
    assert!(
        (now - then).abs() > 1e-4,
        "the fixture's rate changed: {then} -> {now}"
    );
    let row = changes
        .table
        .rows
        .iter()
        .find(|r| r[0].text == "Vacancy rate")
        .expect("vacancy-rate row");
    assert_eq!((row[1].value, row[2].value), (Some(then), Some(now)));
    let points = (now - then) * 100.0;
    let arrow = if points > 0.0 { "▲" } else { "▼" };
    assert_eq!(
        row[3].text,
        format!("{arrow} {}", Format::PointsDifference.show(points))
    );
    let key = page
        .headline
        .key_figures
        .iter()
        .find(|k| k.label == "Vacancy rate")
        .expect("key figure");
    assert_eq!(
        key.change.as_deref(),
        Some(
            format!(
                "{arrow} {} since 2026-09-30",
                Format::PointsDifference.show(points)
            )
            .as_str()
        )
    );
    let html = report::render(&page).expect("render");
    assert!(html.contains("What changed since 2026-09-30"));

    // `--since` names a run; the page's own run is refused; no earlier month is said so.
    let named = load_previous(
        &cfg.output,
        &manifest,
        &Since::Run(october.run_id.clone()),
        Audience::Public,
    )
    .await
    .expect("named run");
    assert!(matches!(&named, PreviousSearch::Found(p) if p.manifest.run_id == october.run_id));
    // An internal page's previous figures are the previous run's restricted tables (no
    // `suppressed` flag), a public page's its published ones.
    for (audience, flagged) in [(Audience::Internal, false), (Audience::Public, true)] {
        let found = load_previous(&cfg.output, &manifest, &Since::PreviousMonth, audience)
            .await
            .expect("previous");
        let PreviousSearch::Found(p) = found else {
            panic!("September's run is kept")
        };
        let t = p.tables.get("vacancy_rate").expect("vacancy_rate");
        assert_eq!(t.has("suppressed"), flagged, "{audience}");
    }
    let own = load_previous(
        &cfg.output,
        &manifest,
        &Since::Run(manifest.run_id.clone()),
        Audience::Public,
    )
    .await;
    assert!(own.is_err_and(|e| e.exit_code() == talentpipe::ExitCode::UsageError));
    let first = load_previous(&cfg.output, &september, &Since::PreviousMonth, Audience::Public)
        .await
        .expect("search");
    assert!(matches!(first, PreviousSearch::NotFound(why) if why.contains("no earlier month")));
}
