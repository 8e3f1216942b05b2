//! The ticket desk on both engines: search finds the same tickets and assets (renames,
//! accents, hostile text), numbers are allocated once, an action and its mail are one write,
//! the outbox keeps refused mail until a technician acts, an import writes a whole batch or
//! nothing, and an RMM alert becomes one ticket. PostgreSQL-only tests at the end: the change
//! log, and two server instances numbering tickets and claiming mail at once.

use chrono::{DateTime, Duration, TimeZone, Utc};
use tether_core::domain::{
    Asset, AssetFieldKind, AssetFieldSpec, AssetLaunch, AssetQuery, AssetType, ChatMessage,
    Customer, Delivery, EndUser, InvitationRecord, InviteTarget, Platform, Site, Team, Ticket,
    TicketAction, TicketActionKind, TicketQuery, TicketStatus, TicketType,
};
use tether_core::ports::{
    AlertStore, DeskStore, ImportBatch, ImportStore, OutgoingMail, StoreError, Via,
};

fn t0() -> DateTime<Utc> {
    Utc.timestamp_millis_opt(1_763_715_600_000).unwrap()
}

fn customer(id: &str, name: &str) -> Customer {
    Customer {
        id: id.into(),
        name: name.into(),
        sites: vec![],
        end_users: vec![],
        syncro_id: None,
        active: true,
        parent_id: None,
    }
}

fn ticket(id: &str, number: i64, subject: &str, customer: &str) -> Ticket {
    let at = t0() + Duration::milliseconds(number);
    Ticket {
        id: id.into(),
        number,
        subject: subject.into(),
        status: TicketStatus::Open,
        customer_id: Some(customer.into()),
        customer_name: String::new(),
        end_user_name: "Maria Anders".into(),
        end_user_email: "maria@example.com".into(),
        type_id: None,
        assignee: None,
        asset_id: None,
        created_at: at,
        updated_at: at,
    }
}

fn note(ticket_id: &str, at: DateTime<Utc>, text: &str) -> TicketAction {
    TicketAction {
        id: 0,
        ticket_id: ticket_id.into(),
        at,
        actor: "alex".into(),
        kind: TicketActionKind::Note,
        note: text.into(),
        transcript: None,
        invitation: None,
        delivery: None,
        delivery_error: None,
        logged_seconds: None,
    }
}

fn invitation(ticket_id: &str, at: DateTime<Utc>) -> TicketAction {
    TicketAction {
        kind: TicketActionKind::RemoteSessionInvitation,
        invitation: Some(InvitationRecord {
            provider: Default::default(),
            recipients: vec!["maria@example.com".into()],
            requested: InviteTarget::Team("helpdesk".into()),
            target_label: "Team Helpdesk".into(),
            session_id: "s1".into(),
            link: "https://example.com/join/123".into(),
            code: "123456789".into(),
        }),
        delivery: Some(Delivery::Pending),
        ..note(ticket_id, at, "invited")
    }
}

fn mail(to: &str) -> OutgoingMail {
    OutgoingMail {
        to: vec![to.into()],
        subject: "s".into(),
        html: "<p>h</p>".into(),
        text: "h".into(),
        via: Via::Email,
        message_id: None,
    }
}

fn asset(id: &str, name: &str, customer: Option<&str>) -> Asset {
    Asset {
        id: id.into(),
        name: name.into(),
        customer_id: customer.map(str::to_string),
        customer_name: String::new(),
        type_id: "computer".into(),
        inventory_number: String::new(),
        platform: Platform::Windows,
        fields: Default::default(),
        syncro_id: None,
        active: true,
        site_id: None,
    }
}

fn asset_type(id: &str, name: &str, group: Option<&str>) -> AssetType {
    AssetType {
        id: id.into(),
        name: name.into(),
        fields: vec![AssetFieldSpec {
            key: "os".into(),
            label: "Operating system".into(),
            kind: AssetFieldKind::Text,
            options: vec![],
        }],
        group: group.map(str::to_string),
    }
}

fn search(text: &str) -> TicketQuery {
    TicketQuery {
        text: text.into(),
        ..TicketQuery::default()
    }
}

fn asset_search(text: &str) -> AssetQuery {
    AssetQuery {
        text: text.into(),
        ..AssetQuery::default()
    }
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| id(i).to_string()).collect()
}

fn ticket_ids(tickets: &[Ticket]) -> Vec<String> {
    ids(tickets, |t| &t.id)
}

async fn search_follows_renames_and_numbers_are_allocated_once(store: &impl DeskStore) {
    store
        .upsert_customer(&customer("c1", "Northwind"))
        .await
        .unwrap();
    let first = store
        .insert_ticket(&ticket("t1", 0, "Printer jam", "c1"))
        .await
        .unwrap();
    let second = store
        .insert_ticket(&ticket("t2", 0, "VPN drops", "c1"))
        .await
        .unwrap();
    assert_eq!((first.number, second.number), (1001, 1002));
    assert_eq!(first.customer_name, "Northwind");
    let dup = store
        .insert_ticket(&ticket("t3", 1001, "x", "c1"))
        .await
        .unwrap_err();
    assert!(matches!(dup, StoreError::Conflict(_)), "{dup}");
    assert!(dup.to_string().contains("#1001"), "{dup}");
    let same_id = store
        .insert_ticket(&ticket("t1", 0, "again", "c1"))
        .await
        .unwrap_err();
    assert!(matches!(same_id, StoreError::Conflict(_)), "{same_id}");

    assert_eq!(store.tickets(&search("northw")).await.unwrap().len(), 2);
    store
        .upsert_customer(&customer("c1", "Contoso"))
        .await
        .unwrap();
    assert!(store.tickets(&search("northw")).await.unwrap().is_empty());
    let renamed = store.tickets(&search("contoso vpn")).await.unwrap();
    assert_eq!(ticket_ids(&renamed), ["t2"]);
    assert_eq!(renamed[0].customer_name, "Contoso");
    assert_eq!(
        ticket_ids(&store.tickets(&search("#1002")).await.unwrap()),
        ["t2"]
    );

    // A number given is kept, and the next one counts on from the highest.
    let given = store
        .insert_ticket(&ticket("t4", 5000, "Given number", "c1"))
        .await
        .unwrap();
    let next = store
        .insert_ticket(&ticket("t5", 0, "After it", "c1"))
        .await
        .unwrap();
    assert_eq!((given.number, next.number), (5000, 5001));
    assert_eq!(store.ticket("t5").await.unwrap(), Some(next));
    assert_eq!(store.ticket("nope").await.unwrap(), None);
}

async fn ticket_lists_are_most_recently_updated_first_and_searches_newest_first(
    store: &impl DeskStore,
) {
    store
        .upsert_customer(&customer("c1", "Northwind"))
        .await
        .unwrap();
    store
        .upsert_customer(&customer("c2", "Contoso"))
        .await
        .unwrap();
    let mut t1 = ticket("t1", 0, "Printer jam", "c1");
    t1.assignee = Some("alex".into());
    let mut t2 = ticket("t2", 0, "Printer offline", "c2");
    t2.status = TicketStatus::Waiting;
    t2.assignee = Some("sam".into());
    let t3 = ticket("t3", 0, "VPN drops", "c1");
    for t in [&t1, &t2, &t3] {
        store.insert_ticket(t).await.unwrap();
    }
    // A note on the oldest moves it to the top of the list, not of a search.
    store
        .add_ticket_action(&note("t1", t0() + Duration::hours(1), "called back"))
        .await
        .unwrap();
    let all = store.tickets(&TicketQuery::default()).await.unwrap();
    assert_eq!(ticket_ids(&all), ["t1", "t3", "t2"]);
    assert_eq!(all[0].updated_at, t0() + Duration::hours(1));
    // An older action does not move `updated_at` back.
    store
        .add_ticket_action(&note("t1", t0(), "backdated"))
        .await
        .unwrap();
    assert_eq!(
        store.ticket("t1").await.unwrap().unwrap().updated_at,
        t0() + Duration::hours(1)
    );
    assert_eq!(
        ticket_ids(&store.tickets(&search("printer")).await.unwrap()),
        ["t2", "t1"]
    );
    let narrowed = |f: fn(&mut TicketQuery)| {
        let mut q = TicketQuery::default();
        f(&mut q);
        q
    };
    let by = |q: TicketQuery| async move { ticket_ids(&store.tickets(&q).await.unwrap()) };
    assert_eq!(
        by(narrowed(|q| q.status = Some(TicketStatus::Waiting))).await,
        ["t2"]
    );
    assert_eq!(
        by(narrowed(|q| q.customer_id = Some("c1".into()))).await,
        ["t1", "t3"]
    );
    assert_eq!(
        by(narrowed(|q| q.assignee = Some("alex".into()))).await,
        ["t1"]
    );
    assert_eq!(by(narrowed(|q| q.limit = Some(1))).await, ["t1"]);
    assert_eq!(
        by(narrowed(|q| {
            q.text = "printer".into();
            q.customer_id = Some("c1".into());
        }))
        .await,
        ["t1"]
    );
    // Every word must match, in any part: subject, customer, end user, number.
    assert_eq!(by(search("jam contoso")).await, Vec::<String>::new());
    assert_eq!(by(search("maria jam")).await, ["t1"]);
    assert_eq!(by(search("example.com drops")).await, ["t3"]);
}

async fn search_text_is_words_never_query_syntax(store: &impl DeskStore) {
    store
        .upsert_customer(&customer("c1", "Société Générale"))
        .await
        .unwrap();
    store
        .insert_ticket(&ticket("t1", 0, "Can't print: a & b | c", "c1"))
        .await
        .unwrap();
    store
        .upsert_asset(&asset("a1", "O'Brien's laptop", Some("c1")))
        .await
        .unwrap();
    for hostile in [
        "a & !(b | ':*",
        "\"unterminated",
        "NEAR(a b) OR x:y*",
        "'); DROP TABLE tickets; --",
        "\\ ' \" * ( ) : ! & |",
        "",
    ] {
        store.tickets(&search(hostile)).await.unwrap();
        store.assets(&asset_search(hostile)).await.unwrap();
    }
    assert_eq!(
        ticket_ids(&store.tickets(&search("can't print")).await.unwrap()),
        ["t1"]
    );
    assert_eq!(
        ticket_ids(&store.tickets(&search("a & b | c")).await.unwrap()),
        ["t1"]
    );
    // Case and accents do not matter, either way round.
    assert_eq!(
        ticket_ids(&store.tickets(&search("SOCIETE gén")).await.unwrap()),
        ["t1"]
    );
    let found = store
        .assets(&asset_search("o'brien societe"))
        .await
        .unwrap();
    assert_eq!(ids(&found, |a| &a.id), ["a1"]);
    assert_eq!(found[0].customer_name, "Société Générale");
}

async fn an_action_and_its_mail_are_one_write_and_delivery_marks_it_sent(store: &impl DeskStore) {
    store
        .upsert_customer(&customer("c1", "Northwind"))
        .await
        .unwrap();
    store
        .insert_ticket(&ticket("t1", 0, "Printer jam", "c1"))
        .await
        .unwrap();
    let now = t0() + Duration::minutes(5);
    let action = invitation("t1", now);
    let id = store
        .add_ticket_action_with_mail(&action, &[mail("a@x.com"), mail("b@x.com")], now)
        .await
        .unwrap();
    let lease = now + Duration::minutes(2);
    let due = store.claim_due_mail(now, lease).await.unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(due[0].ticket_id.as_deref(), Some("t1"));
    assert_eq!(due[0].action_id, Some(id));
    assert_eq!(due[0].mail.to, ["a@x.com"]);
    assert_eq!((due[0].created_at, due[0].next_attempt_at), (now, lease));
    // Claimed: nothing is due again until the lease ends.
    assert!(store.claim_due_mail(now, lease).await.unwrap().is_empty());
    assert_eq!(store.claim_due_mail(lease, lease).await.unwrap().len(), 2);

    store
        .mail_failed(due[0].id, "451 later", now)
        .await
        .unwrap();
    let actions = store.ticket_actions("t1").await.unwrap();
    assert_eq!(actions[0].delivery_error.as_deref(), Some("451 later"));
    assert_eq!(actions[0].invitation, action.invitation);
    assert_eq!(
        store.mail_item(due[0].id).await.unwrap().unwrap().attempts,
        1
    );
    store.mail_sent(due[1].id).await.unwrap();
    assert_eq!(
        store.ticket_actions("t1").await.unwrap()[0].delivery,
        Some(Delivery::Pending)
    );
    store.mail_sent(due[0].id).await.unwrap();
    let sent = &store.ticket_actions("t1").await.unwrap()[0];
    assert_eq!((sent.id, sent.delivery), (id, Some(Delivery::Sent)));
    assert_eq!(sent.delivery_error, None);
    assert!(store.pending_mail().await.unwrap().is_empty());
    // Settling a mail already gone is a no-op.
    store.mail_sent(due[0].id).await.unwrap();

    // An action for a ticket that is gone writes nothing, mail included.
    let orphan = TicketAction {
        ticket_id: "gone".into(),
        ..action
    };
    let err = store
        .add_ticket_action_with_mail(&orphan, &[mail("c@x.com")], now)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Gone(_)), "{err}");
    assert!(store.pending_mail().await.unwrap().is_empty());
}

async fn refused_mail_waits_for_a_technician_and_keeps_its_message_id(store: &impl DeskStore) {
    store
        .insert_ticket(&ticket("t1", 0, "Printer jam", "c1"))
        .await
        .unwrap();
    let now = t0();
    let id = store
        .add_ticket_action_with_mail(
            &invitation("t1", now),
            &[mail("typo@x.con"), mail("b@x.com")],
            now,
        )
        .await
        .unwrap();
    let queued = store.pending_mail().await.unwrap();
    let (bad, good) = (queued[0].id, queued[1].id);
    let message_id = queued[0].mail.message_id.clone().expect("a Message-ID");
    assert_eq!(message_id.len(), 32);
    assert!(message_id.chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(queued[1].mail.message_id.as_deref(), Some(&*message_id));

    store
        .mail_refused(bad, "550 no such user", now)
        .await
        .unwrap();
    let refused = store.mail_item(bad).await.unwrap().unwrap();
    assert_eq!(refused.refused_at, Some(now));
    assert_eq!(refused.last_error.as_deref(), Some("550 no such user"));
    let later = now + Duration::hours(1);
    assert_eq!(
        ids(&store.claim_due_mail(later, later).await.unwrap(), |m| {
            m.mail.to[0].as_str()
        }),
        ["b@x.com"],
        "refused mail is not claimed"
    );
    assert_eq!(store.pending_mail().await.unwrap().len(), 2, "but kept");

    // Corrected: new recipients, due now, the same message.
    store
        .readdress_mail(bad, &["maria@example.com".into()], later)
        .await
        .unwrap();
    let fixed = store.mail_item(bad).await.unwrap().unwrap();
    assert_eq!(fixed.mail.to, ["maria@example.com"]);
    assert_eq!((fixed.refused_at, fixed.last_error), (None, None));
    assert_eq!(fixed.next_attempt_at, later);
    assert_eq!(fixed.mail.message_id.as_deref(), Some(&*message_id));

    // Retry now makes everything due, refused mail too.
    store.mail_refused(bad, "550 again", later).await.unwrap();
    let much_later = later + Duration::hours(1);
    store.retry_mail_now(much_later).await.unwrap();
    let due = store.claim_due_mail(much_later, much_later).await.unwrap();
    assert_eq!(ids(&due, |m| m.mail.to[0].as_str()).len(), 2);

    // Discarded: gone, and the action says so once nothing of it waits.
    store.mail_sent(good).await.unwrap();
    store.discard_mail(bad).await.unwrap();
    assert_eq!(store.mail_item(bad).await.unwrap(), None);
    let action = &store.ticket_actions("t1").await.unwrap()[0];
    assert_eq!(
        (action.id, action.delivery),
        (id, Some(Delivery::Discarded))
    );
    store.set_action_delivery(id, Delivery::Sent).await.unwrap();
    assert_eq!(
        store.ticket_actions("t1").await.unwrap()[0].delivery,
        Some(Delivery::Sent)
    );
}

async fn a_status_change_writes_its_line_and_a_missing_ticket_is_gone(store: &impl DeskStore) {
    store
        .insert_ticket(&ticket("t1", 0, "Printer jam", "c1"))
        .await
        .unwrap();
    let at = t0() + Duration::hours(2);
    let line = TicketAction {
        kind: TicketActionKind::StatusChanged,
        logged_seconds: Some(90),
        transcript: Some("[09:00] hi".into()),
        ..note("t1", at, "Open → Resolved")
    };
    store
        .set_ticket_status("t1", TicketStatus::Resolved, &line)
        .await
        .unwrap();
    let t = store.ticket("t1").await.unwrap().unwrap();
    assert_eq!((t.status, t.updated_at), (TicketStatus::Resolved, at));
    let actions = store.ticket_actions("t1").await.unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(
        TicketAction {
            id: 0,
            ..actions[0].clone()
        },
        line
    );

    let gone = store
        .set_ticket_status("nope", TicketStatus::Closed, &note("nope", at, "x"))
        .await
        .unwrap_err();
    assert!(matches!(gone, StoreError::Gone(_)), "{gone}");
    let gone = store
        .add_ticket_action(&note("nope", at, "x"))
        .await
        .unwrap_err();
    assert!(matches!(gone, StoreError::Gone(_)), "{gone}");
    assert!(store.ticket_actions("nope").await.unwrap().is_empty());
}

async fn customers_keep_their_sites_end_users_and_import_link(store: &impl DeskStore) {
    let mut northwind = customer("c1", "Northwind");
    northwind.sites = vec![
        Site {
            id: "s2".into(),
            name: "Warehouse".into(),
        },
        Site {
            id: "s1".into(),
            name: "Head office".into(),
        },
    ];
    northwind.end_users = vec![EndUser {
        id: "u1".into(),
        name: "Maria Anders".into(),
        email: "maria@example.com".into(),
        site_id: Some("s1".into()),
    }];
    northwind.syncro_id = Some(42);
    northwind.parent_id = Some("top".into());
    store.upsert_customer(&northwind).await.unwrap();
    store
        .upsert_customer(&customer("c2", "Contoso"))
        .await
        .unwrap();
    store
        .upsert_customer(&customer("c3", "adatum"))
        .await
        .unwrap();
    let all = store.customers().await.unwrap();
    // By name, byte order: upper case before lower case, as the solo file sorts.
    assert_eq!(ids(&all, |c| &c.id), ["c2", "c1", "c3"]);
    assert_eq!(
        ids(&all[1].sites, |s| &s.name),
        ["Head office", "Warehouse"]
    );
    assert_eq!(all[1].end_users, northwind.end_users);
    assert_eq!((all[1].syncro_id, all[1].active), (Some(42), true));

    // The desk's save replaces sites and end users, keeps the link, leaves the state.
    let mut edited = customer("c1", "Northwind Traders");
    edited.active = false;
    edited.sites = vec![Site {
        id: "s3".into(),
        name: "Shop".into(),
    }];
    store.upsert_customer(&edited).await.unwrap();
    let c1 = store
        .customers()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id == "c1")
        .unwrap();
    assert_eq!(c1.name, "Northwind Traders");
    assert_eq!(ids(&c1.sites, |s| &s.id), ["s3"]);
    assert!(c1.end_users.is_empty());
    assert_eq!(
        (c1.syncro_id, c1.parent_id.as_deref(), c1.active),
        (Some(42), Some("top"), true)
    );

    // A site id another customer had moves to the one saved last.
    let mut contoso = customer("c2", "Contoso");
    contoso.sites = vec![Site {
        id: "s3".into(),
        name: "Shop (Contoso)".into(),
    }];
    store.upsert_customer(&contoso).await.unwrap();
    let all = store.customers().await.unwrap();
    let sites = |id: &str| {
        let c = all.iter().find(|c| c.id == id).unwrap();
        ids(&c.sites, |s| &s.name)
    };
    assert_eq!(sites("c2"), ["Shop (Contoso)"]);
    assert!(sites("c1").is_empty());
}

async fn teams_and_ticket_types_are_listed_by_name_and_replaced_by_id(store: &impl DeskStore) {
    for (id, name) in [("t2", "Helpdesk"), ("t1", "Field"), ("t3", "Escalation")] {
        store
            .upsert_team(&Team {
                id: id.into(),
                name: name.into(),
                channel_id: format!("ch-{id}"),
                members: vec!["alex".into()],
            })
            .await
            .unwrap();
    }
    let helpdesk = Team {
        id: "t2".into(),
        name: "Helpdesk".into(),
        channel_id: "ch-new".into(),
        members: vec!["sam".into(), "priya".into()],
    };
    store.upsert_team(&helpdesk).await.unwrap();
    let teams = store.teams().await.unwrap();
    assert_eq!(ids(&teams, |t| &t.id), ["t3", "t1", "t2"]);
    assert_eq!(teams[2], helpdesk);

    let remote = TicketType {
        id: "remote".into(),
        name: "Remote support".into(),
        send_invite_on_create: true,
        invite_target: InviteTarget::Agent("alex".into()),
    };
    store.upsert_ticket_type(&remote).await.unwrap();
    store
        .upsert_ticket_type(&TicketType {
            id: "hw".into(),
            name: "Hardware".into(),
            send_invite_on_create: false,
            invite_target: InviteTarget::Default,
        })
        .await
        .unwrap();
    let types = store.ticket_types().await.unwrap();
    assert_eq!(ids(&types, |t| &t.id), ["hw", "remote"]);
    assert_eq!(types[1], remote);
    let quiet = TicketType {
        send_invite_on_create: false,
        invite_target: InviteTarget::Channel("ch-1".into()),
        ..remote
    };
    store.upsert_ticket_type(&quiet).await.unwrap();
    assert_eq!(store.ticket_types().await.unwrap()[1], quiet);

    let err = store
        .set_technician_available("nobody", false)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Gone(_)), "{err}");
}

async fn assets_are_found_by_field_values_and_keep_an_import_link(store: &impl DeskStore) {
    store
        .upsert_customer(&customer("c1", "Northwind"))
        .await
        .unwrap();
    let mut pc = Asset {
        inventory_number: "PC-0042".into(),
        platform: Platform::Android,
        fields: [("os".to_string(), "Windows 11".to_string())].into(),
        syncro_id: Some(7),
        site_id: Some("s1".into()),
        ..asset("a1", "NW-PC-0042", Some("c1"))
    };
    store.upsert_asset(&pc).await.unwrap();
    store
        .upsert_asset(&asset("a2", "NW-Printer", Some("c1")))
        .await
        .unwrap();
    store
        .upsert_asset(&asset("a3", "Kiosk", None))
        .await
        .unwrap();
    let found = |text: &'static str| async move {
        let hits = store.assets(&asset_search(text)).await.unwrap();
        ids(&hits, |a| &a.id)
    };
    assert_eq!(found("windows").await, ["a1"]);
    assert_eq!(found("PC-0042").await, ["a1"]);
    assert_eq!(found("northwind").await, ["a1", "a2"]);
    assert_eq!(found("").await, ["a3", "a1", "a2"]);
    let of_c1 = AssetQuery {
        customer_id: Some("c1".into()),
        limit: Some(1),
        ..AssetQuery::default()
    };
    assert_eq!(ids(&store.assets(&of_c1).await.unwrap(), |a| &a.id), ["a1"]);
    pc.customer_name = "Northwind".into();
    assert_eq!(store.asset("a1").await.unwrap().unwrap(), pc);
    assert_eq!(store.asset("nope").await.unwrap(), None);

    // An edit without the link keeps it; new field values are found, old ones are not.
    let edited = Asset {
        syncro_id: None,
        site_id: None,
        fields: [("os".to_string(), "Ubuntu 24.04".to_string())].into(),
        ..pc.clone()
    };
    store.upsert_asset(&edited).await.unwrap();
    let stored = store.asset("a1").await.unwrap().unwrap();
    assert_eq!(
        (stored.syncro_id, stored.site_id.as_deref()),
        (Some(7), Some("s1"))
    );
    assert_eq!(found("windows").await, Vec::<String>::new());
    assert_eq!(found("ubuntu 24").await, ["a1"]);
}

async fn asset_types_are_listed_by_name_and_keep_an_imported_group(store: &impl DeskStore) {
    store
        .upsert_asset_type(&asset_type("pc", "Computer", Some("Syncro")))
        .await
        .unwrap();
    store
        .upsert_asset_type(&asset_type("av", "Audio/Video", None))
        .await
        .unwrap();
    let renamed = asset_type("pc", "Workstation", None);
    store.upsert_asset_type(&renamed).await.unwrap();
    let types = store.asset_types().await.unwrap();
    assert_eq!(ids(&types, |t| &t.id), ["av", "pc"]);
    assert_eq!(types[1].name, "Workstation");
    assert_eq!(types[1].fields, renamed.fields);
    assert_eq!(types[1].group.as_deref(), Some("Syncro"));
}

async fn launches_are_newest_first_and_one_that_failed_leaves(store: &impl DeskStore) {
    let launch = |n: i64| AssetLaunch {
        id: 0,
        asset_id: "a1".into(),
        at: t0() + Duration::minutes(n),
        actor: "alex".into(),
        provider: "splashtop".into(),
        label: format!("Launch {n}"),
        url: format!("st-business://com.splashtop.business?n={n}"),
    };
    let mut added = vec![];
    for n in 0..3 {
        added.push(store.add_asset_launch(&launch(n)).await.unwrap());
    }
    store
        .add_asset_launch(&AssetLaunch {
            asset_id: "a2".into(),
            ..launch(9)
        })
        .await
        .unwrap();
    let history = store.asset_launches("a1").await.unwrap();
    assert_eq!(
        ids(&history, |l| &l.label),
        ["Launch 2", "Launch 1", "Launch 0"]
    );
    assert_eq!(
        history[0],
        AssetLaunch {
            id: added[2],
            ..launch(2)
        }
    );
    store.remove_asset_launch(added[1]).await.unwrap();
    store.remove_asset_launch(added[1]).await.unwrap();
    assert_eq!(
        ids(&store.asset_launches("a1").await.unwrap(), |l| &l.label),
        ["Launch 2", "Launch 0"]
    );
}

async fn a_ticket_finds_its_first_chat_and_messages_stay_in_order(store: &impl DeskStore) {
    assert_eq!(store.ticket_chat("t1").await.unwrap(), None);
    store
        .create_chat("chat-b", Some("t1"), t0() + Duration::minutes(1))
        .await
        .unwrap();
    store
        .create_chat("chat-a", Some("t1"), t0() + Duration::minutes(2))
        .await
        .unwrap();
    store.create_chat("loose", None, t0()).await.unwrap();
    assert_eq!(
        store.ticket_chat("t1").await.unwrap().as_deref(),
        Some("chat-b")
    );
    assert!(store.create_chat("loose", None, t0()).await.is_err());

    let message = |n: i64, chat: &str| ChatMessage {
        id: 0,
        chat_id: chat.into(),
        at: t0() + Duration::seconds(10 - n),
        author: if n % 2 == 0 { "alex" } else { "Maria" }.into(),
        html: format!("<p>{n}</p>"),
    };
    let mut added = vec![];
    for n in 0..3 {
        added.push(store.add_chat_message(&message(n, "chat-b")).await.unwrap());
    }
    store.add_chat_message(&message(5, "chat-a")).await.unwrap();
    let messages = store.chat_messages("chat-b").await.unwrap();
    assert_eq!(
        ids(&messages, |m| &m.html),
        ["<p>0</p>", "<p>1</p>", "<p>2</p>"]
    );
    assert_eq!(
        messages[2],
        ChatMessage {
            id: added[2],
            ..message(2, "chat-b")
        }
    );
    assert!(store
        .add_chat_message(&message(1, "no-such-chat"))
        .await
        .is_err());
}

async fn an_import_links_customers_and_assets_and_leaves_the_desks_own<S>(store: &S)
where
    S: DeskStore + ImportStore,
{
    let mut northwind = customer("c1", "Northwind");
    northwind.sites = vec![Site {
        id: "s1".into(),
        name: "Head office".into(),
    }];
    northwind.syncro_id = Some(100);
    store.upsert_customer(&northwind).await.unwrap();
    store
        .upsert_asset_type(&asset_type("pc", "Computer", None))
        .await
        .unwrap();

    // The Syncro id 100 moves from c1 to c2 within the batch (c2 listed first); c1 takes 101.
    let mut c1 = customer("c1", "Northwind Traders");
    c1.syncro_id = Some(101);
    c1.active = false;
    let mut c2 = customer("c2", "Contoso");
    c2.syncro_id = Some(100);
    c2.parent_id = Some("top".into());
    let mut laptop = asset("a1", "NW-LT-1", Some("c1"));
    laptop.syncro_id = Some(9001);
    laptop.active = false;
    let first = asset("a2", "First listing", Some("c2"));
    let last = asset("a2", "CT-PC-7", Some("c2"));
    store
        .apply_import(&ImportBatch {
            types: &[
                asset_type("pc", "Imported PC", Some("Syncro")),
                asset_type("phone", "Phone", Some("Syncro")),
            ],
            customers: &[c2, c1],
            assets: &[laptop.clone(), first, last],
        })
        .await
        .unwrap();

    let types = store.asset_types().await.unwrap();
    assert_eq!(ids(&types, |t| &t.name), ["Computer", "Phone"]);
    let all = store.customers().await.unwrap();
    let c1 = all.iter().find(|c| c.id == "c1").unwrap();
    let c2 = all.iter().find(|c| c.id == "c2").unwrap();
    assert_eq!(
        (c1.name.as_str(), c1.syncro_id, c1.active),
        ("Northwind Traders", Some(101), false)
    );
    assert_eq!(
        ids(&c1.sites, |s| &s.id),
        ["s1"],
        "sites are the desk's own"
    );
    assert_eq!(
        (c2.syncro_id, c2.parent_id.as_deref()),
        (Some(100), Some("top"))
    );

    let assets = store.all_assets().await.unwrap();
    assert_eq!(ids(&assets, |a| &a.name), ["NW-LT-1", "CT-PC-7"]);
    assert_eq!(assets[0].customer_name, "Northwind Traders");
    assert_eq!((assets[0].syncro_id, assets[0].active), (Some(9001), false));
    assert_eq!(
        ids(
            &store.assets(&asset_search("traders")).await.unwrap(),
            |a| &a.id
        ),
        ["a1"]
    );

    // The same batch again changes nothing.
    let before = store.all_assets().await.unwrap();
    store
        .apply_import(&ImportBatch {
            types: &[],
            customers: &[],
            assets: &[laptop],
        })
        .await
        .unwrap();
    assert_eq!(store.all_assets().await.unwrap(), before);
}

async fn a_failed_import_writes_nothing_of_its_batch<S>(store: &S)
where
    S: DeskStore + ImportStore,
{
    let mut holder = customer("c9", "Holder");
    holder.syncro_id = Some(100);
    store.upsert_customer(&holder).await.unwrap();
    let mut taker = customer("c1", "Taker");
    taker.syncro_id = Some(100);
    let err = store
        .apply_import(&ImportBatch {
            types: &[asset_type("pc", "Computer", None)],
            customers: &[customer("c0", "Fine"), taker],
            assets: &[asset("a1", "PC", Some("c0"))],
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Query(_)), "{err}");
    assert!(store.asset_types().await.unwrap().is_empty());
    assert_eq!(ids(&store.customers().await.unwrap(), |c| &c.id), ["c9"]);
    assert!(store.all_assets().await.unwrap().is_empty());
}

async fn an_alert_becomes_one_ticket_until_it_is_resolved<S>(store: &S)
where
    S: DeskStore + AlertStore,
{
    let alert = |id: &str| TicketAction {
        kind: TicketActionKind::RmmAlert,
        ..note("ignored", t0(), &format!("Low disk space ({id})"))
    };
    let made = store
        .insert_alert_ticket(77, &ticket("t77", 0, "Low disk space", "c1"), &alert("a"))
        .await
        .unwrap()
        .expect("a new ticket");
    assert_eq!(made.number, 1001);
    let actions = store.ticket_actions("t77").await.unwrap();
    assert_eq!(ids(&actions, |a| &a.note), ["Low disk space (a)"]);
    assert_eq!(actions[0].ticket_id, "t77");

    // Seen again (another poll, a webhook): no second ticket, nothing written.
    let again = store
        .insert_alert_ticket(77, &ticket("t77b", 0, "Low disk space", "c1"), &alert("b"))
        .await
        .unwrap();
    assert_eq!(again, None);
    assert_eq!(store.ticket("t77b").await.unwrap(), None);
    assert_eq!(store.ticket_actions("t77").await.unwrap().len(), 1);

    store
        .insert_alert_ticket(12, &ticket("t12", 0, "CPU", "c1"), &alert("c"))
        .await
        .unwrap();
    assert_eq!(store.known_alerts().await.unwrap(), [12, 77]);
    assert_eq!(
        store.open_alerts().await.unwrap(),
        [(12, "t12".to_string()), (77, "t77".to_string())]
    );
    store.set_alert_resolved(77).await.unwrap();
    store.set_alert_resolved(77).await.unwrap();
    assert_eq!(
        store.open_alerts().await.unwrap(),
        [(12, "t12".to_string())]
    );
    assert_eq!(store.known_alerts().await.unwrap(), [12, 77]);
    assert_eq!(
        store.alert_of_ticket("t77").await.unwrap(),
        Some((77, true))
    );
    assert_eq!(
        store.alert_of_ticket("t12").await.unwrap(),
        Some((12, false))
    );
    assert_eq!(store.alert_of_ticket("t1").await.unwrap(), None);

    // A ticket that cannot be stored leaves no alert record either.
    let taken = store
        .insert_alert_ticket(13, &ticket("t13", 1001, "Number taken", "c1"), &alert("d"))
        .await
        .unwrap_err();
    assert!(matches!(taken, StoreError::Conflict(_)), "{taken}");
    assert_eq!(store.known_alerts().await.unwrap(), [12, 77]);
}

on_both_engines!(
    search_follows_renames_and_numbers_are_allocated_once,
    ticket_lists_are_most_recently_updated_first_and_searches_newest_first,
    search_text_is_words_never_query_syntax,
    an_action_and_its_mail_are_one_write_and_delivery_marks_it_sent,
    refused_mail_waits_for_a_technician_and_keeps_its_message_id,
    a_status_change_writes_its_line_and_a_missing_ticket_is_gone,
    customers_keep_their_sites_end_users_and_import_link,
    teams_and_ticket_types_are_listed_by_name_and_replaced_by_id,
    assets_are_found_by_field_values_and_keep_an_import_link,
    asset_types_are_listed_by_name_and_keep_an_imported_group,
    launches_are_newest_first_and_one_that_failed_leaves,
    a_ticket_finds_its_first_chat_and_messages_stay_in_order,
    an_import_links_customers_and_assets_and_leaves_the_desks_own,
    a_failed_import_writes_nothing_of_its_batch,
    an_alert_becomes_one_ticket_until_it_is_resolved,
);

mod postgres_only {
    use std::collections::BTreeSet;

    use chrono::Duration;
    use tether_core::domain::Delivery;
    use tether_core::ports::{DeskStore, StoreError};
    use tether_store_pg::{ChangeLog, PgStore};

    use super::{asset, customer, invitation, mail, t0, ticket};

    async fn kinds_since(store: &PgStore, seq: i64) -> Vec<(String, String)> {
        ChangeLog::new(store.pool().clone())
            .since(seq, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.kind, c.payload["id"].as_str().unwrap_or("").to_string()))
            .collect()
    }

    async fn head(store: &PgStore) -> i64 {
        ChangeLog::new(store.pool().clone()).head().await.unwrap()
    }

    fn pair(kind: &str, id: &str) -> (String, String) {
        (kind.to_string(), id.to_string())
    }

    #[tokio::test]
    async fn desk_writes_append_to_the_change_log_and_refused_ones_do_not() {
        let (store, _db) = crate::suite::engines::postgres().await;
        store
            .upsert_customer(&customer("c1", "Northwind"))
            .await
            .unwrap();
        let start = head(&store).await;
        store
            .insert_ticket(&ticket("t1", 0, "Printer jam", "c1"))
            .await
            .unwrap();
        let now = t0();
        store
            .add_ticket_action_with_mail(&invitation("t1", now), &[mail("a@x.com")], now)
            .await
            .unwrap();
        let mail_id = store.pending_mail().await.unwrap()[0].id.to_string();
        assert_eq!(
            kinds_since(&store, start).await,
            [
                pair("ticket", "t1"),
                pair("ticket", "t1"),
                pair("mail", &mail_id)
            ]
        );

        // Refused or changing nothing: the log stays as it was.
        let after = head(&store).await;
        let dup = store
            .insert_ticket(&ticket("t1", 0, "again", "c1"))
            .await
            .unwrap_err();
        assert!(matches!(dup, StoreError::Conflict(_)));
        assert!(store
            .add_ticket_action_with_mail(&invitation("gone", now), &[mail("b@x.com")], now)
            .await
            .is_err());
        assert!(store
            .set_technician_available("nobody", false)
            .await
            .is_err());
        store.mail_sent(999_999).await.unwrap();
        store.upsert_asset(&asset("a1", "PC", None)).await.unwrap();
        let after_asset = head(&store).await;
        store.upsert_asset(&asset("a1", "PC", None)).await.unwrap();
        assert_eq!(head(&store).await, after_asset, "an unchanged asset");
        assert_eq!(
            kinds_since(&store, after).await,
            [pair("asset", "a1")],
            "only the first asset write"
        );

        // A technician's availability is logged as the technician.
        sqlx::query(
            "INSERT INTO technicians (id, name, email, can_release, created_at) \
             VALUES ('alex', 'Alex', 'alex@x.invalid', true, now())",
        )
        .execute(store.pool())
        .await
        .unwrap();
        let before = head(&store).await;
        store.set_technician_available("alex", false).await.unwrap();
        assert_eq!(
            kinds_since(&store, before).await,
            [pair("technician", "alex")]
        );
        let available: bool =
            sqlx::query_scalar("SELECT available FROM technicians WHERE id = 'alex'")
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert!(!available);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn two_instances_number_tickets_once_and_claim_each_mail_once() {
        let (one, db) = crate::suite::engines::postgres().await;
        let two = PgStore::connect(&db.url).await.unwrap();
        const EACH: usize = 30;
        let mut writers = Vec::new();
        for (w, store) in [one.clone(), two.clone()].into_iter().enumerate() {
            writers.push(tokio::spawn(async move {
                let mut numbers = Vec::new();
                for n in 0..EACH {
                    let id = format!("t{w}-{n}");
                    let t = store
                        .insert_ticket(&ticket(&id, 0, "Concurrent", "c1"))
                        .await
                        .unwrap();
                    store
                        .add_ticket_action_with_mail(
                            &invitation(&id, t0()),
                            &[mail("a@x.com"), mail("b@x.com"), mail("c@x.com")],
                            t0(),
                        )
                        .await
                        .unwrap();
                    numbers.push(t.number);
                }
                numbers
            }));
        }
        let mut numbers = BTreeSet::new();
        for w in writers {
            numbers.extend(w.await.unwrap());
        }
        let expected: BTreeSet<i64> = (1001..1001 + 2 * EACH as i64).collect();
        assert_eq!(numbers, expected, "every number once, no gap");

        // Both instances claim in small rounds at once: every mail is taken exactly once.
        let now = t0() + Duration::minutes(1);
        let lease = now + Duration::minutes(5);
        let mut claimers = Vec::new();
        for store in [one.clone(), two.clone()] {
            claimers.push(tokio::spawn(async move {
                let mut taken = Vec::new();
                loop {
                    let round = store.claim_due_mail(now, lease).await.unwrap();
                    if round.is_empty() {
                        break taken;
                    }
                    taken.extend(round.into_iter().map(|m| m.id));
                }
            }));
        }
        let mut taken = Vec::new();
        for c in claimers {
            taken.extend(c.await.unwrap());
        }
        let unique: BTreeSet<i64> = taken.iter().copied().collect();
        assert_eq!(unique.len(), taken.len(), "no mail claimed twice");
        assert_eq!(taken.len(), 2 * EACH * 3, "every mail claimed");

        // The mails of each action are settled by both instances at once: whichever settles
        // its last one marks the action sent.
        let mut settlers = Vec::new();
        for (i, id) in unique.iter().copied().enumerate() {
            let store = if i % 2 == 0 { one.clone() } else { two.clone() };
            settlers.push(tokio::spawn(async move { store.mail_sent(id).await }));
        }
        for s in settlers {
            s.await.unwrap().unwrap();
        }
        for w in 0..2 {
            for n in 0..EACH {
                let actions = one.ticket_actions(&format!("t{w}-{n}")).await.unwrap();
                assert_eq!(actions[0].delivery, Some(Delivery::Sent), "t{w}-{n}");
            }
        }
    }

    #[tokio::test]
    async fn a_value_tether_cannot_read_is_corrupt_naming_its_column() {
        let (store, _db) = crate::suite::engines::postgres().await;
        store
            .insert_ticket(&ticket("t1", 0, "Printer jam", "c1"))
            .await
            .unwrap();
        store.upsert_asset(&asset("a1", "PC", None)).await.unwrap();
        for (sql, column) in [
            ("UPDATE tickets SET status = 'limbo'", "status"),
            ("UPDATE assets SET platform = 'toaster'", "platform"),
            (
                "UPDATE assets SET platform = 'other', fields = '[1]'",
                "fields",
            ),
        ] {
            sqlx::query(sql).execute(store.pool()).await.unwrap();
            let read = match column {
                "status" => store.ticket("t1").await.map(|_| ()),
                _ => store.asset("a1").await.map(|_| ()),
            };
            match read {
                Err(StoreError::Corrupt(e)) => assert!(e.contains(column), "{e}"),
                other => panic!("{sql}: {other:?}"),
            }
        }
    }
}
