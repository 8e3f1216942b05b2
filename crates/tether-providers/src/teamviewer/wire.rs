//! TeamViewer's payloads exactly as sent (providers.md §2.3–2.5). Dates stay strings here:
//! the server writes both `2026-11-21T08:15:00Z` and `20261121T081500Z`, and `map` reads both.

use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize)]
pub struct CreateSession<'a> {
    pub groupname: &'a str,
    pub description: &'a str,
    pub end_customer: EndCustomerOut<'a>,
    pub custom_api: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    pub support_session_type: &'a str,
}

#[derive(Debug, Serialize)]
pub struct EndCustomerOut<'a> {
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
}

#[derive(Debug, Deserialize, Default)]
pub struct EndCustomer {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Session {
    pub code: String,
    pub state: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub end_customer: Option<EndCustomer>,
    #[serde(default)]
    pub end_customer_link: Option<String>,
    #[serde(default)]
    pub supporter_link: Option<String>,
    #[serde(default)]
    pub custom_api: Option<String>,
    #[serde(default)]
    pub support_session_type: Option<String>,
    #[serde(default)]
    pub online: Option<bool>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub valid_until: Option<String>,
    #[serde(default)]
    pub closed_at: Option<String>,
}

/// `GET /sessions`: without `full_list` each item is only `code`, `state`, `groupid`.
#[derive(Debug, Deserialize)]
pub struct SessionList {
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub next_offset: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Report {
    pub id: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub devicename: Option<String>,
    pub start_date: String,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub session_code: Option<String>,
    #[serde(default)]
    pub custom_api: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ReportList {
    #[serde(default)]
    pub records: Vec<Report>,
    #[serde(default)]
    pub next_offset: Option<String>,
}

/// `GET /account` (§2.2): whose account a user-level token acts as.
#[derive(Debug, Deserialize)]
pub struct Account {
    #[serde(default)]
    pub name: Option<String>,
    /// Only with the `Account.ReadEmail` scope.
    #[serde(default)]
    pub email: Option<String>,
}

/// The body of every 4xx/5xx (§2.5).
#[derive(Debug, Deserialize, Default)]
pub struct ErrorBody {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
}
