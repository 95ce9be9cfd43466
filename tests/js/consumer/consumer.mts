// A TypeScript program using the package as an ES module (Node.js or a
// bundler). tsc --noEmit must accept it; each @ts-expect-error line must be
// an error, so the declarations are as strict as they claim (no `any`).
import init, {
  lint,
  lintValue,
  fix,
  applyFix,
  rules,
  schema,
  kinds,
  outline,
  load,
  initSync,
  type Code,
  type FixResult,
  type JsonValue,
  type Policy,
  type Context,
  type Diagnostic,
  type ParamValue,
  type Options,
  type ProtectedInstanceRequest,
  type Report,
  type RequestSchema,
  type RuleInfo,
  type KindInfo,
  type MemberInfo,
  type Outline,
  type RequestKind,
  type LintedKind,
} from "sdrs-lint";

await init();
// The full module (context, policy, German and Chinese, fix(), …): the same
// inputs as init(), resolving to nothing.
const loaded: Promise<void> = load();
await loaded;

const context: Context = {
  protection_groups: [{ id: "523ab8ad-3759-4933-9436-4cf4ebb20867", status: "available", target_vpc_id: null }],
  servers: [{ id: "403b603d-1d91-42cc-a357-81f3c2daf43f", status: "ACTIVE", key_name: null, shared_disk: false }],
  subnets: [{ id: "a32217fb-3413-c313-6342-3124d3491502", cidr: "192.168.0.0/24", used_ips: ["192.168.0.10"] }],
  flavors: [{ id: "s3.large.2", vcpus: 2, ram: 4096 }],
  key_pairs: ["kp-prod"],
};
const options: Options = { rules: { "name-charset": "off", "tags-empty": "warn" }, max_diagnostics: 50 };
const request: ProtectedInstanceRequest = {
  protected_instance: { server_group_id: "g", server_id: "s", name: "web-01", tags: [{ key: "k", value: "v" }] },
};

const report: Report = lint(JSON.stringify(request), options);
const fromForm: Report = lintValue(request, { ...options, context });

function letter(d: Diagnostic): "E" | "W" | "I" {
  switch (d.severity) {
    case "error":
      return "E";
    case "warning":
      return "W";
    case "info":
      return "I";
    default: {
      const unreachable: never = d.severity;
      return unreachable;
    }
  }
}

const source = (text: string, d: Diagnostic): string | undefined =>
  d.range && text.slice(d.range.start.offset, d.range.end.offset);
const codes: Code[] = rules().map((r: RuleInfo) => r.code);

// The request's JSON Schema goes to a validator's loose schema type as it is.
const requestSchema: RequestSchema = schema({ platform: "huawei" });
const draft: "https://json-schema.org/draft/2020-12/schema" = requestSchema.$schema;
const forValidator: { [keyword: string]: unknown } = schema();
// @ts-expect-error the platform is "otc" or "huawei"
schema({ platform: "aws" });
const chars: ParamValue | undefined = report.diagnostics[0]?.params?.["chars"];
const patch = report.diagnostics[0]?.fix?.patch[0];
const replacement: JsonValue | undefined = patch?.op === "replace" ? patch.value : undefined;
const applicability: "safe" | "unsafe" | undefined = report.diagnostics[0]?.fix?.applicability;
const policy: Policy = {
  tags: { costcenter: { tag_key: { "@@assign": "CostCenter" }, tag_value: { "@@assign": ["100", "2*"] } } },
  required_tags: ["CostCenter"],
  name_pattern: "^[a-z-]+$",
};
const localized: Report = lint("{}", { locale: "zh-CN", platform: "huawei", policy });
const fixed: FixResult = fix("{}", { unsafeFixes: true, locale: "de" });
const again: ProtectedInstanceRequest = applyFix(request, fromForm.diagnostics[0]!);
// @ts-expect-error: not a language of the catalogue
lint("{}", { locale: "fr" });
// @ts-expect-error: not a platform
lint("{}", { platform: "aws" });
// @ts-expect-error: tag values are assigned as a list
lint("{}", { policy: { tags: { env: { tag_value: { "@@assign": "prod" } } } } });
// @ts-expect-error: params are counts, texts and lists of texts, never objects
const nested: { [key: string]: ParamValue } | undefined = report.diagnostics[0]?.params?.["chars"];

// @ts-expect-error: not a rule code
const unknownCode: Code = "no-such-rule";
// @ts-expect-error: not a severity
lint("{}", { rules: { "name-charset": "loud" } });
// @ts-expect-error: a misspelt rule code
lint("{}", { rules: { "name-charst": "off" } });
// @ts-expect-error: not an option
lint("{}", { rulez: {} });
// @ts-expect-error: lint() takes text; lintValue() takes values
lint({ protected_instance: {} });
// @ts-expect-error: `valid` is a boolean
const notText: string = report.valid;
// @ts-expect-error: a diagnostic's code is not any string
const anyCode: Diagnostic = { code: "whatever", severity: "error", message: "", path: "" };
// @ts-expect-error: initSync needs the module or its bytes
initSync();

// The request kinds a console builds its forms from, and the kind linted.
const kindsList: KindInfo[] = kinds({ platform: "huawei", locale: "de" });
const firstMember: MemberInfo | undefined = kindsList[0]?.members[0];
const linted: LintedKind | null = lint("{}", { kind: "batch" }).kind;
const plan: LintedKind | null = lint("{}", { kind: "terraform" }).kind;
const kindOfRequest: RequestKind = "single";
// @ts-expect-error: not a request kind
lint("{}", { kind: "multi" });
// An outline is a tree or a problem, told apart by its members.
const tree: Outline = outline("{}");
const rootKind: string | undefined = "root" in tree ? tree.root.kind : undefined;
// @ts-expect-error: outline() takes text
outline({});

export { kindsList, firstMember, linted, plan, kindOfRequest, rootKind, fromForm, letter, source, codes, chars, replacement, applicability, localized, fixed, again, unknownCode, notText, anyCode, draft, forValidator };
