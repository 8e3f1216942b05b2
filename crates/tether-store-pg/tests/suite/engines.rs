//! The two engines, each fresh for every test.

use tether_store::SqliteStore;
use tether_store_pg::test_support::{database, Db};
use tether_store_pg::PgStore;

pub async fn sqlite() -> (SqliteStore, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("tether.sqlite"))
        .await
        .unwrap();
    (store, dir)
}

pub async fn postgres() -> (PgStore, Db) {
    let db = database().await;
    let store = PgStore::connect(&db.url).await.unwrap();
    (store, db)
}

/// `on_both_engines!(a, b)` runs `async fn a(store: &impl Port)` as `a::sqlite` and
/// `a::postgres`.
macro_rules! on_both_engines {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            #[tokio::test]
            async fn sqlite() {
                let (store, _dir) = crate::suite::engines::sqlite().await;
                super::$test(&store).await;
            }

            #[tokio::test]
            async fn postgres() {
                let (store, _db) = crate::suite::engines::postgres().await;
                super::$test(&store).await;
            }
        }
    )*};
}
