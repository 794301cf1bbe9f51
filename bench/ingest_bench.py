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
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        pass
    t_pass = time.perf_counter()
    print(json.dumps({
        "model": name, "pipes": nlp.pipe_names, "articles": len(texts),
        "words": sum(len(t.split()) for t in texts), "chars": sum(len(t) for t in texts),
        "read_s": t_read - t0, "load_s": t_load - t_read, "pass_s": t_pass - t_load,
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
    print(json.dumps({"rc": done.returncode, "wall_s": wall,
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


def _run_child(argv: list[str], env: dict[str, str]) -> tuple[dict, str, str, float, float]:
    """Run a child mode of this script; (its JSON, stdout before it, stderr, wall s, tree peak MB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    with TreeRss(proc.pid) as sampler:
        out, err = proc.communicate()
    wall = time.perf_counter() - t0
    lines = out.strip().splitlines()
    if proc.returncode != 0 or not lines:
        sys.exit(f"child {argv[:1]} failed (rc {proc.returncode}):\n{out}\n{err}")
    return json.loads(lines[-1]), "\n".join(lines[:-1]), err, wall, sampler.peak_kb / 1024


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
        print(f"machine: {os.cpu_count()} cpus, python {sys.version.split()[0]}")

        # (a) bare pipeline
        bare_args = ["_bare", corpus, "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
        if args.model:
            bare_args += ["--model", args.model]
        a, _, _, a_wall, a_tree = _run_child(bare_args, env)
        words, articles = a["words"], a["articles"]
        print(f"corpus size: {articles:,} articles, {words:,} words, {a['chars']:,} chars, "
              f"{words / max(1, articles):,.0f} words/article")
        print(f"pipeline: {a['model']} ({', '.join(a['pipes'])})")
        print(_line(f"bare pipeline (nlp.pipe batch_size={args.batch_size} n_process={args.workers})",
                    a["pass_s"], words, articles,
                    f"peak RSS {a['rss_self_mb']:,.0f} MB main / {a['rss_children_mb']:,.0f} MB largest worker"
                    f" / {a_tree:,.0f} MB tree sum (sampled)"))
        print(f"bare pipeline, spacy.load: {a['load_s']:,.2f} s; reading files: {a['read_s']:,.2f} s")
        print(_line("bare pipeline, whole child process (startup + read + load + pass)", a_wall, words, articles,
                    f"peak RSS as above"))

        # (b) ingest and (c) re-ingest
        db = os.path.join(work, "bench.db")
        command = [sys.executable, "-m", "claimtrack", "ingest", corpus, "--db", db]
        results = {}
        for key, label in (("b", "ingest (new corpus, fresh db)"), ("c", "re-ingest (unchanged corpus)")):
            r, out, err, wall, tree = _run_child(["_wrap", "--", *command], env)
            if r["rc"] != 0:
                sys.exit(f"{label} failed (rc {r['rc']}):\n{out}\n{err}")
            results[key] = r
            print(_line(f"{label}", r["wall_s"], words, articles,
                        f"peak RSS {r['rss_children_mb']:,.0f} MB / {tree:,.0f} MB tree sum (sampled)"))
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
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
