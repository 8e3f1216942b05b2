//! What can go wrong with the team database, said so an admin can act on it.

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("cannot reach the team database: {0}")]
    Unreachable(String),
    #[error("the team database could not be brought up to date: {0}")]
    Migrate(String),
    #[error("the team database refused a query: {0}")]
    Query(String),
    #[error("{0}")]
    Invalid(String),
}

impl PgError {
    /// The URL is never part of the message: it may carry a password.
    pub(crate) fn connect(e: sqlx::Error) -> Self {
        PgError::Unreachable(match e {
            sqlx::Error::Io(io) => io.to_string(),
            sqlx::Error::Database(db) => db.message().to_string(),
            other => other.to_string(),
        })
    }

    pub(crate) fn query(e: sqlx::Error) -> Self {
        PgError::Query(e.to_string())
    }
}
