//! Syncro's JSON as it is sent (§4.3–§4.7): every field optional that a real tenant may omit,
//! wrapper keys that differ between endpoints, `success` as a boolean or a string.

use serde::Deserialize;
use serde_json::Value;

/// §4.3: the loop is driven by `total_pages`, never by a page size.
#[derive(Debug, Deserialize, Default)]
pub struct Meta {
    #[serde(default)]
    pub total_pages: Option<u32>,
    #[serde(default)]
    pub total_entries: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct CustomerPage {
    #[serde(default)]
    pub customers: Vec<Customer>,
    #[serde(default)]
    pub meta: Meta,
}

#[derive(Debug, Deserialize)]
pub struct Customer {
    pub id: i64,
    #[serde(default)]
    pub business_name: Option<String>,
    #[serde(default)]
    pub fullname: Option<String>,
    #[serde(default)]
    pub firstname: Option<String>,
    #[serde(default)]
    pub lastname: Option<String>,
    #[serde(default)]
    pub disabled: Option<bool>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct AssetPage {
    #[serde(default)]
    pub assets: Vec<Asset>,
    #[serde(default)]
    pub meta: Meta,
}

#[derive(Debug, Deserialize)]
pub struct Asset {
    pub id: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub customer_id: Option<i64>,
    #[serde(default)]
    pub asset_type: Option<String>,
    #[serde(default)]
    pub asset_serial: Option<String>,
    /// Custom fields by name, and `kabuto_information` for agent machines (§4.5).
    #[serde(default)]
    pub properties: Option<Value>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct AlertPage {
    #[serde(default)]
    pub rmm_alerts: Vec<Alert>,
    #[serde(default)]
    pub meta: Meta,
}

/// `GET /rmm_alerts/{id}` wraps in `rmm_alert`, `POST /rmm_alerts` in `alert` (§4.6, §4.9).
#[derive(Debug, Deserialize)]
pub struct OneAlert {
    #[serde(default)]
    pub rmm_alert: Option<Alert>,
    #[serde(default)]
    pub alert: Option<Alert>,
}

#[derive(Debug, Deserialize)]
pub struct Alert {
    pub id: i64,
    #[serde(default)]
    pub customer_id: Option<i64>,
    #[serde(default)]
    pub asset_id: Option<i64>,
    #[serde(default)]
    pub computer_name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub formatted_output: Option<String>,
    #[serde(default)]
    pub resolved: Option<bool>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `GET /me` (§4.1): the token's user and what it may do. The permission list's shape is
/// not documented: a list of names, or an object of name → granted.
#[derive(Debug, Deserialize)]
pub struct Me {
    #[serde(default)]
    pub user_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub permissions: Option<Value>,
}

/// `{"success": true}` or `{"success": "true"}` (§4.6, §4.9).
#[derive(Debug, Deserialize)]
pub struct Success {
    #[serde(default)]
    pub success: Option<Value>,
}
