//! Object-store faults, the atomic lock on S3, a full output and a read-only output (issue 15).
//!
//! Two ways of injecting faults, both driving the real publish and pipeline code:
//! - [`Faulty`] wraps any `ObjectStore` (through the public `Location::store`) and fails chosen
//!   operations: by operation, path substring and count, optionally after a delay. Its errors
//!   never name the object, so a message that does proves talentpipe named it. It sits above
//!   object_store's retry layer: what it injects is what a request that exhausted its retries
//!   returns.
//! - [`FlakyProxy`] is a TCP proxy in front of the moto S3 server that answers chosen requests
//!   with HTTP 503 or never answers them, below the retry layer: it checks that the retry
//!   settings of `talentpipe::storage::retry_config` recover from transient errors and timeouts.
//!
//! Every case checks the same promises: the previous run stays the latest and readable, the
//! error has exit code 3 and names the object, the lock is released, and the next run works.
//! moto is required, as in the aggregation test (`.ci/run` installs it).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::ops::Range;
use std::path::Path as FsPath;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use bytes::Bytes;
use futures::StreamExt;
use futures::stream::BoxStream;
use object_store::path::Path;
use object_store::{
    CopyOptions, GetOptions, GetResult, ListResult, MultipartUpload, ObjectMeta, ObjectStore, ObjectStoreExt,
    PutMultipartOptions, PutOptions, PutPayload, PutResult,
};
use talentpipe::Error;
use talentpipe::error::ExitCode;
use talentpipe::ops::{self, run::RunOptions};
use talentpipe::publish::{
    Manifest, PublishOptions, Publisher, ResultTable, SuppressionSpec, read_latest, read_table,
};
use talentpipe::storage::Location;
use talentpipe_synth::{GenerateOptions, generate};

use crate::support::{BASE_LAYERS, fixture_config, run_quiet, shipped_query_folders};

mod local_disk;
mod s3;

// ---------------------------------------------------------------------------------------------
// The fault-injecting store.

/// Which store operation a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// `put_opts` and the start of a multipart upload.
    Put,
    /// `get_opts` (also `head`) and `get_ranges`.
    Get,
    /// `list` and `list_with_delimiter`.
    List,
    /// `delete_stream` (also `delete`).
    Delete,
}

/// What an injected failure looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// A server error that outlasted the retries.
    Transient,
    /// A request that timed out (after the rule's delay).
    Timeout,
    /// ENOSPC: the disk behind the store is full.
    NoSpace,
    /// EROFS: the store is read-only.
    ReadOnly,
}

impl Fault {
    /// The error, deliberately without the object's path.
    fn error(self) -> object_store::Error {
        let source = match self {
            Fault::Transient => std::io::Error::other("injected: HTTP 503 Slow Down, retries exhausted"),
            Fault::Timeout => {
                std::io::Error::new(std::io::ErrorKind::TimedOut, "injected: request timed out")
            }
            Fault::NoSpace => std::io::Error::from_raw_os_error(28),
            Fault::ReadOnly => std::io::Error::from_raw_os_error(30),
        };
        object_store::Error::Generic {
            store: "Faulty",
            source: Box::new(source),
        }
    }
}

/// Fail operations `op` on paths containing `contains`: let `skip` matching calls through, then
/// fail the next `times` (then let everything through again), each after `delay`.
#[derive(Debug, Clone)]
struct Rule {
    op: Op,
    contains: String,
    skip: usize,
    times: usize,
    fault: Fault,
    delay: Duration,
}

impl Rule {
    fn new(op: Op, contains: &str, fault: Fault) -> Rule {
        Rule {
            op,
            contains: contains.to_string(),
            skip: 0,
            times: usize::MAX,
            fault,
            delay: Duration::ZERO,
        }
    }
    fn skip(mut self, n: usize) -> Rule {
        self.skip = n;
        self
    }
    fn times(mut self, n: usize) -> Rule {
        self.times = n;
        self
    }
    fn delay(mut self, d: Duration) -> Rule {
        self.delay = d;
        self
    }
}

/// An `ObjectStore` that fails what its rules say and passes everything else to `inner`.
#[derive(Debug)]
struct Faulty {
    inner: Arc<dyn ObjectStore>,
    state: Arc<FaultState>,
}

#[derive(Debug)]
struct FaultState {
    /// Each rule with the number of matching calls seen so far.
    rules: Mutex<Vec<(Rule, usize)>>,
    /// Every injected failure: "Op path".
    injected: Mutex<Vec<String>>,
}

impl std::fmt::Display for Faulty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Faulty({})", self.inner)
    }
}

impl Faulty {
    fn wrap(loc: &Location, rules: Vec<Rule>) -> (Location, Arc<Faulty>) {
        let faulty = Arc::new(Faulty {
            inner: loc.store.clone(),
            state: Arc::new(FaultState {
                rules: Mutex::new(rules.into_iter().map(|r| (r, 0)).collect()),
                injected: Mutex::new(Vec::new()),
            }),
        });
        let wrapped = Location {
            store: faulty.clone(),
            ..loc.clone()
        };
        (wrapped, faulty)
    }

    fn injected(&self) -> Vec<String> {
        self.state.injected.lock().expect("lock").clone()
    }

    fn check(&self, op: Op, path: &str) -> Option<(Fault, Duration)> {
        self.state.check(op, path)
    }

    async fn fail(&self, op: Op, path: &Path) -> object_store::Result<()> {
        match self.check(op, path.as_ref()) {
            Some((fault, delay)) => {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                Err(fault.error())
            }
            None => Ok(()),
        }
    }
}

impl FaultState {
    /// The fault to inject for this call, if any (counts the call against every matching rule).
    fn check(&self, op: Op, path: &str) -> Option<(Fault, Duration)> {
        let mut rules = self.rules.lock().expect("lock");
        let mut hit = None;
        for (rule, seen) in rules.iter_mut() {
            if rule.op != op || !path.contains(&rule.contains) {
                continue;
            }
            *seen += 1;
            if hit.is_none() && *seen > rule.skip && *seen - rule.skip <= rule.times {
                hit = Some((rule.fault, rule.delay));
            }
        }
        if hit.is_some() {
            self.injected.lock().expect("lock").push(format!("{op:?} {path}"));
        }
        hit
    }
}

type Fut<'a, T> = Pin<Box<dyn std::future::Future<Output = object_store::Result<T>> + Send + 'a>>;

// The trait is declared with `#[async_trait]`; these are its desugared signatures (the crate
// does not depend on async-trait directly).
impl ObjectStore for Faulty {
    fn put_opts<'life0, 'life1, 'async_trait>(
        &'life0 self,
        location: &'life1 Path,
        payload: PutPayload,
        opts: PutOptions,
    ) -> Fut<'async_trait, PutResult>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            self.fail(Op::Put, location).await?;
            self.inner.put_opts(location, payload, opts).await
        })
    }

    fn put_multipart_opts<'life0, 'life1, 'async_trait>(
        &'life0 self,
        location: &'life1 Path,
        opts: PutMultipartOptions,
    ) -> Fut<'async_trait, Box<dyn MultipartUpload>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            self.fail(Op::Put, location).await?;
            self.inner.put_multipart_opts(location, opts).await
        })
    }

    fn get_opts<'life0, 'life1, 'async_trait>(
        &'life0 self,
        location: &'life1 Path,
        options: GetOptions,
    ) -> Fut<'async_trait, GetResult>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            self.fail(Op::Get, location).await?;
            self.inner.get_opts(location, options).await
        })
    }

    fn get_ranges<'life0, 'life1, 'life2, 'async_trait>(
        &'life0 self,
        location: &'life1 Path,
        ranges: &'life2 [Range<u64>],
    ) -> Fut<'async_trait, Vec<Bytes>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            self.fail(Op::Get, location).await?;
            self.inner.get_ranges(location, ranges).await
        })
    }

    fn delete_stream(
        &self,
        locations: BoxStream<'static, object_store::Result<Path>>,
    ) -> BoxStream<'static, object_store::Result<Path>> {
        // Decided per path, before the inner store sees it; one delete per path.
        let inner = self.inner.clone();
        let state = self.state.clone();
        locations
            .then(move |path| {
                let inner = inner.clone();
                let state = state.clone();
                async move {
                    let path = path?;
                    if let Some((fault, _)) = state.check(Op::Delete, path.as_ref()) {
                        return Err(fault.error());
                    }
                    inner.delete(&path).await.map(|()| path)
                }
            })
            .boxed()
    }

    fn list(&self, prefix: Option<&Path>) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        let path = prefix.map(|p| p.to_string()).unwrap_or_default();
        match self.check(Op::List, &path) {
            Some((fault, _)) => futures::stream::once(async move { Err(fault.error()) }).boxed(),
            None => self.inner.list(prefix),
        }
    }

    fn list_with_delimiter<'life0, 'life1, 'async_trait>(
        &'life0 self,
        prefix: Option<&'life1 Path>,
    ) -> Fut<'async_trait, ListResult>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            let path = prefix.map(|p| p.to_string()).unwrap_or_default();
            if let Some((fault, _)) = self.check(Op::List, &path) {
                return Err(fault.error());
            }
            self.inner.list_with_delimiter(prefix).await
        })
    }

    fn copy_opts<'life0, 'life1, 'life2, 'async_trait>(
        &'life0 self,
        from: &'life1 Path,
        to: &'life2 Path,
        options: CopyOptions,
    ) -> Fut<'async_trait, ()>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            self.fail(Op::Put, to).await?;
            self.inner.copy_opts(from, to, options).await
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The S3 test server (as in aggregate.rs) and a proxy that injects faults below the retries.

/// A moto S3 server on a free loopback port, stopped on drop.
struct Moto {
    child: std::process::Child,
    port: u16,
    _log: tempfile::NamedTempFile,
}

impl Moto {
    /// Starts `python3 -m moto.server`; fails the test (never skips it) when moto is missing.
    fn start() -> Moto {
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let log = tempfile::NamedTempFile::new().expect("log file");
            let mut child = std::process::Command::new("python3")
                .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(std::process::Stdio::null())
                .stderr(log.reopen().expect("log file"))
                .spawn()
                .expect("cannot run python3, needed for the moto S3 server (.ci/run installs moto[server])");
            let started = std::time::Instant::now();
            while started.elapsed() < Duration::from_secs(60) {
                if let Some(status) = child.try_wait().expect("moto status") {
                    last_error = format!(
                        "moto exited ({status}): {}",
                        std::fs::read_to_string(log.path()).unwrap_or_default()
                    );
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    let moto = Moto {
                        child,
                        port,
                        _log: log,
                    };
                    moto.create_bucket();
                    return moto;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
            if last_error.is_empty() {
                last_error = format!("moto did not answer on 127.0.0.1:{port} within 60 s");
            }
        }
        panic!(
            "the S3 test server could not be started: {last_error}\n\
             install it with `python3 -m pip install 'moto[server]'` (.ci/run does)"
        );
    }

    fn create_bucket(&self) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to moto");
        write!(
            s,
            "PUT /{BUCKET} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        )
        .expect("send");
        let mut response = String::new();
        s.read_to_string(&mut response).expect("read");
        assert!(response.starts_with("HTTP/1.1 200"), "create bucket: {response}");
    }

    /// `prefix` in the bucket, through moto directly, with talentpipe's retry settings.
    fn location(&self, prefix: &str) -> Location {
        s3_location(
            self.port,
            prefix,
            object_store::ClientOptions::new().with_allow_http(true),
        )
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const BUCKET: &str = "talentpipe";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// An S3 location on 127.0.0.1:`port` built as `Location::parse` builds one (same retries).
fn s3_location(port: u16, prefix: &str, client: object_store::ClientOptions) -> Location {
    let store = object_store::aws::AmazonS3Builder::new()
        .with_endpoint(format!("http://127.0.0.1:{port}"))
        .with_client_options(client)
        .with_bucket_name(BUCKET)
        .with_region("us-east-1")
        .with_access_key_id("test")
        .with_secret_access_key("test")
        .with_retry(talentpipe::storage::retry_config())
        .build()
        .expect("S3 store");
    Location {
        store_url: url::Url::parse(&format!("s3://{BUCKET}")).expect("url"),
        store: Arc::new(store),
        prefix: Path::from(prefix),
    }
}

/// What the proxy does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flake {
    /// Forward it to moto.
    Pass,
    /// Answer `503 Service Unavailable` (S3's "slow down").
    Unavailable,
    /// Read it and never answer (the client's timeout fires).
    Hang,
    /// Forward it to moto, then answer 503 instead of moto's response (the request took
    /// effect, the client does not know).
    LoseResponse,
}

/// A TCP proxy to moto that decides per connection (the client keeps none idle, so one
/// connection is one request attempt) from its number, the request's method and its path.
struct FlakyProxy {
    port: u16,
    stop: Arc<AtomicBool>,
    /// Requests answered with a fault.
    faults: Arc<AtomicUsize>,
}

impl FlakyProxy {
    fn start(
        upstream: u16,
        decide: impl Fn(usize, &str, &str) -> Flake + Send + Sync + 'static,
    ) -> FlakyProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let port = listener.local_addr().expect("addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let faults = Arc::new(AtomicUsize::new(0));
        let (stop2, faults2) = (stop.clone(), faults.clone());
        let decide = Arc::new(decide);
        std::thread::spawn(move || {
            for (n, conn) in listener.incoming().enumerate() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = conn else { continue };
                let (decide, faults, stop) = (decide.clone(), faults2.clone(), stop2.clone());
                std::thread::spawn(move || proxy_one(client, upstream, n, &*decide, &faults, &stop));
            }
        });
        FlakyProxy { port, stop, faults }
    }

    fn faults(&self) -> usize {
        self.faults.load(Ordering::SeqCst)
    }
}

impl Drop for FlakyProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wake the accept loop
    }
}

/// Reads one request head (and its body, by Content-Length) and applies the decision.
fn proxy_one(
    mut client: TcpStream,
    upstream: u16,
    n: usize,
    decide: &(dyn Fn(usize, &str, &str) -> Flake + Send + Sync),
    faults: &AtomicUsize,
    stop: &AtomicBool,
) {
    let Some(text) = read_head(&mut client) else {
        return;
    };
    let head = text.clone().into_bytes();
    let mut request_line = text.split(' ');
    let method = request_line.next().unwrap_or("").to_string();
    let target = request_line.next().unwrap_or("").to_string();
    let length = content_length(&text);
    let action = decide(n, &method, &target);
    match action {
        Flake::Pass => {
            let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                return;
            };
            if server.write_all(&head).is_err() {
                return;
            }
            let (Ok(mut client2), Ok(mut server2)) = (client.try_clone(), server.try_clone()) else {
                return;
            };
            let up = std::thread::spawn(move || {
                let _ = std::io::copy(&mut client2, &mut server2);
                let _ = server2.shutdown(std::net::Shutdown::Write);
            });
            let _ = std::io::copy(&mut server, &mut client);
            let _ = client.shutdown(std::net::Shutdown::Both);
            let _ = up.join();
        }
        Flake::Unavailable | Flake::LoseResponse => {
            let mut body = vec![0u8; length];
            if client.read_exact(&mut body).is_err() {
                return;
            }
            if action == Flake::LoseResponse {
                // Deliver the request, read moto's answer and drop it.
                let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    return;
                };
                if server
                    .write_all(&head)
                    .and_then(|()| server.write_all(&body))
                    .is_err()
                {
                    return;
                }
                let Some(response) = read_head(&mut server) else {
                    return;
                };
                let mut discard = vec![0u8; content_length(&response)];
                if server.read_exact(&mut discard).is_err() {
                    return;
                }
            }
            faults.fetch_add(1, Ordering::SeqCst);
            let body = "<Error><Code>SlowDown</Code><Message>injected</Message></Error>";
            let _ = write!(
                client,
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
        Flake::Hang => {
            faults.fetch_add(1, Ordering::SeqCst);
            // Hold the connection until the client gives up (or the proxy stops).
            let _ = client.set_read_timeout(Some(Duration::from_millis(100)));
            let mut sink = [0u8; 4096];
            for _ in 0..100 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                match client.read(&mut sink) {
                    Ok(0) => break,
                    _ => continue,
                }
            }
        }
    }
}

/// Reads an HTTP message head, through the blank line.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    String::from_utf8(head).ok()
}

/// The Content-Length of a message head (0 when absent).
fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// A small run to publish, and the checks every fault must pass.

const TABLES: [&str; 2] = ["headcount", "leavers"];

/// Three organisations; headcount 3 is withheld at k = 5.
fn table(name: &str) -> ResultTable {
    let batch = RecordBatch::try_from_iter([
        (
            "org",
            Arc::new(StringArray::from(vec!["A", "B", "C"])) as ArrayRef,
        ),
        (
            "headcount",
            Arc::new(Int64Array::from(vec![120, 3, 40])) as ArrayRef,
        ),
    ])
    .expect("valid batch");
    ResultTable {
        name: name.to_string(),
        schema: batch.schema(),
        batches: vec![batch],
        suppression: SuppressionSpec {
            counts: vec!["headcount".into()],
            derived: vec![],
        },
    }
}

/// Begin, write every table, commit; abort on a failure (as `ops::run::run` does).
async fn publish_run(out: &Location) -> talentpipe::Result<Manifest> {
    let mut p = Publisher::begin(out, PublishOptions::default()).await?;
    for name in TABLES {
        if let Err(e) = p.write_table(&table(name)).await {
            if let Err(release) = p.abort().await {
                eprintln!("could not release the output lock: {release}");
            }
            return Err(e);
        }
    }
    let manifest = Manifest {
        kind: "regional".into(),
        region: "test-region".into(),
        ..Default::default()
    };
    p.commit(manifest).await
}

/// `run_id` is the latest run, every table of it reads back, and no lock is left.
async fn assert_latest_readable(out: &Location, run_id: &str) {
    let (latest, m) = read_latest(out)
        .await
        .expect("read_latest")
        .expect("a committed run");
    assert_eq!(latest, run_id, "the previous run stays the latest");
    assert_eq!(m.tables.len(), TABLES.len());
    for t in &m.tables {
        for folder in ["restricted", "published"] {
            let batches = read_table(out, &latest, folder, &t.name)
                .await
                .expect("table readable");
            let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
            assert_eq!(rows, 3, "{folder}/{}", t.name);
        }
    }
    assert!(
        out.get_opt("_lock").await.expect("read lock").is_none(),
        "the lock was released"
    );
}

/// Exit code 3 and a message naming the object (`names`, a URL or path fragment).
#[track_caller]
fn assert_io_error(err: &Error, names: &str) {
    let msg = err.to_string();
    assert_eq!(err.exit_code(), ExitCode::InternalError, "exit code 3: {msg}");
    assert!(msg.contains(names), "the message names {names}: {msg}");
}
