#[macro_use]
pub mod engines;
pub mod board;
pub mod desk;
pub mod intake;
