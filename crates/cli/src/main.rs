//! `factmark`: factmark's command line, thin glue over `factmark-core`.
//!
//! Exit codes: 0 on success, 1 when an input is invalid or cannot be read (each
//! problem is printed with its file and place), 2 for a usage error.
//!
//! A brat document is given as its `.ann` file (its `.txt` file beside it) or as a
//! folder of such pairs.

use clap::{Parser, Subcommand};

/// mimalloc: a million annotations are a few million small strings, which the
/// system allocator makes and frees markedly slower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use factmark_core::document::DocId;
use factmark_core::format::native::{self, NativeFile};
use factmark_core::format::w3c::SourceText;
use factmark_core::format::{
    Fate, Format, Output, ReadError, Reading, Unread, brat, csv, decode_utf8, describe_notices, hf, plain,
    tokens, w3c, webanno_tsv,
};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Writes `bytes` to standard output. A closed pipe (`factmark stats x.json | head -1`)
/// ends the program quietly with success, as `cat` does; any other failure to write
/// is an error.
fn out_raw(bytes: &[u8]) {
    let mut stdout = std::io::stdout().lock();
    if let Err(err) = stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("cannot write to standard output: {err}");
        std::process::exit(1);
    }
}

/// `println!` that ends quietly on a closed pipe (see [`out_raw`]).
macro_rules! out {
    ($($arg:tt)*) => {{
        let mut line = format!($($arg)*);
        line.push('\n');
        out_raw(line.as_bytes());
    }};
}

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
        /// Fail (exit 1) when a file holds something factmark does not read, instead
        /// of warning.
        #[arg(long)]
        strict: bool,
        /// The text of a W3C annotation source that is not one of factmark's texts
        /// (a URL, say): `SOURCE=FILE`, FILE a text file; repeat for each source. A
        /// bare FILE is a text the annotations are found in by their quotes.
        #[arg(long = "text", value_name = "SOURCE=FILE")]
        texts: Vec<String>,
    },
    /// Convert annotation files into one file (or folder) of another format.
    Convert {
        /// The files to convert (their documents and annotations are put together).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The format to write: native, w3c, spacy, spacy-jsonl, hf, conll, prodigy,
        /// doccano, labelstudio, brat, csv or webanno-tsv.
        #[arg(long, value_parser = format_name)]
        to: Format,
        /// The inputs' format, when it cannot be told from the files.
        #[arg(long, value_parser = format_name)]
        from: Option<Format>,
        /// Where to write: a file, or a folder for brat and hf; standard output when
        /// absent (text formats only).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Fail (exit 1) when an input holds something factmark does not read, or an
        /// annotation cannot be written in the format, instead of leaving it out with a
        /// warning.
        #[arg(long)]
        strict: bool,
        /// Print every notice, not only the first 20.
        #[arg(long)]
        all_notices: bool,
        /// Name the annotations in notices by document and annotation id (for
        /// scripts), instead of by label, quote and document title.
        #[arg(long)]
        notice_ids: bool,
        /// For conll and hf: a file (conll) or folder (hf) per label, each with only
        /// that label's spans, so nested spans of different labels are all kept.
        #[arg(long)]
        layers: bool,
        /// The text of a W3C annotation source that is not one of factmark's texts
        /// (a URL, say): `SOURCE=FILE`, FILE a text file; repeat for each source. A
        /// bare FILE is a text the annotations are found in by their quotes.
        #[arg(long = "text", value_name = "SOURCE=FILE")]
        texts: Vec<String>,
    },
    /// Make a project file of a folder of `.txt` files, one document each.
    ImportText {
        /// The folder.
        dir: PathBuf,
        /// The project file to write.
        #[arg(short, long, required = true)]
        output: PathBuf,
    },
    /// Inter-annotator agreement between files of the same documents: exact and
    /// overlap span F1 and token Cohen's kappa per pair, Krippendorff's alpha for all;
    /// overall, per label, per document and for the corpus.
    Agree {
        /// Each annotator's file (annotations without an annotator name count as the
        /// file's). Documents are matched by the SHA-256 of their text.
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The files' format, when it cannot be told from the file.
        #[arg(long, value_parser = format_name)]
        from: Option<Format>,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
        /// With --json: add each compared document's tokens and every annotator's
        /// category for each (what kappa and alpha are computed on).
        #[arg(long, requires = "json")]
        tokens: bool,
    },
    /// Score predicted annotations against gold ones: precision, recall and F1 per
    /// label and overall, by exact span match and by overlap (documents matched by
    /// the SHA-256 of their text).
    Evaluate {
        /// The gold file.
        gold: PathBuf,
        /// The predicted file (a tagger's, rules', another tool's).
        predicted: PathBuf,
        /// The files' format, when it cannot be told from the file.
        #[arg(long, value_parser = format_name)]
        from: Option<Format>,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Pre-annotate: write the inputs' documents with suggested annotations (marked
    /// `"origin": "suggested"`, with what suggested each and its score) from a tagger
    /// trained on gold files and/or the built-in rules and the project's patterns.
    Suggest {
        /// The files whose documents are to be pre-annotated (put together into one
        /// project; their own annotations are kept).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Gold files to train the learned tagger on (their labels join the output's).
        #[arg(long, num_args = 1..)]
        train: Vec<PathBuf>,
        /// Suggest with the built-in rules (Figures, quoted Claims) and the inputs'
        /// own patterns.
        #[arg(long)]
        rules: bool,
        /// Leave out suggestions scored below this (0–1).
        #[arg(long, default_value_t = 0.0)]
        min_score: f64,
        /// The annotator the suggested annotations are written under.
        #[arg(long, default_value = "factmark suggest")]
        annotator: String,
        /// The files' format, when it cannot be told from the files.
        #[arg(long, value_parser = format_name)]
        from: Option<Format>,
        /// The factmark file to write.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Put annotators' files together: every document (matched by text) and every
    /// annotation, each with its annotator's name; prints where they differ.
    Merge {
        /// The files to merge.
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The merged factmark file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// The files' format, when it cannot be told from the file.
        #[arg(long, value_parser = format_name)]
        from: Option<Format>,
        /// Print the conflicts as JSON.
        #[arg(long)]
        json: bool,
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
    no_huge_pages();
    let code = run(Cli::parse().command);
    // Everything read is freed by the process's exit; freeing a million annotations
    // one by one first would only take time.
    std::process::exit(if code == ExitCode::SUCCESS {
        0
    } else {
        exit_number(code)
    })
}

/// Turns transparent huge pages off for this process. mimalloc asks for them on every
/// region it maps (`madvise(MADV_HUGEPAGE)`), and where the kernel is set to
/// `defrag=madvise` (Debian's default) each first touch of such a region may stop to
/// compact memory: converting a million annotations spent 6 s of 9 in the kernel that
/// way, and from 2 to 9 s from one run to the next, against under 1 s without them.
/// This is why the same conversion took so differently long on machines of one kind.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes an integer flag and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn exit_number(code: ExitCode) -> i32 {
    if code == ExitCode::from(2) { 2 } else { 1 }
}

fn run(command: Command) -> ExitCode {
    match command {
        Command::Validate {
            files,
            from,
            strict,
            texts,
        } => match source_texts(&texts) {
            Ok(texts) => validate(&files, from, strict, &texts),
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        },
        Command::Convert {
            inputs,
            to,
            from,
            output,
            strict,
            all_notices,
            notice_ids,
            layers,
            texts,
        } => {
            let texts = match source_texts(&texts) {
                Ok(texts) => texts,
                Err(message) => {
                    eprintln!("{message}");
                    return ExitCode::from(2);
                }
            };
            convert(
                &inputs,
                Target { format: to, layers },
                from,
                output.as_deref(),
                strict,
                Notices {
                    all: all_notices,
                    by_id: notice_ids,
                },
                &texts,
            )
        }
        Command::ImportText { dir, output } => import_text(&dir, &output),
        Command::Stats { files, from, json } => stats(&files, from, json),
        Command::Agree {
            files,
            from,
            json,
            tokens,
        } => agree(&files, from, json, tokens),
        Command::Evaluate {
            gold,
            predicted,
            from,
            json,
        } => evaluate(&gold, &predicted, from, json),
        Command::Merge {
            files,
            output,
            from,
            json,
        } => merge(&files, &output, from, json),
        Command::Suggest {
            inputs,
            train,
            rules,
            min_score,
            annotator,
            from,
            output,
        } => suggest(
            &inputs,
            SuggestWith {
                train: &train,
                rules,
                min_score,
                annotator: &annotator,
            },
            from,
            &output,
        ),
    }
}

/// Reads and checks one annotation file; the problems come ready to print.
fn read_file(path: &Path, from: Option<Format>) -> Result<Reading, Vec<String>> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if from == Some(Format::Brat) || name.to_lowercase().ends_with(".ann") {
        return read_brat(path);
    }
    let bytes = std::fs::read(path).map_err(|err| vec![format!("cannot read the file: {err}")])?;
    if from == Some(Format::Spacy) || name.to_lowercase().ends_with(".spacy") {
        return Format::Spacy.read_bytes(&bytes).map_err(as_strings);
    }
    let text = decode_utf8(&bytes).map_err(as_strings)?;
    let lower = name.to_lowercase();
    match from.or_else(|| Format::detect(name, text)) {
        // Hugging Face rows name their tags by number in the labels.json beside them.
        Some(Format::Hf) => {
            let labels = path.with_file_name("labels.json");
            let labels = labels.exists().then(|| read_text(&labels)).transpose()?;
            hf::read(text, labels.as_deref()).map_err(as_strings)
        }
        Some(Format::WebannoTsv) => {
            let title = path.file_stem().and_then(|n| n.to_str()).unwrap_or_default();
            webanno_tsv::read(title, text).map_err(as_strings)
        }
        // A CSV's relations are in the file beside it, when there is one.
        Some(Format::Csv) => {
            let relations = companion_of(path)
                .filter(|p| p.exists())
                .map(|p| read_text(&p))
                .transpose()?;
            csv::read_with(text, relations.as_deref()).map_err(as_strings)
        }
        Some(format) => format.read(text).map_err(as_strings),
        // JSON Lines of bare texts, as doccano and Prodigy take them: documents.
        None if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") => {
            plain::read_jsonl(text).map_err(as_strings)
        }
        None => Err(vec![
            "cannot tell this file's format from its name and content: give it with --from".to_owned(),
        ]),
    }
}

/// The file read with `path`: the relations of a CSV (`NAME.relations.csv` beside
/// `NAME.csv`), when `path` is an annotations CSV.
fn companion_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_lowercase();
    (lower.ends_with(".csv") && !lower.ends_with(".relations.csv"))
        .then(|| path.with_file_name(csv::relations_name(name)))
}

fn as_strings(err: ReadError) -> Vec<String> {
    err.problems.iter().map(ToString::to_string).collect()
}

fn read_text(path: &Path) -> Result<String, Vec<String>> {
    let bytes = std::fs::read(path).map_err(|err| vec![format!("cannot read the file: {err}")])?;
    decode_utf8(&bytes).map(str::to_owned).map_err(as_strings)
}

/// A brat document: the `.ann` file `path` (or the `.ann` beside a `.txt`) and its `.txt`.
fn read_brat(path: &Path) -> Result<Reading, Vec<String>> {
    let (txt, ann) = (path.with_extension("txt"), path.with_extension("ann"));
    let text = read_text(&txt).map_err(|p| {
        p.into_iter()
            .map(|p| format!("{}: {p}", txt.display()))
            .collect::<Vec<_>>()
    })?;
    let annotations = read_text(&ann)?;
    let title = path.file_stem().and_then(|n| n.to_str()).unwrap_or_default();
    brat::read(title, &text, &annotations).map_err(as_strings)
}

/// The input files `paths` name: a folder stands for the brat `.ann` files in it, and
/// one without any is a problem naming what it holds instead.
fn expand(paths: &[PathBuf]) -> Vec<(PathBuf, Option<String>)> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push((path.clone(), None));
            continue;
        }
        let entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(entries) => entries.flatten().map(|entry| entry.path()).collect(),
            Err(err) => {
                files.push((path.clone(), Some(format!("cannot read the folder: {err}"))));
                continue;
            }
        };
        let with_extension = |entries: &[PathBuf], ext: &str| -> Vec<PathBuf> {
            let mut found: Vec<PathBuf> = entries
                .iter()
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
                .cloned()
                .collect();
            found.sort();
            found
        };
        let mut anns = with_extension(&entries, "ann");
        // A Hugging Face folder: its rows, beside labels.json; a folder of them (the
        // layers of `--layers`): each one's.
        if anns.is_empty() {
            let hf = |dir: &Path| dir.join("labels.json").is_file() && dir.join("train.jsonl").is_file();
            if hf(path) {
                anns.push(path.join("train.jsonl"));
            } else {
                let mut layers: Vec<PathBuf> = entries
                    .iter()
                    .filter(|p| p.is_dir() && hf(p))
                    .map(|p| p.join("train.jsonl"))
                    .collect();
                layers.sort();
                anns.extend(layers);
            }
        }
        if anns.is_empty() {
            let folders = entries.iter().filter(|p| p.is_dir()).count();
            let others = entries.len() - folders;
            let holds = match (folders, others) {
                (0, 0) => "it is empty".to_owned(),
                (f, 0) => format!("it holds only {f} {}", if f == 1 { "folder" } else { "folders" }),
                (0, n) => format!(
                    "it holds {n} {} but no .ann file",
                    if n == 1 { "file" } else { "files" }
                ),
                (f, n) => format!(
                    "it holds {f} {} and {n} {} but no .ann file",
                    if f == 1 { "folder" } else { "folders" },
                    if n == 1 { "file" } else { "files" }
                ),
            };
            files.push((
                path.clone(),
                Some(format!(
                    "a folder is read as brat .ann and .txt pairs or as a Hugging Face folder (train.jsonl and labels.json), \
                     and {holds}: give the files themselves"
                )),
            ));
        }
        files.extend(anns.into_iter().map(|ann| (ann, None)));
    }
    files
}

/// Reads every file, printing each one's problems and what it does not read; `None`
/// when any had a problem. With the files, whether nothing was left out (always true
/// without `strict`, which turns what is left out into errors).
fn read_all(
    paths: &[PathBuf],
    from: Option<Format>,
    strict: bool,
) -> Option<(Vec<(PathBuf, NativeFile)>, bool)> {
    let mut files = Vec::new();
    let mut all_valid = true;
    let mut whole = true;
    let inputs = expand(paths);
    for (path, problem) in &inputs {
        let (path, problem) = (path.clone(), problem.clone());
        // A CSV's relations file is read with it (see read_file).
        if inputs
            .iter()
            .any(|(other, _)| companion_of(other).is_some_and(|c| c == path))
        {
            continue;
        }
        let read = match problem {
            Some(problem) => Err(vec![problem]),
            None => read_file(&path, from),
        };
        match read {
            Ok(reading) => {
                whole &= print_unread(&path, &reading.unread, strict);
                files.push((path.clone(), reading.file));
            }
            Err(problems) => {
                all_valid = false;
                for problem in problems {
                    eprintln!("{}: {problem}", path.display());
                }
            }
        }
    }
    all_valid.then_some((files, whole))
}

/// Prints what a file held that was not read as it was; false when, with `strict`,
/// something was left out.
fn print_unread(path: &Path, unread: &[Unread], strict: bool) -> bool {
    let mut fine = true;
    for u in unread {
        let lost = u.fate == Fate::NotRead;
        let kind = if strict && lost {
            fine = false;
            "error"
        } else if lost {
            "warning"
        } else {
            "note"
        };
        eprintln!("{}: {kind}: {u}", path.display());
    }
    if !fine {
        eprintln!(
            "{}: --strict: the file holds things factmark does not read (above)",
            path.display()
        );
    }
    fine
}

/// Puts what `file` holds on its texts: documents rebuilt from tokens onto the texts
/// `--text` gave, annotations known only by a W3C source onto theirs, and every
/// annotation checked against its text; what this did or could not do, counted.
fn on_texts(file: &mut NativeFile, texts: &[SourceText]) -> Vec<Unread> {
    let given: Vec<(&str, &str)> = texts.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    let mut notes = tokens::realign(file, &given);
    notes.extend(w3c::place(file, texts));
    notes
}

/// The texts `--text` names: `SOURCE=FILE` (split at the last `=`) or a bare FILE.
fn source_texts(args: &[String]) -> Result<Vec<SourceText>, String> {
    args.iter()
        .map(|arg| {
            let (source, file) = match arg.rsplit_once('=') {
                Some((source, file)) if !Path::new(arg).exists() => (Some(source.to_owned()), file),
                _ => (None, arg.as_str()),
            };
            let text = read_text(Path::new(file))
                .map_err(|problems| format!("--text {arg}: {file}: {}", problems.join("; ")))?;
            let name = Path::new(file)
                .file_name()
                .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
            Ok(SourceText { source, name, text })
        })
        .collect()
}

fn validate(paths: &[PathBuf], from: Option<Format>, strict: bool, texts: &[SourceText]) -> ExitCode {
    let Some((files, mut placed_all)) = read_all(paths, from, strict) else {
        return ExitCode::from(1);
    };
    let files: Vec<(PathBuf, NativeFile)> = files
        .into_iter()
        .map(|(path, mut file)| {
            placed_all &= print_unread(&path, &on_texts(&mut file, texts), strict);
            (path, file)
        })
        .collect();
    if !placed_all {
        return ExitCode::from(1);
    }
    for (path, file) in files {
        out!(
            "{}: valid ({} labels, {} documents, {} annotations)",
            path.display(),
            file.labels.len(),
            file.documents.len(),
            file.annotations.len()
        );
    }
    ExitCode::SUCCESS
}

/// Notices printed unless `--all-notices` is given.
const NOTICES_SHOWN: usize = 20;

/// How `convert` prints its notices.
struct Notices {
    /// Every one (`--all-notices`), not only the first [`NOTICES_SHOWN`].
    all: bool,
    /// By document and annotation id (`--notice-ids`).
    by_id: bool,
}

/// What `convert` writes: a format, and whether as a layer per label (`--layers`).
struct Target {
    format: Format,
    layers: bool,
}

fn convert(
    paths: &[PathBuf],
    target: Target,
    from: Option<Format>,
    output: Option<&Path>,
    strict: bool,
    notices: Notices,
    texts: &[SourceText],
) -> ExitCode {
    let to = target.format;
    if target.layers && !to.has_layers() {
        eprintln!(
            "--layers is for conll and hf; {} is not written in layers",
            to.name()
        );
        return ExitCode::from(2);
    }
    let multi_file = to.extension().is_none() || target.layers;
    if output.is_none() && (multi_file || to == Format::Spacy) {
        eprintln!(
            "{} is written as {}: give -o",
            to.title(),
            if multi_file {
                "several files, into a folder"
            } else {
                "a binary file"
            }
        );
        return ExitCode::from(2);
    }
    let mut phases = Phases::from_env();
    let Some((files, whole)) = read_all(paths, from, strict) else {
        return ExitCode::from(1);
    };
    phases.mark("read and checked");
    let inputs = match &files[..] {
        [(path, _)] => path.display().to_string(),
        _ => format!("{} inputs", files.len()),
    };
    let (mut merged, joined) = NativeFile::merge_counted(files.into_iter().map(|(_, file)| file));
    for u in &joined {
        eprintln!("note: {u}");
    }
    phases.mark("merged");
    // Documents rebuilt from tokens go back on their texts where those are given;
    // annotations known only by a W3C source go on their texts; and every annotation on
    // a text is checked against it, so what is written always reads back.
    if !print_unread(Path::new(&inputs), &on_texts(&mut merged, texts), strict) || !whole {
        eprintln!("nothing written: --strict, and the inputs hold what factmark does not read (above)");
        return ExitCode::from(1);
    }
    phases.mark("placed on their texts");
    let written = if target.layers {
        to.write_layers(&merged)
    } else {
        to.write(&merged)
    };
    phases.mark(&format!("converted to {}", to.name()));
    let written = match written {
        Ok(written) => written,
        Err(problem) => {
            eprintln!("cannot write {}: {problem}", to.name());
            return ExitCode::from(1);
        }
    };
    let shown = if notices.all { usize::MAX } else { NOTICES_SHOWN };
    let shown_notices = &written.notices[..written.notices.len().min(shown)];
    let described = if notices.by_id {
        shown_notices.iter().map(ToString::to_string).collect()
    } else {
        describe_notices(shown_notices, &merged)
    };
    // Freed by the process's exit (see main).
    std::mem::forget(merged);
    for notice in &described {
        eprintln!("{}: {notice}", if strict { "error" } else { "warning" });
    }
    if written.notices.len() > shown {
        eprintln!(
            "… and {} more annotations {} cannot hold (--all-notices lists every one)",
            written.notices.len() - shown,
            to.title()
        );
    }
    if strict && !written.notices.is_empty() {
        eprintln!(
            "nothing written: {} annotations cannot be held by {}",
            written.notices.len(),
            to.title()
        );
        return ExitCode::from(1);
    }
    std::mem::forget(written.notices);
    let result = match (written.output, output) {
        // CSV with relations: the annotations at `path`, the relations beside them.
        (Output::Files(files), Some(path)) if to == Format::Csv => {
            let relations = companion_of(path).unwrap_or_else(|| path.with_extension("relations.csv"));
            [(path.to_path_buf(), &files[0].1), (relations, &files[1].1)]
                .iter()
                .try_for_each(|(path, bytes)| {
                    std::fs::write(path, bytes)
                        .map_err(|err| format!("{}: cannot write the file: {err}", path.display()))
                })
        }
        (Output::Files(files), Some(dir)) => write_folder(dir, &files),
        (output, Some(path)) => std::fs::write(path, output.into_bytes())
            .map_err(|err| format!("{}: cannot write the file: {err}", path.display())),
        (Output::Text(text), None) => {
            out_raw(text.as_bytes());
            Ok(())
        }
        (Output::Files(_), None) if to == Format::Csv => {
            Err("the relations go in a second CSV file beside the annotations: give -o FILE.csv".to_owned())
        }
        (_, None) => unreachable!("checked above"),
    };
    if let Err(message) = result {
        eprintln!("{message}");
        return ExitCode::from(1);
    }
    phases.mark("written");
    ExitCode::SUCCESS
}

/// With `FACTMARK_PHASES` set, the time each phase of a conversion took, said on
/// standard error as it ends (where the time goes, on a machine of one's own).
struct Phases(Option<std::time::Instant>);

impl Phases {
    fn from_env() -> Phases {
        Phases(std::env::var_os("FACTMARK_PHASES").map(|_| std::time::Instant::now()))
    }

    fn mark(&mut self, phase: &str) {
        if let Some(since) = &mut self.0 {
            eprintln!("phase: {phase} in {:.3} s", since.elapsed().as_secs_f64());
            *since = std::time::Instant::now();
        }
    }
}

/// Writes `files` into the folder `dir`, making it if needed.
fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "{}: is a file; this format is written into a folder",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|err| format!("{}: cannot make the folder: {err}", dir.display()))?;
    for (name, bytes) in files {
        let path = dir.join(name);
        // Layers (`--layers`) put each label's files in a folder of its own.
        if let Some(parent) = path.parent().filter(|p| *p != dir) {
            std::fs::create_dir_all(parent)
                .map_err(|err| format!("{}: cannot make the folder: {err}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|err| format!("{}: cannot write the file: {err}", path.display()))?;
    }
    Ok(())
}

fn import_text(dir: &Path, output: &Path) -> ExitCode {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            eprintln!("{}: cannot read the folder: {err}", dir.display());
            return ExitCode::from(1);
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")))
        .collect();
    paths.sort();
    if paths.is_empty() {
        eprintln!("{}: has no .txt files", dir.display());
        return ExitCode::from(1);
    }
    let mut project = factmark_core::Project::new(factmark_core::LabelSet::default());
    let mut all_valid = true;
    for path in &paths {
        match read_text(path) {
            Ok(text) => {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                let document = plain::document_from_text(name, &text);
                if project.document(document.id()).is_some() {
                    eprintln!(
                        "{}: warning: the same text as an earlier file; skipped",
                        path.display()
                    );
                    continue;
                }
                project
                    .apply(project.add_document(document))
                    .expect("a new document can always be added");
            }
            Err(problems) => {
                all_valid = false;
                for problem in problems {
                    eprintln!("{}: {problem}", path.display());
                }
            }
        }
    }
    if !all_valid {
        return ExitCode::from(1);
    }
    let json = native::write(&NativeFile::from_project(&project, true));
    if let Err(err) = std::fs::write(output, json) {
        eprintln!("{}: cannot write the file: {err}", output.display());
        return ExitCode::from(1);
    }
    out!("{}: {} documents", output.display(), project.documents().len());
    ExitCode::SUCCESS
}

fn stats(paths: &[PathBuf], from: Option<Format>, json: bool) -> ExitCode {
    let Some((files, _)) = read_all(paths, from, false) else {
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
        out!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON values always serialise")
        );
    } else {
        out!("{total} annotations in {} documents", per_document.len());
        out!("per label:");
        for (label, n) in &per_label {
            out!("  {label}\t{n}");
        }
        out!("per document:");
        for (document, n) in &per_document {
            out!("  {document}\t{n}");
        }
    }
    ExitCode::SUCCESS
}

/// A figure to three places, or "—" where it is undefined.
fn show(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"))
}

fn evaluate(gold: &Path, predicted: &Path, from: Option<Format>, json: bool) -> ExitCode {
    use factmark_core::evaluate::{self, Scores};
    let paths = [gold.to_path_buf(), predicted.to_path_buf()];
    let Some((_, projects)) = read_projects(&paths, from) else {
        return ExitCode::from(1);
    };
    let report = evaluate::evaluate(&projects[0], &projects[1]);
    for notice in &report.notices {
        eprintln!("warning: {notice}");
    }
    if json {
        out!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report always serialises")
        );
        return ExitCode::SUCCESS;
    }
    let line = |cells: [&str; 7]| {
        let [name, gold, predicted, correct, p, r, f1] = cells;
        out!("  {name:<16} {gold:>9} {predicted:>9} {correct:>9}  {p:>6} {r:>6} {f1:>6}")
    };
    let row = |name: &str, s: &Scores| {
        let counts = [s.gold, s.predicted, s.correct].map(|n| n.to_string());
        let figures = [s.precision, s.recall, s.f1].map(show);
        line([
            name,
            &counts[0],
            &counts[1],
            &counts[2],
            &figures[0],
            &figures[1],
            &figures[2],
        ])
    };
    out!(
        "{} gold document{}",
        report.documents,
        if report.documents == 1 { "" } else { "s" }
    );
    for (name, measure) in [("exact span match", &report.exact), ("overlap", &report.overlap)] {
        out!("\n{name}:");
        line(["label", "gold", "predicted", "correct", "P", "R", "F1"]);
        for (label, scores) in &measure.labels {
            row(label, scores);
        }
        row("overall", &measure.overall);
    }
    ExitCode::SUCCESS
}

fn agree(paths: &[PathBuf], from: Option<Format>, json: bool, tokens: bool) -> ExitCode {
    use factmark_core::agreement::{self, Figure, Input};
    let Some((names, projects)) = read_projects(paths, from) else {
        return ExitCode::from(1);
    };
    let inputs = Input::all(&names, &projects);
    let report = match agreement::agreement(&inputs) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(1);
        }
    };
    for notice in &report.notices {
        eprintln!("warning: {notice}");
    }
    let relations = agreement::relation_agreement(&inputs);
    if json {
        let mut value = serde_json::to_value(&report).expect("a report always serialises");
        value["relations"] = serde_json::to_value(&relations).expect("a report always serialises");
        if tokens {
            value["tokens"] =
                serde_json::to_value(agreement::token_tables(&inputs)).expect("tables serialise");
        }
        out!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON values always serialise")
        );
        return ExitCode::SUCCESS;
    }
    let per_label = |figure: &Figure| {
        figure
            .labels
            .iter()
            .map(|(label, v)| format!("{label} {}", show(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // "    exact span F1  0.800  [Actor 1.000, …]": the name padded to `width`.
    let figure_line = |name: &str, width: usize, figure: &Figure| {
        out!(
            "    {name:<width$}{}  [{}]",
            show(figure.overall),
            per_label(figure)
        )
    };
    out!(
        "{} annotators, {} documents compared ({} tokens){}",
        report.annotators.len(),
        report.documents.len(),
        report.corpus.tokens,
        if report.single.is_empty() {
            String::new()
        } else {
            format!(", {} with one annotator only", report.single.len())
        }
    );
    out!("\ncorpus:");
    out!(
        "  Krippendorff's alpha (nominal, tokens): {}  [{}]",
        show(report.corpus.alpha.overall),
        per_label(&report.corpus.alpha)
    );
    for pair in &report.corpus.pairs {
        out!(
            "  {} vs {} ({} documents, {} and {} spans):",
            pair.a,
            pair.b,
            pair.documents,
            pair.spans.0,
            pair.spans.1
        );
        figure_line("exact span F1", 15, &pair.exact);
        figure_line("overlap F1", 15, &pair.partial);
        figure_line("token kappa", 15, &pair.kappa);
    }
    if !relations.pairs.is_empty() {
        out!("\nrelations and attributes:");
    }
    for pair in &relations.pairs {
        out!(
            "  {} vs {} ({} and {} relations, {} matched exactly):",
            pair.a,
            pair.b,
            pair.relations.0,
            pair.relations.1,
            pair.matched
        );
        figure_line("relation F1, exact ends", 27, &pair.exact);
        figure_line("relation F1, overlapping", 27, &pair.overlap);
        for (field, figure) in &pair.attributes {
            out!(
                "    {field}: {} spans, agreement {}, kappa {}",
                figure.spans,
                show(figure.percent),
                show(figure.kappa)
            );
        }
    }
    out!("\nper document (alpha; exact F1 per pair):");
    for doc in &report.documents {
        let pairs: Vec<String> = doc
            .scores
            .pairs
            .iter()
            .map(|p| format!("{}/{} {}", p.a, p.b, show(p.exact.overall)))
            .collect();
        out!(
            "  {}  alpha {}; {}",
            doc.title,
            show(doc.scores.alpha.overall),
            pairs.join(", ")
        );
    }
    ExitCode::SUCCESS
}

/// What `factmark suggest` suggests with.
struct SuggestWith<'a> {
    train: &'a [PathBuf],
    rules: bool,
    min_score: f64,
    annotator: &'a str,
}

fn suggest(inputs: &[PathBuf], with: SuggestWith<'_>, from: Option<Format>, output: &Path) -> ExitCode {
    use factmark_core::suggest;
    use factmark_core::tagger;
    if with.train.is_empty() && !with.rules {
        eprintln!("nothing to suggest with: give --train GOLD… (a learned tagger), --rules, or both");
        return ExitCode::from(2);
    }
    if !(0.0..=1.0).contains(&with.min_score) {
        eprintln!("--min-score is from 0 to 1, not {}", with.min_score);
        return ExitCode::from(2);
    }
    let Some((_, inputs)) = read_projects(inputs, from) else {
        return ExitCode::from(1);
    };
    let merged = NativeFile::merge(inputs.iter().map(|p| NativeFile::from_project(p, true)));
    let mut project = match merged.into_project() {
        Ok(project) => project,
        Err(err) => {
            for problem in as_strings(err) {
                eprintln!("inputs: {problem}");
            }
            return ExitCode::from(1);
        }
    };
    let model = if with.train.is_empty() {
        None
    } else {
        let Some((_, gold)) = read_projects(with.train, from) else {
            return ExitCode::from(1);
        };
        let gold = NativeFile::merge(gold.iter().map(|p| NativeFile::from_project(p, true)));
        let gold = match gold.into_project() {
            Ok(gold) => gold,
            Err(err) => {
                for problem in as_strings(err) {
                    eprintln!("--train: {problem}");
                }
                return ExitCode::from(1);
            }
        };
        // The gold's labels the inputs lack join them, so its suggestions can be made.
        for label in gold.labels().iter() {
            if project.labels().get(&label.name).is_none() {
                let add = factmark_core::Action::AddLabel {
                    index: project.labels().len(),
                    label: factmark_core::Label {
                        hotkey: None,
                        ..label.clone()
                    },
                };
                if let Err(err) = project.apply(add) {
                    eprintln!(
                        "--train: label `{}` cannot join the inputs' labels: {err}",
                        label.name
                    );
                    return ExitCode::from(1);
                }
            }
        }
        match tagger::train_on_project(&gold, tagger::Settings::default()) {
            Some(model) => {
                eprintln!("trained on {} tokens of the gold files", model.tokens);
                Some(model)
            }
            None => {
                eprintln!("--train: the gold files have no annotations to learn from");
                return ExitCode::from(1);
            }
        }
    };
    let ids: Vec<factmark_core::DocId> = project.documents().iter().map(|d| d.id().clone()).collect();
    let sources = suggest::Sources {
        propagation: false,
        rules: with.rules,
    };
    let mut found = suggest::gather(&project, &ids, sources, model.as_ref());
    found.retain(|s| s.score >= with.min_score);
    let now = factmark_core::Timestamp::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64),
    );
    let mut by_origin: BTreeMap<String, usize> = BTreeMap::new();
    let mut n = 0;
    for s in &found {
        let id = loop {
            n += 1;
            let id = factmark_core::AnnotationId(format!("s{n}"));
            if project.annotation(&id).is_none() {
                break id;
            }
        };
        let mut annotation =
            match project.new_annotation(id, &s.document, s.span, &s.label, with.annotator, now) {
                Ok(annotation) => annotation,
                Err(err) => {
                    eprintln!("a suggestion cannot be added: {err}");
                    return ExitCode::from(1);
                }
            };
        annotation.origin = Some(suggest::Provenance::new(s, false));
        project
            .apply(factmark_core::Action::AddAnnotation(annotation))
            .expect("a suggestion on an open place of a document of the project adds");
        *by_origin.entry(s.origin.code()).or_default() += 1;
    }
    let file = native::write(&NativeFile::from_project(&project, true));
    if let Err(err) = std::fs::write(output, file) {
        eprintln!("{}: cannot write: {err}", output.display());
        return ExitCode::from(1);
    }
    let sources: Vec<String> = by_origin
        .iter()
        .map(|(origin, n)| format!("{origin} {n}"))
        .collect();
    eprintln!(
        "{} suggestion{} in {} document{}{} written to {}",
        found.len(),
        if found.len() == 1 { "" } else { "s" },
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        if sources.is_empty() {
            String::new()
        } else {
            format!(" ({})", sources.join(", "))
        },
        output.display()
    );
    ExitCode::SUCCESS
}

/// Reads every file as a project, named by its file name.
fn read_projects(
    paths: &[PathBuf],
    from: Option<Format>,
) -> Option<(Vec<String>, Vec<factmark_core::Project>)> {
    let (files, _) = read_all(paths, from, false)?;
    let (mut names, mut projects) = (Vec::new(), Vec::new());
    for (path, file) in files {
        match file.into_project() {
            Ok(project) => {
                names.push(path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ));
                projects.push(project);
            }
            Err(err) => {
                for problem in as_strings(err) {
                    eprintln!("{}: {problem}", path.display());
                }
                return None;
            }
        }
    }
    Some((names, projects))
}

/// "; nothing from ana, boris" for those who made nothing at a conflict, if any.
fn nothing_from(silent: &[String]) -> String {
    if silent.is_empty() {
        String::new()
    } else {
        format!("; nothing from {}", silent.join(", "))
    }
}

fn merge(paths: &[PathBuf], output: &Path, from: Option<Format>, json: bool) -> ExitCode {
    use factmark_core::agreement::Input;
    use factmark_core::merge;
    let Some((names, projects)) = read_projects(paths, from) else {
        return ExitCode::from(1);
    };
    let inputs = Input::all(&names, &projects);
    let merged = merge::merge(&inputs);
    let file = native::write(&NativeFile::from_project(&merged.project, true));
    if let Err(err) = std::fs::write(output, file) {
        eprintln!("{}: cannot write: {err}", output.display());
        return ExitCode::from(1);
    }
    let count: usize = merged.conflicts.iter().map(|(_, _, c)| c.len()).sum();
    // Each document with its span conflicts and the relation conflicts whose first end
    // is in it, in the merged project's document order.
    let mut places: BTreeMap<&DocId, Vec<&merge::RelationPlace>> = BTreeMap::new();
    for place in &merged.relation_conflicts {
        places.entry(&place.ends.0.document).or_default().push(place);
    }
    let title = |id: &DocId| {
        merged
            .project
            .document(id)
            .map(|d| d.title().to_owned())
            .unwrap_or_default()
    };
    let none = Vec::new();
    let report: Vec<(&DocId, String, &[merge::Cluster], &[&merge::RelationPlace])> = merged
        .project
        .documents()
        .iter()
        .map(|d| d.id())
        .filter_map(|id| {
            let clusters = merged
                .conflicts
                .iter()
                .find(|(c, _, _)| c == id)
                .map_or(&[][..], |(_, _, c)| c.as_slice());
            let links = places.get(id).unwrap_or(&none).as_slice();
            (!clusters.is_empty() || !links.is_empty()).then(|| (id, title(id), clusters, links))
        })
        .collect();
    if json {
        let conflicts: Vec<serde_json::Value> = report
            .iter()
            .map(|(id, title, clusters, links)| {
                serde_json::json!({"document": id.0, "title": title, "conflicts": clusters, "relations": links})
            })
            .collect();
        out!(
            "{}",
            serde_json::to_string_pretty(&conflicts).expect("JSON values always serialise")
        );
    } else {
        for (_, name, clusters, links) in &report {
            out!("{name}:");
            for cluster in *clusters {
                let marks: Vec<String> = cluster
                    .marks
                    .iter()
                    .map(|m| {
                        format!(
                            "{} {} [{}, {})",
                            m.annotator,
                            m.label,
                            m.span.start(),
                            m.span.end()
                        )
                    })
                    .collect();
                out!(
                    "  [{}, {}) {:?}: {}{}",
                    cluster.span.start(),
                    cluster.span.end(),
                    cluster.kind,
                    marks.join(", "),
                    nothing_from(&cluster.silent)
                );
            }
            for place in *links {
                let (a, b) = &place.ends;
                let end = |e: &merge::End| {
                    let other = if e.document == a.document {
                        String::new()
                    } else {
                        format!(" in {}", title(&e.document))
                    };
                    format!("{} [{}, {}){other}", e.label, e.span.start(), e.span.end())
                };
                let marks: Vec<String> = place
                    .marks
                    .iter()
                    .map(|m| format!("{} {} ({})", m.annotator, m.kind, place.way(m)))
                    .collect();
                out!(
                    "  link A {} – B {} {:?}: {}{}",
                    end(a),
                    end(b),
                    place.kind,
                    marks.join(", "),
                    nothing_from(&place.silent)
                );
            }
        }
    }
    let mut notes = Vec::new();
    if !merged.relation_conflicts.is_empty() {
        notes.push(format!("{} relation conflicts", merged.relation_conflicts.len()));
    }
    if merged.renamed > 0 {
        notes.push(format!(
            "{} annotation ids renamed to stay unique",
            merged.renamed
        ));
    }
    if merged.unfit_relations > 0 {
        notes.push(format!(
            "{} relations left out: the first file to define their type does not allow their ends' labels",
            merged.unfit_relations
        ));
    }
    eprintln!(
        "{}: {} documents, {} annotations, {} relations; {count} conflicts in {} documents{}",
        output.display(),
        merged.project.documents().len(),
        merged.project.annotations().count(),
        merged.project.relations().count(),
        merged.conflicts.len(),
        notes.iter().map(|n| format!("; {n}")).collect::<String>()
    );
    ExitCode::SUCCESS
}
