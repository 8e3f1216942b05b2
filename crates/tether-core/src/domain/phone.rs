//! A phone number an SMS can go to: E.164, written with its country code. What cannot be
//! one is refused by name, before anything is created.

use crate::error::CoreError;

/// `+44 7700 900123`, `+1 (555) 010-2030` → `+447700900123`, `+15550102030`.
pub fn normalise_phone(raw: &str) -> Result<String, CoreError> {
    let refuse = || {
        CoreError::Invalid(format!(
            "{raw:?} is not a phone number an SMS can reach: write it with its country code, \
             e.g. +44 7700 900123"
        ))
    };
    let compact: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let digits = compact
        .strip_prefix('+')
        .or_else(|| compact.strip_prefix("00"))
        .ok_or_else(refuse)?;
    if !(8..=15).contains(&digits.len())
        || !digits.chars().all(|c| c.is_ascii_digit())
        || digits.starts_with('0')
    {
        return Err(refuse());
    }
    Ok(format!("+{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_their_country_code_in_any_common_spelling() {
        for (raw, want) in [
            ("+44 7700 900123", "+447700900123"),
            ("+1 (555) 010-2030", "+15550102030"),
            ("0049 30 1234567", "+49301234567"),
        ] {
            assert_eq!(normalise_phone(raw).unwrap(), want, "{raw}");
        }
        for bad in [
            "07700 900123",
            "+12",
            "+44 7700 ABC123",
            "maria@example.com",
            "",
            "+0 123456789",
        ] {
            let e = normalise_phone(bad).unwrap_err();
            assert!(e.to_string().contains("not a phone number"), "{bad}: {e}");
        }
    }
}
