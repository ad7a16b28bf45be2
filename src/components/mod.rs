//! The app's components, one per file.

pub mod annotation_panel;
pub mod document_text;
pub mod label_picker;
pub mod label_styles;
pub mod library;
pub mod reader;
pub mod toolbar;

pub use annotation_panel::AnnotationPanel;
pub use document_text::DocumentText;
pub use label_picker::LabelPicker;
pub use label_styles::LabelStyles;
pub use library::Library;
pub use reader::Reader;
pub use toolbar::Toolbar;
