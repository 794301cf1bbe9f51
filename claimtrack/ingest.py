"""ingest(): read articles, extract their claims, store them, compare them.

spaCy is imported only when an article is new or changed, so re-ingesting an
unchanged corpus is a hash check per file and never loads the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .compare import compare_claims
from .model import Article
from .sources import DEFAULT_COLUMNS, DEFAULT_MAX_BYTES, Columns, Problem, iter_files, read_entry
from .store import Store

if TYPE_CHECKING:
    from spacy.language import Language


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
) -> IngestReport:
    """Ingest the files in `inputs` (and "-", stdin) into `store`, then compare all claims.

    JSONL and CSV files give an article per row, their fields named by `columns`.

    The pipeline is loaded (from `model`) only when an article needs extraction,
    unless a loaded `nlp` is passed in.
    """
    report = IngestReport()

    def problem(item: Problem) -> None:
        (report.failed if item.fatal else report.notices).append(item)
        if on_problem is not None:
            on_problem(item)

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
            if stored == item.sha256:
                report.unchanged += 1
                continue
            if nlp is None:
                from .extract import load_pipeline

                nlp = load_pipeline(model)
            _store_article(store, nlp, item)
            if stored is None:
                report.new += 1
            else:
                report.changed += 1
        if on_file is not None:
            on_file(entry)
    if report.new or report.changed:
        store.replace_comparisons(compare_claims(store.claims()))
    counts = store.counts()
    report.claims, report.comparisons, report.conflicts = (
        counts["claims"], counts["comparisons"], counts["conflicts"])
    return report


def _store_article(store: Store, nlp: Language, article: Article) -> None:
    from .extract import extract_claims

    store.save_article(article, extract_claims(nlp, article))
