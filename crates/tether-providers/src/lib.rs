//! Provider clients. One module per vendor, each split the same way: `wire` (serde types
//! exactly as the vendor sends them), `client` (reqwest, auth, retries), `map` (wire to
//! domain). Every client takes its base URL, so the same code talks to the vendor's cloud,
//! a customer's host or the local sandbox.

pub mod beyondtrust;
#[doc(hidden)]
pub mod fuzzing;
pub mod http;
pub mod oauth;
pub mod reason;
pub mod sms;
pub mod smtp;
pub mod splashtop;
pub mod syncro;
pub mod teamviewer;
