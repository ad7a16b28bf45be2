//! `factmark`: factmark's command line, thin glue over `factmark-core`.
//!
//! Exit codes: 0 on success, 1 when an input is invalid or cannot be read (each
//! problem is printed with its file and place), 2 for a usage error.

use clap::{Parser, Subcommand};
use factmark_core::format::native::NativeFile;
use factmark_core::format::{Format, ReadError, decode_utf8};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "factmark",
    version,
    about = "Check, convert and count factmark annotations"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check annotation files and print every problem with its file and place.
    Validate {
        /// The files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Their format, when it cannot be told from the file.
        #[arg(long, value_parser = format_name)]
        from: Option<Format>,
    },
    /// Convert annotation files into one file of another format.
    Convert {
        /// The files to convert (their documents and annotations are put together).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The format to write: native, w3c, spacy-jsonl, doccano or csv.
        #[arg(long, value_parser = format_name)]
        to: Format,
        /// The inputs' format, when it cannot be told from the files.
        #[arg(long, value_parser = format_name)]
        from: Option<Format>,
        /// Where to write; standard output when absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Count annotations per label and per document.
    Stats {
        /// The files to count.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The files' format, when it cannot be told from the file.
        #[arg(long, value_parser = format_name)]
        from: Option<Format>,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
}

fn format_name(name: &str) -> Result<Format, String> {
    Format::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format `{name}`; use one of: {}", names.join(", "))
    })
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Validate { files, from } => validate(&files, from),
        Command::Convert {
            inputs,
            to,
            from,
            output,
        } => convert(&inputs, to, from, output.as_deref()),
        Command::Stats { files, from, json } => stats(&files, from, json),
    }
}

/// Reads and checks one annotation file; the problems come ready to print.
fn read_file(path: &Path, from: Option<Format>) -> Result<NativeFile, Vec<String>> {
    let bytes = std::fs::read(path).map_err(|err| vec![format!("cannot read the file: {err}")])?;
    let as_strings = |err: ReadError| err.problems.iter().map(ToString::to_string).collect::<Vec<_>>();
    let text = decode_utf8(&bytes).map_err(as_strings)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let format = from.or_else(|| Format::detect(name, text)).ok_or_else(|| {
        vec!["cannot tell this file's format from its name and content: give it with --from".to_owned()]
    })?;
    format.read(text).map_err(as_strings)
}

/// Reads every file, printing each one's problems; `None` when any had one.
fn read_all(paths: &[PathBuf], from: Option<Format>) -> Option<Vec<(PathBuf, NativeFile)>> {
    let mut files = Vec::new();
    let mut all_valid = true;
    for path in paths {
        match read_file(path, from) {
            Ok(file) => files.push((path.clone(), file)),
            Err(problems) => {
                all_valid = false;
                for problem in problems {
                    eprintln!("{}: {problem}", path.display());
                }
            }
        }
    }
    all_valid.then_some(files)
}

fn validate(paths: &[PathBuf], from: Option<Format>) -> ExitCode {
    let Some(files) = read_all(paths, from) else {
        return ExitCode::from(1);
    };
    for (path, file) in files {
        println!(
            "{}: valid ({} labels, {} documents, {} annotations)",
            path.display(),
            file.labels.len(),
            file.documents.len(),
            file.annotations.len()
        );
    }
    ExitCode::SUCCESS
}

fn convert(paths: &[PathBuf], to: Format, from: Option<Format>, output: Option<&Path>) -> ExitCode {
    let Some(files) = read_all(paths, from) else {
        return ExitCode::from(1);
    };
    let mut merged = NativeFile {
        labels: factmark_core::LabelSet::empty(),
        documents: Vec::new(),
        annotations: Vec::new(),
    };
    for (_, file) in files {
        for label in file.labels.iter() {
            if merged.labels.get(&label.name).is_none() {
                let _ = merged.labels.add(label.clone()).or_else(|_| {
                    merged.labels.add(factmark_core::Label {
                        hotkey: None,
                        ..label.clone()
                    })
                });
            }
        }
        for document in file.documents {
            if !merged.documents.iter().any(|d| d.id == document.id) {
                merged.documents.push(document);
            }
        }
        merged.annotations.extend(file.annotations);
    }
    let written = match to.write(&merged) {
        Ok(written) => written,
        Err(problem) => {
            eprintln!("cannot write {}: {problem}", to.name());
            return ExitCode::from(1);
        }
    };
    match output {
        Some(path) => {
            if let Err(err) = std::fs::write(path, written) {
                eprintln!("{}: cannot write the file: {err}", path.display());
                return ExitCode::from(1);
            }
        }
        None => print!("{written}"),
    }
    ExitCode::SUCCESS
}

fn stats(paths: &[PathBuf], from: Option<Format>, json: bool) -> ExitCode {
    let Some(files) = read_all(paths, from) else {
        return ExitCode::from(1);
    };
    let mut per_label: BTreeMap<String, usize> = BTreeMap::new();
    let mut per_document: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for (_, file) in &files {
        for document in &file.documents {
            per_document.entry(document.id.0.clone()).or_default();
        }
        for annotation in &file.annotations {
            *per_label.entry(annotation.label.clone()).or_default() += 1;
            *per_document.entry(annotation.document.0.clone()).or_default() += 1;
            total += 1;
        }
    }
    if json {
        let value = serde_json::json!({
            "annotations": total,
            "documents": per_document.len(),
            "per_label": per_label,
            "per_document": per_document,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON values always serialise")
        );
    } else {
        println!("{total} annotations in {} documents", per_document.len());
        println!("per label:");
        for (label, n) in &per_label {
            println!("  {label}\t{n}");
        }
        println!("per document:");
        for (document, n) in &per_document {
            println!("  {document}\t{n}");
        }
    }
    ExitCode::SUCCESS
}
