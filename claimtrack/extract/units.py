"""What a number measures: `_assign_unit` gives each mention its unit and kind (money,
measure, percent, duration, age, ratio, count) from a currency sign, a unit word, an age
phrase or the noun it counts ("489 detainer requests"); `_rate_after` adds a rate ("a
barrel", "per capita"), `_toll_word` a headline's toll ("2 Dead") and `_share_units` a
noun the sentence elides, taken from a neighbour ("52 votes to 47").
"""

from __future__ import annotations

import re
from decimal import Decimal

from spacy.tokens import Doc, Span, Token

from .. import lexicon as lx
from ..numbers import parse_number
from .mentions import _matches, _measure_after, _Mention, _number_run

# Words that end a counted-noun phrase: "211 last year" counts something else than years.
_NOT_IN_NOUN_PHRASE = {"last", "next", "this", "every", "each", "per", "a", "an", "that", "the", "in",
                       "on", "at", "by", "to", "from", "than", ","}


def _currency_before(doc: Doc, i: int, floor: int) -> tuple[str, int] | None:
    if i - 1 >= floor:
        prev = doc[i - 1].lower_
        if prev in lx.CURRENCY_SYMBOLS:
            start = i - 1
            if prev == "$" and i - 2 >= floor and doc[i - 2].text in ("US", "U.S.", "A", "C", "NZ", "HK", "S"):
                name = lx.CURRENCY_SYMBOLS.get(doc[i - 2].text.lower().replace(".", "") + "$", "dollar")
                return name, i - 2
            return lx.CURRENCY_SYMBOLS[prev], start
        # The tokenizer splits "Rs." into "Rs" + "." before a number: "Rs. 300 crore".
        if prev == "." and i - 2 >= floor and doc[i - 2].whitespace_ == "" \
                and doc[i - 2].lower_ + "." in lx.CURRENCY_SYMBOLS:
            return lx.CURRENCY_SYMBOLS[doc[i - 2].lower_ + "."], i - 2
    return None


def _assign_unit(doc: Doc, m: _Mention, sent: Span) -> None:
    if m.facts.get("multiplier"):
        return  # "doubled", "twice": ratio, unit "time", set when found
    if m.facts.pop("unit_set", False):
        return  # set where it was found ("a fourth-year pro": mentions._year_of_service_at)
    noun = m.facts.pop("counted_noun", None)
    if noun is not None:  # a streak's or tally's noun, found with it (mentions._streak_at)
        m.head = doc[noun]
        m.unit = lx.singular(m.head.lower_, lemma=m.head.lemma_.lower())
        m.unit_text, m.end = doc[m.num_end:noun + 1].text, noun + 1
        return
    limit = sent.end
    if m.facts.get("unit_inside"):
        measure = _measure_after(doc, m.num_start + 1, limit)
        assert measure is not None  # the finder saw it
        m.unit, m.kind = measure[0], measure[1]
        _in_years(m)
        return
    glued = m.facts.get("glued")
    currency = _currency_before(doc, m.start, sent.start)
    if currency is None and m.start < m.num_start:
        # A range's lead word before the symbol: "between $5 million and $7 million".
        inner = _currency_before(doc, m.num_start, m.start)
        if inner is not None:
            currency = (inner[0], m.start)
    k = m.end
    if currency is not None:
        m.unit, m.kind = currency[0], "money"
        m.start = currency[1]
    if not glued and currency is None and k < limit and k == m.num_end and doc[k - 1].whitespace_ == "" \
            and doc[k].lower_ in lx.GLUED_ONLY and doc[k].lower_ in lx.MEASURE_UNITS and doc[k].text != "G":
        # The tokenizer split "6ft" and "4in" into two tokens with nothing between them ("4G"
        # is a network's generation: grams are "g").
        glued = m.facts["glued"] = doc[k].lower_
        m.end = k = k + 1
    if glued:
        if glued in lx.CURRENCY_WORDS and glued in ("p",):
            m.unit, m.kind = "penny", "money"
        elif glued in lx.MEASURE_UNITS:
            m.unit, m.kind = lx.MEASURE_UNITS[glued]
        elif glued.endswith("-year-old") or glued in ("yo",):
            m.unit, m.kind = "year", "age"
    # Ages: "11-year-old", "34 years old", "aged 34".
    if _matches(doc, k, limit, ("-", "year", "-", "old")) or _matches(doc, k, limit, ("-", "years", "-", "old")):
        m.unit, m.kind, m.end = "year", "age", k + 4
        return
    if _matches(doc, k, limit, ("years", "old")) or _matches(doc, k, limit, ("year", "old")):
        m.unit, m.kind, m.end = "year", "age", k + 2
        return
    if _matches(doc, k, limit, ("-", "year", "old")) or _matches(doc, k, limit, ("-", "years", "old")):
        m.unit, m.kind, m.end = "year", "age", k + 3  # "the 23-year old's", one hyphen left out
        return
    if k < limit and doc[k].lower_ == "yo" and m.value is not None:
        m.unit, m.kind, m.end = "year", "age", k + 1  # "a 87 yo man"
        return
    young = _young_age(doc, k, limit)
    if young is not None:
        # "ten months old", "an 8-to 12-week-old fetus": an age in the unit stated (the
        # development set's readers keep weeks as weeks).
        m.unit, m.end = young
        m.kind = "age"
        return
    if _after_age_word(doc, m, sent):
        m.unit, m.kind = "year", "age"
        return
    if _is_appositive_age(doc, m, sent) or _is_stated_age(doc, m, sent):
        m.unit, m.kind = "year", "age"
        return
    if m.kind == "money":
        _counted_noun(doc, m, sent, money=True)
        return
    if m.num_end + 2 < limit and doc[m.num_end].text == "-":
        # "an 86-yard touchdown run": the hyphenated unit measures the run, however long
        # the noun phrase taken after it ("84-yard scamper" is already read this way).
        measure = _measure_after(doc, m.num_end + 1, limit)
        if measure is not None and measure[1] == "measure" and measure[0] not in ("percent", "point") \
                and doc[m.num_end + 1].lower_ not in lx.CURRENCY_WORDS:  # "a 10-pound note" is money
            m.unit, m.kind, m.end = measure
            return
    if k < limit:
        nxt = doc[k]
        if nxt.lower_ in ("times", "fold") or (nxt.lower_ == "-" and k + 1 < limit and doc[k + 1].lower_ == "fold"):
            m.unit, m.kind, m.end = "time", "count" if _how_often(doc, k, limit) else "ratio", k + 1
            return
        if nxt.lower_ == "in" and k + 1 < limit and m.value is not None:
            at = k + 2 if doc[k + 1].lower_ == "every" and k + 2 < limit else k + 1  # "one in every 500"
            run = _number_run(doc, at, limit)
            if run is not None and doc[at].lower_ not in ("a", "an"):
                denominator = parse_number(doc[at:run[0]].text)
                if denominator and denominator >= m.value and not re.fullmatch(r"1[6-9]\d\d|20\d\d", doc[at].text):
                    m.value = m.low = m.high = m.value / denominator
                    m.unit, m.kind, m.end = "fraction", "ratio", run[0]
                    return
        if nxt.text in ('"', "″") and doc[k - 1].whitespace_ == "" and k + 1 < limit \
                and doc[k + 1].pos_ in ("NOUN", "PROPN", "ADJ") and m.end == m.num_end:
            m.unit, m.kind, m.end = "inch", "measure", k + 1  # 'a 3.1" touch screen'
            return
        word = nxt.lower_
        weight = word in ("pound", "pounds") and _pound_is_weight(doc, m, sent, nxt)
        if weight:
            m.unit, m.kind, m.end = "pound", "measure", k + 1
            return
        if word in lx.CURRENCY_WORDS and word not in ("p", "won"):
            m.unit, m.kind, m.end = lx.CURRENCY_WORDS[word], "money", k + 1
            if word in ("pound", "pounds") and _matches(doc, k + 1, limit, ("sterling",)):
                m.end = k + 2  # "200 pounds sterling"
            return
        if word in lx.CURRENCY_SYMBOLS and (not word.isalpha() or (len(word) == 3 and word != "rub")) \
                and not glued:
            m.unit, m.kind, m.end = lx.CURRENCY_SYMBOLS[word], "money", k + 1  # "10 €", "40 rmb", "5 chf"
            return
        measure = _measure_after(doc, k, limit)
        if measure is not None:
            m.unit, m.kind, m.end = measure
            if m.unit in ("percent", "percentage point", "basis point"):
                m.kind = "percent"
                _percent_of(doc, m, sent)
            _in_years(m)
            return
        if glued == "%":
            m.unit, m.kind = "percent", "percent"
            _percent_of(doc, m, sent)
            return
    if m.unit is None and glued in ("%",):
        m.unit, m.kind = "percent", "percent"
        return
    if m.unit is not None:
        return
    words = doc[m.num_start:m.num_end].text.lower()
    if m.value is not None and 0 < m.value < 1 \
            and any(w in words for w in ("half", "third", "quarter", "fifth", "fourth", "tenth")):
        # "half a percentage point", "a quarter of a mile", "a quarter-century": that fraction
        # of the unit.
        article = k + 1 if k < limit and doc[k].lower_ == "of" else k
        if k + 1 < limit and doc[k].text == "-" and doc[k - 1].whitespace_ == "" and doc[k].whitespace_ == "":
            article = k  # "-" stands where "a" would
        if article + 1 < limit and doc[article].lower_ in ("a", "an", "-"):
            measure = _measure_after(doc, article + 1, limit)
            if measure is not None:
                m.unit, m.kind, m.end = measure
                if m.unit in ("percent", "percentage point", "basis point"):
                    m.kind = "percent"
                _in_years(m)
                return
        if _is_one_more_person(doc, m, sent):
            one = Decimal(1)
            m.value, m.low, m.high, m.unit, m.kind = one, one, one, "person", "count"
            return
        # "a third of teachers": a share of the teachers, not a count of them.
        m.unit, m.kind = "fraction", "ratio"
        if k < limit and doc[k].lower_ == "of":
            _percent_of(doc, m, sent)
        if not (k < limit and doc[k].lower_ in ("a", "an")):  # "half a mile" is a measure
            return
        m.unit, m.kind = None, "count"
    _counted_noun(doc, m, sent)
    if m.unit is None and m.kind == "count" and _counts_people_object(doc, m, sent):
        m.unit = "person"
    elif m.unit is None and m.kind == "count" and _counts_children(doc, m, sent):
        m.unit = "child"


def _young_age(doc: Doc, k: int, limit: int) -> tuple[str, int] | None:
    """(unit, end) of "months old", "weeks old", "days old" (or "-day-old") at k."""
    at = k + 1 if k < limit and doc[k].text == "-" else k
    if at >= limit or doc[at].lower_ not in _YOUNG_UNITS:
        return None  # the usual case, answered at once
    unit = _YOUNG_UNITS[doc[at].lower_]
    for rest in (("-", "old"), ("old",), ("of", "age")):
        if _matches(doc, at + 1, limit, rest) and (at == k or rest != ("of", "age")):
            return unit, at + 1 + len(rest)
    return None


_YOUNG_UNITS = {form: unit for unit in ("month", "week", "day") for form in (unit, unit + "s")}


def _how_often(doc: Doc, k: int, limit: int) -> bool:
    """Whether "times" at k counts how often a thing was done ("stabbed three times", "has
    been married four times") rather than multiplies ("three times as many", "five times
    larger", "four times the average")."""
    times = doc[k]
    if times.lower_ != "times" or times.head.pos_ != "VERB" or times.dep_ not in ("npadvmod", "dobj", "advmod"):
        return False
    after = doc[k + 1] if k + 1 < limit else None
    return after is None or not (after.lower_ in lx.MULTIPLIED_LEADS or after.tag_ in ("JJR", "RBR")
                                 or after.lower_ in ("more", "less", "fewer", "than", "over", "higher", "lower"))


def _counts_people_object(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "opened fire, killing three and injuring several others", "the blast killed 12": a bare
    number as the object of a verb whose object is people counts people."""
    if m.head is not None or m.end != m.num_end:
        return False
    number = doc[m.num_end - 1]
    if number.dep_ != "dobj" or (m.end < sent.end and doc[m.end].pos_ in ("NOUN", "PROPN", "NUM")):
        return False
    return number.head.lemma_.lower() in _PEOPLE_OBJECT_VERBS


def _counts_children(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "a mother of two", "the father of three young children" (the noun, when there is
    one, is the counted thing already): a bare number after a parent's "of" counts children."""
    if m.head is not None or m.end != m.num_end or m.start - 2 < sent.start or doc[m.start - 1].lower_ != "of":
        return False
    return doc[m.start - 2].lemma_.lower() in _PARENTS and not (m.end < sent.end and doc[m.end].pos_ in ("NOUN", "NUM"))


_PARENTS = {"mother", "father", "parent", "mom", "dad", "grandmother", "grandfather", "grandparent"}


# Verbs whose bare number object is people (not "strike", "claim": "the clock struck twelve").
_PEOPLE_OBJECT_VERBS = {"kill", "murder", "shoot", "stab", "injure", "wound", "hurt", "arrest"}


# Decades and centuries are stated in years, so "three decades" compares with "30 years".
_YEARS_IN = {"decade": 10, "century": 100}


def _toll_word(doc: Doc, m: _Mention, sent: Span) -> None:
    """A number of people named by their state, as headlines and lists give tolls ("2 Dead,
    1 Wounded", "four dead, 12 injured"): people, with the event the word reports."""
    word = m.num_end  # the word after the number ("Dead" may already be taken for a noun)
    if word < sent.end and doc[word].lower_ in lx.TOLL_WORDS and m.end <= word + 1 \
            and (word + 1 == sent.end or not doc[word + 1].is_alpha or doc[word + 1].lower_ in ("and", "in", "after")):
        m.facts["toll"] = lx.TOLL_WORDS[doc[word].lower_]
        m.unit, m.unit_text, m.head, m.end = "person", None, None, word + 1


def _in_years(m: _Mention) -> None:
    factor = _YEARS_IN.get(m.unit or "") if m.kind == "duration" else None
    if factor:
        m.value, m.low, m.high = (None if v is None else v * factor for v in (m.value, m.low, m.high))
        m.unit = "year"


# Verb classes whose object is people: "killed two and critically wounded a third".
_PEOPLE_OBJECT_CLASSES = {"die", "injure", "shoot", "arrest"}


_ORDINAL_FRACTIONS = {"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}


def _is_one_more_person(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "shot two and wounded a third": "a third" as the object of a verb about people, after
    another number of the sentence, is one more person, not a fraction ("wounded a third of
    the crowd" is one)."""
    if m.num_end - m.num_start != 2 or doc[m.num_start].lower_ not in ("a", "an") or m.end != m.num_end:
        return False
    ordinal = doc[m.num_end - 1]
    if ordinal.lower_ not in _ORDINAL_FRACTIONS or ordinal.dep_ != "dobj":
        return False
    if m.end < sent.end and (doc[m.end].lower_ == "of" or doc[m.end].pos_ in ("NOUN", "ADJ", "NUM", "PROPN")):
        return False
    verb = ordinal.head
    if lx.PREDICATE_CLASSES.get(verb.lemma_.lower()) not in _PEOPLE_OBJECT_CLASSES:
        return False
    return any(t.like_num for t in doc[sent.start:m.start])


def _is_appositive_age(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "John Smith, 45, was charged": a whole number between commas right after a named
    person is that person's age."""
    if m.value is None or m.num_end - m.num_start != 1 or m.start != m.num_start or not 1 <= m.value <= 120:
        return False
    if not float(m.value).is_integer() or m.start - 2 < sent.start or m.end >= sent.end:
        return False
    before, name, after = doc[m.start - 1], doc[m.start - 2], doc[m.end]
    if before.text != "," or after.text != ",":
        return False
    # "Raj Chohan, 59, was killed": a name the NER took for a place, the number its apposition.
    # An ORG of one word may be a surname the NER does not know ("Subryan, 23, was charged");
    # a team is a plural ("the Colts").
    one_word_org = name.ent_type_ == "ORG" and name.ent_iob_ == "B" and name.tag_ == "NNP" \
        and (name.i + 1 >= len(doc) or doc[name.i + 1].ent_iob_ != "I")
    apposed = doc[m.num_start].dep_ == "appos" and doc[m.num_start].head.i == name.i \
        and name.pos_ == "PROPN" and name.is_title and (name.ent_type_ not in ("ORG", "DATE") or one_word_org)
    # "The actress, 26, checked in", "the victim, 34,": a person named by a noun after "the".
    person_noun = name.pos_ == "NOUN" and name.tag_ == "NN" and name.lemma_.lower() in _PERSON_NOUNS \
        and name.i > sent.start and doc[name.i - 1].lower_ in ("the", "a", "an")
    return name.ent_type_ == "PERSON" or apposed or person_noun


#: Nouns for one person whose age a number between commas gives ("the actress, 26,").
_PERSON_NOUNS = (lx.PEOPLE_CLASSES | lx.MALE_NOUNS | lx.FEMALE_NOUNS
                 | {"actress", "actor", "suspect", "singer", "star", "teen", "teenager", "gunman", "shooter",
                    "defendant", "motorist", "pedestrian", "cyclist", "rapper", "model", "dancer"}) - {"other"}


def _is_stated_age(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "He was 77.", "Smith was 43 when she died": a bare whole number a person (a name or
    he/she) is, at the clause's end or before "when", is the person's age."""
    number = doc[m.num_start]
    if m.value is None or m.num_end - m.num_start != 1 or m.start != m.num_start or not 1 <= m.value <= 120 \
            or not number.text.isdigit() or number.dep_ != "attr" or number.head.lemma_ != "be":
        return False
    if m.end < sent.end and not (doc[m.end].is_punct or doc[m.end].lower_ == "when"):
        return False
    subjects = [c for c in number.head.children if c.dep_ == "nsubj"]
    return bool(subjects) and (subjects[0].lower_ in ("he", "she") or subjects[0].ent_type_ == "PERSON")


def _after_age_word(doc: Doc, m: _Mention, sent: Span) -> bool:
    """ "aged 34", "at age 6", "two sons, ages 6 and 16": the 16 too, across the list."""
    k = m.start - 1
    while k >= sent.start and k > m.start - 8:
        word = doc[k].lower_
        if word in ("aged", "age", "ages"):
            return True
        if not (word in (",", "and", "or") or doc[k].like_num):
            return False
        k -= 1
    return False


def _pound_is_weight(doc: Doc, m: _Mention, sent: Span, pound: Token) -> bool:
    """Whether "pound(s)" after a number without a currency sign is a weight: "weighs 200
    pounds", "300 pounds of fentanyl", "lost 30 pounds", "a 200-pound man" (not "200 pounds
    sterling", "a fine of 200 pounds", "cost 40 pounds", "a 10-pound note")."""
    after = doc[pound.i + 1] if pound.i + 1 < sent.end else None
    if after is not None and after.lower_ == "sterling":
        return False
    if after is not None and after.lower_ == "of":
        # "300 pounds of fentanyl" vs "200 million pounds of taxpayers' money".
        nouns = [t for t in after.children if t.dep_ == "pobj"]
        return not (nouns and nouns[0].lemma_.lower() in lx.MONEY_NOUNS)
    if any(t.lower_ in lx.SCALE_WORDS for t in doc[m.num_start:m.num_end]) or m.facts.get("glued") in lx.SCALE_WORDS:
        return False  # "30 million pounds", "a 5 million pound stadium"
    if any(t.lower_ in ("tall", "foot", "feet") or t.lower_.startswith(("foot-", "feet-"))
           for t in doc[max(sent.start, m.start - 4):m.start]):
        return True  # a description: "5-foot-8, 135 pounds", "6 feet tall and 210 pounds"
    if pound.dep_ in ("compound", "amod", "nmod") and pound.head.i > pound.i:
        # "a 200-pound man" vs "a 10-pound note".
        return pound.head.lemma_.lower() not in lx.MONEY_NOUNS
    # The words between the unit and its clause's verb: "weighed 13.5 pounds", "a birth weight
    # of about 7.5 pounds", "lost 30 pounds" (but "cost 40 pounds", "a fine of 200 pounds").
    tok = pound
    for _ in range(6):
        if tok.head.i == tok.i:
            break
        tok = tok.head
        lemma = tok.lemma_.lower()
        if lemma in lx.WEIGHT_WORDS or lemma in lx.WEIGHT_CHANGE_VERBS:
            return True
        if lemma in lx.MONEY_NOUNS or lemma in lx.MONEY_VERBS or tok.pos_ in ("VERB", "AUX"):
            break
    if tok.lemma_.lower() in lx.MONEY_NOUNS or tok.lemma_.lower() in lx.MONEY_VERBS:
        return False
    # A weighing word elsewhere in the sentence ("The bag, at 12 pounds, is too heavy").
    return any(t.lemma_.lower() in lx.WEIGHT_WORDS for t in sent)


def _percent_of(doc: Doc, m: _Mention, sent: Span) -> None:
    """Keep what a percent is of ("80 percent of criminal illegal aliens") as its subject."""
    k = m.end
    if k < sent.end and doc[k].lower_ == "of":
        for tok in doc[k + 1:sent.end]:
            if tok.pos_ in ("NOUN", "PROPN") and tok.head.i in range(k, tok.i + 1) or (
                    tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.i == k):
                m.facts["of"] = tok.lemma_.lower()
                m.facts["of_text"] = doc[k + 1:tok.i + 1].text
                return
            if tok.pos_ in ("VERB", "PUNCT"):
                return


def _counted_noun(doc: Doc, m: _Mention, sent: Span, *, money: bool = False) -> None:
    """Find the noun the number counts: "489 detainer requests", "hundreds of illegal aliens"."""
    last = doc[m.num_end - 1]
    k = m.end
    head: Token | None = None
    begin = k
    if k + 1 < sent.end and doc[k].lower_ == "of" and doc[k + 1].lower_ in ("the", "its", "their", "those", "these"):
        m.facts["partitive"] = True  # "12,000 of the recalled SUVs": a part of another count
    if k < sent.end and doc[k].lower_ == "of" and not money:
        # "hundreds of illegal aliens", "a dozen of them"
        for tok in doc[k + 1:min(sent.end, k + 8)]:
            if tok.dep_ == "pobj" and tok.head.i == k and tok.pos_ in ("NOUN", "PROPN"):
                head = tok
                break
        begin = k + 1
        while begin < sent.end and doc[begin].pos_ == "DET":
            begin += 1
    elif last.dep_ in ("nummod", "amod", "quantmod", "compound", "npadvmod") and last.head.i >= k \
            and last.head.pos_ in ("NOUN", "PROPN") and last.head.i - k < 8 and last.head.i < sent.end \
            and not any(t.lower_ in _NOT_IN_NOUN_PHRASE for t in doc[k:last.head.i]):
        head = last.head
    elif k < sent.end and doc[k].pos_ in ("NOUN", "ADJ") and not money:
        # Parse fallback: the noun right after the number.
        j = k
        while j < sent.end and doc[j].pos_ in ("ADJ", "ADV", "NOUN", "VERB") and doc[j].tag_ != "VBD" \
                and j - k < 5:
            if doc[j].pos_ == "NOUN" and not (j + 1 < sent.end and doc[j + 1].pos_ == "NOUN"):
                head = doc[j]
                break
            j += 1
    if head is None or head.lower_ in lx.MEASURE_UNITS and money:
        return
    if head.lemma_.lower() == "pound" and not money and _pound_is_weight(doc, m, sent, head):
        m.unit, m.kind, m.end = "pound", "measure", head.i + 1  # "a 200-pound man"
        return
    if head.lemma_.lower() in lx.CURRENCY_WORDS:
        if not money:
            m.unit, m.kind = lx.CURRENCY_WORDS[head.lemma_.lower()], "money"
        m.end = head.i + 1
        return
    # "women's", "men's", "children's" name a kind of what follows: "five women's basketball
    # players" counts players ("24 partners' products" still counts partners).
    if head.lower_ in ("women", "men", "children") and head.dep_ == "poss" and head.i + 1 < sent.end \
            and doc[head.i + 1].lower_ in ("'s", "’s") and head.head.pos_ == "NOUN" \
            and head.i < head.head.i < sent.end:
        head = head.head
    # Extend over compound nouns after the head ("detainer requests" where head was "detainer").
    while head.i + 1 < sent.end and doc[head.i + 1].dep_ == "compound" and doc[head.i + 1].head.i > head.i:
        head = doc[head.i + 1].head
    lemma = lx.singular(head.lower_, lemma=head.lemma_.lower())
    if lemma in lx.MEASURE_UNITS and not money:
        name, kind = lx.MEASURE_UNITS[lemma]
        if lemma not in lx.GLUED_ONLY:
            m.unit, m.kind, m.end = name, kind, head.i + 1
            return
    if money:
        m.facts["of"] = lemma
        return
    if lemma == "people" or lemma == "persons":
        lemma = "person"
    m.head = head
    m.unit = lemma
    m.unit_text = doc[begin:head.i + 1].text
    m.end = head.i + 1
    # The nouns naming which kind of the counted thing: "DUI convictions", "motor vehicle
    # theft convictions" (two kinds of conviction, two quantities).
    sort = {t.lemma_.lower() for t in doc[begin:head.i] if t.pos_ in ("NOUN", "PROPN")}
    # ... or after it: "two counts of murder", "one count of kidnapping".
    sort.update(c.lemma_.lower() for of in head.children if of.lower_ == "of" and of.i == head.i + 1
                for c in of.children if c.dep_ == "pobj" and c.pos_ == "NOUN")
    sort = sorted(sort)
    if sort:
        m.facts["sort"] = sort


def _points_in_time(doc: Doc, k: int, sent: Span) -> bool:
    """Whether token k makes the words before it a point in time, not a rate:
    "3.8% a month earlier", "a year ago"."""
    return k < sent.end and doc[k].lower_ in ("earlier", "ago", "later", "prior", "previously")


def _rate_after(doc: Doc, m: _Mention, sent: Span, anchor: Token | None) -> None:
    """ "34 ... every month", "5 percent a year", "$71.40 a barrel", "per capita"."""
    spans = []
    k = m.end
    if k + 1 < sent.end and doc[k].lower_ in lx.RATE_LEADS and doc[k + 1].lemma_.lower() in lx.RATE_UNITS \
            and not _points_in_time(doc, k + 2, sent):
        spans.append((k, k + 2))
    elif k + 1 < sent.end and doc[k].lower_ == "per":
        # "per pupil", "per square foot": any noun after "per" is the rate's base.
        j = k + 1
        while j < sent.end and j - k <= 3 and doc[j].pos_ in ("ADJ", "NOUN", "PROPN"):
            j += 1
            if doc[j - 1].pos_ == "NOUN" and not (j < sent.end and doc[j].pos_ == "NOUN"):
                spans.append((k, j))
                break
    if anchor is not None:
        for child in anchor.children:
            if m.start <= child.i < m.end:
                continue  # "lasted an hour or so": the claim itself, not its rate
            if child.dep_ in ("npadvmod", "advmod", "prep") and child.lemma_.lower() in lx.RATE_UNITS:
                lead = [c for c in child.children if c.lower_ in lx.RATE_LEADS]
                if lead and not _points_in_time(doc, child.i + 1, sent):
                    spans.append((lead[0].i, child.i + 1))
            if child.lower_ == "per" and any(g.lemma_.lower() in lx.RATE_UNITS for g in child.children):
                target = [g for g in child.children if g.lemma_.lower() in lx.RATE_UNITS][0]
                spans.append((child.i, target.i + 1))
    if not spans:
        return
    a, b = spans[0]
    m.rate = doc[a:b].text
    per = " ".join(t.lemma_.lower() for t in doc[a + 1:b] if t.lower_ not in lx.RATE_LEADS)
    if m.kind == "money":
        m.unit = f"{m.unit} per {per}"
    elif m.kind == "count":
        m.kind = "rate"
    if a == m.end:
        m.end = b


def _stat_line(doc: Doc, m: _Mention) -> bool:
    """ "7-for-14", "7 for 14": made of attempted, wherever the tokenizer split it."""
    # The few tokens around the number, not doc.text: that joins the whole document each call.
    after = doc[m.num_end - 1].whitespace_ + "".join(t.text_with_ws for t in doc[m.num_end:m.num_end + 4])
    before = "".join(t.text_with_ws for t in doc[max(0, m.num_start - 4):m.num_start])
    return bool(re.match(r"\s?-?\s?for\s?-?\s?\d", after) or re.search(r"\d\s?-?\s?for\s?-?\s?$", before))


def _share_units(doc: Doc, claims: list[_Mention]) -> None:
    """A bare count takes the counted noun of its sentence's neighbour: "52 votes to 47",
    "up from 504 homicides to 211" (news elides the repeated noun). A later neighbour
    only when no preposition starts between them: in "infected 1,200 people and killed
    14 across three provinces" the 14 are people, not provinces."""
    counted = [m for m in claims if m.kind == "count" and m.unit is not None and m.qualifier != "vague"]
    for m in claims:
        if m.kind != "count" or m.unit is not None:
            continue
        if _stat_line(doc, m):
            m.facts["stat_line"] = True
            continue  # "7-for-14 from the field": shots made of shots taken, no neighbour's noun
        total = next((c for c in counted if c.start == m.end + 1 and doc[m.end].lower_ == "of"), None)
        if total is not None:
            # "completed 28 of 41 passes": 28 passes, out of 41 attempted; the 41 is that
            # total, not a count of what was completed.
            m.unit, m.unit_text = total.unit, total.unit_text
            total.facts["of_total"] = True
            continue
        prepositional = m.end < len(doc) and doc[m.end].pos_ == "ADP"
        donors = [c for c in counted if c.start < m.start or not prepositional]
        if donors:
            donor = min(donors, key=lambda c: (abs(c.start - m.start), c.start > m.start))
            m.unit, m.unit_text = donor.unit, donor.unit_text
            m.facts["unit_from_neighbour"] = True
