"""Numeric claims from text: a spaCy component and the article-level pass around it.

The component (`claimtrack_claims`) reads a parsed Doc and writes one Span per
claim to `doc.spans["claims"]`, each carrying its fields in `span._.claim`.
`extract_claims` runs the pipeline only on the paragraphs that can hold a
number (the parser is most of the cost, and most paragraphs have none), then
adds what only the whole article knows: its places, and periods that the
article equates with each other ("The ten months cover the 2019 fiscal year").

The number grammar is written by hand because no spaCy component parses
qualified, ranged, scaled number phrases into values; the dependency parse
supplies the counted noun, the predicate and the context.

The modules, in the order the data flows (each imports only from those before it):
`chunks` (which text to parse), `mentions` (number phrases in a sentence), `units`
(what a number measures), `not_claims` (numbers that are no claims; durations that
scope others), `context` (predicate, change, attribution, place, period), `owners`
(whose a quantity is) and `pipeline` (the component, the article pass, loading the
pipeline). This module re-exports the public names the tests and benchmarks import.
"""

from .chunks import BATCH_CHARS, MAX_CHUNK_CHARS, SPLIT_WINDOW, candidate_chunks
from .context import normalise_period, period_aliases
from .pipeline import DEFAULT_MODELS, SPAN_KEY, claims_from_docs, extract_batch, extract_claims, load_pipeline

__all__ = [
    "BATCH_CHARS", "DEFAULT_MODELS", "MAX_CHUNK_CHARS", "SPAN_KEY", "SPLIT_WINDOW", "candidate_chunks",
    "claims_from_docs", "extract_batch", "extract_claims", "load_pipeline", "normalise_period", "period_aliases",
]
