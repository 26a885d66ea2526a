//! Whole-object size: what the API server and client-side `kubectl apply` take.
//!
//! Sources: k8s.io/apiserver pkg/server/config.go (`MaxRequestBodyBytes`, 3 MiB: a larger
//! request is refused); k8s.io/apimachinery pkg/api/validation/objectmeta.go
//! (`TotalAnnotationSizeLimitB`, 256 KiB for all annotations together, keys included);
//! client-side apply stores the whole object as JSON in the
//! `kubectl.kubernetes.io/last-applied-configuration` annotation
//! (k8s.io/kubectl pkg/util/apply.go, `GetModifiedConfiguration`), followed by a newline.

use super::Checker;
use crate::rules::Rule;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// The API server's largest request body.
const MAX_REQUEST_BYTES: usize = 3 * 1024 * 1024;
/// The most bytes all of an object's annotations may take.
const MAX_ANNOTATION_BYTES: usize = 256 * 1024;
/// The annotation client-side apply writes.
const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

pub(super) fn check<R>(object: &R, c: &mut Checker)
where
    R: k8s_openapi::Resource + k8s_openapi::Metadata<Ty = ObjectMeta> + serde::Serialize,
{
    let mut counter = Counter(0);
    if serde_json::to_writer(&mut counter, object).is_err() {
        return;
    }
    let bytes = counter.0;
    c.on(object);
    if bytes > MAX_REQUEST_BYTES {
        c.flag(Rule::ObjectSize, "", format!("{bytes} bytes"))
            .says(format!(
                "is larger than the {MAX_REQUEST_BYTES} bytes (3 MiB) the API server takes in \
                 one request"
            ))
            .fix("make the object smaller: long environment variable values belong in a ConfigMap or in the image");
    } else if bytes + 1 + LAST_APPLIED.len() > MAX_ANNOTATION_BYTES {
        c.flag(Rule::LastAppliedSize, "", format!("{bytes} bytes"))
            .says(format!(
                "is too large for `kubectl apply`: it keeps a JSON copy of the object in the \
                 {LAST_APPLIED} annotation, and all annotations together may take at most \
                 {MAX_ANNOTATION_BYTES} bytes (256 KiB)"
            ))
            .fix("make the object smaller, or tell students to run `kubectl apply --server-side`");
    }
}

/// The JSON size of a lab's objects, in bytes: about the size of its manifest.
pub(super) fn lab_bytes(objects: &crate::objects::LabObjects) -> usize {
    let mut counter = Counter(0);
    let _ = serde_json::to_writer(&mut counter, &objects.service);
    let _ = serde_json::to_writer(&mut counter, &objects.deployment);
    if let Some(hpa) = &objects.autoscaler {
        let _ = serde_json::to_writer(&mut counter, hpa);
    }
    counter.0
}

/// Counts the bytes written to it; keeps none.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 = self.0.saturating_add(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
