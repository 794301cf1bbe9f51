"""compare_claims at scale, on synthetic in-memory claims (no spaCy, no database).

    python bench/compare_bench.py [--sizes 10000,100000,1000000] [--claims N]
                                  [--max-seconds 300] [--zipf 1.0] [--seed 0] [--per-day 100]

Each size runs in its own child process (so peak RSS is per size and a runaway
size can be killed). A size generates N `claimtrack.model.Claim`s spread over
N/20 articles with a realistic mix:

  * kinds: ~55% counts of a noun, 20% money, 10% percents (most "of" a noun),
    5% durations, 4% ages, 3% measures, 2% rates, 1% ratios;
  * ~2,000 distinct counted nouns with Zipf frequencies (rank r has weight
    1/r**zipf); the top ranks are real lexicon words, so synonym classes merge
    ("worker", "employee", "job" -> one block);
  * each noun has 1-4 predicates (25% of claims have none, 3% negated, 5% modal);
    durations have a verb 75% of the time ("jailed for", "lasted"); an age is of a
    person named in its article (45%), of a generic noun ("the suspect", 45%) or of
    nobody known (10%, never compared);
  * places (an article's main place, often inferred), periods (years, fiscal
    years, quarters, months; 35% none), qualifiers (exact, about, over, nearly,
    ranges, vague ...), values clustered around a per-(noun, period) figure so
    agreements and conflicts both occur.

Then it prints the blocks (claims sharing `compare.block_key`): how many, the
largest, and the sum of n(n-1)/2 over them; if claimtrack.compare splits large
blocks (`_split`, blocks over `MAX_BLOCK` split by predicate class, place and
period), the parts it splits into and the pairs really walked. It times one
pass of `candidate_pairs` (counting, nothing kept), and `iter_comparisons(claims)`
(streamed as ingest streams them to the database)
with its row count, verdict counts and peak memory.

compare_claims walks every pair inside a block, so the biggest blocks (ages,
durations, the commonest noun) grow quadratically with N unless they are split.
Guards:

  * --max-seconds B: after a size whose compare_claims took more than B seconds,
    bigger sizes are not run ("stopped: ..." is printed);
  * before compare_claims at a size, its time and memory are projected from the
    previous size's cost per walked pair; above 4*B seconds the size prints
    its block statistics and the projection only, and the parent stops there
    (--no-projection turns this off);
  * a child still running after --timeout seconds (default 4*B + generation) is
    killed; --max-mem-gb caps its address space (MemoryError instead of the
    machine swapping or the OOM killer).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import queue
import random
import resource
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter

# --- generation ----------------------------------------------------------------------

_SYLLABLES = ("ba", "co", "de", "fi", "gu", "ha", "ji", "ka", "lo", "me", "ni", "po", "qua", "ri", "sa",
              "te", "vu", "wa", "xe", "yo", "zu", "bre", "cla", "dro", "fla", "gri", "plo", "sta", "tru")
_REAL_NOUNS = ("person", "worker", "case", "home", "death", "student", "vote", "child", "patient", "job",
               "employee", "car", "officer", "immigrant", "passenger", "flight", "goal", "point", "crime",
               "troop", "injury", "detainer", "resident", "customer", "store", "share", "fan", "game",
               "ticket", "bed", "dose", "nurse", "doctor", "school", "seat", "member", "voter", "ballot",
               "arrest", "victim", "inmate", "firearm", "household", "road", "building", "farm", "tree",
               "vehicle", "contract", "plant", "branch", "unit", "order", "test", "clinic", "bill", "donor")
_PREDICATES = ("release", "refuse to honor", "ignore", "charge", "hold", "cut", "lay off", "hire", "add",
               "arrest", "die", "kill", "injure", "evacuate", "sell", "earn", "report", "win", "score",
               "vote", "spend", "raise", "infect", "test positive", "deport", "transfer", "treat", "admit",
               "close", "open", "build", "count", "employ", "lose", "receive", "attend", "register",
               "approve", "reject", "damage", "destroy", "rescue", "vaccinate", "serve", "record", "visit")
_MODALS = ("could", "may", "will", "would", "might")
_STATES = ("North Carolina", "Ohio", "Texas", "California", "Oregon", "Georgia", "Virginia", "Florida",
           "Michigan", "Arizona", "Colorado", "Tennessee", "Kansas", "Nevada", "Washington", "Maine")
_COUNTRIES = ("Britain", "France", "Germany", "Canada", "Australia", "Japan", "India", "Kenya", "Brazil",
              "Mexico", "Spain", "Italy", "Nigeria", "South Africa", "Sweden", "Poland")
_CURRENCIES = ("dollar", "dollar", "dollar", "pound", "euro", "yen")
_MEASURES = (("mile", "measure"), ("kilometre", "measure"), ("acre", "measure"), ("inch", "measure"),
             ("degree", "measure"), ("ton", "measure"), ("gallon", "measure"), ("mph", "measure"))
_DURATIONS = ("hour", "day", "week", "month", "year", "minute")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_QUALIFIERS = (("exact", 58), ("about", 10), ("over", 9), ("nearly", 5), ("range", 6), ("at_least", 3),
               ("under", 3), ("up_to", 3), ("vague", 3))
_DURATION_VERBS = ("jail", "sentence", "last", "wait", "close", "strike", "serve", "delay", "run", "search")
_AGE_NOUNS = ("suspect", "man", "woman", "victim", "driver", "boy", "girl", "student", "officer", "patient")
_KINDS = (("count", 55), ("money", 20), ("percent", 10), ("duration", 5), ("age", 4), ("measure", 3),
          ("rate", 2), ("ratio", 1))


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...], k: int) -> list[str]:
    names, weights = zip(*table)
    return rng.choices(names, weights=weights, k=k)


def _pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _places(rng: random.Random) -> list[str]:
    counties = [f"{_pseudo_word(rng).title()} County" for _ in range(120)]
    cities = [_pseudo_word(rng).title() for _ in range(180)]
    return [*_STATES, *_COUNTRIES, *counties, *cities]


def _periods(day: "date", rng: random.Random) -> tuple[str, str]:
    """A (period text, period_key) an article published on `day` would state: its year or
    the one before, its fiscal year, a recent quarter or month, or a relative period."""
    from datetime import timedelta

    year = day.year - (rng.random() < 0.3)
    month = (day - timedelta(days=rng.choice((0, 0, 31)))).replace(day=1)
    quarter = (month.month - 1) // 3
    name = _MONTHS[month.month - 1]
    return rng.choice((
        (str(year), str(year)), (f"in {year}", str(year)), (f"the {year} fiscal year", f"fy{year}"),
        (f"fiscal year {year}", f"fy{year}"),
        (f"the {('first', 'second', 'third', 'fourth')[quarter]} quarter of {month.year}",
         f"{('first', 'second', 'third', 'fourth')[quarter]} quarter {month.year}"),
        (f"{name} {month.year}", f"{name.lower()} {month.year}"),
        ("last year", "last year"), ("this year", "this year"), ("the past 10 months", "past 10 months"),
    ))


def make_claims(n: int, *, seed: int = 0, n_nouns: int = 2000, zipf: float = 1.0,
                claims_per_article: int = 20, articles_per_day: int = 100) -> tuple[list, dict]:
    """N synthetic Claims over max(2, N // claims_per_article) articles published
    `articles_per_day` a day from 2020-01-01 (deterministic in seed), and the articles'
    dates (article id -> ISO date)."""
    from datetime import date, timedelta
    from decimal import Decimal

    from claimtrack.model import Claim, ClaimContext, article_id, claim_id
    from claimtrack.numbers import VAGUE, qualifier_range

    rng = random.Random(seed)
    nouns = list(dict.fromkeys(_REAL_NOUNS))
    while len(nouns) < n_nouns:
        word = _pseudo_word(rng)
        if word not in nouns:
            nouns.append(word)
    noun_weights = [1 / (r + 1) ** zipf for r in range(n_nouns)]
    noun_preds = {w: rng.sample(_PREDICATES, rng.randint(1, 4)) for w in nouns}
    noun_scale = {w: 10 ** rng.uniform(0.5, 5.5) for w in nouns}
    places = _places(rng)
    place_weights = [1 / (r + 1) for r in range(len(places))]
    vague = [(k, v) for k, v in VAGUE.items() if not k.startswith("tens") or rng.random() < 0.5]
    adjectives = ("", "", "", "local ", "new ", "undocumented ", "full-time ", "young ", "elderly ")
    sentences = [f"Officials said the figure was {i} according to the report." for i in range(1000)]

    n_articles = max(2, n // claims_per_article)
    sources = [f"corpus/{i:07d}.txt" for i in range(n_articles)]
    art_ids = [article_id(s) for s in sources]
    art_place = rng.choices(places, weights=place_weights, k=n_articles)
    art_day = [date(2020, 1, 1) + timedelta(days=a // articles_per_day) for a in range(n_articles)]
    offsets = [0] * n_articles

    kinds = _weighted(rng, _KINDS, n)
    quals = _weighted(rng, _QUALIFIERS, n)
    noun_pick = rng.choices(nouns, weights=noun_weights, k=n)
    art_pick = [rng.randrange(n_articles) for _ in range(n)]
    claims = []
    for i in range(n):
        a = art_pick[i]
        kind, qualifier, noun = kinds[i], quals[i], noun_pick[i]
        facts: dict = {}
        unit = unit_text = predicate = rate = None
        # Period first: the "true" value of a quantity depends on (noun, period).
        period, pkey = _periods(art_day[a], rng) if rng.random() < 0.65 else (None, None)
        if pkey:
            facts["period_key"] = pkey
        base = noun_scale[noun] * (1 + zlib.crc32(f"{noun}|{pkey}".encode()) % 7 / 10)
        if kind in ("count", "rate"):
            unit = noun
            unit_text = f"{rng.choice(adjectives)}{noun}s"
            if kind == "rate":
                rate = rng.choice(("a year", "per day", "every month", "a week"))
        elif kind == "money":
            unit = rng.choice(_CURRENCIES)
            base *= 1000
            if rng.random() < 0.3:
                facts["of"] = noun
        elif kind == "percent":
            unit = "percent"
            base = rng.uniform(1, 95)
            if rng.random() < 0.7:
                facts["of"], facts["of_text"] = noun, f"{noun}s"
        elif kind == "duration":
            unit = rng.choice(_DURATIONS)
            base = rng.randint(1, 60)
            if rng.random() < 0.75:  # "jailed for 11 years", "the strike lasted three weeks"
                predicate = rng.choice(_DURATION_VERBS)
        elif kind == "age":
            unit = "year"
            base = rng.randint(16, 95)
            # Whose age: a person named in the article, a generic noun ("the suspect"), or unknown.
            roll = rng.random()
            if roll < 0.45:
                facts["who"] = f"{_pseudo_word(rng).title()} {a}"
            elif roll < 0.9:
                facts["who"] = rng.choice(_AGE_NOUNS)
        elif kind == "measure":
            unit, _ = rng.choice(_MEASURES)
        else:  # ratio
            unit = "time"
            base = rng.randint(2, 10)
        if kind in ("count", "rate", "money", "percent") and rng.random() < 0.75:
            pred = rng.choice(noun_preds[noun])
            roll = rng.random()
            predicate = f"not {pred}" if roll < 0.04 else pred
            if 0.04 <= roll < 0.09:
                facts["modality"] = rng.choice(_MODALS)
        # Value: the quantity's figure, rounded as reported, or a different figure.
        roll = rng.random()
        if roll < 0.45:
            value = base
        elif roll < 0.75:
            value = base * rng.uniform(0.8, 1.25)
        else:
            value = base * 10 ** rng.uniform(-1, 1)
        value = round(value, 1) if value < 100 else round(value, -int(math.log10(value)) + 2)
        dvalue = Decimal(str(value))
        if qualifier == "vague" and kind in ("count", "money"):
            name, (low, high, low_inc, high_inc) = rng.choice(vague)
            number = name
            dvalue_out = None
        else:
            if qualifier == "vague":
                qualifier = "about"
            high_value = dvalue * Decimal(str(round(rng.uniform(1.1, 2.0), 2))) if qualifier == "range" else None
            low, high, low_inc, high_inc = qualifier_range(qualifier, dvalue, high_value)
            number = f"{value:,}"
            dvalue_out = dvalue
        place = art_place[a] if rng.random() < 0.7 else rng.choices(places, weights=place_weights)[0]
        if place == art_place[a] and rng.random() < 0.5:
            facts["place_inferred"] = True
        start = offsets[a] + rng.randint(20, 400)
        quote = f"{number} {unit_text or unit or ''}".strip()
        end = start + len(quote)
        offsets[a] = end
        claims.append(Claim(
            id=claim_id(sources[a], start, end), article_id=art_ids[a], source=sources[a],
            sentence=sentences[i % len(sentences)], quote=quote, start=start, end=end,
            value=None if dvalue_out is None else float(dvalue_out),
            low=None if low is None else float(low), high=None if high is None else float(high),
            low_inclusive=low_inc, high_inclusive=high_inc, qualifier=qualifier, kind=kind, unit=unit,
            unit_text=unit_text, change=None, rate=rate, predicate=predicate, place=place, period=period,
            attributed_to=None, context=ClaimContext.from_facts(facts),
        ))
    return claims, {i: day.isoformat() for i, day in zip(art_ids, art_day)}


# --- one size (child process) -----------------------------------------------------------


def _vm_kb(field: str) -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _emit(**record: object) -> None:
    print(json.dumps(record), flush=True)


def run_size(n: int, *, seed: int, zipf: float, per_day: int, per_pair_s: float | None, per_pair_mb: float | None,
             budget: float, use_tracemalloc: bool, skip_pairs_pass: bool) -> None:
    from claimtrack.compare import MAX_BLOCK, Source, _overlapping, _split, block_key, candidate_pairs, \
        iter_comparisons, time_span

    t0 = time.perf_counter()
    claims, dates = make_claims(n, seed=seed, zipf=zipf, articles_per_day=per_day)
    gen_s = time.perf_counter() - t0
    rss_claims_mb = _vm_kb("VmRSS") / 1024
    days = sorted(set(dates.values()))
    _emit(stage="generated", claims=len(claims), articles=len({c.article_id for c in claims}),
          gen_s=gen_s, rss_claims_mb=rss_claims_mb, first_day=days[0], last_day=days[-1])

    t0 = time.perf_counter()
    grouped: dict[str, list] = {}
    for claim in claims:
        key = block_key(claim)
        if key is not None:
            grouped.setdefault(key, []).append(claim)
    blocks = Counter({k: len(v) for k, v in grouped.items()})
    # The pairs really walked: all pairs of a small block; in a large one, the pairs of
    # the parts compare._split makes whose time spans overlap (compare._overlapping).
    walked = Counter()
    for key, members in grouped.items():
        if len(members) <= MAX_BLOCK:
            walked[(key, None)] = len(members) * (len(members) - 1) // 2
            continue
        spans = {c.id: time_span(c, dates.get(c.article_id)) for c in members}
        for index, (xs, ys) in enumerate(_split(members)):
            pairs = sum(1 for _ in _overlapping(xs, ys, spans))
            if pairs:
                walked[(key, index)] = pairs
    block_s = time.perf_counter() - t0
    raw_pairs = sum(c * (c - 1) // 2 for c in blocks.values())
    walked_pairs = sum(walked.values())
    top = blocks.most_common(5)
    top_walked = [(f"{k}" if i is None else f"{k} (part)", v) for (k, i), v in walked.most_common(5)]
    _emit(stage="blocks", blocks=len(blocks), blocked_claims=sum(blocks.values()), top=top,
          raw_pairs=raw_pairs, split=True, parts=len(walked), top_walked=top_walked,
          walked_pairs=walked_pairs, max_block=MAX_BLOCK, block_s=block_s)

    if per_pair_s is not None and walked_pairs * per_pair_s > 4 * budget:
        _emit(stage="skipped", projected_s=walked_pairs * per_pair_s,
              projected_mb=None if per_pair_mb is None else rss_claims_mb + walked_pairs * per_pair_mb)
        return

    if not skip_pairs_pass:
        t0 = time.perf_counter()
        pairs = sum(1 for _ in candidate_pairs(claims, None, dates))
        _emit(stage="pairs", pairs=pairs, pairs_s=time.perf_counter() - t0)

    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    # Reset the peak-RSS mark so VmHWM covers compare_claims only (Linux; ignored if refused).
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        hwm_reset = True
    except OSError:
        hwm_reset = False
    t0 = time.perf_counter()
    # Streamed as ingest streams them into the database: counted, never all kept.
    sources = {i: Source(date=d) for i, d in dates.items()}
    verdicts = Counter(r.verdict for r in iter_comparisons(claims, sources=sources))
    compare_s = time.perf_counter() - t0
    traced_peak_mb = None
    if use_tracemalloc:
        traced_peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    _emit(stage="compared", compare_s=compare_s, rows=sum(verdicts.values()), verdicts=dict(verdicts.most_common()),
          rss_hwm_mb=_vm_kb("VmHWM") / 1024 if hwm_reset else None,
          ru_maxrss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
          traced_peak_mb=traced_peak_mb)


# --- the parent ------------------------------------------------------------------------------


def _mem_total_gb() -> float:
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    return 8.0


def _report(n: int, rec: dict, out: list[str]) -> None:
    stage = rec["stage"]
    if stage == "generated":
        out.append(f"  generated {rec['claims']:,} claims over {rec['articles']:,} articles dated "
                   f"{rec['first_day']} to {rec['last_day']} in {rec['gen_s']:.1f} s; "
                   f"RSS with claims {rec['rss_claims_mb']:,.0f} MB")
    elif stage == "blocks":
        out.append(f"  blocks: {rec['blocks']:,} keyed blocks holding {rec['blocked_claims']:,} claims "
                   f"({rec['blocked_claims'] / n:.0%}); largest block: {rec['top'][0][0]!r} with "
                   f"{rec['top'][0][1]:,} claims" if rec["top"] else "  blocks: none")
        out.append("  top blocks: " + ", ".join(f"{k!r} {v:,}" for k, v in rec["top"]))
        out.append(f"  within-block pairs (sum of n(n-1)/2 over block_key blocks): {rec['raw_pairs']:,}")
        if rec.get("split"):
            out.append(f"  after compare._split (blocks over MAX_BLOCK={rec['max_block']} split by measure, "
                       f"predicate class and place, then paired where times overlap): {rec['parts']:,} "
                       f"blocks and parts with pairs; most pairs: "
                       + ", ".join(f"{k!r} {v:,}" for k, v in rec["top_walked"]))
        out.append(f"  pairs walked: {rec['walked_pairs']:,}")
    elif stage == "skipped":
        mem = "" if rec.get("projected_mb") is None else f" and ~{rec['projected_mb'] / 1024:,.1f} GB peak RSS"
        out.append(f"  compare_claims NOT run: projected {rec['projected_s']:,.0f} s{mem} from the previous size's "
                   f"cost per walked pair (> 4 x --max-seconds; --no-projection runs it anyway)")
    elif stage == "pairs":
        rate = rec["pairs"] / rec["pairs_s"] if rec["pairs_s"] else 0
        out.append(f"  candidate_pairs: {rec['pairs']:,} candidate pairs in {rec['pairs_s']:.2f} s "
                   f"({rate:,.0f} pairs/s)")
    elif stage == "compared":
        s = rec["compare_s"]
        out.append(f"  compare_claims: {s:.2f} s, {n / s if s else 0:,.0f} claims/s, "
                   f"{rec['rows']:,} comparisons (= candidate pairs)")
        out.append("  verdicts: " + (", ".join(f"{k} {v:,}" for k, v in rec["verdicts"].items()) or "none"))
        mem = f"  peak RSS: {rec['ru_maxrss_mb']:,.0f} MB (process)"
        if rec.get("rss_hwm_mb") is not None:
            mem += f", {rec['rss_hwm_mb']:,.0f} MB high-water during compare_claims"
        if rec.get("traced_peak_mb") is not None:
            mem += f", tracemalloc peak {rec['traced_peak_mb']:,.0f} MB"
        out.append(mem)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Time compare_claims on synthetic claims.")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated claim counts")
    parser.add_argument("--claims", type=int, help="run this one size only (overrides --sizes)")
    parser.add_argument("--max-seconds", type=float, default=300.0,
                        help="stop before bigger sizes once compare_claims takes longer than this")
    parser.add_argument("--timeout", type=float, help="kill a size's child after this many seconds "
                        "(default 4 x --max-seconds + 120)")
    parser.add_argument("--max-mem-gb", type=float, default=round(_mem_total_gb() * 0.7, 1),
                        help="address-space cap per child (default 70%% of RAM)")
    parser.add_argument("--zipf", type=float, default=1.0, help="Zipf exponent of noun frequencies")
    parser.add_argument("--per-day", type=int, default=100, help="articles published a day")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tracemalloc", action="store_true", help="also report tracemalloc peak (slower)")
    parser.add_argument("--no-pairs-pass", action="store_true", help="skip the separate candidate_pairs count")
    parser.add_argument("--_child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-projection", action="store_true",
                        help="run every size's compare_claims even when projected far over budget")
    parser.add_argument("--_per-pair", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--_per-pair-mb", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args._child is not None:
        limit = int(args.max_mem_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            run_size(args._child, seed=args.seed, zipf=args.zipf, per_day=args.per_day, per_pair_s=args._per_pair,
                     per_pair_mb=args._per_pair_mb, budget=args.max_seconds, use_tracemalloc=args.tracemalloc,
                     skip_pairs_pass=args.no_pairs_pass)
        except MemoryError:
            _emit(stage="memory_error")
        return 0

    sizes = [args.claims] if args.claims else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    timeout = args.timeout or 4 * args.max_seconds + 120
    print(f"compare_bench: sizes {', '.join(f'{s:,}' for s in sizes)}; zipf {args.zipf}; ~2,000 nouns; "
          f"20 claims/article, {args.per_day} articles/day; budget {args.max_seconds:g} s/size; timeout {timeout:g} s; "
          f"memory cap {args.max_mem_gb:g} GB")
    per_pair: float | None = None
    per_pair_mb: float | None = None
    for index, n in enumerate(sizes):
        print(f"size {n:,} claims:", flush=True)
        command = [sys.executable, os.path.abspath(__file__), "--_child", str(n), "--seed", str(args.seed),
                   "--zipf", str(args.zipf), "--per-day", str(args.per_day), "--max-seconds", str(args.max_seconds),
                   "--max-mem-gb", str(args.max_mem_gb)]
        if per_pair is not None and not args.no_projection:
            command += ["--_per-pair", repr(per_pair)]
            if per_pair_mb is not None:
                command += ["--_per-pair-mb", repr(per_pair_mb)]
        if args.tracemalloc:
            command.append("--tracemalloc")
        if args.no_pairs_pass:
            command.append("--no-pairs-pass")
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        lines: queue.Queue = queue.Queue()
        reader = threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout] + [lines.put(None)],
                                  daemon=True)
        reader.start()
        records: dict[str, dict] = {}
        killed = False
        while True:
            remaining = timeout - (time.perf_counter() - t0)
            try:
                line = lines.get(timeout=max(0.1, remaining))
            except queue.Empty:
                proc.kill()
                killed = True
                break
            if line is None:
                break
            rec = json.loads(line)
            records[rec["stage"]] = rec
            out: list[str] = []
            _report(n, rec, out)
            for text in out:
                print(text, flush=True)
        proc.wait()
        wall = time.perf_counter() - t0
        print(f"  child wall time {wall:.1f} s, exit {proc.returncode}")
        rest = ", ".join(f"{s:,}" for s in sizes[index + 1:])
        if killed:
            print(f"stopped: size {n:,} killed after {timeout:g} s (--timeout); not running {rest or 'more sizes'}")
            break
        if "memory_error" in records:
            print(f"stopped: size {n:,} hit MemoryError at the {args.max_mem_gb:g} GB cap; "
                  f"not running {rest or 'more sizes'}")
            break
        if "skipped" in records:
            print(f"stopped: compare_claims at {n:,} projected over 4 x --max-seconds; "
                  f"not running {rest or 'more sizes'}")
            break
        done = records.get("compared")
        if done is None:
            print(f"stopped: size {n:,} did not finish (exit {proc.returncode})")
            break
        raw = records["blocks"]["walked_pairs"]
        if raw:
            per_pair = done["compare_s"] / raw
            peak = done.get("rss_hwm_mb") or done["ru_maxrss_mb"]
            per_pair_mb = max(0.0, peak - records["generated"]["rss_claims_mb"]) / raw
            print(f"  cost per walked pair: {per_pair * 1e6:.2f} µs, "
                  f"{per_pair_mb * 2**20:,.0f} bytes of peak RSS")
        if done["compare_s"] > args.max_seconds and rest:
            print(f"stopped: size {n:,} took {done['compare_s']:.1f} s > --max-seconds {args.max_seconds:g}; "
                  f"not running {rest}")
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
