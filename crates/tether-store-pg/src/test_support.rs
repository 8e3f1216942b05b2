//! A real PostgreSQL for tests (this crate's and the server's): the one `scripts/test.sh` started
//! (`TETHER_TEST_DATABASE_URL`, an admin URL), else a private cluster started here from
//! Debian's packages (as the `postgres` user when the tests run as root, since PostgreSQL
//! refuses root). Each test gets a database of its own.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct Db {
    pub url: String,
    _cluster: Option<Cluster>,
}

struct Cluster {
    dir: tempfile::TempDir,
    as_postgres: bool,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = pg(self.as_postgres, "pg_ctl")
            .args(["-D", &data.to_string_lossy(), "stop", "-m", "immediate"])
            .output();
    }
}

fn bin(name: &str) -> PathBuf {
    let root = PathBuf::from("/usr/lib/postgresql");
    let mut versions: Vec<_> = std::fs::read_dir(&root)
        .expect("PostgreSQL from Debian's packages (apt-get install postgresql)")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    versions.sort();
    versions
        .last()
        .expect("a PostgreSQL version")
        .join("bin")
        .join(name)
}

fn pg(as_postgres: bool, name: &str) -> Command {
    if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(bin(name));
        c
    } else {
        Command::new(bin(name))
    }
}

fn start_cluster() -> (String, Cluster) {
    let as_postgres = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let dir = tempfile::tempdir().unwrap();
    if as_postgres {
        Command::new("chown")
            .args(["postgres", &dir.path().to_string_lossy()])
            .status()
            .unwrap();
    }
    let data = dir.path().join("data");
    let out = pg(as_postgres, "initdb")
        .args(["-D", &data.to_string_lossy(), "-A", "trust", "-U", "tether"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "initdb: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let port = free_port();
    let options = format!(
        "-k {} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off",
        dir.path().display()
    );
    let out = pg(as_postgres, "pg_ctl")
        .args(["-D", &data.to_string_lossy(), "-l"])
        .arg(dir.path().join("log"))
        .args(["-w", "start", "-o", &options])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pg_ctl start: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        format!("postgres://tether@127.0.0.1:{port}/postgres"),
        Cluster { dir, as_postgres },
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A fresh database on the test PostgreSQL.
pub async fn database() -> Db {
    static N: AtomicU32 = AtomicU32::new(0);
    let (admin, cluster) = match std::env::var("TETHER_TEST_DATABASE_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let (url, c) = start_cluster();
            (url, Some(c))
        }
    };
    let name = format!(
        "t{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        chrono::Utc::now().timestamp_micros()
    );
    let pool = sqlx::PgPool::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (base, _) = admin
        .rsplit_once('/')
        .expect("a URL ending in a database name");
    Db {
        url: format!("{base}/{name}"),
        _cluster: cluster,
    }
}
