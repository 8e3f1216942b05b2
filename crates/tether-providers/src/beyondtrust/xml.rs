//! BeyondTrust answers in XML with a default namespace that changes between products and
//! versions (§1.2): elements are matched by local name only.

use quick_xml::events::Event;
use quick_xml::Reader;

/// A parsed element: local name, attributes, text, children.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Deeper than any answer BeyondTrust documents (a report nests five or six levels). A
/// compromised appliance could nest without end: the tree is walked recursively (trimming,
/// dropping), so depth is refused before it can exhaust a worker's stack.
pub const MAX_DEPTH: usize = 64;
/// Larger than any page of a report; a body beyond it is refused before it is read.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Parses a whole document into its root element.
pub fn parse(xml: &str) -> Result<Element, String> {
    if xml.len() > MAX_BYTES {
        return Err(format!(
            "the document is {} MB, more than the {} MB an answer can be",
            xml.len() / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        ));
    }
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("elements nested more than {MAX_DEPTH} levels deep"));
                }
                stack.push(element(&start)?)
            }
            Event::Empty(start) => {
                let el = element(&start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => return Ok(el),
                }
            }
            Event::Text(text) => {
                if let Some(current) = stack.last_mut() {
                    let decoded = text.decode().map_err(|e| e.to_string())?;
                    let unescaped =
                        quick_xml::escape::unescape(&decoded).map_err(|e| e.to_string())?;
                    current.text.push_str(&unescaped);
                }
            }
            // quick-xml reports `&amp;` and `&#38;` as events of their own.
            Event::GeneralRef(reference) => {
                if let Some(current) = stack.last_mut() {
                    let resolved = match reference.resolve_char_ref().map_err(|e| e.to_string())? {
                        Some(c) => c.to_string(),
                        None => {
                            let name = reference.decode().map_err(|e| e.to_string())?;
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .ok_or_else(|| format!("unknown entity &{name};"))?
                                .to_string()
                        }
                    };
                    current.text.push_str(&resolved);
                }
            }
            Event::CData(data) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&String::from_utf8_lossy(&data));
                }
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("an end tag without a start")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(trimmed(done)),
                }
            }
            Event::Eof => return Err("the document ended before its root element closed".into()),
            _ => {}
        }
    }
}

fn trimmed(mut e: Element) -> Element {
    e.text = e.text.trim().to_string();
    e.children = e.children.into_iter().map(trimmed).collect();
    e
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Result<Element, String> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
        let value = attr
            .unescape_value()
            .map_err(|e| e.to_string())?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        ..Element::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names_with_and_without_a_namespace() {
        for xml in [
            r#"<api_information xmlns="http://www.bomgar.com/namespaces/API/command"><api_version>1.19.0</api_version><permissions><permission name="perm_command">full_access</permission></permissions></api_information>"#,
            r#"<ns:api_information xmlns:ns="urn:x"><ns:api_version>1.19.0</ns:api_version><ns:permissions><ns:permission name="perm_command">full_access</ns:permission></ns:permissions></ns:api_information>"#,
            r#"<api_information><api_version> 1.19.0 </api_version><permissions><permission name="perm_command">full_access</permission></permissions></api_information>"#,
        ] {
            let root = parse(xml).unwrap();
            assert_eq!(root.name, "api_information");
            assert_eq!(root.child("api_version").unwrap().text, "1.19.0");
            let p = &root.child("permissions").unwrap().children[0];
            assert_eq!(
                (p.attribute("name"), p.text.as_str()),
                (Some("perm_command"), "full_access")
            );
        }
    }

    #[test]
    fn an_error_body_and_escapes() {
        let root = parse(r#"<?xml version="1.0"?><error xmlns="http://www.bomgar.com/namespaces/API/command">No archives &amp; no luck</error>"#).unwrap();
        assert_eq!(
            (root.name.as_str(), root.text.as_str()),
            ("error", "No archives & no luck")
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let depth = 200_000;
        let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let e = parse(&xml).unwrap_err();
        assert_eq!(e, "elements nested more than 64 levels deep");
        // As deep as it may be is fine.
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn broken_documents_are_errors() {
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
        assert!(parse("").is_err());
    }
}
