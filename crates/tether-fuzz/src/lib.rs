//! Tether's fuzz targets, written once: libFuzzer runs them from `fuzz/` (scripts/fuzz.sh),
//! and the test suite replays their corpus and a short mutation smoke on stable Rust.
//! Each reads untrusted bytes through the product's own functions and asserts what a user
//! relies on; a panic is a finding.

mod core_targets;
pub mod mutate;

pub use core_targets::{fts_query, receiver_form, syncro_webhook, template};
pub use tether_providers::fuzzing::{
    beyondtrust as beyondtrust_xml, loopback_request, retry_after, splashtop as splashtop_reply,
    syncro as syncro_reply, teamviewer as teamviewer_reply,
};

/// A target: reads the bytes, panics on a finding.
pub type Target = fn(&[u8]);

/// Every target by the name `fuzz/` and its corpus directories use.
pub const TARGETS: &[(&str, Target)] = &[
    ("beyondtrust_xml", beyondtrust_xml),
    ("splashtop_reply", splashtop_reply),
    ("teamviewer_reply", teamviewer_reply),
    ("syncro_reply", syncro_reply),
    ("receiver_form", receiver_form),
    ("syncro_webhook", syncro_webhook),
    ("loopback_request", loopback_request),
    ("fts_query", fts_query),
    ("template", template),
    ("retry_after", retry_after),
];
