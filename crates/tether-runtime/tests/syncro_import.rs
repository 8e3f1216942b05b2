//! SY2–SY6 against the sandbox's SyncroMSP and a real SQLite cache: customers matched by
//! exactly equal names (never two Syncro customers of one name), the Syncro id winning over a
//! changed name, serials like "None" never merging two assets, new asset types under the
//! chosen group, "only fill empty fields", a preview that is exactly what the run writes, a
//! source changed since the preview refused, and a second run that changes nothing.

mod common;

use std::sync::Arc;

use chrono::Utc;
use serde_json::{json, Value};
use tether_core::clock::ManualClock;
use tether_core::console::{ConsoleOptions, DeskImport};
use tether_core::domain::import_preview::ImportRowQuery;
use tether_core::domain::syncro::{FieldMapping, LocalField, SyncroAlertSettings, SyncroField};
use tether_core::domain::syncro_plan::{ImportKind, ImportRow, RowAction};
use tether_core::domain::{AssetQuery, Platform, TicketActionKind, TicketQuery, TicketStatus};
use tether_core::ports::{DeskStore, ImportStore};
use tether_core::secret::Secret;
use tether_core::{Console, ErrorCode};
use tether_providers::syncro::SyncroClient;
use tether_sandbox::vendors::SYNCRO_API_KEY;
use tether_sandbox::{Sandbox, SandboxOptions};
use tether_store::SqliteStore;

const DESK: &str = r#"{
  "customers": [
    { "id": "northwind", "name": "Northwind Traders",
      "sites": [{ "id": "nw-hq", "name": "Head office" }] },
    { "id": "acme", "name": "Acme" },
    { "id": "msp", "name": "Our MSP",
      "end_users": [{ "id": "noc", "name": "NOC desk", "email": "noc@msp.example" }] }
  ],
  "ticket_types": [{ "id": "rmm", "name": "RMM alert" }],
  "asset_types": [{ "id": "computer", "name": "Computer", "fields": [
    { "key": "mac_address", "label": "MAC address", "kind": "mac_address" },
    { "key": "os", "label": "Operating system", "kind": "text" },
    { "key": "ip_address", "label": "IP address", "kind": "text" },
    { "key": "purchased", "label": "Purchased", "kind": "date" },
    { "key": "notes", "label": "Notes", "kind": "text_area" }
  ]}],
  "assets": [
    { "id": "nw-pc-0042", "name": "NW-PC-0042", "customer_id": "northwind", "type_id": "computer",
      "inventory_number": "PC-0042", "platform": "windows",
      "fields": { "mac_address": "3c:52:82:1a:4f:07", "notes": "Typed at the desk" } },
    { "id": "old-pc", "name": "OLD-PC", "customer_id": "northwind", "type_id": "computer",
      "inventory_number": "None", "platform": "windows", "fields": {} }
  ]
}"#;

struct World {
    _dir: tempfile::TempDir,
    sandbox: Sandbox,
    store: SqliteStore,
    console: Arc<Console>,
    clock: Arc<ManualClock>,
}

impl World {
    /// The desk's tickets with this subject.
    async fn tickets_titled(&self, subject: &str) -> Vec<tether_core::domain::Ticket> {
        self.console
            .desk
            .tickets(TicketQuery::default())
            .await
            .unwrap()
            .into_iter()
            .filter(|t| t.subject == subject)
            .collect()
    }

    async fn control(&self, path: &str, body: Value) {
        let r = reqwest::Client::new()
            .post(format!("{}/_sandbox/syncro/{path}", self.sandbox.url()))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
    }

    async fn preview(
        &self,
        kind: ImportKind,
    ) -> tether_core::domain::import_preview::ImportPreview {
        self.console.syncro.preview_import(kind).await.unwrap()
    }

    /// Previewed and run, as the admin's two clicks.
    async fn import(&self, kind: ImportKind) -> tether_core::domain::import_preview::ImportOutcome {
        let p = self.preview(kind).await;
        self.console.syncro.run_import(&p.id).await.unwrap()
    }

    /// Every row of the current preview.
    async fn rows(&self) -> Vec<ImportRow> {
        self.console
            .syncro
            .import_rows(ImportRowQuery {
                limit: Some(1000),
                ..Default::default()
            })
            .await
            .unwrap()
            .rows
    }
}

fn row(rows: &[ImportRow], id: i64) -> &ImportRow {
    rows.iter()
        .find(|r| r.syncro_id == id)
        .unwrap_or_else(|| panic!("no row for Syncro {id}: {rows:#?}"))
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let store = SqliteStore::open(&dir.path().join("syncro.sqlite"))
        .await
        .unwrap();
    common::technicians(&store, &[("alex", "Alex Rivera", true)]).await;
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let console = Console::new(
        Arc::new(store.clone()),
        Arc::new(common::splashtop(&sandbox.url())),
        clock.clone(),
        ConsoleOptions {
            actor_override: Some("alex".into()),
            rmm: Some(Arc::new(SyncroClient::new(
                &format!("{}/api/v1", sandbox.url()),
                tether_providers::http::client(),
                Secret::new(SYNCRO_API_KEY),
            ))),
            ..ConsoleOptions::default()
        },
    );
    console
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(DESK).unwrap())
        .await
        .unwrap();
    World {
        _dir: dir,
        sandbox,
        store,
        console,
        clock,
    }
}

#[tokio::test]
async fn customers_match_by_exact_name_once_and_the_syncro_id_wins_afterwards() {
    let w = world().await;
    let preview = w.preview(ImportKind::Customers).await;
    let rows = w.rows().await;
    let northwind = row(&rows, 12);
    assert_eq!(northwind.action, RowAction::Update);
    assert_eq!(northwind.reason, "matched by name 'Northwind Traders'");
    assert_eq!(northwind.target_id.as_deref(), Some("northwind"));
    assert_eq!(row(&rows, 13).action, RowAction::Create);
    for acme in [14, 15] {
        let r = row(&rows, acme);
        assert_eq!(r.action, RowAction::Skip, "two Syncro customers named Acme");
        assert_eq!(
            r.reason,
            "2 Syncro customers are named 'Acme' (14, 15): mapped by hand only"
        );
    }
    let fabrikam = row(&rows, 16);
    assert_eq!(fabrikam.action, RowAction::Create);
    assert!(
        fabrikam.reason.contains("imported inactive"),
        "{}",
        fabrikam.reason
    );
    assert_eq!(
        (
            preview.counts.create,
            preview.counts.update,
            preview.counts.skip
        ),
        (2, 1, 2)
    );
    // Nothing is written by a preview.
    assert!(w
        .store
        .customers()
        .await
        .unwrap()
        .iter()
        .all(|c| c.syncro_id.is_none()));

    let run = w.console.syncro.run_import(&preview.id).await.unwrap();
    assert_eq!((run.created, run.updated, run.skipped), (2, 1, 2));
    let customers = w.store.customers().await.unwrap();
    let nw = customers.iter().find(|c| c.id == "northwind").unwrap();
    assert_eq!(nw.syncro_id, Some(12));
    assert_eq!(nw.sites.len(), 1, "the desk's own sites stay");
    let fab = customers.iter().find(|c| c.syncro_id == Some(16)).unwrap();
    assert!(!fab.active);

    // Renamed in Syncro: the Syncro id wins over the name, and the name follows.
    w.control(
        "customers",
        json!({ "id": 12, "business_name": "Northwind Traders Ltd" }),
    )
    .await;
    w.preview(ImportKind::Customers).await;
    let rows = w.rows().await;
    let renamed = row(&rows, 12);
    assert_eq!(renamed.reason, "matched by Syncro id 12");
    assert_eq!(
        renamed.changes,
        ["name: Northwind Traders → Northwind Traders Ltd"]
    );
    assert_eq!(
        row(&rows, 13).action,
        RowAction::Skip,
        "{:?}",
        row(&rows, 13)
    );
}

/// The Syncro customers imported, as the asset import expects.
async fn import_customers(w: &World) {
    w.import(ImportKind::Customers).await;
}

#[tokio::test]
async fn assets_are_matched_mapped_and_typed_and_a_second_run_changes_nothing() {
    let w = world().await;
    import_customers(&w).await;
    let mut settings = w.console.syncro.import_settings().await.unwrap();
    settings.new_type_group = "From Syncro".into();
    settings.field_mappings.push(FieldMapping {
        syncro: SyncroField::Custom("Purchased".into()),
        field: LocalField::Field("purchased".into()),
        only_empty: false,
    });
    settings.field_mappings.push(FieldMapping {
        syncro: SyncroField::Custom("Notes".into()),
        field: LocalField::Field("notes".into()),
        only_empty: true,
    });
    w.console
        .syncro
        .save_import_settings(settings)
        .await
        .unwrap();
    // Syncro has notes for the PC the desk typed notes for: only empty fields are filled.
    w.control(
        "assets",
        json!({ "id": 501, "properties": {
            "Purchased": "2024-03-18", "Notes": "From Syncro",
            "kabuto_information": { "general": { "mac": ["3c:52:82:1a:4f:07"], "ip": "10.0.4.42" },
                                    "os": { "name": "Windows 11 Pro" } } } }),
    )
    .await;

    let preview = w.preview(ImportKind::Assets).await;
    let rows = w.rows().await;
    let pc = row(&rows, 501);
    assert_eq!(pc.action, RowAction::Update);
    assert!(
        pc.reason.starts_with("matched by serial 'PC-0042'"),
        "{}",
        pc.reason
    );
    assert!(
        !pc.changes.iter().any(|c| c.starts_with("Notes")),
        "the desk's own notes stay: {:?}",
        pc.changes
    );
    assert!(
        pc.changes.contains(&"Purchased: 2024-03-18".to_string()),
        "{:?}",
        pc.changes
    );
    // Two serials "None": two new assets, never merged with each other or with OLD-PC.
    for id in [502, 503] {
        let r = row(&rows, id);
        assert_eq!(r.action, RowAction::Create, "{r:?}");
        assert!(
            r.reason.contains("serial 'None' is excluded from matching"),
            "{}",
            r.reason
        );
    }
    let bad_date = row(&rows, 502);
    assert!(
        bad_date
            .warnings
            .iter()
            .any(|w| w.contains("\"18/03/2024\" is not a date")),
        "{:?}",
        bad_date.warnings
    );
    let printer = row(&rows, 505);
    assert!(
        printer
            .reason
            .contains("new type 'Label Printer' under From Syncro"),
        "{}",
        printer.reason
    );
    assert!(preview.new_types.contains(&"Label Printer".to_string()));
    // Filters and search over the preview.
    let skipped = w
        .console
        .syncro
        .import_rows(ImportRowQuery {
            action: Some(RowAction::Create),
            text: "excluded".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(skipped.matching, 2);

    let run = w.console.syncro.run_import(&preview.id).await.unwrap();
    assert_eq!(run.created, 4, "{run:?}");
    let all = w.store.all_assets().await.unwrap();
    let old = all.iter().find(|a| a.id == "old-pc").unwrap();
    assert_eq!(old.syncro_id, None, "OLD-PC's 'None' matched nothing");
    let new_pcs: Vec<_> = all
        .iter()
        .filter(|a| matches!(a.syncro_id, Some(502 | 503)))
        .collect();
    assert_eq!(new_pcs.len(), 2);
    let types = w.store.asset_types().await.unwrap();
    let label = types.iter().find(|t| t.name == "Label Printer").unwrap();
    assert_eq!(label.group.as_deref(), Some("From Syncro"));
    let pc = w.console.desk.asset_detail("nw-pc-0042").await.unwrap();
    assert_eq!(pc.asset.fields["notes"], "Typed at the desk");
    assert_eq!(pc.asset.fields["purchased"], "2024-03-18");
    assert_eq!(pc.asset.type_id, "computer", "the desk's own type stays");

    // An imported computer launches by its MAC address (normalised from Syncro's colons); an
    // Android tablet gets no Splashtop button, as today.
    let imported = w
        .console
        .desk
        .assets(AssetQuery {
            text: "NW-PC-0077".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let detail = w.console.desk.asset_detail(&imported[0].id).await.unwrap();
    assert_eq!(detail.asset.fields["mac_address"], "3C52821A4F77");
    assert!(detail
        .launch
        .buttons
        .iter()
        .any(|b| b.provider == "splashtop"));
    let tablet = all.iter().find(|a| a.syncro_id == Some(504)).unwrap();
    assert_eq!(tablet.platform, Platform::Android);
    let tablet = w.console.desk.asset_detail(&tablet.id).await.unwrap();
    assert!(!tablet
        .launch
        .buttons
        .iter()
        .any(|b| b.provider == "splashtop"));

    // The same import again: every row is matched by its Syncro id and nothing changes.
    let again = w.preview(ImportKind::Assets).await;
    assert_eq!(
        (again.counts.create, again.counts.update),
        (0, 0),
        "{:#?}",
        w.rows().await
    );
    assert!(w
        .rows()
        .await
        .iter()
        .all(|r| r.reason.starts_with("matched by Syncro id")));
}

#[tokio::test]
async fn a_source_changed_since_the_preview_is_reported_and_nothing_written() {
    let w = world().await;
    import_customers(&w).await;
    let preview = w.preview(ImportKind::Assets).await;
    w.control("assets", json!({ "id": 503, "name": "NW-PC-0078-RENAMED" }))
        .await;
    let e = w.console.syncro.run_import(&preview.id).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(
        e.to_string()
            .contains("Syncro changed 1 assets since the preview (NW-PC-0078-RENAMED)"),
        "{e}"
    );
    assert!(w
        .store
        .all_assets()
        .await
        .unwrap()
        .iter()
        .all(|a| a.syncro_id.is_none()));
}

#[tokio::test]
async fn an_alert_is_one_ticket_and_resolving_either_resolves_the_other() {
    let w = world().await;
    import_customers(&w).await;
    w.import(ImportKind::Assets).await;
    w.console
        .syncro
        .save_alert_settings(SyncroAlertSettings {
            enabled: true,
            ticket_type_id: Some("rmm".into()),
            default_end_user_id: Some("noc".into()),
        })
        .await
        .unwrap();
    let raise = |body: Value| {
        let url = format!("{}/_sandbox/syncro/alerts", w.sandbox.url());
        async move {
            reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()["id"]
                .as_i64()
                .unwrap()
        }
    };
    let disk = raise(json!({ "asset_id": 501, "description": "Low Disk Space",
                             "formatted_output": "C: 3% free" }))
    .await;
    assert_eq!(w.console.syncro.check_alerts_now().await.unwrap(), 1);
    assert_eq!(
        w.console.syncro.check_alerts_now().await.unwrap(),
        0,
        "an alert is a ticket once"
    );
    let tickets = w.tickets_titled("Low Disk Space on NW-PC-0042").await;
    let ticket = tickets.first().expect("the alert's ticket");
    assert_eq!(ticket.customer_id.as_deref(), Some("northwind"));
    assert_eq!(ticket.asset_id.as_deref(), Some("nw-pc-0042"));
    assert_eq!(ticket.type_id.as_deref(), Some("rmm"));
    let detail = w.console.desk.ticket_detail(&ticket.id).await.unwrap();
    assert!(detail
        .actions
        .iter()
        .any(|a| a.kind == TicketActionKind::RmmAlert
            && a.note.contains(&format!("Syncro alert {disk}"))
            && a.note.contains("C: 3% free")));

    // Resolved in Syncro: the ticket is resolved, and the timeline says by whom.
    w.control(&format!("alerts/{disk}/resolve"), json!({}))
        .await;
    w.console.syncro.check_alerts_now().await.unwrap();
    let detail = w.console.desk.ticket_detail(&ticket.id).await.unwrap();
    assert_eq!(detail.ticket.status, TicketStatus::Resolved);
    assert!(detail
        .actions
        .iter()
        .any(|a| a.kind == TicketActionKind::StatusChanged
            && a.note == format!("Open → Resolved: alert {disk} resolved in Syncro")));

    // An alert for a computer this desk does not know: for the default end user.
    let stray = raise(json!({ "customer_id": 999, "description": "Agent offline" })).await;
    w.console.syncro.check_alerts_now().await.unwrap();
    let stray_ticket = w.tickets_titled("Agent offline").await.remove(0);
    assert_eq!(stray_ticket.customer_id.as_deref(), Some("msp"));
    assert_eq!(stray_ticket.end_user_email, "noc@msp.example");

    // Resolved here while Syncro turns every request away: the resolve waits in the outbox
    // and reaches Syncro once it answers again.
    w.control("limit", json!({ "per_minute": 0 })).await;
    let resolved = w
        .console
        .desk
        .set_ticket_status(&stray_ticket.id, TicketStatus::Resolved)
        .await
        .unwrap();
    assert_eq!(resolved.status, TicketStatus::Resolved);
    w.console.sessions.flush_outbox().await;
    let waiting = w.console.sessions.pending_actions().await.unwrap();
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(waiting[0].label, "Resolve the alert at SyncroMSP");
    w.control("limit", json!({ "per_minute": 180 })).await;
    w.clock.advance(chrono::Duration::seconds(120));
    w.console.sessions.flush_outbox().await;
    assert!(w
        .console
        .sessions
        .pending_actions()
        .await
        .unwrap()
        .is_empty());
    let state: Value = reqwest::get(format!(
        "{}/_sandbox/syncro/alerts/{stray}",
        w.sandbox.url()
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(state["resolved_by_api"], true);
    assert_eq!(state["alert"]["resolved"], true);
    let timeline = w
        .console
        .desk
        .ticket_detail(&stray_ticket.id)
        .await
        .unwrap()
        .actions;
    assert!(timeline.iter().any(|a| a.note == "Open → Resolved"));
    assert!(timeline
        .iter()
        .any(|a| a.note == format!("Syncro alert {stray} queued to be resolved in Syncro")));
    // …and the next poll leaves the resolved ticket alone.
    w.console.syncro.check_alerts_now().await.unwrap();
    assert_eq!(
        w.console
            .desk
            .ticket_detail(&stray_ticket.id)
            .await
            .unwrap()
            .actions
            .len(),
        timeline.len()
    );
}

/// The receiver as the app runs it, serving this console and the test's keychain.
struct WithKeychain {
    console: Arc<Console>,
    secrets: Arc<dyn tether_core::ports::SecretStore>,
}

impl tether_runtime::receiver::ConsoleSource for WithKeychain {
    fn console(&self) -> Option<Arc<Console>> {
        Some(self.console.clone())
    }
    fn secrets(&self) -> Option<Arc<dyn tether_core::ports::SecretStore>> {
        Some(self.secrets.clone())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_webhook_alert_is_stored_then_made_a_ticket_once_and_a_wrong_token_is_turned_away() {
    let (_keyring, keychain) = common::private_keychain();
    let secrets: Arc<dyn tether_core::ports::SecretStore> = keychain;
    let w = world().await;
    import_customers(&w).await;
    w.console
        .syncro
        .save_alert_settings(SyncroAlertSettings {
            enabled: true,
            ticket_type_id: None,
            default_end_user_id: None,
        })
        .await
        .unwrap();
    let receiver = tether_runtime::receiver::Receiver::start(
        Arc::new(WithKeychain {
            console: w.console.clone(),
            secrets: secrets.clone(),
        }),
        "127.0.0.1:0".parse().unwrap(),
        tether_runtime::receiver::new_events_token(),
    )
    .await
    .unwrap();
    let url = receiver.syncro_url();
    let alert: Value = reqwest::Client::new()
        .post(format!("{}/_sandbox/syncro/alerts", w.sandbox.url()))
        .json(&json!({ "customer_id": 13, "description": "Backup failed" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = alert["id"].as_i64().unwrap();
    let send = |url: String, body: String, origin: Option<&'static str>| async move {
        let mut r = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(origin) = origin {
            r = r.header("Origin", origin);
        }
        r.send().await.unwrap().status().as_u16()
    };
    let post = |url: String, body: String| send(url, body, None);
    // A web page's post (it carries an Origin) is refused before anything is read.
    let from_a_page = json!({ "alert": { "id": id } }).to_string();
    assert_eq!(
        send(url.clone(), from_a_page, Some("http://evil.example")).await,
        403
    );
    // Hostile or broken bodies are refused with the reason, and nothing is stored.
    assert_eq!(post(url.clone(), "<xml/>".into()).await, 400);
    assert_eq!(post(url.clone(), r#"{"hello":"world"}"#.into()).await, 400);
    // The same alert twice (a retrying sender): one ticket.
    let body =
        json!({ "alert": { "id": id, "description": "whatever the body says" } }).to_string();
    assert_eq!(post(url.clone(), body.clone()).await, 200);
    assert_eq!(post(url.clone(), body.clone()).await, 200);
    w.console.syncro.process_alert_events().await.unwrap();
    let tickets = w.tickets_titled("Backup failed").await;
    assert_eq!(tickets.len(), 1, "Syncro's own words, once");
    assert_eq!(tickets[0].customer_id.as_deref(), Some("syncro-13"));

    // With a token on the card, a request without it (or with another) is turned away.
    secrets
        .set(
            &tether_core::domain::IntegrationKind::Syncro.secret_key("webhook_token"),
            &Secret::new("hook-7f3a"),
        )
        .await
        .unwrap();
    assert_eq!(post(url.clone(), body.clone()).await, 401);
    assert_eq!(
        post(format!("{url}?token=hook-7f3b"), body.clone()).await,
        401
    );
    assert_eq!(post(format!("{url}?token=hook-7f3a"), body).await, 200);
}

#[tokio::test]
async fn a_run_that_fails_part_way_writes_nothing_half_and_continues_when_run_again() {
    let w = world().await;
    import_customers(&w).await;
    let preview = w.preview(ImportKind::Assets).await;
    // The disk refuses one of the rows (a real SQLite failure, on the cache's own file).
    sqlx::query(
        "CREATE TRIGGER refuse_printer BEFORE INSERT ON assets WHEN new.name = 'CD-PRN-01' \
         BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END",
    )
    .execute(w.store.pool())
    .await
    .unwrap();
    let e = w.console.syncro.run_import(&preview.id).await.unwrap_err();
    assert!(e.to_string().contains("disk I/O error"), "{e}");
    assert!(
        w.store
            .all_assets()
            .await
            .unwrap()
            .iter()
            .all(|a| a.syncro_id.is_none()),
        "the batch is one transaction: nothing of it was written"
    );
    // The preview waits to be continued.
    let kept = w.console.syncro.current_preview().await.unwrap();
    assert_eq!(kept.id, preview.id);
    sqlx::query("DROP TRIGGER refuse_printer")
        .execute(w.store.pool())
        .await
        .unwrap();
    let run = w.console.syncro.run_import(&preview.id).await.unwrap();
    assert_eq!(run.created, 4);
    assert_eq!(
        w.store
            .all_assets()
            .await
            .unwrap()
            .iter()
            .filter(|a| a.syncro_id.is_some())
            .count(),
        5
    );
}

#[tokio::test]
async fn the_daily_sync_runs_once_a_day_and_deactivates_what_syncro_deleted() {
    let w = world().await;
    import_customers(&w).await;
    let mut settings = w.console.syncro.import_settings().await.unwrap();
    settings.sync_assets = true;
    settings.deactivate_deleted = true;
    w.console
        .syncro
        .save_import_settings(settings)
        .await
        .unwrap();
    let now = Utc::now();
    w.console.syncro.sync_due(now).await.unwrap();
    let runs = w.console.syncro.import_runs().await.unwrap();
    let assets_run = runs.iter().find(|r| r.kind == ImportKind::Assets).unwrap();
    assert!(assets_run.scheduled);
    assert_eq!(assets_run.created, 4);

    // Deleted in Syncro: an hour later nothing runs; a day later the asset is deactivated.
    reqwest::Client::new()
        .delete(format!("{}/_sandbox/syncro/assets/503", w.sandbox.url()))
        .send()
        .await
        .unwrap();
    w.console
        .syncro
        .sync_due(now + chrono::Duration::hours(1))
        .await
        .unwrap();
    let gone = |w: &World| {
        let store = w.store.clone();
        async move {
            store
                .all_assets()
                .await
                .unwrap()
                .into_iter()
                .find(|a| a.syncro_id == Some(503))
                .unwrap()
        }
    };
    assert!(gone(&w).await.active, "not due yet");
    w.console
        .syncro
        .sync_due(now + chrono::Duration::hours(25))
        .await
        .unwrap();
    assert!(
        !gone(&w).await.active,
        "deleted in Syncro: inactive here, kept"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn test_configuration_uses_the_values_on_screen_and_saves_nothing() {
    let (_keyring, keychain) = common::private_keychain();
    let secrets: Arc<dyn tether_core::ports::SecretStore> = keychain;
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let integrations = tether_runtime::Integrations::open(dir.path(), secrets.clone())
        .await
        .unwrap();
    let draft = |key: &str| tether_core::domain::IntegrationUpdate {
        kind: tether_core::domain::IntegrationKind::Syncro,
        enabled: true,
        values: [("base_url".to_string(), format!("{}/api/v1", sandbox.url()))].into(),
        secrets: [("api_key".to_string(), Secret::new(key))].into(),
    };
    let passed = integrations
        .test_draft(draft(SYNCRO_API_KEY))
        .await
        .unwrap();
    assert!(passed.ok, "{}", passed.message);
    assert!(
        passed.message.contains("Tether import"),
        "{}",
        passed.message
    );
    let refused = integrations.test_draft(draft("typo")).await.unwrap();
    assert!(!refused.ok);
    assert_eq!(refused.code, Some(ErrorCode::ProviderUnauthorized));
    // Nothing was saved: not the values, not the key, not the outcome.
    let card = integrations
        .get(tether_core::domain::IntegrationKind::Syncro)
        .await
        .unwrap();
    assert!(card.values.is_empty() && card.stored_secrets.is_empty());
    assert_eq!(card.last_test, None);
    integrations.close().await;
}

#[tokio::test]
async fn a_hand_mapping_takes_a_syncro_id_from_an_earlier_match_and_runs_settle() {
    let w = world().await;
    import_customers(&w).await;
    // The name match was wrong: Syncro's Northwind (12) is really the MSP's own customer.
    let mut settings = w.console.syncro.import_settings().await.unwrap();
    settings.customer_links = vec![
        tether_core::domain::syncro::CustomerLink {
            syncro_customer_id: 12,
            customer_id: "msp".into(),
            site_id: None,
        },
        // Both Acmes are one customer here.
        tether_core::domain::syncro::CustomerLink {
            syncro_customer_id: 14,
            customer_id: "acme".into(),
            site_id: None,
        },
        tether_core::domain::syncro::CustomerLink {
            syncro_customer_id: 15,
            customer_id: "acme".into(),
            site_id: None,
        },
    ];
    w.console
        .syncro
        .save_import_settings(settings)
        .await
        .unwrap();
    let preview = w.preview(ImportKind::Customers).await;
    let rows = w.rows().await;
    assert!(rows
        .iter()
        .any(|r| r.target_id.as_deref() == Some("northwind")
            && r.reason == "Syncro customer 12 is mapped by hand to Our MSP: unlinked here"));
    assert!(row(&rows, 14)
        .reason
        .contains("with Syncro customers 14, 15: its assets go there"));
    w.console.syncro.run_import(&preview.id).await.unwrap();
    let customers = w.store.customers().await.unwrap();
    let id_of = |c: &str| customers.iter().find(|x| x.id == c).unwrap().syncro_id;
    assert_eq!(id_of("msp"), Some(12));
    assert_eq!(id_of("northwind"), None);
    assert_eq!(id_of("acme"), None, "no single Syncro id stands for two");

    // Run again: nothing moves back and forth.
    let again = w.preview(ImportKind::Customers).await;
    assert_eq!(
        (again.counts.create, again.counts.update),
        (0, 0),
        "{:#?}",
        w.rows().await
    );
}

#[tokio::test]
async fn the_desks_own_file_does_not_undo_what_an_import_linked() {
    let w = world().await;
    import_customers(&w).await;
    w.import(ImportKind::Assets).await;
    // The desk file is imported again, as an admin refreshing the desk would.
    w.console
        .desk
        .import_desk(serde_json::from_str::<DeskImport>(DESK).unwrap())
        .await
        .unwrap();
    let pc = w
        .store
        .all_assets()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.id == "nw-pc-0042")
        .unwrap();
    assert_eq!(pc.syncro_id, Some(501));
    let nw = w
        .store
        .customers()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.id == "northwind")
        .unwrap();
    assert_eq!(nw.syncro_id, Some(12));
}
