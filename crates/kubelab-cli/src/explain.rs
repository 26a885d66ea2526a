//! `kubelab explain RULE`: what a rule checks, why the cluster cares, how to fix it, and
//! the source it follows.

use crate::{Exit, Failure};
use kubelab::{Rule, Severity};

/// Arguments of `explain`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExplainArgs {
    /// The rule's id, as printed in brackets after `error` or `warning`
    /// (`service-node-port-range`); `--list` for every rule.
    #[arg(required_unless_present = "list")]
    pub rule: Option<String>,
    /// List every rule with what it checks.
    #[arg(long)]
    pub list: bool,
}

/// The explanation of `rule`, as printed.
pub fn text(rule: Rule) -> String {
    let severity = match rule.severity() {
        Severity::Error => "an error: the render stops, nothing is written",
        Severity::Warning => "a warning: the render goes on, unless --deny-warnings",
    };
    format!(
        "{id}: {severity}\n\nChecks: {what}.\n\nWhy: {why}\n\nFix: {fix}\n\nSource: {source}\n",
        id = rule.id(),
        what = rule.description().trim_end_matches(" (warning)"),
        why = rule.why(),
        fix = rule.fix(),
        source = rule.source(),
    )
}

/// Prints the explanation.
pub fn run(args: &ExplainArgs) -> Result<(), Failure> {
    if args.list {
        for rule in Rule::ALL {
            println!("{:<40} {}", rule.id(), rule.description());
        }
        return Ok(());
    }
    let id = args.rule.as_deref().unwrap_or_default();
    let Some(rule) = Rule::from_id(id) else {
        let hint = kubelab::course::did_you_mean(id, Rule::ALL.iter().map(|r| r.id()))
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        return Err(Failure::error(
            Exit::Usage,
            format!("no rule `{id}`\nhelp: {hint}`kubelab explain --list` lists them"),
        ));
    };
    print!("{}", text(rule));
    Ok(())
}
