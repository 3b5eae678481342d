//! What comes from the machine rather than the data: the local time and the login name.
//! Kept out of [`crate::domain`], which is given both.

use crate::domain::decision::validate_evaluator;

/// The local time as stored (`YYYY-MM-DD HH:MM:SS`).
pub fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The login name (`$USER`, `$LOGNAME`, else what `id -un` says), the default evaluator;
/// a name that is not a valid evaluator (see [`validate_evaluator`]) is passed over.
pub fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| {
            std::env::var(v)
                .ok()
                .and_then(|s| validate_evaluator(&s).ok())
        })
        .or_else(|| {
            std::process::Command::new("id")
                .arg("-un")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .and_then(|o| String::from_utf8(o.stdout).ok())
                .and_then(|s| validate_evaluator(&s).ok())
        })
        .unwrap_or_else(|| "unknown".into())
}
