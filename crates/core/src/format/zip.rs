//! Zip archives, for exports of several files in the browser (brat, Hugging Face).

use std::io::{Read, Write};
use zip::write::SimpleFileOptions;

/// A zip archive holding `files` (paths relative to the archive's root), deflated.
pub fn write(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        // Writing to memory fails only for names a zip cannot hold; ours are ids.
        archive
            .start_file(name.as_str(), options)
            .expect("a zip entry can be started in memory");
        archive.write_all(bytes).expect("writing to memory cannot fail");
    }
    archive
        .finish()
        .expect("finishing in memory cannot fail")
        .into_inner()
}

/// The files of a zip archive, by their paths; directories are skipped.
pub fn read(bytes: &[u8], max_total: u64) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|err| format!("this is not a readable zip archive: {err}"))?;
    let mut files = Vec::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|err| format!("zip entry {i} cannot be read: {err}"))?;
        if entry.is_dir() {
            continue;
        }
        total += entry.size();
        if total > max_total {
            return Err(format!(
                "the archive unpacks to more than {} MB",
                max_total / 1_000_000
            ));
        }
        let name = entry.name().to_owned();
        let mut contents = Vec::with_capacity(entry.size() as usize);
        Read::by_ref(&mut entry)
            .take(max_total)
            .read_to_end(&mut contents)
            .map_err(|err| format!("{name}: cannot be unpacked: {err}"))?;
        files.push((name, contents));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_out_of_the_archive() {
        let files = vec![
            ("a.txt".to_owned(), "Минск 🇧🇾\r\n".as_bytes().to_vec()),
            ("a.ann".to_owned(), b"T1\tActor 0 5\t\xd0\x9c".to_vec()),
        ];
        let bytes = write(&files);
        assert_eq!(&bytes[..2], b"PK");
        assert_eq!(read(&bytes, 1_000_000).unwrap(), files);
        assert!(
            read(b"not a zip", 1_000)
                .unwrap_err()
                .starts_with("this is not a readable zip archive")
        );
        assert!(read(&bytes, 5).unwrap_err().contains("more than"));
    }
}
