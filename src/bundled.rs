//! The articles of `corpus/`, compiled into the app by `build.rs` from
//! `corpus/manifest.json`, so the app needs no server to show them.

use factmark_core::{DocId, Document, LabelSet, Project, Source};

/// One bundled article: its stable id, the headline a person chose, and its text.
pub struct BundledArticle {
    /// Stable across releases; annotations refer to it.
    pub id: &'static str,
    /// The headline shown in the library.
    pub title: &'static str,
    /// The file's text, byte for byte.
    pub text: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// A project holding every bundled article, with the default labels.
pub fn bundled_project() -> Project {
    let mut project = Project::new(LabelSet::default());
    for article in BUNDLED {
        let document = Document::new(
            DocId(article.id.to_owned()),
            article.title.to_owned(),
            article.text.to_owned(),
            Source::Bundled,
        );
        project
            .apply(project.add_document(document))
            .expect("bundled article ids are unique (build.rs checks)");
    }
    project
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_the_five_articles_unchanged() {
        let project = bundled_project();
        assert_eq!(project.documents().len(), 5);
        let first = &project.documents()[0];
        assert_eq!(
            first.title(),
            "Ukraine suspects Russia is about to send more troops from Belarus"
        );
        assert_eq!(first.text(), include_str!("../corpus/000_702a0cdae249a93f.txt"));
    }
}
