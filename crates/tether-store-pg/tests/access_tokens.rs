//! Technicians' access tokens on a real PostgreSQL: a token signs its technician in until it
//! is revoked or the technician removed, and the database never holds the token itself.

use chrono::Utc;
use tether_store_pg::{connect, AccessTokens, TeamTechnician};

fn alex() -> TeamTechnician {
    TeamTechnician {
        id: "alex".into(),
        name: "Alex Rivera".into(),
        email: "alex@msp.example".into(),
        can_release: true,
    }
}

#[tokio::test]
async fn a_token_signs_its_technician_in_until_it_is_revoked() {
    let db = tether_store_pg::test_support::database().await;
    let pool = connect(&db.url).await.unwrap();
    let tokens = AccessTokens::new(pool.clone());
    tokens.add_technician(&alex(), Utc::now()).await.unwrap();
    let laptop = tokens
        .issue("alex", "Alex's laptop", Utc::now())
        .await
        .unwrap();
    let desk = tokens
        .issue("alex", "front desk PC", Utc::now())
        .await
        .unwrap();
    assert_ne!(laptop.token.expose(), desk.token.expose());

    let who = tokens
        .authenticate(laptop.token.expose(), Utc::now())
        .await
        .unwrap();
    assert_eq!(who, Some(alex()));
    let listed = tokens.tokens("alex").await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed[0].last_used_at.is_some(), "the laptop's was used");
    assert!(listed[1].last_used_at.is_none());

    // A token one character off, or another kind of string, signs nobody in.
    let mut wrong = laptop.token.expose().to_string();
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    assert_eq!(tokens.authenticate(&wrong, Utc::now()).await.unwrap(), None);
    assert_eq!(tokens.authenticate("", Utc::now()).await.unwrap(), None);

    tokens.revoke(laptop.id, Utc::now()).await.unwrap();
    assert_eq!(
        tokens
            .authenticate(laptop.token.expose(), Utc::now())
            .await
            .unwrap(),
        None,
        "revoked"
    );
    assert_eq!(
        tokens
            .authenticate(desk.token.expose(), Utc::now())
            .await
            .unwrap(),
        Some(alex()),
        "the other desktop is unaffected"
    );

    // Removing the technician ends every token of theirs.
    tokens.remove_technician("alex").await.unwrap();
    assert_eq!(
        tokens
            .authenticate(desk.token.expose(), Utc::now())
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn the_database_keeps_no_token_only_its_hash() {
    let db = tether_store_pg::test_support::database().await;
    let pool = connect(&db.url).await.unwrap();
    let tokens = AccessTokens::new(pool.clone());
    tokens.add_technician(&alex(), Utc::now()).await.unwrap();
    let issued = tokens.issue("alex", "laptop", Utc::now()).await.unwrap();
    let secret = issued.token.expose();
    let hex_part = secret.trim_start_matches("tether_");
    // Every table's rows as text, as a dump would show them.
    let dump: String =
        sqlx::query_scalar("SELECT string_agg(t::text, ' ') FROM (SELECT * FROM access_tokens) t")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!dump.contains(hex_part), "the token is in the database");
    assert!(!dump.contains(secret));
}

#[tokio::test]
async fn mistakes_are_refused_by_name() {
    let db = tether_store_pg::test_support::database().await;
    let tokens = AccessTokens::new(connect(&db.url).await.unwrap());
    tokens.add_technician(&alex(), Utc::now()).await.unwrap();
    let again = tokens
        .add_technician(&alex(), Utc::now())
        .await
        .unwrap_err();
    assert_eq!(again.to_string(), "there is already a technician alex");
    let nobody = tokens
        .issue("sam", "laptop", Utc::now())
        .await
        .err()
        .map(|e| e.to_string());
    assert_eq!(nobody.as_deref(), Some("there is no technician sam"));
    let unknown = tokens.revoke(42, Utc::now()).await.unwrap_err();
    assert_eq!(unknown.to_string(), "there is no token 42");
}
