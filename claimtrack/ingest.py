"""ingest(): read articles, extract their claims, store them, compare them.

spaCy is imported only when an article is new or changed, so re-ingesting an
unchanged corpus is a hash check per file and never loads the pipeline.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .compare import compare_claims
from .model import Article, Claim
from .sources import DEFAULT_COLUMNS, DEFAULT_MAX_BYTES, Columns, Problem, iter_files, read_entry
from .store import Store

if TYPE_CHECKING:
    from spacy.language import Language

#: Articles extracted and written per transaction (whole articles, never split).
BATCH_SIZE = 64
#: Below this many articles to extract, worker processes cost more than they save.
MIN_PARALLEL = 16


@dataclass
class IngestReport:
    """What an ingest did: articles by outcome, problems, and the database's totals."""

    new: int = 0
    unchanged: int = 0
    changed: int = 0
    failed: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    claims: int = 0
    comparisons: int = 0
    conflicts: int = 0

    @property
    def ingested(self) -> int:
        """Articles read successfully (new, changed or unchanged)."""
        return self.new + self.unchanged + self.changed


def list_inputs(paths: Iterable[str]) -> list[str | Problem]:
    """The files under `paths` (names only, cheap), with a Problem for each bad argument."""
    return list(iter_files(paths))


def ingest(
    store: Store,
    inputs: Iterable[str | Problem],
    *,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    columns: Columns = DEFAULT_COLUMNS,
    on_file: Callable[[str], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    nlp: Language | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Ingest the files in `inputs` (and "-", stdin) into `store`, then compare all claims.

    JSONL and CSV files give an article per row, their fields named by `columns`.

    The pipeline is loaded (from `model`) only when an article needs extraction,
    unless a loaded `nlp` is passed in. `workers` processes extract in parallel
    (default: the CPU count) when a batch is large enough to repay starting them.
    """
    report = IngestReport()
    extractor = _Extractor(model=model, workers=workers or os.cpu_count() or 1, nlp=nlp)
    pending: list[tuple[Article, bool]] = []  # (article, new?) waiting for extraction
    seen: set[str] = set()  # paths met in this run: a path given twice is one article

    def problem(item: Problem) -> None:
        (report.failed if item.fatal else report.notices).append(item)
        if on_problem is not None:
            on_problem(item)

    def flush() -> None:
        if not pending:
            return
        claims = extractor.extract([article for article, _ in pending])
        store.save_articles((article, found) for (article, _), found in zip(pending, claims))
        for _, new in pending:
            if new:
                report.new += 1
            else:
                report.changed += 1
        pending.clear()

    try:
        for entry in inputs:
            if isinstance(entry, Problem):
                problem(entry)
                continue
            # One entry (a file, or "-") can hold many articles: a JSONL or CSV row each.
            for item in read_entry(entry, max_bytes=max_bytes, columns=columns):
                if isinstance(item, Problem):
                    problem(item)
                    continue
                stored = store.stored_hash(item.path)
                if stored == item.sha256 or item.path in seen:
                    report.unchanged += 1
                    continue
                seen.add(item.path)
                pending.append((item, stored is None))
                if len(pending) >= BATCH_SIZE:
                    flush()
            if on_file is not None:
                on_file(entry)
        flush()
    finally:
        extractor.close()
    if report.new or report.changed or store.comparisons_stale():
        store.replace_comparisons(compare_claims(store.claims()))
    counts = store.counts()
    report.claims, report.comparisons, report.conflicts = (
        counts["claims"], counts["comparisons"], counts["conflicts"])
    return report


class _Extractor:
    """Extraction in this process or in a pool of worker processes, each loading the
    pipeline once. Results come back in input order, so a batch is written the same
    way whatever the number of workers, and an article's claims never depend on it."""

    def __init__(self, *, model: str | None, workers: int, nlp: Language | None) -> None:
        self.model = model
        self.workers = max(1, workers)
        self.nlp = nlp
        self.given = nlp is not None  # a caller's pipeline is used as it is, in-process
        self.pool: Any = None

    def _local(self) -> Language:
        from .extract import load_pipeline

        if self.nlp is None:
            self.nlp = load_pipeline(self.model)
        return self.nlp

    def extract(self, articles: list[Article]) -> list[list[Claim]]:
        from .extract import extract_batch

        if not self.given and self.workers > 1 and len(articles) >= MIN_PARALLEL:
            if self.pool is None:
                import multiprocessing

                # Load here first: a missing pipeline is one clear error in this process,
                # not an initializer failing over and over in the workers.
                self._local()
                # spawn: workers start clean and load the pipeline once each.
                context = multiprocessing.get_context("spawn")
                self.pool = context.Pool(self.workers, initializer=_init_worker, initargs=(self.model,))
            size = max(1, len(articles) // (self.workers * 2))
            parts = [articles[i:i + size] for i in range(0, len(articles), size)]
            return [claims for part in self.pool.map(_extract_in_worker, parts) for claims in part]
        return extract_batch(self._local(), articles)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None


_worker_nlp: Any = None


def _init_worker(model: str | None) -> None:
    global _worker_nlp
    from .extract import load_pipeline

    _worker_nlp = load_pipeline(model)


def _extract_in_worker(articles: list[Article]) -> list[list[Claim]]:
    from .extract import extract_batch

    return extract_batch(_worker_nlp, articles)
