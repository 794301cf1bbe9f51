"""Where claims are extracted: in this process, in spawned worker processes, or on a Dask cluster.

`Extractor` is all that ingest() sees of it: `submit(articles)` starts extracting a batch
and returns a call that waits for the batch's claims, in input order, so the batch is
written the same way wherever it ran and an article's claims never depend on it; leaving
its `with` block stops the workers, at once when the block ended with an error or Ctrl-C.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import ClusterUnavailable, ModelNotFound
from .model import Article, Claim

if TYPE_CHECKING:
    from concurrent.futures import Future
    from types import TracebackType

    from spacy.language import Language

#: Below this many articles to extract, worker processes cost more than they save.
MIN_PARALLEL = 16
#: Seconds to wait for a Dask scheduler, and then for its first worker, before giving up.
CONNECT_TIMEOUT = 10
#: Seconds a worker process gets to end once told to (SIGTERM), before it is killed.
STOP_TIMEOUT = 5
_KEPT = "the articles written before are kept: run the ingest again to finish"

#: Waits for a submitted batch and returns its articles' claims, in input order.
Collect = Callable[[], list[list[Claim]]]


class WorkersFailed(Exception):
    """Extraction workers died twice on the same batch of articles, or could not be started."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path  # the batch's first article, for the one line that reports it


class Extractor:
    """Extraction in this process, in `workers` spawned processes (default: the CPU count)
    or on the Dask cluster at `scheduler`, each worker loading the pipeline once.

    A pipeline passed in (`nlp`) is used as it is, in this process; so is one loaded here
    with one worker, or for a batch too small to repay starting workers. A batch whose
    worker process dies (the out-of-memory killer's SIGKILL) is tried once more in new
    workers, after `on_retry(first article's path, message)`; a second death raises
    WorkersFailed.

    Not a concurrent.futures.Executor: its `with` block waits for the work still running
    even after an error, where this one drops it (see close)."""

    def __init__(self, *, model: str | None, workers: int | None = None, nlp: Language | None = None,
                 scheduler: str | None = None, on_retry: Callable[[str, str], None] | None = None) -> None:
        if nlp is not None and scheduler is not None:
            raise ValueError("a loaded pipeline runs in this process: pass nlp or scheduler, not both")
        self.model = model
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.nlp = nlp
        self.given = nlp is not None  # a caller's pipeline is used as it is, in-process
        self.pool = _Workers(self.workers, model, on_retry)
        self.cluster = None if scheduler is None else _Cluster(scheduler, model)

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, error_type: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        # After an error or Ctrl-C the work still in the workers is dropped, not awaited.
        self.close(abandon=error_type is not None)

    def submit(self, articles: list[Article]) -> Collect:
        """Start extracting `articles`; the returned call waits for their claims (in input
        order). In this process the work is done here and the call only returns it."""
        if self.cluster is not None:
            return self.cluster.submit(articles)
        # Once the pool runs, a small batch (the last one) goes to it too: loading the
        # pipeline here as well would cost more than extracting the batch.
        if self.pool.started or (not self.given and self.workers > 1 and len(articles) >= MIN_PARALLEL):
            return self.pool.submit(articles)
        from .extract.pipeline import extract_batch

        done = extract_batch(self._local(), articles)
        return lambda: done

    def _local(self) -> Language:
        from .extract.pipeline import load_pipeline

        if self.nlp is None:
            self.nlp = load_pipeline(self.model)
        return self.nlp

    def close(self, *, abandon: bool = False) -> None:
        """Stop the workers: once their work is done, or with `abandon` (after an error or
        Ctrl-C) at once, dropping what they still hold."""
        self.pool.close(abandon=abandon)
        if self.cluster is not None:
            self.cluster.close()


def _split(articles: list[Article], workers: int) -> list[list[Article]]:
    """`articles` in parts of about half a worker's share, in order: a worker that is
    done early takes another part."""
    size = max(1, len(articles) // (workers * 2))
    return [articles[i:i + size] for i in range(0, len(articles), size)]


def _where(articles: list[Article]) -> str:
    return f"the batch of {len(articles)} articles starting here (through {articles[-1].path})"


class _Workers:
    """Spawned worker processes (a _Pool, started on the first batch) that outlive a
    worker's death: the batches that were in a pool whose worker died are tried once
    more in a new one."""

    def __init__(self, workers: int, model: str | None, on_retry: Callable[[str, str], None] | None) -> None:
        self.workers = workers
        self.model = model
        self.on_retry = on_retry
        self.pool: _Pool | None = None

    @property
    def started(self) -> bool:
        return self.pool is not None

    def submit(self, articles: list[Article]) -> Collect:
        parts = _split(articles, self.workers)
        pool, futures = self._send(articles, parts)
        return lambda: self._collect(articles, parts, pool, futures)

    def _collect(self, articles: list[Article], parts: list[list[Article]], pool: _Pool,
                 futures: list[Future[list[list[Claim]]]]) -> list[list[Claim]]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return _results(futures)
        except BrokenProcessPool:
            # Raised on every future of a pool as soon as one of its workers dies, so
            # nothing waits for a dead process. Which batch the dead worker held is not
            # known: each batch that was in the pool is tried again, once.
            pass
        dead = pool
        self._replace(dead)
        pool, futures = self._send(articles, parts)  # before the note, so the new workers are already starting
        if self.on_retry is not None and not dead.reported:
            dead.reported = True
            self.on_retry(articles[0].path, f"an extraction worker died ({dead.death()}) while extracting"
                                            f" {_where(articles)}: trying them again in new workers")
        try:
            return _results(futures)
        except BrokenProcessPool:
            pool.stop(wait=False)
            raise WorkersFailed(articles[0].path, f"the extraction workers died twice ({pool.death()}) while"
                                                  f" extracting {_where(articles)}") from None

    def _send(self, articles: list[Article],
              parts: list[list[Article]]) -> tuple[_Pool, list[Future[list[list[Claim]]]]]:
        """Submit `parts` (of `articles`) to the pool, started if need be; the pool and the futures."""
        try:
            if self.pool is None:
                self.pool = _Pool(self.workers, self.model)
            pool = self.pool
            futures = pool.send(parts)
            if pool.refused:
                # A worker died since the last batch was sent: these parts never ran in that
                # pool, so this is not their retry. The batch it was running reports the death.
                self._replace(pool)
                pool = self.pool
                futures = pool.send(parts)  # if this pool is broken already, _collect() retries
            return pool, futures
        except OSError as error:  # no memory or no processes left to start a worker with
            raise WorkersFailed(articles[0].path,
                                f"cannot start extraction workers for {_where(articles)}: {error}") from None

    def _replace(self, broken: _Pool) -> None:
        """Stop `broken` and start a new pool in its place, unless that was done already."""
        if self.pool is broken:
            broken.stop(wait=False)
            self.pool = _Pool(self.workers, self.model)

    def close(self, *, abandon: bool = False) -> None:
        if self.pool is not None:
            self.pool.stop(wait=not abandon)
            self.pool = None


def _results(futures: list[Future[list[list[Claim]]]]) -> list[list[Claim]]:
    """The claims of every part, waited for in order."""
    return [claims for future in futures for claims in future.result()]


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

    def send(self, parts: list[list[Article]]) -> list[Future[list[list[Claim]]]]:
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
        from .extract.pipeline import load_pipeline

        _worker_nlp = load_pipeline(model)
    except Exception as error:
        # Kept for the tasks to raise, so the parent gets it as one error: an initializer
        # that raises makes the pool start another worker, which fails again, forever.
        _worker_error = error


def _extract_in_worker(articles: list[Article]) -> list[list[Claim]]:
    from .extract.pipeline import extract_batch

    if _worker_error is not None:
        raise _worker_error
    return extract_batch(_worker_nlp, articles)


class _Cluster:
    """Extraction on the Dask cluster at `address`, connected on the first batch.

    Through Client.submit and Client.gather, not Client.get_executor(): gather raises as
    soon as any part of a batch fails, where the executor's futures, read in order, would
    first wait for the parts before the failed one to finish."""

    def __init__(self, address: str, model: str | None) -> None:
        self.address = address
        self.model = model
        self.client: Any = None

    def submit(self, articles: list[Article]) -> Collect:
        client = self._connect()  # first: it says clearly when dask is not installed
        with self._errors():
            threads = sum(client.nthreads().values()) or 1
            # pure=False: each part is its own task, never merged with an identical one.
            futures = [client.submit(_extract_on_dask, part, self.model, pure=False)
                       for part in _split(articles, threads)]

        def collect() -> list[list[Claim]]:
            with self._errors():
                results = client.gather(futures)  # in submission order, so the write is a local run's
            return [claims for part in results for claims in part]

        return collect

    def _connect(self) -> Any:
        """The Dask client, connected on first use: dask is imported only when there is
        something to extract, like spaCy for a local run."""
        if self.client is not None:
            return self.client
        address = self.address
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

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """The cluster's failures as one-line claimtrack errors."""
        from concurrent.futures import CancelledError

        from distributed import KilledWorker

        try:
            yield
        except ModelNotFound as error:
            raise ModelNotFound(f"on a Dask worker: {error}") from None
        except CancelledError:  # distributed cancels every task when the scheduler goes away
            raise ClusterUnavailable(
                f"lost the connection to the Dask scheduler at {self.address}; {_KEPT}") from None
        except (OSError, KilledWorker) as error:
            detail = " ".join(str(error).split()) or type(error).__name__
            raise ClusterUnavailable(f"the Dask cluster at {self.address} failed: {detail}; {_KEPT}") from None

    def close(self) -> None:
        if self.client is None:
            return
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
    from .extract.pipeline import extract_batch, load_pipeline

    # One pipeline per worker process, used by one thread at a time: a spaCy pipeline
    # is not safe to share between threads, and a worker may run several.
    with _dask_lock:
        nlp = _dask_pipelines.get(model)
        if nlp is None:
            nlp = _dask_pipelines[model] = load_pipeline(model)
        return extract_batch(nlp, articles)
