//! Turns what a technician types into an FTS5 query: every word must match as a prefix.
//! Quotes and operators in the input are data, never query syntax.

/// `None` when nothing searchable was typed.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn words_become_quoted_prefixes() {
        assert_eq!(fts_query("  "), None);
        assert_eq!(fts_query("\"*()"), None);
        assert_eq!(fts_query("print jo"), Some("\"print\"* \"jo\"*".into()));
        assert_eq!(
            fts_query("a\" OR x:y NEAR(z)"),
            Some("\"a\"* \"OR\"* \"x\"* \"y\"* \"NEAR\"* \"z\"*".into())
        );
        assert_eq!(fts_query("#1042"), Some("\"1042\"*".into()));
    }
}
