//! The HTML dashboard (`talentpipe report`): the page model against the published tables, the
//! "not supplied" wording, and a real-browser test in headless Chromium.
//!
//! Fixture: `talentpipe_synth::generate` (seed 42, one region of 600 staff, 4 monthly snapshots,
//! a few defective rows so the data-quality summary has content), run through the shipped
//! queries with suppression threshold 5. Expected numbers are read back from the run's
//! *published* tables with `publish::read_table`, independently of the report's own loader.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use arrow::array::{Array, RecordBatch};
use talentpipe::config::Config;
use talentpipe::ops::{self, run::RunOptions};
use talentpipe::publish::Manifest;
use talentpipe::report::{self, data::Format, page::Page};
use talentpipe_synth::{GenerateOptions, generate};

use crate::support::{fixture_config, num, read_tables, shipped_queries, text};

struct Fixture {
    _dirs: (tempfile::TempDir, tempfile::TempDir),
    cfg: Config,
    manifest: Manifest,
    /// Published tables, read independently of the report.
    published: BTreeMap<String, RecordBatch>,
}

async fn fixture(kinds: Option<Vec<String>>) -> Fixture {
    let input = tempfile::tempdir().expect("tempdir");
    let output = tempfile::tempdir().expect("tempdir");
    let opts = GenerateOptions {
        regions: vec!["Y56".into()],
        people: 600,
        months: 4,
        dirty: 0.002,
        kinds,
        ..Default::default()
    };
    generate(&opts, input.path()).expect("generate fixture input");
    let mut cfg = fixture_config(input.path(), output.path(), &shipped_queries(), 5);
    cfg.file.ingest.max_quarantine_share = 1.0;
    let manifest = ops::run::run(&cfg, &RunOptions { ..Default::default() })
        .await
        .unwrap_or_else(|e| panic!("pipeline run failed: {e}"));
    let published = read_tables(&cfg.output, &manifest, "published").await;
    Fixture {
        _dirs: (input, output),
        cfg,
        manifest,
        published,
    }
}

/// One displayed figure as the page (model or DOM) gives it.
#[derive(Debug)]
struct Shown {
    src: String,
    state: String,
    value: Option<f64>,
    text: String,
}

/// Checks one displayed cell against the published table it names; returns its state.
#[track_caller]
fn check_against_published(published: &BTreeMap<String, RecordBatch>, shown: &Shown) -> String {
    let mut parts = shown.src.splitn(3, '/');
    let (table, column, row) = match (parts.next(), parts.next(), parts.next()) {
        (Some(t), Some(c), Some(r)) => (t, c, r.parse::<usize>().expect("row index in data-src")),
        _ => panic!("malformed data-src {:?}", shown.src),
    };
    let batch = published
        .get(table)
        .unwrap_or_else(|| panic!("{shown:?}: no published table {table}"));
    let col = batch
        .column_by_name(column)
        .unwrap_or_else(|| panic!("{shown:?}: no column {column} in {table}"));
    let row_suppressed = text(batch, "suppressed", row) == "true";
    match shown.state.as_str() {
        "value" => {
            let expected =
                num(batch, column, row).unwrap_or_else(|| panic!("{shown:?}: published cell is null"));
            let got = shown.value.unwrap_or_else(|| panic!("{shown:?}: no data-value"));
            assert!(
                (got - expected).abs() <= 1e-9 * expected.abs().max(1.0),
                "{shown:?}: page shows {got}, published {table}.{column}[{row}] is {expected}"
            );
            assert_ne!(shown.text, "suppressed", "{shown:?}");
        }
        "suppressed" => {
            assert!(
                col.is_null(row),
                "{shown:?}: shown as suppressed but published value is {}",
                text(batch, column, row)
            );
            assert!(
                row_suppressed,
                "{shown:?}: shown as suppressed but the row is not flagged suppressed"
            );
            assert_eq!(
                shown.text, "suppressed",
                "{shown:?}: a suppressed cell must say so"
            );
            assert!(shown.value.is_none(), "{shown:?}: a suppressed cell has no value");
        }
        "not_applicable" => {
            assert!(
                col.is_null(row),
                "{shown:?}: shown as n/a but published value is {}",
                text(batch, column, row)
            );
        }
        "label" | "total" => {
            assert_eq!(
                text(batch, column, row).is_empty(),
                shown.state == "total",
                "{shown:?}: label / total mismatch with {table}.{column}[{row}]"
            );
        }
        other => panic!("{shown:?}: unknown state {other}"),
    }
    shown.state.clone()
}

fn model_cells(page: &Page) -> Vec<Shown> {
    let mut out = Vec::new();
    let mut push = |c: &report::data::Cell| {
        if let Some(src) = &c.src {
            out.push(Shown {
                src: src.clone(),
                state: serde_json::to_value(c.state)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                value: c.value,
                text: c.text.clone(),
            });
        }
    };
    for k in &page.headline.key_figures {
        push(&k.cell);
    }
    for s in &page.sections {
        for f in &s.figures {
            f.table.sourced_cells().for_each(&mut push);
        }
        for a in &s.appendix {
            a.table.sourced_cells().for_each(&mut push);
        }
    }
    out
}

/// The single region-total row of `table` matching `filters` (text equality; "" = null).
fn published_row(f: &Fixture, table: &str, filters: &[(&str, &str)]) -> usize {
    let batch = &f.published[table];
    let mut all = vec![("region_code", "Y56"), ("org_code", "")];
    all.extend_from_slice(filters);
    crate::support::row(batch, &all)
}

#[tokio::test]
async fn page_model_figures_equal_published_tables() {
    let f = fixture(None).await;
    let (manifest, tables) = report::load(&f.cfg.output, None).await.expect("load latest run");
    assert_eq!(
        manifest.run_id, f.manifest.run_id,
        "report reads the latest committed run"
    );
    let page = report::build_page(&manifest, &tables);

    let ids: Vec<&str> = page.sections.iter().map(|s| s.id.as_str()).collect();
    for id in ["pipeline", "wres", "vacancies", "trends"] {
        assert!(ids.contains(&id), "section {id} missing: {ids:?}");
    }
    // Every figure cell read from a table equals the published table, and suppressed cells
    // are shown as suppressed (never zero).
    let cells = model_cells(&page);
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    for c in &cells {
        *states
            .entry(check_against_published(&f.published, c))
            .or_default() += 1;
    }
    assert!(states.get("value").copied().unwrap_or(0) > 500, "{states:?}");
    assert!(
        states.get("suppressed").copied().unwrap_or(0) > 10,
        "the fixture has suppressed cells: {states:?}"
    );

    // Spot checks of headline figures, by hand from the published tables.
    let vr = published_row(&f, "vacancy_rate", &[("dimension", "all")]);
    let kf = page
        .headline
        .key_figures
        .iter()
        .find(|k| k.label == "Vacancy rate")
        .expect("vacancy-rate key figure");
    let expected =
        num(&f.published["vacancy_rate"], "vacancy_rate", vr).expect("regional vacancy rate is published");
    assert_eq!(kf.cell.value, Some(expected));
    assert_eq!(kf.cell.text, Format::Percent.show(expected));

    // Supply and demand: one table row per critical role and horizon, supply as published.
    let pipeline = page
        .sections
        .iter()
        .find(|s| s.id == "pipeline")
        .expect("pipeline section");
    let sd = pipeline
        .figures
        .iter()
        .find(|x| x.id == "pipeline-supply-demand")
        .expect("supply/demand figure");
    assert_eq!(sd.table.rows.len(), 24, "6 roles x 4 horizons");
    let don_3_5 = sd
        .table
        .rows
        .iter()
        .find(|r| r[0].text == "DON" && r[1].text == "3-5y")
        .expect("DON 3-5y row");
    let r = published_row(
        &f,
        "leadership_pipeline",
        &[("critical_role", "DON"), ("horizon", "3-5y")],
    );
    assert_eq!(
        don_3_5[3].value,
        num(&f.published["leadership_pipeline"], "ready_candidates", r)
    );

    // WRES indicator 2: the relative likelihood and the figures for White and BME applicants.
    let wres = page
        .sections
        .iter()
        .find(|s| s.id == "wres")
        .expect("wres section");
    let indicators = wres
        .figures
        .iter()
        .find(|x| x.id == "wres-indicators")
        .expect("WRES table");
    assert_eq!(indicators.table.rows.len(), 9, "indicators 1 to 9");
    let row2 = &indicators.table.rows[1];
    let r = published_row(&f, "wres_indicator_2", &[]);
    let w2 = &f.published["wres_indicator_2"];
    assert_eq!(
        row2[2].src.as_deref(),
        Some(format!("wres_indicator_2/likelihood_white/{r}").as_str())
    );
    assert_eq!(row2[2].value, num(w2, "likelihood_white", r));
    assert_eq!(row2[3].value, num(w2, "likelihood_bme", r));
    assert_eq!(row2[4].value, num(w2, "relative_likelihood", r));
    // Representation by band: one bar per band, the whole workforce as the reference line.
    let band = wres
        .figures
        .iter()
        .find(|x| x.id == "wres-representation-by-band")
        .expect("representation by band");
    let all = published_row(
        &f,
        "wres_indicator_1",
        &[("staff_scope", "All"), ("pay_band", "All")],
    );
    let whole = num(&f.published["wres_indicator_1"], "share_bme", all).expect("whole-workforce BME share");
    let report::page::Chart::Bars(chart) = &band.panels[0].chart else {
        panic!("a bar chart")
    };
    assert_eq!(chart.references.len(), 1);
    assert!(chart.references[0].label.contains(&Format::Percent.show(whole)));

    // Data quality: the quarantined rows per extract are the manifest's.
    let ingest = manifest.ingest.as_ref().expect("regional runs record ingest");
    for k in &ingest.kinds {
        let row = page
            .headline
            .inputs
            .iter()
            .find(|i| i.kind == k.kind)
            .expect("input row");
        assert_eq!(row.rows_quarantined, k.rows_quarantined, "{}", k.kind);
    }
    assert!(
        page.headline.rows_quarantined > 0,
        "the fixture has defective rows"
    );
    assert!(page.headline.quality.iter().all(|q| !q.top_reasons.is_empty()));

    // The document renders and leaves nothing to the network.
    let html = report::render(&page).expect("render");
    assert_no_external_references(&html);
}

#[tokio::test]
async fn a_section_whose_extract_was_not_supplied_says_so() {
    let kinds: Vec<String> = talentpipe_synth::KINDS
        .iter()
        .map(|k| k.to_string())
        .filter(|k| k != "vacancies")
        .collect();
    let f = fixture(Some(kinds)).await;
    let (manifest, tables) = report::load(&f.cfg.output, None).await.expect("load");
    let page = report::build_page(&manifest, &tables);
    let vacancies = page
        .sections
        .iter()
        .find(|s| s.id == "vacancies")
        .expect("vacancies section");
    assert!(
        vacancies
            .not_supplied
            .iter()
            .any(|m| m.contains("vacancies extract was not supplied")),
        "{:?}",
        vacancies.not_supplied
    );
    for table in ["vacancy_rate", "time_to_fill", "hard_to_fill_vacancies"] {
        let n = vacancies
            .notices
            .iter()
            .find(|n| n.table == table)
            .unwrap_or_else(|| panic!("no notice for {table}: {:?}", vacancies.notices));
        assert_eq!(n.status, "not computed");
        assert!(n.reason.contains("not supplied"), "{n:?}");
    }
    assert!(
        vacancies
            .figures
            .iter()
            .all(|f| f.id != "vacancy-rate-staff-group"),
        "no vacancy-rate figure without the extract"
    );

    let out = ops::report::write_report(&f.cfg.output, Some(&manifest.run_id))
        .await
        .expect("write");
    let html = std::fs::read_to_string(&out.location).expect("report.html written");
    assert!(html.contains("The vacancies extract was not supplied in this run"));
    assert!(
        html.contains("needs &#x27;vacancies&#x27;: extract not supplied")
            || html.contains("needs 'vacancies': extract not supplied")
    );
}

#[tokio::test]
async fn report_for_a_given_run_and_unknown_runs() {
    let f = fixture(Some(vec!["esr_workforce".into()])).await;
    let out = ops::report::write_report(&f.cfg.output, Some(&f.manifest.run_id))
        .await
        .expect("report for a named run");
    assert!(
        out.location
            .ends_with(&format!("runs/{}/report.html", f.manifest.run_id))
    );
    let err = ops::report::write_report(&f.cfg.output, Some("20990101T000000000Z-000000"))
        .await
        .expect_err("no such run");
    assert_eq!(err.exit_code(), talentpipe::ExitCode::UsageError, "{err}");
    assert!(err.to_string().contains("no committed run"), "{err}");
    let empty = tempfile::tempdir().expect("tempdir");
    let nothing = talentpipe::storage::Location::local(empty.path()).expect("location");
    let err = ops::report::write_report(&nothing, None)
        .await
        .expect_err("nothing committed");
    assert!(err.to_string().contains("run `talentpipe run` first"), "{err}");
}

/// Static half of "no network request": nothing in the document points outside it.
#[track_caller]
fn assert_no_external_references(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "http://",
        "https://",
        "src=\"//",
        "href=\"//",
        "@import",
        "<link",
        "<iframe",
        "<img",
        "<object",
        "<embed",
    ] {
        assert!(!lower.contains(bad), "the report contains {bad:?}");
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        let after = rest[i + 4..].trim_start_matches(['"', '\'', ' ']);
        assert!(
            after.starts_with("data:"),
            "the report contains url({})",
            &after[..after.len().min(40)]
        );
        rest = &rest[i + 4..];
    }
    assert!(
        lower.contains("content-security-policy") && lower.contains("default-src 'none'"),
        "the report must carry its no-network CSP"
    );
}

// ---------------------------------------------------------------------------------------------
// Real browser

/// Debian's `chromium` (installed by .ci/run); `CHROMIUM` overrides. Panics when absent: CI
/// installs it, so a missing browser is a broken environment, not a reason to skip.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(p);
    }
    for candidate in [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ] {
        if Path::new(candidate).exists() {
            return PathBuf::from(candidate);
        }
    }
    panic!(
        "the browser test needs headless Chromium, which was not found at /usr/bin/chromium: \
         install it with `apt-get install -y --no-install-recommends chromium` (.ci/run does) \
         or set CHROMIUM=/path/to/chromium"
    );
}

/// Runs headless Chromium on `url` with `extra` flags; returns (stdout, stderr). Fails after
/// two minutes.
fn run_chromium(profile: &Path, extra: &[String], url: &str) -> (String, String) {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend(extra.iter().cloned());
    args.push(url.to_string());
    let browser = chromium();
    let mut child = Command::new(&browser)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 2 minutes: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}): {args:?}\n{stderr}");
    (stdout, stderr)
}

/// URLs the *page* asked for, from a Chromium net log: requests whose initiator is an origin
/// (the browser's own background requests have the initiator "not an origin").
fn page_requests(net_log: &Path) -> Vec<String> {
    let raw =
        std::fs::read_to_string(net_log).unwrap_or_else(|e| panic!("net log {}: {e}", net_log.display()));
    let parsed: serde_json::Value = serde_json::from_str(&raw)
        .or_else(|_| {
            // A log cut short by an exit lacks its closing brackets.
            let cut = raw.rfind("},").map_or(raw.as_str(), |i| &raw[..=i]);
            serde_json::from_str(&format!("{cut}]}}"))
        })
        .unwrap_or_else(|e| panic!("net log {} is not JSON: {e}", net_log.display()));
    let events = parsed["events"].as_array().cloned().unwrap_or_default();
    let mut urls = Vec::new();
    for e in &events {
        let p = &e["params"];
        let Some(url) = p["url"].as_str() else { continue };
        let initiator = p["initiator"].as_str();
        let nik = p["network_isolation_key"].as_str().unwrap_or("");
        let from_page = matches!(initiator, Some(i) if i != "not an origin") || nik.contains("file://");
        if from_page && !urls.iter().any(|u| u == url) {
            urls.push(url.to_string());
        }
    }
    urls
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].replace("&amp;", "&").replace("&quot;", "\""))
}

/// Every element of the rendered DOM carrying `data-src`, with its state, value and text.
fn dom_cells(dom: &str) -> Vec<Shown> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = dom[from..].find(" data-src=\"") {
        let at = from + i;
        let start = dom[..at].rfind('<').expect("attribute inside a tag");
        let end = at + dom[at..].find('>').expect("tag closes");
        let tag = &dom[start..end];
        let text_end = end + 1 + dom[end + 1..].find('<').unwrap_or(0);
        out.push(Shown {
            src: attr(tag, "data-src").unwrap_or_default(),
            state: attr(tag, "data-state").unwrap_or_default(),
            value: attr(tag, "data-value").and_then(|v| v.parse().ok()),
            text: dom[end + 1..text_end].trim().to_string(),
        });
        from = end;
    }
    out
}

#[tokio::test]
async fn report_in_headless_chromium() {
    let browser = chromium(); // fail early, before the fixture, when the browser is missing
    let f = fixture(None).await;
    let out = ops::report::write_report(&f.cfg.output, None)
        .await
        .expect("write report");
    let path = PathBuf::from(&out.location);
    let html = std::fs::read_to_string(&path).expect("report.html on disk");
    assert_no_external_references(&html);
    let url = format!("file://{}", path.display());
    let work = tempfile::tempdir().expect("tempdir");

    // The detector must see a request when there is one, or its silence proves nothing.
    let canary = work.path().join("canary.html");
    std::fs::write(
        &canary,
        "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/canary.png\"></body></html>",
    )
    .expect("write canary");
    let canary_log = work.path().join("canary-netlog.json");
    run_chromium(
        &work.path().join("profile-canary"),
        &[
            format!("--log-net-log={}", canary_log.display()),
            "--dump-dom".into(),
        ],
        &format!("file://{}", canary.display()),
    );
    let seen = page_requests(&canary_log);
    assert!(
        seen.iter().any(|u| u.contains("canary.png")),
        "the net-log detector missed the canary page's request ({} with {}): {seen:?}",
        canary_log.display(),
        browser.display()
    );

    // The report: the rendered DOM and the network log.
    let net_log = work.path().join("report-netlog.json");
    let (dom, _) = run_chromium(
        &work.path().join("profile-dom"),
        &[
            format!("--log-net-log={}", net_log.display()),
            "--dump-dom".into(),
        ],
        &url,
    );
    let requests: Vec<String> = page_requests(&net_log)
        .into_iter()
        .filter(|u| !u.starts_with("file:") && !u.starts_with("data:"))
        .collect();
    assert!(
        requests.is_empty(),
        "the report made network requests: {requests:?}"
    );

    // Every section is present, with its heading.
    for (id, heading) in [
        ("headline", "Headline"),
        ("pipeline", "Leadership pipeline"),
        ("wres", "Workforce Race Equality Standard"),
        ("vacancies", "Vacancies"),
        ("trends", "Trends"),
    ] {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "section {id} missing from the DOM"
        );
        assert!(
            dom.contains(&format!(">{heading}</h2>")),
            "heading {heading} missing from the DOM"
        );
    }
    assert!(dom.contains(&f.manifest.run_id), "run id in the headline");
    assert!(
        dom.contains("id=\"run-region\">Y56 (London)"),
        "region in the headline"
    );
    assert!(dom.contains("id=\"suppression-legend\""), "suppression legend");
    // Data quality: each extract's quarantined rows, as the manifest records them.
    let ingest = f.manifest.ingest.as_ref().expect("ingest metrics");
    for k in &ingest.kinds {
        let row = format!("data-kind=\"{}\"", k.kind);
        let at = dom
            .find(&row)
            .unwrap_or_else(|| panic!("no input row for {}", k.kind));
        let tail = &dom[at..];
        let q = format!("data-quarantined=\"{}\"", k.rows_quarantined);
        assert!(
            tail[..tail.find("</tr>").unwrap_or(tail.len())].contains(&q),
            "{}: {q}",
            k.kind
        );
    }
    for figure in [
        "pipeline-supply-demand",
        "pipeline-diversity",
        "wres-indicators",
        "wres-representation-by-band",
        "vacancy-rate-staff-group",
        "vacancy-time-to-fill",
        "vacancy-hard-to-fill",
        "vacancy-executive-posts",
        "trends-survey",
        "trends-workforce",
    ] {
        assert!(
            dom.contains(&format!("<figure class=\"fig\" id=\"{figure}\"")),
            "figure {figure} missing"
        );
    }
    // Charts are inline SVG with a title and a text alternative.
    assert!(dom.matches("<svg class=\"chart\"").count() >= 8, "charts missing");
    assert!(dom.contains("role=\"img\"") && dom.contains("aria-describedby="));

    // Key figures in the browser's DOM equal the published tables.
    let cells = dom_cells(&dom);
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    for c in &cells {
        *states
            .entry(check_against_published(&f.published, c))
            .or_default() += 1;
    }
    assert!(states.get("value").copied().unwrap_or(0) > 500, "{states:?}");
    assert!(states.get("suppressed").copied().unwrap_or(0) > 10, "{states:?}");
    eprintln!("DOM cells checked against the published tables, by state: {states:?}");
    let vr = published_row(&f, "vacancy_rate", &[("dimension", "all")]);
    let rate = num(&f.published["vacancy_rate"], "vacancy_rate", vr).expect("vacancy rate");
    let key = format!("vacancy_rate/vacancy_rate/{vr}");
    let shown: Vec<&Shown> = cells.iter().filter(|c| c.src == key).collect();
    assert!(!shown.is_empty(), "the regional vacancy rate is in the DOM");
    for c in shown {
        assert_eq!(
            (c.value, c.text.as_str()),
            (Some(rate), Format::Percent.show(rate).as_str())
        );
    }

    // A screenshot as a test artifact.
    let artifacts = Path::new(env!("CARGO_TARGET_TMPDIR")).join("test-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifact folder");
    let shot = artifacts.join("report.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &work.path().join("profile-shot"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,4000".into(),
        ],
        &url,
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "screenshot is not a PNG"
    );
    std::fs::copy(&path, artifacts.join("report.html")).expect("copy report artifact");
    eprintln!("report screenshot: {}", shot.display());
}
