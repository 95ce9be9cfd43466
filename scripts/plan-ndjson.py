#!/usr/bin/env python3
"""Writes benches/plan.rs's NDJSON plan (plan_text) to standard output, for
timing the command on it: `scripts/plan-ndjson.py 100000 > plan.ndjson`.

One request per line; every 1000th protects the server of the request
before it (a plan collision), every 100th asks for an address in use."""

import sys

SUBNETS = 200
GROUPS = 50


def uuid(kind, i):
    return f"{kind:08x}-1d91-42cc-a357-{i:012x}"


def main():
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = sys.stdout
    for r in range(requests):
        server = r - 1 if r % 1000 == 999 else r
        subnet = r % SUBNETS
        host = 10 if r % 100 == 50 else 502 + r // SUBNETS
        a, b = subnet // 16, (subnet % 16) * 16
        out.write(
            '{"protected_instance": {"server_group_id": "%s", "server_id": "%s", '
            '"name": "dr-%d", "description": "migration wave 3", "primary_subnet_id": "%s", '
            '"primary_ip_address": "10.%d.%d.%d", "flavorRef": "s3.xlarge.2", '
            '"tags": [{"key": "wave", "value": "3"}]}}\n'
            % (uuid(0xA0, r % GROUPS), uuid(0xB0, server), r, uuid(0xD0, subnet),
               a, b + host // 256, host % 256)
        )


if __name__ == "__main__":
    main()
