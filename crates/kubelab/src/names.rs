//! Name formats, worded like Kubernetes' apimachinery validation.

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

fn lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn too_long(s: &str, max: usize) -> Option<String> {
    (s.len() > max).then(|| format!("must be no more than {max} characters"))
}

fn is_dns1123_label(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| lower_alnum(c) || c == '-')
        && s.starts_with(lower_alnum)
        && s.ends_with(lower_alnum)
}

/// RFC 1123 label (container names, Service port names): problem, if any.
///
/// Source: k8s.io/apimachinery pkg/util/validation `IsDNS1123Label` (a valid subdomain
/// that is not a label must only have dots).
pub(crate) fn dns1123_label(s: &str) -> Option<String> {
    too_long(s, 63).or_else(|| {
        if is_dns1123_label(s) {
            None
        } else if s.split('.').all(is_dns1123_label) {
            Some("must not contain dots".to_owned())
        } else {
            Some(DNS1123_LABEL_MSG.to_owned())
        }
    })
}

/// RFC 1123 subdomain (Deployment and HPA names): problem, if any.
pub(crate) fn dns1123_subdomain(s: &str) -> Option<String> {
    too_long(s, 253)
        .or_else(|| (!s.split('.').all(is_dns1123_label)).then(|| DNS1123_SUBDOMAIN_MSG.to_owned()))
}

/// DNS-1035 label (Service names): problem, if any.
pub(crate) fn dns1035_label(s: &str) -> Option<String> {
    too_long(s, 63).or_else(|| {
        (!(is_dns1123_label(s) && s.starts_with(|c: char| c.is_ascii_lowercase())))
            .then(|| DNS1035_LABEL_MSG.to_owned())
    })
}

/// IANA_SVC_NAME (port names): problem, if any.
pub(crate) fn iana_svc_name(s: &str) -> Option<String> {
    if s.len() > 15 {
        return Some("must be no more than 15 characters".to_owned());
    }
    if !s.chars().all(|c| lower_alnum(c) || c == '-') {
        return Some(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_owned(),
        );
    }
    if s.contains("--") {
        return Some("must not contain consecutive hyphens".to_owned());
    }
    if !s.chars().any(|c| c.is_ascii_lowercase()) {
        return Some("must contain at least one letter (a-z)".to_owned());
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Some("must not begin or end with a hyphen".to_owned());
    }
    None
}

fn is_name_part(s: &str) -> bool {
    let alnum = |c: char| c.is_ascii_alphanumeric();
    !s.is_empty()
        && s.len() <= 63
        && s.starts_with(alnum)
        && s.ends_with(alnum)
        && s.chars().all(|c| alnum(c) || "-_.".contains(c))
}

/// Qualified name (label keys, extended resource names): problem, if any.
pub(crate) fn qualified_name(s: &str) -> Option<String> {
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if let Some(p) = prefix {
        if p.is_empty() {
            return Some("prefix part must be non-empty".to_owned());
        }
        if let Some(m) = dns1123_subdomain(p) {
            return Some(format!("prefix part {m}"));
        }
    }
    if let Some(m) = too_long(name, 63) {
        return Some(format!("name part {m}"));
    }
    (!is_name_part(name)).then(|| "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')".to_owned())
}

/// Label value: problem, if any.
pub(crate) fn label_value(s: &str) -> Option<String> {
    if let Some(m) = too_long(s, 63) {
        return Some(m);
    }
    (!s.is_empty() && !is_name_part(s)).then(|| "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')".to_owned())
}

/// Environment variable name under the strict rule (Kubernetes up to 1.31 by default):
/// problem, if any.
///
/// Source: k8s.io/apimachinery pkg/util/validation `IsEnvVarName` (the regex, then
/// `hasChDirPrefix`).
pub(crate) fn env_var_name(s: &str) -> Option<String> {
    let ok = !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._".contains(c));
    if !ok {
        return Some(
            concat!(
                "a valid environment variable name must consist of alphabetic characters, ",
                "digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  ",
                "or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is ",
                "'[-._a-zA-Z][-._a-zA-Z0-9]*')"
            )
            .to_owned(),
        );
    }
    match s {
        "." => Some("must not be '.'".to_owned()),
        ".." => Some("must not be '..'".to_owned()),
        _ if s.starts_with("..") => Some("must not start with '..'".to_owned()),
        _ => None,
    }
}

/// Environment variable name under the relaxed rule (the `RelaxedEnvironmentVariable
/// Validation` feature: on by default from 1.32, GA in 1.34): problem, if any.
///
/// Source: k8s.io/apimachinery pkg/util/validation `IsRelaxedEnvVarName`; the feature
/// gate's stages in kubernetes pkg/features/kube_features.go (alpha 1.30 off, beta 1.32 on,
/// GA 1.34).
pub(crate) fn relaxed_env_var_name(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("environment variable name must be non-empty".to_owned());
    }
    let ok = s
        .chars()
        .all(|c| c.is_ascii() && !c.is_ascii_control() && c != '=');
    (!ok).then(|| {
        "a valid environment variable name must consist only of printable ASCII characters \
         other than '='"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names() {
        assert_eq!(dns1035_label("ml-kube-service"), None);
        assert!(dns1035_label("1svc").is_some());
        assert!(dns1035_label("Svc").is_some());
        assert!(dns1035_label(&"a".repeat(64)).is_some());
        assert_eq!(dns1123_subdomain("ml-app.v1"), None);
        assert!(dns1123_subdomain("ml_app").is_some());
        assert!(dns1123_subdomain("-x").is_some());
        assert_eq!(dns1123_label("ml-app"), None);
        assert_eq!(
            dns1123_label("ml.app").as_deref(),
            Some("must not contain dots")
        );
        assert_eq!(dns1123_label("8080"), None);
    }

    #[test]
    fn iana_names() {
        assert_eq!(iana_svc_name("http"), None);
        assert!(iana_svc_name("a-very-long-port-name").is_some());
        assert!(iana_svc_name("8080").is_some());
        assert!(iana_svc_name("a--b").is_some());
        assert!(iana_svc_name("-a").is_some());
        assert!(iana_svc_name("HTTP").is_some());
    }

    #[test]
    fn labels() {
        assert_eq!(qualified_name("app"), None);
        assert_eq!(qualified_name("app.kubernetes.io/name"), None);
        assert!(qualified_name("/name").is_some());
        assert!(qualified_name("bad key").is_some());
        assert!(qualified_name("Bad_Prefix/x").is_some());
        assert_eq!(label_value(""), None);
        assert_eq!(label_value("ml-kube-app"), None);
        assert!(label_value("yes please").is_some());
        assert!(label_value(&"v".repeat(64)).is_some());
    }

    #[test]
    fn env_names() {
        assert_eq!(env_var_name("MODEL_PATH"), None);
        assert!(env_var_name("1X").is_some());
        assert!(env_var_name("A=B").is_some());
        assert!(env_var_name("").is_some());
        assert_eq!(
            env_var_name("..x").as_deref(),
            Some("must not start with '..'")
        );
        assert_eq!(relaxed_env_var_name("1X"), None);
        assert_eq!(relaxed_env_var_name("my var!"), None);
        assert!(relaxed_env_var_name("A=B").is_some());
        assert!(relaxed_env_var_name("tab\there").is_some());
        assert!(relaxed_env_var_name("é").is_some());
        assert!(relaxed_env_var_name("").is_some());
    }
}
