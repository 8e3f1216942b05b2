//! The cache on real SQLite files: what is written is read back after reopening, a database
//! made by an earlier schema opens with its data intact, and the file is private. What the
//! board does on either engine is tested in `tether-store-pg`'s store suite.

use chrono::{Duration, TimeZone, Utc};
use sqlx::migrate::Migrator;
use tether_core::domain::{
    Actor, HistoryEntry, Permission, Session, SessionEvent, SessionState, Technician,
};
use tether_core::ports::Store;
use tether_store::SqliteStore;

fn session(id: &str, channel: &str, state: SessionState, assignee: Option<&str>) -> Session {
    let t = Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap();
    Session {
        id: id.into(),
        channel_id: channel.into(),
        provider: "splashtop".into(),
        provider_session_id: format!("p-{id}"),
        customer_name: format!("Customer {id}"),
        issue: "VPN drops".into(),
        code: "123456789".into(),
        link: "https://my.splashtop.com/service_desk/psa/123456789".into(),
        state,
        provider_status: "Waiting".into(),
        permission: Permission::NotRequested,
        assignee: assignee.map(str::to_string),
        invited: vec![],
        created_by: "alex".into(),
        created_at: t,
        updated_at: t,
        state_changed_at: t,
        ticket_id: None,
    }
}

fn created(s: &Session) -> HistoryEntry {
    HistoryEntry {
        at: s.created_at,
        actor: Actor::Technician("alex".into()),
        event: None,
        from: None,
        to: s.state,
        note: Some("created".into()),
    }
}

#[tokio::test]
async fn sessions_and_history_survive_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite");
    let mut s = session("s1", "private", SessionState::Pending, Some("alex"));
    {
        let store = SqliteStore::open(&path).await.unwrap();
        store.insert_session(&s, &[created(&s)]).await.unwrap();
        s.state = SessionState::Active;
        s.invited = vec!["sam".into(), "priya".into()];
        s.permission = Permission::Granted;
        s.state_changed_at += Duration::minutes(3);
        let launched = HistoryEntry {
            at: s.state_changed_at,
            actor: Actor::EndUser,
            event: Some(SessionEvent::EndUserLaunched),
            from: Some(SessionState::Pending),
            to: SessionState::Active,
            note: None,
        };
        let read_at = s.updated_at;
        s.updated_at += Duration::minutes(3);
        store
            .update_session(&s, &[launched], read_at)
            .await
            .unwrap();
        store.close().await;
    }
    let store = SqliteStore::open(&path).await.unwrap();
    assert_eq!(store.session("s1").await.unwrap(), Some(s.clone()));
    let history = store.history("s1").await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].from, None);
    assert_eq!(history[1].from, Some(SessionState::Pending));
    assert_eq!(history[1].to, SessionState::Active);
    assert_eq!(history[1].actor, Actor::EndUser);

    store.delete_session("s1").await.unwrap();
    assert_eq!(store.session("s1").await.unwrap(), None);
    assert!(
        store.history("s1").await.unwrap().is_empty(),
        "history goes with the session"
    );
}

/// A cache written by the first schema (before the status word, mutes and the outbox)
/// opens with the current code, keeps its rows, and gets the new tables.
#[tokio::test]
async fn a_database_from_the_previous_schema_opens_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    let first_only = dir.path().join("migrations");
    std::fs::create_dir(&first_only).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/0001_board.sql"),
        first_only.join("0001_board.sql"),
    )
    .unwrap();
    {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        Migrator::new(first_only.as_path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO technicians (id, name, email) VALUES ('alex', 'Alex Rivera', 'alex@x.invalid');
             INSERT INTO sessions (id, channel_id, provider, provider_session_id, customer_name, issue,
                code, link, state, permission, assignee, invited, created_by, created_at, updated_at,
                state_changed_at)
             VALUES ('old1', 'private', 'splashtop', '42', 'Old Customer', 'Old issue', '987654321',
                'https://my.splashtop.com/service_desk/psa/987654321', 'in_queue', 'not_requested',
                NULL, '[]', 'alex', 1763715600000, 1763715600000, 1763715600000);",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let store = SqliteStore::open(&path).await.unwrap();
    let old = store
        .session("old1")
        .await
        .unwrap()
        .expect("the old row is still there");
    assert_eq!(old.customer_name, "Old Customer");
    assert_eq!(old.state, SessionState::InQueue);
    assert_eq!(old.provider_status, "", "the new column has its default");
    assert_eq!(
        store.technicians().await.unwrap(),
        [Technician {
            id: "alex".into(),
            name: "Alex Rivera".into(),
            email: "alex@x.invalid".into(),
            can_release: true,
            available: true,
        }]
    );
    store
        .enqueue("splashtop", "42", "close", Utc::now())
        .await
        .unwrap();
    assert_eq!(store.outbox_len().await.unwrap(), 1);
}

#[tokio::test]
async fn a_corrupt_row_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("c.sqlite"))
        .await
        .unwrap();
    let s = session("bad", "private", SessionState::Pending, Some("alex"));
    store.insert_session(&s, &[created(&s)]).await.unwrap();
    sqlx::query("UPDATE sessions SET state = 'limbo' WHERE id = 'bad'")
        .execute(store.pool())
        .await
        .unwrap();
    let err = store.session("bad").await.unwrap_err();
    assert!(err.to_string().contains("unknown state \"limbo\""), "{err}");
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-a-db.sqlite");
    std::fs::write(
        &path,
        b"this is a text file, not SQLite, and it is long enough",
    )
    .unwrap();
    let err = SqliteStore::open(&path).await.err().expect("refused");
    assert!(err.to_string().contains("not-a-db.sqlite"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        b"this is a text file, not SQLite, and it is long enough",
        "the file is left as it was"
    );
}

/// A cache from before the transcript column: a BeyondTrust action whose note carried its
/// transcript after a heading comes back with the two apart, and other notes are untouched.
#[tokio::test]
async fn remote_session_transcripts_move_out_of_their_notes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("before-0005.sqlite");
    let older = dir.path().join("migrations");
    std::fs::create_dir(&older).unwrap();
    for name in [
        "0001_board.sql",
        "0002_status_mute_outbox.sql",
        "0003_desk.sql",
        "0004_intake.sql",
    ] {
        std::fs::copy(
            format!("{}/migrations/{name}", env!("CARGO_MANIFEST_DIR")),
            older.join(name),
        )
        .unwrap();
    }
    {
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        Migrator::new(older.as_path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO tickets (number, id, subject, status, created_at, updated_at)
                 VALUES (1042, 't1', 'Printer', 'open', 0, 0);
             INSERT INTO ticket_actions (ticket_id, at, actor, kind, note, logged_seconds) VALUES
                 ('t1', 1, 'system', 'remote_session',
                  'BeyondTrust session with Priya for Ann: 2026-11-21 08:15 to 08:40 (25:00)' ||
                  char(10) || char(10) || 'Chat transcript:' || char(10) ||
                  '[08:16:02] Priya: Hello' || char(10) || '[08:16:09] Ann: Hi', 1500),
                 ('t1', 2, 'alex', 'note', 'Chat transcript: is just words here', NULL);",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let store = SqliteStore::open(&path).await.unwrap();
    let actions = tether_core::ports::DeskStore::ticket_actions(&store, "t1")
        .await
        .unwrap();
    assert_eq!(
        actions[0].note,
        "BeyondTrust session with Priya for Ann: 2026-11-21 08:15 to 08:40 (25:00)"
    );
    assert_eq!(
        actions[0].transcript.as_deref(),
        Some("[08:16:02] Priya: Hello\n[08:16:09] Ann: Hi")
    );
    assert_eq!(actions[1].note, "Chat transcript: is just words here");
    assert_eq!(actions[1].transcript, None);
}

/// The cache is the user's alone: its directory 0700, the file and its WAL 0600, even under
/// a permissive umask; and a commit is synced in full before it is acknowledged.
#[cfg(unix)]
#[tokio::test]
async fn the_cache_is_private_and_synced_in_full() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("data");
    let path = dir.join("tether.sqlite");
    let store = SqliteStore::open(&path).await.unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&path), 0o600);
    let wal = dir.join("tether.sqlite-wal");
    assert!(wal.exists());
    assert_eq!(mode(&wal), 0o600);
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(synchronous, 2, "FULL");
    store.close().await;

    // A cache an older Tether left readable to all is closed on the next open.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let again = SqliteStore::open(&path).await.unwrap();
    assert_eq!((mode(&dir), mode(&path)), (0o700, 0o600));
    again.close().await;
}
