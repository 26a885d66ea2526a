//! The YAML 1.1 check: the course's labs and a lab full of strings YAML 1.1 would misread,
//! rendered as YAML and JSON, must read back equal with PyYAML.

use crate::{Failure, external};
use kubelab::spec::{Deployment, EnvVar, Lab, Service};
use std::path::PathBuf;

/// Strings that a YAML 1.1 reader (kubectl's) takes for a boolean, number, null, date or
/// YAML syntax, or that are otherwise unsafe plain. kubelab must quote each: the
/// tests render them as env and label values and read them back with PyYAML.
pub const YAML11_AMBIGUOUS: &[&str] = &[
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "N",
    "YES",
    "Off",
    "true",
    "False",
    "null",
    "NULL",
    "~",
    "",
    "0755",
    "1e3",
    "0x1F",
    ".5",
    "1_000",
    "1:20",
    "12:30:45",
    "2001-12-14",
    "0b101",
    "+12",
    "-1.5",
    ".inf",
    "-.Inf",
    ".NaN",
    "<<",
    "=",
    "@x",
    "`x",
    "x: y",
    "- a",
    "#c",
    "a #b",
    "! t",
    "&a",
    "*a",
    "'q'",
    "\"q\"",
    " lead",
    "trail ",
    "%d",
    "?",
    "a\nb",
    "tab\there",
    "back\\slash",
    "ends:",
    "{a}",
    "[a]",
    "|",
    ">",
];

/// Strings with characters YAML may not carry raw (outside its printable set), or that a
/// reader might take for a line break or a byte-order mark.
pub const NOT_PRINTABLE: &[&str] = &[
    "\u{fffe}",
    "\u{ffff}",
    "a\u{7f}b",
    "\u{9f}",
    "\u{0}",
    "\u{1b}[31mred",
    "line\u{85}next",
    "line\u{2028}sep",
    "\u{feff}bom",
    "astral \u{1F600}",
];

/// A lab whose env and label values are every string YAML 1.1 would misread (and whose
/// env values also hold every character YAML may not carry raw).
pub fn tricky_lab() -> Lab {
    let values = YAML11_AMBIGUOUS.iter().enumerate();
    let not_printable = NOT_PRINTABLE
        .iter()
        .enumerate()
        .map(|(i, v)| EnvVar::new(format!("NP{i}"), *v));
    Lab::builder()
        .id("yaml11")
        .title("YAML 1.1 ambiguous strings")
        .output("yaml11.yaml")
        .deployment(
            Deployment::builder()
                .name("yaml11")
                .image("nginx")
                .ports([80])
                .env(
                    values
                        .clone()
                        .map(|(i, v)| EnvVar::new(format!("V{i}"), *v))
                        .chain(not_printable)
                        .collect(),
                )
                .labels(
                    values
                        .map(|(i, v)| (format!("l{i}"), (*v).to_owned()))
                        .collect(),
                )
                .build(),
        )
        .service(Service::builder().name("yaml11").ports([80]).build())
        .build()
}

/// Runs the check in `target/yaml11-check/`.
pub fn run() -> Result<(), Failure> {
    let dir = crate::target_dir().join("yaml11-check");
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::Failed(format!("{}: {e}", dir.display())))?;
    let config = crate::render::default_config();
    let mut labs = kubelab::course::load(&config)
        .map_err(crate::render::invalid)?
        .course
        .labs;
    labs.push(tricky_lab());
    let mut pairs: Vec<(PathBuf, PathBuf)> = Vec::new();
    for lab in &labs {
        let objects = lab.objects();
        let ser = |e: kubelab::manifest::Unwritable| Failure::Failed(e.to_string());
        let yaml = dir.join(format!("{}.yaml", lab.id));
        let json = dir.join(format!("{}.json", lab.id));
        for (path, text) in [
            (&yaml, objects.to_yaml("").map_err(ser)?),
            (&json, objects.to_json().map_err(ser)?),
        ] {
            std::fs::write(path, text)
                .map_err(|e| Failure::Failed(format!("{}: {e}", path.display())))?;
        }
        pairs.push((yaml, json));
    }
    println!(
        "==> PyYAML (YAML 1.1) reads {} labs back unchanged",
        pairs.len()
    );
    external::yaml11_roundtrip(&pairs)
}
