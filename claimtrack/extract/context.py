"""The context of a claim in its sentence: the predicate (the event, from the dependency
parse), the topic of a number that counts no noun, its direction of change, who states
it, where (the nearest place entity in reach) and when (a stated period or a DATE entity
in reach); `normalise_period` and `period_aliases` turn period texts into keys for the
article pass.
The dependency-tree walks that `owners` shares (`_anchor`, `_ancestors`, `_distance`) are
here.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from .. import lexicon as lx
from .mentions import _Mention
from .not_claims import _clause_verb

_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "this", "that", "who"}


def _anchor(m: _Mention, doc: Doc) -> Token:
    return m.head if m.head is not None else doc[m.num_end - 1]


def _ancestors(tok: Token) -> list[Token]:
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < 30:
        chain.append(chain[-1].head)
    return chain


def _distance(a: Token, b: Token) -> int:
    chain_a = _ancestors(a)
    index_a = {t.i: n for n, t in enumerate(chain_a)}
    for n, t in enumerate(_ancestors(b)):
        if t.i in index_a:
            return n + index_a[t.i]
    return 99


# --- what: the predicate, the topic, the change -------------------------------


def _predicate(doc: Doc, m: _Mention, sent: Span) -> tuple[str | None, Token | None]:
    """The event the number belongs to ("release", "refuse to honor") and its verb token."""
    anchor = _anchor(m, doc)
    if m.facts.get("multiplier") == "verb" and anchor.pos_ == "VERB":
        return _verb_phrase(anchor, m), anchor  # "prices have doubled": the number is the verb
    # A verb attached to the counted noun itself: "22 aliens released by", "migrants charged with",
    # or to a duration's unit: "with 9 months to serve".
    noun = m.head
    if noun is None and m.kind == "duration" and doc[m.end - 1].pos_ == "NOUN":
        noun = doc[m.end - 1]
    if noun is not None:
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX") and child.i > noun.i:
                if noun.dep_ == "dobj" and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                    continue  # "called a further four appliances to help": the purpose, not the event
                return _verb_phrase(child, m), child
            if child.dep_ == "amod" and child.tag_ == "VBN" and m.num_end <= child.i < noun.i:
                return child.lemma_.lower(), child
    described = doc[m.end - 1].head if m.kind == "duration" else None
    if described is not None and described.i >= m.end and described.pos_ == "NOUN" \
            and described.lemma_.lower() in lx.EVENT_NOUNS and doc[m.end - 1].dep_ in ("compound", "nummod", "amod"):
        # "serving a 12-year sentence" states the sentence, as "was sentenced to 12 years" does;
        # "another three-year sentence" is a further one, no other report's figure for it.
        if any(c.dep_ == "det" and c.lower_ == "another" for c in described.children):
            m.facts["another"] = True
        return lx.EVENT_NOUNS[described.lemma_.lower()], described
    tok = anchor
    came_by_of = False
    for _ in range(12):
        if tok.head.i == tok.i:
            break
        parent = tok.head
        if parent.pos_ == "NOUN" and parent.lemma_.lower() in lx.EVENT_NOUNS and came_by_of:
            return lx.EVENT_NOUNS[parent.lemma_.lower()], parent
        came_by_of = parent.lower_ == "of"
        tok = parent
        # A verb, or "be" heading a clause ("found the vaccine was 84% effective").
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ in ("ROOT", "ccomp", "advcl", "relcl", "conj")):
            if _opened_by_elapsed_word(tok, m):
                # "married three weeks before he was murdered": the duration dates the
                # marrying; the before-clause only names the later event. The verb is the
                # one just before the duration (the parse may hang the clause elsewhere).
                main = _verb_before(doc, m, sent) or (tok.head if tok.head.pos_ in ("VERB", "AUX") else None)
                tok = main or tok
            if m.kind == "duration" and tok.lemma_.lower() in lx.NEUTRAL_PREDICATES:
                # "was outside for nine minutes before coming back": being outside is no event;
                # the coming back that ends the span is.
                ending = [v for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in ("before", "until")
                          for v in prep.children if v.dep_ == "pcomp" and v.pos_ == "VERB"]
                if ending:
                    return _verb_phrase(ending[0], m), ending[0]
            return _verb_phrase(tok, m), tok
    return None, None


def _opened_by_elapsed_word(verb: Token, m: _Mention) -> bool:
    """Whether `verb` heads the clause that the word after a duration introduces ("three
    weeks [before] he was murdered")."""
    elapsed = m.facts.get("elapsed")
    return elapsed is not None and verb.dep_ == "advcl" and any(
        c.i == elapsed and c.dep_ == "mark" for c in verb.children)


def _verb_before(doc: Doc, m: _Mention, sent: Span) -> Token | None:
    """The nearest verb before the mention in its stretch of the sentence (no punctuation
    between): "married the deputy [three weeks]"."""
    for k in range(m.start - 1, sent.start - 1, -1):
        if doc[k].is_punct:
            return None
        if doc[k].pos_ == "VERB":
            return doc[k]
    return None


def _verb_phrase(verb: Token, m: _Mention) -> str:
    lemma = verb.lemma_.lower()
    if verb.i >= 2 and verb.doc[verb.i - 1].text == "-" and verb.doc[verb.i - 2].lower_ == "re" \
            and not verb.doc[verb.i - 2].whitespace_ and not verb.doc[verb.i - 1].whitespace_:
        lemma = f"re-{lemma}"  # the tokenizer splits "re-entered"; "entered" is another event
    words = [lemma]
    # "moved back" is parsed with an adverb where "came back" has a particle: both return.
    particles = [c.lower_ for c in verb.children if c.i > verb.i and (
        c.dep_ in ("prt", "acomp") or (c.dep_ == "advmod" and c.lower_ == "back" and c.i == verb.i + 1))]
    words.extend(particles)
    if verb.lemma_.lower() in lx.LIGHT_VERBS:
        objects = [c for c in verb.children if c.dep_ == "dobj" and (m.head is None or c.i != m.head.i)
                   and not (m.num_start <= c.i < m.end)]
        if objects and objects[0].pos_ == "NOUN":
            words.append(objects[0].lemma_.lower())
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB" and verb.head.lemma_.lower() not in lx.REPORTING_VERBS \
            and verb.head.lemma_.lower() not in ("ask", "allow", "want", "help", "use"):
        words = [verb.head.lemma_.lower(), "to", *words]
    if any(c.dep_ == "neg" for c in verb.children):
        words.insert(0, "not")
    modals = [c.lower_ for c in verb.children if c.dep_ == "aux" and c.lower_ in lx.POSSIBILITY_MODALS]
    if modals:
        m.facts["modality"] = modals[0]
    return " ".join(words)


def _noun_phrase(noun: Token) -> tuple[str, str]:
    """(lemma key, text) of a noun with its compound and adjective modifiers: "unemployment rate"."""
    words = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
    key = " ".join([w.lemma_.lower() for w in words if w.dep_ == "compound"] + [noun.lemma_.lower()])
    text = noun.doc[(words[0].i if words else noun.i):noun.i + 1].text
    return key, text


def _topic(doc: Doc, m: _Mention, verb: Token | None) -> tuple[str, str] | None:
    """What a number without a counted noun is about: "revenue of $8.2 billion",
    "the unemployment rate fell to 4.2%", "a $1.4 trillion deficit"."""
    anchor = doc[m.num_end - 1]
    if anchor.head.pos_ in ("NOUN", "PROPN") and anchor.head.i >= m.end \
            and anchor.dep_ in ("nummod", "compound", "amod") and not any(t.is_punct for t in doc[m.end:anchor.head.i]):
        # Not across a dash: "with 4,051 yards-breaking Cam Newton's record" is no record of Newton's yards.
        return _noun_phrase(anchor.head)
    tok = anchor
    for _ in range(4):
        parent = tok.head
        if parent.i == tok.i:
            break
        if parent.lower_ == "of" and parent.head.pos_ == "NOUN" and (
                parent.head.lemma_.lower() not in lx.CONTAINER_NOUNS or parent.head.lemma_.lower() in lx.COLLECTIVE_NOUNS):
            return _noun_phrase(parent.head)
        if verb is not None and parent.i == verb.i:
            break
        tok = parent
    # The subject names the quantity only with verbs of being and change ("the rate was 4%",
    # "profit rose 9%"); with actions it is the actor ("the drugmaker will pay $950 million").
    if verb is not None and (verb.lemma_.lower() in lx.NEUTRAL_PREDICATES or verb.lemma_.lower() in lx.CHANGE_VERBS
                             or m.change):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN") \
                    and not (m.start <= child.i < m.end):
                return _noun_phrase(child)
    return None


def _change(doc: Doc, m: _Mention, verb: Token | None, sent: Span) -> str | None:
    before = doc[m.start - 1].lower_ if m.start > sent.start else ""
    if before in ("up", "down") and m.qualifier == "exact":
        return "up" if before == "up" else "down"
    if before in ("to", "from", "at", "of", "than"):
        return None  # "climbed 4.2% to 318p": 318p is a level
    after = doc[m.end].lower_ if m.end < sent.end else ""
    if after in ("higher", "more", "up") or (m.head is not None and m.num_end < sent.end
                                               and doc[m.num_end].lower_ == "more"):
        return "up"
    if after in ("lower", "fewer", "less", "down") or (m.head is not None and m.num_end < sent.end
                                                         and doc[m.num_end].lower_ in ("fewer", "less")):
        return "down"
    noun = _change_noun(doc, m)
    if noun is not None:
        return noun
    if verb is None:
        return None
    direction = lx.CHANGE_VERBS.get(verb.lemma_.lower())
    if direction is None:
        return None
    # "climbed 4.2% to 318p": the number after "to", "from" or "at" is a level, not the change.
    anchor = _anchor(m, doc)
    tok = anchor
    # Token objects are created anew on each access: compare positions, never identity.
    while tok.head.i != tok.i and tok.head.i != verb.i:
        if tok.head.lower_ in ("to", "from", "at", "of", "with", "than", "in", "for", "after"):
            return None
        tok = tok.head
    if tok.head.i == verb.i and tok.dep_ in ("nsubj", "nsubjpass"):
        return None
    if m.kind == "duration" and tok.dep_ == "prep" and tok.lower_ != "by":
        return None  # "six wickets fell in under an hour": the time it took, not a fall
    return direction


def _change_noun(doc: Doc, m: _Mention) -> str | None:
    """ "a 4.99% rise", "a pay rise of 4.75%", "a 6% drop": the direction a noun gives."""
    tok = doc[m.num_end - 1] if m.head is None else m.head
    for _ in range(3):
        parent = tok.head
        if parent.i == tok.i:
            break
        if parent.pos_ == "NOUN" and not (m.start <= parent.i < m.end):
            direction = lx.CHANGE_NOUNS.get(parent.lemma_.lower())
            if direction:
                return direction
            if parent.lower_ not in ("%", "percent", "point", "points", "cent"):
                return None  # another noun owns the number
        tok = parent
    return None


# --- who says it --------------------------------------------------------------


def _attribution(doc: Doc, m: _Mention, sent: Span) -> str | None:
    """Who states the number: "according to X", "X said", "as X reported"."""
    according = []
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "to":
            objects = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objects:
                according.append(_subtree_text(objects[0]))
    speakers = []
    for tok in _ancestors(_anchor(m, doc)) + [t for t in sent if t.dep_ in ("advcl", "ROOT", "parataxis")]:
        if tok.lemma_.lower() in lx.REPORTING_VERBS and tok.pos_ == "VERB":
            for subject in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")):
                if subject.left_edge.i <= m.num_start <= subject.right_edge.i:
                    continue  # the claim's own noun phrase is not its source
                if subject.lower_ not in _PRONOUNS and subject.pos_ in ("NOUN", "PROPN"):
                    speakers.append(_subtree_text(subject))
    speakers = list(dict.fromkeys(speakers))
    if speakers and according and according[0] not in speakers:
        return f"{speakers[0]}, according to {according[0]}"
    return (speakers or according or [None])[0]


def _subtree_text(tok: Token) -> str:
    left = tok.left_edge.i
    right = tok.right_edge.i
    return tok.doc[left:right + 1].text.strip(" ,")


# --- where --------------------------------------------------------------------


_PLACE_LABELS = {"GPE", "LOC", "FAC"}


def clean_place(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    return re.sub(r"[’']s$", "", text).strip(" ,")


# Prepositions that put what a clause says in a place ("in Banstead", "near the junction").
_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "from", "on", "into",
             "within", "off", "along", "to", "toward", "towards", "through", "of", "between", "behind",
             "by"}  # "released by Mecklenburg County"


def _names_a_location(root: Token) -> bool:
    """Whether a place name (its root token) in a sentence says where something is, or only
    names something else: a team or an outlet ("Louisville's Earl Clark", "the Indianapolis
    defense", "the Kansas City Chiefs"), or a person the NER took for a place ("his second
    wife, Chela")."""
    if any(c.dep_ == "appos" and c.like_num for c in root.children):
        return False  # "Raj Chohan, 59,": a person with an age
    if root.dep_ == "pobj":
        return root.head.lower_ in _LOCATIVE
    if root.dep_ == "appos":
        return bool(root.head.ent_type_) and _names_a_location(root.head)
    if root.dep_ == "poss":  # "Denver's light rail", but not "Louisville's Earl Clark"
        return root.head.ent_type_ != "PERSON"
    if root.dep_ == "compound":  # "the Denver franchise", but not "the Kansas City Chiefs"
        return root.head.pos_ == "NOUN"
    return root.dep_ in ("nsubj", "nsubjpass", "dobj", "npadvmod", "conj", "ROOT") and root.pos_ == "PROPN"


def _place(doc: Doc, m: _Mention, ents: list[Span]) -> str | None:
    anchor = _anchor(m, doc)
    places = [e for e in ents if e.label_ in _PLACE_LABELS and not (m.start <= e.start < m.end)
              and _names_a_location(e.root)]
    if not places:
        return None
    best = min(places, key=lambda e: (_distance(anchor, e.root), -_specificity(e.text)))
    if _distance(anchor, best.root) > PLACE_REACH:
        return None  # a place of another clause ("12 weeks ago after a spell living in Cardiff")
    return clean_place(best.text)


#: How far (in dependency arcs) a place may be from the figure it says where of.
PLACE_REACH = 6


def _specificity(text: str) -> int:
    return 1 if re.search(r"\b(county|city|town|jail|parish|borough)\b", text, re.I) else 0


# --- when ---------------------------------------------------------------------


def _is_duration_claim(ent: Span, claims: list[_Mention]) -> bool:
    return any(c.kind == "duration" and ent.start <= c.num_start < ent.end for c in claims)


def _period(doc: Doc, m: _Mention, sent: Span, periods: list[Span], ents: list[Span]) -> str | None:
    anchor = _anchor(m, doc)
    candidates = [p for p in periods if not (p.start <= m.num_start < p.end)]
    candidates += [e for e in ents if e.label_ == "DATE" and not (e.start <= m.num_start < e.end)
                   and not (m.start <= e.start < m.end)  # "a quarter-century": the claim's own words
                   and not any(e.start <= p.start < e.end or p.start <= e.start < p.end for p in periods)
                   and _is_period_text(e.text)]
    if not candidates:
        return None
    candidates = [p for p in candidates if not re.match(r"(every|each|per|a|an)\b", p.text, re.I)
                  # An age is a person's at the sentence's date wherever it hangs ("the
                  # 29-year-old Gigante ..., but he was acquitted in 1958").
                  and (m.kind == "age" or _in_reach(anchor, p.root))]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (p not in periods, _distance(anchor, p.root)))
    text = best.text
    if best.start > sent.start and doc[best.start - 1].lower_ in ("since", "until", "through"):
        text = f"{doc[best.start - 1].lower_} {text}"
    return text


def _in_reach(anchor: Token, date: Token) -> bool:
    """Whether a date scopes the clause of `anchor`: it hangs on that clause's verb or on a
    verb the clause is part of, but not on a coordinated verb ("proposed the rules in May
    and since has received 300,000 comments": May is when they were proposed), unless it
    stands before that verb and so opens the whole sentence ("In 2019 the county recorded
    30 deaths and reported 12 injuries")."""
    verb = _clause_verb(date)
    if verb is None:
        return True  # a headline or a fragment: no clause to tell apart
    targets = {verb}
    # A clause that opens the sentence scopes what follows it ("Sworn into office in Dec.
    # 2018, Baker ... resulting in the release of 16 illegal aliens").
    tok = date.doc[verb]
    while tok.dep_ in ("advcl", "prep", "npadvmod") and tok.i < tok.head.i:
        tok = tok.head
        targets.add(tok.i)
    above_date = {t.i for t in _ancestors(date)}
    tok = anchor
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        if tok.i in above_date:
            return True  # the claim's own words: "a 12-year sentence imposed in 1997"
        tok = tok.head
    tok = anchor
    for _ in range(30):
        if tok.i in targets:
            return True
        if tok.head.i == tok.i:
            return False
        # Leaving one conjunct for the one it joins: a date inside that other conjunct, after
        # its head, is that conjunct's own ("after four months of talks and over the
        # objections of 235,000 comments").
        if tok.dep_ == "conj" and tok.head.i in above_date and tok.i not in above_date \
                and date.i > tok.head.i:
            return False
        tok = tok.head
    return False


def _is_period_text(text: str) -> bool:
    """DATE entities that scope a count (years, fiscal years, months), not ages or durations."""
    lowered = text.lower()
    return bool(re.search(r"\b(1[6-9]\d\d|20\d\d)\b|fiscal|year|month|quarter|week|season|(first|second) half|"
                          + "|".join(sorted(lx.MONTHS)), lowered)) and "old" not in lowered


def normalise_period(text: str, aliases: dict[str, str] | None = None) -> str:
    """A normalised key for a period's text: "Fiscal Year 2019" and "the 2019 fiscal year" -> "fy2019"."""
    lowered = text.lower()
    fiscal = re.search(r"fiscal(?: year)?\s*(\d{4})|(\d{4})\s+fiscal|\bfy\s*(\d{2,4})", lowered)
    if fiscal:
        year = next(g for g in fiscal.groups() if g)
        return f"fy{year if len(year) == 4 else '20' + year}"
    words = re.sub(r"[^a-z0-9 ]", " ", lowered).split()
    key = " ".join(w for w in words if w not in ("the", "in", "during", "over", "for", "of", "by"))
    # "year's end" = "the end of the year"; "the coming school year" = "next year".
    key = re.sub(r"\b(\w+) s (end|start|beginning)\b", r"\2 \1", key)
    key = re.sub(r"\bcoming\b", "next", key)
    key = re.sub(r"\b(next|this|last) (school|academic) year\b", r"\1 year", key)
    if aliases:
        for duration, alias in aliases.items():
            if duration in key:
                return alias
    return key


_DURATION_WORDS = {"ten": "10", "twelve": "12", "six": "6", "three": "3", "two": "2", "nine": "9",
                   "eight": "8", "seven": "7", "five": "5", "four": "4", "eleven": "11"}


def period_aliases(doc: Doc) -> dict[str, str]:
    """Periods an article equates: "The ten months cover the duration of the 2019 fiscal year"."""
    aliases = {}
    ents = list(doc.ents)
    starts = [e.start for e in ents]
    for sent in doc.sents:
        root = sent.root
        if root.lemma_.lower() not in ("cover", "span", "be", "represent", "correspond", "make"):
            continue
        sent_ents = ents[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]
        subjects = [c for c in root.children if c.dep_ == "nsubj" and c.lemma_.lower() in
                    ("month", "year", "week", "day", "quarter")]
        years = [e for e in sent_ents if e.label_ == "DATE" and re.search(r"fiscal|\bfy", e.text, re.I)]
        if subjects and years:
            numbers = [c.lower_ for c in subjects[0].children if c.dep_ == "nummod"]
            if numbers:
                count = _DURATION_WORDS.get(numbers[0], numbers[0])
                aliases[f"{count} {subjects[0].lower_}"] = normalise_period(years[0].text)
    return aliases
