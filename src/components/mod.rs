//! The app's components, one per file.

pub mod document_text;
pub mod library;
pub mod reader;

pub use document_text::DocumentText;
pub use library::Library;
pub use reader::Reader;
