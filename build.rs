//! Build script: lists the shipped `queries/**/*.sql` files for the binary, which embeds them
//! (`include_str!`) as the fallback when no queries folder is configured and the default one is
//! missing (an installed binary run outside the repository; see `src/shipped_queries.rs`).
//!
//! It writes `$OUT_DIR/shipped_queries.rs`: one `(path relative to queries/, contents)` pair per
//! file, sorted. Only the binary includes it (the library takes the list as an argument).

use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir.join("queries");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    // Cargo scans the whole folder: any added, removed or changed query re-runs this script.
    println!("cargo::rerun-if-changed=queries");
    println!("cargo::rerun-if-changed=build.rs");
    let mut out = String::from(
        "/// Every shipped query file: (path relative to `queries/`, contents), sorted by path.\n\
         pub static FILES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .expect("walked under the queries folder")
            .to_string_lossy()
            .replace('\\', "/");
        // Relative to the crate, not this checkout's absolute path: a target folder shared by
        // several checkouts (CI's clean clones) may keep this output when the script does not
        // re-run, and an absolute path would then name another, perhaps deleted, checkout.
        let path = format!("/queries/{rel}");
        out.push_str(&format!(
            "    ({rel:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {path:?}))),\n"
        ));
    }
    out.push_str("];\n");
    let target =
        Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("shipped_queries.rs");
    // Written only when different, so an unchanged list does not touch the binary.
    if std::fs::read_to_string(&target).ok().as_deref() != Some(out.as_str()) {
        std::fs::write(&target, out).expect("write the shipped query list into OUT_DIR");
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("sql")) {
            files.push(path);
        }
    }
}
