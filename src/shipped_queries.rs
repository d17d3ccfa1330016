//! The queries shipped with the binary: every `queries/**/*.sql` of the source tree, embedded at
//! build time (the list is written by `build.rs`). The configuration falls back to them when no
//! queries folder is configured and the default one does not exist
//! ([`talentpipe::config::Overrides::shipped_queries`]).

include!(concat!(env!("OUT_DIR"), "/shipped_queries.rs"));

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Every embedded file is the source tree's file, byte for byte, and none is missing.
    #[test]
    fn the_embedded_queries_are_the_source_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
        let mut on_disk = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read queries folder") {
                let path = entry.expect("folder entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "sql") {
                    on_disk.push(path);
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<&str> = super::FILES.iter().map(|f| f.0).collect();
        let expected: Vec<String> = on_disk
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(embedded, expected);
        for (rel, sql) in super::FILES {
            assert_eq!(*sql, std::fs::read_to_string(root.join(rel)).unwrap(), "{rel}");
        }
        assert!(embedded.iter().any(|f| f.starts_with("national/")));
    }
}
