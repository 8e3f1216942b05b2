//! What an admin may type into a card (CR1) and how a provider's failure is told back to
//! them. Rules of the integrations, whichever front end the card is filled in.

use super::integration::{FieldKind, FieldSpec, IntegrationKind};
use crate::error::CoreError;
use crate::ports::ProviderError;

/// A value typed into `field`, as it is kept; `None` for a blank (the field is left unset).
pub fn check_value(
    kind: IntegrationKind,
    field: &FieldSpec,
    value: &str,
) -> Result<Option<String>, CoreError> {
    let checked = match field.kind {
        FieldKind::Secret => {
            return Err(CoreError::Invalid(format!(
                "{} is a secret: it goes to the keychain, not among the values",
                field.label
            )))
        }
        _ if value.trim().is_empty() => return Ok(None),
        FieldKind::Url => check_base_url(value, &field.placeholder)?,
        FieldKind::Text => check_text(kind, &field.key, value)?,
        FieldKind::Choice => {
            let v = value.trim().to_ascii_lowercase();
            if !field.options.contains(&v) {
                return Err(CoreError::Invalid(format!(
                    "{} is one of {}, not {value:?}",
                    field.label,
                    field.options.join(", ")
                )));
            }
            v
        }
    };
    Ok(Some(checked))
}

/// A provider failure in words an admin can act on.
pub fn explain_failure(kind: IntegrationKind, e: &ProviderError) -> String {
    let name = kind.name();
    match e {
        ProviderError::Unreachable(detail) => {
            let hint = if detail.contains("certificate") || detail.contains("tls") {
                "the TLS certificate was refused"
            } else if detail.contains("dns") || detail.contains("resolve") {
                "the host name does not resolve"
            } else {
                "nothing answered"
            };
            format!("cannot reach {name}: {hint}. Check the address and the network ({detail})")
        }
        ProviderError::Unauthorized(why) => format!("{name} refused the credentials (401): {why}"),
        ProviderError::RateLimited { retry_after_secs } => {
            format!("{name} is rate limiting this account; try again in {retry_after_secs} s")
        }
        other => format!("{name}: {other}"),
    }
}

/// Text fields with a shape: the SMTP port and sender.
fn check_text(kind: IntegrationKind, key: &str, value: &str) -> Result<String, CoreError> {
    let value = value.trim().to_string();
    match (kind, key) {
        (IntegrationKind::Smtp, "port") => match value.parse::<u16>() {
            Ok(p) if p > 0 => Ok(value),
            _ => Err(CoreError::Invalid(format!(
                "the port is a number from 1 to 65535, not {value:?}"
            ))),
        },
        (IntegrationKind::Smtp, "from") => {
            let address = value
                .rsplit_once('<')
                .map_or(value.as_str(), |(_, a)| a.trim_end_matches('>'));
            if super::invitation::is_email(address.trim()) {
                Ok(value)
            } else {
                Err(CoreError::Invalid(format!(
                    "the sender {value:?} is not an address like Support <support@example.com>"
                )))
            }
        }
        _ => Ok(value),
    }
}

/// https anywhere; plain http only on this machine (the sandbox).
/// `example` is the field's own placeholder, so the hint names this provider's address.
pub fn check_base_url(raw: &str, example: &str) -> Result<String, CoreError> {
    let url = url::Url::parse(raw.trim())
        .map_err(|e| CoreError::Invalid(format!("{raw:?} is not a URL: {e}")))?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    let ok = match url.scheme() {
        "https" => url.host_str().is_some(),
        "http" => loopback,
        _ => false,
    };
    if !ok || !url.username().is_empty() || url.password().is_some() || url.query().is_some() {
        let example = if example.is_empty() {
            String::new()
        } else {
            format!(" (e.g. {example})")
        };
        return Err(CoreError::Invalid(format!(
            "{raw:?}: use https://host{example}; plain http only on this machine, and no \
             credentials or query in the address"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::check_base_url;

    #[test]
    fn base_urls() {
        assert_eq!(
            check_base_url("https://webapi.splashtop.com/", "").unwrap(),
            "https://webapi.splashtop.com"
        );
        assert!(check_base_url("http://127.0.0.1:4100", "").is_ok());
        for bad in [
            "http://webapi.splashtop.com",
            "ftp://x",
            "https://user:pw@host",
            "https://host/?token=x",
            "webapi.splashtop.com",
            "javascript:alert(1)",
        ] {
            assert!(check_base_url(bad, "").is_err(), "{bad}");
        }
    }
}
