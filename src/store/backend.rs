//! Which database a `database` setting names, and the PostgreSQL side of opening it.
//!
//! A path, or a `sqlite:` URL, is a SQLite file; a `postgres://` or `postgresql://` URL is a
//! PostgreSQL server. Both go through `sqlx::Any`, with the same SQL text (`$1` placeholders)
//! and the same schema versions (`migrations/` and `migrations-postgres/`). A password written
//! in the URL never leaves this module: what is shown or logged is [`redact`]ed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Connection};

use super::schema::{failed_version, Schema};
use super::{Inspection, OpenReport, Store, StoreError, MIGRATOR};

/// The embedded PostgreSQL migrations: the same versions and names as [`MIGRATOR`]'s.
pub static PG_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations-postgres");

/// The kind of database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// This backend's migrations.
    pub fn migrator(self) -> &'static sqlx::migrate::Migrator {
        match self {
            Backend::Sqlite => &MIGRATOR,
            Backend::Postgres => &PG_MIGRATOR,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }
}

/// What the `database` setting names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A SQLite file.
    File(PathBuf),
    /// A PostgreSQL server: its URL as written (with its password, if any).
    Server(String),
}

impl Target {
    /// Reads the setting: a `postgres://`/`postgresql://` URL is a server; a `sqlite:` URL or
    /// anything else is a file path.
    pub fn of(setting: &Path) -> Target {
        let text = setting.to_string_lossy();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Target::Server(text.into_owned());
        }
        let file = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
            .map(|rest| rest.split('?').next().unwrap_or(rest));
        match file {
            Some(f) => Target::File(PathBuf::from(f)),
            None => Target::File(setting.to_owned()),
        }
    }

    /// The file, when it is one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Target::File(p) => Some(p),
            Target::Server(_) => None,
        }
    }
}

/// `url` without its password (in the user part, or a `password=` parameter): what may be
/// shown or logged.
pub fn redact(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some(parts) => parts,
        None => return url.to_owned(),
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or(user);
            format!("{user}@{host}")
        }
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.to_ascii_lowercase().starts_with("password="))
                .collect();
            if kept.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// `host:port` of a server URL (5432 when no port is written), for messages.
pub fn server_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.is_empty() { "localhost" } else { host };
    if host.ends_with(']') || !host.contains(':') {
        format!("{host}:5432")
    } else {
        host.to_owned()
    }
}

/// The database name of a server URL, for messages.
pub fn database_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split('?').next().unwrap_or(rest);
    path.split_once('/')
        .map(|(_, db)| db.to_owned())
        .filter(|db| !db.is_empty())
        .unwrap_or_else(|| "(the user's)".to_owned())
}

/// Installs sqlx's drivers for `Any`, once per process.
pub(super) fn drivers() {
    static ONCE: Once = Once::new();
    ONCE.call_once(sqlx::any::install_default_drivers);
}

/// Whether an error means the server could not be reached (rather than a refusal by it).
fn unreachable(e: &sqlx::Error) -> bool {
    matches!(
        e,
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::Tls(_)
    )
}

/// A connection error said for the operator, the password left out.
pub(super) fn connect_error(url: &str, e: sqlx::Error) -> StoreError {
    if unreachable(&e) {
        StoreError::Unreachable {
            server: server_of(url),
            detail: e.to_string(),
        }
    } else {
        match e {
            sqlx::Error::Database(d) => StoreError::ServerRefused {
                url: redact(url),
                detail: d.message().to_owned(),
            },
            other => StoreError::ServerRefused {
                url: redact(url),
                detail: other.to_string(),
            },
        }
    }
}

/// A pool on the server at `url`.
async fn server_pool(url: &str) -> Result<AnyPool, StoreError> {
    drivers();
    // One connection first, for its own error (the pool's would only say that it timed out):
    // "connection refused", an unknown host, a wrong password.
    sqlx::AnyConnection::connect(url)
        .await
        .map_err(|e| connect_error(url, e))?
        .close()
        .await
        .map_err(|e| connect_error(url, e))?;
    AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        // suivi's statements are short: compiling them (JIT, which a claim's cost estimate
        // triggers) took 35 ms of a 40 ms claim.
        .after_connect(|conn, _| {
            Box::pin(async move {
                sqlx::Executor::execute(conn, "SET jit = off").await?;
                Ok(())
            })
        })
        // No round trip to test a connection on each acquire and release (three per statement
        // instead of one): a connection that broke fails its statement, which the caller
        // retries, and is closed; one left inside a transaction is not reused.
        .test_before_acquire(false)
        .after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
        .connect(url)
        .await
        .map_err(|e| connect_error(url, e))
}

fn store_on(pool: AnyPool, url: &str) -> Store {
    Store {
        pool,
        backend: Backend::Postgres,
        path: Arc::from(Path::new(&redact(url))),
        audience: super::Audience::Discord,
        writes: Default::default(),
    }
}

impl Store {
    /// The server's schema, read without changing anything.
    pub(super) async fn inspect_server(url: &str) -> Result<Inspection, StoreError> {
        let pool = server_pool(url).await?;
        let schema = Schema::read(&pool, Backend::Postgres).await;
        pool.close().await;
        let schema = schema?;
        if let Some(refusal) = schema.refusal(Path::new(&redact(url))) {
            return Err(refusal);
        }
        Ok(Inspection::Present {
            pending: schema.pending,
        })
    }

    /// What `suivi check` and `suivi status` say of a server: its schema as read now.
    pub async fn server_schema(url: &str) -> Result<Schema, StoreError> {
        let pool = server_pool(url).await?;
        let schema = Schema::read(&pool, Backend::Postgres).await;
        pool.close().await;
        Ok(schema?)
    }

    /// An existing, up-to-date database on the server (`allow_pending`: one still to
    /// migrate too).
    pub(super) async fn existing_server(
        url: &str,
        allow_pending: bool,
    ) -> Result<Store, StoreError> {
        let pool = server_pool(url).await?;
        let shown = redact(url);
        let schema = match Schema::read(&pool, Backend::Postgres).await {
            Ok(s) => s,
            Err(e) => {
                pool.close().await;
                return Err(e.into());
            }
        };
        let refusal = schema.refusal(Path::new(&shown)).or_else(|| {
            (schema.pending > 0 && !allow_pending).then(|| StoreError::NeedsMigration {
                path: PathBuf::from(&shown),
                count: schema.pending,
            })
        });
        if let Some(refusal) = refusal {
            pool.close().await;
            return Err(refusal);
        }
        Ok(store_on(pool, url))
    }

    /// Opens and migrates the database on the server. PostgreSQL runs each migration in a
    /// transaction (DDL included), so a failed one leaves the schema as it was: no copy is
    /// written first (`pg_dump` is the operator's backup).
    pub(super) async fn open_server(url: &str) -> Result<(Store, OpenReport), StoreError> {
        let pool = server_pool(url).await?;
        let store = store_on(pool, url);
        let schema = Schema::read(&store.pool, Backend::Postgres).await?;
        let shown = redact(url);
        if let Some(refusal) = schema.refusal(Path::new(&shown)) {
            store.close().await;
            return Err(refusal);
        }
        if schema.pending > 0 {
            let ran = async {
                let mut conn = sqlx::PgConnection::connect(url)
                    .await
                    .map_err(|e| connect_error(url, e))?;
                let ran = PG_MIGRATOR.run(&mut conn).await;
                let _ = conn.close().await;
                ran.map_err(StoreError::from)
            }
            .await;
            if let Err(e) = ran {
                store.close().await;
                return Err(match e {
                    StoreError::Migrate(m) => StoreError::MigrationFailed {
                        path: PathBuf::from(&shown),
                        version: failed_version(&m),
                        detail: m.to_string(),
                    },
                    other => other,
                });
            }
        }
        Ok((
            store,
            OpenReport {
                applied: schema.pending,
                backup: None,
            },
        ))
    }

    /// The `pg_dump` command that backs up this server's database (the password left out:
    /// `pg_dump` asks for it, or reads `~/.pgpass`).
    pub fn dump_command(&self, stamp: &str) -> Option<String> {
        (self.backend == Backend::Postgres).then(|| {
            format!(
                "pg_dump --format=custom --file=suivi-{stamp}.dump '{}'",
                self.path.display()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_names_a_file_or_a_server() {
        assert_eq!(
            Target::of(Path::new("suivi.db")),
            Target::File("suivi.db".into())
        );
        assert_eq!(
            Target::of(Path::new("sqlite:///var/lib/suivi/suivi.db")),
            Target::File("/var/lib/suivi/suivi.db".into())
        );
        assert_eq!(
            Target::of(Path::new("sqlite:data/suivi.db?mode=rwc")),
            Target::File("data/suivi.db".into())
        );
        assert_eq!(
            Target::of(Path::new("postgres://suivi@db.example/suivi")),
            Target::Server("postgres://suivi@db.example/suivi".into())
        );
        assert_eq!(
            Target::of(Path::new("postgresql://db/suivi")),
            Target::Server("postgresql://db/suivi".into())
        );
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            redact("postgres://suivi:s3cret@db.example:5433/suivi?sslmode=require"),
            "postgres://suivi@db.example:5433/suivi?sslmode=require"
        );
        assert_eq!(
            redact("postgres://db/suivi?password=s3cret&sslmode=disable"),
            "postgres://db/suivi?sslmode=disable"
        );
        assert_eq!(redact("postgres://db/suivi"), "postgres://db/suivi");
        assert_eq!(
            server_of("postgres://u:p@db.example/suivi"),
            "db.example:5432"
        );
        assert_eq!(server_of("postgres://127.0.0.1:54329/x"), "127.0.0.1:54329");
        assert_eq!(database_of("postgres://u@h:1/suivi?x=y"), "suivi");
    }
}
