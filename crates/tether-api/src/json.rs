//! Arguments in, results out, as JSON: what every transport carries.

use serde::de::DeserializeOwned;
use serde::Serialize;
use tether_core::{ErrorCode, ErrorDto};

/// A command's arguments: a JSON object, one field per argument.
pub(crate) fn args<T: DeserializeOwned>(
    command: &str,
    args: serde_json::Value,
) -> Result<T, ErrorDto> {
    if !args.is_object() {
        return Err(ErrorDto::new(
            ErrorCode::InvalidInput,
            format!("the arguments of {command} must be a JSON object"),
        ));
    }
    serde_json::from_value(args).map_err(|e| {
        ErrorDto::new(
            ErrorCode::InvalidInput,
            format!("the arguments of {command} are not valid: {e}"),
        )
    })
}

pub(crate) fn output<T: Serialize>(
    command: &str,
    value: &T,
) -> Result<serde_json::Value, ErrorDto> {
    serde_json::to_value(value).map_err(|e| {
        // Only a type that cannot be JSON fails here: a bug, said plainly.
        ErrorDto::new(
            ErrorCode::Internal,
            format!("the answer of {command} could not be written as JSON: {e}"),
        )
    })
}
