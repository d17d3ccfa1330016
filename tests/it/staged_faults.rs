//! Faults in the staged state and in inputs that change under ingest (issue 15):
//!
//! - a staged part (of a kind's table or of its quarantine) that is missing, extra, truncated
//!   or has flipped bytes is detected before re-use, named in a warning, and the kind is
//!   re-ingested from its inputs to exactly the tables a clean ingest writes;
//! - an input file appended, replaced or removed between listing and reading, or while it is
//!   read, fails the ingest with exit code 3 and a message naming the file, and nothing of the
//!   mixed versions is trusted by the next run.
//!
//! The late upload is simulated by an object-store wrapper around the local file system that
//! runs a hook right after the listing that includes the file (or right after the file is
//! opened), which makes every case deterministic.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use object_store::path::Path as ObjectPath;
use object_store::{
    CopyOptions, GetOptions, GetResult, ListResult, MultipartUpload, ObjectMeta, ObjectStore,
    PutMultipartOptions, PutOptions, PutPayload, PutResult,
};
use talentpipe::error::ExitCode;
use talentpipe::ingest::pseudonym::Pseudonymiser;
use talentpipe::ingest::{self, IngestMetrics, IngestOptions, KindStatus};
use talentpipe::storage::Location;

use crate::ingest::{ESR_HEADER, esr_row, read_parquet_dir, write};

const KIND: &str = "esr_workforce";

/// Two ESR files, each with accepted rows and one quarantined row (a bad FTE), so that the kind
/// has two table parts and two quarantine parts.
fn two_file_input() -> tempfile::TempDir {
    let input = tempfile::tempdir().unwrap();
    for (file, first) in [("a.csv", 10_000_001), ("b.csv", 20_000_001)] {
        let rows: Vec<String> = (0..3)
            .map(|i| esr_row(&(first + i).to_string(), &[]))
            .chain([esr_row(&(first + 9).to_string(), &[("FTE", "lots")])])
            .collect();
        write(
            input.path(),
            KIND,
            file,
            format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
        );
    }
    input
}

async fn ingest_loc(input: &Location, output: &Path) -> talentpipe::error::Result<IngestMetrics> {
    ingest::ingest(
        input,
        &Location::local(output).unwrap(),
        &Pseudonymiser::new(b"staged-faults-key"),
        &IngestOptions {
            max_quarantine_share: 1.0,
            ..Default::default()
        },
        &talentpipe::progress::Silent,
    )
    .await
}

async fn ingest_dirs(input: &Path, output: &Path) -> IngestMetrics {
    ingest_loc(&Location::local(input).unwrap(), output)
        .await
        .unwrap_or_else(|e| panic!("ingest failed: {e}"))
}

/// Every staged Parquet file of the kind (table and quarantine), decoded: (file name, rows as
/// text), to compare a re-ingest with the original byte for byte in content.
fn staged_content(output: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in [output.join("staged").join(KIND), output.join("staged/quarantine")] {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for p in names {
            let bytes = std::fs::read(&p).unwrap();
            out.push((
                p.file_name().unwrap().to_string_lossy().into_owned(),
                format!(
                    "{} bytes, xxh64 {:016x}",
                    bytes.len(),
                    twox_hash::XxHash64::oneshot(0, &bytes)
                ),
            ));
        }
    }
    let batches = read_parquet_dir(&output.join("staged").join(KIND))
        .into_iter()
        .chain(read_parquet_dir(&output.join("staged/quarantine")));
    for b in batches {
        let text = arrow::util::pretty::pretty_format_batches(&[b])
            .unwrap()
            .to_string();
        out.push(("rows".into(), text));
    }
    out
}

/// Ingest, check a second run re-uses the staged table, damage it, and check the third run
/// warns (naming `part` and containing `expected`), re-ingests to the same staged content, and
/// that a fourth run re-uses that again.
async fn damage_is_detected_and_reingested(part: &str, damage: impl FnOnce(&Path), expected: &str) {
    let input = two_file_input();
    let output = tempfile::tempdir().unwrap();
    let first = ingest_dirs(input.path(), output.path()).await;
    let kind = first.kind(KIND).unwrap();
    assert_eq!(kind.status, KindStatus::Ingested);
    assert_eq!((kind.rows_accepted, kind.rows_quarantined), (6, 2));
    let clean = staged_content(output.path());
    assert_eq!(
        clean.iter().filter(|(n, _)| n.ends_with(".parquet")).count(),
        4,
        "two table parts and two quarantine parts: {clean:?}"
    );
    let second = ingest_dirs(input.path(), output.path()).await;
    assert_eq!(
        second.kind(KIND).unwrap().status,
        KindStatus::Reused,
        "intact: re-used"
    );
    assert_eq!(second.kind(KIND).unwrap().staged_mismatch, None);

    let path = output.path().join(part);
    assert!(path.exists() || expected.contains("unexpected"), "{part} exists");
    damage(&path);

    let third = ingest_dirs(input.path(), output.path()).await;
    let kind = third.kind(KIND).unwrap();
    assert_eq!(kind.status, KindStatus::Ingested, "damaged: re-ingested");
    let why = kind.staged_mismatch.as_deref().expect("the mismatch is reported");
    let name = Path::new(part).file_name().unwrap().to_str().unwrap();
    assert!(why.contains(name), "names the part: {why}");
    assert!(why.contains(expected), "says what differed ({expected}): {why}");
    assert!(
        third.summary().contains(&format!("re-ingested: {why}")),
        "{}",
        third.summary()
    );
    assert_eq!(
        (kind.rows_accepted, kind.rows_quarantined),
        (6, 2),
        "same metrics as the first ingest"
    );
    assert_eq!(
        staged_content(output.path()),
        clean,
        "re-ingested to the original content"
    );

    let fourth = ingest_dirs(input.path(), output.path()).await;
    assert_eq!(
        fourth.kind(KIND).unwrap().status,
        KindStatus::Reused,
        "repaired: re-used"
    );
}

fn flip_a_byte(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    // Byte 8: in the first data page's header, after the `PAR1` magic; the footer is intact,
    // so only the checksum can tell.
    bytes[8] ^= 0x20;
    std::fs::write(path, bytes).unwrap();
}

fn truncate(path: &Path) {
    let len = std::fs::metadata(path).unwrap().len();
    let f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.set_len(len - 100).unwrap();
}

fn remove(path: &Path) {
    std::fs::remove_file(path).unwrap();
}

/// A copy of the part before it, under a name ingest did not write.
fn extra_copy_of(original: &'static str) -> impl FnOnce(&Path) {
    move |path: &Path| {
        let from = path.parent().unwrap().join(original);
        std::fs::copy(from, path).unwrap();
    }
}

const TABLE_PART: &str = "staged/esr_workforce/part-00001.parquet";
const QUARANTINE_PART: &str = "staged/quarantine/esr_workforce-00001.parquet";

#[tokio::test]
async fn missing_table_part() {
    damage_is_detected_and_reingested(TABLE_PART, remove, "is missing").await;
}

#[tokio::test]
async fn extra_table_part() {
    damage_is_detected_and_reingested(
        "staged/esr_workforce/part-00002.parquet",
        extra_copy_of("part-00000.parquet"),
        "unexpected staged part",
    )
    .await;
}

#[tokio::test]
async fn truncated_table_part() {
    damage_is_detected_and_reingested(TABLE_PART, truncate, "bytes, ").await;
}

#[tokio::test]
async fn table_part_with_a_flipped_byte() {
    damage_is_detected_and_reingested(TABLE_PART, flip_a_byte, "checksum XXH64").await;
}

#[tokio::test]
async fn missing_quarantine_part() {
    damage_is_detected_and_reingested(QUARANTINE_PART, remove, "is missing").await;
}

#[tokio::test]
async fn extra_quarantine_part() {
    damage_is_detected_and_reingested(
        "staged/quarantine/esr_workforce-00007.parquet",
        extra_copy_of("esr_workforce-00000.parquet"),
        "unexpected staged part",
    )
    .await;
}

#[tokio::test]
async fn a_stray_file_in_the_quarantine_table_is_removed() {
    // The quarantine table is the whole folder: a file no kind wrote would be read as
    // quarantined rows. It belongs to no kind's parts, so ingest removes it.
    let input = two_file_input();
    let output = tempfile::tempdir().unwrap();
    ingest_dirs(input.path(), output.path()).await;
    let clean = staged_content(output.path());
    let stray = output.path().join("staged/quarantine/copied-by-hand.parquet");
    std::fs::copy(output.path().join(QUARANTINE_PART), &stray).unwrap();
    let again = ingest_dirs(input.path(), output.path()).await;
    assert_eq!(
        again.kind(KIND).unwrap().status,
        KindStatus::Reused,
        "the kind's own parts are intact"
    );
    assert!(!stray.exists(), "the stray file is removed");
    assert_eq!(staged_content(output.path()), clean);
}

#[tokio::test]
async fn truncated_quarantine_part() {
    damage_is_detected_and_reingested(QUARANTINE_PART, truncate, "bytes, ").await;
}

#[tokio::test]
async fn quarantine_part_with_a_flipped_byte() {
    damage_is_detected_and_reingested(QUARANTINE_PART, flip_a_byte, "checksum XXH64").await;
}

#[tokio::test]
async fn a_damaged_footer_is_named_as_such() {
    // The last bytes hold the footer length and magic: same size, footer unreadable.
    damage_is_detected_and_reingested(
        TABLE_PART,
        |path: &Path| {
            let mut bytes = std::fs::read(path).unwrap();
            let n = bytes.len();
            bytes[n - 1] = b'X';
            std::fs::write(path, bytes).unwrap();
        },
        "unreadable footer",
    )
    .await;
}

#[test]
fn a_corrupt_staged_part_no_longer_fails_the_run() {
    // The scenario end to end: corrupt bytes in a staged part made the next run's
    // queries fail ("Data corruption detected", exit 1). Now the run re-ingests and publishes
    // the same tables as before.
    let input = two_file_input();
    let output = tempfile::tempdir().unwrap();
    let queries = crate::support::shipped_query_folders(&["staging"]);
    let mut cfg = crate::support::fixture_config(input.path(), output.path(), queries.path(), 1);
    cfg.file.ingest.max_quarantine_share = 1.0; // the fixture quarantines a row in four
    let (first, first_tables) = crate::support::block_on(async {
        let m = crate::support::run_quiet(&cfg).await;
        let t = crate::support::read_tables(&cfg.output, &m, "restricted").await;
        (m, t)
    });
    assert!(!first_tables.is_empty(), "the staging layer publishes tables");
    let part = output.path().join("staged/esr_workforce/part-00000.parquet");
    let mut bytes = std::fs::read(&part).unwrap();
    let middle = bytes.len() / 3;
    for b in &mut bytes[middle..middle + 16] {
        *b = !*b;
    }
    std::fs::write(&part, bytes).unwrap();
    let (second, second_tables) = crate::support::block_on(async {
        let m = crate::support::run_quiet(&cfg).await;
        let t = crate::support::read_tables(&cfg.output, &m, "restricted").await;
        (m, t)
    });
    assert_ne!(first.run_id, second.run_id);
    let kind = second.ingest.as_ref().unwrap().kind(KIND).unwrap();
    assert_eq!(kind.status, KindStatus::Ingested);
    assert!(
        kind.staged_mismatch
            .as_deref()
            .is_some_and(|w| w.contains("part-00000.parquet")),
        "{:?}",
        kind.staged_mismatch
    );
    assert_eq!(
        sorted_rows(&first_tables),
        sorted_rows(&second_tables),
        "same tables as the run before the damage"
    );
}

/// Each table's rows as text, sorted (row order is not part of a table's meaning).
fn sorted_rows(
    tables: &std::collections::BTreeMap<String, arrow::array::RecordBatch>,
) -> std::collections::BTreeMap<String, Vec<String>> {
    tables
        .iter()
        .map(|(name, batch)| {
            let text = arrow::util::pretty::pretty_format_batches(std::slice::from_ref(batch))
                .unwrap()
                .to_string();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            lines.sort();
            (name.clone(), lines)
        })
        .collect()
}

// ---- inputs that change under ingest ----

type Hook = Box<dyn FnOnce() + Send>;

/// The local file system, with a hook run once right after a listing that includes `target`,
/// and one run once right after `target` is opened for reading.
struct LateUpload {
    inner: Arc<dyn ObjectStore>,
    target: ObjectPath,
    after_list: Arc<Mutex<Option<Hook>>>,
    after_open: Mutex<Option<Hook>>,
}

impl fmt::Debug for LateUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LateUpload({})", self.target)
    }
}

impl fmt::Display for LateUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

fn take(hook: &Mutex<Option<Hook>>) -> Option<Hook> {
    hook.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
}

// `ObjectStore` is an `async_trait`: its methods are written here as the boxed futures the
// macro expands to, which saves a dev-dependency on `async-trait`.
impl ObjectStore for LateUpload {
    fn put_opts<'a, 'b, 't>(
        &'a self,
        location: &'b ObjectPath,
        payload: PutPayload,
        opts: PutOptions,
    ) -> BoxFuture<'t, object_store::Result<PutResult>>
    where
        'a: 't,
        'b: 't,
        Self: 't,
    {
        self.inner.put_opts(location, payload, opts)
    }

    fn put_multipart_opts<'a, 'b, 't>(
        &'a self,
        location: &'b ObjectPath,
        opts: PutMultipartOptions,
    ) -> BoxFuture<'t, object_store::Result<Box<dyn MultipartUpload>>>
    where
        'a: 't,
        'b: 't,
        Self: 't,
    {
        self.inner.put_multipart_opts(location, opts)
    }

    fn get_opts<'a, 'b, 't>(
        &'a self,
        location: &'b ObjectPath,
        options: GetOptions,
    ) -> BoxFuture<'t, object_store::Result<GetResult>>
    where
        'a: 't,
        'b: 't,
        Self: 't,
    {
        Box::pin(async move {
            let head = options.head;
            let result = self.inner.get_opts(location, options).await?;
            if *location == self.target
                && !head
                && let Some(hook) = take(&self.after_open)
            {
                hook();
            }
            Ok(result)
        })
    }

    fn delete_stream(
        &self,
        locations: BoxStream<'static, object_store::Result<ObjectPath>>,
    ) -> BoxStream<'static, object_store::Result<ObjectPath>> {
        self.inner.delete_stream(locations)
    }

    fn list(&self, prefix: Option<&ObjectPath>) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        let listing = self.inner.list(prefix);
        let (target, hook) = (self.target.clone(), self.after_list.clone());
        futures::stream::once(async move {
            let items: Vec<_> = listing.collect().await;
            let listed = items
                .iter()
                .any(|m| m.as_ref().is_ok_and(|m| m.location == target));
            if listed && let Some(hook) = take(&hook) {
                hook();
            }
            futures::stream::iter(items)
        })
        .flatten()
        .boxed()
    }

    fn list_with_delimiter<'a, 'b, 't>(
        &'a self,
        prefix: Option<&'b ObjectPath>,
    ) -> BoxFuture<'t, object_store::Result<ListResult>>
    where
        'a: 't,
        'b: 't,
        Self: 't,
    {
        self.inner.list_with_delimiter(prefix)
    }

    fn copy_opts<'a, 'b, 'c, 't>(
        &'a self,
        from: &'b ObjectPath,
        to: &'c ObjectPath,
        options: CopyOptions,
    ) -> BoxFuture<'t, object_store::Result<()>>
    where
        'a: 't,
        'b: 't,
        'c: 't,
        Self: 't,
    {
        self.inner.copy_opts(from, to, options)
    }
}

/// An input root with one ESR file of two rows, and that file's path.
fn one_file_input() -> (tempfile::TempDir, PathBuf) {
    let input = tempfile::tempdir().unwrap();
    let rows = [esr_row("10000001", &[]), esr_row("10000002", &[])];
    write(
        input.path(),
        KIND,
        "late.csv",
        format!("{ESR_HEADER}\n{}\n", rows.join("\n")),
    );
    let file = input.path().join(KIND).join("late.csv");
    (input, file)
}

fn append_a_row(file: &Path) {
    let mut f = std::fs::OpenOptions::new().append(true).open(file).unwrap();
    writeln!(f, "{}", esr_row("10000003", &[])).unwrap();
}

/// Replaces `file` (a new file renamed over it, as uploaders do) with content of the same size.
fn replace_same_size(file: &Path) {
    let before = std::fs::metadata(file).unwrap().len();
    let rows = [esr_row("10000008", &[]), esr_row("10000009", &[])];
    let staging = file.with_extension("uploading");
    std::fs::write(&staging, format!("{ESR_HEADER}\n{}\n", rows.join("\n"))).unwrap();
    assert_eq!(std::fs::metadata(&staging).unwrap().len(), before, "same size");
    std::fs::rename(&staging, file).unwrap();
}

enum When {
    AfterListing,
    WhileRead,
}

/// Ingests `input` through [`LateUpload`] with `change` applied to `file` at `when`; checks the
/// ingest fails with exit code 3 naming the file and saying `expected`, that no marker trusts
/// what was staged, and that a clean run afterwards ingests the file as it now is.
async fn change_is_detected(
    input: &Path,
    file: &Path,
    when: When,
    change: fn(&Path),
    expected: &str,
    output: &Path,
) {
    let mut loc = Location::local(input).unwrap();
    let changed = file.to_path_buf();
    let hook: Hook = Box::new(move || change(&changed));
    let (after_list, after_open) = match when {
        When::AfterListing => (Some(hook), None),
        When::WhileRead => (None, Some(hook)),
    };
    loc.store = Arc::new(LateUpload {
        inner: loc.store.clone(),
        target: ObjectPath::from_absolute_path(file).unwrap(),
        after_list: Arc::new(Mutex::new(after_list)),
        after_open: Mutex::new(after_open),
    });
    let err = ingest_loc(&loc, output)
        .await
        .expect_err("a changed input fails the ingest");
    let message = err.to_string();
    assert_eq!(err.exit_code(), ExitCode::InternalError, "{message}");
    assert!(
        message.contains(&file.display().to_string()),
        "names the file: {message}"
    );
    assert!(message.contains("changed after it was listed"), "{message}");
    assert!(message.contains(expected), "says how ({expected}): {message}");
    assert!(
        !output.join("staged/_ingest/esr_workforce.json").exists(),
        "no marker vouches for what was staged"
    );
    let clean = ingest_dirs(input, output).await;
    let kind = clean.kind(KIND).unwrap();
    assert_eq!(kind.status, KindStatus::Ingested);
    let lines = std::fs::read_to_string(file).unwrap().lines().count() as u64;
    assert_eq!(kind.rows_accepted, lines - 1, "the file as it is now, whole");
}

#[tokio::test]
async fn appended_after_listing() {
    let (input, file) = one_file_input();
    let output = tempfile::tempdir().unwrap();
    change_is_detected(
        input.path(),
        &file,
        When::AfterListing,
        append_a_row,
        "bytes when opened",
        output.path(),
    )
    .await;
}

#[tokio::test]
async fn replaced_with_the_same_size_after_listing() {
    let (input, file) = one_file_input();
    let output = tempfile::tempdir().unwrap();
    change_is_detected(
        input.path(),
        &file,
        When::AfterListing,
        replace_same_size,
        "when opened",
        output.path(),
    )
    .await;
}

#[tokio::test]
async fn removed_after_listing() {
    let (input, file) = one_file_input();
    let output = tempfile::tempdir().unwrap();
    let mut loc = Location::local(input.path()).unwrap();
    let gone = file.clone();
    loc.store = Arc::new(LateUpload {
        inner: loc.store.clone(),
        target: ObjectPath::from_absolute_path(&file).unwrap(),
        after_list: Arc::new(Mutex::new(Some(Box::new(move || {
            std::fs::remove_file(&gone).unwrap()
        })))),
        after_open: Mutex::new(None),
    });
    let err = ingest_loc(&loc, output.path()).await.expect_err("fails");
    assert_eq!(err.exit_code(), ExitCode::InternalError);
    let message = err.to_string();
    assert!(
        message.contains("late.csv") && message.contains("removed"),
        "{message}"
    );
}

#[tokio::test]
async fn appended_while_read() {
    let (input, file) = one_file_input();
    let output = tempfile::tempdir().unwrap();
    change_is_detected(
        input.path(),
        &file,
        When::WhileRead,
        append_a_row,
        "bytes read",
        output.path(),
    )
    .await;
}

#[tokio::test]
async fn replaced_while_read() {
    // The reader keeps the old file open and reads it whole and consistently; the version
    // check after the read still sees that the input is no longer what was listed.
    let (input, file) = one_file_input();
    let output = tempfile::tempdir().unwrap();
    change_is_detected(
        input.path(),
        &file,
        When::WhileRead,
        replace_same_size,
        "new version after it was read",
        output.path(),
    )
    .await;
}

#[tokio::test]
async fn appended_after_listing_on_a_reuse_run() {
    // Staged and marked first: the re-use check (listed size = recorded size) reads the file
    // again to compare its checksum, and finds it is not the listed version.
    let (input, file) = one_file_input();
    let output = tempfile::tempdir().unwrap();
    ingest_dirs(input.path(), output.path()).await;
    let mut loc = Location::local(input.path()).unwrap();
    let changed = file.clone();
    loc.store = Arc::new(LateUpload {
        inner: loc.store.clone(),
        target: ObjectPath::from_absolute_path(&file).unwrap(),
        after_list: Arc::new(Mutex::new(Some(Box::new(move || append_a_row(&changed))))),
        after_open: Mutex::new(None),
    });
    let err = ingest_loc(&loc, output.path()).await.expect_err("fails");
    assert_eq!(err.exit_code(), ExitCode::InternalError);
    let message = err.to_string();
    assert!(
        message.contains("late.csv") && message.contains("changed after it was listed"),
        "{message}"
    );
    let again = ingest_dirs(input.path(), output.path()).await;
    assert_eq!(again.kind(KIND).unwrap().status, KindStatus::Ingested);
    assert_eq!(again.kind(KIND).unwrap().rows_accepted, 3);
}
