//! `tether-server technician …` against a real PostgreSQL: an admin adds a technician and
//! gives their laptop a token; the token is printed once and signs them in; revoked, it
//! does not. The database's URL is never taken from the command line.

use std::process::{Command, Output};

use tether_store_pg::{connect, AccessTokens};

fn server(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tether-server"))
        .args(args)
        .env("TETHER_DATABASE_URL", url)
        .env_remove("TETHER_DATABASE_URL_FILE")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

#[tokio::test]
async fn an_admin_adds_a_technician_whose_token_signs_in_until_revoked() {
    let db = tether_store_pg::test_support::database().await;
    stdout(&server(
        &db.url,
        &[
            "technician",
            "add",
            "alex",
            "--name",
            "Alex Rivera",
            "--email",
            "alex@msp.example",
        ],
    ));
    let token = stdout(&server(
        &db.url,
        &["technician", "token", "alex", "--label", "Alex's laptop"],
    ));
    assert!(
        token.starts_with("tether_"),
        "only the token on stdout: {token}"
    );

    let tokens = AccessTokens::new(connect(&db.url).await.unwrap());
    let who = tokens
        .authenticate(&token, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(who.map(|t| t.name), Some("Alex Rivera".to_string()));

    let listed = stdout(&server(&db.url, &["technician", "tokens", "alex"]));
    assert!(
        listed.contains("Alex's laptop") && listed.contains("last used"),
        "{listed}"
    );
    assert!(!listed.contains(&token), "a list never shows a token");

    let id = listed.split('\t').next().unwrap();
    stdout(&server(&db.url, &["technician", "revoke", id]));
    assert_eq!(
        tokens
            .authenticate(&token, chrono::Utc::now())
            .await
            .unwrap(),
        None
    );

    // Mistakes are said plainly, with a failing status.
    let again = server(
        &db.url,
        &[
            "technician",
            "add",
            "alex",
            "--name",
            "Alex",
            "--email",
            "a@b.c",
        ],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("there is already a technician alex"));
}

#[test]
fn without_a_database_url_it_says_where_to_put_one() {
    let o = Command::new(env!("CARGO_BIN_EXE_tether-server"))
        .args(["technician", "tokens", "alex"])
        .env_remove("TETHER_DATABASE_URL")
        .env_remove("TETHER_DATABASE_URL_FILE")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("TETHER_DATABASE_URL_FILE"), "{said}");
}

#[tokio::test]
async fn the_url_can_come_from_a_file_as_container_secrets_provide_it() {
    let db = tether_store_pg::test_support::database().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("database-url");
    std::fs::write(&file, format!("{}\n", db.url)).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_tether-server"))
        .args([
            "technician",
            "add",
            "sam",
            "--name",
            "Sam Chen",
            "--email",
            "sam@msp.example",
        ])
        .env_remove("TETHER_DATABASE_URL")
        .env("TETHER_DATABASE_URL_FILE", &file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
