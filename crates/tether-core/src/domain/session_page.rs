//! One screen of a board view (SD1): the sessions the list shows and the counts its tabs
//! show, read a page at a time so opening a channel costs the same with 1,000 sessions as
//! with 100,000.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::session::Session;
use super::state_machine::SessionState;

/// Rows a page holds unless the caller asks for fewer; about three screens.
pub const DEFAULT_PAGE: u32 = 100;
/// The most one page holds, so a request cannot read the whole channel at once; a larger
/// ask gets this many and the cursor to go on from.
pub const MAX_PAGE: u32 = 1_000;

/// What a board view's list asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SessionQuery {
    /// One state's tab; none for *All*.
    #[serde(default)]
    pub state: Option<SessionState>,
    /// Words from the search box: a name, an issue, or a join code (spaces ignored).
    #[serde(default)]
    pub search: String,
    /// Where the previous page ended; none for the first page.
    #[serde(default)]
    pub after: Option<PageCursor>,
    /// Rows wanted, 100 if not given; at most 1,000 come back (then `next` goes on).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// The last row of a page, in the list's order (newest state change first, then id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct PageCursor {
    pub state_changed_at: DateTime<Utc>,
    pub id: String,
}

impl PageCursor {
    pub fn after(session: &Session) -> PageCursor {
        PageCursor {
            state_changed_at: session.state_changed_at,
            id: session.id.clone(),
        }
    }
}

/// Counts per state, in the order of the tabs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct StateCounts {
    pub pending: u32,
    pub active: u32,
    pub in_queue: u32,
    pub expired: u32,
    pub closed: u32,
}

impl StateCounts {
    pub fn total(&self) -> u32 {
        self.pending + self.active + self.in_queue + self.expired + self.closed
    }
}

impl From<[u32; 5]> for StateCounts {
    fn from(c: [u32; 5]) -> Self {
        StateCounts {
            pending: c[0],
            active: c[1],
            in_queue: c[2],
            expired: c[3],
            closed: c[4],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct SessionPage {
    pub sessions: Vec<Session>,
    /// Every state's count for the view and the search, whatever the tab: the tabs show them.
    pub counts: StateCounts,
    /// Where the next page starts; none when this one is the last.
    pub next: Option<PageCursor>,
}

/// What a search matches (SD1): text in the customer's name or the issue, in any case; a
/// search of digits (spaces allowed, as codes are read out in groups) also matches the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSearch {
    /// Lower case, trimmed.
    pub text: String,
    pub digits: Option<String>,
}

impl SessionSearch {
    /// None for an empty search: everything matches.
    pub fn parse(input: &str) -> Option<SessionSearch> {
        let text = input.trim().to_lowercase();
        if text.is_empty() {
            return None;
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let digits = compact
            .chars()
            .all(|c| c.is_ascii_digit())
            .then_some(compact);
        Some(SessionSearch { text, digits })
    }

    pub fn matches(&self, session: &Session) -> bool {
        session.customer_name.to_lowercase().contains(&self.text)
            || session.issue.to_lowercase().contains(&self.text)
            || self
                .digits
                .as_ref()
                .is_some_and(|d| session.code.contains(d.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_read_out_in_groups_is_a_code_search() {
        let s = SessionSearch::parse(" 123 456 ").unwrap();
        assert_eq!(s.digits.as_deref(), Some("123456"));
        assert_eq!(s.text, "123 456");
        let name = SessionSearch::parse("Dana W").unwrap();
        assert_eq!((name.text.as_str(), name.digits), ("dana w", None));
        assert_eq!(SessionSearch::parse("   "), None);
    }
}
