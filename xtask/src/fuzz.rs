//! `cargo xtask fuzz`: the course-file path (parse, validate, render) under mutated course
//! files. Each case mutates a seed (every course file of the tests, this course, the
//! starter) with byte and line edits and tokens that have broken YAML readers before; it
//! must end in a render or in errors that each name a field path and a rule, and never
//! panic. `cargo xtask test` runs a bounded number of cases; `--cases` runs more.

use crate::{Failure, workspace_root};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

/// Arguments of `fuzz`.
#[derive(clap::Args)]
pub struct FuzzArgs {
    /// How many mutated course files to try.
    #[arg(long, default_value_t = 10_000)]
    pub cases: u64,
    /// The first case's seed; a failure names the seed that reproduces it.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Tokens that have broken YAML readers and validators before.
const TOKENS: &[&str] = &[
    "~",
    "null",
    "-1",
    "0",
    "99999999999999999999999",
    "1e999",
    "0x10",
    "0o17",
    ".inf",
    "yes",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!str ",
    "!tag ",
    "\t",
    "---\n",
    "\u{fffe}",
    "\u{feff}",
    "\u{0}",
    "#",
    "|\n",
    ">-\n",
    "? ",
    "%YAML 1.1\n",
    "\r\n",
    "ü",
    "4294967295",
    "18446744073709551615",
    "-9223372036854775808",
    "500m",
    "1Ei",
    "1Gi",
    "",
];

/// splitmix64: a small generator, so a seed names a case on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// The seeds: every course file the tests use, those that render first (how many).
fn seeds() -> Result<(Vec<String>, usize), Failure> {
    let root = workspace_root();
    let mut files = vec![
        root.join("course.yaml"),
        root.join("examples/challenge.course.yaml"),
        root.join("crates/kubelab-cli/src/starter.course.yaml"),
        root.join("crates/kubelab/tests/fixtures/k8s-ml/course.yaml"),
    ];
    let mut good = files.len();
    for name in ["valid", "accepted", "invalid"] {
        let dir = root.join("crates/kubelab/tests/corpus").join(name);
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| Failure::Failed(format!("{}: {e}", dir.display())))?
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        if name != "invalid" {
            good += entries.len();
        }
        files.extend(entries);
    }
    let texts = files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f).map_err(|e| Failure::Failed(format!("{}: {e}", f.display())))
        })
        .collect::<Result<_, _>>()?;
    Ok((texts, good))
}

/// One to four edits of `text`.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut out = text.to_owned();
    for _ in 0..=rng.below(2) {
        let chars: Vec<char> = out.chars().collect();
        let at = rng.below(chars.len() + 1);
        let head: String = chars[..at].iter().collect();
        let tail: String = chars[at..].iter().collect();
        out = match rng.below(6) {
            0 => format!("{head}{}{tail}", TOKENS[rng.below(TOKENS.len())]),
            1 => {
                let cut = rng.below(tail.chars().count().min(40) + 1);
                format!("{head}{}", tail.chars().skip(cut).collect::<String>())
            }
            2 => {
                let n = rng.below(tail.chars().count().min(80) + 1);
                let piece: String = tail.chars().take(n).collect();
                format!("{head}{piece}{tail}")
            }
            3 => {
                // A line duplicated, dropped or moved.
                let mut lines: Vec<&str> = out.lines().collect();
                if lines.is_empty() {
                    continue;
                }
                let i = rng.below(lines.len());
                match rng.below(3) {
                    0 => lines.insert(i, lines[i]),
                    1 => {
                        lines.remove(i);
                    }
                    _ => {
                        let j = rng.below(lines.len());
                        lines.swap(i, j);
                    }
                }
                lines.join("\n") + "\n"
            }
            4 => {
                // A number somewhere replaced by a large or odd one.
                let n = ["0", "-5", "65536", "4294967296", "2.5", "1e20"][rng.below(6)];
                match tail.find(|c: char| c.is_ascii_digit()) {
                    Some(d) => {
                        let end = tail[d..]
                            .find(|c: char| !c.is_ascii_digit())
                            .map_or(tail.len(), |e| d + e);
                        format!("{head}{}{n}{}", &tail[..d], &tail[end..])
                    }
                    None => format!("{head}{n}{tail}"),
                }
            }
            _ => format!("{head}{}{tail}", " ".repeat(rng.below(4))),
        };
    }
    out
}

/// Parse, validate and render `text`: whether it rendered, or what is wrong.
fn run_case(text: &str) -> Result<bool, String> {
    let course = match kubelab::course::parse(text, "fuzz.yaml") {
        Ok(course) => course,
        Err(kubelab::course::CourseError::Invalid { problems, .. }) => {
            return match problems
                .iter()
                .find(|p| p.path.is_empty() || p.message.is_empty())
            {
                Some(p) => Err(format!("a problem without a path or a message: {p}")),
                None => Ok(false),
            };
        }
        Err(e) => return Err(format!("an unexpected error kind: {e}")),
    };
    match kubelab::generate(&course, &kubelab::Options::default()) {
        Ok(generated) => {
            for f in generated.files.iter().filter(|f| f.path.ends_with(".yaml")) {
                for doc in serde_yaml::Deserializer::from_str(&f.contents) {
                    <serde_yaml::Value as serde::Deserialize>::deserialize(doc)
                        .map_err(|e| format!("{} does not read back: {e}", f.path))?;
                }
            }
            Ok(true)
        }
        Err(kubelab::Error::Invalid(report)) => {
            match report
                .violations
                .iter()
                .find(|v| v.path.is_empty() || v.message.is_empty())
            {
                Some(v) => Err(format!("a violation without a path or a message: {v}")),
                None => Ok(false),
            }
        }
        Err(e) => Err(format!("render failed: {e}")),
    }
}

/// Runs `cases` cases from `seed`; the first failure is saved under `target/fuzz-failures/`.
pub fn run(args: &FuzzArgs) -> Result<(), Failure> {
    let (seeds, good) = seeds()?;
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failure = None;
    let (mut rendered, mut refused) = (0u64, 0u64);
    for case in args.seed..args.seed.saturating_add(args.cases) {
        let mut rng = Rng(case);
        // Two cases in three start from a course that renders, to reach the render too.
        let pick = if rng.below(3) < 2 {
            rng.below(good)
        } else {
            rng.below(seeds.len())
        };
        let seed_text = &seeds[pick];
        let text = mutate(seed_text, &mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| run_case(&text)));
        let problem = match outcome {
            Ok(Ok(true)) => {
                rendered += 1;
                None
            }
            Ok(Ok(false)) => {
                refused += 1;
                None
            }
            Ok(Err(problem)) => Some(problem),
            Err(panic) => Some(format!(
                "panicked: {}",
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            )),
        };
        if let Some(problem) = problem {
            failure = Some((case, text, problem));
            break;
        }
    }
    std::panic::set_hook(quiet);
    if let Some((case, text, problem)) = failure {
        let dir = crate::target_dir().join("fuzz-failures");
        let file = dir.join(format!("case-{case}.yaml"));
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(&file, &text).ok();
        return Err(Failure::Failed(format!(
            "fuzz case {case} failed: {problem}\nthe input is {}; reproduce with `cargo xtask \
             fuzz --seed {case} --cases 1`",
            file.display()
        )));
    }
    println!(
        "fuzz: {} cases from seed {}: {rendered} rendered, {refused} refused with a path and a \
         rule, none panicked",
        args.cases, args.seed
    );
    Ok(())
}
