"""claimtrack: track numbers across news coverage.

The library API; spaCy is imported lazily (by `extract`), so read-only use starts fast.
"""

from .compare import compare_claims
from .verdicts import judge
from .ingest import IngestReport, ingest, list_inputs
from .model import Article, Claim, ClaimContext, Comparison, ComparisonView
from .errors import ClaimtrackError, StoreError
from .store import Store

__all__ = [
    "Article", "ClaimtrackError", "Claim", "ClaimContext", "Comparison", "ComparisonView", "IngestReport", "Store",
    "StoreError", "compare_claims", "ingest", "judge", "list_inputs",
]
__version__ = "0.1.0"
