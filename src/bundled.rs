//! The articles of `corpus/`, compiled into the app by `build.rs` from
//! `corpus/manifest.json`, so the app needs no server to show them.

use factmark_core::{DocId, Document, LabelSet, Project, Source, Span};

/// One bundled article: its stable id, the headline a person chose, and its text.
pub struct BundledArticle {
    /// Stable across releases; annotations refer to it.
    pub id: &'static str,
    /// The headline shown in the library.
    pub title: &'static str,
    /// The file's text, byte for byte.
    pub text: &'static str,
    /// The site clutter a person set aside in it, as `[start, end)` in code points.
    pub aside: &'static [(usize, usize)],
}

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// A project holding every bundled article, with the default labels and each article's
/// site clutter set aside.
pub fn bundled_project() -> Project {
    let mut project = Project::new(LabelSet::default());
    for article in BUNDLED {
        // build.rs found each passage in the text, so each region fits it.
        let aside = article
            .aside
            .iter()
            .map(|&(start, end)| Span::new(start, end).expect("build.rs found each passage in its text"))
            .collect();
        let document = Document::new(
            DocId(article.id.to_owned()),
            article.title.to_owned(),
            article.text.to_owned(),
            Source::Bundled,
        )
        .with_ignored(aside);
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

    #[test]
    fn ships_each_articles_clutter_set_aside_and_suggests_no_more() {
        let project = bundled_project();
        for document in project.documents() {
            let regions = document.ignored();
            assert!(!regions.is_empty(), "{} has clutter set aside", document.title());
            let quotes: Vec<String> = regions
                .iter()
                .map(|r| r.slice(document.text()).unwrap().to_owned())
                .collect();
            assert!(
                quotes.iter().all(|q| !q.contains("Lukashenko said")),
                "{quotes:?}"
            );
            // What the clutter finder suggests in a bundled article lies in what a
            // person set aside there (it misses a site's name, never takes the story).
            for suggested in factmark_core::clutter::suggested(document.text()) {
                assert!(
                    regions.iter().any(|r| r.contains(suggested)),
                    "{suggested:?} in {}",
                    document.title()
                );
            }
        }
        let first = &project.documents()[0];
        assert!(
            first.ignored()[0].len() > 200,
            "the ad-blocker notice and the comment prompt"
        );
    }
}
