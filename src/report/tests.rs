//! Tests of what the page says, on a hand-made run: figures against their table, suppression,
//! notices from the manifest, the WRES indicator table, escaping, national runs and routing.

use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{Field, Schema};

use super::appendix::humanise;
use super::page::{Chart, Figure, Notice, Section};
use super::sections::section_of;
use super::*;
use crate::publish::{QueryRecord, TableRecord};

fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Arc::new(Schema::new(
        columns
            .iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    ));
    RecordBatch::try_new(schema, columns.into_iter().map(|c| c.1).collect()).expect("valid test batch")
}

fn strings(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

fn query(name: &str, folder: &str, status: &str, message: Option<&str>) -> QueryRecord {
    QueryRecord {
        name: name.into(),
        file: format!("queries/{folder}/{name}.sql"),
        status: status.into(),
        message: message.map(str::to_string),
        published: status == "ok",
        title: Some(format!("Title of {name}")),
        ..Default::default()
    }
}

/// A run with a hand-made `vacancy_rate` (one suppressed staff group), a hand-made
/// `wres_indicator_2`, and `time_to_fill` not computed.
fn fixture() -> (Manifest, Tables) {
    let vacancy_rate = batch(vec![
        (
            "region_code",
            strings(&[Some("Y56"), Some("Y56"), Some("Y56"), Some("Y56")]),
        ),
        ("org_code", strings(&[None, None, None, Some("RJ1")])),
        (
            "dimension",
            strings(&[Some("all"), Some("staff_group"), Some("staff_group"), Some("all")]),
        ),
        (
            "dimension_value",
            strings(&[
                Some("All"),
                Some("Medical and Dental"),
                Some("Estates and Ancillary"),
                Some("All"),
            ]),
        ),
        (
            "open_vacancies",
            Arc::new(Int64Array::from(vec![Some(40), Some(12), None, Some(9)])),
        ),
        (
            "vacancy_fte",
            Arc::new(Float64Array::from(vec![Some(38.5), Some(11.0), None, Some(9.0)])),
        ),
        (
            "staff_in_post_fte",
            Arc::new(Float64Array::from(vec![
                Some(1000.0),
                Some(200.0),
                None,
                Some(90.0),
            ])),
        ),
        (
            "vacancy_rate",
            Arc::new(Float64Array::from(vec![
                Some(0.0371),
                Some(0.0521),
                None,
                Some(0.0909),
            ])),
        ),
        ("vacancy_rate_note", strings(&[None, None, None, None])),
        (
            "suppressed",
            Arc::new(BooleanArray::from(vec![false, false, true, false])),
        ),
    ]);
    let wres2 = batch(vec![
        ("region_code", strings(&[Some("Y56")])),
        ("org_code", strings(&[None])),
        ("white_shortlisted", Arc::new(Int64Array::from(vec![200]))),
        ("white_appointed", Arc::new(Int64Array::from(vec![50]))),
        ("white_likelihood", Arc::new(Float64Array::from(vec![0.25]))),
        ("bme_shortlisted", Arc::new(Int64Array::from(vec![100]))),
        ("bme_appointed", Arc::new(Int64Array::from(vec![15]))),
        ("bme_likelihood", Arc::new(Float64Array::from(vec![0.15]))),
        ("relative_likelihood", Arc::new(Float64Array::from(vec![1.6667]))),
        ("relative_likelihood_note", strings(&[None])),
        ("adverse", Arc::new(BooleanArray::from(vec![true]))),
        ("suppressed", Arc::new(BooleanArray::from(vec![false]))),
    ]);
    let mut tables = Tables::default();
    tables.insert(Table::from_batches("vacancy_rate", &[vacancy_rate]).expect("table"));
    tables.insert(Table::from_batches("wres_indicator_2", &[wres2]).expect("table"));
    let manifest = Manifest {
        run_id: "20261031T020000000Z-abcdef".into(),
        kind: "regional".into(),
        region: "Y56".into(),
        finished_at: "2026-10-31T02:00:00.000Z".into(),
        queries: vec![
            query("vacancy_rate", "vacancy", "ok", None),
            query("wres_indicator_2", "wres", "ok", None),
            query(
                "time_to_fill",
                "vacancy",
                "not_computed",
                Some("needs 'vacancies': extract not supplied"),
            ),
            query(
                "wres_indicator_3",
                "wres",
                "failed",
                Some("queries/wres/wres_indicator_3.sql:4: boom"),
            ),
        ],
        tables: ["vacancy_rate", "wres_indicator_2"]
            .iter()
            .map(|n| TableRecord {
                name: n.to_string(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    (manifest, tables)
}

fn section<'a>(page: &'a Page, id: &str) -> &'a Section {
    page.sections
        .iter()
        .find(|s| s.id == id)
        .expect("section present")
}

fn figure<'a>(s: &'a Section, id: &str) -> &'a Figure {
    s.figures.iter().find(|f| f.id == id).expect("figure")
}

fn notice<'a>(s: &'a Section, table: &str) -> &'a Notice {
    s.notices.iter().find(|n| n.table == table).expect("notice")
}

#[test]
fn vacancy_figure_equals_the_table_and_shows_suppression() {
    let (m, t) = fixture();
    let page = build_page(&m, &t);
    let v = section(&page, "vacancies");
    let fig = figure(v, "vacancy-rate-staff-group");
    let rows: Vec<Vec<String>> = fig
        .table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.clone()).collect())
        .collect();
    assert_eq!(
        rows,
        vec![
            vec![
                "Estates and Ancillary",
                "suppressed",
                "suppressed",
                "suppressed",
                "suppressed"
            ],
            vec!["Medical and Dental", "12", "11.0", "200.0", "5.2%"],
            vec!["All staff", "40", "38.5", "1000.0", "3.7%"],
        ]
    );
    assert_eq!(
        fig.table.rows[1][4].value,
        Some(0.0521),
        "exact published value kept"
    );
    assert_eq!(fig.table.rows[0][4].value, None, "suppressed is not zero");
    assert_eq!(fig.suppressed_cells(), 4);
    // The organisation row is not a region figure.
    assert!(fig.table.rows.iter().all(|r| r[1].text != "9"));
    // The chart draws no bar for the suppressed group and says so.
    let Chart::Bars(chart) = &fig.panels[0].chart else {
        panic!("bar chart expected")
    };
    assert_eq!(chart.groups[0].bars[0].label, "suppressed");
    assert_eq!(chart.groups[0].bars[0].w, 0.0);
    assert_eq!(chart.references.len(), 1, "all-staff reference line");
    assert!(
        fig.description.contains("Medical and Dental: Open vacancies 12"),
        "{}",
        fig.description
    );
    assert!(fig.description.contains("suppressed"), "{}", fig.description);
    // Headline key figure.
    let kf = &page.headline.key_figures[0];
    assert_eq!(
        (kf.label.as_str(), kf.cell.text.as_str()),
        ("Vacancy rate", "3.7%")
    );
}

#[test]
fn missing_tables_say_why_from_the_manifest() {
    let (m, t) = fixture();
    let page = build_page(&m, &t);
    let v = section(&page, "vacancies");
    let ttf = notice(v, "time_to_fill");
    assert_eq!(ttf.status, "not computed");
    assert_eq!(ttf.reason, "needs 'vacancies': extract not supplied");
    let hard = notice(v, "hard_to_fill_vacancies");
    assert_eq!(hard.status, "not in this run");
    let w = section(&page, "wres");
    let w3 = notice(w, "wres_indicator_3");
    assert_eq!(
        (w3.status.as_str(), w3.reason.as_str()),
        ("failed", "queries/wres/wres_indicator_3.sql:4: boom")
    );
    assert!(
        section(&page, "pipeline").is_empty(),
        "no pipeline table: notices only"
    );
}

#[test]
fn wres_indicator_row_reads_figures_by_meaning() {
    let (m, t) = fixture();
    let page = build_page(&m, &t);
    let fig = &section(&page, "wres").figures[0];
    let row = fig
        .table
        .rows
        .iter()
        .find(|r| r[0].text == "2")
        .expect("indicator 2");
    let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "2",
            "Likelihood of being appointed from shortlisting (relative likelihood White : BME)",
            "0.2500",
            "0.1500",
            "1.67",
            "White applicants more likely to be appointed",
            "Yes, adverse",
            "wres_indicator_2",
        ]
    );
    assert_eq!(
        row[4].src.as_deref(),
        Some("wres_indicator_2/relative_likelihood/0")
    );
    let row3 = fig
        .table
        .rows
        .iter()
        .find(|r| r[0].text == "3")
        .expect("indicator 3");
    assert_eq!(row3[2].text, "not computed");
    let note = row3[2].footnote.expect("the reason is a footnote");
    assert!(
        fig.table.footnotes[note - 1].starts_with("failed: "),
        "{:?}",
        fig.table.footnotes
    );
}

#[test]
fn rendered_page_is_self_contained_and_escaped() {
    let (mut m, t) = fixture();
    m.region = "<script>alert(1)</script>".into();
    let page = build_page(&m, &t);
    let html = super::render(&page).expect("renders");
    assert!(!html.contains("<script>alert"), "values are HTML-escaped");
    for id in ["headline", "pipeline", "wres", "vacancies", "trends"] {
        assert!(
            html.contains(&format!("<section class=\"report\" id=\"{id}\"")),
            "{id}"
        );
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("default-src 'none'"));
    assert!(html.contains("data-state=\"suppressed\""));
    assert!(html.contains("@media print"));
}

#[test]
fn national_runs_label_regions_and_empty_tables_say_so() {
    let (mut m, _) = fixture();
    m.kind = "national".into();
    m.region = "national".into();
    m.sources = vec![crate::publish::SourceRecord {
        url: "s3://bucket/y56".into(),
        region: "Y56".into(),
        run_id: "20261031T020000000Z-000001".into(),
        ..Default::default()
    }];
    let two_regions = batch(vec![
        ("region_code", strings(&[Some("Y56"), Some("Y60")])),
        ("org_code", strings(&[None, None])),
        ("dimension", strings(&[Some("staff_group"), Some("staff_group")])),
        (
            "dimension_value",
            strings(&[Some("Medical and Dental"), Some("Medical and Dental")]),
        ),
        (
            "vacancy_rate",
            Arc::new(Float64Array::from(vec![Some(0.05), Some(0.04)])),
        ),
        ("suppressed", Arc::new(BooleanArray::from(vec![false, false]))),
    ]);
    let empty = batch(vec![
        ("region_code", strings(&[])),
        ("median_days", Arc::new(Float64Array::from(Vec::<f64>::new()))),
    ]);
    let mut t = Tables::default();
    t.insert(Table::from_batches("vacancy_rate", &[two_regions]).expect("table"));
    t.insert(Table::from_batches("time_to_fill", &[empty]).expect("table"));
    m.queries[2].status = "ok".into();
    m.queries[2].published = true;
    let page = build_page(&m, &t);
    assert_eq!(page.title, "Talent and leadership dashboard: England (national)");
    assert!(page.headline.inputs.is_empty());
    assert!(
        page.headline
            .inputs_note
            .as_deref()
            .is_some_and(|n| n.contains("national run"))
    );
    assert_eq!(page.run.sources.len(), 1);
    let v = section(&page, "vacancies");
    let fig = figure(v, "vacancy-rate-staff-group");
    let labels: Vec<&str> = fig.table.rows.iter().map(|r| r[0].text.as_str()).collect();
    assert_eq!(
        labels,
        vec!["Y56 · Medical and Dental", "Y60 · Medical and Dental"]
    );
    let ttf = notice(v, "time_to_fill");
    assert_eq!(
        (ttf.status.as_str(), ttf.reason.as_str()),
        ("no figure", "the table was published with no rows")
    );
    super::render(&page).expect("a national page renders");
}

#[test]
fn humanised_column_names() {
    assert_eq!(humanise("bme_share"), "BME share");
    assert_eq!(humanise("staff_in_post_fte"), "Staff in post FTE");
    assert_eq!(humanise("org_code"), "Organisation code");
}

#[test]
fn sections_by_folder_then_name() {
    let q = |name: &str, file: &str| QueryRecord {
        name: name.into(),
        file: file.into(),
        ..Default::default()
    };
    assert_eq!(section_of(&q("x", "queries/pipeline/x.sql")), "pipeline");
    assert_eq!(
        section_of(&q("wdes_metric_1", "queries/national/wdes_metric_1.sql")),
        "wres"
    );
    assert_eq!(
        section_of(&q("vacancy_rate", "queries/national/vacancy_rate.sql")),
        "vacancies"
    );
    assert_eq!(
        section_of(&q(
            "talent_pool_latest_snapshot",
            "queries/staging/talent_pool_latest_snapshot.sql"
        )),
        "pipeline"
    );
    // A name is matched whole, not by the words in it.
    assert_eq!(
        section_of(&q("national_vacancy_rate", "queries/national/a.sql")),
        "other"
    );
    assert_eq!(
        section_of(&q("headcount", "queries/workforce/headcount.sql")),
        "other"
    );
}
