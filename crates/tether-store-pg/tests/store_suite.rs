//! One suite for both homes of a workspace: every test here runs on a real SQLite file
//! (`tether-store`, the solo desktop) and on a real PostgreSQL (`PgStore`, the team server),
//! so the console gets the same answers from either.

#[macro_use]
mod suite;
