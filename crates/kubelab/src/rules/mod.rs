//! Every rule kubelab checks, declared once: its id, what it checks (the variant's doc
//! comment), its severity, and whether a course file can break it.
//!
//! Messages name a rule as `[rule <id>]`; ids are stable and greppable. A rule without a
//! doc comment does not compile: the description is the doc comment.
//!
//! ```
//! use kubelab::{Rule, Severity};
//! let rule = Rule::from_id("service-node-port-range").unwrap();
//! assert_eq!(rule, Rule::ServiceNodePortRange);
//! assert_eq!(rule.severity(), Severity::Error);
//! assert_eq!(rule.description(), "nodePort inside the cluster's node port range");
//! ```

mod explain;

/// Whether a broken rule stops the render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Stops the render.
    Error,
    /// Reported; `deny_warnings` makes it an error.
    Warning,
}

/// Who can break a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reach {
    /// A course file can break it; the bad-input corpus has a case for it.
    CourseFile,
    /// Only objects a tool builder post-processed (or a course file's `patches`) can: a
    /// course file's fields rule it out.
    ObjectsOnly,
}

macro_rules! rules {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident = $id:literal, $severity:ident, $reach:ident;
    )*) => {
        /// A rule of the course file or of the cluster, with its id, description and
        /// severity.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Rule {
            $( $(#[doc = $doc])+ $name, )*
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$(Rule::$name),*];

            /// The stable id (`service-node-port-range`).
            pub const fn id(self) -> &'static str {
                match self { $(Rule::$name => $id,)* }
            }

            /// What the rule checks: its doc comment, on one line.
            pub fn description(self) -> &'static str {
                match self { $(Rule::$name => concat!($($doc),+).trim_start(),)* }
            }

            /// Whether breaking it stops the render.
            pub const fn severity(self) -> Severity {
                match self { $(Rule::$name => Severity::$severity,)* }
            }

            /// Whether a course file can break it.
            pub const fn reach(self) -> Reach {
                match self { $(Rule::$name => Reach::$reach,)* }
            }
        }
    };
}

impl Rule {
    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

rules! {
    // The course file itself.
    /// the course file is well-formed YAML, one document, not nested too deeply
    YamlSyntax = "yaml-syntax", Error, CourseFile;
    /// a course file is at most 4 MiB, 1,000,000 values (with `defaults` merged) and 32 levels deep
    CourseSize = "course-size", Error, CourseFile;
    /// the course generates at most 20,000 files and 256 MiB
    OutputBudget = "output-budget", Error, CourseFile;
    /// the course's title and student folder, and each lab's title, are not empty
    TextRequired = "text-required", Error, CourseFile;
    /// only the fields of the course schema are allowed
    SchemaUnknownField = "schema-unknown-field", Error, CourseFile;
    /// enumerated values (Service type, imagePullPolicy, protocol) are ones the schema lists
    SchemaUnknownVariant = "schema-unknown-variant", Error, CourseFile;
    /// fields the schema requires are present
    SchemaMissingField = "schema-missing-field", Error, CourseFile;
    /// every value has the type the schema gives it
    SchemaType = "schema-type", Error, CourseFile;
    /// a lab's required Deployment and Service fields are set in the lab or in `defaults`
    RequiredField = "required-field", Error, CourseFile;

    // Names and labels.
    /// Service name is a DNS-1035 label
    ServiceNameDns1035 = "service-name-dns1035", Error, CourseFile;
    /// Deployment name is a DNS-1123 subdomain
    DeploymentNameDns1123 = "deployment-name-dns1123", Error, CourseFile;
    /// HorizontalPodAutoscaler name is a DNS-1123 subdomain
    AutoscalerNameDns1123 = "autoscaler-name-dns1123", Error, CourseFile;
    /// container name is a DNS-1123 label
    ContainerNameDns1123 = "container-name-dns1123", Error, CourseFile;
    /// container port names are IANA_SVC_NAMEs (at most 15 characters, a letter)
    PortNameIana = "port-name-iana", Error, CourseFile;
    /// Service port names are DNS-1123 labels (at most 63 characters)
    ServicePortNameDns1123 = "service-port-name-dns1123", Error, CourseFile;
    /// label keys are qualified names
    LabelKey = "label-key", Error, CourseFile;
    /// label values are at most 63 valid characters
    LabelValue = "label-value", Error, CourseFile;

    // Service.
    /// Service ports are 1-65535
    ServicePortRange = "service-port-range", Error, CourseFile;
    /// targetPort is 1-65535 or an IANA_SVC_NAME
    ServiceTargetPort = "service-target-port", Error, CourseFile;
    /// nodePort only for NodePort and LoadBalancer Services
    ServiceNodePortType = "service-node-port-type", Error, CourseFile;
    /// nodePort inside the cluster's node port range
    ServiceNodePortRange = "service-node-port-range", Error, CourseFile;
    /// no two Service ports with the same number and protocol
    ServicePortDuplicate = "service-port-duplicate", Error, CourseFile;
    /// no two Service ports with the same name
    ServicePortNameDuplicate = "service-port-name-duplicate", Error, CourseFile;
    /// no two ports with the same nodePort in a lab
    ServiceNodePortDuplicate = "service-node-port-duplicate", Error, CourseFile;
    /// every port of a multi-port Service is named
    ServicePortNameRequired = "service-port-name-required", Error, CourseFile;
    /// a Service has at least one port
    ServicePortsRequired = "service-ports-required", Error, ObjectsOnly;
    /// Service type is ClusterIP, NodePort or LoadBalancer
    ServiceTypeEnum = "service-type-enum", Error, ObjectsOnly;

    // Containers.
    /// container ports are 1-65535
    ContainerPortRange = "container-port-range", Error, CourseFile;
    /// no two container ports with the same number and protocol (warning)
    ContainerPortDuplicate = "container-port-duplicate", Warning, CourseFile;
    /// no two container ports with the same name
    ContainerPortNameDuplicate = "container-port-name-duplicate", Error, CourseFile;
    /// protocol is TCP, UDP or SCTP
    ProtocolEnum = "protocol-enum", Error, ObjectsOnly;
    /// imagePullPolicy is Always, IfNotPresent or Never
    PullPolicyEnum = "pull-policy-enum", Error, ObjectsOnly;
    /// the container has an image
    ImageRequired = "image-required", Error, CourseFile;
    /// the image is a reference the kubelet can parse (warning)
    ImageReference = "image-reference", Warning, CourseFile;
    /// the pod has a container
    ContainersRequired = "containers-required", Error, ObjectsOnly;
    /// environment variable names are valid for the cluster's version
    EnvName = "env-name", Error, CourseFile;
    /// environment variables are set once (warning)
    EnvNameDuplicate = "env-name-duplicate", Warning, CourseFile;
    /// an environment variable's `valueFrom` names exactly one Secret or ConfigMap key, with a name and a valid key, and no `value` beside it
    EnvValueFrom = "env-value-from", Error, CourseFile;
    /// annotation keys are qualified names, and an object's annotations total at most 256 KiB
    AnnotationKey = "annotation-key", Error, CourseFile;
    /// volume names are DNS-1123 labels, each used once
    VolumeName = "volume-name", Error, CourseFile;
    /// a volume has exactly one type, with the ConfigMap's or Secret's name and valid items
    VolumeSource = "volume-source", Error, CourseFile;
    /// a volume mount names one of the pod's volumes, at a mount path of its own, with a relative subPath
    VolumeMount = "volume-mount", Error, CourseFile;
    /// each patch applies to its object and leaves a Kubernetes object of the same kind and name
    PatchApplies = "patch-applies", Error, CourseFile;

    // Probes.
    /// a probe has exactly one handler
    ProbeOneHandler = "probe-one-handler", Error, ObjectsOnly;
    /// a probe port is 1-65535 or an IANA_SVC_NAME
    ProbePort = "probe-port", Error, CourseFile;
    /// probe numbers are not negative
    ProbeNonNegative = "probe-non-negative", Error, CourseFile;
    /// liveness and startup successThreshold is 1 (or 0, which becomes 1)
    ProbeSuccessThresholdOne = "probe-success-threshold-one", Error, CourseFile;

    // Resources.
    /// resources are cpu, memory, ephemeral-storage, `hugepages-<size>` or extended (`<domain>/<name>`)
    ResourceName = "resource-name", Error, CourseFile;
    /// quantities are valid Kubernetes quantities
    QuantitySyntax = "quantity-syntax", Error, CourseFile;
    /// quantities are not negative
    QuantityNonNegative = "quantity-non-negative", Error, CourseFile;
    /// each request is at most its limit
    RequestWithinLimit = "request-within-limit", Error, CourseFile;
    /// huge pages and extended resources have a limit
    ResourceLimitRequired = "resource-limit-required", Error, CourseFile;
    /// a request of huge pages or of an extended resource equals its limit
    ResourceRequestEqualsLimit = "resource-request-equals-limit", Error, CourseFile;
    /// extended resources are whole numbers
    ResourceInteger = "resource-integer", Error, CourseFile;
    /// huge pages are a whole number of pages
    HugePagesMultiple = "huge-pages-multiple", Error, CourseFile;
    /// a container with huge pages also has a cpu or memory request or limit
    HugePagesNeedCpuOrMemory = "huge-pages-need-cpu-or-memory", Error, CourseFile;
    /// memory and ephemeral-storage are whole bytes (warning)
    FractionalBytes = "fractional-bytes", Warning, CourseFile;
    /// cpu is not written with a binary suffix such as Mi or Gi (warning)
    CpuBinarySuffix = "cpu-binary-suffix", Warning, CourseFile;

    // Deployment.
    /// user and group IDs are between 0 and 2147483647
    SecurityIdRange = "security-id-range", Error, CourseFile;
    /// replicas is 0 or more
    ReplicasNonNegative = "replicas-non-negative", Error, CourseFile;
    /// the Deployment selector is not empty
    DeploymentSelectorRequired = "deployment-selector-required", Error, ObjectsOnly;
    /// the Deployment selector matches the pod labels
    DeploymentSelectorMatchesTemplate = "deployment-selector-matches-template", Error, ObjectsOnly;

    // HorizontalPodAutoscaler.
    /// minReplicas is 1 or more
    AutoscalerMinReplicas = "autoscaler-min-replicas", Error, CourseFile;
    /// maxReplicas is at least minReplicas
    AutoscalerMaxReplicas = "autoscaler-max-replicas", Error, CourseFile;
    /// target CPU utilisation is above 0
    AutoscalerUtilizationPositive = "autoscaler-utilization-positive", Error, CourseFile;

    // Whole objects.
    /// an object is smaller than the API server's 3 MiB request limit
    ObjectSize = "object-size", Error, CourseFile;
    /// an object fits client-side apply's 256 KiB last-applied annotation (warning)
    LastAppliedSize = "last-applied-size", Warning, CourseFile;
    /// a LoadBalancer Service does not expose the kubelet's port 10250 (before 1.33)
    LoadBalancerKubeletPort = "load-balancer-kubelet-port", Error, CourseFile;

    // The hardened profile.
    /// a hardened lab's pods meet the restricted Pod Security Standard
    PodSecurityRestricted = "pod-security-restricted", Error, CourseFile;
    /// a hardened lab has a namespace (`course.namespace` or its own)
    HardenedNamespace = "hardened-namespace", Error, CourseFile;
    /// a namespace's name is a DNS-1123 label
    NamespaceName = "namespace-name", Error, CourseFile;
    /// writable paths are absolute folders below `/`, each once
    WritablePath = "writable-path", Error, CourseFile;
    /// a hardened lab's image is pinned by digest (warning)
    ImageDigest = "image-digest", Warning, CourseFile;
    /// a hardened lab's container has cpu and memory requests and limits (warning)
    HardenedResources = "hardened-resources", Warning, CourseFile;
    /// a hardened lab runs as a user ID of 10000 or more (warning)
    HighUid = "high-uid", Warning, CourseFile;

    // Across a lab's objects.
    /// the Service selector selects the pod labels
    ServiceSelectsPods = "service-selects-pods", Error, ObjectsOnly;
    /// the Service targetPort is a container port
    ServiceTargetPortDeclared = "service-target-port-declared", Error, CourseFile;
    /// every probe port is a container port
    ProbePortDeclared = "probe-port-declared", Error, CourseFile;
    /// the autoscaler targets the lab's Deployment
    AutoscalerTargetsLabDeployment = "autoscaler-targets-lab-deployment", Error, ObjectsOnly;
    /// a CPU utilisation target needs a CPU request on every container
    AutoscalerNeedsCpuRequest = "autoscaler-needs-cpu-request", Error, CourseFile;
    /// an autoscaled Deployment does not pin replicas above minReplicas (warning)
    AutoscaledReplicasPinned = "autoscaled-replicas-pinned", Warning, CourseFile;
    /// an autoscaled Deployment does not start at 0 replicas, which turns autoscaling off (warning)
    AutoscaledReplicasZero = "autoscaled-replicas-zero", Warning, CourseFile;
    /// the CPU target is one the pods' CPU limit lets them exceed (warning)
    AutoscalerTargetReachable = "autoscaler-target-reachable", Warning, CourseFile;

    // Across labs and the course.
    /// no two labs write the same file
    LabOutputUnique = "lab-output-unique", Error, CourseFile;
    /// each lab has its own folder (its page is `<folder>/index.md`)
    LabDirUnique = "lab-dir-unique", Error, CourseFile;
    /// a lab's output is a relative .yaml path inside the output directory
    LabOutputPath = "lab-output-path", Error, CourseFile;
    /// no generated file has the name of a folder another generated file needs
    LabOutputClash = "lab-output-clash", Error, CourseFile;
    /// lab ids are unique
    LabIdUnique = "lab-id-unique", Error, CourseFile;
    /// lab ids are short words
    LabIdFormat = "lab-id-format", Error, CourseFile;
    /// the cluster's node port range is a valid range
    NodePortRangeValid = "node-port-range-valid", Error, CourseFile;
    /// node allocatable and system requests are valid quantities
    ClusterNodeQuantity = "cluster-node-quantity", Error, CourseFile;
    /// every fixed or initial replica can be scheduled on the cluster
    ClusterFitReplicas = "cluster-fit-replicas", Error, CourseFile;
    /// the autoscaler's maxReplicas can be reached on the cluster (warning)
    ClusterFitAutoscaler = "cluster-fit-autoscaler", Warning, CourseFile;
    /// pods request a resource the nodes list, so the fit can be judged (warning)
    ClusterFitJudged = "cluster-fit-judged", Warning, CourseFile;
    /// labs that run at the same time use different node ports
    NodePortShared = "node-port-shared", Error, CourseFile;
    /// `runsWith` names labs of the course
    LabRunsWithKnown = "lab-runs-with-known", Error, CourseFile;
    /// a sweep expands to at most its limit of variants
    SweepLimit = "sweep-limit", Error, CourseFile;
    /// autoscaler values are swept only on labs with an autoscaler
    SweepAutoscaler = "sweep-autoscaler", Error, CourseFile;
    /// the node port range holds every student's node ports
    StudentsNodePorts = "students-node-ports", Error, CourseFile;
    /// the course's Kubernetes version is one kubelab knows (1.25 to 1.37)
    KubernetesVersionSupported = "kubernetes-version-supported", Error, CourseFile;
    /// a load test's time is a number and S, M or H, as siege reads it
    LoadTestTime = "load-test-time", Error, CourseFile;
    /// a load test's siege version is three numbers (`4.0.7`)
    LoadTestSiegeVersion = "load-test-siege-version", Error, CourseFile;
    /// an autoscaler lab's load test lasts until an added pod can be ready (warning)
    LoadTestTooShort = "load-test-too-short", Warning, CourseFile;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in Rule::ALL {
            assert!(seen.insert(rule.id()), "{} twice", rule.id());
            assert!(
                rule.id()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                rule.id()
            );
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
            assert!(!rule.description().is_empty());
            assert!(!rule.description().starts_with(' '));
        }
        assert_eq!(Rule::from_id("no-such-rule"), None);
    }

    #[test]
    fn warnings_say_so_in_their_description() {
        for rule in Rule::ALL {
            assert_eq!(
                rule.severity() == Severity::Warning,
                rule.description().ends_with("(warning)"),
                "{}",
                rule.id()
            );
        }
    }
}
