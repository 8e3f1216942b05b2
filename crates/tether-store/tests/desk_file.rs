//! The ticket desk's tables on a real SQLite file: search stays in step with edits, mail and
//! its ticket action are written together, unreadable JSON is an error naming the column.

use chrono::{TimeZone, Utc};
use tether_core::domain::{
    Asset, AssetQuery, Customer, Delivery, Platform, Ticket, TicketAction, TicketActionKind,
    TicketQuery, TicketStatus,
};
use tether_core::ports::{DeskStore, OutgoingMail};
use tether_store::SqliteStore;

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
    let at = Utc
        .timestamp_millis_opt(1_763_715_600_000 + number)
        .unwrap();
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

fn search(text: &str) -> TicketQuery {
    TicketQuery {
        text: text.into(),
        ..TicketQuery::default()
    }
}

#[tokio::test]
async fn search_follows_renames_and_numbers_are_allocated_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("d.sqlite"))
        .await
        .unwrap();
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
    assert!(dup.to_string().contains("#1001"), "{dup}");

    assert_eq!(store.tickets(&search("northw")).await.unwrap().len(), 2);
    store
        .upsert_customer(&customer("c1", "Contoso"))
        .await
        .unwrap();
    assert!(store.tickets(&search("northw")).await.unwrap().is_empty());
    let renamed = store.tickets(&search("contoso vpn")).await.unwrap();
    assert_eq!(renamed.len(), 1);
    assert_eq!(renamed[0].customer_name, "Contoso");

    // Reopened, the same answers.
    store.close().await;
    let store = SqliteStore::open(&dir.path().join("d.sqlite"))
        .await
        .unwrap();
    assert_eq!(store.tickets(&search("1002")).await.unwrap()[0].id, "t2");
}

#[tokio::test]
async fn an_action_and_its_mail_are_one_write_and_delivery_marks_it_sent() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("d.sqlite"))
        .await
        .unwrap();
    store
        .upsert_customer(&customer("c1", "Northwind"))
        .await
        .unwrap();
    store
        .insert_ticket(&ticket("t1", 0, "Printer jam", "c1"))
        .await
        .unwrap();
    let now = Utc::now();
    let action = TicketAction {
        id: 0,
        ticket_id: "t1".into(),
        at: now,
        actor: "alex".into(),
        kind: TicketActionKind::RemoteSessionInvitation,
        note: "invited".into(),
        transcript: None,
        invitation: None,
        delivery: Some(Delivery::Pending),
        delivery_error: None,
        logged_seconds: None,
    };
    let mail = |to: &str| OutgoingMail {
        to: vec![to.into()],
        subject: "s".into(),
        html: "<p>h</p>".into(),
        text: "h".into(),
        via: Default::default(),
        message_id: None,
    };
    let id = store
        .add_ticket_action_with_mail(&action, &[mail("a@x.com"), mail("b@x.com")], now)
        .await
        .unwrap();
    let lease = now + chrono::Duration::minutes(2);
    let due = store.claim_due_mail(now, lease).await.unwrap();
    assert_eq!(due.len(), 2);
    assert_eq!(due[0].ticket_id.as_deref(), Some("t1"));
    // Claimed: another process on the same file finds nothing due until the lease ends.
    let other = SqliteStore::open(&dir.path().join("d.sqlite"))
        .await
        .unwrap();
    assert!(other.claim_due_mail(now, lease).await.unwrap().is_empty());
    assert_eq!(other.claim_due_mail(lease, lease).await.unwrap().len(), 2);

    store
        .mail_failed(due[0].id, "451 later", now)
        .await
        .unwrap();
    let actions = store.ticket_actions("t1").await.unwrap();
    assert_eq!(actions[0].delivery_error.as_deref(), Some("451 later"));
    store.mail_sent(due[1].id).await.unwrap();
    assert_eq!(
        store.ticket_actions("t1").await.unwrap()[0].delivery,
        Some(Delivery::Pending)
    );
    store.mail_sent(due[0].id).await.unwrap();
    let sent = &store.ticket_actions("t1").await.unwrap()[0];
    assert_eq!((sent.id, sent.delivery), (id, Some(Delivery::Sent)));
    assert!(store.pending_mail().await.unwrap().is_empty());

    // An action for a ticket that is gone writes nothing, mail included.
    let orphan = TicketAction {
        ticket_id: "gone".into(),
        ..action
    };
    assert!(store
        .add_ticket_action_with_mail(&orphan, &[mail("c@x.com")], now)
        .await
        .is_err());
    assert!(store.pending_mail().await.unwrap().is_empty());
}

#[tokio::test]
async fn assets_are_found_by_field_values_and_a_bad_value_names_its_column() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("d.sqlite"))
        .await
        .unwrap();
    let asset = Asset {
        id: "a1".into(),
        name: "NW-PC-0042".into(),
        customer_id: None,
        customer_name: String::new(),
        type_id: "computer".into(),
        inventory_number: "PC-0042".into(),
        platform: Platform::Android,
        fields: [("os".to_string(), "Windows 11".to_string())].into(),
        syncro_id: None,
        active: true,
        site_id: None,
    };
    store.upsert_asset(&asset).await.unwrap();
    let q = |t: &str| AssetQuery {
        text: t.into(),
        ..AssetQuery::default()
    };
    assert_eq!(store.assets(&q("windows")).await.unwrap().len(), 1);
    assert_eq!(store.assets(&q("PC-0042")).await.unwrap().len(), 1);
    assert_eq!(store.asset("a1").await.unwrap().unwrap(), asset);
    // The search trigger reads the fields, so SQLite itself refuses JSON it cannot read…
    let refused = sqlx::query("UPDATE assets SET fields = '{not json' WHERE id = 'a1'")
        .execute(store.pool())
        .await;
    assert!(refused.is_err());
    // …and a value Tether does not know is an error naming its column, not a panic.
    sqlx::query("UPDATE assets SET platform = 'toaster' WHERE id = 'a1'")
        .execute(store.pool())
        .await
        .unwrap();
    let e = store.asset("a1").await.unwrap_err().to_string();
    assert!(e.contains("platform"), "{e}");
}
