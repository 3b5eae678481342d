//! How kaoping's own exports are known, by what writes them ([`crate::export`]) and what
//! passes them over ([`crate::import`]): here so that neither imports the other.

/// Exports end so; the importer never takes them for returns.
pub const EXPORT_SUFFIX: &str = ".kaoping.xlsx";

/// The custom document property that marks a workbook as kaoping's own export (its value
/// is the version that wrote it), so that the importer passes it over whatever its name.
pub const OWN_EXPORT_PROPERTY: &str = "kaoping-export";
