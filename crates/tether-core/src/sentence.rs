//! Text written for a person starts with a capital letter. The core's messages are written
//! in lower case so they can be composed ("the launch is recorded, but {reason}"); where one
//! reaches a person on its own, it is capitalised here. A leaf module.

/// `s` with its first letter in upper case.
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::capitalised;

    #[test]
    fn only_the_first_letter_changes() {
        assert_eq!(
            capitalised("cannot take a session"),
            "Cannot take a session"
        );
        assert_eq!(capitalised("éa B"), "Éa B");
        assert_eq!(capitalised(""), "");
    }
}
