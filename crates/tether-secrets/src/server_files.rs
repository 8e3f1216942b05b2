//! A team server's secrets: files the admin provides (systemd credentials in
//! `$CREDENTIALS_DIRECTORY`, container secrets in `/run/secrets`, or any directory), else the
//! environment. Never the database: a copy of PostgreSQL holds no key. The server only reads
//! them; setting a secret is the admin's job, so a write says where the file goes instead.
//!
//! The key `splashtop/api_token` is the file `splashtop.api_token`, or the variable
//! `TETHER_SECRET_SPLASHTOP_API_TOKEN`.

use std::path::PathBuf;

use async_trait::async_trait;
use tether_core::ports::{SecretError, SecretStore};
use tether_core::secret::Secret;

pub struct ServerSecrets {
    dir: Option<PathBuf>,
}

impl ServerSecrets {
    /// Secrets in `dir` (when given), then the environment.
    pub fn new(dir: Option<PathBuf>) -> Self {
        ServerSecrets { dir }
    }

    /// The file name of `key`.
    pub fn file_name(key: &str) -> String {
        key.replace('/', ".")
    }

    /// The environment variable of `key`.
    pub fn variable(key: &str) -> String {
        let name: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        format!("TETHER_SECRET_{name}")
    }

    fn where_it_goes(&self, key: &str) -> String {
        match &self.dir {
            Some(dir) => format!(
                "{} (or {})",
                dir.join(Self::file_name(key)).display(),
                Self::variable(key)
            ),
            None => Self::variable(key),
        }
    }
}

/// A key is a provider and a field; nothing in it may walk out of the directory.
fn safe(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '@'))
}

#[async_trait]
impl SecretStore for ServerSecrets {
    async fn get(&self, key: &str) -> Result<Option<Secret>, SecretError> {
        if !safe(key) {
            return Ok(None);
        }
        if let Some(dir) = &self.dir {
            let path = dir.join(Self::file_name(key));
            match tokio::fs::read_to_string(&path).await {
                // A trailing newline from `echo … >` is not part of the secret.
                Ok(text) => return Ok(Some(Secret::new(text.trim_end_matches(['\n', '\r'])))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(SecretError::Failed(format!(
                        "cannot read {}: {e}",
                        path.display()
                    )))
                }
            }
        }
        Ok(std::env::var(Self::variable(key)).ok().map(Secret::new))
    }

    async fn set(&self, key: &str, _value: &Secret) -> Result<(), SecretError> {
        Err(SecretError::Failed(format!(
            "the team server keeps no secret it is sent: the admin puts it in {}",
            self.where_it_goes(key)
        )))
    }

    async fn remove(&self, key: &str) -> Result<(), SecretError> {
        Err(SecretError::Failed(format!(
            "the team server's secrets are the admin's files: remove {}",
            self.where_it_goes(key)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_secret_is_read_from_its_file_first_and_never_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("splashtop.api_token"), "from-file\n").unwrap();
        let secrets = ServerSecrets::new(Some(dir.path().to_path_buf()));
        let got = secrets.get("splashtop/api_token").await.unwrap().unwrap();
        assert_eq!(got.expose(), "from-file");
        assert!(secrets.get("syncro/api_key").await.unwrap().is_none());
        let refused = secrets
            .set("syncro/api_key", &Secret::new("x"))
            .await
            .unwrap_err()
            .to_string();
        assert!(refused.contains("syncro.api_key"), "{refused}");
        assert!(!dir.path().join("syncro.api_key").exists());
        // A key that would leave the directory reads nothing.
        assert!(secrets.get("../etc/passwd").await.unwrap().is_none());
    }

    #[test]
    fn each_key_has_one_file_and_one_variable() {
        assert_eq!(
            ServerSecrets::file_name("beyondtrust/client_secret"),
            "beyondtrust.client_secret"
        );
        assert_eq!(
            ServerSecrets::variable("beyondtrust/client_secret"),
            "TETHER_SECRET_BEYONDTRUST_CLIENT_SECRET"
        );
    }
}
