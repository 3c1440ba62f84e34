"""What one output-file claim costs as the archive grows (prints figures).

    .venv/bin/python bench/output_claims.py 2000 20000 100000

The output guard (plugins/output_guard/owners.py) records an owner for every file
a build writes and refuses a second one. Each claim should be a dict look-up, so
its cost per file stays flat from a small site to a 20,000-article archive with
its redirects (a reserved folder prefix included, as in a real build).
"""

import sys
import time

from output_guard import owners


def cost_per_claim(count):
    """Microseconds per claim of ``count`` distinct article pages."""
    registry = owners.OutputOwners()
    registry.reserve_prefix("nginx/", owners.Owner("LEGACY_URLS_MAP_SAVE_AS"))
    started = time.perf_counter()
    for n in range(count):
        owner = owners.Owner(owners.CONTENT, f"/c/news/{n}.md", 1)
        registry.claim(f"tin-tuc/2019/08/bai-{n}/index.html", owner)
    return (time.perf_counter() - started) / count * 1e6


def main(counts):
    print(f"{'files':>8}  {'µs per claim':>12}")
    for count in counts:
        print(f"{count:>8,}  {cost_per_claim(count):>12.2f}")


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [2_000, 20_000])
