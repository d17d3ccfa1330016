//! Test-only crash points: named places in ingest, the queries, publish and aggregate where a
//! test can make the process die, to check that the next run recovers (tests/it/crash.rs).
//!
//! `TALENTPIPE_TEST_CRASH_AT=<point>:<n>` aborts the process (SIGABRT: no destructors run and
//! no buffered write is flushed, which leaves the files as `kill -9` would) the n-th time it
//! reaches `<point>`. `TALENTPIPE_TEST_CRASH_TRACE=1` prints `crash-point <name>` on stderr at
//! every point reached, so a test can count a point's occurrences in an uninterrupted run and
//! see where a kill after a random delay landed.
//!
//! Neither variable is meant for production; unset, a point costs one atomic load. Points are
//! placed per file, row group, spill, query or table, never per row.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// `<point>:<n>`: abort at the n-th time `<point>` is reached (n from 1).
pub const AT_ENV: &str = "TALENTPIPE_TEST_CRASH_AT";
/// Any non-empty value: print every point reached on stderr.
pub const TRACE_ENV: &str = "TALENTPIPE_TEST_CRASH_TRACE";
/// How a traced point starts on stderr.
pub const TRACE_PREFIX: &str = "crash-point ";

struct Plan {
    target: Option<(String, u64)>,
    trace: bool,
    hits: AtomicU64,
}

impl Plan {
    fn from_env() -> Plan {
        let target = std::env::var(AT_ENV).ok().and_then(|v| {
            let (name, n) = v.rsplit_once(':')?;
            Some((name.to_string(), n.trim().parse().ok()?))
        });
        let trace = std::env::var_os(TRACE_ENV).is_some_and(|v| !v.is_empty());
        Plan {
            target,
            trace,
            hits: AtomicU64::new(0),
        }
    }
}

static PLAN: OnceLock<Plan> = OnceLock::new();

/// A crash point named `name` (`<stage>.<what>`, e.g. `ingest.spill`); see the module docs.
pub fn point(name: &str) {
    let plan = PLAN.get_or_init(Plan::from_env);
    if plan.trace {
        eprintln!("{TRACE_PREFIX}{name}");
    }
    if let Some((target, n)) = &plan.target
        && target == name
        && plan.hits.fetch_add(1, Ordering::SeqCst) + 1 == *n
    {
        eprintln!("{TRACE_PREFIX}{name} #{n}: aborting ({AT_ENV})");
        std::process::abort();
    }
}
