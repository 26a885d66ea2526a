//! The course file: a whole course as YAML, for authors who do not write Rust.
//!
//! Reading a course file is one path: YAML -> [`CourseFile`] (typed, with line and column
//! for every type error or unknown field) -> each lab merged over `defaults` -> the same
//! builder calls a Rust user makes -> [`Course`].
//!
//! ```
//! let text = r#"
//! course: { title: Demo, studentDir: "~/demo" }
//! defaults:
//!   deployment: { image: "nginx:1.27", ports: [{ containerPort: 80 }] }
//! labs:
//! - id: one
//!   title: One replica
//!   output: one/app.yaml
//!   deployment: { name: web }
//!   service: { name: web, type: NodePort, ports: [{ port: 80, nodePort: 30080 }] }
//! "#;
//! let course = kubelab::course::parse(text, "demo.yaml")?;
//! assert_eq!(course.labs[0].app.image, "nginx:1.27");
//! # Ok::<(), kubelab::course::CourseError>(())
//! ```

mod assemble;
mod error;
mod file;
mod merge;

pub use error::{CourseError, Problem, did_you_mean};
pub use file::{
    ClusterFile, CourseFile, CourseInfo, Defaults, DeploymentPatch, LabFile, ProbePatch,
    ServicePatch,
};

use crate::spec::Course;
use std::path::Path;

/// Parses a course file's text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Course, CourseError> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let parsed: CourseFile =
        serde_path_to_error::deserialize(deserializer).map_err(|e| CourseError::Invalid {
            file: file.to_owned(),
            problems: vec![error::from_serde(&e)],
        })?;
    assemble::course(parsed).map_err(|problems| CourseError::Invalid {
        file: file.to_owned(),
        problems,
    })
}

/// Reads and parses a course file; `course.templates` is resolved against its folder.
pub fn load(path: &Path) -> Result<Course, CourseError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CourseError::Io {
        file: file.clone(),
        source,
    })?;
    let mut course = parse(&text, &file)?;
    if let (Some(templates), Some(dir)) = (&course.templates, path.parent()) {
        course.templates = Some(dir.join(templates));
    }
    Ok(course)
}

/// The JSON Schema of the course file, for editors (`yaml-language-server`) and checks.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(CourseFile)
}
