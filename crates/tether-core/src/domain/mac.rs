//! MAC addresses as the desk keeps them (UA3).

use crate::error::CoreError;

/// UA3: a MAC address as Splashtop wants it: 12 hex digits, no separators, upper case.
/// Accepts `aa:bb:cc:dd:ee:ff`, `AA-BB-CC-DD-EE-FF`, `aabb.ccdd.eeff` and bare hex; refuses
/// anything else, including all-zero and broadcast addresses.
pub fn normalise_mac(raw: &str) -> Result<String, CoreError> {
    let hex: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.' | ' '))
        .collect();
    let refuse = |why: &str| CoreError::Invalid(format!("{raw:?} is not a MAC address: {why}"));
    if hex.len() != 12 {
        return Err(refuse("a MAC address has 12 hex digits"));
    }
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(refuse("only 0-9 and A-F are hex digits"));
    }
    let hex = hex.to_ascii_uppercase();
    if hex == "000000000000" || hex == "FFFFFFFFFFFF" {
        return Err(refuse("that is not one computer's address"));
    }
    Ok(hex)
}
