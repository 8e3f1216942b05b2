//! The vendor's own words for a refusal. Vendors put them in different places (a top-level
//! `message`, an `error` string or object, `data.message`, an `errors` list, OAuth's
//! `error_description`), and a technician should read them rather than a bare code.

use serde_json::Value;

/// Keys that carry a human reason, best first.
const MESSAGE_KEYS: [&str; 5] = [
    "message",
    "error_description",
    "error_message",
    "detail",
    "title",
];

/// The first non-empty reason in a JSON error body, searched a few levels deep.
pub fn vendor_reason(body: &Value) -> Option<String> {
    reason_in(body, 0)
}

/// The same, from the body's text; `None` when it is not JSON or says nothing.
pub fn vendor_reason_text(body: &str) -> Option<String> {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| vendor_reason(&v))
}

fn reason_in(value: &Value, depth: usize) -> Option<String> {
    if depth > 3 {
        return None;
    }
    match value {
        Value::String(s) => non_empty(s),
        Value::Array(items) => items.iter().find_map(|v| reason_in(v, depth + 1)),
        Value::Object(map) => MESSAGE_KEYS
            .iter()
            .find_map(|k| map.get(*k).and_then(|v| reason_in(v, depth + 1)))
            .or_else(|| {
                ["error", "errors", "data", "response"]
                    .iter()
                    .find_map(|k| map.get(*k).and_then(|v| reason_in(v, depth + 1)))
            }),
        _ => None,
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_reason_is_found_wherever_the_vendor_put_it() {
        let cases = [
            (
                json!({"result": 40422, "message": "channel_id is required"}),
                Some("channel_id is required"),
            ),
            (
                json!({"result": 40422, "message": "", "data": {"message": "bad channel"}}),
                Some("bad channel"),
            ),
            (
                json!({"error": {"code": "x", "message": "quota exceeded"}}),
                Some("quota exceeded"),
            ),
            (
                json!({"errors": [{"message": "name can't be blank"}]}),
                Some("name can't be blank"),
            ),
            (
                json!({"error": "invalid_grant", "error_description": "code expired"}),
                Some("code expired"),
            ),
            (json!({"error": "Not found"}), Some("Not found")),
            (json!({"result": 40422, "data": null}), None),
            (json!({"message": "   "}), None),
        ];
        for (body, want) in cases {
            assert_eq!(vendor_reason(&body).as_deref(), want, "{body}");
        }
        assert_eq!(vendor_reason_text("<html>"), None);
    }
}
