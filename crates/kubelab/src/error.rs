//! The library's error type.

use crate::codegen::CodegenError;
use crate::course::CourseError;

/// Anything that stops a render. Each variant's message names the field, the rule and the
/// fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing or checking generated files failed.
    #[error(transparent)]
    Codegen(#[from] CodegenError),
    /// The course file is unreadable or not a valid course.
    #[error(transparent)]
    Course(#[from] CourseError),
    /// The course breaks validation rules; every violation is listed.
    #[error("{0}")]
    Invalid(crate::validate::Report),
    /// A page template cannot be read, parsed or rendered.
    #[error(transparent)]
    Template(#[from] crate::pages::TemplateError),
    /// A post-processed object could not be written as JSON.
    #[error(transparent)]
    Unwritable(#[from] crate::manifest::Unwritable),
}
