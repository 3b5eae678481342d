//! Reading `score --format json` in the tests: an office's entry and an indicator's.

use serde_json::Value;

/// The entry of `office` (its registry name) in the report's `offices`.
pub fn office<'a>(report: &'a Value, office: &str) -> &'a Value {
    report["offices"]
        .as_array()
        .expect("offices is a list")
        .iter()
        .find(|o| o["office"] == office)
        .unwrap_or_else(|| panic!("no {office} in the report"))
}

/// The entry of indicator `id` in an office's `indicators`.
pub fn indicator<'a>(office: &'a Value, id: &str) -> &'a Value {
    office["indicators"]
        .as_array()
        .expect("indicators is a list")
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {}", office["office"]))
}
