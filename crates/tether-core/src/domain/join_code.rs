//! SPEC SD2: what a session's code and link must look like before we show them to anyone.

use crate::error::CoreError;

/// Splashtop's service-desk API issues a 9-digit code the end user types.
pub fn validate_join_code(code: &str) -> Result<(), CoreError> {
    if code.len() == 9 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(CoreError::Invalid(format!(
            "the provider returned the code {code:?}, which is not 9 digits"
        )))
    }
}

/// The end user's link must be an https (or, for the local sandbox, loopback http) URL.
pub fn validate_support_link(link: &str) -> Result<(), CoreError> {
    let ok = link
        .strip_prefix("https://")
        .map(|rest| !rest.is_empty() && !rest.starts_with('/'))
        .unwrap_or(false)
        || link.starts_with("http://127.0.0.1:")
        || link.starts_with("http://localhost:");
    let clean = !link.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok && clean {
        Ok(())
    } else {
        Err(CoreError::Invalid(format!(
            "the provider returned the link {link:?}, which is not an https URL"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes() {
        assert!(validate_join_code("123456789").is_ok());
        for bad in [
            "12345678",
            "1234567890",
            "12345678a",
            "",
            "１２３４５６７８９",
        ] {
            assert!(validate_join_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn links() {
        assert!(
            validate_support_link("https://my.splashtop.com/service_desk/psa/123456789").is_ok()
        );
        assert!(validate_support_link("http://127.0.0.1:4100/sos/123456789").is_ok());
        for bad in [
            "http://evil.example/x",
            "javascript:alert(1)",
            "https://",
            "https:///path",
            "https://ok.example/a b",
            "https://ok.example/\n",
        ] {
            assert!(validate_support_link(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn any_nine_digits_is_a_code(n in 0u32..1_000_000_000) {
            let code = format!("{:09}", n);
            prop_assert!(validate_join_code(&code).is_ok());
        }

        #[test]
        fn anything_else_is_not(s in "\\PC{0,12}") {
            let is_code = s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit());
            prop_assert_eq!(validate_join_code(&s).is_ok(), is_code);
        }
    }
}
