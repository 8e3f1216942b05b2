//! What Tether takes from its environment, and what it leaves there for the processes it
//! starts. Alone in its test binary: it changes the process's environment.

use tether_runtime::SplashtopConnection;

/// The token handed in by a script is used, and gone from the environment every process
/// the opener starts would inherit.
#[test]
fn the_splashtop_token_leaves_the_environment_once_read() {
    std::env::set_var("TETHER_SPLASHTOP_URL", "http://127.0.0.1:9");
    std::env::set_var("TETHER_SPLASHTOP_TOKEN", "env-token-77");
    let taken = SplashtopConnection::take_from_env().expect("both are set");
    assert_eq!(taken.token.expose(), "env-token-77");
    assert!(std::env::var_os("TETHER_SPLASHTOP_TOKEN").is_none());
    let child = std::process::Command::new("sh")
        .args(["-c", "printf %s \"${TETHER_SPLASHTOP_TOKEN:-none}\""])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&child.stdout), "none");
}
