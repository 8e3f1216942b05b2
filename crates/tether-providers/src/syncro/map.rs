//! Syncro's wire records as the core's: names chosen the way Syncro shows them, the agent's
//! `kabuto_information` read out (§4.5), dates in ISO-8601, and the 422 shapes of §4.7 turned
//! into one sentence.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;
use tether_core::domain::syncro::{SyncroAlert, SyncroAsset, SyncroCustomer};

use super::wire::{Alert, Asset, Customer};

fn date(s: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s?)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

fn text(s: Option<String>) -> String {
    s.map(|v| v.trim().to_string()).unwrap_or_default()
}

pub(crate) fn customer(c: Customer) -> SyncroCustomer {
    let business = text(c.business_name);
    let full = match text(c.fullname) {
        f if !f.is_empty() => f,
        _ => format!("{} {}", text(c.firstname), text(c.lastname))
            .trim()
            .to_string(),
    };
    SyncroCustomer {
        id: c.id,
        name: if business.is_empty() { full } else { business },
        disabled: c.disabled.unwrap_or(false),
        updated_at: date(c.updated_at.as_deref()),
    }
}

/// A JSON value as the text a field holds: strings as they are, booleans and numbers
/// written out, anything else left out.
fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn asset(a: Asset) -> SyncroAsset {
    let properties = a.properties.unwrap_or(Value::Null);
    let kabuto = &properties["kabuto_information"];
    let general = &kabuto["general"];
    let str_at = |v: &Value| v.as_str().map(|s| s.trim().to_string()).unwrap_or_default();
    // Colons in `general.mac`, dashes in the adapters, sometimes a top-level `mac`: every
    // one, in that order, once.
    let mut macs: Vec<String> = Vec::new();
    let mut add = |v: &Value| match v {
        Value::String(s) if !s.trim().is_empty() => macs.push(s.trim().to_string()),
        Value::Array(list) => {
            for m in list.iter().filter_map(Value::as_str) {
                if !m.trim().is_empty() {
                    macs.push(m.trim().to_string());
                }
            }
        }
        _ => {}
    };
    add(&general["mac"]);
    if let Some(adapters) = kabuto["network_adapters"].as_array() {
        for adapter in adapters {
            add(&adapter["physical_address"]);
        }
    }
    add(&properties["mac"]);
    let key = |m: &String| {
        m.chars()
            .filter(char::is_ascii_hexdigit)
            .collect::<String>()
            .to_lowercase()
    };
    let mut seen = std::collections::HashSet::new();
    macs.retain(|m| seen.insert(key(m)));

    let custom: BTreeMap<String, String> = properties
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| k.as_str() != "kabuto_information" && k.as_str() != "mac")
                .filter_map(|(k, v)| as_text(v).map(|t| (k.clone(), t)))
                .collect()
        })
        .unwrap_or_default();
    SyncroAsset {
        id: a.id,
        name: text(a.name),
        customer_id: a.customer_id,
        asset_type: text(a.asset_type),
        serial: match text(a.asset_serial) {
            s if !s.is_empty() => s,
            _ => str_at(&general["serial_number"]),
        },
        macs,
        os: str_at(&kabuto["os"]["name"]),
        ip: str_at(&general["ip"]),
        form_factor: str_at(&general["form_factor"]),
        manufacturer: str_at(&general["manufacturer"]),
        last_user: str_at(&kabuto["last_user"]),
        custom,
        updated_at: date(a.updated_at.as_deref()),
    }
}

pub(crate) fn alert(a: Alert) -> SyncroAlert {
    SyncroAlert {
        id: a.id,
        customer_id: a.customer_id,
        asset_id: a.asset_id,
        computer_name: text(a.computer_name),
        description: text(a.description),
        details: text(a.formatted_output),
        resolved: a.resolved.unwrap_or(false) || a.status.as_deref() == Some("resolved"),
        created_at: date(a.created_at.as_deref()),
        updated_at: date(a.updated_at.as_deref()),
    }
}

/// §4.7: `{"success":false,"message":[…]}`, or `{"errors": "…" | […] | {field: […]}}`, as
/// one sentence; `None` when the body is none of them.
pub(crate) fn unprocessable(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    let list = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut said = list(&v["message"]);
    match &v["errors"] {
        Value::Object(fields) => {
            for (field, problems) in fields {
                for p in list(problems) {
                    said.push(format!("{} {p}", field.replace('_', " ")));
                }
            }
        }
        other => said.extend(list(other)),
    }
    if said.is_empty() {
        None
    } else {
        Some(said.join("; "))
    }
}

/// The permission names a `GET /me` answer grants, whichever shape it came in.
pub(crate) fn permissions(v: Option<&Value>) -> Option<Vec<String>> {
    match v? {
        Value::Array(a) => Some(
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect(),
        ),
        Value::Object(o) => Some(
            o.iter()
                .filter(|(_, granted)| granted.as_bool().unwrap_or(false))
                .map(|(name, _)| name.clone())
                .collect(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_422_shape_reads_as_one_sentence() {
        let said = |b: &str| unprocessable(b).unwrap();
        assert_eq!(
            said(r#"{"success":false,"message":["Name can't be blank","Too long"],"params":{}}"#),
            "Name can't be blank; Too long"
        );
        assert_eq!(
            said(r#"{"errors":"Customer is disabled"}"#),
            "Customer is disabled"
        );
        assert_eq!(said(r#"{"errors":["a","b"]}"#), "a; b");
        assert_eq!(
            said(r#"{"errors":{"asset_serial":["has already been taken"]}}"#),
            "asset serial has already been taken"
        );
        assert_eq!(unprocessable("<html>"), None);
    }

    #[test]
    fn the_agents_mac_addresses_are_read_once_whatever_their_separators() {
        let a: Asset = serde_json::from_value(serde_json::json!({
            "id": 1, "name": "PC", "properties": {
                "kabuto_information": {
                    "general": { "mac": ["00:11:22:33:44:55"] },
                    "network_adapters": [{ "physical_address": "00-11-22-33-44-55" },
                                         { "physical_address": "00-11-22-33-44-66" }]
                },
                "Purchased": "2024-03-18", "Under warranty": true
            }
        }))
        .unwrap();
        let a = asset(a);
        assert_eq!(a.macs, ["00:11:22:33:44:55", "00-11-22-33-44-66"]);
        assert_eq!(a.custom["Under warranty"], "true");
        assert!(!a.custom.contains_key("kabuto_information"));
    }
}
