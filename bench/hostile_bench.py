"""Hostile inputs: one article with 100,000 paragraphs, a one-line article, a CSV
with one huge field.

    python bench/hostile_bench.py [--cases paragraphs,reingest,oneliner,oneliner5,csv]
                                  [--timeout 600] [--keep DIR]

Each case runs `python -m claimtrack ingest ...` on a fresh database (the re-ingest
case on the database the paragraphs case left) inside a wrapper process, so the
peak RSS printed is getrusage(RUSAGE_CHILDREN) of that wrapper: the largest of the
claimtrack process and its workers. A case still running after --timeout seconds
is killed and printed as TIMEOUT. Plain text out, one figure per line:

    <case> seconds=<wall> rc=<exit code> peak_rss_mb=<MB> <last stdout/stderr line>
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

SENTENCE = "Unit {n} reported 3 alarms."


def paragraphs_article(path: str, count: int = 100_000) -> None:
    """`count` one-line paragraphs separated by blank lines (~4.5 MB at 100,000): one
    claim each, all about one counted thing, the worst case for pairing inside one article."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("Alarm log\n\n")
        for n in range(count):
            out.write(f"Unit {n} of the plant reported 3 alarms.\n\n")


def one_line_article(path: str, size: int) -> None:
    """About `size` bytes of sentences on one line, with no paragraph break."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("Alarm log\n")
        written, n = 0, 0
        while written < size:
            sentence = SENTENCE.format(n=n) + " "
            out.write(sentence)
            written += len(sentence)
            n += 1
        out.write("\n")


def csv_with_huge_field(path: str, field_bytes: int) -> None:
    """Two good rows around one whose text field is `field_bytes` long."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("id,text\n")
        out.write("a,\"Unit 1 reported 3 alarms.\"\n")
        out.write("b,\"")
        chunk = "word " * 20_000
        written = 0
        while written < field_bytes:
            out.write(chunk)
            written += len(chunk)
        out.write("\"\n")
        out.write("c,\"Unit 2 reported 5 alarms.\"\n")


def _child(command: list[str], timeout: float) -> None:
    """Run `command`; print one JSON line: rc, wall seconds, peak RSS of the children."""
    t0 = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        rc, out = done.returncode, (done.stdout + done.stderr).strip().splitlines()
    except subprocess.TimeoutExpired:
        rc, out = "TIMEOUT", []
    wall = time.perf_counter() - t0
    print(json.dumps({"rc": rc, "wall_s": round(wall, 1), "last": out[-3:],
                      "rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}))


def run_case(name: str, args: list[str], db: str, timeout: float) -> None:
    command = [sys.executable, "-m", "claimtrack", "ingest", "--db", db, *args]
    wrapper = [sys.executable, os.path.abspath(__file__), "--child", json.dumps(command), "--timeout", str(timeout)]
    done = subprocess.run(wrapper, capture_output=True, text=True)
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        print(f"{name} wrapper failed: {done.stderr.strip()[-300:]}")
        return
    print(f"{name} seconds={result['wall_s']} rc={result['rc']} peak_rss_mb={result['rss_mb']}"
          f" | {' / '.join(result['last'])}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="paragraphs,reingest,oneliner,oneliner5,csv")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--keep", help="generate inputs and databases here and keep them")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        _child(json.loads(options.child), options.timeout)
        return
    folder = options.keep or tempfile.mkdtemp(prefix="hostile-")
    os.makedirs(folder, exist_ok=True)
    cases = options.cases.split(",")
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    big = os.path.join(folder, "paragraphs.txt")
    if {"paragraphs", "reingest"} & set(cases):
        paragraphs_article(big)
        print(f"paragraphs.txt: {os.path.getsize(big):,} bytes, 100,000 paragraphs", flush=True)
    if "paragraphs" in cases:
        run_case("paragraphs (ingest)", [big], os.path.join(folder, "p.db"), options.timeout)
    if "reingest" in cases:
        run_case("paragraphs (re-ingest, unchanged)", [big], os.path.join(folder, "p.db"), options.timeout)
    for case, size in (("oneliner", 1_000_000), ("oneliner5", 4_900_000)):
        if case in cases:
            path = os.path.join(folder, f"{case}.txt")
            one_line_article(path, size)
            run_case(f"{case} ({size:,} bytes on one line)", [path], os.path.join(folder, f"{case}.db"),
                     options.timeout)
    if "csv" in cases:
        path = os.path.join(folder, "huge-field.csv")
        csv_with_huge_field(path, 100_000_000)
        run_case("csv (100 MB field, default --max-bytes)", [path], os.path.join(folder, "csv.db"), options.timeout)
        run_case("csv (100 MB field, --max-bytes 200000000)", [path, "--max-bytes", "200000000"],
                 os.path.join(folder, "csv2.db"), options.timeout)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    if not options.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
