"""ingest(): read articles, extract their claims, store them, compare them.

spaCy is imported only when an article is new or changed, so re-ingesting an
unchanged corpus is a hash check per file and never loads the pipeline.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .compare import Source, iter_comparisons
from .model import Article, Claim, ClusterUnavailable, ModelNotFound, article_id
from .sources import (DEFAULT_COLUMNS, DEFAULT_MAX_BYTES, Columns, Problem, file_digest, iter_files, read_entry,
                      valid_name)
from .store import Store

if TYPE_CHECKING:
    from spacy.language import Language

#: Articles extracted and written per transaction (whole articles, never split).
BATCH_SIZE = 64
#: Below this many articles to extract, worker processes cost more than they save.
MIN_PARALLEL = 16
#: Seconds to wait for a Dask scheduler, and then for its first worker, before giving up.
CONNECT_TIMEOUT = 10
#: Seconds a worker process gets to end once told to (SIGTERM), before it is killed.
STOP_TIMEOUT = 5
_KEPT = "the articles written before are kept: run the ingest again to finish"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped an ingest; the message says what it stored."""


class _WorkersFailed(Exception):
    """Extraction workers died twice on the same batch of articles, or could not be started."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path  # the batch's first article, for the one line that reports it


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


def list_inputs(paths: Iterable[str], *, follow_symlinks: bool = False) -> list[str | Problem]:
    """The files under `paths` (names only, cheap), with a Problem for each bad argument.
    Symlinks inside a folder to files outside it are skipped unless `follow_symlinks`."""
    return list(iter_files(paths, follow_symlinks=follow_symlinks))


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
    scheduler: str | None = None,
    story: str | None = None,
) -> IngestReport:
    """Ingest the files in `inputs` (and "-", stdin) into `store`, then compare all claims.

    JSONL and CSV files give an article per row, their fields named by `columns`.

    The pipeline is loaded (from `model`) only when an article needs extraction,
    unless a loaded `nlp` is passed in. `workers` processes extract in parallel
    (default: the CPU count) when a batch is large enough to repay starting them.
    With `scheduler` (a Dask scheduler's address, e.g. tcp://host:8786) every batch is
    extracted on that cluster instead, and its claims are written here as they would be
    by a local run. With `story` (a name) every article read from `inputs` is put in
    that story, as a person's decision (see Store.pin_articles).
    """
    report = IngestReport()
    pending: list[tuple[Article, bool]] = []  # (article, new?) waiting for extraction
    seen: set[str] = set()  # paths met in this run: a path given twice is one article
    digests: dict[str, str] = {}  # path -> sha256 of its file's bytes, saved with its article
    refreshed: dict[str, str] = {}  # the same for unchanged articles stored without one
    origins: list[tuple[str, str, int | None]] = []  # unchanged articles stored without an origin
    named: list[str] = []  # ids of the articles read, when `story` puts them in one story

    def problem(item: Problem) -> None:
        (report.failed if item.fatal else report.notices).append(item)
        if on_problem is not None:
            on_problem(item)

    extractor = _Extractor(model=model, workers=workers or os.cpu_count() or 1, nlp=nlp, scheduler=scheduler,
                           on_retry=lambda path, message: problem(Problem(path, message, fatal=False)))

    # Batches handed to the extractor, oldest first, with the call that collects their claims.
    in_flight: list[tuple[list[tuple[Article, bool]], Callable[[], list[list[Claim]]]]] = []

    def flush(*, last: bool = False) -> None:
        """Hand the pending batch to the extractor, then write finished batches in order,
        keeping one batch extracting (in the workers) while this process reads the next."""
        if pending:
            in_flight.append((list(pending), extractor.submit([article for article, _ in pending])))
            pending.clear()
        while len(in_flight) > (0 if last else 1):
            batch, collect = in_flight.pop(0)
            inputs = {article.path: digests.pop(article.path) for article, _ in batch if article.path in digests}
            store.save_articles(((article, found) for (article, _), found in zip(batch, collect())), inputs)
            # Counted as soon as committed: a Ctrl-C from here on says they are stored.
            new = sum(1 for _, is_new in batch if is_new)
            report.new, report.changed = report.new + new, report.changed + len(batch) - new
            # Fingerprinted here, while the workers extract the next batch, so link_copies
            # after the last batch has none left to do.
            _save_fingerprints(store, ((article.id, article.text) for article, _ in batch))

    def read_all() -> None:
        """Read every input, handing new and changed articles to the extractor in batches."""
        for entry in inputs:
            if isinstance(entry, Problem):
                problem(entry)
                continue
            # A single-article file whose bytes are as when it was stored is unchanged:
            # known from a hash of its bytes, without decoding or parsing it.
            digest = file_digest(entry, max_bytes)
            name = valid_name(entry)  # the path its article is stored under
            if digest is not None and store.input_hash(name) == digest:
                report.unchanged += 1
                if story is not None:
                    named.append(article_id(name))
                if on_file is not None:
                    on_file(entry)
                continue
            # One entry (a file, or "-") can hold many articles: a JSONL or CSV row each.
            for item in read_entry(entry, max_bytes=max_bytes, columns=columns):
                if isinstance(item, Problem):
                    problem(item)
                    continue
                if item.origin is None:  # a whole file: its own origin
                    item = dataclasses.replace(item, origin=item.path)
                item, held, note = _owned(store, item)
                if note is not None:
                    problem(note)
                if item is None:
                    continue
                mine = digest is not None and item.path == name
                if story is not None:
                    named.append(item.id)
                stored = held[0] if held else None
                if stored == item.sha256 or item.path in seen:
                    report.unchanged += 1
                    if held and stored == item.sha256 and (held[1] is None or (
                            item.origin_row is None and held[1:] != (item.origin, None))):
                        # Stored before origins were kept, or by a row under this file's name.
                        origins.append((item.path, item.origin, item.origin_row))
                    if mine and stored == item.sha256:
                        refreshed[name] = digest  # stored before its bytes' hash was kept
                    continue
                seen.add(item.path)
                if mine:
                    digests[item.path] = digest
                pending.append((item, stored is None))
                if len(pending) >= BATCH_SIZE:
                    flush()
            if on_file is not None:
                on_file(entry)
        flush(last=True)

    try:
        try:
            read_all()
        except _WorkersFailed as error:
            # The run stops here; what was written stays, and is compared below.
            extractor.close(abandon=True)
            problem(Problem(error.path, f"{error}; stopped: {_stored(report)}"))
        except BaseException:
            # Ctrl-C or an error: the work still in the workers is dropped, not awaited.
            extractor.close(abandon=True)
            raise
        else:
            extractor.close()
        store.save_inputs(refreshed, origins)
        if story is not None and named:
            store.pin_articles(named, story)
        if report.new or report.changed or store.comparisons_stale():
            link_copies(store)
            compare_stories(store)
    except KeyboardInterrupt:
        # Every write is one transaction, so what was committed is whole and stays;
        # the comparisons are marked stale until a run finishes them.
        raise Interrupted(f"interrupted: {_stored(report)}") from None
    counts = store.counts()
    report.claims, report.comparisons, report.conflicts = (
        counts["claims"], counts["comparisons"], counts["conflicts"])
    return report


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


def compare_stories(store: Store) -> None:
    """Find the stories (see stories.detect), then compare the claims inside each."""
    from .stories import detect

    store.save_stories(detect(store.story_members()))
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


class _Extractor:
    """Extraction in this process, in a pool of worker processes or on a Dask cluster,
    each worker loading the pipeline once. Results come back in input order, so a batch
    is written the same way wherever it ran, and an article's claims never depend on it.

    A batch whose worker process dies (the out-of-memory killer's SIGKILL) is tried once
    more in a new pool, after `on_retry(first article's path, message)`; a second death
    raises _WorkersFailed."""

    def __init__(self, *, model: str | None, workers: int, nlp: Language | None,
                 scheduler: str | None = None, on_retry: Callable[[str, str], None] | None = None) -> None:
        if nlp is not None and scheduler is not None:
            raise ValueError("a loaded pipeline runs in this process: pass nlp or scheduler, not both")
        self.model = model
        self.workers = max(1, workers)
        self.nlp = nlp
        self.given = nlp is not None  # a caller's pipeline is used as it is, in-process
        self.pool: _Pool | None = None
        self.on_retry = on_retry
        self.scheduler = scheduler
        self.client: Any = None

    def _local(self) -> Language:
        from .extract import load_pipeline

        if self.nlp is None:
            self.nlp = load_pipeline(self.model)
        return self.nlp

    def submit(self, articles: list[Article]) -> Callable[[], list[list[Claim]]]:
        """Start extracting `articles`; the returned call waits for their claims (in input
        order). In this process the work is done here and the call only returns it."""
        if self.scheduler is not None:
            return self._on_cluster(articles)
        # Once the pool runs, a small batch (the last one) goes to it too: loading the
        # pipeline here as well would cost more than extracting the batch.
        if self.pool is not None or (not self.given and self.workers > 1 and len(articles) >= MIN_PARALLEL):
            return self._in_pool(articles)
        from .extract import extract_batch

        done = extract_batch(self._local(), articles)
        return lambda: done

    def _in_pool(self, articles: list[Article]) -> Callable[[], list[list[Claim]]]:
        from concurrent.futures.process import BrokenProcessPool

        size = max(1, len(articles) // (self.workers * 2))
        parts = [articles[i:i + size] for i in range(0, len(articles), size)]
        first = articles[0].path
        where = f"the batch of {len(articles)} articles starting here (through {articles[-1].path})"

        def send() -> tuple[_Pool, list[Any]]:
            try:
                return self._send(parts)
            except OSError as error:  # no memory or no processes left to start a worker with
                raise _WorkersFailed(first, f"cannot start extraction workers for {where}: {error}") from None

        pool, futures = send()

        def collect() -> list[list[Claim]]:
            nonlocal pool, futures
            try:
                return [claims for future in futures for claims in future.result()]
            except BrokenProcessPool:
                # Raised on every future of a pool as soon as one of its workers dies, so
                # nothing waits for a dead process. Which batch the dead worker held is not
                # known: each batch that was in the pool is tried again, once.
                pass
            dead = pool
            self._replace(dead)
            pool, futures = send()  # before the note, so the new workers are already starting
            if self.on_retry is not None and not dead.reported:
                dead.reported = True
                self.on_retry(first, f"an extraction worker died ({dead.death()}) while extracting {where}:"
                                     " trying them again in new workers")
            try:
                return [claims for future in futures for claims in future.result()]
            except BrokenProcessPool:
                pool.stop(wait=False)
                raise _WorkersFailed(first, f"the extraction workers died twice ({pool.death()}) while"
                                            f" extracting {where}") from None

        return collect

    def _send(self, parts: list[list[Article]]) -> tuple[_Pool, list[Any]]:
        """Submit `parts` to the pool (started if need be); returns the pool and the futures."""
        if self.pool is None:
            self.pool = _Pool(self.workers, self.model)
        pool = self.pool
        futures = pool.send(parts)
        if pool.refused:
            # A worker died since the last batch was sent: these parts never ran in that
            # pool, so this is not their retry. The batch it was running reports the death.
            self._replace(pool)
            pool = self.pool
            futures = pool.send(parts)  # if this pool is broken already, collect() retries
        return pool, futures

    def _replace(self, broken: _Pool) -> None:
        """Stop `broken` and start a new pool in its place, unless that was done already."""
        if self.pool is broken:
            broken.stop(wait=False)
            self.pool = _Pool(self.workers, self.model)

    def _connect(self) -> Any:
        """The Dask client, connected on first use: dask is imported only when there is
        something to extract, like spaCy for a local run."""
        if self.client is not None:
            return self.client
        address = self.scheduler
        try:
            from distributed import Client
            from distributed.comm import get_address_host_port
            from distributed.security import Security
        except ImportError:
            raise ClusterUnavailable("running on a Dask cluster needs dask.distributed, which is not installed:"
                                     " run pip install 'claimtrack[dask]'") from None
        try:
            # Checked first because Client() fails on a malformed address without closing
            # itself, and its __del__ then hangs and prints a traceback seconds later.
            get_address_host_port(address)
        except ValueError as error:
            raise ClusterUnavailable(f"invalid Dask scheduler address {address!r}: {error}") from None
        if address.startswith("tls://") and Security().get_connection_args("client")["ssl_context"] is None:
            # The same failure, for a tls:// address without Dask's TLS settings.
            raise ClusterUnavailable(
                f"{address} needs Dask's TLS settings (distributed.comm.tls.ca-file and .client.cert/.key)")
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except ImportError as error:  # the scheduler refused this client (version mismatch)
            raise ClusterUnavailable(f"the Dask scheduler at {address} refused this client: {error}") from None
        except OSError as error:
            raise ClusterUnavailable(f"cannot reach the Dask scheduler: {error}") from None
        self.client = client
        try:
            # Tasks on a cluster without workers would wait for one forever.
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            _check_workers(client)
        except TimeoutError:
            raise ClusterUnavailable(
                f"the Dask scheduler at {address} has no workers (waited {CONNECT_TIMEOUT} s)") from None
        except OSError as error:
            raise ClusterUnavailable(f"lost the connection to the Dask scheduler: {error}") from None
        return client

    def _on_cluster(self, articles: list[Article]) -> Callable[[], list[list[Claim]]]:
        client = self._connect()  # first: it says clearly when dask is not installed
        with self._cluster_errors():
            threads = sum(client.nthreads().values()) or 1
            size = max(1, len(articles) // (threads * 2))
            parts = [articles[i:i + size] for i in range(0, len(articles), size)]
            # pure=False: each part is its own task, never merged with an identical one.
            futures = [client.submit(_extract_on_dask, part, self.model, pure=False) for part in parts]

        def collect() -> list[list[Claim]]:
            with self._cluster_errors():
                results = client.gather(futures)  # in submission order, so the write is a local run's
            return [claims for part in results for claims in part]

        return collect

    @contextmanager
    def _cluster_errors(self) -> Iterator[None]:
        """The cluster's failures as one-line claimtrack errors."""
        from concurrent.futures import CancelledError

        from distributed import KilledWorker

        try:
            yield
        except ModelNotFound as error:
            raise ModelNotFound(f"on a Dask worker: {error}") from None
        except CancelledError:  # distributed cancels every task when the scheduler goes away
            raise ClusterUnavailable(
                f"lost the connection to the Dask scheduler at {self.scheduler}; {_KEPT}") from None
        except (OSError, KilledWorker) as error:
            detail = " ".join(str(error).split()) or type(error).__name__
            raise ClusterUnavailable(f"the Dask cluster at {self.scheduler} failed: {detail}; {_KEPT}") from None

    def close(self, *, abandon: bool = False) -> None:
        """Stop the workers: once their work is done, or with `abandon` (after an error or
        Ctrl-C) at once, dropping what they still hold."""
        if self.pool is not None:
            self.pool.stop(wait=not abandon)
            self.pool = None
        if self.client is not None:
            # Closing a client that lost its scheduler cancels its reconnect loop, which
            # distributed logs as an ERROR with a traceback: noise after our one-line error.
            logger = logging.getLogger("distributed.client")
            level = logger.level
            logger.setLevel(logging.CRITICAL)
            try:
                self.client.close()
            finally:
                logger.setLevel(level)
                self.client = None


class _Pool:
    """A ProcessPoolExecutor of spawned extraction workers, and their processes: to end
    them at once, and to say how one died."""

    def __init__(self, workers: int, model: str | None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn: workers start clean and load the pipeline once each. This process never
        # loads it (nor imports spaCy): the workers start at once, and a missing pipeline
        # still comes back as one error (see _init_worker). ProcessPoolExecutor, not
        # multiprocessing.Pool: when a worker dies, Pool starts another and waits forever
        # for the lost task; the executor fails the pool's futures with BrokenProcessPool.
        self.executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_init_worker, initargs=(model,))
        self.processes: dict[int, Any] = {}
        self.reported = False  # whether a worker's death here was reported (once per pool)
        self.refused = False  # whether it was found broken when parts were submitted

    def send(self, parts: list[list[Article]]) -> list[Any]:
        """Submit each part; the workers are started here, on the first submits."""
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        futures = []
        with _sigint_deferred():
            for part in parts:
                try:
                    futures.append(self.executor.submit(_extract_in_worker, part))
                except BrokenProcessPool as error:
                    # A worker died before this part was queued: it fails as if in the pool.
                    self.refused = True
                    refused: Future[list[list[Claim]]] = Future()
                    refused.set_exception(error)
                    futures.append(refused)
            # Noted inside the block, before a held Ctrl-C goes off, so stop() ends them.
            self._note_processes()
        return futures

    def _note_processes(self) -> None:
        # Private, but the only handle on the workers before Python 3.14's terminate_workers().
        self.processes.update(getattr(self.executor, "_processes", None) or {})

    def stop(self, *, wait: bool = True) -> None:
        """Shut the pool down: after the work submitted, or (not `wait`) at once, the
        workers ended with SIGTERM (they ignore SIGINT) and killed if they linger."""
        with _sigint_deferred():  # a second Ctrl-C must not leave workers behind
            if wait:
                self.executor.shutdown(wait=True)
                return
            self._note_processes()
            for process in self.processes.values():
                process.terminate()
            deadline = time.monotonic() + STOP_TIMEOUT
            for process in self.processes.values():
                process.join(max(0.0, deadline - time.monotonic()))
                if process.exitcode is None:
                    process.kill()
                    process.join(STOP_TIMEOUT)
            # With its workers gone the executor's thread ends at once; waited for here,
            # since left to the interpreter's exit it can race it (Python 3.11 then prints
            # an OSError traceback from concurrent.futures' _python_exit).
            self.executor.shutdown(wait=True, cancel_futures=True)

    def death(self) -> str:
        """How the first worker of this (stopped) pool died, in words."""
        codes = [process.exitcode for process in self.processes.values() if process.exitcode is not None]
        # Once one worker dies the executor ends the others with SIGTERM, as stop() does.
        first = [code for code in codes if code != -signal.SIGTERM] or codes
        if not first:
            return "cause unknown"
        code = first[0]
        if code == -signal.SIGKILL:
            return "killed by SIGKILL, as the out-of-memory killer does"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"


@contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block is done, then deliver it.

    Workers are started and stopped inside it, so this process never stops halfway through
    starting one (which would be left running) or ending them. SIGINT is also blocked in this
    thread, and a started process inherits that: a Ctrl-C that comes while a worker is still
    starting waits in it until _init_worker ignores SIGINT, instead of killing it with a
    KeyboardInterrupt traceback."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held: list[int] = []
    previous = signal.getsignal(signal.SIGINT)
    if previous is not None:  # None: a handler set outside Python, which cannot be put back
        signal.signal(signal.SIGINT, lambda number, frame: held.append(number))
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        if held:
            signal.raise_signal(signal.SIGINT)


_worker_nlp: Any = None
_worker_error: Exception | None = None


def _init_worker(model: str | None) -> None:
    global _worker_nlp, _worker_error
    # A terminal's Ctrl-C goes to the whole process group: the parent alone handles it
    # (stopping the pool), so a worker must not die of it with a traceback. Ignored, the
    # SIGINT this worker was started with blocked (see _sigint_deferred) can be unblocked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        from .extract import load_pipeline

        _worker_nlp = load_pipeline(model)
    except Exception as error:
        # Kept for the tasks to raise, so the parent gets it as one error: an initializer
        # that raises makes the pool start another worker, which fails again, forever.
        _worker_error = error


def _extract_in_worker(articles: list[Article]) -> list[list[Claim]]:
    from .extract import extract_batch

    if _worker_error is not None:
        raise _worker_error
    return extract_batch(_worker_nlp, articles)


def _check_workers(client: Any) -> None:
    """Every worker must have this claimtrack, or its claims would not be a local run's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        mine: str | None = version("claimtrack")
    except PackageNotFoundError:  # run from a source tree: only check the workers have it
        mine = None
    # importlib's own function, sent by name: a worker without claimtrack can still run it
    # (a task naming a claimtrack function kills such a worker, and the run then waits forever).
    found = client.run(version, "claimtrack", on_error="return")
    for worker, theirs in sorted(found.items()):
        if isinstance(theirs, PackageNotFoundError):
            raise ClusterUnavailable(
                f"Dask worker {worker} does not have claimtrack: install claimtrack and its pipeline on every worker")
        if isinstance(theirs, BaseException):
            raise ClusterUnavailable(f"Dask worker {worker} failed: {' '.join(str(theirs).split())}")
        if mine is not None and theirs != mine:
            raise ClusterUnavailable(
                f"Dask worker {worker} has claimtrack {theirs}, this machine {mine}:"
                " install the same version everywhere, so the claims are those of a local run")


_dask_pipelines: dict[str | None, Language] = {}
_dask_lock = threading.Lock()


def _extract_on_dask(articles: list[Article], model: str | None) -> list[list[Claim]]:
    """Run on a Dask worker, which loads the pipeline on its first task and keeps it."""
    from .extract import extract_batch, load_pipeline

    # One pipeline per worker process, used by one thread at a time: a spaCy pipeline
    # is not safe to share between threads, and a worker may run several.
    with _dask_lock:
        nlp = _dask_pipelines.get(model)
        if nlp is None:
            nlp = _dask_pipelines[model] = load_pipeline(model)
        return extract_batch(nlp, articles)
