//! Colours of a deck: light (for print) and dark (for a projector).

use crate::page::Rgb;

/// The colours used by the slide layout.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Page background; `None` leaves the page white (and the file smaller).
    pub background: Option<Rgb>,
    /// Body text.
    pub text: Rgb,
    /// Titles.
    pub title: Rgb,
    /// Footers, quotes, captions.
    pub muted: Rgb,
    /// Links and the rule under titles.
    pub accent: Rgb,
    /// Background of code blocks and inline code.
    pub code_background: Rgb,
    /// Code text.
    pub code: Rgb,
    /// Table grid, quote bars, frames.
    pub rule: Rgb,
}

impl Theme {
    /// Dark text on white.
    pub const LIGHT: Theme = Theme {
        background: None,
        text: Rgb(0.13, 0.13, 0.13),
        title: Rgb(0.05, 0.05, 0.1),
        muted: Rgb(0.4, 0.4, 0.42),
        accent: Rgb(0.1, 0.37, 0.71),
        code_background: Rgb(0.94, 0.95, 0.96),
        code: Rgb(0.15, 0.15, 0.2),
        rule: Rgb(0.78, 0.79, 0.8),
    };

    /// Light text on a dark background.
    pub const DARK: Theme = Theme {
        background: Some(Rgb(0.12, 0.12, 0.14)),
        text: Rgb(0.9, 0.9, 0.9),
        title: Rgb(1.0, 1.0, 1.0),
        muted: Rgb(0.65, 0.65, 0.68),
        accent: Rgb(0.54, 0.71, 0.97),
        code_background: Rgb(0.2, 0.2, 0.23),
        code: Rgb(0.88, 0.9, 0.8),
        rule: Rgb(0.35, 0.35, 0.4),
    };
}
