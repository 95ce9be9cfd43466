// Types of the sdrs-lint package (SPEC §2 diagnostics, §4 context, §6 surfaces).
// index.d.mts and index.d.cts add the default export `init` for their module format.

/** Every rule code of the catalogue, in catalogue order. Codes are stable: never renamed. */
export type Code =
  // BEGIN CODES: written by scripts/build-wasm.sh from rules(); a test compares them.
  | "invalid-json"
  | "duplicate-key"
  | "missing-wrapper"
  | "missing-field"
  | "type-mismatch"
  | "null-value"
  | "empty-value"
  | "unknown-field"
  | "misspelled-field"
  | "id-format"
  | "id-uppercase"
  | "name-too-long"
  | "name-charset"
  | "description-too-long"
  | "description-angle-bracket"
  | "ip-requires-subnet"
  | "ip-format"
  | "ip-not-private"
  | "ip-likely-reserved"
  | "flavor-format"
  | "flavor-billing-code"
  | "flavor-unsupported"
  | "tags-too-many"
  | "tags-empty"
  | "tag-key-duplicate"
  | "tag-key-case-duplicate"
  | "tag-key-too-long"
  | "tag-value-too-long"
  | "tag-key-charset"
  | "tag-value-charset"
  | "tag-portable-charset"
  | "tag-whitespace"
  | "tag-key-reserved"
  | "tenancy-value"
  | "dedicated-host-tenancy"
  | "group-not-found"
  | "group-status"
  | "server-not-found"
  | "server-status"
  | "server-already-protected"
  | "server-vpc-mismatch"
  | "server-az-mismatch"
  | "server-shared-disk"
  | "server-dedicated-host"
  | "server-key-pair-missing"
  | "server-autoscaling"
  | "subnet-not-found"
  | "subnet-vpc-mismatch"
  | "ip-outside-subnet"
  | "ip-reserved"
  | "ip-in-use"
  | "flavor-not-available"
  | "flavor-smaller"
  | "plan-duplicate-server"
  | "plan-duplicate-ip"
  | "plan-duplicate-name"
  | "policy-tag-missing"
  | "policy-tag-key-case"
  | "policy-tag-value"
  | "policy-name-pattern"
  | "name-prefix-too-long"
  | "servers-empty"
  | "servers-too-many"
  | "batch-duplicate-server"
  | "batch-ip-not-supported"
  | "terraform-unsupported"
  | "non-json-value"
  | "too-many-diagnostics";
// END CODES

/** `error`: the service rejects the request (or the job fails); `warning`: accepted, but very likely a mistake; `info`: advice. */
export type Severity = "error" | "warning" | "info";

/** A severity as `options.rules` sets it; `off` drops the rule, `warn` is `warning`. */
export type RuleLevel = "off" | "info" | "warning" | "warn" | "error";

/** What a rule looks at. */
export type RuleKind = "syntax" | "structure" | "presence" | "format" | "preflight" | "plan" | "policy" | "report";

/** Any value JSON can hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A place in the text given to `lint()`. */
export interface Position {
  /** 1-based. Line breaks are LF, CRLF and a lone CR. */
  line: number;
  /** 1-based, in UTF-16 code units (what editors count). */
  column: number;
  /** 0-based UTF-16 index into the text: `text.slice(start.offset, end.offset)` is the offending source. */
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One RFC 6902 JSON Patch operation against the request. */
export type PatchOperation =
  | { op: "replace"; path: string; value: JsonValue }
  /** The `protected_instance` object `missing-wrapper` creates, or a tag `policy-tag-missing` adds. */
  | { op: "add"; path: string; value: JsonValue }
  | { op: "remove"; path: string }
  | { op: "move"; from: string; path: string };

/** A replacement of one range of the text given to `lint()`: apply it as an editor change. */
export interface TextEdit {
  range: Range;
  /** The range's new text; empty to delete it. */
  text: string;
}

/**
 * A mechanical correction. `safe` keeps what the request means (lower-casing
 * an ID, trimming what the service trims anyway, renaming a misspelt member,
 * wrapping); `unsafe` removes or shortens what was written, or invents a
 * value, and is applied only when asked.
 */
export interface Fix {
  /** In the options' `locale`. */
  description: string;
  applicability: "safe" | "unsafe";
  /** The change as a JSON Patch against the request value (what `applyFix()` applies). */
  patch: PatchOperation[];
  /** For `lint()`: the same change as edits of the text, in order; every byte outside them stays as it is. */
  edits?: TextEdit[];
}

/** A detail of `params`: a count, a text, a list of texts, or `null` (unknown). */
export type ParamValue = null | number | string | string[];

export interface Diagnostic {
  code: Code;
  severity: Severity;
  /** One or two sentences in the options' `locale`: what is wrong and how to fix it, built from `params`. */
  message: string;
  /** RFC 6901 JSON Pointer of the offending member (where it should be, if missing); `""` is the root. */
  path: string;
  /** Present when the input was text (`lint()`); absent for `lintValue()` and `too-many-diagnostics`. */
  range?: Range;
  /** Machine-readable details (limits, counts, offending characters, suggestions). */
  params?: { [key: string]: ParamValue };
  /** The SDRS error code the service would answer with, where known. */
  api_code?: `SDRS.${string}`;
  fix?: Fix;
  /** In a Terraform plan (SPEC §10), the resource instance the finding is about. */
  resource?: PlanResource;
  /** Which wording of the rule's message this is, where a rule has several (`unknown-field`: `leftover`, `huawei`, `hint`; `misspelled-field`: `alias`). */
  variant?: string;
}

/** A resource instance of a Terraform plan, as its findings name it. */
export interface PlanResource {
  /** Its full address: module path, `count` index or `for_each` key (`module.dr.huaweicloud_sdrs_protected_instance.this["app-1"]`). */
  address: string;
  /** Its resource type, such as `opentelekomcloud_sdrs_protected_instance_v1`. */
  type: string;
  /** The argument, in Terraform's words (`subnet_id`); empty for the resource as a whole. */
  argument: string;
}

export interface Report {
  /** The kind of request linted (SPEC §9): `single` (`POST …/protected-instances`) or `batch` (`POST …/protected-instances/batch`); `null` when the text is not a JSON object, so no kind's rules ran. */
  kind: LintedKind | null;
  /** True when no diagnostic has severity `error`. */
  valid: boolean;
  errors: number;
  warnings: number;
  infos: number;
  /** In order of position in the text (document order for `lintValue()`). */
  diagnostics: Diagnostic[];
}

/** A protection group as the console lists it (SPEC §4). `null` means unknown. */
export interface ContextProtectionGroup {
  id: string;
  status?: string | null;
  source_vpc_id?: string | null;
  /** Defaults to `source_vpc_id` (on OTC both sites share the VPC). */
  target_vpc_id?: string | null;
  source_availability_zone?: string | null;
  target_availability_zone?: string | null;
}

export interface ContextServer {
  id: string;
  status?: string | null;
  vpc_id?: string | null;
  availability_zone?: string | null;
  /** The server's flavor name, e.g. `s3.large.2`. */
  flavor?: string | null;
  /** Compared ignoring case: `Linux`, `Windows`. */
  os_type?: string | null;
  key_name?: string | null;
  shared_disk?: boolean | null;
  dedicated_host?: boolean | null;
  autoscaling_group_id?: string | null;
  protected_instance_id?: string | null;
}

export interface ContextSubnet {
  id: string;
  vpc_id?: string | null;
  /** IPv4 network, e.g. `192.168.0.0/24`. */
  cidr?: string | null;
  gateway_ip?: string | null;
  used_ips?: string[] | null;
}

export interface ContextFlavor {
  id: string;
  vcpus?: number | null;
  /** MiB, as in the ECS flavor API. */
  ram?: number | null;
}

/**
 * What the caller already knows about the account (SPEC §4); every part is
 * optional and a pre-flight rule runs only when its facts are present.
 * Listings may carry more fields than these: unknown fields are ignored.
 */
export interface Context {
  /** The context file's JSON Schema, for editors (`sdrs-lint/schemas/context.schema.json`). */
  $schema?: string;
  protection_groups?: ContextProtectionGroup[];
  servers?: ContextServer[];
  subnets?: ContextSubnet[];
  flavors?: ContextFlavor[];
  key_pairs?: string[];
}

/** `{"@@assign": …}`: what an effective tag policy assigns. */
export interface Assign<T> {
  "@@assign": T;
}

/** The policy of one tag key (AWS Organizations / Huawei Cloud Organizations tag policy format). */
export interface TagPolicy {
  /** How the key must be spelt (the policy key in other letter case). */
  tag_key?: Assign<string>;
  /** The allowed values; one ending in `*` allows every value with that prefix. */
  tag_value?: Assign<string[]>;
  /** Resource types it is enforced for; one whose service is `sdrs` (`sdrs:*`) makes findings errors. */
  enforced_for?: Assign<string[]>;
}

/** An organization's own rules (SPEC §8). */
export interface Policy {
  $schema?: string;
  /** By policy key (lower case); tag keys match it ignoring case. */
  tags?: { [policyKey: string]: TagPolicy };
  /** Tag keys every request must carry, spelt exactly so. */
  required_tags?: string[];
  /** A regular expression (Rust regex-lite syntax) the whole name must match; linear-time matching. */
  name_pattern?: string;
}

/** The language of messages: English, German or Simplified Chinese (and BCP 47 tags of them). */
export type Locale = "en" | "de" | "zh" | `en-${string}` | `de-${string}` | "zh-CN" | "zh-SG" | "zh-Hans" | `zh-Hans-${string}`;

/** Which cloud's variant of the call: Open Telekom Cloud (default) or Huawei Cloud (SPEC §7). */
export type Platform = "otc" | "huawei";

/** A kind of request (SPEC §9): the single call or the batch call. */
export type RequestKind = "single" | "batch";

/** What a report linted (SPEC §9, §10): a request of a kind, or a Terraform plan. */
export type LintedKind = RequestKind | "terraform";

/** Options of `lint()`, `lintValue()`, `lintPlan()` and `fix()`; anything else throws a `TypeError`. */
export interface Options {
  /** Severity per rule code, like ESLint's `rules`. */
  rules?: { [C in Code]?: RuleLevel };
  /** Facts about the account for the pre-flight rules (SPEC §4). */
  context?: Context;
  /** At most this many diagnostics are kept (default 1000); a positive integer. */
  max_diagnostics?: number;
  /** The same as `max_diagnostics`. */
  maxDiagnostics?: number;
  /** The language of `message` and fix `description` (default `en`); codes, paths and params never change. */
  locale?: Locale;
  /** Which cloud's variant of the call (default `otc`). */
  platform?: Platform;
  /** Which call the requests are for (default `auto`: each request's wrapper decides; a Terraform plan is found by its `format_version`). */
  kind?: "auto" | LintedKind;
  /** The organization's own rules: required tags, allowed values, a naming pattern. */
  policy?: Policy | null;
}

/** Options of `fix()`: lint options, and whether to apply unsafe fixes too. */
export interface FixOptions extends Options {
  /** Apply the unsafe fixes too (default: only the safe ones). */
  unsafeFixes?: boolean;
}

/** A fix `fix()` applied. */
export interface AppliedFix {
  code: Code;
  /** Where it applied, as the text was then. */
  path: string;
  description: string;
}

/** What `fix()` returns. */
export interface FixResult {
  /** The text with the fixes applied; every byte outside their edits is the caller's own. (What `lint()` cannot read comes back as it was given.) */
  text: string;
  /** The fixes applied, in order. */
  applied: AppliedFix[];
  /** The lint of `text`. */
  report: Report;
}

/**
 * A rule of the catalogue. Its Markdown documentation is not in the
 * WebAssembly module (it would double the download); it is the package's
 * `sdrs-lint/docs.json`, `{ [code]: markdown }`, for consoles that show it.
 */
export interface RuleInfo {
  code: Code;
  /** The default severity. */
  severity: Severity;
  kind: RuleKind;
  summary: string;
  api_code?: `SDRS.${string}`;
  /** Whether the rule can offer a `fix`. */
  fixable: boolean;
  /** For a fixable rule: whether its fix is `safe` (applied by default) or `unsafe` (only with `unsafeFixes`). */
  fix_applicability?: "safe" | "unsafe";
  /** The platforms it applies to. */
  platforms: Platform[];
  /** Its page, relative to the repository and the package: `docs/rules/CODE.md`. */
  url: string;
}

/** The request body of `POST /v1/{project_id}/protected-instances`, as a form holds it. */
export interface ProtectedInstanceRequest {
  protected_instance: {
    server_group_id: string;
    server_id: string;
    name: string;
    description?: string;
    primary_subnet_id?: string;
    primary_ip_address?: string;
    flavorRef?: string;
    tags?: { key: string; value: string }[];
    /** Huawei Cloud only: the DSS storage pool. */
    cluster_id?: string;
    /** Huawei Cloud only. */
    tenancy?: "shared" | "dedicated";
    /** Huawei Cloud only, with `tenancy: "dedicated"`. */
    dedicated_host_id?: string;
  };
}

/** The request body of `POST /v1/{project_id}/protected-instances/batch`, as a form holds it. */
export interface BatchRequest {
  protected_instances: {
    server_group_id: string;
    /** The service names the instances `name_prefix-0001`, `-0002`, …: at most 59 characters. */
    name_prefix: string;
    /** At least one; by default at most five (a quota can raise it). */
    servers: { server_id: string; flavorRef?: string }[];
    /** At most 64 characters. */
    description?: string;
    primary_subnet_id?: string;
    tags?: { key: string; value: string }[];
    /** Huawei Cloud only: the DSS storage pool. */
    cluster_id?: string;
    /** Huawei Cloud only. */
    tenancy?: "shared" | "dedicated";
    /** Huawei Cloud only, with `tenancy: "dedicated"`. */
    dedicated_host_id?: string;
  };
}

/**
 * Lints a request given as JSON text. Never throws for a bad request: text
 * that is not strict JSON gets one `invalid-json` diagnostic, and so does a
 * string that is not well-formed UTF-16 (`params.cause` `invalid-utf16`, at
 * its first lone surrogate) and an argument that is not a string at all
 * (`not-text`, no range). Throws a `TypeError` only when `options` is
 * malformed.
 */
export declare function lint(text: string, options?: Options): Report;

/**
 * Lints a request given as a value (what a form holds): diagnostics have
 * paths and no ranges. Values JSON cannot hold (`undefined`, functions,
 * `BigInt`, `NaN`, cycles, symbols, …) get a `non-json-value` diagnostic;
 * so does a member whose name holds a lone surrogate (`params.actual`
 * `lone-surrogate-key`, its value not read), at a path that names it as
 * `JSON.stringify` escapes it (`/x\ud800`; escaped again while the object
 * has a member of that name, so never a false `duplicate-key`).
 * A value of more than 1 000 000 values in all (members and elements at
 * every depth, shared ones counted each time they are reached) is not read:
 * its report is one `non-json-value` at `""` with `params.actual`
 * `too-many-values` (`lint()` of its JSON text has no such limit).
 * Throws only a `TypeError` for malformed `options`.
 */
export declare function lintValue(value: unknown, options?: Options): Report;
/**
 * Lints many requests together as a plan (SPEC §5): one report per input, in
 * order, each as `lint()` (a string) or `lintValue()` (anything else) gives
 * it; each value has its own budget of 1 000 000 values. A hole is read as
 * `undefined`, an element whose getter or proxy trap throws as a value that
 * throws (a `non-json-value` report each). Collisions (same server, same
 * subnet address, same name) are reported on the later request. Throws a
 * `TypeError` when `inputs` is not an array, its length cannot be read or
 * it holds more than 100 000 requests, or `options` is malformed.
 */
export declare function lintPlan(inputs: ReadonlyArray<string | unknown>, options?: Options): Report[];

/**
 * Applies the fixes of the request's diagnostics to its text (the safe ones,
 * or all with `unsafeFixes`), relinting between passes, and returns the new
 * text, what was applied and the report of the new text. Every byte outside
 * the fixes' edits stays as it was. What `lint()` cannot read (a string that
 * is not well-formed UTF-16, an argument that is not a string) comes back
 * unchanged, with nothing applied and its `invalid-json` report. Throws a
 * `TypeError` only for malformed options.
 */
export declare function fix(text: string, options?: FixOptions): FixResult;

/**
 * Returns a copy of `value` with one diagnostic's fix (its JSON Patch,
 * applied as RFC 6902 says) applied; `value` itself is never changed. The
 * copy is the tree `lintValue()` reads: arrays and plain objects copied
 * member by member (a shared one at each place), anything else (functions,
 * symbols, class instances, `Date`s, `Map`s) kept by reference, unchanged.
 * Throws a `TypeError`, and nothing else, when the diagnostic has no fix,
 * the value lacks what the fix names (the member an `add` goes into; what
 * `remove`, `replace`, `test`, and a `move`'s or `copy`'s `from` name), a
 * pointer is not RFC 6901 (`~` not followed by `0` or `1`), the fix would
 * change an object kept by reference, or the value cannot be copied (a
 * cycle, a getter or proxy that throws, more than 1 000 000 values), naming
 * the pointer.
 */
export declare function applyFix<T>(value: T, diagnostic: Diagnostic): T;

/** Every rule with its metadata, in catalogue order (documentation: `sdrs-lint/docs.json`). */
export declare function rules(): RuleInfo[];

/**
 * The request as a JSON Schema (draft 2020-12), for a validator such as
 * Ajv's `Ajv2020`: one kind's (`type: "object"` with its wrapper) or, for
 * `kind: "auto"`, `oneOf` every kind's. (A type alias, not an interface: it
 * is assignable to validators' `{ [keyword: string]: unknown }` schema types.)
 */
export type RequestSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema";
  title: string;
  description: string;
  [keyword: string]: JsonValue;
};

/**
 * The request's JSON Schema for `options.kind` and `options.platform`
 * (`"auto"` and `"otc"` by default), a new object each call: everything a
 * schema can say about the request (members, types, lengths in characters,
 * patterns, at most 10 tags, the address needing its subnet). What it
 * cannot say (UTF-8 byte lengths, duplicate keys, unique tag keys, address
 * ranges, the account's state), `lint()` checks. Throws a `TypeError` for
 * malformed options.
 */
export declare function schema(options?: Options): RequestSchema;

/** What a member means, whatever a kind calls it (SPEC §1, §9); its `label` is its display name. */
export type MemberRole =
  | "server-group" | "server" | "name" | "description" | "subnet" | "address" | "flavor" | "tags"
  | "cluster" | "tenancy" | "dedicated-host" | "tag-key" | "tag-value" | "name-prefix" | "servers";

/** A member of a request kind as `kinds()` lists it: what a form field needs. */
export interface MemberInfo {
  /** Its name in the JSON. */
  name: string;
  role: MemberRole;
  /** Its display name in `options.locale` (the consoles' own words). */
  label: string;
  type: "string" | "array";
  required: boolean;
  platforms: Platform[];
  /** What it is, with its limits, in one English sentence. */
  about: string;
  /** Its length limit (`items` for a list). */
  limit?: { max: number; unit: "bytes" | "chars" | "items" };
  /** The values it may have, where the API lists them. */
  choices?: string[];
  /** The part of a context (SPEC §4) that lists what it names. */
  listing?: "protection_groups" | "servers" | "subnets" | "flavors";
  /** A list's items' members (a tag's `key` and `value`, a batch server's `server_id` and `flavorRef`). */
  items?: MemberInfo[];
}

/** A request kind (SPEC §9) as `kinds()` lists it. */
export interface KindInfo {
  name: RequestKind;
  /** The HTTP call. */
  call: string;
  /** The member that holds the request's members. */
  wrapper: string;
  /** In the API's order, on `options.platform`. */
  members: MemberInfo[];
}

/** The request kinds (the one `options.kind` names, or every one) with their members on `options.platform`, labels in `options.locale`. Throws a `TypeError` for malformed options. */
export declare function kinds(options?: Options): KindInfo[];

/** A value of `outline()`'s tree: its kind, its UTF-16 range, and its members, items or value. */
export type OutlineNode =
  | { kind: "object"; start: number; end: number; members: OutlineMember[] }
  | { kind: "array"; start: number; end: number; items: OutlineNode[] }
  | { kind: "string"; start: number; end: number; value: string }
  | { kind: "number"; start: number; end: number; value: number }
  | { kind: "boolean"; start: number; end: number; value: boolean }
  | { kind: "null"; start: number; end: number; value: null };

/** An object's member, repeats kept, with its key's UTF-16 range. */
export interface OutlineMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: OutlineNode;
}

/** `outline()`'s answer: the tree, or why the text is not strict JSON and where (a UTF-16 offset). */
export type Outline = { root: OutlineNode } | { problem: { message: string; offset: number } };

/**
 * JSON text as a tree with UTF-16 ranges (editor positions), every member
 * of an object kept, repeats too: a console edits a member's text where it
 * stands. Text that is not strict JSON (SPEC §2) gives its problem. Throws
 * a `TypeError` for an argument that is not a string.
 */
export declare function outline(text: string): Outline;

/** What `init` and `initSync` take in the browser: the module's URL or bytes, a `Response`, or a compiled module. */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * Compiles the core module synchronously from its bytes (browser build);
 * does nothing in Node.js, where loading the package already compiled
 * everything.
 */
export declare function initSync(
  module: { module: ArrayBuffer | ArrayBufferView | WebAssembly.Module } | ArrayBuffer | ArrayBufferView | WebAssembly.Module,
): unknown;

/**
 * Loads the full module in a browser: the German and Chinese messages,
 * `options.context`, `options.policy`, `options.kind: "terraform"` and
 * Terraform plans, and `lintPlan()`, `fix()`, `applyFix()`, `schema()`,
 * `kinds()` and `outline()`. `init()` loads only the core module (English,
 * `lint()`, `lintValue()`, `rules()`), the smaller first download; once
 * `load()` has resolved, every call goes to the full module, with the same
 * results as in Node.js. Before that, a function of the full module throws a
 * `TypeError` saying it needs `load()`, and so do options that ask for what
 * the core module leaves out (nothing is linted without it); a Terraform
 * plan gets one `terraform-unsupported` finding (`params.cause`
 * `terraform-not-built`). It takes what `init()` takes, for the full module
 * (by default `sdrs_lint_full_bg.wasm` next to the package's JavaScript,
 * `sdrs-lint/sdrs_lint_full_bg.wasm`), needs no `init()` before it, and
 * loads once however often it is called. Resolves at once in Node.js, which
 * has everything from the start.
 */
export declare function load(
  module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>,
): Promise<void>;
