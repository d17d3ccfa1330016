//! The uniqueness index of one rule of a kind: the key of every accepted row and where it was
//! seen, so that a later row with the same key is quarantined as a duplicate of that line.
//!
//! Memory is bounded whatever the number of rows. Up to `memory_rows` entries (the setting
//! `ingest.index_rows`, default [`crate::config::DEFAULT_INDEX_ROWS`]) live in a hash table.
//! When it is full, its entries are sorted by key and spilled to a run file in a temporary
//! folder (`$TMPDIR`), and the table starts again. A fixed-size Bloom filter in front
//! of the runs answers nearly every lookup of a new key from memory; a key that passes it is
//! looked up in the runs, each of which keeps one fence key per block of entries in memory, so
//! a lookup reads one small block per run. Runs are merged four at a time (a size-tiered
//! log-structured merge), so there are never more than three runs per level of 4ⁿ spills.
//!
//! The filter's size is fixed, not grown: beyond about 100 million spilled keys its
//! false-positive rate rises and ingest slows (more blocks read), but memory does not grow.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::scratch::ScratchDir;

/// A row's uniqueness key: a 96-bit hash of its key cells (see `parse::unique_key`). The index
/// holds one per accepted row of the kind (24 bytes with its position), so the width is a memory
/// trade-off: at 100 million rows the chance of any false duplicate is still below 10^-13.
pub type Key = [u8; 12];

/// A row's file index (24 bits) and line (40 bits) in one word, so an index entry stays 24
/// bytes. Beyond 16 million files or a trillion lines, messages would name the wrong place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position(u64);

impl Position {
    const LINE_BITS: u32 = 40;

    pub fn new(file: u32, line: u64) -> Self {
        let line = line.min((1 << Self::LINE_BITS) - 1);
        Position((u64::from(file.min(0xFF_FFFF)) << Self::LINE_BITS) | line)
    }

    pub fn file(self) -> u32 {
        (self.0 >> Self::LINE_BITS) as u32
    }

    pub fn line(self) -> u64 {
        self.0 & ((1 << Self::LINE_BITS) - 1)
    }
}

/// Size of the Bloom filter in front of the spilled runs (128 MiB, allocated at the first
/// spill): about 1% false positives at 100 million spilled keys, far fewer below.
const FILTER_BITS: usize = 1 << 30;

/// Bytes of a spilled entry: the key, then the position (little-endian).
const ENTRY: usize = 20;

/// Entries per block of a run: one fence key in memory per block, one block read per lookup.
const BLOCK: usize = 256;

/// Runs merged at once, and the most runs of one level.
const FANOUT: usize = 4;

/// See the module documentation.
pub struct UniqueIndex {
    memory: HashMap<Key, Position, BuildDigestHasher>,
    memory_rows: usize,
    filter_bits: usize,
    spill: Option<Spill>,
    /// Files whose rows were forgotten after some reached a run: their entries there no longer
    /// count, and merges drop them.
    forgotten: HashSet<u32>,
}

struct Spill {
    /// `$TMPDIR/talentpipe-unique-XXXXXX`: removed on drop, and by the next run if this one is
    /// killed (see `crate::scratch`).
    dir: ScratchDir,
    filter: Bloom,
    /// Oldest first. A live key is in at most one run, or in memory.
    runs: Vec<Run>,
    next_run: u64,
    block: Vec<u8>,
}

struct Run {
    file: File,
    path: PathBuf,
    len: usize,
    level: u32,
    /// The first key of each block.
    fences: Vec<Key>,
    last: Key,
}

impl UniqueIndex {
    /// An index that keeps up to `memory_rows` entries in memory (at least one).
    pub fn new(memory_rows: usize) -> Self {
        Self::with_filter(memory_rows, FILTER_BITS)
    }

    fn with_filter(memory_rows: usize, filter_bits: usize) -> Self {
        UniqueIndex {
            memory: HashMap::default(),
            memory_rows: memory_rows.max(1),
            filter_bits,
            spill: None,
            forgotten: HashSet::new(),
        }
    }

    /// Where `key` was first seen, if it was.
    pub fn get(&mut self, key: &Key) -> Result<Option<Position>> {
        if let Some(&at) = self.memory.get(key) {
            return Ok(Some(at));
        }
        let Some(Spill {
            filter, runs, block, ..
        }) = &mut self.spill
        else {
            return Ok(None);
        };
        if !filter.contains(key) {
            return Ok(None);
        }
        for run in runs.iter_mut().rev() {
            match run.get(key, block).map_err(|e| Error::io(&run.path, e))? {
                Some(at) if !self.forgotten.contains(&at.file()) => return Ok(Some(at)),
                _ => {}
            }
        }
        Ok(None)
    }

    /// Makes room for `rows` more entries in memory (at most what it keeps there), so that a
    /// known number of inserts (re-filling the index from key parts) does not grow the table
    /// step by step.
    pub fn reserve(&mut self, rows: usize) {
        let room = self.memory_rows.saturating_sub(self.memory.len());
        self.memory.reserve(rows.min(room));
    }

    /// Records `key` as seen at `at`; the caller has checked it is new.
    pub fn insert(&mut self, key: Key, at: Position) -> Result<()> {
        if self.memory.len() >= self.memory_rows {
            self.spill_memory()?;
        }
        self.memory.insert(key, at);
        Ok(())
    }

    /// Where `key` was first seen; if it is new, records it as seen at `at`. The same as
    /// [`get`](Self::get) then [`insert`](Self::insert), with one hash-table probe instead of
    /// two while nothing has been spilled (a probe is a cache miss per row).
    pub fn get_or_insert(&mut self, key: Key, at: Position) -> Result<Option<Position>> {
        if self.spill.is_none() && self.memory.len() < self.memory_rows {
            return Ok(match self.memory.entry(key) {
                Entry::Occupied(seen) => Some(*seen.get()),
                Entry::Vacant(new) => {
                    new.insert(at);
                    None
                }
            });
        }
        if let Some(seen) = self.get(&key)? {
            return Ok(Some(seen));
        }
        self.insert(key, at)?;
        Ok(None)
    }

    /// Forgets the rows of `file` (a rejected file), so later rows are not judged against them.
    pub fn forget_file(&mut self, file: u32) {
        self.memory.retain(|_, at| at.file() != file);
        if self.spill.is_some() {
            self.forgotten.insert(file);
        }
    }

    /// Sorts the in-memory entries into a new run and empties the table (keeping its
    /// allocation), then merges runs while the newest `FANOUT` share a level.
    fn spill_memory(&mut self) -> Result<()> {
        let spill = match &mut self.spill {
            Some(spill) => spill,
            None => {
                let dir = ScratchDir::new("unique")?;
                self.spill.insert(Spill {
                    dir,
                    filter: Bloom::new(self.filter_bits),
                    runs: Vec::new(),
                    next_run: 0,
                    block: Vec::new(),
                })
            }
        };
        let mut entries: Vec<(Key, Position)> = self.memory.drain().collect();
        entries.sort_unstable_by_key(|e| e.0);
        for (key, _) in &entries {
            spill.filter.insert(key);
        }
        let run = spill.write_run(0, entries.into_iter().map(Ok))?;
        spill.runs.extend(run);
        crate::crash::point("ingest.spill");
        while let Some(level) = spill.mergeable_level() {
            let merging = spill.runs.split_off(spill.runs.len() - FANOUT);
            let merged = spill.merge(merging, level + 1, &self.forgotten)?;
            spill.runs.extend(merged);
        }
        Ok(())
    }

    #[cfg(test)]
    fn runs(&self) -> usize {
        self.spill.as_ref().map_or(0, |s| s.runs.len())
    }

    #[cfg(test)]
    fn spill_dir(&self) -> Option<&std::path::Path> {
        self.spill.as_ref().map(|s| s.dir.path())
    }
}

impl Spill {
    /// The level of the newest `FANOUT` runs, if they share one.
    fn mergeable_level(&self) -> Option<u32> {
        let newest = self.runs.get(self.runs.len().checked_sub(FANOUT)?..)?;
        let level = newest[0].level;
        newest.iter().all(|r| r.level == level).then_some(level)
    }

    /// Writes sorted entries to a new run file; `None` if there were none.
    fn write_run(
        &mut self,
        level: u32,
        entries: impl Iterator<Item = io::Result<(Key, Position)>>,
    ) -> Result<Option<Run>> {
        let path = self.dir.path().join(format!("run-{:06}.bin", self.next_run));
        self.next_run += 1;
        let io = |e| Error::io(&path, e);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let (mut len, mut fences, mut last) = (0, Vec::new(), Key::default());
        for entry in entries {
            let (key, at) = entry.map_err(io)?;
            if len % BLOCK == 0 {
                fences.push(key);
            }
            out.write_all(&key).map_err(io)?;
            out.write_all(&at.0.to_le_bytes()).map_err(io)?;
            (len, last) = (len + 1, key);
        }
        let file = out.into_inner().map_err(|e| io(e.into_error()))?;
        if len == 0 {
            drop(file);
            std::fs::remove_file(&path).map_err(io)?;
            return Ok(None);
        }
        Ok(Some(Run {
            file,
            path,
            len,
            level,
            fences,
            last,
        }))
    }

    /// Merges runs into one of `level`, dropping the entries of forgotten files, and deletes
    /// the merged files.
    fn merge(&mut self, runs: Vec<Run>, level: u32, forgotten: &HashSet<u32>) -> Result<Option<Run>> {
        let mut readers = Vec::with_capacity(runs.len());
        for run in &runs {
            let mut file = run.file.try_clone().map_err(|e| Error::io(&run.path, e))?;
            file.seek(SeekFrom::Start(0))
                .map_err(|e| Error::io(&run.path, e))?;
            let mut reader = RunReader {
                input: BufReader::with_capacity(1 << 20, file),
                left: run.len,
                head: None,
            };
            reader.advance().map_err(|e| Error::io(&run.path, e))?;
            readers.push(reader);
        }
        let merged = std::iter::from_fn(|| {
            // The smallest head; keys are unique across live entries, so ties cannot occur
            // between two live ones (a forgotten duplicate is dropped below either way).
            let (i, _) = readers
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.head.map(|(key, _)| (i, key)))
                .min_by_key(|&(_, key)| key)?;
            let head = readers[i].head.take();
            Some(readers[i].advance().map(|()| head))
        })
        .filter_map(|entry| entry.transpose())
        .filter(|entry| !matches!(entry, Ok((_, at)) if forgotten.contains(&at.file())));
        let run = self.write_run(level, merged)?;
        crate::crash::point("ingest.merge");
        for old in runs {
            drop(old.file);
            std::fs::remove_file(&old.path).map_err(|e| Error::io(&old.path, e))?;
        }
        Ok(run)
    }
}

impl Run {
    fn get(&mut self, key: &Key, block: &mut Vec<u8>) -> io::Result<Option<Position>> {
        if key > &self.last {
            return Ok(None);
        }
        let Some(b) = self.fences.partition_point(|f| f <= key).checked_sub(1) else {
            return Ok(None);
        };
        let start = b * BLOCK;
        let n = BLOCK.min(self.len - start);
        block.resize(n * ENTRY, 0);
        self.file.seek(SeekFrom::Start((start * ENTRY) as u64))?;
        self.file.read_exact(block)?;
        let entry = |i: usize| &block[i * ENTRY..(i + 1) * ENTRY];
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match entry(mid)[..12].cmp(key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let at = entry(mid)[12..].try_into().expect("8 bytes");
                    return Ok(Some(Position(u64::from_le_bytes(at))));
                }
            }
        }
        Ok(None)
    }
}

/// Reads a run's entries in order during a merge.
struct RunReader {
    input: BufReader<File>,
    left: usize,
    head: Option<(Key, Position)>,
}

impl RunReader {
    fn advance(&mut self) -> io::Result<()> {
        self.head = None;
        if self.left > 0 {
            let mut entry = [0u8; ENTRY];
            self.input.read_exact(&mut entry)?;
            let key: Key = entry[..12].try_into().expect("12 bytes");
            let at = Position(u64::from_le_bytes(entry[12..].try_into().expect("8 bytes")));
            self.head = Some((key, at));
            self.left -= 1;
        }
        Ok(())
    }
}

/// A blocked Bloom filter: each key sets `PROBES` bits in one 512-bit block (one cache line).
/// Keys are uniform digests, so their own bits choose the block and the probes.
struct Bloom {
    words: Vec<u64>,
    block_mask: usize,
}

const PROBES: u32 = 7;

impl Bloom {
    fn new(bits: usize) -> Self {
        let blocks = (bits / 512).max(1).next_power_of_two();
        Bloom {
            words: vec![0; blocks * 8],
            block_mask: blocks - 1,
        }
    }

    fn probes(&self, key: &Key) -> impl Iterator<Item = (usize, u64)> + use<> {
        let block = u32::from_le_bytes(key[..4].try_into().expect("4 bytes")) as usize & self.block_mask;
        let h = u64::from_le_bytes(key[4..].try_into().expect("8 bytes"));
        let (h1, h2) = (h as u32, (h >> 32) as u32 | 1);
        (0..PROBES).map(move |i| {
            let bit = h1.wrapping_add(i.wrapping_mul(h2)) as usize & 511;
            (block * 8 + bit / 64, 1u64 << (bit % 64))
        })
    }

    fn insert(&mut self, key: &Key) {
        for (word, mask) in self.probes(key) {
            self.words[word] |= mask;
        }
    }

    fn contains(&self, key: &Key) -> bool {
        self.probes(key).all(|(word, mask)| self.words[word] & mask != 0)
    }
}

/// A hasher for keys that are uniformly distributed digests: no second hashing needed.
#[derive(Default, Clone, Copy)]
struct BuildDigestHasher;

#[derive(Default)]
struct DigestHasher(u64);

impl std::hash::BuildHasher for BuildDigestHasher {
    type Hasher = DigestHasher;
    fn build_hasher(&self) -> DigestHasher {
        DigestHasher(0)
    }
}

impl std::hash::Hasher for DigestHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(word);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn key(i: u64) -> Key {
        Sha256::digest(i.to_le_bytes())[..12].try_into().unwrap()
    }

    #[test]
    fn positions_round_trip_and_entries_stay_small() {
        for (file, line) in [(0, 1), (3, 2), (0xFF_FFFF, (1 << 40) - 1), (7, 123_456_789_012)] {
            let p = Position::new(file, line);
            assert_eq!((p.file(), p.line()), (file, line));
        }
        assert_eq!(
            std::mem::size_of::<(Key, Position)>(),
            24,
            "bytes per accepted row in the index"
        );
    }

    #[test]
    fn spilled_runs_answer_like_memory_and_merge_by_level() {
        // 7 entries in memory and a small filter: 10,000 keys make 1,428 spills and many
        // merges, and the filter lets through plenty of absent keys to look up in the runs.
        let mut index = UniqueIndex::with_filter(7, 1 << 14);
        for i in 0..10_000u64 {
            assert_eq!(index.get(&key(i)).unwrap(), None, "key {i} is new");
            index
                .insert(key(i), Position::new((i % 3) as u32, i + 2))
                .unwrap();
        }
        for i in 0..10_000u64 {
            assert_eq!(
                index.get(&key(i)).unwrap(),
                Some(Position::new((i % 3) as u32, i + 2))
            );
        }
        for i in 10_000..20_000u64 {
            assert_eq!(index.get(&key(i)).unwrap(), None);
        }
        // 1,428 spills in base 4 is 112110: at most 3 runs per level, here 1+1+2+1+1.
        assert_eq!(index.runs(), 6);
        let dir = index.spill_dir().unwrap().to_path_buf();
        assert_eq!(
            std::fs::read_dir(&dir)
                .unwrap()
                .filter(|e| e
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("run-"))
                .count(),
            6,
            "merged runs are deleted"
        );
        drop(index);
        assert!(!dir.exists(), "the spill folder goes with the index");
        assert!(
            dir.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("talentpipe-unique-"),
            "a scratch folder the next run removes if this one is killed"
        );
    }

    #[test]
    fn get_or_insert_answers_like_get_then_insert_in_memory_and_after_spills() {
        let mut index = UniqueIndex::with_filter(5, 1 << 14);
        for i in 0..40u64 {
            assert_eq!(
                index.get_or_insert(key(i), Position::new(1, i + 2)).unwrap(),
                None
            );
        }
        assert!(index.runs() > 0, "spilled");
        for i in 0..40u64 {
            let first = Some(Position::new(1, i + 2));
            assert_eq!(index.get_or_insert(key(i), Position::new(2, 99)).unwrap(), first);
            assert_eq!(index.get(&key(i)).unwrap(), first, "the first sighting is kept");
        }
    }

    #[test]
    fn forgotten_files_leave_memory_runs_and_merges() {
        let mut index = UniqueIndex::with_filter(5, 1 << 12);
        for i in 0..100u64 {
            index
                .insert(key(i), Position::new(1 + (i % 2) as u32, i))
                .unwrap();
        }
        index.forget_file(2);
        for i in 0..100u64 {
            let expected = (i % 2 == 0).then(|| Position::new(1, i));
            assert_eq!(index.get(&key(i)).unwrap(), expected, "key {i}");
        }
        // A forgotten key seen again counts from its new place, through later merges too.
        for i in (1..100u64).step_by(2) {
            index.insert(key(i), Position::new(3, 1000 + i)).unwrap();
        }
        for i in 100..400u64 {
            index.insert(key(i), Position::new(3, i)).unwrap();
        }
        for i in 0..100u64 {
            let expected = if i % 2 == 0 {
                Position::new(1, i)
            } else {
                Position::new(3, 1000 + i)
            };
            assert_eq!(index.get(&key(i)).unwrap(), Some(expected), "key {i}");
        }
    }

    #[test]
    fn the_filter_has_no_false_negatives_and_few_false_positives() {
        let mut filter = Bloom::new(10 * 10_000);
        (0..10_000).for_each(|i| filter.insert(&key(i)));
        assert!((0..10_000).all(|i| filter.contains(&key(i))));
        let false_positives = (10_000..110_000).filter(|&i| filter.contains(&key(i))).count();
        // About 10 bits a key (131,072 bits for 10,000 keys here): a few in a thousand.
        assert!(false_positives < 1_000, "{false_positives} in 100,000");
    }
}
