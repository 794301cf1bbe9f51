"""Whose a quantity is (`_whose`): for an age, the person or the noun it describes; for
any claim, the product model a size designates ("13-inch", "macbook pro"), or the person
who has it (the possessor of its phrase, the name it stands by, the subject of its
clause), kept as "owner" when the NER calls the name a person's and as "owner_guess",
for the article pass to confirm, when it does not.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from .. import lexicon as lx
from .mentions import _Mention, _norm
from .not_claims import _clause_verb, _designates_model, _size_at
from .context import _PRONOUNS, _ancestors, _anchor, _distance

# Product words that are never a person's name, though the NER now and then says so
# ("Apple's MacBook Pro design": PERSON).
_PRODUCT_NAMES = {"macbook", "imac", "ipad", "iphone", "ipod", "chromebook", "thinkpad", "galaxy",
                  "playstation", "xbox", "kindle", "windows"}


# Counted things the subject of a clause does not own ("Klitschko led the 22,000 crowd").
_NOT_OWNED = lx.PEOPLE_CLASSES | lx.COLLECTIVE_NOUNS | {"people", "fan", "spectator", "player", "student",
                                                       "defender", "reason", "time", "way", "thing"}


def _model_name(doc: Doc, end: int, sent: Span) -> str | None:
    """The capitalised name words right after a size designation: "MacBook Pro"."""
    words = []
    for tok in doc[end + 1:min(sent.end, end + 5)]:
        if not tok.text[:1].isupper() or not tok.is_alpha:
            break
        words.append(tok.lower_)
    return " ".join(words) or None


def _product_owner(doc: Doc, m: _Mention, sent: Span) -> tuple[str, str | None] | None:
    """The size designation of the product model a price or spec is for, and its model name:
    "$1,099 for the base 13-inch version" -> ("13-inch", None), "The 13-inch MacBook Pro
    costs $1199" -> ("13-inch", "macbook pro"). A designation in the claim's own phrase wins,
    else the nearest in the claim's clause; one size shared by two ("13-and 15-inch") is none."""
    anchor = _anchor(m, doc)
    subtree = range(anchor.left_edge.i, anchor.right_edge.i + 1)
    clause = _clause_verb(anchor)
    found = []
    for tok in sent:
        i = tok.i
        if m.start <= i < m.end or not _designates_model(doc, i, sent):
            continue
        end = _size_at(doc, i, sent)
        assert end is not None
        if end - i > 2 or i - 1 >= sent.start and doc[i - 1].lower_ in ("and", "or", "to"):
            continue  # "13-and 15-inch": the size of two models
        # The nearest "for" phrase right after the claim ("$1,799 for a 15-inch version"; the
        # parse often hangs it on another word), then the claim's own phrase ("starts at $1,199
        # for the 13-inch option"), then the claim's clause ("the 13-inch has dropped to $1199").
        gap = doc[m.end:i]
        if m.end < sent.end and doc[m.end].lower_ == "for" and i > m.end \
                and not any(t.is_punct or t.pos_ in ("CCONJ", "VERB", "AUX") for t in gap):
            rank = 0
        elif i in subtree:
            rank = 1
        elif clause is not None and _clause_verb(doc[end]) == clause:
            rank = 2
        else:
            continue
        found.append((rank, _distance(anchor, doc[end]), i, end))
    if not found:
        return None
    _, _, i, end = min(found)
    return f"{_norm(doc[i].text)}-inch", _model_name(doc, end, sent)


def _person(tok: Token) -> tuple[str, str] | None:
    """A person's key (the surname: the head of the name, lower-cased) and the NER's label of
    the name; None for pronouns, common nouns, abbreviations ("GB") and product names."""
    if tok.pos_ == "PRON" or tok.lower_ in _PRONOUNS or not tok.text[:1].isupper() or tok.is_upper \
            or not tok.is_alpha:
        return None
    if tok.ent_type_ != "PERSON" and tok.pos_ not in ("PROPN", "NOUN"):
        # "Manning threw for 364 yards", tagged a verb: a name only if the article names
        # that person elsewhere (the label is no NER label, so _confirmed_owner asks that).
        return (tok.lower_, "UNTAGGED") if tok.dep_ == "nsubj" and tok.pos_ == "VERB" else None
    if tok.tag_ == "NNPS" and tok.ent_type_ != "PERSON" and tok.lower_.endswith("s"):
        return None  # a team ("the Colts"); "Peyton Hillis" is tagged so too, "Genovese" is no plural
    name = [c for c in tok.children if c.dep_ in ("compound", "flat") and c.i < tok.i] + [tok]
    if any(t.lower_ in _PRODUCT_NAMES or t.like_num for t in name):
        return None
    return tok.lower_, tok.ent_type_


def _subject_person(verb: Token, m: _Mention) -> tuple[str, str] | None:
    """The person who is the subject of the clause of `verb` (which holds the number):
    "Hansbrough now has 2,301 points", "Hansbrough, who now has 2,302 points", "Luck completed
    20 passes and threw for 205 yards". The subject of a reporting verb is its source."""
    for _ in range(4):
        lemma = verb.lemma_.lower()
        if lemma in lx.REPORTING_VERBS and not (lemma == "add" and any(
                c.dep_ == "dobj" and c.left_edge.i <= m.num_start <= c.right_edge.i for c in verb.children)):
            return None  # "police said", but "Lawson added 16 points"
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            subject = subjects[0]
            if subject.left_edge.i <= m.num_start <= subject.right_edge.i:
                return None  # the claim's own phrase is the subject
            if subject.lower_ in ("who", "that") and verb.dep_ == "relcl":
                return _person(verb.head)
            found = _person(subject)
            if found is None and subject.lower_ in ("he", "she"):
                # "He was sentenced to 12 years": whose is the person last named before it,
                # which only the article pass can see (claims_from_docs).
                found = subject.lower_, "PRON"
            if found is None and subject.pos_ == "NOUN":
                # "The 36-year-old champion Klitschko improved to 58-3", "Charles' big day
                # included an 86-yard touchdown run"
                names = [c for c in subject.children if c.dep_ in ("appos", "poss") and c.pos_ == "PROPN"]
                found = _person(names[0]) if names else None
            if found is not None and m.head is not None and m.head.lemma_.lower() in _NOT_OWNED:
                return None  # "Ford posed with two UNC students": the students are not Ford's
            return found
        # "..., including an 84-yard scamper": a participle's subject is its clause's.
        participle = verb.dep_ in ("advcl", "prep") and verb.tag_ in ("VBG", "VBN") \
            and not any(c.dep_ == "mark" and c.lower_ != "while" for c in verb.children)
        if verb.dep_ not in ("conj", "xcomp") and not participle or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


#: Verbs whose subject a prison term is: "was sentenced to 12 years", "serving a 15-year
#: sentence", "received a five-year sentence".
_TERM_VERBS = {"sentence", "serve", "receive", "get", "face", "jail", "imprison"}


def _spent_by_subject(doc: Doc, m: _Mention, verb: Token) -> bool:
    """ "worked ... for nearly 30 years": the duration is the object of a "for" on the verb;
    or it is a prison term of the verb's subject ("was sentenced to 12 years")."""
    number = doc[m.num_end - 1]
    # The term a duration is: the noun it counts, or the one it modifies ("a 15-year sentence").
    term = m.head if m.head is not None else doc[m.end - 1].head
    if verb.lemma_.lower() in _TERM_VERBS and (
            verb.lemma_.lower() in ("sentence", "jail", "imprison") or term.lemma_.lower() in ("sentence", "term")):
        return True
    return any(t.lower_ == "for" and t.head.i == verb.i for t in _ancestors(number)[1:4])


def _person_owner(doc: Doc, m: _Mention) -> tuple[str, str] | None:
    """Whose a number is when a person has it: the possessor of its phrase ("Luck's 4,183
    passing yards", "Ford's record of 2,290 points"), the name it stands by ("Thompson (36-3,
    24 KO)"), else the subject of its clause. Pronouns give none (no coreference)."""
    tok = _anchor(m, doc)
    apposed = m.start > 0 and doc[m.start - 1].text == "("
    for _ in range(10):
        if tok.pos_ in ("VERB", "AUX") and not (m.start <= tok.i < m.end):
            # A duration is the clock's or the event's ("With four minutes left, Wylie ..."),
            # but a span the subject spent doing it is the subject's ("Hiller has worked for
            # Kraft for about 15 years").
            if m.kind == "duration" and not _spent_by_subject(doc, m, tok):
                return None
            return _subject_person(tok, m)
        if tok.pos_ in ("NOUN", "PROPN"):
            owners = [c for c in tok.children if c.dep_ == "poss" and not (m.start <= c.i < m.end)]
            if owners and (owners[0].pos_ == "PROPN" or owners[0].ent_type_ == "PERSON"):
                return _person(owners[0])
            if tok.pos_ == "PROPN" and not (m.start <= tok.i < m.end):
                # "Thompson (36-3, 24 KO)": the name the number stands by, in apposition.
                return _person(tok) if apposed else None
        apposed = apposed or tok.dep_ == "appos"
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _whose(doc: Doc, m: _Mention, sent: Span, ents: list[Span]) -> dict[str, Any]:
    """Whose the quantity is, as facts. An age has "who": the nearest person named in the
    sentence ("John Smith, 45"), else the noun the age describes ("the 45-year-old suspect"
    -> "suspect"). Any claim may have "owner": a person's surname (lower-cased, so "Tyler
    Hansbrough" and "Hansbrough" meet), or the size designation of a product model ("13-inch"),
    then with "model", the model's name when the sentence gives it ("macbook pro"). A name
    the NER does not call a person is an "owner_guess" (name, NER label), which the article
    pass keeps only when the article names that person elsewhere (`_confirmed_owner`)."""
    facts: dict[str, Any] = {}
    if m.kind == "age":
        anchor = _anchor(m, doc)
        people = [e for e in ents if e.label_ == "PERSON" and not (m.start <= e.start < m.end)]
        if people:
            person = min(people, key=lambda e: _distance(anchor, e.root))
            names = [t for t in person if t.is_alpha]
            # The person's only when the age is the person's own ("the 40-year-old Thompson",
            # "John Smith, 45"), not the nearest name to "the 40-year-old American" or to
            # "a 27-year-old parolee is found near the house where Jerry Ortiz had been shot".
            described = any(t.i == person.root.i for t in _ancestors(anchor)[:5]) \
                or (person.end == m.start - 1 and doc[person.end].text == ",")
            if described:
                facts["who"] = person.text
                if names:
                    facts["owner"] = names[-1].lower_
                return facts
        if m.end < len(doc) and doc[m.end].lower_ in ("'s", "’s"):
            facts["who"] = None  # "the 23-year-old's plea": the age of whoever the plea is
            return facts
        tok = doc[m.num_end - 1]
        for _ in range(5):  # "45" -> "year" -> "old" -> "suspect"
            if tok.pos_ in ("NOUN", "PROPN") and not (m.start <= tok.i < m.end) \
                    and tok.lower_ not in ("age", "ages"):  # "two sons, ages 6 and 16": sons
                facts["who"] = tok.lemma_.lower()
                found = _person(tok) if tok.pos_ == "PROPN" else None
                if found is not None:
                    facts["owner_guess"] = list(found)  # "the 40-year-old Thompson"
                return facts
            if tok.head.i == tok.i:
                break
            tok = tok.head
        facts["who"] = None
        return facts
    product = _product_owner(doc, m, sent)
    if product is not None:
        facts["owner"] = product[0]
        if product[1]:
            facts["model"] = product[1]
        return facts
    person = _person_owner(doc, m)
    if person is not None and person[1] == "PERSON":
        facts["owner"] = person[0]
    elif person is not None:
        facts["owner_guess"] = list(person)
    return facts
