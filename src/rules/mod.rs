//! Rule implementations, one file per rule, grouped by family. The registry in
//! `lint::registry` lists them.

pub mod boilerplate;
