//! The HTTP API's OpenAPI 3.1 document, generated from the command table: one `POST
//! /api/<command>` per command, JSON in and out, errors as `ErrorDto` with a fitting status.

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use crate::descriptors;

/// Where the event stream is served (server-sent events of the core's `Event`).
pub const EVENTS_PATH: &str = "/api/events";

pub fn document() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    let mut generator = settings.into_generator();
    let error = generator.subschema_for::<tether_core::ErrorDto>();
    let event = generator.subschema_for::<tether_core::Event>();

    let mut paths = Map::new();
    for command in descriptors() {
        let args = (command.args_schema)(&mut generator);
        // No body at all is no arguments: a body is needed only when an argument is.
        let needs_body = args
            .get("required")
            .and_then(|r| r.as_array())
            .is_some_and(|r| !r.is_empty());
        let result = (command.result_schema)(&mut generator);
        let summary = command
            .doc
            .split(['\n', '.'])
            .next()
            .unwrap_or_default()
            .trim();
        paths.insert(
            format!("/api/{}", command.name),
            json!({
                "post": {
                    "operationId": command.name,
                    "summary": if summary.is_empty() { command.name } else { summary },
                    "description": command.doc,
                    "requestBody": {
                        "required": needs_body,
                        "content": { "application/json": { "schema": args } }
                    },
                    "responses": {
                        "200": {
                            "description": "Done; the command's result.",
                            "content": { "application/json": { "schema": result } }
                        },
                        "default": {
                            "description": "Refused or failed: a code for programs, a sentence for people.",
                            "content": { "application/json": { "schema": error } }
                        }
                    }
                }
            }),
        );
    }
    paths.insert(
        EVENTS_PATH.into(),
        json!({
            "get": {
                "operationId": "events",
                "summary": "Every change, as it happens",
                "description": "Server-sent events: one `event` message per core Event, its data the Event as JSON — the same union the desktop window receives.",
                "responses": {
                    "200": {
                        "description": "The stream.",
                        "content": { "text/event-stream": { "schema": event } }
                    },
                    "default": {
                        "description": "Refused.",
                        "content": { "application/json": { "schema": error } }
                    }
                }
            }
        }),
    );

    let schemas = generator.take_definitions(true);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Tether",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The commands of Tether's core, one `POST /api/<command>` each, as the desktop window calls them. Every request carries the token `tether serve` printed at start-up, as `Authorization: Bearer <token>`."
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "token": { "type": "http", "scheme": "bearer" }
            }
        },
        "security": [ { "token": [] } ]
    })
}
