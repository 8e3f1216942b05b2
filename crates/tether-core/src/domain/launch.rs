//! SPEC UA3 and UA7: asset field values made safe, and the only URLs Tether opens for an
//! unattended launch. Every URL is built from a fixed scheme, host and path with each value
//! form-encoded, so no field value can change the scheme, host or path, or add a parameter.

use super::asset::{Asset, AssetFieldKind, AssetFieldSpec, AssetType, Platform};
use super::invitation::LaunchSettings;
use super::mac::normalise_mac;
use crate::error::CoreError;

/// What identifies the computer to Splashtop (UA1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplashtopTarget {
    Mac(String),
    /// The Splashtop device UUID (providers.md §3.1, INFERRED from RMM integrations).
    Uuid(String),
}

/// UA5: `st-business://com.splashtop.business?account=<email>&mac=<MAC>` (providers.md §3.1).
pub fn splashtop_launch_url(account: &str, target: &SplashtopTarget) -> Result<String, CoreError> {
    if !account.contains('@') {
        return Err(CoreError::Invalid(format!(
            "{account:?} is not a Splashtop account email"
        )));
    }
    let mut query = url_encoded();
    query.append_pair("account", account);
    match target {
        SplashtopTarget::Mac(raw) => {
            query.append_pair("mac", &normalise_mac(raw)?);
        }
        SplashtopTarget::Uuid(uuid) => {
            query.append_pair("uuid", uuid.trim());
            query.append_pair("sessiontype", "remote");
        }
    }
    Ok(format!(
        "st-business://com.splashtop.business?{}",
        query.finish()
    ))
}

/// UA6: BeyondTrust's Client Scripting URL that starts a pinned-client (Jump Client) session
/// for an asset (providers.md §1.8), on the configured appliance only. `appliance` is a host
/// (`support.example.com`, https) or the card's address; plain http only on this machine
/// (the sandbox), as the card itself allows.
pub fn beyondtrust_jump_url(appliance: &str, search: &str) -> Result<String, CoreError> {
    let raw = appliance.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, host) = match raw.split_once("://") {
        Some((scheme, host)) => (scheme.to_string(), host.to_string()),
        None => ("https".to_string(), raw.clone()),
    };
    let refuse = || {
        CoreError::Invalid(format!(
            "{appliance:?} is not an appliance address (e.g. support.example.com)"
        ))
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':')
        && !host.starts_with('.')
        && !host.starts_with('-')
        && !host.starts_with(':');
    if !host_ok {
        return Err(refuse());
    }
    let name = host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h);
    let loopback = matches!(name, "127.0.0.1" | "localhost");
    match scheme.as_str() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(refuse()),
    }
    if search.trim().is_empty() {
        return Err(CoreError::Invalid(
            "the asset has no inventory number to jump to".into(),
        ));
    }
    let mut query = url_encoded();
    query
        .append_pair("type", "rep")
        .append_pair("operation", "generate")
        .append_pair("action", "start_pinned_client_session")
        .append_pair("search_string", search.trim());
    Ok(format!(
        "{scheme}://{host}/api/client_script?{}",
        query.finish()
    ))
}

/// UA1, UA4, UA6: one launch button on an asset, or why there is none.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
    schemars::JsonSchema,
)]
#[ts(export)]
pub struct LaunchButton {
    /// Stable for the CLI and the UI: `splashtop:<field>` or `beyondtrust:jump`.
    pub id: String,
    pub provider: String,
    pub label: String,
    /// The value that will be sent (already normalised).
    pub value: String,
}

#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
    schemars::JsonSchema,
)]
#[ts(export)]
pub struct LaunchOptions {
    pub buttons: Vec<LaunchButton>,
    /// Why an expected button is absent (UA4), shown on hover where it would be.
    pub unavailable: Vec<String>,
}

/// A field the admin may pick for the Splashtop buttons (UA1), and why not when it cannot be.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
    schemars::JsonSchema,
)]
#[ts(export)]
pub struct LaunchFieldChoice {
    pub key: String,
    /// The field's label and the asset type it comes from.
    pub label: String,
    pub usable: bool,
    pub reason: Option<String>,
}

fn not_launchable(spec: &AssetFieldSpec) -> String {
    format!(
        "{} is a {} field: Splashtop launches by MAC address or Splashtop device ID only",
        spec.label,
        spec.kind.label()
    )
}

/// Every field of every asset type, once per key, as the Splashtop field pickers offer them.
pub fn launch_field_choices(asset_types: &[AssetType]) -> Vec<LaunchFieldChoice> {
    let mut out: Vec<LaunchFieldChoice> = Vec::new();
    for t in asset_types {
        for f in &t.fields {
            if out.iter().any(|c| c.key == f.key) {
                continue;
            }
            let usable = f.kind.splashtop_launches_by();
            out.push(LaunchFieldChoice {
                key: f.key.clone(),
                label: format!("{} ({})", f.label, t.name),
                usable,
                reason: (!usable).then(|| not_launchable(f)),
            });
        }
    }
    out
}

/// UA1 when settings are saved: a launch field that some asset type holds as a kind
/// Splashtop cannot launch by is refused. A key no asset type has yet is allowed.
pub fn check_launch_field(key: &str, asset_types: &[AssetType]) -> Result<(), CoreError> {
    let wrong = asset_types
        .iter()
        .flat_map(|t| &t.fields)
        .find(|f| f.key == key && !f.kind.splashtop_launches_by());
    match wrong {
        Some(f) => Err(CoreError::Invalid(not_launchable(f))),
        None => Ok(()),
    }
}

/// The buttons an asset shows, from the admin's launch settings and the asset's own fields.
pub fn launch_buttons(
    asset: &Asset,
    asset_type: &AssetType,
    settings: &LaunchSettings,
    beyondtrust_host: Option<&str>,
) -> LaunchOptions {
    let mut out = LaunchOptions::default();
    let fields = [
        settings.splashtop_primary_field.as_deref(),
        settings.splashtop_secondary_field.as_deref(),
    ];
    let configured: Vec<&str> = fields.into_iter().flatten().collect();
    if !configured.is_empty() {
        if asset.platform == Platform::Android {
            out.unavailable.push(
                "Splashtop cannot reach Android devices, so this asset has no Splashtop button"
                    .into(),
            );
        } else {
            for key in configured {
                let Some(spec) = asset_type.fields.iter().find(|f| f.key == key) else {
                    out.unavailable.push(format!(
                        "asset type {} has no field {key:?} for Splashtop (Settings → Remote support)",
                        asset_type.name
                    ));
                    continue;
                };
                if !spec.kind.splashtop_launches_by() {
                    out.unavailable.push(format!(
                        "{} (Settings → Remote support)",
                        not_launchable(spec)
                    ));
                    continue;
                }
                let Some(value) = asset.fields.get(key).filter(|v| !v.trim().is_empty()) else {
                    continue;
                };
                if spec.kind == AssetFieldKind::MacAddress && normalise_mac(value).is_err() {
                    out.unavailable
                        .push(format!("{} {value:?} is not a MAC address", spec.label));
                    continue;
                }
                out.buttons.push(LaunchButton {
                    id: format!("splashtop:{key}"),
                    provider: "splashtop".into(),
                    label: format!("Splashtop · {}", spec.label),
                    value: value.clone(),
                });
            }
        }
    }
    if settings.beyondtrust_jump {
        match beyondtrust_host {
            None => {}
            Some(_) if asset.inventory_number.trim().is_empty() => out
                .unavailable
                .push("BeyondTrust jump needs the asset's inventory number".into()),
            Some(_) => out.buttons.push(LaunchButton {
                id: "beyondtrust:jump".into(),
                provider: "beyondtrust".into(),
                label: "BeyondTrust jump".into(),
                value: asset.inventory_number.trim().to_string(),
            }),
        }
    }
    out
}

/// The URL behind a button: only ever a `st-business://` or `https://<configured host>` URL.
pub fn launch_url(
    button: &LaunchButton,
    asset_type: &AssetType,
    account: &str,
    beyondtrust_host: Option<&str>,
) -> Result<String, CoreError> {
    match button.provider.as_str() {
        "splashtop" => {
            let key = button.id.trim_start_matches("splashtop:");
            let kind = asset_type
                .fields
                .iter()
                .find(|f| f.key == key)
                .map(|f| f.kind);
            let target = match kind {
                Some(AssetFieldKind::MacAddress) => SplashtopTarget::Mac(button.value.clone()),
                Some(AssetFieldKind::SplashtopId) => SplashtopTarget::Uuid(button.value.clone()),
                _ => {
                    return Err(CoreError::Invalid(format!(
                        "Splashtop launches by MAC address or Splashtop device ID, not by {key:?}"
                    )))
                }
            };
            splashtop_launch_url(account, &target)
        }
        "beyondtrust" => {
            let host = beyondtrust_host.ok_or_else(|| {
                CoreError::Invalid("BeyondTrust has no host in Settings → Integrations".into())
            })?;
            beyondtrust_jump_url(host, &button.value)
        }
        other => Err(CoreError::Invalid(format!("no launcher for {other:?}"))),
    }
}

fn url_encoded() -> form_urlencoded::Serializer<'static, String> {
    form_urlencoded::Serializer::new(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn macs_in_every_common_spelling() {
        for raw in [
            "aa:bb:cc:dd:ee:01",
            "AA-BB-CC-DD-EE-01",
            "aabb.ccdd.ee01",
            " aabbccddee01 ",
        ] {
            assert_eq!(normalise_mac(raw).unwrap(), "AABBCCDDEE01", "{raw}");
        }
        for bad in [
            "",
            "aa:bb:cc:dd:ee",
            "aa:bb:cc:dd:ee:ff:00",
            "gg:bb:cc:dd:ee:ff",
            "00:00:00:00:00:00",
            "ff:ff:ff:ff:ff:ff",
            "None",
        ] {
            assert!(normalise_mac(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_documented_urls() {
        assert_eq!(
            splashtop_launch_url(
                "tech@example.com",
                &SplashtopTarget::Mac("aa-bb-cc-dd-ee-01".into())
            )
            .unwrap(),
            "st-business://com.splashtop.business?account=tech%40example.com&mac=AABBCCDDEE01"
        );
        assert_eq!(
            beyondtrust_jump_url("support.example.com", "PC-0042").unwrap(),
            "https://support.example.com/api/client_script?type=rep&operation=generate&action=start_pinned_client_session&search_string=PC-0042"
        );
    }

    fn parse(url: &str) -> (String, String, String, Vec<(String, String)>) {
        let (scheme, rest) = url.split_once("://").unwrap();
        let (authority_path, query) = rest.split_once('?').unwrap();
        let (host, path) = authority_path
            .split_once('/')
            .unwrap_or((authority_path, ""));
        let pairs = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        (
            scheme.to_string(),
            host.to_string(),
            path.to_string(),
            pairs,
        )
    }

    proptest! {
        /// UA7: whatever a field holds — `&`, `#`, `?`, `%`, quotes, newlines, unicode,
        /// `javascript:`, a second `://` — the scheme, host, path and parameter names never
        /// change, and the value comes back out intact.
        #[test]
        fn hostile_values_cannot_bend_a_jump_url(search in "[a-zA-Z0-9&#?%'\" \n\u{e9}\u{4e2d}:/=.-]{1,40}") {
            prop_assume!(!search.trim().is_empty());
            let url = beyondtrust_jump_url("support.example.com", &search).unwrap();
            let (scheme, host, path, pairs) = parse(&url);
            prop_assert_eq!(scheme, "https");
            prop_assert_eq!(host, "support.example.com");
            prop_assert_eq!(path, "api/client_script");
            let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
            prop_assert_eq!(names, vec!["type", "operation", "action", "search_string"]);
            prop_assert_eq!(&pairs[3].1, search.trim());
            prop_assert!(!url.contains('\n') && !url.contains('#'));
        }

        #[test]
        fn hostile_accounts_cannot_bend_a_splashtop_url(
            local in "[a-zA-Z0-9&#?%'\"=:/.\u{e9}]{1,20}",
            uuid in "[a-zA-Z0-9&#?%=:/ -]{1,30}",
        ) {
            let account = format!("{local}@example.com");
            let url = splashtop_launch_url(&account, &SplashtopTarget::Uuid(uuid.clone())).unwrap();
            let (scheme, host, path, pairs) = parse(&url);
            prop_assert_eq!(scheme, "st-business");
            prop_assert_eq!(host, "com.splashtop.business");
            prop_assert_eq!(path, "");
            let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
            prop_assert_eq!(names, vec!["account", "uuid", "sessiontype"]);
            prop_assert_eq!(&pairs[0].1, &account);
            prop_assert_eq!(&pairs[1].1, uuid.trim());
        }

        #[test]
        fn any_twelve_hex_digits_with_any_separators_normalise(bytes in proptest::array::uniform6(1u8..=254), sep in prop::sample::select(vec![":", "-", ""])) {
            let raw = bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(sep);
            let mac = normalise_mac(&raw).unwrap();
            prop_assert_eq!(mac.len(), 12);
            prop_assert_eq!(mac, raw.replace(sep, "").to_ascii_uppercase());
        }
    }

    #[test]
    fn hosts_that_are_not_hosts_are_refused() {
        for bad in [
            "",
            "evil.com/x",
            "javascript:alert(1)//",
            "a b",
            "http://evil.example",
            "ftp://support.example.com",
            "https://evil.example/x?y",
            ".example.com",
        ] {
            assert!(beyondtrust_jump_url(bad, "PC-1").is_err(), "{bad}");
        }
        assert!(beyondtrust_jump_url("support.example.com", "   ").is_err());
        assert_eq!(
            beyondtrust_jump_url("https://Support.Example.com/", "PC-1").unwrap(),
            beyondtrust_jump_url("support.example.com", "PC-1").unwrap()
        );
        assert!(beyondtrust_jump_url("http://127.0.0.1:4100", "PC-1")
            .unwrap()
            .starts_with("http://127.0.0.1:4100/api/client_script?"));
        assert!(
            splashtop_launch_url("no-at-sign", &SplashtopTarget::Mac("aabbccddee01".into()))
                .is_err()
        );
    }
}
