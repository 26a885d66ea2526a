//! `kubelab explain RULE`: what a rule checks, why the cluster cares, how to fix it, and
//! the source it follows. `kubelab explain FIELD`: a course-file field as `kubectl
//! explain` shows one, read from the course file's own schema (`kubelab schema`).

use crate::{Exit, Failure};
use kubelab::{Rule, Severity};

/// Arguments of `explain`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExplainArgs {
    /// A rule's id, as printed in brackets after `error` or `warning`
    /// (`service-node-port-range`), or a course-file field (`deployment.readinessProbe`,
    /// `labs.autoscaler.maxReplicas`, `cluster.nodes`); `--list` for every rule.
    #[arg(required_unless_present = "list", value_name = "RULE|FIELD")]
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
    if Rule::from_id(id).is_none()
        && let Some(text) = field(id)
    {
        print!("{text}");
        return Ok(());
    }
    let Some(rule) = Rule::from_id(id) else {
        let hint = kubelab::course::did_you_mean(id, Rule::ALL.iter().map(|r| r.id()))
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        return Err(Failure::error(
            Exit::Usage,
            format!(
                "no rule or course-file field `{id}`\nhelp: {hint}`kubelab explain --list` \
                 lists the rules; a field is a path such as `deployment.readinessProbe`"
            ),
        ));
    };
    print!("{}", text(rule));
    Ok(())
}

/// `schema`'s definition `value` with its `$ref` (or a `$ref` inside `anyOf`, for an
/// optional field) followed.
fn resolved<'a>(
    schema: &'a serde_json::Value,
    value: &'a serde_json::Value,
) -> &'a serde_json::Value {
    let reference = value["$ref"].as_str().or_else(|| {
        value["anyOf"]
            .as_array()?
            .iter()
            .find_map(|v| v["$ref"].as_str())
    });
    match reference.and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => &schema["$defs"][name],
        None => value,
    }
}

/// The field at `path` of the course file: its type, default, allowed values, range and
/// description, and the rules whose description names it. `labs.` and `defaults.` may be
/// left out (`deployment.replicas` is a lab's).
pub fn field(path: &str) -> Option<String> {
    let schema = kubelab::course::schema();
    let parts: Vec<&str> = path.split('.').filter(|p| !p.is_empty()).collect();
    let (first, _) = parts.split_first()?;
    let mut node = &schema;
    let mut start = 0;
    if schema["properties"].get(*first).is_none() {
        // A lab's field, as written under `labs:` or `defaults:`.
        node = resolved(&schema, &schema["properties"]["labs"]["items"]);
    }
    if *first == "labs" {
        node = resolved(&schema, &schema["properties"]["labs"]["items"]);
        start = 1;
    }
    for part in &parts[start..] {
        node = resolved(&schema, node);
        let next = node["properties"]
            .get(*part)
            .or_else(|| resolved(&schema, &node["items"])["properties"].get(*part))?;
        node = next;
    }
    let node_resolved = resolved(&schema, node);
    let kind = |v: &serde_json::Value| -> String {
        match &v["type"] {
            serde_json::Value::String(t) => t.clone(),
            serde_json::Value::Array(ts) => ts
                .iter()
                .filter_map(|t| t.as_str())
                .filter(|t| *t != "null")
                .collect::<Vec<_>>()
                .join(" or "),
            _ if v["anyOf"].is_array() || v["oneOf"].is_array() => {
                "one of several forms".to_owned()
            }
            _ => "object".to_owned(),
        }
    };
    let mut out = format!("FIELD: {path}\n\n");
    // Allowed values: an `enum`, or the constants of a `oneOf` (one a documented variant).
    let mut allowed: Vec<String> = node_resolved["enum"]
        .as_array()
        .into_iter()
        .flatten()
        .map(ToString::to_string)
        .collect();
    for variant in node_resolved["oneOf"].as_array().into_iter().flatten() {
        allowed.extend(variant.get("const").map(ToString::to_string));
        allowed.extend(
            variant["enum"]
                .as_array()
                .into_iter()
                .flatten()
                .map(ToString::to_string),
        );
    }
    let shape = match allowed.first() {
        Some(value) if value.starts_with('"') => "string".to_owned(),
        _ => kind(node_resolved),
    };
    out.push_str(&format!("TYPE: {shape}\n"));
    if !allowed.is_empty() {
        out.push_str(&format!("ALLOWED: {}\n", allowed.join(", ")));
    }
    if let Some(default) = node.get("default") {
        out.push_str(&format!("DEFAULT: {default}\n"));
    }
    match (node_resolved.get("minimum"), node_resolved.get("maximum")) {
        (Some(min), Some(max)) => out.push_str(&format!("RANGE: {min} to {max}\n")),
        (Some(min), None) => out.push_str(&format!("RANGE: {min} or more\n")),
        _ => {}
    }
    let description = node["description"]
        .as_str()
        .or_else(|| node_resolved["description"].as_str())
        .unwrap_or("(no description)");
    out.push_str(&format!(
        "\nDESCRIPTION:\n  {}\n",
        description.replace('\n', "\n  ")
    ));
    let members = match node_resolved["properties"].as_object() {
        Some(fields) => Some(fields),
        None => resolved(&schema, &node_resolved["items"])["properties"].as_object(),
    };
    if let Some(fields) = members {
        out.push_str("\nFIELDS:\n");
        for name in fields.keys() {
            out.push_str(&format!("  {name}\n"));
        }
    }
    let last = parts.last().copied().unwrap_or_default();
    // The rules whose description names the field as a word (the schema rules, which
    // apply to every field, left out).
    let rules: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !r.id().starts_with("schema-"))
        .filter(|r| {
            r.description()
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == last)
        })
        .map(|r| r.id())
        .collect();
    if !rules.is_empty() {
        out.push_str(&format!(
            "\nRULES THAT NAME IT (`kubelab explain RULE`):\n  {}\n",
            rules.join("\n  ")
        ));
    }
    Some(out)
}
