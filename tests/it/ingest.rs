//! Ingest on small hand-written fixtures: one fixture per defect in the contract
//! (`../shared/EXTRACTS.md`), with exact accepted/quarantined counts, lines and reasons.

use std::path::Path;

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::DataType;
use talentpipe::ingest::pseudonym::Pseudonymiser;
use talentpipe::ingest::{self, FileStatus, IngestMetrics, IngestOptions, KindStatus};
use talentpipe::storage::Location;

pub const ESR_HEADER: &str = "Snapshot Date,Employee Number,Assignment Number,Organisation Code,Region Code,Staff Group,Job Role,Critical Role,Pay Band,Ethnic Origin,Gender,Disability,Date of Birth,FTE,Assignment Category,Interim,Start Date,Termination Date,Leaving Reason";

/// A valid ESR row for employee `emp` (assignment `emp-1`), with overrides by column.
pub fn esr_row(emp: &str, overrides: &[(&str, &str)]) -> String {
    let mut fields: Vec<(&str, String)> = vec![
        ("Snapshot Date", "31/10/2025".into()),
        ("Employee Number", emp.into()),
        ("Assignment Number", format!("{emp}-1")),
        ("Organisation Code", "RJ1".into()),
        ("Region Code", "Y56".into()),
        ("Staff Group", "Nursing and Midwifery Registered".into()),
        ("Job Role", "Staff Nurse".into()),
        ("Critical Role", "".into()),
        ("Pay Band", "Band 5".into()),
        ("Ethnic Origin", "A White - British".into()),
        ("Gender", "Female".into()),
        ("Disability", "No".into()),
        ("Date of Birth", "15/03/1990".into()),
        ("FTE", "1.0".into()),
        ("Assignment Category", "Permanent".into()),
        ("Interim", "N".into()),
        ("Start Date", "01/04/2015".into()),
        ("Termination Date", "".into()),
        ("Leaving Reason", "".into()),
    ];
    for (k, v) in overrides {
        let f = fields
            .iter_mut()
            .find(|(name, _)| name == k)
            .unwrap_or_else(|| panic!("no column {k}"));
        f.1 = v.to_string();
    }
    fields.into_iter().map(|(_, v)| v).collect::<Vec<_>>().join(",")
}

pub fn write(root: &Path, kind: &str, file: &str, bytes: impl AsRef<[u8]>) {
    let dir = root.join(kind);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(file), bytes).unwrap();
}

pub async fn ingest_root(input: &Path, output: &Path) -> IngestMetrics {
    ingest_with(input, output, 65_536, IngestOptions::default().index_rows).await
}

/// Ingest (no re-use) with `batch_rows` records per chunk and `index_rows` uniqueness-index
/// entries in memory.
async fn ingest_with(input: &Path, output: &Path, batch_rows: usize, index_rows: usize) -> IngestMetrics {
    ingest::ingest(
        &Location::local(input).unwrap(),
        &Location::local(output).unwrap(),
        &Pseudonymiser::new(b"test-key"),
        &IngestOptions {
            reuse: false,
            batch_rows,
            index_rows,
            ..Default::default()
        },
        &talentpipe::progress::Silent,
    )
    .await
    .unwrap()
}

pub fn read_parquet_dir(dir: &Path) -> Vec<RecordBatch> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut paths: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .collect();
    paths.sort();
    for p in paths {
        let f = std::fs::File::open(&p).unwrap();
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
            .unwrap()
            .build()
            .unwrap();
        out.extend(reader.map(|b| b.unwrap()));
    }
    out
}

/// (line, column, reason) of every quarantined row, in file order.
fn quarantine(out: &Path) -> Vec<(u64, String, String)> {
    let mut rows = Vec::new();
    for b in read_parquet_dir(&out.join("staged/quarantine")) {
        let line = b
            .column_by_name("line")
            .unwrap()
            .as_primitive::<arrow::datatypes::UInt64Type>();
        let col = b.column_by_name("column_name").unwrap().as_string::<i32>();
        let reason = b.column_by_name("reason").unwrap().as_string::<i32>();
        for i in 0..b.num_rows() {
            rows.push((
                line.value(i),
                if col.is_null(i) {
                    String::new()
                } else {
                    col.value(i).to_string()
                },
                reason.value(i).to_string(),
            ));
        }
    }
    rows
}

fn staged_rows(out: &Path, kind: &str) -> usize {
    read_parquet_dir(&out.join("staged").join(kind))
        .iter()
        .map(RecordBatch::num_rows)
        .sum()
}

fn column_strings(out: &Path, kind: &str, column: &str) -> Vec<String> {
    let mut v = Vec::new();
    for b in read_parquet_dir(&out.join("staged").join(kind)) {
        let c = b.column_by_name(column).unwrap();
        let c = arrow::compute::cast(c, &DataType::Utf8).unwrap();
        let s = c.as_string::<i32>();
        for i in 0..s.len() {
            v.push(if s.is_null(i) {
                "<null>".into()
            } else {
                s.value(i).to_string()
            });
        }
    }
    v
}

fn file_metrics<'a>(m: &'a IngestMetrics, kind: &str) -> &'a ingest::FileMetrics {
    &m.kind(kind).unwrap().files[0]
}

#[tokio::test]
async fn row_level_defects_are_quarantined_with_line_column_and_reason() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    let rows = [
        esr_row("10000001", &[]),                                // line 2 ok
        esr_row("10000002", &[("Snapshot Date", "2025-10-31")]), // line 3 ok: ISO date
        esr_row("10000003", &[("Date of Birth", "31/02/1990")]), // line 4 invalid date
        esr_row("10000004", &[("Ethnic Origin", "Q Martian")]),  // line 5 unknown code
        esr_row(
            "10000005",
            &[("Ethnic Origin", "C3 White - Any other White background")],
        ), // line 6 ok subcode
        esr_row("10000001", &[]),                                // line 7 duplicate of line 2
        esr_row("10000007", &[("Pay Band", "")]),                // line 8 empty required
        esr_row("10000008", &[("FTE", "0")]),                    // line 9 FTE 0
        esr_row("10000009", &[("FTE", "1.5")]),                  // line 10 FTE 1.5
        esr_row("10000010", &[("Job Role", "\"Nurse, \"\"Senior\"\"\nWard 7\"")]), // lines 11-12 quoted newline, ok
        esr_row("10000011", &[("FTE", "0.5"), ("Pay Band", "8A")]),                // line 13 ok
    ];
    write(
        input.path(),
        "esr_workforce",
        "esr.csv",
        format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
    );
    let m = ingest_root(input.path(), output.path()).await;
    let f = file_metrics(&m, "esr_workforce");
    assert_eq!(f.status, FileStatus::TooManyRejected, "6 of 11 rows is above 10%");
    assert_eq!(
        (
            f.outcome.rows_read,
            f.outcome.rows_accepted,
            f.outcome.rows_quarantined
        ),
        (11, 5, 6)
    );
    assert_eq!(staged_rows(output.path(), "esr_workforce"), 5);

    let q = quarantine(output.path());
    let lines: Vec<u64> = q.iter().map(|r| r.0).collect();
    assert_eq!(lines, vec![4, 5, 7, 8, 9, 10]);
    assert_eq!(q[0].1, "Date of Birth");
    assert!(q[0].2.contains("invalid date of birth"), "{}", q[0].2);
    assert_eq!(q[1].1, "Ethnic Origin");
    assert!(
        q[1].2.contains("unknown ethnic origin code 'Q Martian'"),
        "{}",
        q[1].2
    );
    assert!(
        q[2].2
            .contains("duplicate (snapshot_date, assignment_id) of line 2"),
        "{}",
        q[2].2
    );
    assert_eq!(q[3].1, "Pay Band");
    assert!(q[3].2.contains("required value is empty"));
    assert_eq!(q[4].1, "FTE");
    assert!(q[4].2.contains("0 is outside the allowed range"), "{}", q[4].2);
    assert!(q[5].2.contains("1.5 is outside the allowed range"), "{}", q[5].2);

    // Derived columns: subcode rolled up, band normalised, quoted newline kept in free text.
    assert_eq!(
        column_strings(output.path(), "esr_workforce", "ethnic_code"),
        vec!["A", "A", "C", "A", "A"]
    );
    assert_eq!(
        column_strings(output.path(), "esr_workforce", "ethnic_group"),
        vec!["White"; 5]
    );
    assert_eq!(
        column_strings(output.path(), "esr_workforce", "pay_band")[4],
        "Band 8a"
    );
    assert_eq!(
        column_strings(output.path(), "esr_workforce", "job_role")[3],
        "Nurse, \"Senior\"\nWard 7"
    );
    assert_eq!(
        column_strings(output.path(), "esr_workforce", "snapshot_date")[1],
        "2025-10-31"
    );
    assert_eq!(
        column_strings(output.path(), "esr_workforce", "age_band")[0],
        "35-44",
        "born 15/03/1990, 35 on 31/10/2025"
    );
    assert_eq!(
        column_strings(output.path(), "esr_workforce", "is_clinical")[0],
        "true"
    );
    assert!(
        m.check().is_err(),
        "a file above the quarantine threshold fails the run"
    );
}

#[tokio::test]
async fn bom_crlf_extra_column_and_case_insensitive_headers() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    let header = ESR_HEADER.to_uppercase().replace("FTE,", " fte ,") + ",Shoe Size";
    let body = format!(
        "\u{feff}{header}\r\n{},44\r\n{},41\r\n",
        esr_row("10000001", &[]),
        esr_row("10000002", &[("Gender", ""), ("Organisation Code", " ryj ")])
    );
    write(input.path(), "esr_workforce", "bom.csv", body);
    let m = ingest_root(input.path(), output.path()).await;
    let f = file_metrics(&m, "esr_workforce");
    assert_eq!(f.status, FileStatus::Ingested);
    assert_eq!(
        (
            f.outcome.rows_read,
            f.outcome.rows_accepted,
            f.outcome.rows_quarantined
        ),
        (2, 2, 0)
    );
    assert_eq!(f.outcome.extra_columns, vec!["Shoe Size"]);
    assert_eq!(
        column_strings(output.path(), "esr_workforce", "gender"),
        vec!["Female", "Not Known"]
    );
    let orgs = column_strings(output.path(), "esr_workforce", "org_code");
    assert_eq!(orgs, vec!["RJ1", "RYJ"], "ODS codes are trimmed and upper-cased");
    assert!(m.check().is_ok());
}

#[tokio::test]
async fn file_level_problems_reject_the_file_and_other_files_still_ingest() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    let good = format!("{ESR_HEADER}\n{}\n", esr_row("10000001", &[]));
    write(input.path(), "esr_workforce", "a_good.csv", &good);
    write(
        input.path(),
        "esr_workforce",
        "b_missing.csv",
        format!("{}\n", ESR_HEADER.replace(",Pay Band", "")),
    );
    let mut bad_bytes = format!("{ESR_HEADER}\n{}\n", esr_row("10000002", &[])).into_bytes();
    bad_bytes.extend_from_slice(b"31/10/2025,1000\xff0003,x-1\n");
    write(input.path(), "esr_workforce", "c_latin1.csv", bad_bytes);
    write(input.path(), "esr_workforce", "d_empty.csv", "");
    write(
        input.path(),
        "esr_workforce",
        "e_header_only.csv",
        format!("{ESR_HEADER}\n"),
    );
    write(input.path(), "esr_workforce", "notes.txt", "not a csv: ignored");
    let m = ingest_root(input.path(), output.path()).await;
    let k = m.kind("esr_workforce").unwrap();
    let status: Vec<(String, FileStatus)> = k
        .files
        .iter()
        .map(|f| (f.path.rsplit('/').next().unwrap().to_string(), f.status))
        .collect();
    assert_eq!(
        status,
        vec![
            ("a_good.csv".into(), FileStatus::Ingested),
            ("b_missing.csv".into(), FileStatus::Rejected),
            ("c_latin1.csv".into(), FileStatus::Rejected),
            ("d_empty.csv".into(), FileStatus::Rejected),
            ("e_header_only.csv".into(), FileStatus::Ingested),
        ]
    );
    assert!(
        k.files[1]
            .outcome
            .rejected
            .as_deref()
            .unwrap()
            .contains("missing required column(s): 'Pay Band'")
    );
    assert!(
        k.files[2].outcome.rejected.as_deref().unwrap().contains("line 3"),
        "{:?}",
        k.files[2].outcome.rejected
    );
    assert!(
        k.files[2]
            .outcome
            .rejected
            .as_deref()
            .unwrap()
            .contains("not UTF-8")
    );
    assert!(
        k.files[3]
            .outcome
            .rejected
            .as_deref()
            .unwrap()
            .contains("no header")
    );
    assert_eq!(k.files[4].outcome.rows_read, 0);
    // Only the good file's row is staged: the rejected file's accepted row was discarded.
    assert_eq!(staged_rows(output.path(), "esr_workforce"), 1);
    let err = m.check().unwrap_err();
    assert_eq!(err.exit_code(), talentpipe::ExitCode::DataError);
    let msg = err.to_string();
    assert!(
        msg.contains("b_missing.csv") && msg.contains("c_latin1.csv") && msg.contains("d_empty.csv"),
        "{msg}"
    );
    assert_eq!(m.kind("board").unwrap().status, KindStatus::NotSupplied);
}

#[tokio::test]
async fn vacancy_date_order_and_recruitment_rules() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    let vh = "Vacancy Reference,Organisation Code,Region Code,Staff Group,Pay Band,Job Role,Critical Role,FTE,Advertised Date,Closing Date,Offer Date,Start Date,Status,Interim Cover,Times Advertised";
    let vac = format!(
        "{vh}\nV1,RJ1,Y56,Nursing and Midwifery Registered,Band 5,Nurse,,1,2025-01-01,2025-01-31,2025-02-15,2025-04-01,Filled,N,1\n\
         V2,RJ1,Y56,Nursing and Midwifery Registered,Band 5,Nurse,,1,2025-01-01,2025-01-31,2025-01-15,2025-04-01,Filled,N,1\n\
         V3,RJ1,Y56,Medical and Dental,VSM,Medical Director,MD,1,2025-03-01,,,,Open,Y,2\n\
         V1,RJ1,Y56,Nursing and Midwifery Registered,Band 5,Nurse,,1,2025-01-01,,,,Open,N,1\n"
    );
    write(input.path(), "vacancies", "v.csv", vac);
    let rh = "Vacancy Reference,Organisation Code,Applicant ID,Application Date,Ethnic Origin,Disability,Shortlisted,Appointed";
    write(
        input.path(),
        "recruitment",
        "r.csv",
        format!(
            "{rh}\nV1,RJ1,A1,2025-01-10,A White - British,No,Y,Y\nV1,RJ1,A2,2025-01-11,N Black or Black British - African,No,N,Y\n"
        ),
    );
    let m = ingest_root(input.path(), output.path()).await;
    let v = file_metrics(&m, "vacancies");
    assert_eq!((v.outcome.rows_accepted, v.outcome.rows_quarantined), (2, 2));
    let q = quarantine(output.path());
    let recruitment: Vec<_> = q.iter().filter(|r| r.2.contains("appointed")).collect();
    assert_eq!(recruitment.len(), 1);
    assert_eq!(recruitment[0].0, 3);
    assert!(recruitment[0].2.contains("appointed is Y but shortlisted is N"));
    let vac: Vec<_> = q.iter().filter(|r| !r.2.contains("appointed")).collect();
    assert_eq!(vac[0].0, 3);
    assert_eq!(vac[0].1, "Offer Date");
    assert!(
        vac[0].2.contains("offer_date is before closing_date"),
        "{}",
        vac[0].2
    );
    assert_eq!(vac[1].0, 5);
    assert!(
        vac[1].2.contains("duplicate (vacancy_reference) of line 2"),
        "{}",
        vac[1].2
    );
}

#[tokio::test]
async fn no_raw_identifier_or_date_of_birth_is_written_anywhere() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    let rows = [
        esr_row("98765432", &[("Date of Birth", "17/06/1971")]),
        esr_row("98765433", &[("Date of Birth", "18/07/1972"), ("FTE", "2")]), // quarantined row too
    ];
    write(
        input.path(),
        "esr_workforce",
        "esr.csv",
        format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
    );
    let dh = "Case Reference,Organisation Code,Employee Number,Ethnic Origin,Date Entered Formal Process";
    write(
        input.path(),
        "disciplinary",
        "d.csv",
        format!(
            "{dh}\nC1,RJ1,98765432,A White - British,2025-01-01\nC2,RJ1,98765433,A White - British,2025-13-01\n"
        ),
    );
    let _ = ingest_root(input.path(), output.path()).await;
    let forbidden = [
        "98765432",
        "98765433",
        "17/06/1971",
        "18/07/1972",
        "1971-06-17",
        "1972-07-18",
    ];
    let mut checked = 0;
    for entry in walk(output.path()) {
        let text: String = if entry.extension().is_some_and(|e| e == "parquet") {
            let f = std::fs::File::open(&entry).unwrap();
            let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
                .unwrap()
                .build()
                .unwrap();
            let mut s = String::new();
            for b in reader {
                let b = b.unwrap();
                for c in b.columns() {
                    let c = arrow::compute::cast(c, &DataType::Utf8).unwrap();
                    let c = c.as_string::<i32>();
                    for i in 0..c.len() {
                        if c.is_valid(i) {
                            s.push_str(c.value(i));
                            s.push('\n');
                        }
                    }
                }
            }
            s
        } else {
            String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned()
        };
        for f in forbidden {
            assert!(!text.contains(f), "{f} found in {}", entry.display());
        }
        checked += 1;
    }
    assert!(
        checked >= 4,
        "staged parts, quarantine and markers were all checked ({checked})"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn unchanged_inputs_are_reused_and_changed_ones_reingested() {
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    write(
        input.path(),
        "esr_workforce",
        "esr.csv",
        format!("{ESR_HEADER}\n{}\n", esr_row("10000001", &[])),
    );
    let run = |reuse| {
        let (i, o) = (input.path().to_path_buf(), output.path().to_path_buf());
        async move {
            ingest::ingest(
                &Location::local(&i).unwrap(),
                &Location::local(&o).unwrap(),
                &Pseudonymiser::new(b"k"),
                &IngestOptions {
                    reuse,
                    ..Default::default()
                },
                &talentpipe::progress::Silent,
            )
            .await
            .unwrap()
        }
    };
    assert_eq!(
        run(true).await.kind("esr_workforce").unwrap().status,
        KindStatus::Ingested
    );
    let second = run(true).await;
    assert_eq!(second.kind("esr_workforce").unwrap().status, KindStatus::Reused);
    assert_eq!(second.kind("esr_workforce").unwrap().rows_accepted, 1);
    // Same size, different content: the checksum catches it.
    write(
        input.path(),
        "esr_workforce",
        "esr.csv",
        format!("{ESR_HEADER}\n{}\n", esr_row("10000002", &[])),
    );
    assert_eq!(
        run(true).await.kind("esr_workforce").unwrap().status,
        KindStatus::Ingested
    );
    assert_eq!(
        run(false).await.kind("esr_workforce").unwrap().status,
        KindStatus::Ingested
    );
}

#[tokio::test]
async fn ingest_reads_from_an_in_memory_object_store() {
    let input = Location::parse("memory://ingest-test/in", Path::new("/")).unwrap();
    let output = Location::parse("memory://ingest-test/out", Path::new("/")).unwrap();
    input
        .put(
            "esr_workforce/x.csv",
            format!("{ESR_HEADER}\n{}\n", esr_row("1", &[])),
        )
        .await
        .unwrap();
    let m = ingest::ingest(
        &input,
        &output,
        &Pseudonymiser::new(b"k"),
        &IngestOptions::default(),
        &talentpipe::progress::Silent,
    )
    .await
    .unwrap();
    assert_eq!(m.kind("esr_workforce").unwrap().rows_accepted, 1);
    assert_eq!(output.list("staged/esr_workforce").await.unwrap().len(), 1);
}

#[tokio::test]
async fn every_injected_defect_is_quarantined_and_nothing_else() {
    // The generator counts the rows it made invalid, file by file; ingest must quarantine exactly
    // those rows, and for every file rows read = accepted + quarantined.
    let input = tempfile::tempdir().unwrap();
    let output = tempfile::tempdir().unwrap();
    let opts = talentpipe_synth::GenerateOptions {
        seed: 7,
        regions: vec!["Y61".into()],
        people: 600,
        months: 3,
        dirty: 0.02,
        ..Default::default()
    };
    let summary = talentpipe_synth::generate(&opts, input.path()).unwrap();
    let m = ingest_root(input.path(), output.path()).await;
    assert!(m.failures().is_empty(), "{:?}", m.failures());
    let mut checked = 0;
    for generated in &summary.files {
        let kind = m.kind(&generated.kind).unwrap();
        let name = generated.path.file_name().unwrap().to_string_lossy().to_string();
        let f = kind
            .files
            .iter()
            .find(|f| f.path.ends_with(&format!("/{name}")))
            .unwrap();
        assert_eq!(f.outcome.rows_read, generated.rows, "{name}");
        assert_eq!(
            f.outcome.rows_quarantined, generated.dirty_rows,
            "{name}: {:?}",
            f.outcome.reasons
        );
        assert_eq!(
            f.outcome.rows_read,
            f.outcome.rows_accepted + f.outcome.rows_quarantined,
            "{name}"
        );
        checked += 1;
    }
    assert_eq!(checked, summary.files.len());
    assert!(
        summary.files.iter().map(|f| f.dirty_rows).sum::<u64>() > 20,
        "the fixture has defects"
    );
}

/// Everything an ingest wrote under `staged/` (tables and quarantine, not the markers) as text.
fn staged_tables(out: &Path) -> Vec<(String, String)> {
    let mut tables = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(out.join("staged"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("_ingest"))
        .collect();
    dirs.sort();
    for dir in dirs {
        let batches = read_parquet_dir(&dir);
        let text = arrow::util::pretty::pretty_format_batches(&batches)
            .unwrap()
            .to_string();
        tables.push((dir.file_name().unwrap().to_string_lossy().into_owned(), text));
    }
    tables
}

#[tokio::test]
async fn chunked_parallel_ingest_and_a_spilled_index_match_a_one_chunk_read() {
    // Files are cut into chunks of `batch_rows` records and converted on several threads, and
    // the uniqueness index spills to disk beyond `index_rows` entries; the staged rows, their
    // order, the quarantine (lines, reasons, duplicates across chunks and files) and the
    // metrics must be exactly those of reading each file as one chunk with the index in memory.
    let input = tempfile::tempdir().unwrap();
    let opts = talentpipe_synth::GenerateOptions {
        seed: 3,
        regions: vec!["Y61".into()],
        people: 150,
        months: 2,
        dirty: 0.03,
        ..Default::default()
    };
    let summary = talentpipe_synth::generate(&opts, input.path()).unwrap();
    let first_esr = summary
        .files
        .iter()
        .find(|f| f.kind == "esr_workforce")
        .map(|f| std::fs::read_to_string(&f.path).unwrap())
        .unwrap();
    let generated_row = first_esr.lines().nth(1).unwrap();
    // CRLF, quoted newlines (LF and CRLF), an empty line, duplicates inside the file at every
    // distance and of a row in another file.
    let rows = [
        esr_row("20000001", &[("Job Role", "\"Ward\nSister\"")]),
        esr_row("20000002", &[]),
        esr_row("20000001", &[]),
        esr_row("20000003", &[("FTE", "0")]),
        String::new(),
        esr_row("20000002", &[]),
        esr_row("20000004", &[("Job Role", "\"x\"\"y\r\nz\"")]),
        generated_row.to_string(),
        esr_row("20000004", &[]),
    ];
    write(
        input.path(),
        "esr_workforce",
        "zz_tricky.csv",
        format!("{ESR_HEADER}\r\n{}\r\n", rows.join("\r\n")),
    );
    // A file rejected part-way (not UTF-8): its rows must not count as seen, in memory or on
    // disk, so the next file's repeat of one of them is accepted.
    let mut rejected = format!("{ESR_HEADER}\n{}\n", esr_row("20000005", &[])).into_bytes();
    rejected.extend_from_slice(b"31/10/2025,2000\xff0006,x-1\n");
    write(input.path(), "esr_workforce", "zz_u_rejected.csv", rejected);
    let after = [esr_row("20000005", &[]), esr_row("20000001", &[])];
    write(
        input.path(),
        "esr_workforce",
        "zz_v_after.csv",
        format!("{ESR_HEADER}\n{}\n", after.join("\n")),
    );
    let in_memory = IngestOptions::default().index_rows;
    let mut runs = Vec::new();
    for (batch_rows, index_rows) in [
        (usize::MAX, in_memory),
        (1, in_memory),
        (2, in_memory),
        (3, in_memory),
        (7, in_memory),
        (64, in_memory),
        (1, 1),
        (3, 2),
        (64, 5),
        (usize::MAX, 64),
    ] {
        let output = tempfile::tempdir().unwrap();
        let mut metrics = ingest_with(input.path(), output.path(), batch_rows, index_rows).await;
        metrics.elapsed_ms = 0;
        for k in &mut metrics.kinds {
            k.elapsed_ms = 0;
            for f in &mut k.files {
                f.elapsed_ms = 0;
            }
        }
        runs.push(((batch_rows, index_rows), metrics, staged_tables(output.path())));
    }
    let (_, metrics, tables) = &runs[0];
    let tricky = m_file(metrics, "zz_tricky.csv");
    assert_eq!(
        (tricky.rows_read, tricky.rows_accepted, tricky.rows_quarantined),
        (8, 3, 5),
        "{:?}",
        tricky.reasons
    );
    // Physical lines, counted by hand: the quoted newline makes row 1 two lines, line 7 is
    // empty, row 6 holds a quoted CRLF. (csv's own record positions say 4, 5, 6, 10, 11 here.)
    let output = tempfile::tempdir().unwrap();
    let _ = ingest_root(input.path(), output.path()).await;
    let tricky_lines: Vec<u64> = read_parquet_dir(&output.path().join("staged/quarantine"))
        .iter()
        .flat_map(|b| {
            let file = b
                .column_by_name("source_file")
                .unwrap()
                .as_string::<i32>()
                .clone();
            let line = b
                .column_by_name("line")
                .unwrap()
                .as_primitive::<arrow::datatypes::UInt64Type>()
                .clone();
            (0..b.num_rows())
                .filter(move |&i| file.value(i).ends_with("zz_tricky.csv"))
                .map(move |i| line.value(i))
        })
        .collect();
    assert_eq!(tricky_lines, vec![5, 6, 8, 11, 12]);
    let quarantine = &tables.iter().find(|(n, _)| n == "quarantine").unwrap().1;
    for expected in [
        "duplicate (snapshot_date, assignment_id) of line 2",
        "duplicate (snapshot_date, assignment_id) of line 4",
        "duplicate (snapshot_date, assignment_id) of line 9",
        "zz_tricky.csv",
    ] {
        assert!(quarantine.contains(expected), "{expected} in\n{quarantine}");
    }
    assert!(
        quarantine.contains(".csv line 2 "),
        "the generated row repeated in zz_tricky.csv points at its first file:\n{quarantine}"
    );
    let after = m_file(metrics, "zz_v_after.csv");
    assert_eq!((after.rows_accepted, after.rows_quarantined), (1, 1));
    assert!(quarantine.contains("zz_tricky.csv line 2"), "{quarantine}");
    assert!(m_file(metrics, "zz_u_rejected.csv").rejected.is_some());
    for (settings, m, t) in &runs[1..] {
        assert_eq!(m, metrics, "metrics with (batch_rows, index_rows) = {settings:?}");
        for ((name, a), (_, b)) in tables.iter().zip(t) {
            assert_eq!(a, b, "staged {name} with (batch_rows, index_rows) = {settings:?}");
        }
        assert_eq!(t.len(), tables.len());
    }
}

fn m_file<'a>(m: &'a IngestMetrics, name: &str) -> &'a talentpipe::ingest::parse::FileOutcome {
    m.kinds
        .iter()
        .flat_map(|k| &k.files)
        .find(|f| f.path.ends_with(name))
        .map(|f| &f.outcome)
        .unwrap()
}

#[test]
fn committed_sample_data_is_the_generator_output() {
    // README: sample_data/ = `talentpipe generate --out sample_data --people 2500 --dirty 0.0003 --seed 42`.
    let dir = tempfile::tempdir().unwrap();
    let opts = talentpipe_synth::GenerateOptions {
        seed: 42,
        people: 2500,
        dirty: 0.0003,
        ..Default::default()
    };
    let summary = talentpipe_synth::generate(&opts, dir.path()).unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    for f in &summary.files {
        let rel = f.path.strip_prefix(dir.path()).unwrap();
        let committed =
            std::fs::read(sample.join(rel)).unwrap_or_else(|e| panic!("sample_data/{}: {e}", rel.display()));
        assert!(
            committed == std::fs::read(&f.path).unwrap(),
            "sample_data/{} differs from the generator: regenerate it",
            rel.display()
        );
    }
}
