//! What the command table generates: the UI's TypeScript client (written where the UI
//! imports it, like the ts-rs bindings; CI fails when the committed copy is stale) and the
//! OpenAPI document.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn ui_client_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/api.ts")
}

#[test]
fn the_typescript_client_is_written_from_the_table() {
    let text = tether_api::typescript::client();
    std::fs::write(ui_client_path(), &text).expect("ui/src/lib/api.ts is writable");

    // Exactly the table's commands, each once, each with a method calling it.
    let listed: Vec<&str> = text
        .split("export const COMMAND_NAMES")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("COMMAND_NAMES in the client")
        .lines()
        .filter_map(|l| l.trim().strip_prefix('\'')?.strip_suffix("',"))
        .collect();
    assert_eq!(listed, tether_api::COMMAND_NAMES);
    for name in tether_api::COMMAND_NAMES {
        assert_eq!(
            text.matches(&format!("this.transport.invoke('{name}',"))
                .count(),
            1,
            "{name} has one method"
        );
    }
}

#[test]
fn the_client_imports_only_exported_bindings() {
    let text = tether_api::typescript::client();
    let bindings = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings");
    for line in text.lines().filter(|l| l.starts_with("import type")) {
        let module = line
            .split("'./bindings/")
            .nth(1)
            .and_then(|m| m.strip_suffix("';"))
            .expect("an import from ./bindings");
        assert!(
            bindings.join(format!("{module}.ts")).exists(),
            "{module}.ts is not among the exported bindings (add #[ts(export)] to it)"
        );
    }
}

#[test]
fn every_command_is_an_operation_of_the_openapi_document() {
    let doc = tether_api::openapi::document();
    let paths = doc["paths"].as_object().expect("paths");
    let operations: BTreeSet<&str> = paths
        .iter()
        .filter_map(|(_, p)| p.get("post")?.get("operationId")?.as_str())
        .collect();
    let table: BTreeSet<&str> = tether_api::COMMAND_NAMES.iter().copied().collect();
    assert_eq!(operations, table);
    assert_eq!(
        tether_api::COMMAND_NAMES.len(),
        table.len(),
        "no name twice"
    );

    // Every reference resolves to a schema of the document.
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for piece in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = piece.split('"').next().unwrap();
        assert!(
            schemas.contains_key(name),
            "{name} is referenced but not defined"
        );
    }
}
