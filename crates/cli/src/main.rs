//! `factmark`: factmark's command line, thin glue over `factmark-core`.
//!
//! Exit codes: 0 when every file is fine, 1 when any file is invalid (each problem is
//! printed with its file and place), 2 for a usage error.

use clap::{Parser, Subcommand};
use factmark_core::format::{ReadError, decode_utf8, native};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "factmark",
    version,
    about = "Check and convert factmark annotation files"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check factmark files and print every problem with its file and place.
    Validate {
        /// The files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Validate { files } => validate(&files),
    }
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut all_valid = true;
    for path in files {
        match read_native(path) {
            Ok(file) => println!(
                "{}: valid factmark file ({} labels, {} documents, {} annotations)",
                path.display(),
                file.labels.len(),
                file.documents.len(),
                file.annotations.len()
            ),
            Err(problems) => {
                all_valid = false;
                for problem in problems {
                    eprintln!("{}: {problem}", path.display());
                }
            }
        }
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Reads and checks one native file; the problems are ready to print.
fn read_native(path: &Path) -> Result<native::NativeFile, Vec<String>> {
    let bytes = std::fs::read(path).map_err(|err| vec![format!("cannot read the file: {err}")])?;
    let as_strings = |err: ReadError| err.problems.iter().map(ToString::to_string).collect::<Vec<_>>();
    let text = decode_utf8(&bytes).map_err(as_strings)?;
    native::read(text).map_err(as_strings)
}
