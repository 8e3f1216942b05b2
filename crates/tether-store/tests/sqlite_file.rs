//! The cache on real SQLite files: what is written is read back after reopening, history is
//! kept in order, filters select what the board asks for, and a database made by the
//! previous schema opens with its data intact.

use chrono::{Duration, TimeZone, Utc};
use sqlx::migrate::Migrator;
use tether_core::domain::{
    Actor, Channel, ChannelKind, ChannelSettings, HistoryEntry, Permission, Session, SessionEvent,
    SessionState, Technician,
};
use tether_core::ports::store::SessionFilter;
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

#[tokio::test]
async fn filters_select_home_channel_and_states() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("c.sqlite"))
        .await
        .unwrap();
    let mut invited = session("s3", "splashtop-2", SessionState::Active, Some("sam"));
    invited.invited = vec!["alex".into()];
    for s in [
        session("s1", "splashtop-1", SessionState::Active, Some("alex")),
        session("s2", "splashtop-1", SessionState::InQueue, None),
        invited,
        session("s4", "splashtop-1", SessionState::Closed, Some("sam")),
    ] {
        store.insert_session(&s, &[created(&s)]).await.unwrap();
    }
    let ids = |v: Vec<Session>| {
        let mut ids: Vec<String> = v.into_iter().map(|s| s.id).collect();
        ids.sort();
        ids
    };
    let home = SessionFilter {
        assigned_to: Some("alex".into()),
        ..Default::default()
    };
    assert_eq!(ids(store.sessions(&home).await.unwrap()), ["s1", "s3"]);
    let channel = SessionFilter {
        channel_id: Some("splashtop-1".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(store.sessions(&channel).await.unwrap()),
        ["s1", "s2", "s4"]
    );
    assert_eq!(
        store.count_sessions(&channel).await.unwrap(),
        [0, 1, 1, 0, 1]
    );
    let open = SessionFilter {
        states: Some(vec![SessionState::Active, SessionState::InQueue]),
        ..Default::default()
    };
    assert_eq!(
        ids(store.sessions(&open).await.unwrap()),
        ["s1", "s2", "s3"]
    );
}

#[tokio::test]
async fn channel_settings_survive_a_provider_rename() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("c.sqlite"))
        .await
        .unwrap();
    let mut channel = Channel {
        id: "splashtop-1".into(),
        name: "Front desk".into(),
        kind: ChannelKind::Shared,
        provider_channel_id: 1,
        settings: ChannelSettings::default(),
    };
    store.upsert_channel(&channel).await.unwrap();
    let settings = ChannelSettings {
        session_timeout_minutes: 15,
        members: vec!["alex".into(), "sam".into()],
        private_sessions: true,
    };
    store
        .save_channel_settings("splashtop-1", &settings)
        .await
        .unwrap();
    channel.name = "Front Desk (EU)".into();
    store.upsert_channel(&channel).await.unwrap();
    let stored = store.channels().await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].name, "Front Desk (EU)");
    assert_eq!(stored[0].settings, settings);

    store.set_muted("alex", "splashtop-1", true).await.unwrap();
    store.set_muted("alex", "splashtop-1", true).await.unwrap();
    assert_eq!(store.muted_channels("alex").await.unwrap(), ["splashtop-1"]);
    store.set_muted("alex", "splashtop-1", false).await.unwrap();
    assert!(store.muted_channels("alex").await.unwrap().is_empty());
}

#[tokio::test]
async fn the_outbox_keeps_failures_until_they_are_delivered() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("c.sqlite"))
        .await
        .unwrap();
    let now = Utc::now();
    store
        .enqueue("splashtop", "100001", "close", now)
        .await
        .unwrap();
    let due = store.due_outbox(now).await.unwrap();
    assert_eq!(due.len(), 1);
    store
        .outbox_failed(due[0].id, "connection refused", now + Duration::seconds(30))
        .await
        .unwrap();
    assert!(
        store.due_outbox(now).await.unwrap().is_empty(),
        "not due before its retry time"
    );
    assert_eq!(store.outbox_len().await.unwrap(), 1, "but still pending");
    let later = store.due_outbox(now + Duration::seconds(31)).await.unwrap();
    assert_eq!(later[0].attempts, 1);
    assert_eq!(later[0].last_error.as_deref(), Some("connection refused"));
    store.outbox_done(later[0].id).await.unwrap();
    assert_eq!(store.outbox_len().await.unwrap(), 0);
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

/// Two writers read the same session; the second one's stale write is refused, so the
/// poller can never undo what a technician just did (or the other way round).
#[tokio::test]
async fn a_stale_write_is_a_conflict_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("c.sqlite"))
        .await
        .unwrap();
    let s = session("s1", "private", SessionState::Active, Some("alex"));
    store.insert_session(&s, &[created(&s)]).await.unwrap();
    let read_at = s.updated_at;

    let mut closed = s.clone();
    closed.state = SessionState::Closed;
    closed.updated_at += Duration::milliseconds(1);
    store.update_session(&closed, &[], read_at).await.unwrap();

    let mut stale = s.clone();
    stale.provider_status = "Online".into();
    stale.updated_at += Duration::milliseconds(2);
    let err = store
        .update_session(&stale, &[created(&s)], read_at)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("changed while you acted"), "{err}");
    let stored = store.session("s1").await.unwrap().unwrap();
    assert_eq!(stored.state, SessionState::Closed);
    assert_eq!(
        store.history("s1").await.unwrap().len(),
        1,
        "no history from the stale write"
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

#[tokio::test]
async fn pages_follow_the_board_order_and_kept_counts_follow_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("pages.sqlite"))
        .await
        .unwrap();
    let states = SessionState::ALL;
    let mut all = vec![];
    for i in 0..11 {
        let mut s = session(&format!("s{i:02}"), "c1", states[i % 5], None);
        // Pairs share a state change time: the id orders them.
        s.state_changed_at += Duration::seconds((i / 2) as i64);
        s.customer_name = format!("Customer {i} 50% off");
        store.insert_session(&s, &[created(&s)]).await.unwrap();
        all.push(s);
    }
    let channel = SessionFilter {
        channel_id: Some("c1".into()),
        ..Default::default()
    };
    let whole: Vec<String> = store
        .sessions(&channel)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    let mut paged = vec![];
    let mut after = None;
    loop {
        let page = store
            .session_page(&channel, after.as_ref(), 3)
            .await
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(tether_core::domain::PageCursor::after);
        paged.extend(page.into_iter().map(|s| s.id));
    }
    assert_eq!(
        paged, whole,
        "pages of 3 give the whole list once, in order"
    );

    // The kept counts (a channel alone) agree with counting the rows, through a change of
    // state, a move to another channel and a deletion.
    let counted = |store: SqliteStore| async move {
        let kept = store.count_sessions(&channel_filter("c1")).await.unwrap();
        let mut by_rows = [0u32; 5];
        for s in store.sessions(&channel_filter("c1")).await.unwrap() {
            by_rows[SessionState::ALL
                .iter()
                .position(|x| *x == s.state)
                .unwrap()] += 1;
        }
        (kept, by_rows)
    };
    let (kept, rows) = counted(store.clone()).await;
    assert_eq!((kept, rows), ([3, 2, 2, 2, 2], [3, 2, 2, 2, 2]));
    let mut moved = all[0].clone();
    let before = moved.updated_at;
    moved.state = SessionState::Closed;
    moved.updated_at += Duration::seconds(60);
    store.update_session(&moved, &[], before).await.unwrap();
    let mut elsewhere = all[1].clone();
    let before = elsewhere.updated_at;
    elsewhere.channel_id = "c2".into();
    elsewhere.updated_at += Duration::seconds(60);
    store.update_session(&elsewhere, &[], before).await.unwrap();
    store.delete_session(&all[2].id).await.unwrap();
    let (kept, rows) = counted(store.clone()).await;
    assert_eq!(kept, rows);
    assert_eq!(kept, [2, 1, 1, 2, 3]);
    assert_eq!(
        store.count_sessions(&channel_filter("c2")).await.unwrap(),
        [0, 1, 0, 0, 0]
    );

    // A search takes % literally and a code read out in groups as digits.
    let search = |text: &str| SessionFilter {
        channel_id: Some("c1".into()),
        search: tether_core::domain::SessionSearch::parse(text),
        ..Default::default()
    };
    assert_eq!(
        store.count_sessions(&search("50% OFF")).await.unwrap(),
        kept,
        "case does not matter"
    );
    assert_eq!(store.count_sessions(&search("5_%")).await.unwrap(), [0; 5]);
    assert_eq!(
        store.count_sessions(&search("123 456 789")).await.unwrap(),
        kept
    );
    assert_eq!(
        store
            .session_page(&search("customer 10 "), None, 10)
            .await
            .unwrap()[0]
            .id,
        "s10"
    );
}

fn channel_filter(id: &str) -> SessionFilter {
    SessionFilter {
        channel_id: Some(id.into()),
        ..Default::default()
    }
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
