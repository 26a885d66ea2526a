//! Merged course-file sections -> the builder calls a Rust user would make.

use crate::course::error::Problem;
use crate::course::file::{CourseFile, DeploymentPatch, LabFile, ProbePatch, ServicePatch};
use crate::spec::{App, Cluster, Course, HttpProbe, Lab, Scaling, Service};

/// Collects "required field missing" problems, so all are reported at once.
struct Required<'a> {
    problems: &'a mut Vec<Problem>,
    prefix: String,
}

impl Required<'_> {
    fn get<T>(&mut self, value: Option<T>, field: &str, defaults: &str) -> Option<T> {
        if value.is_none() {
            self.problems.push(Problem {
                location: None,
                path: format!("{}.{field}", self.prefix),
                rule: "required-field",
                message: "required, but set neither here nor in the defaults".to_owned(),
                hint: Some(format!(
                    "fix: set `{field}` in this lab or in `{defaults}.{field}`"
                )),
            });
        }
        value
    }
}

fn probe(p: Option<ProbePatch>, req: &mut Required, field: &str) -> Option<Option<HttpProbe>> {
    let Some(p) = p else { return Some(None) };
    let path = req.get(p.path, &format!("{field}.path"), "defaults.deployment");
    let port = req.get(p.port, &format!("{field}.port"), "defaults.deployment");
    Some(Some(
        HttpProbe::builder()
            .path(path?)
            .port(port?)
            .maybe_initial_delay_seconds(p.initial_delay_seconds)
            .maybe_period_seconds(p.period_seconds)
            .maybe_timeout_seconds(p.timeout_seconds)
            .maybe_success_threshold(p.success_threshold)
            .maybe_failure_threshold(p.failure_threshold)
            .build(),
    ))
}

fn app(d: DeploymentPatch, req: &mut Required) -> Option<App> {
    let defaults = "defaults.deployment";
    let name = req.get(d.name, "name", defaults);
    let image = req.get(d.image, "image", defaults);
    let mut ports = d.ports.unwrap_or_default().into_iter();
    let port = req.get(ports.next(), "ports", defaults);
    let readiness = probe(d.readiness_probe, req, "readinessProbe");
    let liveness = probe(d.liveness_probe, req, "livenessProbe");
    let startup = probe(d.startup_probe, req, "startupProbe");
    Some(
        App::builder()
            .name(name?)
            .image(image?)
            .port(port?)
            .extra_ports(ports.collect())
            .maybe_container_name(d.container_name)
            .maybe_image_pull_policy(d.image_pull_policy)
            .env(d.env.unwrap_or_default())
            .maybe_readiness_probe(readiness?)
            .maybe_liveness_probe(liveness?)
            .maybe_startup_probe(startup?)
            .resources(d.resources.unwrap_or_default())
            .labels(d.labels.unwrap_or_default())
            .build(),
    )
}

fn service(s: ServicePatch, req: &mut Required) -> Option<Service> {
    let defaults = "defaults.service";
    let name = req.get(s.name, "name", defaults);
    let mut ports = s.ports.unwrap_or_default().into_iter();
    let port = req.get(ports.next(), "ports", defaults);
    Some(
        Service::builder()
            .name(name?)
            .maybe_service_type(s.service_type)
            .port(port?)
            .extra_ports(ports.collect())
            .build(),
    )
}

fn lab(i: usize, l: LabFile, file: &CourseFile, problems: &mut Vec<Problem>) -> Option<Lab> {
    let d = l.deployment.over(&file.defaults.deployment);
    let replicas = d.replicas;
    let app = app(
        d,
        &mut Required {
            problems,
            prefix: format!("labs[{i}].deployment"),
        },
    );
    let service = service(
        l.service.over(&file.defaults.service),
        &mut Required {
            problems,
            prefix: format!("labs[{i}].service"),
        },
    );
    let scaling = match l.autoscaler {
        Some(autoscaler) => Scaling::Autoscaled {
            autoscaler,
            initial_replicas: replicas,
        },
        None => Scaling::Replicas(replicas.unwrap_or(1)),
    };
    Some(
        Lab::builder()
            .id(l.id)
            .title(l.title)
            .output(l.output)
            .app(app?)
            .service(service?)
            .scaling(scaling)
            .maybe_sweep(l.sweep)
            .build(),
    )
}

/// Builds the course, or returns every missing required field.
pub fn course(file: CourseFile) -> Result<Course, Vec<Problem>> {
    let mut problems = Vec::new();
    let labs: Vec<Option<Lab>> = file
        .labs
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, l)| lab(i, l, &file, &mut problems))
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Course {
        title: file.course.title,
        student_dir: file.course.student_dir,
        cluster: Cluster {
            node_port_range: file.cluster.node_port_range,
            nodes: file.cluster.nodes,
        },
        labs: labs.into_iter().flatten().collect(),
        load_test: file.course.load_test,
        students: file.students,
        templates: file.course.templates.map(std::path::PathBuf::from),
    })
}
