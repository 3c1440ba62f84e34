"""Peak memory of every process of a cold project build of N articles (prints figures).

    .venv/bin/python bench/memory.py 5000
    .venv/bin/python bench/memory.py 1000 5000 --keep /tmp/memory-bench

For each N, the repository's content plus N articles of bench/corpus.py is built
cold (empty output and cache) as `make html` builds it: ``sitebuild.build_site``
with pelicanconf.py and CHECK_EDITORIAL, every plugin on, in a child process
(as bench/scale.py runs it). It prints the peak resident memory (VmHWM) of each
kind of process of the build:

- the build's own process (Pelican, the checker, every plugin, the pages
  rendered), with its resident memory at each phase: contexts built
  (``all_generators_finalized``), finalized, done;
- each Pagefind run (one per search shard), measured by GNU time put in front of
  Pagefind, beside the figure the build logs ("indexer says":
  site_search.indexer's launcher; before it, the build's own ``os.wait4`` on
  Pagefind said at least the build process's RSS, as Linux carries an address
  space's peak across the exec of a forked child);
- any other process of the tree (image encoders...), from sampling /proc every
  0.2 s.

The build's process reports its own VmHWM as it ends (the
child wraps a few functions to do so; nothing of the build is changed). Figures
only; nothing is asserted.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import write_news

ROOT = Path(__file__).resolve().parents[1]

# Runs in the child: the build as `make html` runs it, with probes that write one
# JSON line per figure to the report file.
CHILD = r"""
import json, os, sys, time
REPORT, SETTINGS, OUTPUT, CONTENT, CACHE = sys.argv[1:6]
STARTED = time.perf_counter()

def status(field, pid="self"):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0

def emit(kind, **figures):
    figures.update(kind=kind, pid=os.getpid(),
                   seconds=round(time.perf_counter() - STARTED, 1))
    with open(REPORT, "a") as handle:
        handle.write(json.dumps(figures) + "\n")

def phase(name):
    emit("phase", name=name, rss=status("VmRSS"), hwm=status("VmHWM"))

from pelican import signals
signals.all_generators_finalized.connect(
    lambda generators: phase("contexts built"), weak=False)
signals.finalized.connect(lambda pelican: phase("finalized"), weak=False)

# wait4's figure for a child that Python started with fork or vfork includes the
# RSS of the build's process at that moment (Linux keeps the old address space's
# peak across exec), so Pagefind's own peak is taken by GNU time, a small process
# between the two.
import tempfile
from site_search import indexer
run_pagefind = indexer.run_pagefind
def probed_pagefind(command, log, *args, **kwargs):
    with tempfile.NamedTemporaryFile("r") as peak_file:
        wait4_peak = run_pagefind(
            ["/usr/bin/time", "-f", "%M", "-o", peak_file.name, *command], log,
            *args, **kwargs)
        own = int(peak_file.read().split()[-1]) * 1024
    emit("pagefind", hwm=own, wait4=wait4_peak,
         pages=sum(len(files) for _, _, files in os.walk(command[2])))
    return wait4_peak
indexer.run_pagefind = probed_pagefind

from sitebuild.build import BuildFailed, build_site, init_logging
init_logging()
try:
    build_site(SETTINGS, OUTPUT, PATH=CONTENT, CACHE_PATH=CACHE, CHECK_EDITORIAL=True)
except BuildFailed as failure:
    sys.exit(str(failure))
phase("done")
emit("parent", hwm=status("VmHWM"))
"""


def descendants(root):
    """{pid: (VmHWM bytes, command line)} of ``root``'s live descendants."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                pass
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid and child not in found:
                found[child] = None
                todo.append(child)
    figures = {}
    for pid in found:
        try:
            with open(f"/proc/{pid}/status") as handle:
                hwm = next((int(line.split()[1]) * 1024 for line in handle
                            if line.startswith("VmHWM:")), 0)
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        figures[pid] = (hwm, command.strip())
    return figures


def build(count, workdir):
    """Build ``count`` articles cold in ``workdir``: the report's lines, the sampled
    peaks, the wall time and the build's pid."""
    content = workdir / "content"
    marker = workdir / "count"
    if not (marker.is_file() and marker.read_text() == str(count)
            and (content / "news").is_dir()):
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(ROOT / "content", content)
        write_news(content, count)
        marker.write_text(str(count))
    output, cache = workdir / "output", workdir / "cache"
    report = workdir / "report.jsonl"
    for folder in (output, cache):
        shutil.rmtree(folder, ignore_errors=True)
    report.unlink(missing_ok=True)
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(report), str(ROOT / "pelicanconf.py"),
         str(output), str(content), str(cache)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.set_blocking(child.stdout.fileno(), False)
    sampled, printed = {}, bytearray()
    while True:
        for pid, (hwm, command) in descendants(child.pid).items():
            if hwm >= sampled.get(pid, (0, ""))[0]:
                sampled[pid] = (hwm, command)
        printed += child.stdout.read() or b""
        if child.poll() is not None:
            break
        time.sleep(0.2)
    printed += child.stdout.read() or b""
    wall = time.perf_counter() - started
    if child.returncode:
        sys.exit(f"the build failed:\n{printed.decode(errors='replace')}")
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    return lines, sampled, wall, child.pid


def mib(value):
    return f"{value / 2**20:,.0f} MiB"


def show(count, lines, sampled, wall, parent):
    print(f"\n== {count:,} articles, cold build, {wall:.0f} s wall, "
          f"{os.cpu_count()} cores")
    by_kind = {}
    for line in lines:
        by_kind.setdefault(line["kind"], []).append(line)
    top = by_kind.get("parent", [{}])[0].get("hwm", 0)
    print(f"  build process          peak {mib(top)}")
    for line in by_kind.get("phase", []):
        print(f"    {line['seconds']:>6.1f} s  {line['name']:<26} "
              f"rss {mib(line['rss']):>10}"
              f"   peak so far {mib(line['hwm'])}")
    shards = by_kind.get("pagefind", [])
    if shards:
        peaks = ", ".join(f"{mib(s['hwm'])} ({s['pages']:,} pages)" for s in shards)
        own, logged = (max(s[key] for s in shards) for key in ("hwm", "wait4"))
        print(f"  pagefind runs ({len(shards)})      peak {mib(own)}"
              f"   each: {peaks}; indexer says up to {mib(logged)}")
    known = {parent}
    others = {pid: figure for pid, figure in sampled.items()
              if pid not in known and "pagefind" not in figure[1]
              and not figure[1].startswith("/usr/bin/time")}
    if others:
        pid, (hwm, command) = max(others.items(), key=lambda item: item[1][0])
        print(f"  other processes ({len(others)})   peak {mib(hwm)} (sampled): "
              f"{command[:70]}")
    every = [top] + [s["hwm"] for s in shards] + [
        hwm for hwm, _ in others.values()]
    print(f"  any process            peak {mib(max(every))}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("counts", nargs="+", type=int)
    parser.add_argument("--keep", type=Path, help="work folder to keep (corpus reused)")
    options = parser.parse_args()
    for count in options.counts:
        if options.keep:
            workdir = options.keep / str(count)
            workdir.mkdir(parents=True, exist_ok=True)
            show(count, *build(count, workdir))
        else:
            with tempfile.TemporaryDirectory(prefix="memory-bench-") as folder:
                workdir = Path(folder)
                show(count, *build(count, workdir))


if __name__ == "__main__":
    main()
