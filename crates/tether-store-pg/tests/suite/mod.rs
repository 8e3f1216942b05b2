#![allow(dead_code, unused_macros)] // until the suites use them (this branch only)
#[macro_use]
pub mod engines;
