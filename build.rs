//! Bundles the articles listed in corpus/manifest.json into the app: each file's text
//! is included as it is, byte for byte, with the id and title a person chose for it,
//! and the passages of site clutter a person set aside in it (`notTheArticle`), as
//! code-point spans of the text.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // Read when the script runs, not when it was compiled: a build script compiled for
    // one checkout may be run for another that shares the target folder.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let corpus = Path::new(&root).join("corpus");
    println!("cargo::rerun-if-changed={}", corpus.display());
    let manifest_path = corpus.join("manifest.json");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&manifest_path).expect("corpus/manifest.json is readable"),
    )
    .expect("corpus/manifest.json is JSON");

    let mut out = String::from("/// The bundled articles, as listed in corpus/manifest.json.\n");
    out.push_str("pub const BUNDLED: &[BundledArticle] = &[\n");
    let mut ids = std::collections::HashSet::new();
    for article in manifest["articles"]
        .as_array()
        .expect("manifest has an `articles` list")
    {
        let field = |name: &str| {
            article[name]
                .as_str()
                .filter(|value| !value.trim().is_empty())
                .unwrap_or_else(|| panic!("every article in the manifest needs a non-empty `{name}`"))
        };
        let (id, title, file) = (field("id"), field("title"), field("file"));
        assert!(
            ids.insert(id.to_owned()),
            "article id `{id}` appears twice in the manifest"
        );
        let path = corpus.join(file);
        assert!(
            path.is_file(),
            "the manifest lists {file}, which is not in corpus/"
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{file} is UTF-8 text"));
        let mut aside = Vec::new();
        for passage in article["notTheArticle"].as_array().into_iter().flatten() {
            let passage = passage.as_str().expect("`notTheArticle` lists strings");
            let mut found = text.match_indices(passage).map(|(at, _)| at);
            let (Some(at), None) = (found.next(), found.next()) else {
                panic!("{file}: a passage of `notTheArticle` must be found exactly once: {passage:?}");
            };
            let start = text[..at].chars().count();
            aside.push((start, start + passage.chars().count()));
        }
        writeln!(
            out,
            "    BundledArticle {{ id: {id:?}, title: {title:?}, text: include_str!({:?}), aside: &{aside:?} }},",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(dest, out).unwrap();
}
