//! Which screen is showing, kept in the URL hash so the back button, reloads and
//! shared links work: `#/` is the library, `#/doc/<id>` one document, `#/team` the
//! comparison of annotators' files.

use factmark_core::DocId;

/// A screen of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The list of documents.
    Library,
    /// One document, by id.
    Document(DocId),
    /// Annotators' files compared: their agreement.
    Team,
    /// One document of the compared files (by its id in their union): each
    /// annotator's layer and where they differ.
    TeamDocument(DocId),
    /// Settling the compared files' differences into a gold set.
    Adjudicate,
}

impl Route {
    /// The route the page's URL names now.
    pub fn current() -> Route {
        Route::from_hash(&gloo::utils::window().location().hash().unwrap_or_default())
    }

    /// Calls `navigate` with the new route each time the URL's hash changes, for as
    /// long as the listener returned is kept.
    pub fn follow(navigate: impl Fn(Route) + 'static) -> gloo::events::EventListener {
        gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
            navigate(Route::current())
        })
    }

    /// The route a URL hash names; anything unknown is the library.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        if path == "team" {
            return Route::Team;
        }
        if path == "team/adjudicate" {
            return Route::Adjudicate;
        }
        if let Some(id) = path.strip_prefix("team/doc/").filter(|id| !id.is_empty()) {
            return Route::TeamDocument(DocId(decode(id)));
        }
        match path.strip_prefix("doc/") {
            Some(id) if !id.is_empty() => Route::Document(DocId(decode(id))),
            _ => Route::Library,
        }
    }

    /// Whether this is one of the team pages, which the team module renders.
    pub fn is_team(&self) -> bool {
        matches!(self, Route::Team | Route::TeamDocument(_) | Route::Adjudicate)
    }

    /// The URL hash of this route.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Library => "#/".to_owned(),
            Route::Document(id) => format!("#/doc/{}", encode(&id.0)),
            Route::Team => "#/team".to_owned(),
            Route::TeamDocument(id) => format!("#/team/doc/{}", encode(&id.0)),
            Route::Adjudicate => "#/team/adjudicate".to_owned(),
        }
    }
}

/// Percent-encodes everything but unreserved URL characters.
fn encode(id: &str) -> String {
    let mut out = String::new();
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Undoes [`encode`]; malformed escapes are kept as they are.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_round_trip_any_id() {
        for id in ["702a0cdae249a93f", "статья 1", "a/b#c%d", "🇧🇾"] {
            let route = Route::Document(DocId(id.to_owned()));
            assert_eq!(Route::from_hash(&route.to_hash()), route);
        }
        assert_eq!(Route::from_hash(""), Route::Library);
        assert_eq!(Route::from_hash("#/"), Route::Library);
        assert_eq!(Route::from_hash("#/doc/"), Route::Library);
        assert_eq!(
            Route::from_hash("#/doc/%zz"),
            Route::Document(DocId("%zz".into()))
        );
    }
}
