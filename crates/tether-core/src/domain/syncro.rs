//! SyncroMSP as the import sees it (SY2–SY4, SY6): what Syncro holds (customers, assets,
//! RMM alerts, read by the provider's client), and what the admin chose about importing it.

use std::collections::BTreeMap;

use crate::error::CoreError;
use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The provider name on records that came from Syncro.
pub const PROVIDER: &str = "syncro";

/// A Syncro customer (§4.4).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncroCustomer {
    pub id: i64,
    /// The business name, else the person's full name.
    pub name: String,
    pub disabled: bool,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A Syncro customer asset (§4.5), with what its agent reported already read out of
/// `kabuto_information`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncroAsset {
    pub id: i64,
    pub name: String,
    pub customer_id: Option<i64>,
    /// The type's name, as Syncro sends it.
    pub asset_type: String,
    pub serial: String,
    /// Every MAC address the agent reported, as it wrote it (colons or dashes).
    pub macs: Vec<String>,
    pub os: String,
    pub ip: String,
    pub form_factor: String,
    pub manufacturer: String,
    pub last_user: String,
    /// Custom fields by name, each as text (a checkbox is `true`/`false`).
    pub custom: BTreeMap<String, String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A Syncro RMM alert (§4.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncroAlert {
    pub id: i64,
    pub customer_id: Option<i64>,
    pub asset_id: Option<i64>,
    pub computer_name: String,
    pub description: String,
    pub details: String,
    pub resolved: bool,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A field of a Syncro asset an import can read.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
#[ts(export)]
pub enum SyncroField {
    Name,
    Serial,
    /// The agent's first MAC address.
    Mac,
    Os,
    Ip,
    FormFactor,
    Manufacturer,
    LastUser,
    /// A custom asset field, by its name in Syncro.
    Custom(String),
}

impl SyncroField {
    pub fn label(&self) -> String {
        match self {
            SyncroField::Name => "name".into(),
            SyncroField::Serial => "serial".into(),
            SyncroField::Mac => "MAC address".into(),
            SyncroField::Os => "operating system".into(),
            SyncroField::Ip => "IP address".into(),
            SyncroField::FormFactor => "form factor".into(),
            SyncroField::Manufacturer => "manufacturer".into(),
            SyncroField::LastUser => "last user".into(),
            SyncroField::Custom(name) => format!("“{name}”"),
        }
    }

    /// The value of this field on `asset`, trimmed; empty when it has none.
    pub fn value_of(&self, asset: &SyncroAsset) -> String {
        let v = match self {
            SyncroField::Name => &asset.name,
            SyncroField::Serial => &asset.serial,
            // The first address that is one (an agent may report a virtual adapter's "00:00…").
            SyncroField::Mac => {
                return asset
                    .macs
                    .iter()
                    .find(|m| super::mac::normalise_mac(m).is_ok())
                    .or(asset.macs.first())
                    .map_or(String::new(), |m| m.trim().to_string())
            }
            SyncroField::Os => &asset.os,
            SyncroField::Ip => &asset.ip,
            SyncroField::FormFactor => &asset.form_factor,
            SyncroField::Manufacturer => &asset.manufacturer,
            SyncroField::LastUser => &asset.last_user,
            SyncroField::Custom(name) => {
                return asset
                    .custom
                    .get(name)
                    .map_or(String::new(), |v| v.trim().to_string())
            }
        };
        v.trim().to_string()
    }
}

/// Where a Syncro value goes on a local asset.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
#[ts(export)]
pub enum LocalField {
    Name,
    InventoryNumber,
    /// A typed field of the asset's type, by key.
    Field(String),
}

impl LocalField {
    pub fn label(&self) -> String {
        match self {
            LocalField::Name => "name".into(),
            LocalField::InventoryNumber => "inventory number".into(),
            LocalField::Field(key) => key.clone(),
        }
    }
}

/// SY4: one Syncro field into one asset field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct FieldMapping {
    pub syncro: SyncroField,
    pub field: LocalField,
    /// Only fill new assets and empty fields: a value someone typed is never overwritten.
    #[serde(default)]
    pub only_empty: bool,
}

/// SY2: a Syncro customer mapped by hand to a local customer, or to one of its sites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct CustomerLink {
    #[ts(type = "number")]
    pub syncro_customer_id: i64,
    pub customer_id: String,
    #[serde(default)]
    pub site_id: Option<String>,
}

/// A local customer, optionally one of its sites.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SiteRef {
    pub customer_id: String,
    #[serde(default)]
    pub site_id: Option<String>,
}

/// What the admin chose about importing from Syncro (Settings → SyncroMSP).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SyncroImportSettings {
    /// SY2: every Syncro customer becomes a new local one (no matching by name).
    #[serde(default)]
    pub customers_as_new: bool,
    #[serde(default)]
    pub customer_links: Vec<CustomerLink>,
    /// SY2: the local customer new customers are created under.
    #[serde(default)]
    pub top_level_id: Option<String>,
    /// SY3: where assets of a Syncro customer that is neither imported nor mapped go.
    #[serde(default)]
    pub default_site: Option<SiteRef>,
    /// SY3: the group asset types the import creates go under.
    #[serde(default = "default_group")]
    pub new_type_group: String,
    /// SY3: after the Syncro id, an existing asset is found by this pair of fields.
    #[serde(default = "default_match_syncro")]
    pub match_syncro: SyncroField,
    #[serde(default = "default_match_local")]
    pub match_local: LocalField,
    /// SY3: values that never match (and are never written); blank never matches either.
    #[serde(default = "default_excluded")]
    pub excluded_values: Vec<String>,
    #[serde(default = "default_mappings")]
    pub field_mappings: Vec<FieldMapping>,
    /// SY6: assets deleted in Syncro are deactivated here.
    #[serde(default)]
    pub deactivate_deleted: bool,
    /// SY6: what the daily sync re-imports.
    #[serde(default)]
    pub sync_customers: bool,
    #[serde(default)]
    pub sync_assets: bool,
}

fn default_group() -> String {
    "Syncro".into()
}

fn default_match_syncro() -> SyncroField {
    SyncroField::Serial
}

fn default_match_local() -> LocalField {
    LocalField::InventoryNumber
}

fn default_excluded() -> Vec<String> {
    [
        "None",
        "N/A",
        "To be filled by O.E.M.",
        "Default string",
        "0",
    ]
    .map(String::from)
    .to_vec()
}

/// The serial as the inventory number (BeyondTrust's jump searches by it), and the MAC
/// address so Splashtop's launch buttons work on imported assets.
fn default_mappings() -> Vec<FieldMapping> {
    vec![
        FieldMapping {
            syncro: SyncroField::Serial,
            field: LocalField::InventoryNumber,
            only_empty: false,
        },
        FieldMapping {
            syncro: SyncroField::Mac,
            field: LocalField::Field("mac_address".into()),
            only_empty: false,
        },
        FieldMapping {
            syncro: SyncroField::Os,
            field: LocalField::Field("os".into()),
            only_empty: false,
        },
        FieldMapping {
            syncro: SyncroField::Ip,
            field: LocalField::Field("ip_address".into()),
            only_empty: false,
        },
    ]
}

impl Default for SyncroImportSettings {
    fn default() -> Self {
        SyncroImportSettings {
            customers_as_new: false,
            customer_links: Vec::new(),
            top_level_id: None,
            default_site: None,
            new_type_group: default_group(),
            match_syncro: default_match_syncro(),
            match_local: default_match_local(),
            excluded_values: default_excluded(),
            field_mappings: default_mappings(),
            deactivate_deleted: false,
            sync_customers: false,
            sync_assets: false,
        }
    }
}

impl SyncroImportSettings {
    /// Blank, or one of the admin's excluded values (compared without case or spaces around).
    pub fn is_excluded(&self, value: &str) -> bool {
        let v = value.trim();
        v.is_empty()
            || self
                .excluded_values
                .iter()
                .any(|x| x.trim().eq_ignore_ascii_case(v))
    }
}

/// SY7: what becomes of Syncro's RMM alerts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SyncroAlertSettings {
    /// Each new alert becomes a ticket; resolving one resolves the other.
    #[serde(default)]
    pub enabled: bool,
    /// The ticket type alert tickets get.
    #[serde(default)]
    pub ticket_type_id: Option<String>,
    /// Whom a ticket is for when the alert names no customer this desk knows: an end user
    /// of the directory.
    #[serde(default)]
    pub default_end_user_id: Option<String>,
}

/// One choice of a field select, with its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SyncroFieldChoice {
    pub field: SyncroField,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct LocalFieldChoice {
    pub field: LocalField,
    pub label: String,
}

/// What Settings → SyncroMSP offers in its selects: Syncro's core fields (a custom one is
/// typed by name), and the desk's asset fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SyncroImportChoices {
    pub syncro_fields: Vec<SyncroFieldChoice>,
    pub local_fields: Vec<LocalFieldChoice>,
}

impl SyncroField {
    /// Every core field, in the order the select lists them.
    pub const CORE: [SyncroField; 8] = [
        SyncroField::Name,
        SyncroField::Serial,
        SyncroField::Mac,
        SyncroField::Os,
        SyncroField::Ip,
        SyncroField::FormFactor,
        SyncroField::Manufacturer,
        SyncroField::LastUser,
    ];
}

/// The alert a Syncro webhook is about. Its body is not documented in one shape (§4.6): the
/// id is read at the top, as `alert_id`, or inside an `alert` or `rmm_alert` wrapper, as a
/// number or a numeric string.
pub fn webhook_alert_id(body: &str) -> Result<i64, CoreError> {
    let value: serde_json::Value = serde_json::from_str(body)
        .map_err(|e| CoreError::Invalid(format!("the webhook's body is not JSON ({e})")))?;
    let id = [
        &value["id"],
        &value["alert_id"],
        &value["alert"]["id"],
        &value["rmm_alert"]["id"],
    ]
    .into_iter()
    .find_map(|v| {
        v.as_i64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
    })
    .ok_or_else(|| CoreError::Invalid("the webhook's body names no alert id".into()));
    id
}
