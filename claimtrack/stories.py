"""Stories: which articles cover one event or running topic, from their content.

Claims are compared only inside a story (see compare.iter_comparisons), so a
newsroom's pile of many events never sets one event's numbers against another's.
A story is found from the articles' words and names, never from folder or file
names: a TF-IDF-style vector weighs the words of each article and the
capitalised names in it (people, places, organisations, teams), and articles whose
average cosine similarity reaches SIMILARITY join one story (scipy's average-linkage
hierarchical clustering). Why TF-IDF and not the MinHash of copies.py: MinHash
estimates the overlap of word shingles, which finds copies of one text; two
outlets' separately written reports of one event share names and key nouns, not
phrasing (on the development clusters the 3-word-shingle Jaccard of two articles
on one event has a median of 0.021, and 249 of 295 such pairs are below 0.05; a
threshold low enough to join them is in the noise).

Measured on ../shared/eval/news-bench (548 real articles, 46 events of 23 ECB+
topics, each topic holding two similar events) and the development clusters (119
articles, 20 events), counting pairs of articles: of the pairs put in one story, 81%
(bench) and 89% (dev) are of one real event; of a real event's pairs, 91% and 100%
are put in one story. Words alone, names alone, or the corpus's own IDF did worse
at every threshold; weighing down articles far apart in time split the one running
story of the dev set (a killing and its trial two years later) and kept no events apart.

A person's decision wins over detection: an article given a story by name (ingest
--story, front matter `story:`, a `story` column, `stories --move/--merge`) is in
that story and takes no part in detection.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import short_hash

#: Average cosine similarity at which two groups of articles are one story.
SIMILARITY = 0.3
#: Articles handled in one block of the similarity computation (memory: block x corpus).
CHUNK = 1024

_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours out over own said same says she should so some such than that the their theirs them
then there these they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december jan feb mar apr jun jul
aug sep sept oct nov dec today yesterday tomorrow week weeks year years day days one two three four five six
seven eight nine ten according told news report reports reported photo image images video copyright reserved
rights read more click share comments comment email print new first last
""".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\b(?:19|20)\d\d\b")
_NAME = re.compile(r"\b(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[ -](?:Mc|Mac|O['’])?[A-Z][a-z]+){0,3}")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class Member:
    """What story detection reads of an article."""

    id: str
    path: str
    text: str
    pinned: str | None = None  # the name of the story a person or the input put it in


@dataclass(frozen=True)
class Story:
    id: str
    name: str | None  # set for a story a person named
    label: str
    article_ids: tuple[str, ...]


def story_id_for_name(name: str) -> str:
    return short_hash("story", "named", name.strip())


def detect(members: Iterable[Member]) -> list[Story]:
    """Every article in exactly one story: named stories for pinned articles, the rest
    clustered. Deterministic: the same articles always give the same stories and ids."""
    members = sorted(members, key=lambda m: m.path)
    named: dict[str, list[Member]] = defaultdict(list)
    free: list[Member] = []
    for member in members:
        (named[member.pinned.strip()] if member.pinned and member.pinned.strip() else free).append(member)
    label_terms = _Labeller(members)
    stories = [Story(story_id_for_name(name), name, name, tuple(m.id for m in group))
               for name, group in sorted(named.items())]
    for group in _cluster(free):
        first = group[0]  # ids come from the first member by path: stable as the story grows
        stories.append(Story(short_hash("story", first.path), None, label_terms.label(group),
                             tuple(m.id for m in group)))
    return stories


def _cluster(members: list[Member]) -> list[list[Member]]:
    """Groups of members (each sorted by path), by average-linkage clustering of their
    TF-IDF similarity. Every pair of a cluster is linked through pairs above the
    threshold, so the graph of such pairs is split into connected components first
    and each is clustered alone: memory grows with the largest component, not the corpus."""
    if len(members) <= 1:
        return [members] if members else []
    import numpy as np
    from scipy.sparse import coo_matrix

    texts = [m.text for m in members]
    words, names = _vectors(texts)
    n = len(members)
    rows, cols, values = [], [], []
    for start in range(0, n, CHUNK):
        block = _similarity(words, names, slice(start, min(n, start + CHUNK)))
        r, c = np.nonzero(block >= SIMILARITY)
        rows.append(r + start)
        cols.append(c)
        values.append(block[r, c])
    graph = coo_matrix((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)).tocsr()
    groups: list[list[Member]] = []
    for index in _components(graph, np.arange(n), SIMILARITY):
        if len(index) == 1:
            groups.append([members[index[0]]])
            continue
        sims = _similarity(words[index], names[index], slice(0, len(index)))
        for part in _average_linkage(sims):
            groups.append([members[index[i]] for i in sorted(part)])
    return sorted(groups, key=lambda g: g[0].path)


#: The most articles clustered in one dense similarity matrix (memory grows with its
#: square: 3,000 articles take about 72 MB a copy, and clustering holds about four). A connected group of similar
#: articles larger than this (a pile of one town's crime briefs) is first cut at a
#: stricter similarity, step by step, so memory stays bounded; only links weaker than
#: the cut are lost, and those could only have joined two large groups.
MAX_DENSE = 3000


def _components(graph, index, threshold: float):
    """The connected groups of `index` (members' positions) linked by similarities of at
    least `threshold` in `graph`, none larger than MAX_DENSE (see there)."""
    from scipy.sparse.csgraph import connected_components

    sub = graph[index][:, index]
    sub = sub.multiply(sub >= threshold)
    count, labels = connected_components(sub, directed=False)
    for label in range(count):
        part = index[labels == label]
        if len(part) > MAX_DENSE and threshold < 1:
            yield from _components(graph, part, threshold + 0.05)
        else:
            yield part


def _vectors(texts: list[str]):
    """The articles' word and name vectors: sublinear term counts (1 + log count) weighed
    by how rare each word is in English at large (wordfreq's frequencies), then
    L2-normalised. A fixed weight rather than the corpus's own IDF: in a pile of five
    articles the corpus IDF weighs each article's one-off words most and splits one
    story into several, and with it a story would change as unrelated articles arrive.
    Built with scipy.sparse directly: that is all scikit-learn's TfidfVectorizer would
    do here (without its IDF), and importing scikit-learn costs more than the whole
    detection on 500 articles (1.2 s against 0.4 s)."""
    return _weighted(texts, _words), _weighted(texts, _names)


def _weighted(texts: list[str], analyzer):
    import numpy as np
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, text in enumerate(texts):
        counts = Counter(analyzer(text))
        for term, count in counts.items():
            rows.append(row)
            cols.append(vocabulary.setdefault(term, len(vocabulary)))
            values.append(1.0 + np.log(count))
    weights = np.array([_rarity(term) for term in vocabulary]) if vocabulary else np.ones(1)
    matrix = csr_matrix((np.array(values) * weights[cols] if values else [], (rows, cols)),
                        shape=(len(texts), max(1, len(vocabulary))))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(matrix.multiply(1 / norms[:, None]))


_FREQUENCIES: dict[str, float] | None = None


def _rarity(word: str) -> float:
    """8 minus the word's Zipf frequency (log10 per billion words, "the" is 7.7): rare
    words and names weigh most; a word wordfreq has never seen weighs 8."""
    import math

    global _FREQUENCIES
    if _FREQUENCIES is None:
        from wordfreq import get_frequency_dict

        _FREQUENCIES = get_frequency_dict("en")
    frequency = _FREQUENCIES.get(word, 0.0)
    zipf = math.log10(frequency) + 9 if frequency > 0 else 0.0
    return max(0.3, 8.0 - zipf)


def _words(text: str) -> list[str]:
    return [w for w in (m.lower().replace("’", "'") for m in _WORD.findall(text)) if len(w) > 2 and w not in _STOP]


def _names(text: str) -> list[str]:
    out = []
    for match in _NAME.finditer(text):
        out += [w for w in match.group(0).lower().replace("-", " ").split() if w not in _STOP and len(w) > 1]
    return out + _YEAR.findall(text)


def _similarity(words, names, rows: slice):
    """Cosine similarity of `rows` with every member: the mean of the words' and the
    names' similarity. Dates play no part: a trial two years after a killing is one
    running story to a reader (and on the development clusters weighing down articles
    far apart split such a story while keeping no two events apart that names did not)."""
    return ((words[rows] @ words.T).toarray() + (names[rows] @ names.T).toarray()) / 2


def _average_linkage(sims) -> list[list[int]]:
    """Groups of indexes whose average-linkage similarity reaches SIMILARITY (scipy's
    hierarchical clustering on the distances 1 - similarity)."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distances = np.clip(1 - sims, 0, None)
    distances = (distances + distances.T) / 2  # exactly symmetric, as squareform wants
    np.fill_diagonal(distances, 0)
    labels = fcluster(linkage(squareform(distances, checks=False), method="average"),
                      t=1 - SIMILARITY, criterion="distance")
    parts: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        parts[int(label)].append(i)
    return list(parts.values())


class _Labeller:
    """A readable label for a story: the names its articles share most."""

    def __init__(self, members: list[Member]) -> None:
        self.df: Counter[str] = Counter()
        for member in members:
            self.df.update(set(self._phrases(member.text)))
        self.total = max(1, len(members))

    @staticmethod
    def _phrases(text: str) -> list[str]:
        found = []
        for match in _NAME.finditer(text):
            phrase = match.group(0)
            if phrase.lower() in _STOP or len(phrase) < 3:
                continue
            found.append(phrase)
        return found

    def label(self, group: list[Member]) -> str:
        import math

        inside: Counter[str] = Counter()
        for member in group:
            inside.update(set(self._phrases(member.text)))
        scored = sorted(inside, key=lambda p: (-inside[p] * math.log(1 + self.total / self.df[p]) * len(p.split()) ** 0.5, p))
        chosen: list[str] = []
        for phrase in scored:
            if any(phrase in other or other in phrase for other in chosen):
                continue
            chosen.append(phrase)
            if len(chosen) == 3:
                break
        return ", ".join(chosen) or " ".join(group[0].text.split()[:6])


def assignments(stories: Iterable[Story]) -> Mapping[str, str]:
    """Article id -> story id."""
    return {article: story.id for story in stories for article in story.article_ids}


def correct(store, *, move: list[str], to: str | None, merge: list[str]) -> str:
    """Apply a person's correction and redo the stories and comparisons (no NLP needed).

    --move ARTICLE... --to STORY: the articles join STORY (an existing story's id, id
    prefix or name, else a new story of that name). --merge S1 S2 ...: every article of
    these stories joins the last one. A story a person joins articles to keeps them by
    name: its current articles are pinned to it too, so detection cannot part them.
    Returns a line saying what was done."""
    from .ingest import compare_stories
    from .errors import StoreError

    if move:
        ids = [store.find_article(key) for key in move]
        target, name = _target(store, to or "")
        store.pin_articles([*(target and store.story_articles(target["id"]) or []), *ids], name)
        compare_stories(store)
        return f"moved {len(ids)} article{'s' * (len(ids) != 1)} to story {name!r}"
    found = [store.find_story(key) for key in merge]
    if len({s["id"] for s in found}) < 2:
        raise StoreError("--merge names one story twice; give two different stories")
    target, name = _target(store, found[-1]["id"])
    ids = [a for story in found for a in store.story_articles(story["id"])]
    store.pin_articles(ids, name)
    compare_stories(store)
    return f"merged {len(found)} stories ({len(ids)} articles) into story {name!r}"


def _target(store, key: str) -> tuple[dict | None, str]:
    """(the existing story `key` names, or None; the name its articles are pinned to):
    a detected story is named by its label (made unique), a new story by `key` itself."""
    from .errors import StoreError

    try:
        story = store.find_story(key)
    except StoreError:
        if not key.strip():
            raise
        return None, key.strip()
    if story["name"]:
        return story, story["name"]
    taken = {s["name"] for s in store.story_names() if s["name"]}
    name, n = story["label"], 2
    while name in taken:
        name, n = f"{story['label']} ({n})", n + 1
    return story, name
