//! Container image references, read the way the kubelet reads them before it pulls.
//!
//! The kubelet parses `image` with `reference.ParseNormalizedNamed` (kubernetes
//! pkg/util/parsers `ParseImageName`, called from pkg/kubelet/images `applyDefaultImageTag`);
//! an image it cannot parse leaves the pod waiting in `InvalidImageName`. The grammar and
//! the messages come from github.com/distribution/reference: regexp.go (the grammar),
//! normalize.go (`ParseNormalizedNamed`, `splitDockerDomain`), reference.go (`Parse`, the
//! errors, `RepositoryNameTotalLengthMax`), and github.com/opencontainers/go-digest
//! (`Digest.Validate`: known algorithms and their lengths). Leading or trailing white
//! space is refused earlier, by the API server, for every pod the Deployment creates
//! (kubernetes pkg/apis/core/validation `validateContainerOnlyForPod`): see [`whitespace`].

/// The most characters a repository path may have.
const PATH_MAX: usize = 255;

/// True when `image` starts or ends with white space, which the API server refuses in a
/// pod (though not in a Deployment's template).
pub(crate) fn whitespace(image: &str) -> bool {
    image.trim() != image
}

/// Why the kubelet cannot parse `image`, if it cannot.
pub(crate) fn problem(image: &str) -> Option<String> {
    if image.len() == 64
        && image
            .bytes()
            .all(|b| matches!(b, b'a'..=b'f' | b'0'..=b'9'))
    {
        return Some(format!(
            "invalid repository name ({image}), cannot specify 64-byte hexadecimal strings"
        ));
    }
    let (domain, remainder) = split_docker_domain(image);
    let remote = remainder.split(':').next().unwrap_or_default();
    if remote.to_lowercase() != remote {
        return Some(format!(
            "invalid reference format: repository name ({remote}) must be lowercase"
        ));
    }
    parse(&format!("{domain}/{remainder}")).err()
}

/// `splitDockerDomain`: the registry (Docker Hub when the first part is not one) and the
/// rest.
fn split_docker_domain(name: &str) -> (&str, String) {
    let Some((first, rest)) = name.split_once('/') else {
        return ("docker.io", format!("library/{name}"));
    };
    if first == "localhost"
        || first.contains(['.', ':'])
        || first.to_lowercase() != first
        || first == "index.docker.io"
    {
        let domain = if first == "index.docker.io" {
            "docker.io"
        } else {
            first
        };
        return (domain, rest.to_owned());
    }
    ("docker.io", name.to_owned())
}

/// Whether `image` is pinned by digest (`name[:tag]@algorithm:hex`): what checkov's
/// CKV_K8S_43 asks (an `@` in the image) and the kubelet pulls by. Whether the digest is
/// well formed is [`problem`]'s to say. The hardened rule and the hardened page both ask
/// this, so they agree.
pub(crate) fn pinned_by_digest(image: &str) -> bool {
    image
        .split_once('@')
        .is_some_and(|(_, digest)| !digest.is_empty())
}

/// `Parse` of a name with its domain: `domain/path[:tag][@digest]`.
fn parse(s: &str) -> Result<(), String> {
    let invalid = || "invalid reference format".to_owned();
    let (name_tag, digest) = match s.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    let last_slash = name_tag.rfind('/').unwrap_or(0);
    let (name, tag) = match name_tag.rfind(':') {
        Some(colon) if colon > last_slash => (&name_tag[..colon], Some(&name_tag[colon + 1..])),
        _ => (name_tag, None),
    };
    let (domain, path) = name.split_once('/').ok_or_else(invalid)?;
    if !is_domain_and_port(domain) || !path.split('/').all(is_path_component) {
        return Err(invalid());
    }
    if let Some(tag) = tag
        && !is_tag(tag)
    {
        return Err(invalid());
    }
    if let Some(digest) = digest {
        check_digest(digest).map_err(|m| m.unwrap_or_else(invalid))?;
    }
    if path.len() > PATH_MAX {
        return Err(format!(
            "repository name must not be more than {PATH_MAX} characters"
        ));
    }
    Ok(())
}

/// `alphanumeric (separator alphanumeric)*`, where alphanumeric is `[a-z0-9]+` and a
/// separator is `.`, `_`, `__` or one or more `-`.
fn is_path_component(part: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let bytes = part.as_bytes();
    if !part.starts_with(alnum) || !part.ends_with(alnum) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(char::from(bytes[i])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(char::from(bytes[i])) {
            i += 1;
        }
        let sep = &part[start..i];
        let ok = matches!(sep, "." | "_" | "__") || sep.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

/// `host (:port)?`: a domain name or a bracketed IPv6 address.
fn is_domain_and_port(domain: &str) -> bool {
    let port_ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = domain.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return false;
        };
        let ipv6_ok =
            !inside.is_empty() && inside.chars().all(|c| c.is_ascii_hexdigit() || c == ':');
        return ipv6_ok && (after.is_empty() || after.strip_prefix(':').is_some_and(port_ok));
    }
    let (host, port) = match domain.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (domain, None),
    };
    host.split('.').all(is_domain_component) && port.is_none_or(port_ok)
}

/// `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`.
fn is_domain_component(part: &str) -> bool {
    let alnum = |c: char| c.is_ascii_alphanumeric();
    part.starts_with(alnum) && part.ends_with(alnum) && part.chars().all(|c| alnum(c) || c == '-')
}

/// `[\w][\w.-]{0,127}` (`\w` is ASCII in Go).
fn is_tag(tag: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    tag.len() <= 128 && tag.starts_with(word) && tag.chars().all(|c| word(c) || ".-".contains(c))
}

/// The digest grammar, then go-digest's checks; `Err(None)` is "invalid reference format".
fn check_digest(digest: &str) -> Result<(), Option<String>> {
    let (algorithm, hex) = digest.split_once(':').ok_or(None)?;
    let component_ok = |c: &str| {
        c.starts_with(|c: char| c.is_ascii_alphabetic())
            && c.chars().all(|c| c.is_ascii_alphanumeric())
    };
    if !algorithm.split(['-', '_', '+', '.']).all(component_ok)
        || hex.len() < 32
        || !hex.chars().all(|c| c.is_ascii_hexdigit())
    {
        return Err(None);
    }
    let length = match algorithm {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => return Err(Some("unsupported digest algorithm".to_owned())),
    };
    if hex.len() != length {
        return Err(Some("invalid checksum digest length".to_owned()));
    }
    if hex.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(Some("invalid checksum digest format".to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_of_any_algorithm_pins_an_image_and_a_tag_does_not() {
        let hex384 = "a".repeat(96);
        assert!(pinned_by_digest(&format!("app:1@sha384:{hex384}")));
        assert!(pinned_by_digest(&format!("app@sha256:{}", "b".repeat(64))));
        assert!(!pinned_by_digest("app:1"));
        assert!(!pinned_by_digest("app:1@"));
    }

    #[test]
    fn the_references_the_kubelet_pulls_parse() {
        for ok in [
            "nginx",
            "nginx:1.27",
            "node-0:5000/ml-app:0.0.1",
            "localhost/app",
            "registry.example.com/team/app:v1.2.3-rc_1",
            "[::1]:5000/app",
            "docker.io/library/busybox@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa",
            "a__b/c-----d/e.f",
            // An upper-case first part is read as a registry, which may be upper case.
            "MyRegistry/app",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn the_references_it_cannot_parse_say_why() {
        let cases = [
            (
                "ML-App:1",
                "repository name (library/ML-App) must be lowercase",
            ),
            (
                "registry.example.com/Team/app",
                "repository name (Team/app) must be lowercase",
            ),
            ("nginx:", "invalid reference format"),
            ("my app:1", "invalid reference format"),
            (" nginx", "invalid reference format"),
            ("a..b", "invalid reference format"),
            ("app_", "invalid reference format"),
            ("app:-1", "invalid reference format"),
            ("app@sha256:abc", "invalid reference format"),
            (
                "app@md5:0123456789abcdef0123456789abcdef",
                "unsupported digest algorithm",
            ),
            (
                "app@sha256:0123456789abcdef0123456789abcdef",
                "invalid checksum digest length",
            ),
            ("reg:x/app", "invalid reference format"),
        ];
        for (image, expected) in cases {
            let got = problem(image).unwrap_or_default();
            assert!(got.contains(expected), "{image}: {got}");
        }
        assert!(whitespace(" nginx") && whitespace("nginx:1.27\t") && !whitespace("nginx"));
        let hex = "a".repeat(64);
        assert!(
            problem(&hex)
                .unwrap_or_default()
                .contains("64-byte hexadecimal")
        );
        let long = format!("r.io/{}", "a".repeat(256));
        assert!(
            problem(&long)
                .unwrap_or_default()
                .contains("255 characters")
        );
    }
}
