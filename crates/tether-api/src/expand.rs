//! What the command table becomes: for each command a module with its `Args` (typed,
//! JSON-schema'd and TypeScript'd) and its `call`; a typed function per command (`call::*`,
//! for the CLI and tests); the JSON dispatch every transport uses; and the descriptors that
//! the OpenAPI document and the TypeScript client are generated from.

macro_rules! expand_commands {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident ( $( $arg:ident : $ty:ty ),* $(,)? ) -> $ret:ty = |$rt:ident| $body:expr ;
    )*) => {
        /// One module per command: its arguments and its call.
        pub mod commands {
            $(
                $(#[doc = $doc])*
                #[allow(clippy::unused_async)]
                pub mod $name {
                    #[allow(unused_imports)]
                    use $crate::types::*;

                    /// The command's arguments, as a JSON object of these fields.
                    #[derive(Debug, serde::Deserialize, ts_rs::TS, schemars::JsonSchema)]
                    #[serde(deny_unknown_fields)]
                    #[schemars(inline)]
                    pub struct Args {
                        $( pub $arg: $ty, )*
                    }

                    pub type Output = $ret;

                    pub async fn call(
                        runtime: &Runtime,
                        args: Args,
                    ) -> Result<Output, ErrorDto> {
                        let Args { $( $arg ),* } = args;
                        let $rt = runtime;
                        let result: Result<Output, _> = $body;
                        result.map_err(ErrorDto::from)
                    }
                }
            )*
        }

        /// Each command as a plain async function of its arguments.
        pub mod call {
            #[allow(unused_imports)]
            use $crate::types::*;
            $(
                $(#[doc = $doc])*
                pub async fn $name(
                    runtime: &Runtime,
                    $( $arg: $ty, )*
                ) -> Result<$ret, ErrorDto> {
                    super::commands::$name::call(
                        runtime,
                        super::commands::$name::Args { $( $arg ),* },
                    )
                    .await
                }
            )*
        }

        /// Every command's name, in the table's order.
        pub const COMMAND_NAMES: &[&str] = &[ $( stringify!($name) ),* ];

        /// Runs the command `name` with its arguments as JSON on this machine's workspace.
        /// Every transport calls `dispatch`, which sends a team desktop's commands where
        /// `team_route` says.
        pub async fn dispatch_here(
            runtime: &$crate::types::Runtime,
            name: &str,
            args: serde_json::Value,
        ) -> Result<serde_json::Value, $crate::types::ErrorDto> {
            match name {
                $(
                    stringify!($name) => {
                        let args = $crate::json::args::<commands::$name::Args>(name, args)?;
                        let output = commands::$name::call(runtime, args).await?;
                        $crate::json::output(name, &output)
                    }
                )*
                _ => Err($crate::types::ErrorDto::new(
                    $crate::types::ErrorCode::UnknownCommand,
                    format!("Tether has no command {name:?}"),
                )),
            }
        }

        /// What the generators know of each command.
        pub fn descriptors() -> Vec<$crate::Descriptor> {
            vec![ $(
                $crate::Descriptor {
                    name: stringify!($name),
                    doc: $crate::descriptor::doc(&[ $( $doc ),* ]),
                    params: vec![ $(
                        (stringify!($arg), <$ty as ts_rs::TS>::name()),
                    )* ],
                    ts_result: <$ret as ts_rs::TS>::name(),
                    ts_dependencies: {
                        let mut deps = $crate::descriptor::ts_dependencies::<commands::$name::Args>(true);
                        deps.extend($crate::descriptor::ts_dependencies::<$ret>(false));
                        deps
                    },
                    args_schema: |g| g.subschema_for::<commands::$name::Args>(),
                    result_schema: |g| g.subschema_for::<$ret>(),
                },
            )* ]
        }
    };
}
