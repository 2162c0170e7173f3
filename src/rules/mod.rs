//! Rule implementations, one file per rule, grouped by family. The registry in
//! `lint::registry` lists them.

pub mod attribution;
pub mod boilerplate;
pub mod date;
pub mod time;
pub mod unit;

use crate::lint::{BlockContext, HoverText};

/// Hover providers, tried in order. Each takes a block and a block-relative offset.
pub static HOVER_PROVIDERS: [fn(&BlockContext<'_>, usize) -> Option<HoverText>; 2] =
    [date::hover, unit::hover];
