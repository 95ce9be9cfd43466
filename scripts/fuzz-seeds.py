#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpus, one folder per target, from the
project's own fixtures, so that the fuzzer starts from requests, contexts
and configurations the rules have something to say about:

- examples/: the requests, the plan (NDJSON), the context and the policy;
- docs/rules/*.md: each rule's bad and good example (generated from the
  catalogue's documentation);
- the JSON the tests write inline: raw string literals and `json!` bodies in
  tests/*.rs and src/**/*.rs that are JSON text;
- ../shared/conformance/cases (the public conformance corpus), when present.

Each JSON object goes where its members say it belongs (a request, a
context, a configuration); every request is also a seed of `fix`, and of
`lint_value` (which reads JSON text as a value). Files are named by the
SHA-1 of their content, as libFuzzer names what it finds, so running the
script again adds nothing twice.

Usage: scripts/fuzz-seeds.py OUT_DIR   (scripts/fuzz.sh: fuzz/corpus)
"""
import glob
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = ["lint_bytes", "lint_value", "context", "options", "plan", "fix"]
INSTANCE = {"protected_instance", "server_group_id", "server_id", "name", "description",
            "primary_subnet_id", "primary_ip_address", "flavorRef", "tags", "cluster_id",
            "tenancy", "dedicated_host_id"}
CONTEXT = {"protection_groups", "servers", "subnets", "flavors", "key_pairs"}
OPTIONS = {"rules", "max_diagnostics", "locale", "platform", "policy"}
POLICY = {"required_tags", "name_pattern"}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def fixtures():
    """(origin, text) of every JSON-ish text the project holds."""
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "*"))):
        yield path, read(path)
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "rules", "*.md"))):
        for block in re.findall(r"```json\n(.*?)```", read(path), re.S):
            yield path, block
    sources = glob.glob(os.path.join(ROOT, "tests", "*.rs")) + glob.glob(
        os.path.join(ROOT, "src", "**", "*.rs"), recursive=True)
    for path in sorted(sources):
        text = read(path)
        for _, literal in re.findall(r'r(#+)"(.*?)"\1', text, re.S):
            yield path, literal
        for body in json_macro_bodies(text):
            yield path, body
    cases = os.path.join(ROOT, "..", "shared", "conformance", "cases")
    for path in sorted(glob.glob(os.path.join(cases, "*"))):
        yield path, read(path)


def json_macro_bodies(text):
    """The text inside each `json!( … )`, by balanced brackets."""
    for m in re.finditer(r"json!\(", text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        yield text[m.end():i - 1]


def classify(value):
    """Which targets a parsed JSON value seeds."""
    if not isinstance(value, dict):
        return []
    keys = set(value)
    if keys & CONTEXT:
        return ["context"]
    if keys & POLICY or "tags" in keys and all(isinstance(v, dict) for v in value.values()) and keys <= {"tags", "$schema"}:
        return ["policy"]
    if keys & OPTIONS or "context" in keys:
        return ["options"]
    if keys & INSTANCE:
        return ["request"]
    return []


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    seeds = {target: set() for target in TARGETS}
    requests = []
    for origin, text in fixtures():
        if origin.endswith(".ndjson"):
            seeds["plan"].add(text)
            requests.extend(line for line in text.splitlines() if line.strip())
            continue
        try:
            value = json.loads(text)
        except ValueError:
            # Not JSON: a syntax example (docs' invalid-json) is still a request.
            if text.lstrip().startswith("{") and '"' in text:
                seeds["lint_bytes"].add(text)
                seeds["fix"].add(text)
            continue
        for kind in classify(value):
            if kind == "request":
                requests.append(text)
            elif kind == "context":
                seeds["context"].add(text)
                seeds["options"].add(json.dumps({"context": value}))
            elif kind == "policy":
                seeds["options"].add(json.dumps({"policy": value}))
            else:
                seeds["options"].add(text)
    for text in requests:
        for target in ("lint_bytes", "lint_value", "fix"):
            seeds[target].add(text)
    # Plans: the requests one per line, in runs of three (a collision needs two).
    lines = [t if "\n" not in t else json.dumps(json.loads(t)) for t in requests if valid(t)]
    for i in range(0, len(lines), 3):
        seeds["plan"].add("\n".join(lines[i:i + 3]) + "\n")
    for target, texts in seeds.items():
        folder = os.path.join(out, target)
        os.makedirs(folder, exist_ok=True)
        for text in sorted(texts):
            data = text.encode("utf-8")
            with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
                f.write(data)
    print("fuzz-seeds: " + ", ".join(f"{t} {len(s)}" for t, s in seeds.items()) + f" seeds in {out}")


def valid(text):
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


if __name__ == "__main__":
    main()
