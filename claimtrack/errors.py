"""The failures claimtrack reports to a person: one base class, one subclass per failure.

Library code raises these; only the command line (cli_common.run_guarded) turns them into
one line on stderr and an exit code (a UsageError, something the person typed, exits 2;
any other ClaimtrackError 1).
"""

from __future__ import annotations


class ClaimtrackError(Exception):
    """A failure claimtrack reports as one line (the message says what to do)."""


class UsageError(ClaimtrackError, ValueError):
    """Something the person typed cannot be used as given; they have to change it."""


class StoreError(ClaimtrackError):
    """The database cannot be used (not found, not claimtrack's, newer, read-only, full)."""


class UnknownId(StoreError):
    """No row has this id, nor an id that starts with it."""


class AmbiguousId(UsageError):
    """An id prefix that several ids start with."""


class BadFilter(UsageError):
    """A filter that cannot be applied: a date not written YYYY-MM-DD, an unknown verdict, a limit under 1."""


class OutputError(ClaimtrackError):
    """An output file cannot be written, or must not be (it is an input, or a symbolic link)."""


class ModelNotFound(ClaimtrackError):
    """The spaCy English pipeline is not installed."""


class ClusterUnavailable(ClaimtrackError):
    """The Dask cluster cannot run the extraction: dask missing, scheduler unreachable or lost."""


class BadEvaluationData(ClaimtrackError):
    """An evaluation set cannot be used: missing, unreadable, or not in its format."""
