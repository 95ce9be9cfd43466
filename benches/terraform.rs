//! Lints Terraform plans of 1 000 to 100 000 resource changes as
//! `terraform show -json` writes them (one line), and prints the time and
//! the peak heap of each: a greenfield plan where every ID is known only
//! after apply, so that each protected instance's group, server and subnet
//! are found through the configuration's references (a module called with
//! `for_each`, its variables, the servers' `for_each` over the same keys).
//!
//! `cargo bench --bench terraform`

use sdrs_lint::{lint_str, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

/// The system allocator, keeping the bytes in use and their peak.
struct Peak;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(now, Relaxed);
}

// SAFETY: every call is passed on unchanged to the system allocator.
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        System.alloc_zeroed(layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        IN_USE.fetch_sub(layout.size(), Relaxed);
        grew(new_size);
        System.realloc(ptr, layout, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Peak = Peak;

const SUBNETS: usize = 20;
const TYPE: &str = "opentelekomcloud_sdrs_protected_instance_v1";
const PROVIDER: &str = "registry.terraform.io/opentelekomcloud/opentelekomcloud";

/// A plan of `changes` resource changes: a VPC, a protection group and
/// subnets, then a server and a protected instance per app. Every 100th
/// app's server is in another availability zone than the group, every
/// 50th instance asks for its subnet's gateway address (the later ones, a
/// duplicate of the first's too).
fn plan_text(changes: usize) -> String {
    let apps = (changes - 2 - SUBNETS) / 2;
    let mut rc = String::new();
    let mut add = |address: &str,
                   kind: &str,
                   name: &str,
                   index: Option<&str>,
                   after: &str,
                   unknown: &str| {
        if !rc.is_empty() {
            rc.push(',');
        }
        let module = match address.rsplit_once("].") {
            Some((module, _)) if address.starts_with("module.") => {
                format!(",\"module_address\":\"{}]\"", module.replace('"', "\\\""))
            }
            _ => String::new(),
        };
        let index = index.map_or(String::new(), |i| format!(",\"index\":\"{i}\""));
        write!(
            rc,
            "{{\"address\":\"{}\"{module},\"mode\":\"managed\",\"type\":\"{kind}\",\"name\":\"{name}\"{index},\"provider_name\":\"{PROVIDER}\",\"change\":{{\"actions\":[\"create\"],\"before\":null,\"after\":{after},\"after_unknown\":{unknown},\"before_sensitive\":false,\"after_sensitive\":{{}}}}}}",
            address.replace('"', "\\\""),
        )
        .unwrap();
    };
    add(
        "opentelekomcloud_sdrs_protectiongroup_v1.main",
        "opentelekomcloud_sdrs_protectiongroup_v1",
        "main",
        None,
        r#"{"name":"main","source_availability_zone":"eu-de-01","target_availability_zone":"eu-de-02","dr_type":"migration"}"#,
        r#"{"id":true,"source_vpc_id":true}"#,
    );
    add(
        "opentelekomcloud_vpc_v1.main",
        "opentelekomcloud_vpc_v1",
        "main",
        None,
        r#"{"name":"main","cidr":"10.0.0.0/8"}"#,
        r#"{"id":true}"#,
    );
    for s in 0..SUBNETS {
        add(
            &format!("opentelekomcloud_vpc_subnet_v1.app[\"s{s}\"]"),
            "opentelekomcloud_vpc_subnet_v1",
            "app",
            Some(&format!("s{s}")),
            &format!(r#"{{"name":"s{s}","cidr":"10.{s}.0.0/16","gateway_ip":"10.{s}.0.1"}}"#),
            r#"{"id":true,"vpc_id":true,"subnet_id":true}"#,
        );
    }
    for a in 0..apps {
        let zone = if a % 100 == 99 {
            "eu-de-03"
        } else {
            "eu-de-01"
        };
        add(
            &format!("opentelekomcloud_compute_instance_v2.app[\"app-{a}\"]"),
            "opentelekomcloud_compute_instance_v2",
            "app",
            Some(&format!("app-{a}")),
            &format!(
                r#"{{"name":"app-{a}","availability_zone":"{zone}","flavor_name":"s3.large.2","key_pair":"ops","network":[{{"uuid":null,"fixed_ip_v4":null}}]}}"#
            ),
            r#"{"id":true,"network":[{"uuid":true,"fixed_ip_v4":true,"mac":true}]}"#,
        );
    }
    for a in 0..apps {
        // Subnet s0 (10.0.0.0/16), its gateway for every 50th.
        let host = if a % 50 == 49 { 1 } else { 10 + a };
        add(
            &format!("module.dr[\"app-{a}\"].{TYPE}.this"),
            TYPE,
            "this",
            None,
            &format!(
                r#"{{"name":"app-{a}-dr","description":"migration wave 3","ip_address":"10.0.{}.{}","delete_target_server":false,"tags":{{"wave":"3","app":"app-{a}"}},"timeouts":null}}"#,
                host / 256,
                host % 256
            ),
            r#"{"group_id":true,"server_id":true,"subnet_id":true,"id":true,"tags":{}}"#,
        );
    }
    // The servers' subnet: the same key's, through local.apps in real
    // code; here every server is in subnet s0's VPC, as the group is.
    let configuration = format!(
        r#"{{"root_module":{{"resources":[{{"address":"opentelekomcloud_compute_instance_v2.app","mode":"managed","type":"opentelekomcloud_compute_instance_v2","name":"app","expressions":{{"network":[{{"uuid":{{"references":["opentelekomcloud_vpc_subnet_v1.app[\"s0\"].id","opentelekomcloud_vpc_subnet_v1.app[\"s0\"]","opentelekomcloud_vpc_subnet_v1.app"]}}}}]}},"for_each_expression":{{"references":["local.apps"]}}}},{{"address":"opentelekomcloud_sdrs_protectiongroup_v1.main","mode":"managed","type":"opentelekomcloud_sdrs_protectiongroup_v1","name":"main","expressions":{{"source_vpc_id":{{"references":["opentelekomcloud_vpc_v1.main.id","opentelekomcloud_vpc_v1.main"]}}}}}},{{"address":"opentelekomcloud_vpc_subnet_v1.app","mode":"managed","type":"opentelekomcloud_vpc_subnet_v1","name":"app","expressions":{{"vpc_id":{{"references":["opentelekomcloud_vpc_v1.main.id","opentelekomcloud_vpc_v1.main"]}}}},"for_each_expression":{{"references":["local.subnets"]}}}}],"module_calls":{{"dr":{{"source":"./modules/dr","for_each_expression":{{"references":["local.apps"]}},"expressions":{{"group_id":{{"references":["opentelekomcloud_sdrs_protectiongroup_v1.main.id","opentelekomcloud_sdrs_protectiongroup_v1.main"]}},"server_id":{{"references":["opentelekomcloud_compute_instance_v2.app","each.key"]}},"subnet_id":{{"references":["opentelekomcloud_vpc_subnet_v1.app[\"s0\"].id","opentelekomcloud_vpc_subnet_v1.app[\"s0\"]","opentelekomcloud_vpc_subnet_v1.app"]}}}},"module":{{"resources":[{{"address":"{TYPE}.this","mode":"managed","type":"{TYPE}","name":"this","expressions":{{"group_id":{{"references":["var.group_id"]}},"server_id":{{"references":["var.server_id"]}},"subnet_id":{{"references":["var.subnet_id"]}}}}}}]}}}}}}}}}}"#
    );
    format!(
        r#"{{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{{"root_module":{{}}}},"resource_changes":[{rc}],"configuration":{configuration},"applyable":true,"complete":true,"errored":false}}"#
    )
}

fn run(changes: usize) -> f64 {
    let plan = plan_text(changes);
    let options = Options {
        max_diagnostics: usize::MAX,
        ..Options::default()
    };
    // The fastest of five: the machine is shared.
    let mut best = f64::MAX;
    let mut found: BTreeMap<&str, usize> = BTreeMap::new();
    let mut peak = 0;
    for round in 0..5 {
        let before = IN_USE.load(Relaxed);
        PEAK.store(before, Relaxed);
        let start = Instant::now();
        let report = lint_str(&plan, &options);
        best = best.min(start.elapsed().as_secs_f64());
        peak = PEAK.load(Relaxed) - before;
        if round == 0 {
            for d in &report.diagnostics {
                *found.entry(d.code).or_default() += 1;
            }
        }
    }
    println!(
        "{changes:>6} resource changes ({:>5.1} MB, one line): linted in {:>7.1} ms ({:.2} µs/change), \
         peak heap {:>6.1} MB ({:.1}× the plan); found {found:?}",
        plan.len() as f64 / 1e6,
        best * 1e3,
        best * 1e6 / changes as f64,
        peak as f64 / 1e6,
        peak as f64 / plan.len() as f64,
    );
    best / changes as f64
}

fn main() {
    let small = run(1_000);
    run(5_000);
    run(50_000);
    let large = run(100_000);
    println!("per change, 100 000 against 1 000: {:.2}×", large / small);
}
