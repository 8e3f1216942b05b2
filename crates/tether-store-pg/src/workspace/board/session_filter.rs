//! What a board view asks for (`SessionFilter`) as a WHERE clause, and where a page starts.

use sqlx::{Postgres, QueryBuilder};
use tether_core::domain::PageCursor;
use tether_core::ports::store::SessionFilter;

use crate::workspace::at;

/// Appends ` WHERE …` for `filter` (always a WHERE, so more conditions can follow with AND).
pub(super) fn push_filter<'a>(q: &mut QueryBuilder<'a, Postgres>, filter: &'a SessionFilter) {
    q.push(" WHERE true");
    if let Some(channel) = &filter.channel_id {
        q.push(" AND channel_id = ").push_bind(channel);
    }
    if let Some(me) = &filter.involving {
        q.push(" AND (created_by = ")
            .push_bind(me)
            .push(" OR assignee = ")
            .push_bind(me)
            .push(" OR invited ? ")
            .push_bind(me)
            .push(")");
    }
    if let Some(me) = &filter.assigned_to {
        // Each side from its own index (assignee; the GIN index on invited).
        q.push(" AND (assignee = ")
            .push_bind(me)
            .push(" OR invited ? ")
            .push_bind(me)
            .push(")");
    }
    if let Some(since) = filter.changed_since {
        q.push(" AND updated_at >= ").push_bind(at(since));
    }
    if let Some(search) = &filter.search {
        // Case does not matter; the text's own % and _ are taken literally.
        let pattern = format!("%{}%", escape_like(&search.text));
        q.push(" AND (customer_name ILIKE ")
            .push_bind(pattern.clone())
            .push(" ESCAPE '\\' OR issue ILIKE ")
            .push_bind(pattern)
            .push(" ESCAPE '\\'");
        if let Some(digits) = &search.digits {
            q.push(" OR code LIKE ")
                .push_bind(format!("%{}%", escape_like(digits)))
                .push(" ESCAPE '\\'");
        }
        q.push(")");
    }
    if let Some(states) = &filter.states {
        let states: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
        q.push(" AND state = ANY(").push_bind(states).push(")");
    }
}

/// Continues the board's order (newest state change first, then id) after `after`.
pub(super) fn push_after(q: &mut QueryBuilder<'_, Postgres>, after: &PageCursor) {
    let changed = at(after.state_changed_at);
    q.push(" AND (state_changed_at < ")
        .push_bind(changed)
        .push(" OR (state_changed_at = ")
        .push_bind(changed)
        .push(" AND id > ")
        .push_bind(after.id.clone())
        .push("))");
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_wildcards_in_a_search_are_literal() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
        assert_eq!(escape_like("dana"), "dana");
    }
}
