use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A technician (agent). For now a local list; provider sign-in comes later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Technician {
    pub id: String,
    pub name: String,
    pub email: String,
    /// SD5: transferring a session to another assignee needs the *release* permission.
    pub can_release: bool,
    /// IN8: signed in and taking invitations. An unavailable technician's invitations go
    /// to the default team, if the admin allows it.
    #[serde(default = "super::yes")]
    pub available: bool,
}

impl Technician {
    /// What a technician must have before the desk keeps them.
    pub fn check(&self) -> Result<(), crate::error::CoreError> {
        let id_ok = !self.id.is_empty()
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            return Err(crate::error::CoreError::Invalid(format!(
                "a technician id is letters, digits, '-' or '_', not {:?}",
                self.id
            )));
        }
        if self.name.trim().is_empty() || !self.email.contains('@') {
            return Err(crate::error::CoreError::Invalid(
                "a technician needs a name and an email address".to_string(),
            ));
        }
        Ok(())
    }
}
