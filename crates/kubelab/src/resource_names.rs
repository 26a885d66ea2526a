//! What kind of resource a resource name is, as Kubernetes classifies it.
//!
//! Source: kubernetes pkg/apis/core/v1/helper/helpers.go (`IsNativeResource`,
//! `IsExtendedResourceName`, `IsHugePageResourceName`, `IsOvercommitAllowed`,
//! `IsStandardContainerResourceName`) and pkg/apis/core/validation/validation.go
//! (`validateContainerResourceName`).

use crate::names;

/// Resources a container may request without a domain.
const STANDARD_CONTAINER: [&str; 3] = ["cpu", "memory", "ephemeral-storage"];

/// `hugepages-<size>`.
pub(crate) fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// Unprefixed, or in the `kubernetes.io/` domain.
fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// A vendor's resource (`nvidia.com/gpu`): not native, not `requests.`-prefixed, and a
/// qualified name once prefixed with `requests.`.
pub(crate) fn is_extended(name: &str) -> bool {
    !is_native(name)
        && !name.starts_with("requests.")
        && names::qualified_name(&format!("requests.{name}")).is_none()
}

/// Whether a request may be lower than its limit: native resources but huge pages. The
/// others (huge pages, extended resources) need a limit, and the request equals it.
pub(crate) fn overcommit_allowed(name: &str) -> bool {
    is_native(name) && !is_hugepages(name)
}

/// Why `name` cannot be a container's resource, if it cannot.
pub(crate) fn container_resource_problem(name: &str) -> Option<String> {
    if let Some(m) = names::qualified_name(name) {
        return Some(m);
    }
    if !name.contains('/') {
        let standard = STANDARD_CONTAINER.contains(&name) || is_hugepages(name);
        return (!standard).then(|| {
            "must be a standard resource type or fully qualified; must be a standard \
             resource for containers"
                .to_owned()
        });
    }
    (!is_native(name) && !is_extended(name))
        .then(|| "doesn't follow extended resource name standard".to_owned())
}

/// The page size of a `hugepages-<size>` resource, in bytes.
pub(crate) fn hugepage_size(name: &str) -> Option<i128> {
    let size = crate::quantity::Quantity::parse(name.strip_prefix("hugepages-")?).ok()?;
    (size.nanos > 0 && size.is_integer()).then(|| size.ceil_units())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_like_kubernetes() {
        assert!(is_extended("nvidia.com/gpu"));
        assert!(!is_extended("cpu"));
        assert!(!is_extended("kubernetes.io/foo"));
        assert!(overcommit_allowed("cpu"));
        assert!(!overcommit_allowed("hugepages-2Mi"));
        assert!(!overcommit_allowed("vendor.example/widget"));
        assert_eq!(container_resource_problem("memory"), None);
        assert_eq!(container_resource_problem("hugepages-1Gi"), None);
        assert!(container_resource_problem("gpu").is_some());
        assert!(container_resource_problem("bad name/x").is_some());
        assert_eq!(hugepage_size("hugepages-2Mi"), Some(2 * 1024 * 1024));
        assert_eq!(hugepage_size("hugepages-x"), None);
    }
}
