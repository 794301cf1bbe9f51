"""Copies: articles with the same or nearly the same text (wire copies, re-posts).

Each copy stays an article with its own claims; copies are linked to the first
article of their set (the earliest dated, then by path). Byte-identical texts are
found by their sha256. Near-identical ones by MinHash signatures of word shingles,
bucketed by datasketch's locality-sensitive hashing, so linking costs about one
lookup per article instead of comparing every pair of articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: Signature length: 64 permutations estimate a Jaccard similarity within about ±0.06.
NUM_PERM = 64
#: datasketch's hashing scheme, named so stored signatures stay readable across versions.
SCHEME = "affine32"
#: Words per shingle.
SHINGLE = 3
#: Estimated Jaccard similarity of shingle sets from which two texts are near-copies:
#: a wire story with a changed headline, byline or closing paragraph stays above it;
#: two stories on one event that share quotes and figures stay well below.
THRESHOLD = 0.8

_WORD = re.compile(r"\w+")


def fingerprint(text: str) -> bytes:
    """The MinHash signature of `text`'s word shingles, as bytes for the store."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    signature = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature.hashvalues.tobytes()


def link_copies(articles: Iterable[tuple[str, str, str | None, str, bytes]]) -> list[dict[str, Any]]:
    """Copy links for `articles`, given as (id, path, date, sha256, fingerprint).

    Returns one row per article that copies another: article_id, copy_of (the first
    article of its set), kind ("identical" when the texts are the same, else "near")
    and similarity (the estimated Jaccard similarity with that first article).
    """
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    items = list(articles)
    if len(items) < 2:
        return []
    signatures = [MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(f, dtype=np.uint32))
                  for *_, f in items]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[max(root(i), root(j))] = min(root(i), root(j))

    first_with_hash: dict[str, int] = {}
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    for i, (_, _, _, sha, _) in enumerate(items):
        if sha in first_with_hash:
            join(i, first_with_hash[sha])
            continue
        first_with_hash[sha] = i
        for j in lsh.query(signatures[i]):
            if signatures[i].jaccard(signatures[j]) >= THRESHOLD:
                join(i, j)
        lsh.insert(i, signatures[i])

    sets: dict[int, list[int]] = {}
    for i in range(len(items)):
        sets.setdefault(root(i), []).append(i)
    links = []
    for members in sets.values():
        if len(members) < 2:
            continue
        # The first appearance: the earliest dated article, undated last, then by path.
        first = min(members, key=lambda i: (items[i][2] is None, items[i][2] or "", items[i][1]))
        for i in members:
            if i == first:
                continue
            identical = items[i][3] == items[first][3]
            links.append({
                "article_id": items[i][0],
                "copy_of": items[first][0],
                "kind": "identical" if identical else "near",
                "similarity": 1.0 if identical else round(signatures[i].jaccard(signatures[first]), 3),
            })
    return sorted(links, key=lambda link: link["article_id"])
