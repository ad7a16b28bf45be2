//! The app's components, one per file.

pub mod adjudicate;
pub mod annotation_panel;
pub mod dialog;
pub mod document_text;
pub mod export_menu;
pub mod identity;
pub mod import_preview;
pub mod keyboard_help;
pub mod label_editor;
pub mod label_picker;
pub mod label_styles;
pub mod library;
pub mod reader;
pub mod reports;
pub mod team_document;
pub mod team_loader;
pub mod team_view;
pub mod toolbar;

pub use adjudicate::Adjudicate;
pub use annotation_panel::AnnotationPanel;
pub use document_text::DocumentText;
pub use export_menu::ExportMenu;
pub use identity::Identity;
pub use import_preview::ImportPreview;
pub use keyboard_help::KeyboardHelp;
pub use label_editor::LabelEditor;
pub use label_picker::LabelPicker;
pub use label_styles::LabelStyles;
pub use library::Library;
pub use reader::Reader;
pub use reports::Reports;
pub use team_document::TeamDocument;
pub use team_loader::TeamLoader;
pub use team_view::TeamView;
pub use toolbar::Toolbar;
