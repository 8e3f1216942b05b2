//! The HTTP guard's question, "whose token is this?", answered from the team's access tokens
//! (hashed in PostgreSQL).

use tether_http::TokenOwners;
use tether_store_pg::AccessTokens;

pub struct TeamTokens(pub AccessTokens);

#[async_trait::async_trait]
impl TokenOwners for TeamTokens {
    async fn owner(&self, token: &str) -> Result<Option<String>, String> {
        self.0
            .authenticate(token, chrono::Utc::now())
            .await
            .map(|t| t.map(|t| t.id))
            .map_err(|e| e.to_string())
    }
}
