//! Lints a plan of 100 000 requests (NDJSON lines, as `--ndjson` reads them)
//! against a context of 100 000 servers, and prints the time taken. The
//! context is indexed once per plan, so the time grows linearly with the
//! plan and the context; the smaller run shows the ratio.
//!
//! `cargo bench --bench plan`

use sdrs_lint::{Context, Options, Plan, PlanInput};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;
use std::time::Instant;

const SUBNETS: usize = 200;
const GROUPS: usize = 50;

fn uuid(kind: u32, i: usize) -> String {
    format!("{kind:08x}-1d91-42cc-a357-{i:012x}")
}

/// A context as a console would hand it in: JSON text with one listing per part.
fn context_text(servers: usize) -> String {
    let vpc = uuid(0xc0, 0);
    let mut text = String::from("{\"protection_groups\": [");
    for g in 0..GROUPS {
        let sep = if g == 0 { "" } else { "," };
        write!(text, "{sep}{{\"id\": \"{}\", \"status\": \"available\", \"source_vpc_id\": \"{vpc}\", \"source_availability_zone\": \"eu-de-01\", \"target_availability_zone\": \"eu-de-02\"}}", uuid(0xa0, g)).unwrap();
    }
    text.push_str("], \"servers\": [");
    for s in 0..servers {
        let sep = if s == 0 { "" } else { "," };
        let protected = if s % 997 == 0 {
            format!("\"{}\"", uuid(0xe0, s))
        } else {
            "null".into()
        };
        write!(text, "{sep}{{\"id\": \"{}\", \"name\": \"app-{s}\", \"status\": \"ACTIVE\", \"vpc_id\": \"{vpc}\", \"availability_zone\": \"eu-de-01\", \"flavor\": \"s3.large.2\", \"os_type\": \"Linux\", \"key_name\": \"kp-prod\", \"shared_disk\": false, \"dedicated_host\": false, \"autoscaling_group_id\": null, \"protected_instance_id\": {protected}}}", uuid(0xb0, s)).unwrap();
    }
    text.push_str("], \"subnets\": [");
    for n in 0..SUBNETS {
        let sep = if n == 0 { "" } else { "," };
        // 10.n.0.0/20: 4096 addresses, the first 500 hosts in use.
        let (a, b) = (n / 16, (n % 16) * 16);
        let used: Vec<String> = (0..500)
            .map(|h| format!("\"10.{a}.{}.{}\"", b + (h + 2) / 256, (h + 2) % 256))
            .collect();
        write!(text, "{sep}{{\"id\": \"{}\", \"vpc_id\": \"{vpc}\", \"cidr\": \"10.{a}.{b}.0/20\", \"gateway_ip\": \"10.{a}.{b}.1\", \"used_ips\": [{}]}}", uuid(0xd0, n), used.join(",")).unwrap();
    }
    text.push_str("], \"flavors\": [{\"id\": \"s3.large.2\", \"vcpus\": 2, \"ram\": 4096}, {\"id\": \"s3.xlarge.2\", \"vcpus\": 4, \"ram\": 8192}], \"key_pairs\": [\"kp-prod\"]}");
    text
}

/// One request per line; every 1000th protects the server of the request
/// before it (a plan collision), and every 100th asks for an address in use.
fn plan_text(requests: usize) -> String {
    let mut text = String::new();
    for r in 0..requests {
        let server = if r % 1000 == 999 { r - 1 } else { r };
        let subnet = r % SUBNETS;
        let host = if r % 100 == 50 { 10 } else { 502 + r / SUBNETS };
        let (a, b) = (subnet / 16, (subnet % 16) * 16);
        writeln!(text, "{{\"protected_instance\": {{\"server_group_id\": \"{}\", \"server_id\": \"{}\", \"name\": \"dr-{r}\", \"description\": \"migration wave 3\", \"primary_subnet_id\": \"{}\", \"primary_ip_address\": \"10.{a}.{}.{}\", \"flavorRef\": \"s3.xlarge.2\", \"tags\": [{{\"key\": \"wave\", \"value\": \"3\"}}]}}}}",
            uuid(0xa0, r % GROUPS), uuid(0xb0, server), uuid(0xd0, subnet), b + host / 256, host % 256).unwrap();
    }
    text
}

fn run(requests: usize, servers: usize) {
    let context = context_text(servers);
    let plan = plan_text(requests);

    let start = Instant::now();
    let parsed: Option<Context> = (servers > 0).then(|| context.parse().expect("a valid context"));
    let options = Options {
        context: parsed.map(Arc::new),
        ..Options::default()
    };
    let read = start.elapsed();

    let start = Instant::now();
    let mut linter = Plan::new(&options);
    let mut found: BTreeMap<&str, usize> = BTreeMap::new();
    for line in plan.lines() {
        let report = linter.lint(PlanInput::Bytes(line.as_bytes()));
        for d in &report.diagnostics {
            *found.entry(d.code).or_default() += 1;
        }
    }
    let linted = start.elapsed();
    println!(
        "{requests:>7} requests ({:.1} MB) against {servers:>7} servers ({:.1} MB context): \
         context read in {:>6.1} ms, plan linted in {:>7.1} ms ({:.2} µs/request); found {found:?}",
        plan.len() as f64 / 1e6,
        if servers > 0 {
            context.len() as f64 / 1e6
        } else {
            0.0
        },
        read.as_secs_f64() * 1e3,
        linted.as_secs_f64() * 1e3,
        linted.as_secs_f64() * 1e6 / requests as f64,
    );
}

fn main() {
    run(10_000, 10_000);
    run(100_000, 100_000);
    // The same plan without a context: what the pre-flight rules add.
    run(100_000, 0);
}
