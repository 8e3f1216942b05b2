//! SPEC TK1, UA1, UA3, UA4: assets with a type whose fields are typed, and the history of
//! launches to them.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::mac::normalise_mac;
use crate::error::CoreError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AssetFieldKind {
    Text,
    TextArea,
    /// `YYYY-MM-DD`.
    Date,
    /// `true` or `false`.
    Checkbox,
    /// One of the field's options.
    Dropdown,
    /// UA3: stored as 12 upper-case hex digits, whatever was typed or imported.
    MacAddress,
    /// The Splashtop device ID (SUUID) the Streamer reports (providers.md §3.1).
    SplashtopId,
}

impl AssetFieldKind {
    /// UA1: Splashtop launches by MAC address or by its own device ID, nothing else
    /// (providers.md §3.1): any other field would build a URL Splashtop cannot use.
    pub fn splashtop_launches_by(self) -> bool {
        matches!(
            self,
            AssetFieldKind::MacAddress | AssetFieldKind::SplashtopId
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            AssetFieldKind::Text => "text",
            AssetFieldKind::TextArea => "long text",
            AssetFieldKind::Date => "date",
            AssetFieldKind::Checkbox => "checkbox",
            AssetFieldKind::Dropdown => "dropdown",
            AssetFieldKind::MacAddress => "MAC address",
            AssetFieldKind::SplashtopId => "Splashtop device ID",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AssetFieldSpec {
    pub key: String,
    pub label: String,
    pub kind: AssetFieldKind,
    #[serde(default)]
    pub options: Vec<String>,
}

impl AssetFieldSpec {
    /// The value as stored, or why it cannot be. Empty means "not set".
    pub fn normalise(&self, raw: &str) -> Result<String, CoreError> {
        let value = raw.trim();
        if value.is_empty() {
            return Ok(String::new());
        }
        let refuse = |why: String| CoreError::Invalid(format!("{}: {why}", self.label));
        match self.kind {
            AssetFieldKind::Text => {
                if value.contains('\n') {
                    return Err(refuse("one line only".into()));
                }
                Ok(value.to_string())
            }
            AssetFieldKind::TextArea => Ok(raw.trim_end().to_string()),
            AssetFieldKind::Date => NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map(|d| d.format("%Y-%m-%d").to_string())
                .map_err(|_| refuse(format!("{value:?} is not a date like 2026-11-21"))),
            AssetFieldKind::Checkbox => match value.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Ok("true".into()),
                "false" | "no" | "0" => Ok("false".into()),
                _ => Err(refuse(format!("{value:?} is neither true nor false"))),
            },
            AssetFieldKind::Dropdown => self
                .options
                .iter()
                .find(|o| o.as_str() == value)
                .cloned()
                .ok_or_else(|| {
                    refuse(format!(
                        "{value:?} is not one of {}",
                        self.options.join(", ")
                    ))
                }),
            AssetFieldKind::MacAddress => normalise_mac(value).map_err(|e| refuse(e.to_string())),
            AssetFieldKind::SplashtopId => {
                // The registry shows it as a GUID, sometimes in braces.
                let id = value.trim_start_matches('{').trim_end_matches('}');
                if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    Ok(id.to_string())
                } else {
                    Err(refuse(format!(
                        "{value:?} is not a Splashtop device ID (letters, digits and dashes, \
                         as the Streamer's SUUID reads)"
                    )))
                }
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AssetType {
    pub id: String,
    pub name: String,
    pub fields: Vec<AssetFieldSpec>,
    /// SY3: the group a type made by an import was created under.
    #[serde(default)]
    pub group: Option<String>,
}

/// The operating system family, which decides what can reach the asset (UA4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Platform {
    Windows,
    Mac,
    Linux,
    Android,
    Ios,
    #[default]
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Asset {
    pub id: String,
    pub name: String,
    pub customer_id: Option<String>,
    #[serde(default)]
    pub customer_name: String,
    pub type_id: String,
    /// BeyondTrust's jump searches by this (UA6).
    #[serde(default)]
    pub inventory_number: String,
    #[serde(default)]
    pub platform: Platform,
    /// Field key → stored value (already normalised by its kind).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// SY3: the Syncro asset it was imported from or matched to; checked first on imports.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub syncro_id: Option<i64>,
    /// SY6: an asset deleted in Syncro may be deactivated rather than removed.
    #[serde(default = "super::yes")]
    pub active: bool,
    /// The customer's site it belongs to, where known.
    #[serde(default)]
    pub site_id: Option<String>,
}

impl Asset {
    /// Normalises every field by its type; refuses unknown fields and bad values, naming
    /// each one, so an import reports all of a row's problems at once.
    pub fn normalise_fields(&mut self, asset_type: &AssetType) -> Result<(), CoreError> {
        let mut problems = Vec::new();
        let mut out = BTreeMap::new();
        for (key, raw) in &self.fields {
            match asset_type.fields.iter().find(|f| &f.key == key) {
                None => problems.push(format!(
                    "{key:?} is not a field of asset type {}",
                    asset_type.name
                )),
                Some(spec) => match spec.normalise(raw) {
                    Ok(v) if v.is_empty() => {}
                    Ok(v) => {
                        out.insert(key.clone(), v);
                    }
                    Err(e) => problems.push(e.to_string()),
                },
            }
        }
        if !problems.is_empty() {
            return Err(CoreError::Invalid(format!(
                "asset {}: {}",
                self.name,
                problems.join("; ")
            )));
        }
        self.fields = out;
        Ok(())
    }
}

/// UA5: one launch, as the asset's history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AssetLaunch {
    #[ts(type = "number")]
    pub id: i64,
    pub asset_id: String,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub provider: String,
    pub label: String,
    pub url: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AssetQuery {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub customer_id: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(kind: AssetFieldKind) -> AssetFieldSpec {
        AssetFieldSpec {
            key: "f".into(),
            label: "Field".into(),
            kind,
            options: vec!["Laptop".into(), "Desktop".into()],
        }
    }

    #[test]
    fn each_kind_keeps_good_values_and_refuses_bad_ones() {
        let ok = |k, v: &str, want: &str| assert_eq!(spec(k).normalise(v).unwrap(), want);
        ok(AssetFieldKind::Text, " PC-1 ", "PC-1");
        ok(
            AssetFieldKind::SplashtopId,
            "{8F4C2E1B-6A7D-4E39-9C0B-2D5F7A1E3B64}",
            "8F4C2E1B-6A7D-4E39-9C0B-2D5F7A1E3B64",
        );
        assert!(spec(AssetFieldKind::SplashtopId)
            .normalise("10.0.4.42")
            .is_err());
        ok(AssetFieldKind::TextArea, "a\nb\n", "a\nb");
        ok(AssetFieldKind::Date, "2026-02-03", "2026-02-03");
        ok(AssetFieldKind::Checkbox, "Yes", "true");
        ok(AssetFieldKind::Dropdown, "Laptop", "Laptop");
        ok(
            AssetFieldKind::MacAddress,
            "aa-bb-cc-dd-ee-01",
            "AABBCCDDEE01",
        );
        ok(AssetFieldKind::MacAddress, "", "");
        for (k, v) in [
            (AssetFieldKind::Text, "a\nb"),
            (AssetFieldKind::Date, "03/02/2026"),
            (AssetFieldKind::Date, "2026-02-30"),
            (AssetFieldKind::Checkbox, "maybe"),
            (AssetFieldKind::Dropdown, "Tablet"),
            (AssetFieldKind::MacAddress, "aa:bb:cc"),
        ] {
            let err = spec(k).normalise(v).unwrap_err().to_string();
            assert!(err.starts_with("Field:"), "{err}");
        }
    }

    #[test]
    fn an_asset_reports_every_bad_field_at_once() {
        let t = AssetType {
            id: "t".into(),
            name: "Computer".into(),
            fields: vec![
                AssetFieldSpec {
                    key: "mac".into(),
                    label: "MAC address".into(),
                    kind: AssetFieldKind::MacAddress,
                    options: vec![],
                },
                AssetFieldSpec {
                    key: "bought".into(),
                    label: "Bought".into(),
                    kind: AssetFieldKind::Date,
                    options: vec![],
                },
            ],
            group: None,
        };
        let mut a = Asset {
            id: "a".into(),
            name: "PC-1".into(),
            customer_id: None,
            customer_name: String::new(),
            type_id: "t".into(),
            inventory_number: String::new(),
            platform: Platform::Windows,
            fields: [("mac", "zz"), ("bought", "yesterday"), ("colour", "red")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            syncro_id: None,
            active: true,
            site_id: None,
        };
        let err = a.normalise_fields(&t).unwrap_err().to_string();
        assert!(err.contains("MAC address") && err.contains("Bought") && err.contains("colour"));
        a.fields = [("mac".to_string(), "00:11:22:33:44:55".to_string())].into();
        a.normalise_fields(&t).unwrap();
        assert_eq!(a.fields["mac"], "001122334455");
    }
}
