//! The UI's typed client, generated from the command table: the `Commands` map (each
//! command's arguments and result), the `Transport` it needs, and `Api`, one method per
//! command. The UI calls nothing else.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::descriptors;

pub fn client() -> String {
    let commands = descriptors();
    let mut imports: BTreeMap<String, String> = BTreeMap::new();
    for c in &commands {
        imports.extend(c.ts_dependencies.clone());
    }
    imports.insert("ErrorDto".into(), "ErrorDto.ts".into());
    imports.insert("Event".into(), "Event.ts".into());

    let mut out = String::new();
    out.push_str(
        "// Generated from Tether's command table (crates/tether-api/src/table.rs) by\n\
         // `cargo test -p tether-api`; CI checks that it is fresh. Do not edit.\n",
    );
    for (name, file) in &imports {
        let module = file.trim_end_matches(".ts");
        let _ = writeln!(out, "import type {{ {name} }} from './bindings/{module}';");
    }

    out.push_str("\n/** Every command: the arguments it takes (as sent) and what it answers. */\n");
    out.push_str("export interface Commands {\n");
    for c in &commands {
        doc(&mut out, &c.doc, "  ");
        let _ = writeln!(
            out,
            "  {}: {{ args: {}; output: {} }};",
            c.name,
            args_type(&c.params),
            c.ts_result
        );
    }
    out.push_str("}\n\n");
    out.push_str(
        "export type CommandName = keyof Commands;\n\
         export type Args<K extends CommandName> = Commands[K]['args'];\n\
         export type Output<K extends CommandName> = Commands[K]['output'];\n\n",
    );
    out.push_str("/** Every command, in the table's order. */\n");
    out.push_str("export const COMMAND_NAMES: readonly CommandName[] = [\n");
    for c in &commands {
        let _ = writeln!(out, "  '{}',", c.name);
    }
    out.push_str("];\n\n");
    out.push_str(
        "/** How a failed command rejects: the core's code and its sentence. */\n\
         export type CommandError = ErrorDto;\n\n\
         /** How commands reach the core: Tauri's IPC in the window, HTTP against `tether serve`. */\n\
         export interface Transport {\n  \
         /** Resolves with the command's output; rejects with a `CommandError`. */\n  \
         invoke<K extends CommandName>(name: K, args: Args<K>): Promise<Output<K>>;\n  \
         /** Every core event; resolves to the function that stops listening. */\n  \
         listen(handler: (event: Event) => void): Promise<() => void>;\n}\n\n",
    );
    out.push_str(
        "/** The typed client: one method per command, arguments in the table's order. */\n",
    );
    out.push_str("export class Api {\n  constructor(readonly transport: Transport) {}\n");
    for c in &commands {
        out.push('\n');
        doc(&mut out, &c.doc, "  ");
        let params: Vec<String> = c
            .params
            .iter()
            .map(|(name, ty)| format!("{}: {ty}", camel(name)))
            .collect();
        let fields: Vec<String> = c
            .params
            .iter()
            .map(|(name, _)| {
                let local = camel(name);
                if local == *name {
                    local
                } else {
                    format!("{name}: {local}")
                }
            })
            .collect();
        let args = if fields.is_empty() {
            "{}".to_string()
        } else {
            format!("{{ {} }}", fields.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}({}): Promise<{}> {{\n    return this.transport.invoke('{}', {args});\n  }}",
            camel(c.name),
            params.join(", "),
            c.ts_result,
            c.name
        );
    }
    out.push_str("\n  /** Every core event; resolves to the function that stops listening. */\n");
    out.push_str(
        "  listen(handler: (event: Event) => void): Promise<() => void> {\n    \
         return this.transport.listen(handler);\n  }\n}\n",
    );
    out
}

fn args_type(params: &[(&str, String)]) -> String {
    if params.is_empty() {
        return "Record<string, never>".into();
    }
    let fields: Vec<String> = params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    format!("{{ {} }}", fields.join("; "))
}

fn doc(out: &mut String, text: &str, indent: &str) {
    if text.is_empty() {
        return;
    }
    let _ = writeln!(out, "{indent}/**");
    for line in text.lines() {
        if line.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {line}");
        }
    }
    let _ = writeln!(out, "{indent} */");
}

/// `technician_id` → `technicianId`.
pub fn camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for ch in snake.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}
