//! SPEC TK1: who Tether works for. Customers (with sites and end users) come from the PSA or
//! the RMM; teams group technicians and own a channel that receives their invitations.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Customer {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub sites: Vec<Site>,
    #[serde(default)]
    pub end_users: Vec<EndUser>,
    /// SY2: the Syncro customer it was imported from or matched to; wins on later imports.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub syncro_id: Option<i64>,
    /// A customer disabled in Syncro is kept, inactive.
    #[serde(default = "super::yes")]
    pub active: bool,
    /// SY2: the top level new customers were imported under.
    #[serde(default)]
    pub parent_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Site {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct EndUser {
    pub id: String,
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub site_id: Option<String>,
}

/// A team of technicians. Its invitations land in its channel (IN1, IN2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub channel_id: String,
    #[serde(default)]
    pub members: Vec<String>,
}
