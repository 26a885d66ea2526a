//! Why each rule matters, how to fix it and where it comes from, for `kubelab explain RULE`. The match is
//! exhaustive: a new rule does not compile until it is explained here.

use super::Rule;

/// kubernetes/kubernetes pkg/apis/core/validation/validation.go.
const CORE: &str = "kubernetes pkg/apis/core/validation/validation.go";
/// kubernetes/kubernetes pkg/apis/apps/validation/validation.go.
const APPS: &str = "kubernetes pkg/apis/apps/validation/validation.go";
/// kubernetes/kubernetes pkg/apis/autoscaling/validation/validation.go.
const AUTOSCALING: &str = "kubernetes pkg/apis/autoscaling/validation/validation.go";
/// kubelab's own course-file reader.
const READER: &str = "kubelab (crates/kubelab/src/course/)";
/// kubelab's own rule about the course as a whole.
const COURSE: &str = "kubelab (crates/kubelab/src/validate/course.rs)";

impl Rule {
    /// Why the cluster (or the course) cares: what happens if the rule is broken.
    pub fn why(self) -> &'static str {
        explain(self).0
    }

    /// How to fix a value that breaks it, in general; each message also says how to fix
    /// the value it found.
    pub fn fix(self) -> &'static str {
        explain(self).1
    }

    /// Where the rule comes from: the Kubernetes (or kubectl, or kubelab) source it follows.
    pub fn source(self) -> &'static str {
        explain(self).2
    }
}

#[rustfmt::skip]
fn explain(rule: Rule) -> (&'static str, &'static str, &'static str) {
    use Rule::*;
    match rule {
        YamlSyntax => ("kubelab cannot read a file that is not one YAML document; a nesting deeper than any course needs is refused before it can exhaust memory.", "Fix the YAML at the line shown (one document, spaces not tabs, closed brackets and quotes).", READER),
        CourseSize => ("Reading is bounded so that a file made to exhaust memory or time (a billion-laughs alias bomb, 100,000 nested brackets, a 50 MB file) is refused at once; a real course is a few kilobytes.", "Split the course, or use fewer aliases and `defaults` entries.", READER),
        OutputBudget => ("What a render holds in memory before it writes grows with its output: the budget keeps a typo (a sweep of a million values, 4 billion students) from exhausting memory and disk.", "Sweep fewer values, render fewer students, or split the course.", "kubelab (crates/kubelab/src/layout.rs MAX_FILES, MAX_OUTPUT_BYTES)"),
        TextRequired => ("Pages open with these texts, and every command on them starts in the student folder: empty, the pages would read `cd ` and an untitled lab.", "Write the text (a title such as `Load balancing`, a folder such as `~/my-course`).", COURSE),
        SchemaUnknownField => ("A misspelt field would otherwise be ignored and its value silently lost (`replica: 5` would leave the default of 1).", "Use the field the message suggests, or remove it; `kubelab schema` lists every field.", READER),
        SchemaUnknownVariant => ("The API server accepts only the values it lists; anything else is refused when the manifest is applied.", "Use one of the values the message lists.", READER),
        SchemaMissingField => ("Without it kubelab cannot build the object: the field has no default.", "Add the field (in the lab, or in `defaults` for every lab).", READER),
        SchemaType => ("A value of the wrong type (`replicas: five`) cannot become the Kubernetes field it is for.", "Write the value as the type the message names (a number without quotes, a list in [ ], ...).", READER),
        RequiredField => ("A Deployment needs a name, an image and a container port, a Service a name and a port; a lab may inherit them from `defaults`, but someone must set them.", "Set the field in the lab or under `defaults.deployment` / `defaults.service`.", READER),
        ServiceNameDns1035 => ("A Service's name becomes a DNS name in the cluster (`<name>.<namespace>.svc`), so it must start with a letter: the API server refuses the Service otherwise.", "Use lower-case letters, digits and inner dashes, starting with a letter (`ml-service`).", "kubernetes pkg/apis/core/validation/validation.go ValidateServiceName (apimachinery IsDNS1035Label)"),
        DeploymentNameDns1123 => ("The API server refuses a Deployment whose name is not a DNS-1123 subdomain; the name also prefixes its ReplicaSets and pods.", "Use lower-case letters, digits, dashes and dots (`ml-app`).", "kubernetes pkg/apis/apps/validation/validation.go ValidateDeploymentName (IsDNS1123Subdomain)"),
        AutoscalerNameDns1123 => ("The API server refuses a HorizontalPodAutoscaler whose name is not a DNS-1123 subdomain.", "Use lower-case letters, digits, dashes and dots, or leave `name` unset (the Deployment's name).", AUTOSCALING),
        ContainerNameDns1123 => ("The API server refuses a pod template whose container name is not a DNS-1123 label (no dots, at most 63 characters).", "Set `containerName` to lower-case letters, digits and inner dashes (`ml-app`).", "kubernetes pkg/apis/core/validation/validation.go validateContainerCommon (ValidateDNS1123Label)"),
        PortNameIana => ("Container port names are IANA service names (at most 15 characters, at least one letter, no `--`); the API server refuses the pod template otherwise.", "Use at most 15 lower-case letters, digits and single dashes, with a letter (`http`).", "kubernetes pkg/apis/core/validation/validation.go validateContainerPorts (apimachinery IsValidPortName)"),
        ServicePortNameDns1123 => ("Service port names become DNS SRV names; the API server refuses a name that is not a DNS-1123 label.", "Use lower-case letters, digits and inner dashes (`http`, `metrics-8080`).", "kubernetes pkg/apis/core/validation/validation.go validateServicePort (ValidateDNS1123Label)"),
        LabelKey => ("Label keys are qualified names (`app`, `app.kubernetes.io/name`); the API server refuses others.", "Use a key like `app` or `app.kubernetes.io/name`.", "k8s.io/apimachinery pkg/apis/meta/v1/validation ValidateLabels (IsQualifiedName)"),
        LabelValue => ("Label values are at most 63 letters, digits, `-`, `_` or `.`; the API server refuses others, and the pod labels also select the Service's pods.", "Use at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit.", "k8s.io/apimachinery pkg/apis/meta/v1/validation ValidateLabels (IsValidLabelValue)"),
        ServicePortRange => ("A port is a 16-bit number above 0; the API server refuses the Service otherwise.", "Use a port between 1 and 65535.", "kubernetes pkg/apis/core/validation/validation.go validateServicePort"),
        ServiceTargetPort => ("targetPort is where the Service sends traffic: a port number or a container port's name. The API server refuses anything else (0 or empty means the port itself).", "Use the container port's number or name (or leave targetPort unset for the same as port).", "kubernetes pkg/apis/core/validation/validation.go validateServicePort (ValidatePortNumOrName); pkg/apis/core/v1/defaults.go SetDefaults_Service"),
        ServiceNodePortType => ("A ClusterIP Service opens no port on the nodes, so the API server refuses a nodePort on it.", "Remove nodePort, or make the Service a NodePort or LoadBalancer.", "kubernetes pkg/apis/core/validation/validation.go ValidateService"),
        ServiceNodePortRange => ("The API server allocates node ports from its --service-node-port-range (30000-32767 by default) and refuses one outside it.", "Choose a nodePort in `cluster.nodePortRange` (30000-32767 by default), or leave it unset.", "kubernetes pkg/registry/core/service/portallocator (\"provided port is not in the valid range\")"),
        ServicePortDuplicate => ("Two ports with the same number and protocol would be ambiguous; the API server refuses the Service.", "Give each Service port its own number (or protocol).", "kubernetes pkg/apis/core/validation/validation.go ValidateService"),
        ServicePortNameDuplicate => ("Port names must tell the ports apart; the API server refuses duplicates.", "Give each Service port its own name.", "kubernetes pkg/apis/core/validation/validation.go validateServicePort"),
        ServiceNodePortDuplicate => ("A node port can belong to one port at a time; the API server refuses a second one.", "Give each Service port its own nodePort.", "kubernetes pkg/apis/core/validation/validation.go ValidateService"),
        ServicePortNameRequired => ("With several ports, clients and endpoints need names to tell them apart; the API server requires them.", "Name every port of the Service (`name: http`).", "kubernetes pkg/apis/core/validation/validation.go ValidateService (requireName)"),
        ServicePortsRequired => ("A Service without a port forwards nothing; the API server refuses it.", "Give the Service at least one port.", "kubernetes pkg/apis/core/validation/validation.go ValidateService"),
        ServiceTypeEnum => ("The API server knows only these Service types (ExternalName aside, which kubelab does not emit).", "Use ClusterIP, NodePort or LoadBalancer.", "kubernetes pkg/apis/core/validation/validation.go ValidateService"),
        ContainerPortRange => ("A container port is a 16-bit number above 0; the API server refuses the pod template otherwise.", "Use a port between 1 and 65535.", "kubernetes pkg/apis/core/validation/validation.go validateContainerPorts"),
        ContainerPortDuplicate => ("The API server takes it but warns: the second declaration adds nothing and usually hides a typo.", "List each container port once.", "kubernetes pkg/api/pod/warnings.go (\"duplicate port definition with\")"),
        ContainerPortNameDuplicate => ("Probes and Services refer to container ports by name; the API server refuses two with one name.", "Give each container port its own name.", "kubernetes pkg/apis/core/validation/validation.go validateContainerPorts"),
        ProtocolEnum => ("The API server knows only TCP, UDP and SCTP.", "Use TCP, UDP or SCTP.", "kubernetes pkg/apis/core/validation/validation.go validateServicePort, validateContainerPorts"),
        PullPolicyEnum => ("The API server knows only Always, IfNotPresent and Never.", "Use Always, IfNotPresent or Never.", "kubernetes pkg/apis/core/validation/validation.go validatePullPolicy"),
        ImageRequired => ("A container without an image cannot run; the API server refuses an empty one.", "Name the container image (`registry:5000/app:1.0`).", "kubernetes pkg/apis/core/validation/validation.go validateContainerCommon"),
        ImageReference => ("The API server takes any text, but the kubelet must parse the image before it pulls: one it cannot parse leaves the pods in InvalidImageName (and leading or trailing spaces make the API server refuse every pod).", "Write the image as `[registry[:port]/]name[:tag]`, the name in lower case, no spaces.", "github.com/distribution/reference ParseNormalizedNamed; kubernetes pkg/util/parsers ParseImageName; validation.go validateContainerOnlyForPod"),
        ContainersRequired => ("A pod needs at least one container; the API server refuses it otherwise.", "Give the pod a container.", CORE),
        EnvName => ("The API server refuses an environment variable name it does not allow; which names it allows depends on the version (C-like names before 1.32; any printable ASCII but `=` from 1.32, RelaxedEnvironmentVariableValidation).", "Rename the variable with letters, digits and `_` (`MODEL_PATH`), or state a newer `cluster.kubernetesVersion` if your clusters run one.", "k8s.io/apimachinery pkg/util/validation IsEnvVarName, IsRelaxedEnvVarName; kubernetes pkg/features/kube_features.go"),
        EnvValueFrom => ("The API server refuses a variable whose `valueFrom` names no source or two, has a `value` beside it, or a key with characters a Secret or ConfigMap key cannot have; a missing Secret or key keeps the pod from starting (unless `optional`).", "Give `valueFrom` one of `secretKeyRef` or `configMapKeyRef`, each with `name` and `key` (letters, digits, `-`, `_`, `.`), and no `value`.", "kubernetes pkg/apis/core/validation/validation.go validateEnvVarValueFrom, validateSecretKeySelector, validateConfigMapKeySelector (apimachinery IsConfigMapKey)"),
        AnnotationKey => ("The API server refuses an object whose annotation keys are not qualified names (`example.com/key`, checked lower-cased) or whose annotations total more than 256 KiB.", "Use keys like `prometheus.io/scrape`; keep large data in a ConfigMap instead.", "k8s.io/apimachinery pkg/api/validation/objectmeta.go ValidateAnnotations (TotalAnnotationSizeLimitB)"),
        VolumeName => ("Mounts refer to volumes by name; the API server refuses a pod whose volume names are not DNS-1123 labels or repeat.", "Name each volume once with lower-case letters, digits and inner dashes (`config`).", "kubernetes pkg/apis/core/validation/validation.go ValidateVolumes"),
        VolumeSource => ("A volume is one thing (a ConfigMap, a Secret, an empty folder); the API server refuses one with no type or two, a ConfigMap or Secret without its name, or an item path that is absolute or climbs out with `..`.", "Give the volume exactly one of `configMap`, `secret` and `emptyDir`, with the object's name, and relative item paths.", "kubernetes pkg/apis/core/validation/validation.go validateVolumeSource, validateConfigMapVolumeSource, validateSecretVolumeSource, validateKeyToPath, validateEmptyDirVolumeSource"),
        VolumeMount => ("The API server refuses a mount of a volume the pod does not have, two mounts at one path, and a subPath that is absolute or climbs out with `..`.", "Mount each of `volumes` by its name at its own absolute path; keep `subPath` relative.", "kubernetes pkg/apis/core/validation/validation.go ValidateVolumeMounts, validateLocalDescendingPath"),
        PatchApplies => ("A patch that does not apply (a path that is not there, a `test` that fails) or that makes the object something Kubernetes would refuse or silently change (an unknown field, a wrong type, another name) would leave the manifest different from what the author meant.", "Check the patch's paths against the generated object (`kubelab render -o -`), the field names with `kubectl explain`, and set names with the lab's fields.", "kubelab (crates/kubelab/src/objects/patch.rs); RFC 6902, RFC 7386"),
        EnvNameDuplicate => ("The API server takes it but warns: the later value silently wins.", "Set each variable once.", "kubernetes pkg/api/pod/warnings.go (\"duplicate name\")"),
        ProbeOneHandler => ("A probe checks one way (HTTP, TCP, exec or gRPC); the API server refuses none or several.", "Give the probe exactly one of httpGet, tcpSocket, exec or grpc.", "kubernetes pkg/apis/core/validation/validation.go validateHandler"),
        ProbePort => ("The probe's port is a number or a container port's name; the API server refuses anything else.", "Use the container port's number or name.", "kubernetes pkg/apis/core/validation/validation.go validateHTTPGetAction (ValidatePortNumOrName)"),
        ProbeNonNegative => ("Delays, periods, timeouts and thresholds cannot be negative (0 takes the default); the API server refuses negative ones.", "Use 0 or more (0 or unset takes the Kubernetes default).", "kubernetes pkg/apis/core/validation/validation.go validateProbe; pkg/apis/core/v1/defaults.go SetDefaults_Probe"),
        ProbeSuccessThresholdOne => ("A liveness or startup probe acts on the first success; the API server refuses any other successThreshold (0 is defaulted to 1).", "Set successThreshold to 1 (or leave it unset) on liveness and startup probes.", "kubernetes pkg/apis/core/validation/validation.go validateLivenessProbe, validateStartupProbe"),
        ResourceName => ("Containers may request cpu, memory, ephemeral-storage, huge pages and extended resources of a domain (`nvidia.com/gpu`); the API server refuses other names.", "Use cpu, memory, ephemeral-storage, hugepages-<size> or `<domain>/<name>`.", "kubernetes pkg/apis/core/validation/validation.go validateContainerResourceName"),
        QuantitySyntax => ("The API server parses quantities with one grammar (`500m`, `2Gi`, `1e3`) and refuses others.", "Write a quantity such as `500m`, `1`, `2Gi`.", "k8s.io/apimachinery pkg/api/resource/quantity.go ParseQuantity"),
        QuantityNonNegative => ("A negative request or limit means nothing; the API server refuses it.", "Use a positive quantity.", "kubernetes pkg/apis/core/validation/validation.go ValidateNonnegativeQuantity"),
        RequestWithinLimit => ("The scheduler reserves the request and the kernel enforces the limit: a request above its limit is refused. Values are compared as the API server rounds them (up, to the nano).", "Lower the request or raise the limit.", "kubernetes pkg/apis/core/validation/validation.go ValidateResourceRequirements"),
        ResourceLimitRequired => ("Huge pages and extended resources (GPUs) cannot be overcommitted: the API server requires a limit, and a limit alone becomes the request.", "Set the limit (a limit alone becomes the request).", "kubernetes pkg/apis/core/validation/validation.go ValidateResourceRequirements; pkg/apis/core/v1/helper IsOvercommitAllowed"),
        ResourceRequestEqualsLimit => ("Resources that cannot be overcommitted are reserved exactly: the API server refuses a request that differs from the limit.", "Make the request equal to the limit, or set only the limit.", "kubernetes pkg/apis/core/validation/validation.go ValidateResourceRequirements"),
        ResourceInteger => ("Extended resources are whole devices; the API server refuses fractions.", "Use a whole number (`1`, `2`).", "kubernetes pkg/apis/core/validation/validation.go ValidateResourceQuantityValue (IsIntegerResourceName)"),
        HugePagesMultiple => ("Huge pages come in pages of their size; the API server refuses an amount that is not a whole number of them.", "Use a multiple of the page size (`4Mi` of hugepages-2Mi).", "kubernetes pkg/apis/core/validation/validation.go validateResourceQuantityHugePageValue"),
        HugePagesNeedCpuOrMemory => ("The API server refuses a container that asks for huge pages but no cpu or memory.", "Also request (or limit) cpu or memory.", "kubernetes pkg/apis/core/validation/validation.go ValidateResourceRequirements (\"HugePages require cpu or memory\")"),
        FractionalBytes => ("The API server takes it but warns: `512m` is thousandths of a byte, rounded up to a 1-byte limit no container starts with.", "Write bytes with a suffix (`512Mi`, `1G`), not `m`.", "kubernetes pkg/api/pod/warnings.go (\"fractional byte value\")"),
        CpuBinarySuffix => ("`1Ki` CPU is 1024 cores: a byte suffix on cpu is almost always a mistake, and such a pod never schedules.", "Write cpu in cores or millicores (`1`, `500m`).", "k8s.io/apimachinery pkg/api/resource/suffix.go; kubelab"),
        SecurityIdRange => ("The API server takes a user or group ID (runAsUser, runAsGroup, fsGroup) from 0 to 2147483647 only, and refuses the Deployment otherwise.", "Use an ID such as 10001.", "kubernetes pkg/apis/core/validation/validation.go validatePodSecurityContext, ValidateSecurityContext; k8s.io/apimachinery pkg/util/validation/validation.go IsValidUserID, IsValidGroupID"),
        ReplicasNonNegative => ("The API server refuses a negative replica count.", "Use 0 or more replicas.", "kubernetes pkg/apis/apps/validation/validation.go ValidateDeploymentSpec"),
        DeploymentSelectorRequired => ("A Deployment finds its pods by its selector; the API server refuses an empty one.", "Give the pods at least one label.", APPS),
        DeploymentSelectorMatchesTemplate => ("The Deployment's pods must match its selector or it would never see them; the API server refuses the Deployment.", "Use the same labels for the selector and the pod template.", APPS),
        AutoscalerMinReplicas => ("The autoscaler cannot scale to zero (HPAScaleToZero is an alpha feature, off); the API server refuses minReplicas below 1.", "Use minReplicas 1 or more.", AUTOSCALING),
        AutoscalerMaxReplicas => ("The range must not be empty; the API server refuses maxReplicas below minReplicas.", "Use a maxReplicas of at least minReplicas.", AUTOSCALING),
        AutoscalerUtilizationPositive => ("A target of 0% cannot be met; the API server refuses it.", "Use a target between 1 and 100 percent of the CPU request.", AUTOSCALING),
        ObjectSize => ("The API server refuses a request larger than 3 MiB, so the object cannot be created.", "Make the object smaller: long values belong in a ConfigMap or in the image.", "k8s.io/apiserver pkg/server/config.go MaxRequestBodyBytes"),
        LastAppliedSize => ("Client-side `kubectl apply` stores a copy of the object in an annotation, and all annotations together may take 256 KiB: apply fails (`kubectl apply --server-side` does not).", "Make the object smaller, or have students run `kubectl apply --server-side`.", "k8s.io/apimachinery pkg/api/validation/objectmeta.go TotalAnnotationSizeLimitB; kubectl pkg/util/apply.go"),
        LoadBalancerKubeletPort => ("Before 1.33 the API server refuses a LoadBalancer Service on port 10250, the kubelet's, so that clouds do not open it to the world.", "Use another Service port (targetPort may stay 10250), or state `cluster.kubernetesVersion` 1.33 or later if your clusters run it.", "kubernetes pkg/apis/core/validation/validation.go ValidateService; removed by kubernetes/kubernetes#129174 (v1.33)"),
        PodSecurityRestricted => ("In a namespace labelled `pod-security.kubernetes.io/enforce: restricted`, Pod Security Admission refuses every pod that breaks a control of the standard: the Deployment exists, its pods never do.", "Leave the settings as the hardened profile writes them; a user of your own must not be 0.", "k8s.io/pod-security-admission policy/check_*.go; kubernetes.io/docs/concepts/security/pod-security-standards"),
        HardenedNamespace => ("The restricted standard is enforced on a namespace, by its labels: a hardened lab needs one of its own, created by kubelab's `namespaces/<name>.yaml`.", "Set `course.namespace` (or the lab's `namespace`).", "k8s.io/pod-security-admission api/constants.go (namespace labels)"),
        NamespaceName => ("The API server refuses a Namespace whose name is not a DNS-1123 label (63 characters at most, lower-case letters, digits and dashes, a letter or digit at each end), and every object of the lab is created in it.", "Use a name such as `ml-course`.", "k8s.io/apimachinery pkg/api/validation/generic.go ValidateNamespaceName (NameIsDNSLabel)"),
        WritablePath => ("Each writable path becomes an emptyDir mounted there; the API server refuses two mounts at one path, and a mount at `/` or a relative path would hide the image's files.", "List absolute folders below `/`, each once.", "kubernetes pkg/apis/core/validation/validation.go validateVolumeMounts; kubelab"),
        ImageDigest => ("A tag can be moved to another image; a digest names exactly one. Scanners (checkov CKV_K8S_43) fail an image without one.", "Append `@sha256:<digest>` to the image.", "checkov CKV_K8S_43"),
        HighUid => ("Below 10000 a user ID may belong to an account on the node; a process that escapes the container then acts as that account. The restricted standard only forbids 0; scanners (checkov CKV_K8S_40) ask for 10000 or more.", "Leave `runAsUser` unset (kubelab uses 10001) or pick an ID of 10000 or more.", "checkov CKV_K8S_40 (RootContainersHighUID.py)"),
        HardenedResources => ("Without requests the scheduler cannot place the pod fairly; without limits it can starve its neighbours. Scanners (checkov CKV_K8S_10 to 13) fail it.", "Set cpu and memory requests and limits.", "checkov CKV_K8S_10, 11, 12, 13"),
        ServiceSelectsPods => ("A Service whose selector matches no pod has no endpoints: every request to it fails.", "Make the Service selector a subset of the pod labels.", "kubernetes pkg/controller/endpointslice (endpoints come from the selector)"),
        ServiceTargetPortDeclared => ("Traffic sent to a port the container does not listen on is refused: the Service would answer nothing.", "Set targetPort to a port the container declares (by number or name).", "kubelab (the API server does not check it)"),
        ProbePortDeclared => ("A probe on a port nothing listens on never passes: the pods never become Ready (readiness) or restart forever (liveness).", "Probe a port the container declares (by number or name).", "kubelab (the API server does not check it)"),
        AutoscalerTargetsLabDeployment => ("An autoscaler aimed at another object scales that one, or nothing.", "Point scaleTargetRef at the lab's Deployment.", "kubelab"),
        AutoscalerNeedsCpuRequest => ("CPU utilisation is a percentage of the request: without one the autoscaler reports `missing request for cpu` and never scales. A limit alone counts, as it becomes the request.", "Set a cpu request (or a cpu limit, which becomes the request).", "kubernetes pkg/controller/podautoscaler/replica_calculator.go GetResourceReplicas"),
        AutoscaledReplicasPinned => ("The autoscaler owns the replica count: every `kubectl apply` resets it to the manifest's, then the autoscaler changes it again.", "Leave `replicas` unset (it starts at minReplicas) or lower it.", "kubernetes pkg/controller/podautoscaler/horizontal.go"),
        AutoscaledReplicasZero => ("The autoscaler reads a Deployment at 0 replicas as switched off (ScalingDisabled) and never adds a pod.", "Leave `replicas` unset, or set it to 1 or more.", "kubernetes pkg/controller/podautoscaler/horizontal.go reconcileAutoscaler"),
        AutoscalerTargetReachable => ("Usage cannot pass the CPU limit, and the autoscaler adds pods only when usage is more than 10% above the target: a target at or near limit/request never triggers.", "Lower the target below limit/request x 100 / 1.1, or raise the CPU limit above the request.", "kubernetes pkg/controller/podautoscaler/metrics/utilization.go, replica_calculator.go; config/v1alpha1/defaults.go (tolerance 0.1)"),
        LabOutputUnique => ("Two labs writing one file would overwrite each other.", "Give each lab its own output file.", COURSE),
        LabDirUnique => ("A lab's page is `<its folder>/index.md`: two labs in one folder would overwrite each other's page.", "Give each lab its own folder.", COURSE),
        LabOutputPath => ("Generated files stay inside the output folder; a path that leaves it is never written.", "Use a relative path such as `deploy_lb/deployment_lb.yaml`.", COURSE),
        LabOutputClash => ("A path cannot be a file and a folder at once: one of the two files could not be written.", "Give each lab an output in a folder of its own.", COURSE),
        LabIdUnique => ("Ids name labs on the command line and in `runsWith`; two alike would be ambiguous.", "Give each lab its own id.", COURSE),
        LabIdFormat => ("Ids are typed on the command line and used in file names.", "Use a short id of letters, digits, `-` or `_` (`lb`).", COURSE),
        NodePortRangeValid => ("kubelab checks node ports against this range; a range that is not one cannot be checked against.", "Use the apiserver's --service-node-port-range (30000-32767 by default).", COURSE),
        ClusterNodeQuantity => ("The cluster fit reads these quantities; one that does not parse cannot be counted.", "Write a quantity such as `4`, `8Gi`.", COURSE),
        ClusterFitReplicas => ("The scheduler places a pod only where its requests fit: replicas that fit nowhere stay Pending, and the lab never has all its pods.", "Use fewer replicas, lower the requests of what runs out first, or describe bigger nodes.", "kubernetes pkg/scheduler/framework/plugins/noderesources/fit.go"),
        ClusterFitAutoscaler => ("Pods the autoscaler adds beyond what fits stay Pending; the maximum is never reached.", "Lower maxReplicas to what fits, or lower the requests.", "kubernetes pkg/scheduler/framework/plugins/noderesources/fit.go"),
        ClusterFitJudged => ("A pod that requests nothing the nodes list is counted against nothing by the scheduler: only the nodes' pod count bounds it, so kubelab cannot tell how many really fit.", "Request what the app needs (`requests: { cpu: 500m, memory: 1Gi }`).", "kubernetes pkg/scheduler/framework/plugins/noderesources/fit.go"),
        NodePortShared => ("A node port belongs to one Service at a time: while one lab's Service holds it, the API server refuses another Service that asks for it.", "Give the lab its own nodePort, or leave it unset for the cluster to choose.", "kubernetes pkg/registry/core/service/portallocator (\"provided port is already allocated\")"),
        LabRunsWithKnown => ("`runsWith` names earlier labs that stay deployed; an unknown id says nothing.", "Use the id of an earlier lab.", COURSE),
        SweepLimit => ("A sweep writes one manifest per combination: the limit keeps a typo from writing thousands of files.", "Sweep fewer values, or raise `sweep.limit`.", COURSE),
        SweepAutoscaler => ("Autoscaler values need an autoscaler to apply to.", "Add an `autoscaler` to the lab, or drop the autoscaler lists from the sweep.", COURSE),
        StudentsNodePorts => ("Every student's copy needs its own node ports, and the cluster's range holds only so many.", "Render fewer students, or widen `cluster.nodePortRange`.", COURSE),
        KubernetesVersionSupported => ("Rules and kubectl output differ between versions; kubelab knows those of 1.25 to 1.37 only.", "State the version your clusters run, between 1.25 and 1.37.", COURSE),
        LoadTestSiegeVersion => ("The pages describe the report the installed siege prints: JSON from 4.0.5 to 4.0.8 (their siege.conf sets json_output = true), text before and after; that needs the version as three numbers.", "Write the version `apt-cache policy siege` names, like `4.0.7`.", "JoeDog/siege doc/siegerc.in (json_output) and src/main.c (the report)"),
        LoadTestTime => ("siege reads its duration as a number and S, M or H; other text is not a duration.", "Write the duration like `30s`, `2M` or `1H`.", "JoeDog/siege src/util.c parse_time"),
        LoadTestTooShort => ("A pod the autoscaler adds is ready only after a metrics interval, a sync period and the readiness probe: a shorter load test ends before students can see it scale.", "Give the lab a longer `loadTest.time`, several times the time the message names.", "kubelab crates/kubelab/src/timing.rs (metrics-server resolution, HPA sync period, probe timings)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_says_why_and_where_from() {
        for rule in Rule::ALL {
            assert!(rule.why().ends_with('.'), "{rule}");
            assert!(rule.fix().ends_with('.'), "{rule}");
            assert!(!rule.source().is_empty(), "{rule}");
        }
    }
}
