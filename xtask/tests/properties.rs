//! Property tests over random labs (valid and invalid): validation never panics, and every
//! lab it accepts renders YAML that reads back as the same objects. (`cargo xtask test`
//! also runs kubernetes-validate on 200 accepted labs.)
//!
//! The read-back uses serde_yaml, a YAML 1.2 reader: it catches a document that does not
//! read back whole (escapes, layout, structure), not a plain value that only a YAML 1.1
//! reader misreads; `cargo xtask test` reads the same kind of labs back with PyYAML (YAML
//! 1.1, like kubectl) for that (`xtask::sample::run`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests may fail loudly

use kubelab::Severity;
use kubelab::spec::Cluster;
use kubelab::validate;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn accepted_labs_render_yaml_that_reads_back(lab in xtask::sample::lab()) {
        let violations = validate::lab(&lab, &Cluster::default());
        let objects = lab.objects();
        let yaml = objects.to_yaml("property").unwrap();
        if violations.iter().all(|v| v.severity != Severity::Error) {
            let back: Vec<serde_json::Value> = serde_yaml::Deserializer::from_str(&yaml)
                .map(|d| serde::Deserialize::deserialize(d).unwrap())
                .collect();
            prop_assert_eq!(back, objects.documents().unwrap());
        }
        for v in violations {
            prop_assert!(!v.path.is_empty() && !v.message.is_empty() && !v.hint.is_empty());
        }
    }
}

#[test]
fn the_sample_has_enough_accepted_and_rejected_labs() {
    let (accepted, drawn) = xtask::sample::accepted(200);
    assert_eq!(accepted.len(), 200);
    assert!(
        drawn > 300,
        "the strategy should produce invalid labs too: {drawn} drawn"
    );
}
