// A TypeScript program using the package from CommonJS (require).
import sdrs = require("sdrs-lint");

const report: sdrs.Report = sdrs.lint("{}");
const codes: sdrs.Code[] = report.diagnostics.map((d) => d.code);
const ready: Promise<unknown> = sdrs.default();
const full: Promise<void> = sdrs.load();
// @ts-expect-error: not a rule code
const unknownCode: sdrs.Code = "no-such-rule";

export = { codes, ready, full, unknownCode };
