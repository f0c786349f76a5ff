"""Public pages on two machines: their ratios to the constant view through one node and through
two nodes behind a round-robin balancer (issue 18: "public pages keep their ratios with two
nodes").

Both nodes are gunicorn with production settings (2 workers each) on loopback, sharing the
benchmark's PostgreSQL database and Redis, as two machines behind a load balancer share them:
each request goes to the next node, under one host name, so a page rendered on one node is a hit
in Redis for the other. Each node keeps its own memory level and WSGI replay, as a machine does.
Seed: the programme's 200 items. The page cache is on (production's 60 s).
On one machine the two nodes share its CPUs: the ratios, not the req/s, are what is compared.
Run: .venv/bin/python bench/two_nodes_bench.py   (see bench/README.md)
"""

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    BenchConfig,
    GunicornServer,
    Nodes,
    compare,
    prepare,
    print_report,
    run_script,
    save_report,
)

PAGES = {
    "home": "/",
    "programme": "/programme/",
    "programme_en": "/en/programme/",
    "changes": "/programme/changes/",
    "schedule_xml": "/2025/schedule.xml",
    "api_items": "/api/v1/editions/2025/items?limit=200",
}


def main() -> None:
    config = BenchConfig.from_env(
        name="two_nodes", extra_env={"OPEN_DATA_RATE_LIMIT": "1000000000/m"}
    )
    second = dataclasses.replace(config, port=config.port + 1)
    prepare(config)
    run_script(config, Path(__file__).with_name("seed_programme.py"), "200")
    reports = []
    with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS="60") as node_a:
        report = compare(node_a, PAGES, label="one node (A)")
        print_report(report)
        reports.append(report)
        with GunicornServer(second, PUBLIC_PAGE_CACHE_SECONDS="60") as node_b:
            report = compare(Nodes([node_a, node_b]), PAGES, label="two nodes (A and B, in turn)")
            print_report(report)
            reports.append(report)
    print("\nratio to the constant view, two nodes / one node:")
    one, two = (r["results"] for r in reports)
    for name in PAGES:
        print(f"  {name:<14}{one[name]['rps_ratio']!s:>8}{two[name]['rps_ratio']!s:>8}")
    print(f"\nsaved {save_report('two_nodes', reports)}")


if __name__ == "__main__":
    main()
