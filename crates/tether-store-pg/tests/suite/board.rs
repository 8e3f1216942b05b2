//! The board (`Store`'s own methods) on both engines: technicians, channels with their
//! settings and mutes, sessions with filters, pages, counts, search, history and
//! connections, settings, and the provider-action outbox. The PostgreSQL-only tests at the
//! end show what a team server adds: every write in the change log, and exactly-once under
//! two server instances.

use chrono::{DateTime, Duration, TimeZone, Utc};
use tether_core::domain::{
    Actor, Channel, ChannelKind, ChannelSettings, HistoryEntry, PageCursor, Permission, Session,
    SessionEvent, SessionSearch, SessionState, Technician,
};
use tether_core::ports::store::SessionFilter;
use tether_core::ports::{Store, StoreError};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap()
}

fn session(id: &str, channel: &str, state: SessionState, assignee: Option<&str>) -> Session {
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
        created_at: t0(),
        updated_at: t0(),
        state_changed_at: t0(),
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

async fn insert(store: &impl Store, s: &Session) {
    store.insert_session(s, &[created(s)]).await.unwrap();
}

/// The ids, sorted: for filters, whose order another test checks.
fn ids(sessions: Vec<Session>) -> Vec<String> {
    let mut ids: Vec<String> = sessions.into_iter().map(|s| s.id).collect();
    ids.sort();
    ids
}

fn channel_filter(id: &str) -> SessionFilter {
    SessionFilter {
        channel_id: Some(id.into()),
        ..Default::default()
    }
}

fn technician(id: &str, name: &str) -> Technician {
    Technician {
        id: id.into(),
        name: name.into(),
        email: format!("{id}@example.invalid"),
        can_release: true,
        available: true,
    }
}

fn shared(id: &str, name: &str) -> Channel {
    Channel {
        id: id.into(),
        name: name.into(),
        kind: ChannelKind::Shared,
        provider_channel_id: 1,
        settings: ChannelSettings::default(),
    }
}

on_both_engines!(
    a_session_and_its_history_read_back_as_written_and_go_together,
    filters_select_home_channel_and_states,
    involving_and_changed_since_narrow_the_list,
    channel_settings_survive_a_provider_rename,
    channels_list_the_private_one_first_then_shared_by_name_ignoring_case,
    technicians_keep_the_order_they_were_added_in,
    settings_are_set_replaced_and_deleted,
    the_outbox_keeps_failures_until_they_are_delivered,
    a_refused_action_waits_for_a_retry,
    a_stale_write_is_a_conflict_and_changes_nothing,
    a_write_to_a_deleted_session_is_gone_and_a_second_insert_is_refused,
    pages_follow_the_board_order_and_counts_follow_every_change,
    a_search_matches_name_issue_or_code_and_takes_wildcards_literally,
    one_connection_is_open_at_a_time_and_ends_no_earlier_than_it_began,
    closed_sessions_from_a_ticket_wait_for_their_import,
);

async fn a_session_and_its_history_read_back_as_written_and_go_together(store: &impl Store) {
    let mut s = session("s1", "private", SessionState::Pending, Some("alex"));
    s.ticket_id = Some("t1".into());
    insert(store, &s).await;
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
        .update_session(&s, std::slice::from_ref(&launched), read_at)
        .await
        .unwrap();

    assert_eq!(store.session("s1").await.unwrap(), Some(s.clone()));
    assert_eq!(
        store
            .session_by_provider_id("splashtop", "p-s1")
            .await
            .unwrap(),
        Some(s.clone())
    );
    assert_eq!(
        store
            .session_by_provider_id("beyondtrust", "p-s1")
            .await
            .unwrap(),
        None,
        "the provider is part of the key"
    );
    assert_eq!(
        store.history("s1").await.unwrap(),
        [
            created(&session("s1", "private", SessionState::Pending, None)),
            launched
        ],
        "oldest first"
    );

    store.connection_started("s1", t0()).await.unwrap();
    store.delete_session("s1").await.unwrap();
    assert_eq!(store.session("s1").await.unwrap(), None);
    assert!(
        store.history("s1").await.unwrap().is_empty(),
        "history goes with the session"
    );
    assert!(store.connections("s1").await.unwrap().is_empty());
    store
        .delete_session("s1")
        .await
        .expect("deleting what is gone is no error");
}

async fn filters_select_home_channel_and_states(store: &impl Store) {
    let mut invited = session("s3", "splashtop-2", SessionState::Active, Some("sam"));
    invited.invited = vec!["alex".into()];
    for s in [
        session("s1", "splashtop-1", SessionState::Active, Some("alex")),
        session("s2", "splashtop-1", SessionState::InQueue, None),
        invited,
        session("s4", "splashtop-1", SessionState::Closed, Some("sam")),
    ] {
        insert(store, &s).await;
    }
    let home = SessionFilter {
        assigned_to: Some("alex".into()),
        ..Default::default()
    };
    assert_eq!(ids(store.sessions(&home).await.unwrap()), ["s1", "s3"]);
    let channel = channel_filter("splashtop-1");
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
    let none = SessionFilter {
        states: Some(vec![]),
        ..Default::default()
    };
    assert!(store.sessions(&none).await.unwrap().is_empty());
    let home_in_channel = SessionFilter {
        channel_id: Some("splashtop-1".into()),
        assigned_to: Some("alex".into()),
        ..Default::default()
    };
    assert_eq!(
        store.count_sessions(&home_in_channel).await.unwrap(),
        [0, 1, 0, 0, 0]
    );
}

async fn involving_and_changed_since_narrow_the_list(store: &impl Store) {
    let mine = session("s1", "c1", SessionState::Pending, None);
    let mut assigned = session("s2", "c1", SessionState::Active, Some("sam"));
    assigned.created_by = "priya".into();
    assigned.updated_at += Duration::hours(1);
    let mut invited = session("s3", "c1", SessionState::Active, Some("priya"));
    invited.created_by = "priya".into();
    invited.invited = vec!["alex".into(), "sam".into()];
    let mut other = session("s4", "c1", SessionState::Active, Some("priya"));
    other.created_by = "priya".into();
    other.invited = vec!["alexandra".into()];
    other.updated_at += Duration::hours(2);
    for s in [&mine, &assigned, &invited, &other] {
        insert(store, s).await;
    }
    let involving = |who: &str| SessionFilter {
        involving: Some(who.into()),
        ..Default::default()
    };
    assert_eq!(
        ids(store.sessions(&involving("alex")).await.unwrap()),
        ["s1", "s3"],
        "created, or invited; an id that merely starts alike is someone else"
    );
    assert_eq!(
        ids(store.sessions(&involving("sam")).await.unwrap()),
        ["s2", "s3"]
    );
    let since = SessionFilter {
        changed_since: Some(t0() + Duration::hours(1)),
        ..Default::default()
    };
    assert_eq!(
        ids(store.sessions(&since).await.unwrap()),
        ["s2", "s4"],
        "at or after the time"
    );
}

async fn channel_settings_survive_a_provider_rename(store: &impl Store) {
    let mut channel = shared("splashtop-1", "Front desk");
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
    channel.provider_channel_id = 7;
    store.upsert_channel(&channel).await.unwrap();
    let stored = store.channels().await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].name, "Front Desk (EU)");
    assert_eq!(stored[0].provider_channel_id, 7);
    assert_eq!(stored[0].settings, settings);

    store.set_muted("alex", "splashtop-1", true).await.unwrap();
    store.set_muted("alex", "splashtop-1", true).await.unwrap();
    store.set_muted("sam", "other", true).await.unwrap();
    assert_eq!(store.muted_channels("alex").await.unwrap(), ["splashtop-1"]);
    store.set_muted("alex", "splashtop-1", false).await.unwrap();
    store.set_muted("alex", "splashtop-1", false).await.unwrap();
    assert!(store.muted_channels("alex").await.unwrap().is_empty());
    assert_eq!(store.muted_channels("sam").await.unwrap(), ["other"]);
}

async fn channels_list_the_private_one_first_then_shared_by_name_ignoring_case(store: &impl Store) {
    for (id, name) in [("c1", "zeta"), ("c2", "Beta"), ("c3", "alpha")] {
        store.upsert_channel(&shared(id, name)).await.unwrap();
    }
    let private = Channel {
        kind: ChannelKind::Private,
        ..shared("private", "My sessions")
    };
    store.upsert_channel(&private).await.unwrap();
    let names: Vec<String> = store
        .channels()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["My sessions", "alpha", "Beta", "zeta"]);
    assert_eq!(store.channels().await.unwrap()[0], private);

    let err = store
        .save_channel_settings("nowhere", &ChannelSettings::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Corrupt(m) if m.contains("nowhere")),
        "{err}"
    );
}

async fn technicians_keep_the_order_they_were_added_in(store: &impl Store) {
    for (id, name) in [("zoe", "Zoe"), ("alex", "Alex"), ("sam", "Sam")] {
        store
            .upsert_technician(&technician(id, name))
            .await
            .unwrap();
    }
    let mut alex = technician("alex", "Alex Rivera");
    alex.can_release = false;
    alex.available = false;
    alex.email = "arivera@example.invalid".into();
    store.upsert_technician(&alex).await.unwrap();
    let all = store.technicians().await.unwrap();
    assert_eq!(
        all.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["zoe", "alex", "sam"],
        "an update keeps the technician's place"
    );
    assert_eq!(all[1], alex);
}

async fn settings_are_set_replaced_and_deleted(store: &impl Store) {
    assert_eq!(store.setting("theme").await.unwrap(), None);
    store.set_setting("theme", "dark").await.unwrap();
    store.set_setting("theme", "light").await.unwrap();
    store.set_setting("lang", "de").await.unwrap();
    assert_eq!(
        store.setting("theme").await.unwrap().as_deref(),
        Some("light")
    );
    store.delete_setting("theme").await.unwrap();
    store.delete_setting("theme").await.unwrap();
    assert_eq!(store.setting("theme").await.unwrap(), None);
    assert_eq!(store.setting("lang").await.unwrap().as_deref(), Some("de"));
}

async fn the_outbox_keeps_failures_until_they_are_delivered(store: &impl Store) {
    let now = t0();
    store
        .enqueue("splashtop", "100001", "close", now)
        .await
        .unwrap();
    store
        .enqueue("splashtop", "100002", "delete", now + Duration::minutes(1))
        .await
        .unwrap();
    let due = store.due_outbox(now).await.unwrap();
    assert_eq!(due.len(), 1, "the later one is not due yet");
    assert_eq!(
        (
            due[0].action.as_str(),
            due[0].attempts,
            due[0].next_attempt_at
        ),
        ("close", 0, now)
    );
    store
        .outbox_failed(due[0].id, "connection refused", now + Duration::seconds(30))
        .await
        .unwrap();
    assert!(
        store.due_outbox(now).await.unwrap().is_empty(),
        "not due before its retry time"
    );
    assert_eq!(store.outbox_len().await.unwrap(), 2, "but still pending");
    let later = store.due_outbox(now + Duration::minutes(2)).await.unwrap();
    assert_eq!(
        later
            .iter()
            .map(|i| i.provider_session_id.as_str())
            .collect::<Vec<_>>(),
        ["100001", "100002"],
        "oldest first"
    );
    assert_eq!(later[0].attempts, 1);
    assert_eq!(later[0].last_error.as_deref(), Some("connection refused"));
    store.outbox_done(later[0].id).await.unwrap();
    store.outbox_done(later[1].id).await.unwrap();
    assert_eq!(store.outbox_len().await.unwrap(), 0);
    assert!(store.outbox().await.unwrap().is_empty());
}

async fn a_refused_action_waits_for_a_retry(store: &impl Store) {
    let now = t0();
    store
        .enqueue("splashtop", "100001", "request_permission", now)
        .await
        .unwrap();
    let item = store.due_outbox(now).await.unwrap().remove(0);
    store
        .outbox_refused(item.id, "no such session", now)
        .await
        .unwrap();
    assert!(
        store
            .due_outbox(now + Duration::days(1))
            .await
            .unwrap()
            .is_empty(),
        "never due on its own"
    );
    let kept = store.outbox().await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].refused_at, Some(now));
    assert_eq!(kept[0].last_error.as_deref(), Some("no such session"));
    assert_eq!(kept[0].attempts, 1);

    let later = now + Duration::hours(1);
    assert!(store.outbox_retry(item.id, later).await.unwrap());
    assert!(!store.outbox_retry(item.id + 1000, later).await.unwrap());
    let due = store.due_outbox(later).await.unwrap();
    assert_eq!(due.len(), 1, "due again after a technician's retry");
    assert_eq!((due[0].refused_at, due[0].next_attempt_at), (None, later));
}

/// Two writers read the same session; the second one's stale write is refused, so the
/// poller can never undo what a technician just did (or the other way round).
async fn a_stale_write_is_a_conflict_and_changes_nothing(store: &impl Store) {
    let s = session("s1", "private", SessionState::Active, Some("alex"));
    insert(store, &s).await;
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
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    assert!(err.to_string().contains("changed while you acted"), "{err}");
    let stored = store.session("s1").await.unwrap().unwrap();
    assert_eq!(stored.state, SessionState::Closed);
    assert_eq!(
        store.history("s1").await.unwrap().len(),
        1,
        "no history from the stale write"
    );
}

async fn a_write_to_a_deleted_session_is_gone_and_a_second_insert_is_refused(store: &impl Store) {
    let s = session("s1", "private", SessionState::Active, Some("alex"));
    insert(store, &s).await;
    let mut again = s.clone();
    again.customer_name = "Someone else".into();
    let err = store.insert_session(&again, &[]).await.unwrap_err();
    assert!(matches!(err, StoreError::Query(_)), "{err}");
    assert_eq!(
        store.session("s1").await.unwrap().unwrap().customer_name,
        "Customer s1"
    );

    store.delete_session("s1").await.unwrap();
    let err = store
        .update_session(&s, &[created(&s)], s.updated_at)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Gone(_)), "{err}");
    assert!(store.history("s1").await.unwrap().is_empty());
}

async fn pages_follow_the_board_order_and_counts_follow_every_change(store: &impl Store) {
    let states = SessionState::ALL;
    let mut all = vec![];
    for i in 0..11 {
        let mut s = session(&format!("s{i:02}"), "c1", states[i % 5], None);
        // Pairs share a state change time: the id orders them.
        s.state_changed_at += Duration::seconds((i / 2) as i64);
        insert(store, &s).await;
        all.push(s);
    }
    let channel = channel_filter("c1");
    let whole: Vec<String> = store
        .sessions(&channel)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(
        whole,
        ["s10", "s08", "s09", "s06", "s07", "s04", "s05", "s02", "s03", "s00", "s01"],
        "newest state change first, then id"
    );
    let mut paged = vec![];
    let mut after = None;
    loop {
        let page = store
            .session_page(&channel, after.as_ref(), 3)
            .await
            .unwrap();
        assert!(page.len() <= 3);
        if page.is_empty() {
            break;
        }
        after = page.last().map(PageCursor::after);
        paged.extend(page.into_iter().map(|s| s.id));
    }
    assert_eq!(
        paged, whole,
        "pages of 3 give the whole list once, in order"
    );

    // The counts agree with counting the rows, through a change of state, a move to another
    // channel and a deletion.
    let by_rows = |sessions: Vec<Session>| {
        let mut counts = [0u32; 5];
        for s in sessions {
            counts[SessionState::ALL
                .iter()
                .position(|x| *x == s.state)
                .unwrap()] += 1;
        }
        counts
    };
    assert_eq!(
        store.count_sessions(&channel).await.unwrap(),
        [3, 2, 2, 2, 2]
    );
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
    let counts = store.count_sessions(&channel).await.unwrap();
    assert_eq!(counts, by_rows(store.sessions(&channel).await.unwrap()));
    assert_eq!(counts, [2, 1, 1, 2, 3]);
    assert_eq!(
        store.count_sessions(&channel_filter("c2")).await.unwrap(),
        [0, 1, 0, 0, 0]
    );
    assert_eq!(
        store
            .count_sessions(&SessionFilter::default())
            .await
            .unwrap(),
        [2, 2, 1, 2, 3]
    );
}

async fn a_search_matches_name_issue_or_code_and_takes_wildcards_literally(store: &impl Store) {
    for i in 0..11 {
        let mut s = session(&format!("s{i:02}"), "c1", SessionState::Active, None);
        s.customer_name = format!("Customer {i} 50% off");
        if i == 3 {
            s.issue = "Printer jams".into();
            s.code = "987654321".into();
        }
        insert(store, &s).await;
    }
    let search = |text: &str| SessionFilter {
        channel_id: Some("c1".into()),
        search: SessionSearch::parse(text),
        ..Default::default()
    };
    let active = |counts: [u32; 5]| counts[1];
    assert_eq!(
        active(store.count_sessions(&search("50% OFF")).await.unwrap()),
        11,
        "case does not matter"
    );
    assert_eq!(
        store.count_sessions(&search("5_%")).await.unwrap(),
        [0; 5],
        "% and _ are literal"
    );
    assert_eq!(
        active(store.count_sessions(&search("123 456 789")).await.unwrap()),
        10,
        "a code read out in groups"
    );
    assert_eq!(
        ids(store.sessions(&search("PRINTER")).await.unwrap()),
        ["s03"],
        "the issue too"
    );
    assert_eq!(ids(store.sessions(&search("654")).await.unwrap()), ["s03"]);
    assert_eq!(
        store
            .session_page(&search("customer 10 "), None, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect::<Vec<_>>(),
        ["s10"]
    );
}

async fn one_connection_is_open_at_a_time_and_ends_no_earlier_than_it_began(store: &impl Store) {
    insert(
        store,
        &session("s1", "c1", SessionState::Active, Some("alex")),
    )
    .await;
    insert(
        store,
        &session("s2", "c1", SessionState::Active, Some("alex")),
    )
    .await;
    let at = |m: i64| t0() + Duration::minutes(m);
    store.connection_started("s1", at(1)).await.unwrap();
    store.connection_started("s1", at(2)).await.unwrap();
    store.connection_ended("s1", at(10)).await.unwrap();
    store.connection_ended("s1", at(11)).await.unwrap();
    store.connection_started("s1", at(20)).await.unwrap();
    store.connection_ended("s1", at(15)).await.unwrap();
    store.connection_started("s1", at(30)).await.unwrap();
    store.connection_started("s2", at(5)).await.unwrap();
    let seen = store.connections("s1").await.unwrap();
    let spans: Vec<_> = seen.iter().map(|c| (c.started_at, c.ended_at)).collect();
    assert_eq!(
        spans,
        [
            (at(1), Some(at(10))),
            (at(20), Some(at(20))),
            (at(30), None),
        ],
        "a start while open is ignored, an end with none open too, and an end reported \
         before its start is the start"
    );
    assert_eq!(store.connections("s2").await.unwrap().len(), 1);
}

async fn closed_sessions_from_a_ticket_wait_for_their_import(store: &impl Store) {
    let mut from_ticket = session("s1", "c1", SessionState::Closed, Some("alex"));
    from_ticket.ticket_id = Some("t1".into());
    let mut still_open = session("s2", "c1", SessionState::Active, Some("alex"));
    still_open.ticket_id = Some("t2".into());
    let no_ticket = session("s3", "c1", SessionState::Closed, Some("alex"));
    for s in [&from_ticket, &still_open, &no_ticket] {
        insert(store, s).await;
    }
    assert_eq!(
        store.closed_sessions_not_imported().await.unwrap(),
        [from_ticket]
    );
}

// PostgreSQL only: what a team server adds.

mod team {
    use tether_store_pg::{ChangeLog, PgStore};

    use super::*;
    use crate::suite::engines::postgres;

    async fn kinds_since(store: &PgStore, seq: i64) -> Vec<(String, String)> {
        ChangeLog::new(store.pool().clone())
            .since(seq, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|c| {
                (
                    c.kind,
                    c.payload["id"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    fn change(kind: &str, id: &str) -> (String, String) {
        (kind.to_string(), id.to_string())
    }

    async fn head(store: &PgStore) -> i64 {
        ChangeLog::new(store.pool().clone()).head().await.unwrap()
    }

    #[tokio::test]
    async fn each_write_is_in_the_change_log_and_a_refused_or_empty_one_is_not() {
        let (store, _db) = postgres().await;
        let s = session("s1", "c1", SessionState::Active, Some("alex"));
        store.insert_session(&s, &[created(&s)]).await.unwrap();
        store.set_setting("theme", "dark").await.unwrap();
        store.set_muted("alex", "c1", true).await.unwrap();
        store.upsert_channel(&shared("c1", "Front")).await.unwrap();
        store
            .upsert_technician(&technician("alex", "Alex"))
            .await
            .unwrap();
        store
            .enqueue("splashtop", "p-s1", "close", t0())
            .await
            .unwrap();
        let id = store.outbox().await.unwrap()[0].id.to_string();
        assert_eq!(
            kinds_since(&store, 0).await,
            [
                change("session", "s1"),
                change("setting", "theme"),
                change("mute", "c1"),
                change("channel", "c1"),
                change("technician", "alex"),
                change("outbox", &id),
            ]
        );

        let seq = head(&store).await;
        let mut stale = s.clone();
        stale.updated_at += Duration::seconds(1);
        let wrong = s.updated_at - Duration::seconds(1);
        assert!(store.update_session(&stale, &[], wrong).await.is_err());
        assert!(store.insert_session(&s, &[]).await.is_err());
        store.set_muted("alex", "c1", true).await.unwrap();
        store.delete_setting("nothing").await.unwrap();
        store.delete_session("nothing").await.unwrap();
        store.outbox_done(999).await.unwrap();
        assert!(store
            .save_channel_settings("nowhere", &ChannelSettings::default())
            .await
            .is_err());
        assert!(
            store.due_outbox(t0()).await.unwrap().len() == 1,
            "a round's claim is no change a desktop sees"
        );
        assert_eq!(
            kinds_since(&store, seq).await,
            Vec::<(String, String)>::new(),
            "nothing changed"
        );
    }

    /// Two server instances run their delivery rounds at once: each action is sent by one.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn two_instances_never_deliver_the_same_provider_action() {
        let (first, db) = postgres().await;
        let second = PgStore::connect(&db.url).await.unwrap();
        for n in 0..200 {
            first
                .enqueue("splashtop", &n.to_string(), "close", t0())
                .await
                .unwrap();
        }
        let round = |store: PgStore| async move {
            let mut taken = vec![];
            for _ in 0..20 {
                taken.extend(
                    store
                        .due_outbox(t0())
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|i| i.id),
                );
            }
            taken
        };
        let (a, b) = tokio::join!(
            tokio::spawn(round(first.clone())),
            tokio::spawn(round(second.clone()))
        );
        let mut all: Vec<i64> = a.unwrap().into_iter().chain(b.unwrap()).collect();
        all.sort();
        let before = all.len();
        all.dedup();
        assert_eq!((before, all.len()), (200, 200), "each taken exactly once");

        // An instance that died mid-round: its claim runs out and the action is due again.
        assert!(first.due_outbox(t0()).await.unwrap().is_empty());
        let later = first
            .due_outbox(t0() + Duration::minutes(10))
            .await
            .unwrap();
        assert_eq!(later.len(), 200);
        // A recorded failure ends the claim: due at its retry time, not the claim's end.
        first
            .outbox_failed(later[0].id, "timeout", t0() + Duration::minutes(11))
            .await
            .unwrap();
        let again = second
            .due_outbox(t0() + Duration::minutes(11))
            .await
            .unwrap();
        assert_eq!(
            again.iter().map(|i| i.id).collect::<Vec<_>>(),
            [later[0].id]
        );
    }

    /// Two instances update the same session from the same read at once: one wins, the
    /// other is told it conflicts, and only the winner's history is kept.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn of_two_concurrent_writes_from_one_read_exactly_one_holds() {
        let (first, db) = postgres().await;
        let second = PgStore::connect(&db.url).await.unwrap();
        for round in 0..20 {
            let id = format!("s{round}");
            let s = session(&id, "c1", SessionState::Active, Some("alex"));
            first.insert_session(&s, &[]).await.unwrap();
            let write = |store: PgStore, status: &'static str| {
                let mut s = s.clone();
                async move {
                    let read_at = s.updated_at;
                    s.provider_status = status.into();
                    s.updated_at += Duration::seconds(1);
                    let h = created(&s);
                    store.update_session(&s, &[h], read_at).await
                }
            };
            let (a, b) = tokio::join!(
                tokio::spawn(write(first.clone(), "first")),
                tokio::spawn(write(second.clone(), "second"))
            );
            let results = [a.unwrap(), b.unwrap()];
            let won: Vec<usize> = (0..2).filter(|i| results[*i].is_ok()).collect();
            assert_eq!(won.len(), 1, "{results:?}");
            assert!(results
                .iter()
                .any(|r| matches!(r, Err(StoreError::Conflict(_)))));
            let stored = first.session(&id).await.unwrap().unwrap();
            assert_eq!(stored.provider_status, ["first", "second"][won[0]]);
            assert_eq!(first.history(&id).await.unwrap().len(), 1);
        }
    }

    /// A row Tether cannot read is `Corrupt`, naming what is wrong, never a panic.
    #[tokio::test]
    async fn a_row_tether_cannot_read_is_corrupt_not_a_panic() {
        let (store, _db) = postgres().await;
        let s = session("bad", "c1", SessionState::Pending, Some("alex"));
        store.insert_session(&s, &[]).await.unwrap();
        for (set, says) in [
            ("state = 'limbo'", "unknown state \"limbo\""),
            ("invited = '{\"a\": 1}'", "invited is not a list of ids"),
        ] {
            for sql in [
                "UPDATE sessions SET state = 'pending', invited = '[]' WHERE id = 'bad'".into(),
                format!("UPDATE sessions SET {set} WHERE id = 'bad'"),
            ] {
                sqlx::query(&sql).execute(store.pool()).await.unwrap();
            }
            let err = store.session("bad").await.unwrap_err();
            assert!(
                matches!(&err, StoreError::Corrupt(m) if m.contains(says)),
                "{err}"
            );
        }
    }
}
