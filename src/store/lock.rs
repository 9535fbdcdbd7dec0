//! One writer per database file, by construction: `suivi run` holds an exclusive lock on a file
//! beside the database (`suivi.db.lock`) for as long as it runs. A second `suivi run` on the
//! same file stops at once and names the process that holds it. The operating system releases
//! the lock when the process ends, however it ends (kill -9 included), so a stale lock file
//! never blocks a restart. The console and the operator commands do not take it: they share the
//! file as SQLite allows, each on its own audience of the outbox.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds it.
    #[error("another suivi run (process {pid}) is already using {}; stop it first, or point this one at another database", .database.display())]
    Held { database: PathBuf, pid: String },
    #[error("cannot create the lock file {}: {source}", .path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
    path: PathBuf,
}

impl WriterLock {
    /// The lock file of `database`.
    pub fn path_of(database: &Path) -> PathBuf {
        let mut p = database.as_os_str().to_owned();
        p.push(".lock");
        PathBuf::from(p)
    }

    /// Takes the lock of `database`, or says who holds it. Never waits.
    pub fn take(database: &Path) -> Result<WriterLock, LockError> {
        let path = Self::path_of(database);
        let failed = |source| LockError::File {
            path: path.clone(),
            source,
        };
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path).map_err(failed)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                let pid = pid.trim().to_owned();
                return Err(LockError::Held {
                    database: database.to_owned(),
                    pid: if pid.is_empty() { "?".to_owned() } else { pid },
                });
            }
            Err(TryLockError::Error(e)) => return Err(failed(e)),
        }
        // Ours: say who we are, for the next one who tries.
        let written = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)).map(|_| ()))
            .and_then(|()| writeln!(file, "{}", std::process::id()))
            .and_then(|()| file.flush());
        if let Err(e) = written {
            tracing::warn!(error = %e, "could not write the process id into the lock file");
        }
        Ok(WriterLock { _file: file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_the_first_ones_pid_and_comes_in_once_it_is_gone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("suivi.db");
        let first = WriterLock::take(&db).expect("first lock");
        match WriterLock::take(&db) {
            Err(LockError::Held { pid, database }) => {
                assert_eq!(pid, std::process::id().to_string());
                assert_eq!(database, db);
            }
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        let again = WriterLock::take(&db).expect("the lock is free once dropped");
        assert_eq!(again.path(), WriterLock::path_of(&db));
    }
}
