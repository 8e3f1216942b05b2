//! Event intake and remote control on both engines: vendor events are read per source, oldest
//! first, until processed or while they wait out a back-off; finished sessions are kept once
//! and linked once; generated keys are known; TeamViewer sessions are listed per ticket and
//! checked while their reports may still come. On PostgreSQL alone: the change log records
//! these writes, and two server instances never take the same event.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use tether_core::domain::teamviewer::{TicketTvSession, TvSession, TvSessionKind, TvSessionState};
use tether_core::domain::{
    ChatMessage, RemoteSessionRecord, RemoteSessionStatus, Ticket, TicketAction, TicketStatus,
    TimeSource,
};
use tether_core::ports::{DeskStore, IntakeStore, RemoteControlStore, StoreError};
use tether_store_pg::{ChangeLog, PgStore};

/// A time with a sub-millisecond part, which both engines drop.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 3, 9, 0, 0).unwrap() + Duration::microseconds(123_456)
}

fn ms(t: DateTime<Utc>) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(t.timestamp_millis()).unwrap()
}

fn session(id: &str, lsid: &str, status: RemoteSessionStatus, minute: i64) -> RemoteSessionRecord {
    let start = ms(t0() + Duration::minutes(minute));
    RemoteSessionRecord {
        id: id.into(),
        provider: "beyondtrust".into(),
        provider_session_id: lsid.into(),
        status,
        reason: None,
        ticket_id: None,
        chat_id: None,
        external_key: String::new(),
        customer_name: "Dana".into(),
        customer_host: "DANA-PC".into(),
        rep_name: "Alex".into(),
        attributed_to: Some("alex".into()),
        started_at: start,
        ended_at: Some(start + Duration::minutes(12)),
        duration_seconds: 720,
        transcript: "Alex: hello".into(),
        time_source: Some(TimeSource::Provider),
    }
}

fn ticket(id: &str) -> Ticket {
    Ticket {
        id: id.into(),
        number: 0,
        subject: "Printer offline".into(),
        status: TicketStatus::Open,
        customer_id: None,
        customer_name: String::new(),
        end_user_name: "Dana".into(),
        end_user_email: "dana@example.com".into(),
        type_id: None,
        assignee: None,
        asset_id: None,
        created_at: ms(t0()),
        updated_at: ms(t0()),
    }
}

fn action(ticket_id: &str, minute: i64) -> TicketAction {
    TicketAction::remote_session(
        ticket_id,
        ms(t0() + Duration::minutes(minute)),
        "alex",
        "Remote session, 12 min".into(),
        720,
        Some("Alex: hello".into()),
    )
}

fn tv(code: &str, ticket_id: &str, minute: i64, closed_minute: Option<i64>) -> TicketTvSession {
    let created = ms(t0() + Duration::minutes(minute));
    TicketTvSession {
        session: TvSession {
            code: code.into(),
            state: if closed_minute.is_some() {
                TvSessionState::Closed
            } else {
                TvSessionState::Open
            },
            kind: TvSessionKind::Remote,
            end_customer_name: "Dana".into(),
            end_customer_email: Some("dana@example.com".into()),
            description: "Printer offline".into(),
            end_customer_link: format!("https://get.teamviewer.com/{code}"),
            supporter_link: format!("https://start.teamviewer.com/{code}"),
            custom_api: ticket_id.into(),
            created_at: created,
            valid_until: Some(created + Duration::days(1)),
            closed_at: closed_minute.map(|m| ms(t0() + Duration::minutes(m))),
            online: None,
        },
        ticket_id: ticket_id.into(),
        created_by: "alex".into(),
        connected_since: None,
        checked_at: Some(created),
    }
}

async fn record<S: IntakeStore>(store: &S, source: &str, lsid: &str, minute: i64) -> i64 {
    store
        .record_event(
            source,
            "support_conference_end",
            lsid,
            "key-1",
            r#"{"lsid":"x"}"#,
            t0() + Duration::minutes(minute),
        )
        .await
        .unwrap()
}

fn ids(events: &[tether_core::ports::InboundEvent]) -> Vec<i64> {
    events.iter().map(|e| e.id).collect()
}

async fn a_sources_events_come_oldest_first_until_they_are_marked(store: &impl IntakeStore) {
    let first = record(store, "beyondtrust", "lsid-1", 0).await;
    let syncro = record(store, "syncro", "77", 1).await;
    let second = record(store, "beyondtrust", "lsid-2", 2).await;
    let now = t0() + Duration::hours(1);

    let due = store.unprocessed_events("beyondtrust", now).await.unwrap();
    assert_eq!(ids(&due), vec![first, second]);
    assert_eq!(due[0].source, "beyondtrust");
    assert_eq!(due[0].event, "support_conference_end");
    assert_eq!(due[0].lsid, "lsid-1");
    assert_eq!(due[0].external_key, "key-1");
    assert_eq!(due[0].received_at, ms(t0()));
    assert_eq!(due[0].attempts, 0);

    store.mark_event(first, "linked", now).await.unwrap();
    let due = store.unprocessed_events("beyondtrust", now).await.unwrap();
    assert_eq!(ids(&due), vec![second]);
    // Another receiver's backlog is its own.
    let syncro_due = store.unprocessed_events("syncro", now).await.unwrap();
    assert_eq!(ids(&syncro_due), vec![syncro]);
    // An event that is not there is no error.
    store.mark_event(first + 1000, "linked", now).await.unwrap();
    store.defer_event(first + 1000, now).await.unwrap();
}

async fn a_deferred_event_waits_out_its_back_off_and_counts_the_try(store: &impl IntakeStore) {
    let waiting = record(store, "beyondtrust", "lsid-1", 0).await;
    let other = record(store, "beyondtrust", "lsid-2", 1).await;
    let now = t0() + Duration::minutes(5);
    store
        .defer_event(waiting, now + Duration::seconds(4))
        .await
        .unwrap();

    let due = store.unprocessed_events("beyondtrust", now).await.unwrap();
    assert_eq!(
        ids(&due),
        vec![other],
        "the waiting event does not hide the other"
    );
    let later = now + Duration::seconds(4);
    let due = store
        .unprocessed_events("beyondtrust", later)
        .await
        .unwrap();
    assert_eq!(ids(&due), vec![waiting, other]);
    assert_eq!((due[0].attempts, due[1].attempts), (1, 0));

    store
        .defer_event(waiting, later + Duration::seconds(8))
        .await
        .unwrap();
    let due = store
        .unprocessed_events("beyondtrust", later + Duration::seconds(8))
        .await
        .unwrap();
    assert_eq!(due[0].attempts, 2);
}

async fn a_round_reads_at_most_200_events(store: &impl IntakeStore) {
    let mut recorded = Vec::new();
    for n in 0..205 {
        recorded.push(record(store, "syncro", &n.to_string(), 0).await);
    }
    let due = store
        .unprocessed_events("syncro", t0() + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(ids(&due), recorded[..200].to_vec());
}

async fn pruning_forgets_only_events_processed_before_the_cutoff(store: &impl IntakeStore) {
    let old = record(store, "beyondtrust", "old", 0).await;
    let recent = record(store, "beyondtrust", "recent", 0).await;
    let waiting = record(store, "beyondtrust", "waiting", 0).await;
    store.mark_event(old, "linked", t0()).await.unwrap();
    store
        .mark_event(recent, "linked", t0() + Duration::days(40))
        .await
        .unwrap();

    let cutoff = t0() + Duration::days(30);
    assert_eq!(store.prune_events(cutoff).await.unwrap(), 1);
    assert_eq!(store.prune_events(cutoff).await.unwrap(), 0);
    let due = store
        .unprocessed_events("beyondtrust", t0() + Duration::days(41))
        .await
        .unwrap();
    assert_eq!(ids(&due), vec![waiting], "never processed, never pruned");
    // The recent one is still there: processed, so not listed, and pruned only later.
    assert_eq!(
        store.prune_events(t0() + Duration::days(41)).await.unwrap(),
        1
    );
}

async fn a_kept_session_is_found_by_its_provider_id_and_by_its_own(store: &impl IntakeStore) {
    let mut kept = session("rs-1", "lsid-1", RemoteSessionStatus::Unlinked, 0);
    kept.started_at = t0();
    store.save_remote_session(&kept).await.unwrap();
    kept.started_at = ms(t0());

    let found = store.remote_session("beyondtrust", "lsid-1").await.unwrap();
    assert_eq!(found.as_ref(), Some(&kept));
    assert_eq!(store.remote_session_by_id("rs-1").await.unwrap(), found);
    assert_eq!(
        store.remote_session("splashtop", "lsid-1").await.unwrap(),
        None
    );
    assert_eq!(store.remote_session_by_id("rs-2").await.unwrap(), None);
}

async fn saving_a_session_again_replaces_it_whole(store: &impl IntakeStore) {
    store
        .save_remote_session(&session("rs-1", "lsid-1", RemoteSessionStatus::Unlinked, 0))
        .await
        .unwrap();
    let mut rejected = session("rs-1", "lsid-1", RemoteSessionStatus::Rejected, 0);
    rejected.reason = Some("its session key was not generated by Tether".into());
    rejected.time_source = None;
    rejected.ended_at = None;
    store.save_remote_session(&rejected).await.unwrap();
    assert_eq!(
        store.remote_session_by_id("rs-1").await.unwrap(),
        Some(rejected)
    );

    // The same provider session under another id takes the old record's place.
    let again = session("rs-2", "lsid-1", RemoteSessionStatus::Unlinked, 0);
    store.save_remote_session(&again).await.unwrap();
    assert_eq!(store.remote_session_by_id("rs-1").await.unwrap(), None);
    assert_eq!(
        store.remote_session("beyondtrust", "lsid-1").await.unwrap(),
        Some(again)
    );
}

async fn unlinked_and_rejected_sessions_are_listed_newest_first(store: &impl IntakeStore) {
    for s in [
        session("old", "lsid-1", RemoteSessionStatus::Unlinked, 0),
        session("linked", "lsid-2", RemoteSessionStatus::Linked, 5),
        session("newest", "lsid-3", RemoteSessionStatus::Rejected, 9),
        session("middle", "lsid-4", RemoteSessionStatus::Unlinked, 3),
    ] {
        store.save_remote_session(&s).await.unwrap();
    }
    let waiting: Vec<String> = store
        .unlinked_sessions()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(waiting, ["newest", "middle", "old"]);
}

async fn a_codes_sessions_come_oldest_first_from_its_provider_only(store: &impl IntakeStore) {
    let mut sessions = Vec::new();
    for (id, provider, key, minute) in [
        ("late", "teamviewer", "s12-345-678", 30),
        ("early", "teamviewer", "s12-345-678", 10),
        ("other-code", "teamviewer", "s99-999-999", 20),
        ("other-provider", "beyondtrust", "s12-345-678", 0),
    ] {
        let mut s = session(id, id, RemoteSessionStatus::Linked, minute);
        s.provider = provider.into();
        s.external_key = key.into();
        store.save_remote_session(&s).await.unwrap();
        sessions.push(s);
    }
    let found = store
        .remote_sessions_of("teamviewer", "s12-345-678")
        .await
        .unwrap();
    assert_eq!(found, vec![sessions[1].clone(), sessions[0].clone()]);
    assert!(store
        .remote_sessions_of("teamviewer", "s00-000-000")
        .await
        .unwrap()
        .is_empty());
}

async fn the_last_start_seen_is_per_provider(store: &impl IntakeStore) {
    assert_eq!(store.last_session_start("beyondtrust").await.unwrap(), None);
    for (id, provider, minute) in [
        ("a", "beyondtrust", 10),
        ("b", "beyondtrust", 40),
        ("c", "teamviewer", 90),
        ("d", "beyondtrust", 20),
    ] {
        let mut s = session(id, id, RemoteSessionStatus::Linked, minute);
        s.provider = provider.into();
        store.save_remote_session(&s).await.unwrap();
    }
    assert_eq!(
        store.last_session_start("beyondtrust").await.unwrap(),
        Some(ms(t0() + Duration::minutes(40)))
    );
}

async fn keys_tether_generated_are_known_by_their_external_key(store: &impl IntakeStore) {
    assert!(!store.key_generated("ext-1").await.unwrap());
    store
        .record_key("123456", "ext-1", "ticket-1", t0())
        .await
        .unwrap();
    assert!(store.key_generated("ext-1").await.unwrap());
    assert!(!store.key_generated("ext-2").await.unwrap());
    // The same short key made again names its new external key only.
    store
        .record_key("123456", "ext-2", "ticket-2", t0() + Duration::hours(1))
        .await
        .unwrap();
    assert!(store.key_generated("ext-2").await.unwrap());
    assert!(!store.key_generated("ext-1").await.unwrap());
}

async fn a_finished_session_is_imported_once_with_its_action<S: IntakeStore + DeskStore>(
    store: &S,
) {
    store.insert_ticket(&ticket("ticket-1")).await.unwrap();
    let mut first = session("rs-1", "lsid-1", RemoteSessionStatus::Linked, 0);
    first.ticket_id = Some("ticket-1".into());
    assert!(store
        .import_remote_session(&first, &action("ticket-1", 15))
        .await
        .unwrap());
    // The same provider session again (a repeated event, a reconciliation poll).
    let mut again = first.clone();
    again.id = "rs-2".into();
    assert!(!store
        .import_remote_session(&again, &action("ticket-1", 16))
        .await
        .unwrap());

    assert_eq!(
        store.remote_session("beyondtrust", "lsid-1").await.unwrap(),
        Some(first)
    );
    let actions = store.ticket_actions("ticket-1").await.unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0].note, "Remote session, 12 min");
    assert_eq!(actions[0].transcript.as_deref(), Some("Alex: hello"));
    assert_eq!(actions[0].logged_seconds, Some(720));
    let touched = store.ticket("ticket-1").await.unwrap().unwrap();
    assert_eq!(touched.updated_at, ms(t0() + Duration::minutes(15)));
}

async fn importing_onto_a_ticket_that_is_gone_keeps_nothing(store: &impl IntakeStore) {
    let mut orphan = session("rs-1", "lsid-1", RemoteSessionStatus::Linked, 0);
    orphan.ticket_id = Some("no-such-ticket".into());
    let err = store
        .import_remote_session(&orphan, &action("no-such-ticket", 15))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Gone(ref w) if w.contains("no-such-ticket")),
        "{err:?}"
    );
    assert_eq!(store.remote_session_by_id("rs-1").await.unwrap(), None);
}

async fn a_waiting_session_is_linked_once_with_its_action_and_transcript<
    S: IntakeStore + DeskStore,
>(
    store: &S,
) {
    store.insert_ticket(&ticket("ticket-1")).await.unwrap();
    store
        .create_chat("chat-1", Some("ticket-1"), ms(t0()))
        .await
        .unwrap();
    let waiting = session("rs-waiting", "lsid-1", RemoteSessionStatus::Unlinked, 0);
    store.save_remote_session(&waiting).await.unwrap();

    // Linking, as a technician's choice makes it, under a new record id.
    let mut linked = session("rs-new", "lsid-1", RemoteSessionStatus::Linked, 0);
    linked.ticket_id = Some("ticket-1".into());
    linked.chat_id = Some("chat-1".into());
    linked.attributed_to = Some("sam".into());
    let message = ChatMessage {
        id: 0,
        chat_id: "chat-1".into(),
        at: ms(t0() + Duration::minutes(15)),
        author: "system".into(),
        html: "<p>Alex: hello</p>".into(),
    };
    assert!(store
        .link_remote_session_once(&linked, &action("ticket-1", 15), Some(&message))
        .await
        .unwrap());
    // Another round, or the CLI beside the app, finds it linked and writes nothing.
    assert!(!store
        .link_remote_session_once(&linked, &action("ticket-1", 16), Some(&message))
        .await
        .unwrap());

    let kept = store
        .remote_session("beyondtrust", "lsid-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.id, "rs-waiting", "the waiting record keeps its id");
    assert_eq!(kept.status, RemoteSessionStatus::Linked);
    assert_eq!(kept.ticket_id.as_deref(), Some("ticket-1"));
    assert_eq!(kept.chat_id.as_deref(), Some("chat-1"));
    assert_eq!(kept.attributed_to.as_deref(), Some("sam"));
    assert!(store.unlinked_sessions().await.unwrap().is_empty());
    assert_eq!(store.ticket_actions("ticket-1").await.unwrap().len(), 1);
    let messages = store.chat_messages("chat-1").await.unwrap();
    assert_eq!(
        messages.iter().map(|m| m.html.as_str()).collect::<Vec<_>>(),
        ["<p>Alex: hello</p>"]
    );

    // A session never seen before is linked as new, without a chat.
    let mut fresh = session("rs-fresh", "lsid-2", RemoteSessionStatus::Linked, 30);
    fresh.ticket_id = Some("ticket-1".into());
    assert!(store
        .link_remote_session_once(&fresh, &action("ticket-1", 45), None)
        .await
        .unwrap());
    assert_eq!(
        store.remote_session_by_id("rs-fresh").await.unwrap(),
        Some(fresh)
    );
    assert_eq!(store.ticket_actions("ticket-1").await.unwrap().len(), 2);
}

async fn tv_sessions_are_kept_by_code_and_listed_newest_first_per_ticket(
    store: &impl RemoteControlStore,
) {
    let older = tv("s11-111-111", "ticket-1", 0, None);
    let newer = tv("s22-222-222", "ticket-1", 10, None);
    let elsewhere = tv("s33-333-333", "ticket-2", 20, None);
    for s in [&older, &newer, &elsewhere] {
        store.save_tv_session(s).await.unwrap();
    }
    assert_eq!(
        store.tv_session("s11-111-111").await.unwrap().as_ref(),
        Some(&older)
    );
    assert_eq!(store.tv_session("s00-000-000").await.unwrap(), None);
    assert_eq!(
        store.tv_sessions_for_ticket("ticket-1").await.unwrap(),
        vec![newer.clone(), older.clone()]
    );

    // Seen again (connected, then closed): its ticket and creator stay those it was made with.
    let mut seen = older.clone();
    seen.ticket_id = "ticket-9".into();
    seen.created_by = "sam".into();
    seen.connected_since = Some(ms(t0() + Duration::minutes(3)));
    seen.session.state = TvSessionState::Closed;
    seen.session.closed_at = Some(ms(t0() + Duration::minutes(30)));
    seen.session.online = Some(false);
    store.save_tv_session(&seen).await.unwrap();
    let kept = store.tv_session("s11-111-111").await.unwrap().unwrap();
    assert_eq!(kept.ticket_id, "ticket-1");
    assert_eq!(kept.created_by, "alex");
    assert_eq!(kept.connected_since, seen.connected_since);
    assert_eq!(kept.session, seen.session);
    assert!(store
        .tv_sessions_for_ticket("ticket-9")
        .await
        .unwrap()
        .is_empty());
}

async fn open_and_lately_closed_tv_sessions_are_the_ones_to_check(store: &impl RemoteControlStore) {
    for s in [
        tv("s-open-late", "ticket-1", 50, None),
        tv("s-closed-long-ago", "ticket-1", 0, Some(5)),
        tv("s-closed-lately", "ticket-2", 10, Some(60)),
        tv("s-open-early", "ticket-3", 20, None),
    ] {
        store.save_tv_session(&s).await.unwrap();
    }
    let codes =
        |list: Vec<TicketTvSession>| list.into_iter().map(|s| s.session.code).collect::<Vec<_>>();
    let since = ms(t0() + Duration::minutes(60));
    assert_eq!(
        codes(store.tv_sessions_to_check(since).await.unwrap()),
        ["s-closed-lately", "s-open-early", "s-open-late"]
    );
    assert_eq!(
        codes(
            store
                .tv_sessions_to_check(since + Duration::milliseconds(1))
                .await
                .unwrap()
        ),
        ["s-open-early", "s-open-late"]
    );
}

on_both_engines!(
    a_sources_events_come_oldest_first_until_they_are_marked,
    a_deferred_event_waits_out_its_back_off_and_counts_the_try,
    a_round_reads_at_most_200_events,
    pruning_forgets_only_events_processed_before_the_cutoff,
    a_kept_session_is_found_by_its_provider_id_and_by_its_own,
    saving_a_session_again_replaces_it_whole,
    unlinked_and_rejected_sessions_are_listed_newest_first,
    a_codes_sessions_come_oldest_first_from_its_provider_only,
    the_last_start_seen_is_per_provider,
    keys_tether_generated_are_known_by_their_external_key,
    a_finished_session_is_imported_once_with_its_action,
    importing_onto_a_ticket_that_is_gone_keeps_nothing,
    a_waiting_session_is_linked_once_with_its_action_and_transcript,
    tv_sessions_are_kept_by_code_and_listed_newest_first_per_ticket,
    open_and_lately_closed_tv_sessions_are_the_ones_to_check,
);

/// `(kind, id)` of each change after `seq`.
async fn changes_after(store: &PgStore, seq: i64) -> Vec<(String, String)> {
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

#[tokio::test]
async fn intake_writes_are_in_the_change_log_and_writes_that_change_nothing_are_not() {
    let (store, _db) = crate::suite::engines::postgres().await;
    let head = || async { ChangeLog::new(store.pool().clone()).head().await.unwrap() };

    let id = record(&store, "beyondtrust", "lsid-1", 0).await;
    store
        .save_remote_session(&session("rs-1", "lsid-1", RemoteSessionStatus::Linked, 0))
        .await
        .unwrap();
    store
        .save_tv_session(&tv("s1", "ticket-1", 0, None))
        .await
        .unwrap();
    store.mark_event(id, "linked", t0()).await.unwrap();
    assert_eq!(
        changes_after(&store, 0).await,
        [
            ("inbound_event".to_string(), id.to_string()),
            ("remote_session".into(), "rs-1".into()),
            ("tv_session".into(), "s1".into()),
            ("inbound_event".into(), id.to_string()),
        ]
    );

    // Reads, a claim, a session linked already, events that are not there: nothing logged.
    let before = head().await;
    store.unprocessed_events("beyondtrust", t0()).await.unwrap();
    store.remote_session("beyondtrust", "lsid-1").await.unwrap();
    let linked_again = store
        .link_remote_session_once(
            &session("rs-2", "lsid-1", RemoteSessionStatus::Linked, 0),
            &action("ticket-1", 15),
            None,
        )
        .await
        .unwrap();
    assert!(!linked_again);
    store.mark_event(id + 1000, "linked", t0()).await.unwrap();
    store.defer_event(id + 1000, t0()).await.unwrap();
    assert_eq!(store.prune_events(t0()).await.unwrap(), 0);
    // A failed write (its ticket is gone) rolls back its log entries with it.
    let orphan = session("rs-3", "lsid-3", RemoteSessionStatus::Linked, 0);
    assert!(store
        .import_remote_session(&orphan, &action("no-such-ticket", 15))
        .await
        .is_err());
    assert_eq!(
        head().await,
        before,
        "{:?}",
        changes_after(&store, before).await
    );
}

/// Each instance's processor: read what is due, process it, mark it, until nothing is left.
async fn process_all(store: PgStore, now: DateTime<Utc>) -> Vec<i64> {
    let mut taken = Vec::new();
    loop {
        let due = store.unprocessed_events("beyondtrust", now).await.unwrap();
        if due.is_empty() {
            return taken;
        }
        for e in due {
            tokio::task::yield_now().await;
            store.mark_event(e.id, "linked", now).await.unwrap();
            taken.push(e.id);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_server_instances_take_each_event_exactly_once() {
    let (one, db) = crate::suite::engines::postgres().await;
    let two = PgStore::connect(&db.url).await.unwrap();
    let mut recorded = BTreeSet::new();
    for n in 0..600 {
        recorded.insert(record(&one, "beyondtrust", &format!("lsid-{n}"), 0).await);
    }
    let now = t0() + Duration::minutes(1);

    let (a, b) = tokio::join!(
        tokio::spawn(process_all(one.clone(), now)),
        tokio::spawn(process_all(two.clone(), now))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    let taken_a: BTreeSet<i64> = a.iter().copied().collect();
    let taken_b: BTreeSet<i64> = b.iter().copied().collect();
    assert_eq!(
        taken_a.len() + taken_b.len(),
        a.len() + b.len(),
        "none twice by one"
    );
    assert!(taken_a.is_disjoint(&taken_b), "an event taken by both");
    assert_eq!(&taken_a | &taken_b, recorded, "an event taken by neither");
}

#[tokio::test]
async fn an_event_held_by_an_instance_that_died_is_taken_over_when_its_claim_runs_out() {
    let (one, db) = crate::suite::engines::postgres().await;
    let two = PgStore::connect(&db.url).await.unwrap();
    let event = record(&one, "beyondtrust", "lsid-1", 0).await;
    let now = t0() + Duration::minutes(1);

    assert_eq!(
        ids(&one.unprocessed_events("beyondtrust", now).await.unwrap()),
        [event]
    );
    // The one holding it reads it again on its next round, as the desktop would; the other
    // instance does not see it while the claim holds.
    assert_eq!(
        ids(&one.unprocessed_events("beyondtrust", now).await.unwrap()),
        [event]
    );
    assert!(two
        .unprocessed_events("beyondtrust", now + Duration::minutes(9))
        .await
        .unwrap()
        .is_empty());

    // The first instance dies holding it: ten minutes on, the other takes it.
    let later = now + Duration::minutes(10);
    assert_eq!(
        ids(&two.unprocessed_events("beyondtrust", later).await.unwrap()),
        [event]
    );
    assert!(one
        .unprocessed_events("beyondtrust", later)
        .await
        .unwrap()
        .is_empty());

    // A deferred event is free for whichever instance comes when it is due.
    two.defer_event(event, later + Duration::seconds(2))
        .await
        .unwrap();
    let due = one
        .unprocessed_events("beyondtrust", later + Duration::seconds(2))
        .await
        .unwrap();
    assert_eq!((ids(&due), due[0].attempts), (vec![event], 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_server_instances_linking_one_session_at_once_link_it_once() {
    let (one, db) = crate::suite::engines::postgres().await;
    let two = PgStore::connect(&db.url).await.unwrap();
    one.insert_ticket(&ticket("ticket-1")).await.unwrap();
    one.save_remote_session(&session(
        "rs-waiting",
        "lsid-1",
        RemoteSessionStatus::Unlinked,
        0,
    ))
    .await
    .unwrap();

    let link = |store: PgStore, id: &'static str| async move {
        let mut linked = session(id, "lsid-1", RemoteSessionStatus::Linked, 0);
        linked.ticket_id = Some("ticket-1".into());
        store
            .link_remote_session_once(&linked, &action("ticket-1", 15), None)
            .await
            .unwrap()
    };
    let (a, b) = tokio::join!(
        tokio::spawn(link(one.clone(), "rs-a")),
        tokio::spawn(link(two.clone(), "rs-b"))
    );
    assert_ne!(a.unwrap(), b.unwrap(), "exactly one of them links it");
    assert_eq!(one.ticket_actions("ticket-1").await.unwrap().len(), 1);
}
