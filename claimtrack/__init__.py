"""claimtrack: track numbers across news coverage.

The library API, imported on first use (PEP 562): `import claimtrack` stays instant, so
the command line can catch a Ctrl-C that lands while it imports (launch.py), and read-only
use never loads spaCy (only `extract` does).
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_API = {
    "compare_claims": "compare", "judge": "verdicts", "IngestReport": "ingest", "ingest": "ingest",
    "list_inputs": "ingest", "Article": "model", "Claim": "model", "ClaimContext": "model",
    "Comparison": "model", "ComparisonView": "model", "ClaimtrackError": "errors", "StoreError": "errors",
    "Store": "store",
}
__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'claimtrack' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # found once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
