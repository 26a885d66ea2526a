//! A container's resource requests and limits.
//!
//! Source: kubernetes pkg/apis/core/validation/validation.go, `ValidateResourceRequirements`,
//! `validateContainerResourceName`, `ValidateResourceQuantityValue`,
//! `validateResourceQuantityHugePageValue`; the classification in
//! pkg/apis/core/v1/helper/helpers.go (see [`crate::resource_names`]); the warnings in
//! pkg/api/pod/warnings.go (`fractional byte value %q is invalid, must be an integer`).
//! The template is checked as written: the API server copies limits into missing requests
//! only when it creates the pods (`SetDefaults_Pod`), and those pods pass the same rules.

use super::Checker;
use super::at::At;
use crate::quantity::Quantity;
use crate::resource_names as kind;
use crate::rules::Rule;
use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;
use std::collections::BTreeMap;

type Quantities = Option<BTreeMap<String, K8sQuantity>>;

pub(super) fn check(r: &core::ResourceRequirements, at: At<'_>, c: &mut Checker) {
    let limits = parsed(&r.limits, at.field("limits"), c);
    let requests = parsed(&r.requests, at.field("requests"), c);
    let requests_at = at.field("requests");
    for (name, (request, text)) in &requests {
        let field = requests_at.field(name);
        match limits.get(name) {
            Some((limit, limit_text))
                if !kind::overcommit_allowed(name) && request.nanos != limit.nanos =>
            {
                c.flag(Rule::ResourceRequestEqualsLimit, field, text)
                    .says(format!("must be equal to {name} limit of {limit_text}"))
                    .fix(format!(
                        "{name} cannot be overcommitted: set only its limit (the request \
                         becomes the limit) or make both {limit_text}"
                    ));
            }
            Some((limit, limit_text)) if request.nanos > limit.nanos => {
                c.flag(Rule::RequestWithinLimit, field, text)
                    .says(format!(
                        "must be less than or equal to {name} limit of {limit_text}"
                    ))
                    .fix(format!("lower the {name} request or raise its limit"));
            }
            None if !kind::overcommit_allowed(name)
                && !r.limits.as_ref().is_some_and(|l| l.contains_key(*name)) =>
            {
                c.flag(
                    Rule::ResourceLimitRequired,
                    at.field("limits").field(name),
                    "unset",
                )
                .says("Required value: Limit must be set for non overcommitable resources")
                .fix(format!(
                    "set `limits: {{ {name}: {text} }}` (the request becomes the limit) \
                         instead of the request"
                ));
            }
            _ => {}
        }
    }
    let all = || r.limits.iter().chain(&r.requests).flat_map(|m| m.keys());
    let huge_pages = all().any(|n| kind::is_hugepages(n));
    let cpu_or_memory = all().any(|n| n == "cpu" || n == "memory");
    if huge_pages && !cpu_or_memory {
        let names: Vec<&str> = all()
            .filter(|n| kind::is_hugepages(n))
            .map(String::as_str)
            .collect();
        c.flag(Rule::HugePagesNeedCpuOrMemory, at, names.join(", "))
            .says("Forbidden: HugePages require cpu or memory")
            .fix("also request (or limit) the container's memory, e.g. `requests: { memory: 256Mi }`");
    }
}

/// The valid quantities of `map` by name, each with its text; every problem flagged.
fn parsed<'m>(
    map: &'m Quantities,
    at: At<'_>,
    c: &mut Checker,
) -> BTreeMap<&'m str, (Quantity, &'m str)> {
    let mut out = BTreeMap::new();
    for (name, q) in map.iter().flatten() {
        let field = at.field(name);
        let text = q.0.as_str();
        if let Some(m) = kind::container_resource_problem(name) {
            c.flag(Rule::ResourceName, field, name).says(m).fix(
                "use cpu, memory, ephemeral-storage, hugepages-<size> or an extended \
                 resource with a domain, like `nvidia.com/gpu`",
            );
            continue;
        }
        let value = match Quantity::parse(text) {
            Ok(v) => v,
            Err(m) => {
                c.flag(Rule::QuantitySyntax, field, text)
                    .says(m)
                    .fix("write a Kubernetes quantity such as `500m`, `1`, `2Gi`");
                continue;
            }
        };
        if value.nanos < 0 {
            c.flag(Rule::QuantityNonNegative, field, text)
                .says("must be greater than or equal to 0")
                .fix("use a positive quantity");
            continue;
        }
        value_rules(name, value, text, field, c);
        out.insert(name.as_str(), (value, text));
    }
    out
}

/// What each kind of resource requires of its value.
fn value_rules(name: &str, value: Quantity, text: &str, field: At<'_>, c: &mut Checker) {
    if kind::is_extended(name) && !value.is_integer() {
        c.flag(Rule::ResourceInteger, field, text)
            .says("must be an integer")
            .fix(format!("{name} is counted in whole devices: use 1, 2, ..."));
    }
    if kind::is_hugepages(name) {
        let page = kind::hugepage_size(name);
        if page.is_none_or(|p| value.ceil_units() % p != 0) {
            c.flag(Rule::HugePagesMultiple, field, text)
                .says(format!("{text} is not positive integer multiple of {name}"))
                .fix(format!(
                    "use a whole number of pages of {}",
                    name.trim_start_matches("hugepages-")
                ));
        }
    }
    if matches!(name, "memory" | "ephemeral-storage") && !value.is_integer() {
        // What the author wrote means a fraction of a byte; `512m` was surely `512Mi`.
        let whole = value.nanos / crate::quantity::NANOS;
        let fraction = format!("{:09}", value.nanos % crate::quantity::NANOS);
        let bytes = format!("{whole}.{}", fraction.trim_end_matches('0'));
        let meant = text
            .strip_suffix('m')
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            .map(|n| format!("`{n}Mi` (mebibytes), not `{text}`"))
            .unwrap_or_else(|| "a whole number of bytes".to_owned());
        c.flag(Rule::FractionalBytes, field, text)
            .says(format!(
                "means {bytes} bytes: `m` is a thousandth, so this is a fraction of a byte \
                 (the API server warns: fractional byte value \"{text}\" is invalid, must be \
                 an integer)"
            ))
            .fix(format!(
                "write {meant}; bytes take suffixes such as `512Mi` or `1G`"
            ));
    }
    if name == "cpu" && value.binary {
        c.flag(Rule::CpuBinarySuffix, field, text)
            .says(format!(
                "is {} cores: Ki, Mi and Gi are powers of two for bytes",
                value.ceil_units()
            ))
            .fix("write cpu in cores or millicores, such as `1` or `500m`");
    }
}
