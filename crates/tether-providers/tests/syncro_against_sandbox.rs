//! The SyncroMSP client against the sandbox's Syncro (providers.md §4): pages followed by
//! `meta.total_pages` whatever their size, `kabuto_information` read out, every 422 shape in
//! words, a 429 waited out, resolve answered `{"success":"true"}`, and a missing permission
//! named by *Test configuration*.

use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::{json, Value};
use tether_core::ports::{ProviderError, Rmm};
use tether_core::secret::Secret;
use tether_providers::syncro::SyncroClient;
use tether_sandbox::vendors::SYNCRO_API_KEY;
use tether_sandbox::{Sandbox, SandboxOptions};

struct Desk {
    sandbox: Sandbox,
    client: SyncroClient,
}

async fn desk() -> Desk {
    let sandbox = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let client = SyncroClient::new(
        &format!("{}/api/v1", sandbox.url()),
        tether_providers::http::client(),
        Secret::new(SYNCRO_API_KEY),
    );
    Desk { sandbox, client }
}

impl Desk {
    async fn control(&self, path: &str, body: Value) -> Value {
        let r = reqwest::Client::new()
            .post(format!("{}/_sandbox/syncro/{path}", self.sandbox.url()))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    async fn requests(&self) -> u64 {
        reqwest::get(format!("{}/_sandbox/syncro/stats", self.sandbox.url()))
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["requests"]
            .as_u64()
            .unwrap()
    }
}

#[tokio::test]
async fn customers_are_read_across_pages_of_a_size_the_docs_do_not_promise() {
    let d = desk().await;
    d.control("page-size", json!({ "customers": 2 })).await;
    let pages = AtomicU32::new(0);
    let before = d.requests().await;
    let customers = d
        .client
        .customers(None, &|done, total| {
            pages.store(done, Ordering::SeqCst);
            assert_eq!(total, 3);
        })
        .await
        .unwrap();
    assert_eq!(d.requests().await - before, 3, "three pages, once each");
    assert_eq!(pages.load(Ordering::SeqCst), 3);
    assert_eq!(customers.len(), 5);
    let names: Vec<&str> = customers.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Northwind Traders",
            "Contoso Dental",
            "Acme",
            "Acme",
            "Fabrikam"
        ]
    );
    assert!(customers[4].disabled, "disabled customers are read too");
}

#[tokio::test]
async fn an_assets_agent_data_is_read_out_of_kabuto_information() {
    let d = desk().await;
    let assets = d.client.assets(None, &|_, _| {}).await.unwrap();
    let pc = assets.iter().find(|a| a.id == 501).unwrap();
    assert_eq!(pc.serial, "PC-0042");
    assert_eq!(
        pc.macs,
        ["3c:52:82:1a:4f:07"],
        "colons and dashes are one address"
    );
    assert_eq!(pc.os, "Windows 11 Pro");
    assert_eq!(pc.custom["Purchased"], "2024-03-18");
    let printer = assets.iter().find(|a| a.id == 505).unwrap();
    assert!(printer.macs.is_empty());
    assert_eq!(printer.asset_type, "Label Printer");
}

#[tokio::test]
async fn every_422_shape_is_said_in_words() {
    let d = desk().await;
    for (fault, said) in [
        (
            "message_list",
            "Asset type can't be blank; Name is too long",
        ),
        ("errors_text", "Customer is disabled"),
        ("errors_list", "Status is invalid; Page is out of range"),
        (
            "errors_by_field",
            "asset serial has already been taken; name can't be blank",
        ),
    ] {
        d.control("faults", json!({ "fault": fault })).await;
        match d.client.alerts(false).await.unwrap_err() {
            ProviderError::Vendor { code: 422, message } => {
                assert_eq!(message, format!("Syncro refused it: {said}"), "{fault}")
            }
            other => panic!("{fault}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_rate_limit_is_waited_out_and_the_request_answered() {
    let d = desk().await;
    d.control("faults", json!({ "fault": "rate_limit" })).await;
    let customers = d.client.customers(None, &|_, _| {}).await.unwrap();
    assert_eq!(customers.len(), 5);
    // Over the limit for longer than the client may wait: said, not hidden.
    d.control("limit", json!({ "per_minute": 0 })).await;
    let e = d.client.customers(None, &|_, _| {}).await.unwrap_err();
    assert!(matches!(e, ProviderError::RateLimited { .. }), "{e:?}");
}

#[tokio::test]
async fn an_alert_is_read_in_either_wrapper_and_resolved_with_a_string_success() {
    let d = desk().await;
    let raised = d
        .control(
            "alerts",
            json!({ "asset_id": 501, "description": "Low Disk Space",
                    "formatted_output": "C: 3% free" }),
        )
        .await;
    let id = raised["id"].as_i64().unwrap();
    let active = d.client.alerts(false).await.unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].computer_name, "NW-PC-0042");
    assert_eq!(active[0].customer_id, Some(12));
    assert_eq!(d.client.alert(id).await.unwrap().details, "C: 3% free");
    d.client.resolve_alert(id).await.unwrap();
    assert!(d.client.alerts(false).await.unwrap().is_empty());
    let all = d.client.alerts(true).await.unwrap();
    assert!(all[0].resolved, "resolve is soft: the alert stays readable");
    let state = reqwest::get(format!("{}/_sandbox/syncro/alerts/{id}", d.sandbox.url()))
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(state["resolved_by_api"], true);
    assert!(matches!(
        d.client.alert(424242).await.unwrap_err(),
        ProviderError::NotFound
    ));
}

#[tokio::test]
async fn test_configuration_names_a_missing_permission() {
    let d = desk().await;
    let ok = d.client.check().await.unwrap();
    assert!(ok.contains("Tether import"), "{ok}");
    d.control(
        "permissions",
        json!(["Customers - List/Search", "Assets - List/Search"]),
    )
    .await;
    let e = d.client.check().await.unwrap_err().to_string();
    assert!(
        e.contains("\"RMM Alerts - List/Create/Clear/Manage\" (to turn alerts into tickets)"),
        "{e}"
    );
    let wrong = SyncroClient::new(
        &format!("{}/api/v1", d.sandbox.url()),
        tether_providers::http::client(),
        Secret::new("not-the-key"),
    );
    assert!(matches!(
        wrong.check().await.unwrap_err(),
        ProviderError::Unauthorized(_)
    ));
}
