"""ingest(): read articles, extract their claims, store them, link copies, compare them.

spaCy is imported only when an article is new or changed, so re-ingesting an
unchanged corpus is a hash check per file and never loads the pipeline. Where the
extraction runs (this process, worker processes, a Dask cluster) is execution.py's.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import deque
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .compare import Source, iter_comparisons
from .execution import Collect, Extractor, WorkersFailed
from .model import Article, article_id
from .sources import (DEFAULT_COLUMNS, DEFAULT_MAX_BYTES, STDIN, Columns, Problem, file_digest, iter_files,
                      read_entry, resolved_path, valid_name)
from .store import Store

if TYPE_CHECKING:
    from spacy.language import Language

#: Articles extracted and written per transaction (whole articles, never split).
BATCH_SIZE = 64

#: What an ingest does after reading, in order, as it tells `on_phase`: link copies of one
#: text, find the stories, compare the claims inside each story.
COPIES, STORIES, COMPARISONS = "linking copies", "finding stories", "comparing claims"
PHASES = (COPIES, STORIES, COMPARISONS)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped an ingest; the message says what it stored."""


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
    #: Files the folder walks passed over, by why: a suffix (".pdf"), or sources.SKIPPED_*.
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def ingested(self) -> int:
        """Articles read successfully (new, changed or unchanged)."""
        return self.new + self.unchanged + self.changed


@dataclass(frozen=True)
class Inputs:
    """What list_inputs found: the entries to read, in order (file paths, "-", and a
    Problem for each bad argument), and the files passed over, counted by why."""

    entries: list[str | Problem]
    skipped: dict[str, int] = field(default_factory=dict)

    def __iter__(self) -> Iterator[str | Problem]:
        return iter(self.entries)

    @property
    def files(self) -> list[str]:
        """The entries that are files (or "-") to read."""
        return [entry for entry in self.entries if isinstance(entry, str)]


def list_inputs(paths: Iterable[str], *, follow_symlinks: bool = False, exclude: Sequence[str] = ()) -> Inputs:
    """The files under `paths` (names only, cheap), with a Problem for each bad argument.
    Symlinks inside a folder to files outside it are skipped unless `follow_symlinks`;
    files matching a glob of `exclude` are left out (see sources.excluded)."""
    skipped: Counter[str] = Counter()
    entries = list(iter_files(paths, follow_symlinks=follow_symlinks, exclude=exclude, skipped=skipped))
    return Inputs(entries, dict(skipped))


def ingest(
    store: Store,
    inputs: Inputs | Iterable[str | Problem],
    *,
    model: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    columns: Columns = DEFAULT_COLUMNS,
    on_file: Callable[[str], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
    nlp: Language | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    story: str | None = None,
) -> IngestReport:
    """Ingest the files in `inputs` (and "-", stdin) into `store`, then compare all claims.

    JSONL and CSV files give an article per row, their fields named by `columns`. From
    list_inputs, `inputs` also brings the count of files skipped (IngestReport.skipped).
    `on_file` is called with each entry once it is done (its articles stored, or found
    unchanged, or failed), `on_problem` with each problem,
    and `on_phase` with what the run does once every entry is read (the names in
    PHASES), so a progress display can say so instead of sitting at 100%.

    The pipeline is loaded (from `model`) only when an article needs extraction,
    unless a loaded `nlp` is passed in. `workers` processes extract in parallel
    (default: the CPU count) when a batch is large enough to repay starting them.
    With `scheduler` (a Dask scheduler's address, e.g. tcp://host:8786) every batch is
    extracted on that cluster instead, and its claims are written here as they would be
    by a local run. With `story` (a name) every article read from `inputs` is put in
    that story, as a person's decision (see Store.pin_articles).
    """
    report = IngestReport(skipped=dict(inputs.skipped) if isinstance(inputs, Inputs) else {})
    phase = on_phase or (lambda name: None)

    def problem(item: Problem) -> None:
        (report.failed if item.fatal else report.notices).append(item)
        if on_problem is not None:
            on_problem(item)

    reader = _Reader(store, report, problem, max_bytes=max_bytes, columns=columns, on_file=on_file, story=story)
    try:
        try:
            # Read, extract, store: a batch at a time, reading paced by the writing.
            with Extractor(model=model, workers=workers, nlp=nlp, scheduler=scheduler,
                           on_retry=lambda path, message: problem(Problem(path, message, fatal=False))) as extractor:
                _extract_and_store(store, extractor, reader.articles(inputs), report, on_stored=reader.done)
        except WorkersFailed as error:
            # The run stops here; what was written stays, and is compared below.
            problem(Problem(error.path, f"{error}; stopped: {_stored(report)}"))
        reader.done(finished=True)
        reader.save()
        if report.new or report.changed or store.comparisons_stale():
            phase(COPIES)
            link_copies(store)
            compare_stories(store, on_phase=phase)
    except KeyboardInterrupt:
        # Every write is one transaction, so what was committed is whole and stays;
        # the comparisons are marked stale until a run finishes them.
        raise Interrupted(f"interrupted: {_stored(report)}") from None
    counts = store.counts()
    report.claims, report.comparisons, report.conflicts = (
        counts["claims"], counts["comparisons"], counts["conflicts"])
    return report


@dataclass(frozen=True)
class _ToExtract:
    """A new or changed article, waiting for its claims."""

    article: Article
    new: bool  # else changed
    file_hash: str | None  # the sha256 of its file's bytes, saved with it: a file of one article


class _Reader:
    """Reads the inputs: hands on the new and changed articles, counts the unchanged ones,
    reports problems, and keeps what is to be saved about the unchanged ones (see save)."""

    def __init__(self, store: Store, report: IngestReport, problem: Callable[[Problem], None], *,
                 max_bytes: int, columns: Columns, on_file: Callable[[str], None] | None,
                 story: str | None) -> None:
        self.store = store
        self.report = report
        self.problem = problem
        self.max_bytes = max_bytes
        self.columns = columns
        self.on_file = on_file
        self.story = story
        self.seen: set[str] = set()  # paths met in this run: a path given twice is one article
        self.names: dict[str, str] = {}  # a file's resolved path -> the name its articles are stored under
        self.stored_files: dict[str, str] | None = None  # the same for the files stored before (see _name)
        self.refreshed: dict[str, str] = {}  # path -> file hash, for unchanged articles stored without one
        self.origins: list[tuple[str, str, int | None]] = []  # unchanged articles stored without an origin
        self.named: list[str] = []  # ids of the articles read, when `story` puts them in one story
        self.handed_on = 0  # new and changed articles handed on for extraction
        # Entries read, each with how many articles had been handed on when it was: it is
        # done once that many are stored. Reading runs up to two batches ahead of the
        # writing, and a progress bar should not.
        self.reading: deque[tuple[int, str]] = deque()

    def articles(self, inputs: Iterable[str | Problem]) -> Iterator[_ToExtract]:
        """The new and changed articles of `inputs`, in order, read as they are asked for."""
        for entry in inputs:
            if isinstance(entry, Problem):
                self.problem(entry)
                continue
            for article in self._entry(entry):
                self.handed_on += 1
                yield article
            self.reading.append((self.handed_on, entry))
            self.done()

    def done(self, *, finished: bool = False) -> None:
        """Tell on_file of each entry read whose articles are all stored by now (every
        entry read, when `finished`)."""
        stored = self.report.new + self.report.changed
        while self.reading and (finished or self.reading[0][0] <= stored):
            entry = self.reading.popleft()[1]
            if self.on_file is not None:
                self.on_file(entry)

    def _entry(self, entry: str) -> Iterator[_ToExtract]:
        given, name = valid_name(entry), self._name(entry)  # name: what its articles are stored under
        # A single-article file whose bytes are as when it was stored is unchanged:
        # known from a hash of its bytes, without decoding or parsing it.
        digest = file_digest(entry, self.max_bytes)
        if digest is not None and self.store.input_hash(name) == digest:
            self.report.unchanged += 1
            if self.story is not None:
                self.named.append(article_id(name))
            return
        # One entry (a file, or "-") can hold many articles: a JSONL or CSV row each.
        for item in read_entry(entry, max_bytes=self.max_bytes, columns=self.columns):
            if isinstance(item, Problem):
                self.problem(item)
                continue
            article = self._article(item if name == given else _renamed(item, given, name), name, digest)
            if article is not None:
                yield article

    def _name(self, entry: str) -> str:
        """The name the articles of the file `entry` are stored under: the spelling this
        file was first given (seeds/x.txt, ./seeds/x.txt, /abs/seeds/x.txt and a symlink to
        it are one file, so one article), by this run or an earlier one, else `entry`'s own.

        Stored names are resolved against today's working folder: a relative name is the
        file it names from here, as it is when typed again."""
        given = valid_name(entry)
        if entry == STDIN:
            return given
        real = resolved_path(entry)
        if real not in self.names:
            if self.store.holder(given) is not None:
                self.names[real] = given  # stored under this very spelling: the common case, no search
            else:
                if self.stored_files is None:  # once a run, and only when a spelling is new
                    self.stored_files = {}
                    for name in self.store.input_names():
                        self.stored_files.setdefault(resolved_path(name), name)
                self.names[real] = self.stored_files.get(real, given)
        return self.names[real]

    def _article(self, item: Article, name: str, digest: str | None) -> _ToExtract | None:
        """`item` if new or changed; else None, counted (or skipped, with a note). `digest`
        is the hash of the bytes of the file `name`, when it holds this one article."""
        if item.origin is None:  # a whole file: its own origin
            item = dataclasses.replace(item, origin=item.path)
        item, held, note = _owned(self.store, item)
        if note is not None:
            self.problem(note)
        if item is None:
            return None
        file_hash = digest if item.path == name else None
        if self.story is not None:
            self.named.append(item.id)
        stored = held[0] if held else None
        if stored == item.sha256 or item.path in self.seen:
            self.report.unchanged += 1
            if held and stored == item.sha256 and (held[1] is None or (
                    item.origin_row is None and held[1:] != (item.origin, None))):
                # Stored before origins were kept, or by a row under this file's name.
                self.origins.append((item.path, item.origin, item.origin_row))
            if file_hash is not None and stored == item.sha256:
                self.refreshed[item.path] = file_hash  # stored before its bytes' hash was kept
            return None
        self.seen.add(item.path)
        return _ToExtract(item, new=stored is None, file_hash=file_hash)

    def save(self) -> None:
        """Save the file hashes and origins found for unchanged articles stored without
        them, and put the articles read in `story`."""
        self.store.save_inputs(self.refreshed, self.origins)
        if self.story is not None and self.named:
            self.store.pin_articles(self.named, self.story)


def _renamed(item: Article, given: str, name: str) -> Article:
    """`item`, read from the file spelled `given`, as read from `name`: the spelling that
    file's articles are stored under."""
    if item.origin_row is None:  # the file's own article
        return dataclasses.replace(item, path=name, id="")
    # A row keeps its url or id; one without is named after its place in the file.
    place = f"{name}#{item.origin_row}" if item.path == f"{given}#{item.origin_row}" else item.path
    return dataclasses.replace(item, path=place, id="", origin=name)


def _extract_and_store(store: Store, extractor: Extractor, articles: Iterable[_ToExtract],
                       report: IngestReport, *, on_stored: Callable[[], None]) -> None:
    """Extract `articles` in batches and write each batch, in order, as one transaction,
    keeping one batch extracting (in the workers) while this process reads the next;
    `on_stored` is called after each write."""
    articles = iter(articles)
    in_flight: deque[tuple[list[_ToExtract], Collect]] = deque()
    while batch := list(itertools.islice(articles, BATCH_SIZE)):
        in_flight.append((batch, extractor.submit([item.article for item in batch])))
        if len(in_flight) > 1:
            _store_batch(store, *in_flight.popleft(), report)
            on_stored()
    while in_flight:
        _store_batch(store, *in_flight.popleft(), report)
        on_stored()


def _store_batch(store: Store, batch: list[_ToExtract], collect: Collect, report: IngestReport) -> None:
    """Write a batch's articles with their claims (one transaction), and fingerprint them."""
    hashes = {item.article.path: item.file_hash for item in batch if item.file_hash is not None}
    store.save_articles(((item.article, claims) for item, claims in zip(batch, collect())), hashes)
    # Counted as soon as committed: a Ctrl-C from here on says they are stored.
    new = sum(1 for item in batch if item.new)
    report.new, report.changed = report.new + new, report.changed + len(batch) - new
    # Fingerprinted here, while the workers extract the next batch, so link_copies
    # after the last batch has none left to do.
    _save_fingerprints(store, ((item.article.id, item.article.text) for item in batch))


def _owned(store: Store, item: Article) -> tuple[Article | None, tuple[str, str | None, int | None] | None,
                                                Problem | None]:
    """`item` under a name its input may write, what is stored under that name (sha256,
    origin, origin_row), and a note for the user when the name had to change.

    An article is replaced only by the input it came from: otherwise a JSONL/CSV row whose
    id is a file's path would overwrite that file's text and claims, and the file's byte
    hash would then call the forged text unchanged. A file's name is its identity, so a
    file always takes its own name back. A row whose url or id is another input's article
    is stored as its own article under its place (FILE#ROW), the name a row without url or
    id has: nothing the user gave is lost, nothing stored is overwritten, and the copy
    detection links it to the other one. Only the same text is taken as that article."""
    held = store.holder(item.path)
    if held is None or _same_input(held, item):
        return item, held, None
    if item.origin_row is None:
        if held[0] == item.sha256:
            return item, held, None  # the same text: the file's name only becomes its own again
        return item, held, Problem(item.path, f"replaces the text that row {held[2]} of {held[1]} had stored under"
                                              " this file's name", fatal=False)
    if held[0] == item.sha256:
        return item, held, None  # the same text: nothing to overwrite
    where = f"{item.origin}#{item.origin_row}"
    moved = dataclasses.replace(item, path=where, id="")  # the id follows the new name
    taken = store.holder(where)
    if taken is not None and not _same_input(taken, moved):
        return None, None, Problem(item.origin, f"row {item.origin_row}: {item.path} is already {_origin(held)},"
                                                f" and so is {where}; skipped")
    return moved, taken, Problem(item.origin, f"row {item.origin_row}: {item.path} is already {_origin(held)};"
                                              f" stored as {where}", fatal=False)


def _same_input(held: tuple[str, str | None, int | None], item: Article) -> bool:
    # No origin: stored before claimtrack kept them (schema 6) by a row, as files got theirs
    # on upgrade; the first input to meet it again takes it, as every input did then.
    return held[1] is None or (held[1] == item.origin and (held[2] is None) == (item.origin_row is None))


def _origin(held: tuple[str, str | None, int | None]) -> str:
    return f"the article read from {held[1]}" if held[2] is None else f"row {held[2]} of {held[1]}"


def _stored(report: IngestReport) -> str:
    """How many articles this run stored, for the line that says why it stopped."""
    count = report.new + report.changed
    return (f"{count} {'article' if count == 1 else 'articles'} stored by this run"
            f" {'is' if count == 1 else 'are'} kept, run the ingest again to finish")


def compare_stories(store: Store, *, on_phase: Callable[[str], None] | None = None) -> None:
    """Find the stories (see stories.detect), then compare the claims inside each
    (`on_phase` is told of each step: STORIES, COMPARISONS)."""
    from .stories import detect

    phase = on_phase or (lambda name: None)
    phase(STORIES)
    store.save_stories(detect(store.story_members()))
    phase(COMPARISONS)
    sources = {i: Source(*fields) for i, fields in store.article_sources().items()}
    store.replace_comparisons(iter_comparisons(store.claims(), hashes=store.article_hashes(), sources=sources,
                                               stories=store.article_stories()))


def _save_fingerprints(store: Store, texts: Iterable[tuple[str, str]]) -> None:
    """Store a MinHash fingerprint for each (article id, text)."""
    from . import copies

    store.save_fingerprints((i, copies.fingerprint(text)) for i, text in texts)


def link_copies(store: Store) -> None:
    """Fingerprint the articles that have no fingerprint yet, then relink all copies."""
    from . import copies

    missing = store.unfingerprinted()
    for start in range(0, len(missing), BATCH_SIZE):
        _save_fingerprints(store, store.texts(missing[start:start + BATCH_SIZE]))
    store.replace_copies(copies.link_copies(store.fingerprints()))

