//! Writing workbooks: the blank return (template).

pub mod template;
