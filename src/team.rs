//! Several annotators' files opened together: their agreement and where they differ
//! (computed by the core's `agreement` and `merge`, held in memory, never stored).

use factmark_core::Project;
use factmark_core::agreement::{self, Input, Report};
use factmark_core::format::{Format, decode_utf8};
use factmark_core::merge::{self, Merged};
use std::rc::Rc;

/// Annotators' files compared.
#[derive(Debug)]
pub struct Team {
    /// The files' names, in the order opened.
    pub names: Vec<String>,
    /// Agreement between their annotators.
    pub report: Report,
    /// Agreement on relations and attributes.
    pub relations: agreement::RelationReport,
    /// Their union and where they differ.
    pub merged: Merged,
}

/// A team compared by pointer (a comparison is made once and never changed).
#[derive(Debug, Clone)]
pub struct TeamPtr(pub Rc<Team>);

impl PartialEq for TeamPtr {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Reads annotators' files (any format factmark reads, with their texts): each one's
/// name and bytes, or why it could not be read.
pub async fn load(files: Vec<web_sys::File>) -> Vec<(String, Result<Vec<u8>, String>)> {
    let mut loaded = Vec::new();
    for file in files {
        let name = file.name();
        loaded.push((name, crate::files::load(&file).await));
    }
    loaded
}

/// Compares what `session` holds (see [`crate::storage::TeamSession`]), reading the
/// project in this browser for [`TeamSession::Library`](crate::storage::TeamSession).
pub async fn compare_session(session: &crate::storage::TeamSession) -> Result<Team, Vec<String>> {
    match session {
        crate::storage::TeamSession::Files(files) => compare(
            files
                .iter()
                .map(|(name, bytes)| (name.clone(), Ok(bytes.clone())))
                .collect(),
        ),
        crate::storage::TeamSession::Library => match crate::storage::load().await {
            Ok(Some(project)) => compare_library(&project),
            Ok(None) => Err(vec!["nothing is annotated in this browser yet".to_owned()]),
            Err(problem) => Err(vec![problem]),
        },
    }
}

/// The annotators of `project` (the one in this browser: annotations each record who
/// made them) compared; `Err` says why not (fewer than two annotators, say).
pub fn compare_library(project: &Project) -> Result<Team, Vec<String>> {
    compare_projects(vec!["this library".to_owned()], vec![project.clone()])
}

/// Annotators' files, as [`load`] read them — (name, bytes or why not) — compared;
/// `Err` lists every file's problem, by name.
pub fn compare(files: Vec<(String, Result<Vec<u8>, String>)>) -> Result<Team, Vec<String>> {
    let mut problems = Vec::new();
    let (mut names, mut projects): (Vec<String>, Vec<Project>) = (Vec::new(), Vec::new());
    for (name, bytes) in files {
        match bytes.and_then(|bytes| read(&name, &bytes)) {
            Ok(project) => {
                names.push(name);
                projects.push(project);
            }
            Err(problem) => problems.push(format!("{name}: {problem}")),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    compare_projects(names, projects)
}

/// The agreement and the merge of `projects`, each read from the input named beside it.
fn compare_projects(names: Vec<String>, projects: Vec<Project>) -> Result<Team, Vec<String>> {
    let inputs = Input::all(&names, &projects);
    let report = agreement::agreement(&inputs).map_err(|err| vec![err.to_string()])?;
    let merged = merge::merge(&inputs);
    let relations = agreement::relation_agreement(&inputs);
    Ok(Team {
        names,
        report,
        relations,
        merged,
    })
}

fn read(name: &str, bytes: &[u8]) -> Result<Project, String> {
    let text = decode_utf8(bytes).map_err(crate::files::describe)?;
    let format = Format::detect(name, text).ok_or_else(|| {
        "not an annotation file factmark reads (factmark, W3C, JSON Lines, Label Studio)".to_owned()
    })?;
    let reading = format.read(text).map_err(crate::files::describe)?;
    if reading.loses_something() {
        // Compared as it is, a file missing part of what it holds would skew the
        // agreement without a word: say what, and compare nothing.
        let what: Vec<String> = reading.unread.iter().map(ToString::to_string).collect();
        return Err(format!(
            "it holds what factmark does not read: {}",
            what.join("; ")
        ));
    }
    reading.file.into_project().map_err(crate::files::describe)
}
