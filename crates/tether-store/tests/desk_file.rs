//! The ticket desk's tables on a real SQLite file, where only a file can tell: the search
//! index survives reopening, two processes on one file claim a mail once, and a value written
//! behind Tether's back is an error naming its column. What the desk does on either engine is
//! in `tether-store-pg`'s store suite.

use chrono::{TimeZone, Utc};
use tether_core::domain::{
    Asset, Customer, Delivery, Platform, Ticket, TicketAction, TicketActionKind, TicketQuery,
    TicketStatus,
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
async fn the_search_index_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("d.sqlite"))
        .await
        .unwrap();
    store
        .upsert_customer(&customer("c1", "Northwind"))
        .await
        .unwrap();
    for (id, subject) in [("t1", "Printer jam"), ("t2", "VPN drops")] {
        store
            .insert_ticket(&ticket(id, 0, subject, "c1"))
            .await
            .unwrap();
    }
    store
        .upsert_customer(&customer("c1", "Contoso"))
        .await
        .unwrap();
    store.close().await;

    let store = SqliteStore::open(&dir.path().join("d.sqlite"))
        .await
        .unwrap();
    assert_eq!(store.tickets(&search("1002")).await.unwrap()[0].id, "t2");
    assert_eq!(store.tickets(&search("contoso")).await.unwrap().len(), 2);
    assert!(store.tickets(&search("northw")).await.unwrap().is_empty());
}

#[tokio::test]
async fn two_processes_on_one_file_claim_a_mail_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("d.sqlite"))
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
    store
        .add_ticket_action_with_mail(&action, &[mail("a@x.com"), mail("b@x.com")], now)
        .await
        .unwrap();
    let lease = now + chrono::Duration::minutes(2);
    assert_eq!(store.claim_due_mail(now, lease).await.unwrap().len(), 2);
    // Claimed: another process on the same file finds nothing due until the lease ends.
    let other = SqliteStore::open(&dir.path().join("d.sqlite"))
        .await
        .unwrap();
    assert!(other.claim_due_mail(now, lease).await.unwrap().is_empty());
    assert_eq!(other.claim_due_mail(lease, lease).await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_bad_asset_value_names_its_column() {
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
