//! What the generators (OpenAPI, TypeScript) know of a command.

use std::collections::BTreeMap;

use schemars::{Schema, SchemaGenerator};
use ts_rs::{Dependency, TypeVisitor, TS};

pub struct Descriptor {
    pub name: &'static str,
    pub doc: String,
    /// Each argument's name and TypeScript type, in order.
    pub params: Vec<(&'static str, String)>,
    pub ts_result: String,
    /// The exported TypeScript types the arguments and the result name: (name, file).
    pub ts_dependencies: BTreeMap<String, String>,
    pub args_schema: fn(&mut SchemaGenerator) -> Schema,
    pub result_schema: fn(&mut SchemaGenerator) -> Schema,
}

/// The doc comment's lines, joined as one paragraph per blank line.
pub fn doc(lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            out.push_str("\n\n");
        } else {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push(' ');
            }
            out.push_str(line);
        }
    }
    out.trim().to_string()
}

/// The exported types a TypeScript signature naming `T` imports: `T` itself (if exported) and
/// its generic parameters (`Array<Session>` needs `Session`); with `fields_only`, those of
/// `T`'s fields instead of `T` (a command's `Args`, which is spelled out inline).
pub fn ts_dependencies<T: TS + 'static + ?Sized>(fields_only: bool) -> BTreeMap<String, String> {
    struct Collect<'a>(&'a mut BTreeMap<String, String>);
    impl TypeVisitor for Collect<'_> {
        fn visit<U: TS + 'static + ?Sized>(&mut self) {
            add::<U>(self.0);
            U::visit_generics(self);
        }
    }
    fn add<U: TS + 'static + ?Sized>(into: &mut BTreeMap<String, String>) {
        if let Some(dep) = Dependency::from_ty::<U>() {
            into.insert(dep.ts_name, dep.output_path.to_string_lossy().into_owned());
        }
    }
    let mut deps = BTreeMap::new();
    if fields_only {
        T::visit_dependencies(&mut Collect(&mut deps));
    } else {
        add::<T>(&mut deps);
        T::visit_generics(&mut Collect(&mut deps));
    }
    deps
}
