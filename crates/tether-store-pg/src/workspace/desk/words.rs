//! Search words, split and folded here rather than by PostgreSQL's text parser, so the team
//! server finds what the solo file finds: a word is a run of letters and digits (the split
//! `tether_store::fts_query` applies to what a technician types), compared without case or
//! accents (FTS5's `unicode61 remove_diacritics 2`). PostgreSQL's parser would keep an email
//! address or `PC-0042` as one token and depends on the database's locale.
//!
//! Documents are stored as these words (`array_to_tsvector`, taken verbatim), and a search is
//! a `tsquery` of quoted prefixes built here and bound as a parameter: what a technician
//! types is never query syntax.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// At most this many words of a search count, as in the solo file.
const MAX_QUERY_WORDS: usize = 16;

fn split(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .filter(|w| !w.is_empty())
}

/// Lower case without accents: "Société" and "societe" are one word.
fn fold(word: &str) -> String {
    word.to_lowercase()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect()
}

/// The words of a row's searchable parts, for its `words` column.
pub(crate) fn document<'a>(parts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut words: Vec<String> = parts.into_iter().flat_map(split).collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Every typed word must start a word of the document; `None` when nothing searchable was
/// typed (the list is not filtered).
pub(crate) fn prefix_query(text: &str) -> Option<String> {
    let terms: Vec<String> = split(text)
        .take(MAX_QUERY_WORDS)
        .map(|w| format!("'{}':*", w.replace('\\', "\\\\").replace('\'', "''")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" & "))
}

#[cfg(test)]
mod tests {
    use super::{document, prefix_query};

    #[test]
    fn typed_words_become_quoted_prefixes() {
        assert_eq!(prefix_query("  "), None);
        assert_eq!(prefix_query("\"*()&|!:"), None);
        assert_eq!(prefix_query("Print JO"), Some("'print':* & 'jo':*".into()));
        assert_eq!(prefix_query("a & !(b | ':*"), Some("'a':* & 'b':*".into()));
        assert_eq!(prefix_query("#1042"), Some("'1042':*".into()));
        assert_eq!(prefix_query("Société"), Some("'societe':*".into()));
        let many = "w ".repeat(40);
        assert_eq!(prefix_query(&many).unwrap().matches("'w'").count(), 16);
    }

    #[test]
    fn a_document_is_its_folded_words_once() {
        assert_eq!(
            document(["1042", "Printer jam", "maria@example.com", "Maria Müller"]),
            ["1042", "com", "example", "jam", "maria", "muller", "printer"]
        );
    }
}
