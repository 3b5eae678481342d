//! The incremental re-import: a file whose size, modification time, inode and device are
//! unchanged since it was last read keeps its imported and scored result; only new or
//! changed files are read. The UI's re-import (`r`) and its watched folder use it.

use super::ImportedFile;
use crate::data::DataSet;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What tells that a file is unchanged: size, modification time (s, ns), inode, device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    mtime: (i64, i64),
    ino: u64,
    dev: u64,
}

impl Stamp {
    /// The file's stamp; none when it cannot be read (the file is then always read).
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Stamp {
                size: m.size(),
                mtime: (m.mtime(), m.mtime_nsec()),
                ino: m.ino(),
                dev: m.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let t = m
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            Some(Stamp {
                size: m.len(),
                mtime: (t.as_secs() as i64, t.subsec_nanos() as i64),
                ino: 0,
                dev: 0,
            })
        }
    }
}

/// Results of earlier imports, by path.
#[derive(Default)]
pub struct ImportCache {
    /// The stamp taken before the file was read, and what was read (none: not a return,
    /// e.g. a workbook kaoping exported).
    entries: HashMap<PathBuf, (Stamp, Option<ImportedFile>)>,
    reads: usize,
}

impl ImportCache {
    pub fn new() -> ImportCache {
        ImportCache::default()
    }

    /// Files read (not taken from the cache) since the cache was made.
    pub fn reads(&self) -> usize {
        self.reads
    }

    /// Imports and scores `paths`, in their order: an unchanged file's earlier result,
    /// the others read (in parallel). `progress` is told of each file.
    pub fn import(
        &mut self,
        data: &DataSet,
        paths: &[PathBuf],
        progress: &(dyn Fn(&Path) + Sync),
    ) -> Vec<ImportedFile> {
        use rayon::prelude::*;
        // Stamped before reading: a file changed while it is read is read again next time.
        let stamps: Vec<Option<Stamp>> = paths.par_iter().map(|p| Stamp::of(p)).collect();
        let kept: Vec<Option<Option<ImportedFile>>> = paths
            .iter()
            .zip(&stamps)
            .map(|(p, s)| match (s, self.entries.get(p)) {
                (Some(s), Some((old, f))) if s == old => Some(f.clone()),
                _ => None,
            })
            .collect();
        let read: Vec<(usize, Option<ImportedFile>)> = kept
            .iter()
            .enumerate()
            .filter(|(_, k)| k.is_none())
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|i| {
                let f = import_scored(data, &paths[i]);
                progress(&paths[i]);
                (i, f)
            })
            .collect();
        self.reads += read.len();
        let mut out: Vec<Option<Option<ImportedFile>>> = kept;
        for (i, f) in read {
            out[i] = Some(f);
        }
        let mut entries = HashMap::with_capacity(paths.len());
        let mut files = Vec::with_capacity(paths.len());
        for ((p, s), f) in paths.iter().zip(stamps).zip(out) {
            let f = f.flatten();
            if let Some(s) = s {
                entries.insert(p.clone(), (s, f.clone()));
            }
            files.extend(f);
        }
        // Files gone from the folder are forgotten.
        self.entries = entries;
        files
    }
}

/// Imports one file and scores it, as [`crate::report::Report::build_with`] does: the
/// cells are freed once scored, and a panic in scoring refuses this file only.
fn import_scored(data: &DataSet, path: &Path) -> Option<ImportedFile> {
    let mut f = super::import_return(path, &data.set, &data.registry)?;
    crate::report::score_file(data, &mut f, &crate::report::keep_all);
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_new_or_changed_files_are_read() {
        let data = DataSet::builtin();
        let dir = tempfile::tempdir().unwrap();
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/2018");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&samples)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for p in &names[..3] {
            std::fs::copy(p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
        let list = || crate::import::collect(&[dir.path().to_path_buf()]).unwrap();
        let mut cache = ImportCache::new();
        let first = cache.import(&data, &list(), &|_| {});
        assert_eq!((first.len(), cache.reads()), (3, 3));
        // Nothing changed: nothing is read, and the results are the same.
        let again = cache.import(&data, &list(), &|_| {});
        assert_eq!(cache.reads(), 3);
        let sums = |v: &[ImportedFile]| v.iter().map(|f| f.sha256.clone()).collect::<Vec<_>>();
        assert_eq!(sums(&again), sums(&first));
        // One new file and one replaced (another return copied over it): two reads.
        std::fs::copy(&names[3], dir.path().join(names[3].file_name().unwrap())).unwrap();
        let target = dir.path().join(names[0].file_name().unwrap());
        std::fs::remove_file(&target).unwrap();
        std::fs::copy(&names[4], &target).unwrap();
        let after = cache.import(&data, &list(), &|_| {});
        assert_eq!((after.len(), cache.reads()), (4, 5));
        // A file removed is forgotten, and nothing else is read.
        std::fs::remove_file(&target).unwrap();
        let last = cache.import(&data, &list(), &|_| {});
        assert_eq!((last.len(), cache.reads()), (3, 5));
    }
}
