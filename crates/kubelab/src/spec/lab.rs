//! One lab: a Deployment, its Service and perhaps an autoscaler, written to one manifest.

use crate::spec::{Autoscaler, Deployment, LoadTestOverride, Service, Sweep};
use schemars::JsonSchema;
use serde::Deserialize;

/// One lab.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "LabFile")]
pub struct Lab {
    /// Short id, used on the command line (`single`).
    #[builder(into)]
    #[schemars(regex(pattern = crate::spec::formats::LAB_ID))]
    pub id: String,
    /// Title shown on pages.
    #[builder(into)]
    pub title: String,
    /// Output manifest, relative to the output directory (`deploy_k8s/deployment_k8s.yaml`).
    #[builder(into)]
    pub output: String,
    /// The app's Deployment; merged over `defaults.deployment`.
    pub deployment: Deployment,
    /// The Service; merged over `defaults.service`.
    pub service: Service,
    /// A HorizontalPodAutoscaler on CPU; `deployment.replicas` is then the starting count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autoscaler: Option<Autoscaler>,
    /// Values to sweep for the challenge: one manifest per combination, and a summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<Sweep>,
    /// What students try the app with; merged over `defaults.app`.
    #[serde(default)]
    #[builder(default)]
    pub app: App,
    /// This lab's load test; the course's `loadTest` when unset, field by field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<crate::spec::LoadTest>")]
    #[builder(into)]
    pub load_test: Option<LoadTestOverride>,
    /// The author's introduction to the lab (Markdown): why it matters, what to notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub intro: Option<String>,
    /// The author's discussion after the load test (Markdown): how to read the results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub discussion: Option<String>,
    /// Questions for students to think about (Markdown, one a question).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub questions: Vec<String>,
    /// This lab's security profile; the course's `profile` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<crate::spec::Profile>,
    /// The namespace of a hardened lab; the course's `namespace` when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 63), regex(pattern = crate::spec::formats::DNS1123_LABEL))]
    #[builder(into)]
    pub namespace: Option<String>,
    /// Ids of earlier labs whose objects stay deployed while this lab runs. Labs run one
    /// after another otherwise: each page says to delete the lab before the next, and
    /// labs may share node ports. Labs that run together may not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub runs_with: Vec<String>,
    /// Changes to the generated objects for what the fields above do not cover, applied
    /// before validation; replaces `defaults.patches` whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[builder(default)]
    pub patches: Vec<crate::spec::Patch>,
}

/// What students try the app with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema, bon::Builder)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct App {
    /// The path a browser or the load test requests (`/test`); `/` when unset.
    #[serde(default = "App::default_test_path")]
    #[builder(into, default = App::default_test_path())]
    pub test_path: String,
    /// What one request to `testPath` does, in the author's words ("runs one prediction on
    /// a saved image").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[builder(into)]
    pub test_request: Option<String>,
}

impl App {
    fn default_test_path() -> String {
        "/".to_owned()
    }
}

impl Default for App {
    fn default() -> Self {
        App {
            test_path: Self::default_test_path(),
            test_request: None,
        }
    }
}

impl Lab {
    /// True when the lab's objects are hardened: its own `profile` says so. A lab of a
    /// [`Course`](crate::spec::Course) takes the course's profile when it has none of its
    /// own: read it from [`Course::resolved`](crate::spec::Course::resolved).
    pub fn hardened(&self) -> bool {
        self.profile == Some(crate::spec::Profile::Hardened)
    }

    /// The Deployment's `replicas`: as set, else the autoscaler's `minReplicas`, else 1.
    pub fn initial_replicas(&self) -> i32 {
        self.initial_replicas_from().0
    }

    /// [`Lab::initial_replicas`] and the lab field it comes from (`deployment.replicas`,
    /// or `autoscaler.minReplicas`; the former for the API server's default too).
    pub(crate) fn initial_replicas_from(&self) -> (i32, &'static str) {
        match (self.deployment.replicas, &self.autoscaler) {
            (Some(n), _) => (n, "deployment.replicas"),
            (None, Some(a)) => (a.min_replicas, "autoscaler.minReplicas"),
            (None, None) => (crate::api_defaults::REPLICAS, "deployment.replicas"),
        }
    }
}
