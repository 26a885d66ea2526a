//! What siege prints, for the version the course installs: the lines of its first run, its
//! report (JSON or text) and the report's fields a student notes down.
//!
//! Sources (JoeDog/siege, read at each tag and run here against a local server with the
//! 4.0.7 that Debian 12 installs, `xtask/tests/siege.rs`):
//! - `doc/siegerc.in`: `json_output = true` in v4.0.5 to v4.0.8, `false` before and from
//!   v4.0.9 (v4.1.0, v4.1.7); `src/init.c` sets `quiet` when `json_output` is on, so those
//!   versions print nothing while they run and only the JSON object at the end (stdout).
//! - `src/main.c`: the JSON object (`printf("\t\"transactions\":\t\t\t%12u,\n"` ...) and the
//!   text report (`fprintf(stderr, "\nTransactions:\t\t%12u hits\n"` ...).
//! - `configure.ac` (`utils/siege.config`): on the first run siege writes `~/.siege/siege.conf`
//!   and prints `New configuration template added to $HOME/.siege` and `Run siege -C to view
//!   the current settings in that file`.
//! - `src/sock.c`: `NOTIFY(ERROR, "socket: unable to connect %s:%d"`, shown as
//!   `[error] socket: unable to connect sock.c:282: Connection refused` (4.0.7).
//! - `src/response.c` `response_success` (a status below 400, or 401 or 407) and
//!   `src/browser.c` `__increment_failures` (a request that failed before an answer): what
//!   `successful_transactions` and `failed_transactions` count.

use serde::Serialize;

/// A field of siege's report a student notes down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportField {
    /// As siege names it: `transactions` in JSON, `Transactions` in text.
    pub name: &'static str,
    /// What it counts, in plain words.
    pub meaning: &'static str,
}

/// siege's report, as the installed version prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiegeReport {
    /// The version the course installs (`4.0.7`).
    pub version: String,
    /// True when it prints a JSON object (4.0.5 to 4.0.8) and nothing while it runs.
    pub json: bool,
    /// The fields to note down.
    pub fields: Vec<ReportField>,
    /// An example of the report, laid out as siege lays it out (numbers differ).
    pub sample: String,
    /// What siege prints on its first run, before the report (it writes its settings).
    pub first_run: Vec<String>,
}

/// Whether `version` prints JSON by default.
fn prints_json(version: (u32, u32, u32)) -> bool {
    ((4, 0, 5)..=(4, 0, 8)).contains(&version)
}

/// (JSON name, text name, meaning) of each field to note down, in siege's order.
const FIELDS: [(&str, &str, &str); 5] = [
    (
        "transactions",
        "Transactions",
        "requests answered, whatever their status",
    ),
    (
        "response_time",
        "Response time",
        "the average seconds from sending a request to its whole answer",
    ),
    (
        "transaction_rate",
        "Transaction rate",
        "requests answered per second",
    ),
    (
        "successful_transactions",
        "Successful transactions",
        "answers with a status below 400 (siege also counts 401 and 407)",
    ),
    (
        "failed_transactions",
        "Failed transactions",
        "requests that got no answer: the connection failed, broke or timed out",
    ),
];

/// (JSON name, text name, text unit, example value, is a count) of every report line, in
/// siege's order (`src/main.c`).
const LINES: [(&str, &str, &str, &str, bool); 12] = [
    ("transactions", "Transactions", " hits", "1520", true),
    ("availability", "Availability", " %", "100.00", false),
    ("elapsed_time", "Elapsed time", " secs", "29.71", false),
    ("data_transferred", "Data transferred", " MB", "0.03", false),
    ("response_time", "Response time", " secs", "0.19", false),
    (
        "transaction_rate",
        "Transaction rate",
        " trans/sec",
        "51.16",
        false,
    ),
    ("throughput", "Throughput", " MB/sec", "0.00", false),
    ("concurrency", "Concurrency", "", "9.92", false),
    (
        "successful_transactions",
        "Successful transactions",
        "",
        "1520",
        true,
    ),
    ("failed_transactions", "Failed transactions", "", "0", true),
    (
        "longest_transaction",
        "Longest transaction",
        "",
        "0.61",
        false,
    ),
    (
        "shortest_transaction",
        "Shortest transaction",
        "",
        "0.05",
        false,
    ),
];

/// The JSON object as siege 4.0.5 to 4.0.8 print it: a tab, the quoted name, a colon,
/// tabs to the value's column, the value right-aligned in 12 characters.
fn json_sample() -> String {
    let mut out = String::from("{");
    for (i, (name, _, _, value, _)) in LINES.iter().enumerate() {
        // The tabs siege's format strings put after each name.
        let tabs = match name.len() + 3 {
            n if n < 16 => "\t\t\t",
            n if n < 24 => "\t\t",
            _ => "\t",
        };
        let comma = if i + 1 < LINES.len() { "," } else { "" };
        out.push_str(&format!("\t\"{name}\":{tabs}{value:>12}{comma}\n"));
    }
    out.push('}');
    expand_tabs(&out)
}

/// The text report as siege prints it (on stderr) when JSON output is off.
fn text_sample() -> String {
    let mut out = String::new();
    for (_, name, unit, value, _) in LINES {
        let label = format!("{name}:");
        let tabs = match label.len() {
            n if n < 8 => "\t\t\t",
            n if n < 16 => "\t\t",
            n if n < 24 => "\t",
            _ => "",
        };
        out.push_str(&format!("{label}{tabs}{value:>12}{unit}\n"));
    }
    expand_tabs(out.trim_end())
}

/// Tabs as a terminal shows them (stops every 8 columns), for a code block.
fn expand_tabs(text: &str) -> String {
    text.lines()
        .map(|line| {
            let mut out = String::new();
            for c in line.chars() {
                if c == '\t' {
                    let spaces = 8 - out.chars().count() % 8;
                    out.push_str(&" ".repeat(spaces));
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The report of siege `version`, `None` when the version is not three numbers (refused by
/// validation before any page is made).
pub(crate) fn report(version: &str, parsed: Option<(u32, u32, u32)>) -> Option<SiegeReport> {
    let json = prints_json(parsed?);
    Some(SiegeReport {
        version: version.to_owned(),
        json,
        fields: FIELDS
            .iter()
            .map(|(j, t, meaning)| ReportField {
                name: if json { j } else { t },
                meaning,
            })
            .collect(),
        sample: if json { json_sample() } else { text_sample() },
        first_run: vec![
            "New configuration template added to <home>/.siege".to_owned(),
            "Run siege -C to view the current settings in that file".to_owned(),
        ],
    })
}

/// What siege prints for a connection the app refused (one line a failed request).
pub(crate) const REFUSED: &str = "[error] socket: unable to connect sock.c:282: Connection refused";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_versions_that_debian_and_ubuntu_install_print_json() {
        assert!(prints_json((4, 0, 7)));
        assert!(prints_json((4, 0, 5)) && prints_json((4, 0, 8)));
        assert!(!prints_json((4, 0, 4)) && !prints_json((4, 0, 9)));
        assert!(!prints_json((4, 1, 6)));
    }

    #[test]
    fn the_json_sample_is_a_json_object_with_sieges_twelve_fields() {
        let sample = json_sample();
        let value: serde_json::Value = serde_json::from_str(&sample).expect("JSON");
        let object = value.as_object().expect("an object");
        assert_eq!(object.len(), 12);
        assert!(sample.starts_with("{       \"transactions\":"), "{sample}");
        for (name, ..) in FIELDS {
            assert!(object.contains_key(name), "{name}");
        }
    }

    #[test]
    fn the_text_sample_names_each_line_as_siege_does() {
        let sample = text_sample();
        // `fprintf(stderr, "\nTransactions:\t\t%12u hits\n"`: two tabs to column 24, then
        // the number right-aligned in 12.
        assert!(
            sample.starts_with(&format!("Transactions:{}{:>12} hits", " ".repeat(11), 1520)),
            "{sample}"
        );
        assert!(
            sample.contains("\nSuccessful transactions:        1520\n"),
            "{sample}"
        );
    }
}
