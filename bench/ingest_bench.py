"""Ingest throughput: the bare spaCy pass vs `claimtrack ingest` vs a re-ingest.

    python bench/ingest_bench.py [--articles 2000] [--workers 2] [--corpus DIR] [--seed 0]

Builds a synthetic corpus (bench/corpus.py) in a temp dir, or reuses --corpus DIR
when it already holds .txt files (an empty or missing DIR is filled), then runs,
each in its own child process:

  (a) bare pipeline: spacy.load(<the pipeline claimtrack resolves>) and
      `for _ in nlp.pipe(texts, batch_size=64, n_process=WORKERS): pass`
      over every article's full text (no claimtrack component, no paragraph filter);
  (b) ingest: `python -m claimtrack ingest CORPUS --db TMP/bench.db` on a fresh db
      (extraction + storing + compare_claims over all claims);
  (c) re-ingest: the same command again on the now unchanged corpus.

Each is timed (wall clock) and its peak RSS is read from getrusage inside a wrapper
process: RUSAGE_SELF for the process doing the work and RUSAGE_CHILDREN for the
largest of its (waited-for) descendants, e.g. the n_process workers of (a). A /proc
sampler also records the peak summed RSS of the whole process tree (shared pages of
forked workers are counted once per process, so it overstates the true total).

Plain text out, one figure per line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


# --- child modes -------------------------------------------------------------------


def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: KiB


def _cpu_s(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _child_bare(corpus: str, workers: int, batch_size: int, model: str | None) -> None:
    """Run (a) in this process; print one JSON line with timings and peak RSS."""
    t0 = time.perf_counter()
    import spacy

    from claimtrack.sources import iter_files, read_article

    name = _resolve_model(model)
    texts = []
    for path in iter_files([corpus]):
        if isinstance(path, str):
            article, _ = read_article(path)
            if article is not None:
                texts.append(article.text)
    t_read = time.perf_counter()
    nlp = spacy.load(name)
    t_load = time.perf_counter()
    cpu0 = _cpu_s(resource.RUSAGE_SELF) + _cpu_s(resource.RUSAGE_CHILDREN)
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        pass
    t_pass = time.perf_counter()
    from claimtrack.extract import candidate_chunks

    chunks = [chunk for t in texts for _, chunk in candidate_chunks(t, 100_000)]
    print(json.dumps({
        "candidate_chars": sum(len(c) for c in chunks), "candidate_chunks": len(chunks),
        "model": name, "pipes": nlp.pipe_names, "articles": len(texts),
        "words": sum(len(t.split()) for t in texts), "chars": sum(len(t) for t in texts),
        "read_s": t_read - t0, "load_s": t_load - t_read, "pass_s": t_pass - t_load,
        "pass_cpu_s": _cpu_s(resource.RUSAGE_SELF) + _cpu_s(resource.RUSAGE_CHILDREN) - cpu0,
        "rss_self_mb": _maxrss_mb(resource.RUSAGE_SELF),
        "rss_children_mb": _maxrss_mb(resource.RUSAGE_CHILDREN),
    }))


def _resolve_model(model: str | None) -> str:
    """The pipeline name claimtrack.extract.load_pipeline would load (first installed default)."""
    from spacy.util import is_package

    from claimtrack.extract import DEFAULT_MODELS

    model = model or os.environ.get("CLAIMTRACK_MODEL")
    if model:
        return model
    return next((n for n in DEFAULT_MODELS if is_package(n)), DEFAULT_MODELS[-1])


def _child_wrap(command: list[str]) -> None:
    """Run `command`, wait, print its output then one JSON line: wall time, rc, peak RSS."""
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    print(json.dumps({"rc": done.returncode, "wall_s": wall, "cpu_s": _cpu_s(resource.RUSAGE_CHILDREN),
                      "rss_children_mb": _maxrss_mb(resource.RUSAGE_CHILDREN)}))


# --- the parent ---------------------------------------------------------------------


class TreeRss:
    """Samples the summed VmRSS of a process and all its descendants via /proc."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeRss":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_kb = max(self.peak_kb, self._sample())
            self._stop.wait(self.interval)

    def _sample(self) -> int:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as handle:
                        stat = handle.read()
                    parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        tree, frontier = {self.pid}, [self.pid]
        while frontier:
            parent = frontier.pop()
            for pid, ppid in parents.items():
                if ppid == parent and pid not in tree:
                    tree.add(pid)
                    frontier.append(pid)
        total = 0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/status") as handle:
                    for line in handle:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            break
            except OSError:
                continue
        return total


def _run_child(argv: list[str], env: dict[str, str],
               timeout: float | None = None) -> tuple[dict, str, str, float, float]:
    """Run a child mode of this script; (its JSON, stdout before it, stderr, wall s, tree peak MB).

    A child (and its process group) still running after `timeout` seconds is killed and
    the benchmark exits with a message: a hang in extraction shows up as that, not as
    a benchmark that never ends.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    with TreeRss(proc.pid) as sampler:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            print(f"TIMEOUT: {argv[0]} child still running after {timeout:g} s (--timeout); killed. "
                  f"Peak tree RSS so far {sampler.peak_kb / 1024:,.0f} MB.", flush=True)
            sys.exit(2)
    wall = time.perf_counter() - t0
    lines = out.strip().splitlines()
    if proc.returncode != 0 or not lines:
        sys.exit(f"child {argv[:1]} failed (rc {proc.returncode}):\n{out}\n{err}")
    return json.loads(lines[-1]), "\n".join(lines[:-1]), err, wall, sampler.peak_kb / 1024


def _loadavg() -> str:
    try:
        with open("/proc/loadavg") as handle:
            return " ".join(handle.read().split()[:3])
    except OSError:
        return "unknown"


def _git_state() -> str:
    """The checkout being measured (read-only git queries); others may edit it meanwhile."""
    root = os.path.dirname(HERE)
    try:
        head = subprocess.run(["git", "-C", root, "log", "-1", "--format=%h %s"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--", "claimtrack"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (git not available)"
    return f"{head or 'unknown'}{' (claimtrack/ has uncommitted changes)' if dirty else ''}"


def _source_hash() -> str:
    """A hash of claimtrack/*.py as they are on disk now (catches edits made mid-run)."""
    import hashlib

    folder = os.path.join(os.path.dirname(HERE), "claimtrack")
    digest = hashlib.sha1()
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), "rb") as handle:
                digest.update(name.encode() + b"\0" + handle.read())
    return digest.hexdigest()[:12]


def _fmt_rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.1f}" if seconds > 0 else "inf"


def _line(label: str, seconds: float, words: int, articles: int, rss: str) -> str:
    return (f"{label}: {seconds:,.2f} s, {_fmt_rate(words, seconds).split('.')[0]} words/s, "
            f"{_fmt_rate(articles, seconds)} articles/s, {rss}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_bare"]:
        p = argparse.ArgumentParser()
        p.add_argument("mode"), p.add_argument("corpus")
        p.add_argument("--workers", type=int, default=2), p.add_argument("--batch-size", type=int, default=64)
        p.add_argument("--model")
        a = p.parse_args(argv)
        _child_bare(a.corpus, a.workers, a.batch_size, a.model)
        return 0
    if argv[:1] == ["_wrap"]:
        _child_wrap(argv[2:] if argv[1:2] == ["--"] else argv[1:])
        return 0

    parser = argparse.ArgumentParser(description="Time the bare spaCy pass, claimtrack ingest and a re-ingest.")
    parser.add_argument("--articles", type=int, default=2000, help="articles to generate (default 2000)")
    parser.add_argument("--workers", type=int, default=2, help="n_process for the bare pass (default 2)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--corpus", help="reuse this folder of .txt articles (filled if empty or missing)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", help="spaCy pipeline (default: what claimtrack resolves)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (corpus and db)")
    parser.add_argument("--ingest-workers", type=int,
                        help="pass --workers N to claimtrack ingest (default: its own default)")
    parser.add_argument("--timeout", type=float, default=3600.0,
                        help="kill a step still running after this many seconds (default 3600)")
    args = parser.parse_args(argv)

    from corpus import make_corpus

    work = tempfile.mkdtemp(prefix="claimtrack-bench-")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if args.model:
        env["CLAIMTRACK_MODEL"] = args.model
    try:
        corpus = args.corpus or os.path.join(work, "corpus")
        have = [f for f in os.listdir(corpus) if f.endswith(".txt")] if os.path.isdir(corpus) else []
        t0 = time.perf_counter()
        if have:
            print(f"corpus: reusing {len(have):,} .txt files in {corpus}")
        else:
            make_corpus(corpus, args.articles, seed=args.seed)
            print(f"corpus: generated {args.articles:,} articles in {corpus} "
                  f"({time.perf_counter() - t0:.1f} s, seed {args.seed})")
        print(f"machine: {os.cpu_count()} cpus, python {sys.version.split()[0]}, load average {_loadavg()}")
        print(f"claimtrack: {_git_state()}; source hash {_source_hash()}")
        source_at_start = _source_hash()

        # (a) bare pipeline
        bare_args = ["_bare", corpus, "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
        if args.model:
            bare_args += ["--model", args.model]
        a, _, _, a_wall, a_tree = _run_child(bare_args, env, args.timeout)
        words, articles = a["words"], a["articles"]
        print(f"corpus size: {articles:,} articles, {words:,} words, {a['chars']:,} chars, "
              f"{words / max(1, articles):,.0f} words/article")
        print(f"pipeline: {a['model']} ({', '.join(a['pipes'])})")
        print(f"text ingest passes to spaCy (candidate_chunks): {a['candidate_chunks']:,} paragraphs, "
              f"{a['candidate_chars']:,} chars = {a['candidate_chars'] / max(1, a['chars']):.0%} of all chars")
        print(_line(f"bare pipeline (nlp.pipe batch_size={args.batch_size} n_process={args.workers})",
                    a["pass_s"], words, articles,
                    f"peak RSS {a['rss_self_mb']:,.0f} MB main / "
                    + (f"{a['rss_children_mb']:,.0f} MB largest worker" if args.workers > 1 else "no workers")
                    + f" / {a_tree:,.0f} MB tree sum (sampled)"))
        print(f"bare pipeline CPU time (main + workers): {a['pass_cpu_s']:,.1f} s "
              f"({words / a['pass_cpu_s']:,.0f} words per CPU-second)")
        print(f"bare pipeline, spacy.load: {a['load_s']:,.2f} s; reading files: {a['read_s']:,.2f} s")
        print(_line("bare pipeline, whole child process (startup + read + load + pass)", a_wall, words, articles,
                    f"peak RSS as above"))

        # (b) ingest and (c) re-ingest
        db = os.path.join(work, "bench.db")
        command = [sys.executable, "-m", "claimtrack", "ingest", corpus, "--db", db]
        if args.ingest_workers:
            command += ["--workers", str(args.ingest_workers)]
        print(f"ingest command: claimtrack {' '.join(command[3:4])} CORPUS --db TMP/bench.db"
              f"{' --workers %d' % args.ingest_workers if args.ingest_workers else ''}")
        results = {}
        for key, label in (("b", "ingest (new corpus, fresh db)"), ("c", "re-ingest (unchanged corpus)")):
            r, out, err, wall, tree = _run_child(["_wrap", "--", *command], env, args.timeout)
            if r["rc"] != 0:
                sys.exit(f"{label} failed (rc {r['rc']}):\n{out}\n{err}")
            results[key] = r
            print(_line(f"{label}", r["wall_s"], words, articles,
                        f"peak RSS {r['rss_children_mb']:,.0f} MB / {tree:,.0f} MB tree sum (sampled)"))
            print(f"{label} CPU time: {r['cpu_s']:,.1f} s ({words / r['cpu_s']:,.0f} words per CPU-second)")
            for text in out.splitlines():
                print(f"  {label.split(' ')[0]} output: {text}")
            notes = [t for t in err.splitlines() if t.strip()]
            if notes:
                print(f"  {label.split(' ')[0]} stderr: {len(notes)} lines, first: {notes[0]}")
        print(f"db size after ingest: {os.path.getsize(db) / 1e6:,.1f} MB")
        b, c = results["b"]["wall_s"], results["c"]["wall_s"]
        print(f"ratio (a)/(b), bare pass time / ingest time: {a['pass_s'] / b:.3f}")
        print(f"ratio (a whole process)/(b): {a_wall / b:.3f}")
        print(f"ratio (b)/(c), ingest time / re-ingest time: {b / c:,.1f}")
        print(f"ratio (a)/(b) in CPU time: {a['pass_cpu_s'] / results['b']['cpu_s']:.3f}")
        print(f"load average at end: {_loadavg()}")
        if _source_hash() != source_at_start:
            print(f"WARNING: claimtrack/*.py changed during the run (source hash {source_at_start} -> "
                  f"{_source_hash()}, now {_git_state()}): the steps may have measured different code")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
