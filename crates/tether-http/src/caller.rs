//! Who a request acts as, once the guard has read its token: a team server's technician, or
//! nobody in particular on a desk's own server (the desk's technician, from its settings).

#[derive(Clone, Debug, Default)]
pub struct Caller(pub Option<String>);
