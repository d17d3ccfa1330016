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
//!
//! Every point is listed once, here: [`RUN_POINTS`] (a regional `run`, ingest included) and
//! [`AGGREGATE_POINTS`]; tests/it/crash.rs kills at each, and a unit test below checks that
//! the lists name exactly the `point` calls in src/.

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

/// The crash points a regional `run` passes (ingest, a cold or forced one included, then the
/// queries), in the order it reaches them.
pub const RUN_POINTS: &[&str] = &[
    "ingest.resume",
    "ingest.row_group",
    "ingest.part",
    "ingest.spill",
    "ingest.merge",
    "ingest.file",
    "query.start",
    "query.materialised",
    "query.done",
];

/// The crash points of `aggregate` (its queries' included).
pub const AGGREGATE_POINTS: &[&str] = &[
    "aggregate.source",
    "aggregate.union",
    "query.start",
    "query.done",
    "aggregate.locked",
];

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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// The names of the crash points called (by name, a string literal) in the files under `dir`.
    fn points_in(dir: &Path, out: &mut BTreeSet<String>) {
        let call = ["crash::point", "(\""].concat();
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                points_in(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file is readable");
                for (_, rest) in text
                    .match_indices(&call)
                    .map(|(i, _)| text.split_at(i + call.len()))
                {
                    out.extend(rest.split('"').next().map(str::to_string));
                }
            }
        }
    }

    /// The lists are complete: every point called in src/ is in one of them, and each listed
    /// point is called (so a new point is killed at by the crash tests, or this fails).
    #[test]
    fn the_lists_name_every_point_called_in_src() {
        let mut called = BTreeSet::new();
        points_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut called);
        let listed: BTreeSet<String> = RUN_POINTS
            .iter()
            .chain(AGGREGATE_POINTS)
            .map(|p| p.to_string())
            .collect();
        assert_eq!(listed, called);
        assert!(called.contains("ingest.file") && called.len() >= 12, "{called:?}");
    }
}
