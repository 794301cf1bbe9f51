"""claimtrack: track numbers across news coverage.

The library API; spaCy is imported lazily (by `extract`), so read-only use starts fast.
"""

from .compare import compare_claims
from .verdicts import judge
from .ingest import IngestReport, ingest, list_inputs
from .model import Article, Claim, Comparison
from .store import Store, StoreError

__all__ = [
    "Article", "Claim", "Comparison", "IngestReport", "Store", "StoreError", "compare_claims",
    "ingest", "judge", "list_inputs",
]
__version__ = "0.1.0"
