//! Hostile text shared by the unit tests: every way a naive offset goes wrong.

/// Cyrillic, an emoji ZWJ sequence, a flag, a combining mark, CRLF line ends, a
/// no-break space, an astral CJK ideograph and a right-to-left word.
pub const HOSTILE: &str = "Минск, 24 февраля.\r\nЛукашенко 👨‍👩‍👧 said 🇧🇾 troops\u{a0}moved — cafe\u{301} 𠜎 שלום.\r\n\r\n«Войска» 12\u{a0}000 🪖";
