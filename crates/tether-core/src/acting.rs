//! Who a request acts as, when one process serves several technicians (the team server):
//! each request runs inside `acting_as(id, …)`, and `Console::me` and the store's change log
//! read it from there. A desktop serves one technician and never sets it; Settings (or the
//! CLI's `--as`) says who is at the desk.

use std::future::Future;

tokio::task_local! {
    static ACTING: String;
}

/// Runs `work` as technician `id`.
pub async fn acting_as<F: Future>(id: String, work: F) -> F::Output {
    ACTING.scope(id, work).await
}

/// The technician the running request acts as, if a server said so.
pub fn current() -> Option<String> {
    ACTING.try_with(Clone::clone).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_acts_as_its_technician_and_nothing_leaks_outside_it() {
        assert_eq!(current(), None);
        let inside = acting_as("ana".into(), async { current() }).await;
        assert_eq!(inside.as_deref(), Some("ana"));
        assert_eq!(current(), None);
    }
}
