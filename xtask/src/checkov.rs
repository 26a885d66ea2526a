//! The scanner check of the hardened profile: checkov's Kubernetes checks (offline) on each
//! hardened lab's manifest must fail nothing but the image digest, and that only where the
//! course gives no digest.

use crate::Failure;
use crate::external::python_tool;
use std::path::Path;
use std::process::Command;

/// Pinned so that a CI run is reproducible.
const CHECKOV: &str = "checkov==3.3.30";

/// The one check a hardened lab may fail: an image without a digest.
const DIGEST: &str = "CKV_K8S_43";

/// Runs checkov on every hardened lab of `course`, rendered into `dir`.
pub fn hardened(dir: &Path, course: &kubelab::spec::Course) -> Result<(), Failure> {
    let checkov = python_tool("checkov-venv", CHECKOV, "checkov")?;
    let labs: Vec<_> = course.labs.iter().filter(|l| l.hardened()).collect();
    println!(
        "==> checkov (Kubernetes checks) on {} hardened labs",
        labs.len()
    );
    let (mut passed, mut digest_only) = (0u64, 0usize);
    for lab in labs {
        let file = dir.join(&lab.output);
        let output = Command::new(&checkov)
            .arg("-f")
            .arg(&file)
            .args([
                "--framework",
                "kubernetes",
                "-o",
                "json",
                "--quiet",
                "--compact",
            ])
            .output()
            .map_err(|e| Failure::Failed(format!("cannot run checkov: {e}")))?;
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| {
            Failure::Failed(format!(
                "checkov printed no JSON for {} ({e}): {}",
                file.display(),
                String::from_utf8_lossy(&output.stderr)
            ))
        })?;
        let failed: Vec<String> = report["results"]["failed_checks"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                format!(
                    "{} on {}",
                    c["check_id"].as_str().unwrap_or_default(),
                    c["resource"].as_str().unwrap_or_default()
                )
            })
            .collect();
        let passed_here = report["summary"]["passed"].as_u64().unwrap_or_default();
        passed += passed_here;
        let pinned = lab.deployment.image.contains('@');
        let unexpected: Vec<&String> = failed
            .iter()
            .filter(|f| pinned || !f.starts_with(DIGEST))
            .collect();
        if !unexpected.is_empty() || passed_here == 0 {
            return Err(Failure::Failed(format!(
                "checkov fails the hardened lab {} ({}): {}",
                lab.id,
                file.display(),
                failed.join("; ")
            )));
        }
        if !failed.is_empty() {
            digest_only += 1;
        }
    }
    println!(
        "checkov: {passed} checks passed; the only failure is {DIGEST} (image digest), on the \
         {digest_only} hardened lab(s) whose image has no digest"
    );
    Ok(())
}
