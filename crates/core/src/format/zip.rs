//! Zip archives, for exports of several files in the browser (brat, Hugging Face).
//! factmark writes them only: an archive's files are imported by choosing them.

use std::io::Write;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_go_into_the_archive() {
        let files = vec![
            ("a.txt".to_owned(), "Минск 🇧🇾\r\n".as_bytes().to_vec()),
            ("a.ann".to_owned(), b"T1\tActor 0 5\t\xd0\x9c".to_vec()),
        ];
        let bytes = write(&files);
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        // The central directory names both files.
        let names = String::from_utf8_lossy(&bytes);
        assert!(names.matches("a.txt").count() >= 2 && names.matches("a.ann").count() >= 2);
    }
}
