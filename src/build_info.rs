//! Which build this is: the version, the git commit and the build date, set by `build.rs`.
//! `kaoping --version` prints them, and every workbook and document written carries them in
//! its properties, so that a result names the build that made it.

/// The version, the commit (short hash, `-dirty` if the tree had uncommitted changes;
/// `unknown` when built without git and without `KAOPING_COMMIT`) and the build date
/// (UTC, `YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildInfo {
    pub version: &'static str,
    pub commit: &'static str,
    pub date: &'static str,
}

/// `0.1.0 (1a2b3c4 2026-05-02)`: what `--version` prints after the name.
pub const VERSION_LINE: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("KAOPING_BUILD_COMMIT"),
    " ",
    env!("KAOPING_BUILD_DATE_UTC"),
    ")"
);

/// This build.
pub fn build_info() -> BuildInfo {
    BuildInfo {
        version: env!("CARGO_PKG_VERSION"),
        commit: env!("KAOPING_BUILD_COMMIT"),
        date: env!("KAOPING_BUILD_DATE_UTC"),
    }
}

impl std::fmt::Display for BuildInfo {
    /// `0.1.0 (1a2b3c4 2026-05-02)`, as [`VERSION_LINE`].
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} {})", self.version, self.commit, self.date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_line_is_the_build_info() {
        assert_eq!(build_info().to_string(), VERSION_LINE);
        let b = build_info();
        assert!(!b.commit.is_empty() && !b.date.is_empty());
    }
}
