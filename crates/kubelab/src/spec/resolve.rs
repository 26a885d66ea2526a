//! A course's labs as they run: each lab with the course-wide settings it does not set
//! itself (`profile`, `namespace`, `loadTest`, field by field). One function for both
//! doors: a course read from its file and one built in Rust resolve the same way, so they
//! generate the same bytes. (`defaults` are a course file's shorthand, merged when it is
//! read; a course built in Rust sets each lab's values itself.)

use crate::spec::{Course, CourseInfo, Lab};

impl Course {
    /// This course with every lab resolved ([`Lab::resolved_in`]). Resolving twice changes
    /// nothing.
    ///
    /// ```
    /// use kubelab::spec::{Course, CourseInfo, Deployment, Lab, Profile, Service};
    ///
    /// let lab = Lab::builder()
    ///     .id("one")
    ///     .title("One")
    ///     .output("one/app.yaml")
    ///     .deployment(Deployment::builder().name("web").image("nginx:1.27").ports([80]).build())
    ///     .service(Service::builder().name("web").ports([80]).build())
    ///     .build();
    /// let course = Course::builder()
    ///     .info(
    ///         CourseInfo::builder()
    ///             .title("Demo")
    ///             .student_dir("~/demo")
    ///             .profile(Profile::Hardened)
    ///             .namespace("demo")
    ///             .build(),
    ///     )
    ///     .labs(vec![lab])
    ///     .build();
    /// assert!(!course.labs[0].hardened());
    /// let resolved = course.resolved();
    /// assert!(resolved.labs[0].hardened());
    /// assert_eq!(resolved.labs[0].namespace.as_deref(), Some("demo"));
    /// ```
    pub fn resolved(&self) -> Course {
        let mut course = self.clone();
        for lab in &mut course.labs {
            *lab = lab.resolved_in(&self.info);
        }
        course
    }

    /// The labs lab `i` runs with (its `runsWith`), each as its index in the course, or
    /// `None` for an id that is no earlier lab's: each id in order.
    pub fn runs_with(&self, i: usize) -> impl Iterator<Item = (&str, Option<usize>)> + '_ {
        let earlier = self.labs.get(..i).unwrap_or_default();
        let ids = self
            .labs
            .get(i)
            .map(|l| l.runs_with.as_slice())
            .unwrap_or_default();
        ids.iter()
            .map(move |id| (id.as_str(), earlier.iter().position(|l| &l.id == id)))
    }
}

impl Lab {
    /// This lab with what it does not set taken from the course: the course's `profile`
    /// and `namespace`, and its `loadTest` under the lab's own, field by field.
    pub fn resolved_in(&self, info: &CourseInfo) -> Lab {
        self.resolve(info).0
    }

    /// [`Lab::resolved_in`], with the lab fields taken from the course, each with the
    /// course field it came from (`namespace` from `course.namespace`).
    pub(crate) fn resolve(&self, info: &CourseInfo) -> (Lab, Vec<(String, String)>) {
        let mut lab = self.clone();
        let mut taken = Vec::new();
        let mut take = |field: &str| taken.push((field.to_owned(), format!("course.{field}")));
        if lab.profile.is_none() {
            lab.profile = Some(info.profile);
            take("profile");
        }
        if lab.namespace.is_none() && info.namespace.is_some() {
            lab.namespace.clone_from(&info.namespace);
            take("namespace");
        }
        let (test, from_course) = info.load_test.overridden_noting(self.load_test.as_ref());
        for field in from_course {
            take(&format!("loadTest.{field}"));
        }
        lab.load_test = Some(test.into());
        (lab, taken)
    }
}

#[cfg(test)]
mod tests {
    use crate::spec::{LoadTest, LoadTestOverride, Profile};

    #[test]
    fn a_lab_keeps_what_it_sets_and_takes_the_rest_from_the_course() {
        let mut course = crate::testing::course();
        course.info.profile = Profile::Hardened;
        course.info.namespace = Some("course-ns".into());
        course.info.load_test = LoadTest {
            concurrent: 7,
            time: "90s".into(),
            install: "true".into(),
            siege_version: "4.1.6".into(),
        };
        course.labs[0].profile = Some(Profile::Plain);
        course.labs[1].namespace = Some("own".into());
        course.labs[1].load_test = Some(LoadTestOverride::builder().time("5M").build());
        let resolved = course.resolved();
        assert!(!resolved.labs[0].hardened());
        assert!(resolved.labs[1].hardened() && resolved.labs[2].hardened());
        assert_eq!(resolved.labs[0].namespace.as_deref(), Some("course-ns"));
        assert_eq!(resolved.labs[1].namespace.as_deref(), Some("own"));
        let test = course
            .info
            .load_test
            .overridden_by(resolved.labs[1].load_test.as_ref());
        assert_eq!((test.concurrent, test.time.as_str()), (7, "5M"));
        assert_eq!(
            resolved.resolved(),
            resolved,
            "resolving twice changes nothing"
        );
    }
}
