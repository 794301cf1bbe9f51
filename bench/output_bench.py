"""How claimtrack's output commands scale with the number of comparison rows.

    python bench/output_bench.py [--claims 1600] [--articles 2] [--db PATH] [--timeout 900]

Builds (once; an existing --db is reused) a database of ARTICLES articles of one story
with CLAIMS claims each, all about one thing ("detainers ignored"), and a comparison for
every pair of claims from two different articles: 2 articles of 1,600 claims make
2,560,000 rows, the shape that made `conflicts --json` and `report` run out of memory
(issue 21). The rows are written through the project's Store, as ingest writes them; a
real SQLite file, only the extraction is skipped (it would take an hour for nothing).

Then runs, each in its own child process, `conflicts --json`, `export --json --what
comparisons` and `report`, printing wall seconds, peak RSS (RUSAGE_CHILDREN of the
child) and output bytes, one figure per line.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.model import Article, Claim, Comparison, claim_id
from claimtrack.store import Store

CLAIMTRACK = [sys.executable, "-m", "claimtrack"]


@dataclass(frozen=True)
class _Story:
    """What Store.save_stories reads of a story."""

    id: str
    name: str | None
    label: str
    article_ids: list[str] = field(default_factory=list)


def build_database(path: str | Path, *, claims: int, articles: int = 2, conflict_every: int = 2) -> int:
    """A database of `articles` articles with `claims` claims each about one quantity,
    and a comparison for every pair across two articles (one in `conflict_every` a
    conflict, the others agreeing); returns the number of comparison rows."""
    store = Store(path)
    batch = []
    for n in range(articles):
        source = f"bench/article{n}.txt"
        pieces, items = [], []
        offset = 0
        for k in range(claims):
            # Every claim states its own number so the rows and quotes differ.
            lead = f"Officials in Wake County said that "
            quote = f"{1000 + k * articles + n} detainers"
            sentence = f"{lead}{quote} were ignored in fiscal year 2019."
            start = offset + len(lead)
            value = float(1000 + k * articles + n)
            items.append(Claim(
                id=claim_id(source, start, start + len(quote)), article_id="", source=source,
                sentence=sentence, quote=quote, start=start, end=start + len(quote), value=value, low=value,
                high=value, low_inclusive=True, high_inclusive=True, qualifier="exact", kind="count",
                unit="detainer", unit_text="detainers", predicate="ignore", place="Wake County",
                period="fiscal year 2019"))
            pieces.append(sentence + " ")
            offset += len(sentence) + 1
        article = Article(path=source, text="".join(pieces), title=f"Article {n}", date=f"2019-11-{n % 28 + 1:02d}",
                          outlet=f"Outlet {n}")
        batch.append((article, [Claim(**{**c.row(), "article_id": article.id}) for c in items]))
    store.save_articles(batch)
    story = _Story(id="benchstory0001", name="detainers", label="detainers",
                   article_ids=[a.id for a, _ in batch])
    store.save_stories([story])
    all_claims = [c for _, cs in batch for c in cs]

    def comparisons():
        count = 0
        for i, a in enumerate(all_claims):
            for b in all_claims[i + 1:]:
                if a.article_id == b.article_id:
                    continue
                count += 1
                conflict = count % conflict_every == 0
                yield Comparison(
                    a=a.id, b=b.id, verdict="conflict" if conflict else "agree",
                    reason=f"{a.quote} vs {b.quote}: " + ("cannot both hold" if conflict else "overlap"),
                    group_id="benchgroup0001", story=story.id, confidence=round(0.5 + (count % 50) / 100, 2))

    return store.replace_comparisons(comparisons())


def measure(args: list[str], *, timeout: float, stdout: Path) -> tuple[float, int, int, int]:
    """(seconds, peak RSS in KB, exit code, output bytes) of one claimtrack command.

    The command runs under a wrapper process so RUSAGE_CHILDREN is its own, not the
    maximum of every child this script ever ran."""
    wrapper = (
        "import resource, subprocess, sys\n"
        f"with open({str(stdout)!r}, 'wb') as out:\n"
        "    code = subprocess.call(sys.argv[1:], stdout=out)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", wrapper, *CLAIMTRACK, *args], capture_output=True, text=True,
                          timeout=timeout)
    seconds = time.monotonic() - start
    peak, code = (int(x) for x in done.stdout.split())
    size = stdout.stat().st_size if stdout.exists() else 0
    return seconds, peak, code, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1600, help="claims per article")
    parser.add_argument("--articles", type=int, default=2)
    parser.add_argument("--db", help="database to build (reused when it exists)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per command before it is killed")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimtrack-output-bench-"))
    db = Path(options.db) if options.db else work / "bench.db"
    if not db.exists():
        start = time.monotonic()
        rows = build_database(db, claims=options.claims, articles=options.articles)
        print(f"built {db}: {rows} comparisons in {time.monotonic() - start:.1f} s")
    print(f"database: {db} ({db.stat().st_size / 1e6:.0f} MB)")
    report = work / "report.html"
    for name, args, out in (
            ("conflicts --json", ["conflicts", "--json", "--db", str(db)], work / "conflicts.json"),
            ("export --json --what comparisons", ["export", "--json", "--what", "comparisons", "--db", str(db)],
             work / "comparisons.json"),
            ("report", ["report", "-o", str(report), "--db", str(db)], work / "report.out")):
        try:
            seconds, peak, code, size = measure(args, timeout=options.timeout, stdout=out)
        except subprocess.TimeoutExpired:
            print(f"{name}: TIMEOUT after {options.timeout:.0f} s")
            continue
        if name == "report":
            size = report.stat().st_size if report.exists() else 0
        print(f"{name}: {seconds:.1f} s, peak RSS {peak / 1024:.0f} MB, exit {code}, output {size / 1e6:.1f} MB")
        out.unlink(missing_ok=True)
    report.unlink(missing_ok=True)
    print(f"peak RSS of this script: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
