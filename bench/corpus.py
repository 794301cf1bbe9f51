"""A deterministic synthetic news corpus for benchmarks (no network, no downloaded data).

`make_corpus(folder, n_articles, seed=0)` writes N news-like .txt articles:
varied beats (business, crime, sport, health, politics, weather), 300-600 words
each in 8-15 paragraphs separated by blank lines, with about a quarter of the
sentences carrying numbers in the forms real coverage uses ("1,200 workers",
"$3.9bn", "more than 500 people", "fell 9% to $1.6 billion", "nearly 1,200",
written numbers, dates, years, "Route 66", ages, ranges, times, scores). The
rest is plain prose full of named places, people and organisations.

Everything comes from templates and word lists below driven by
`random.Random(seed)`, so the same (n_articles, seed) always gives the same
files, byte for byte.

CLI: python bench/corpus.py OUT_DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys

BEATS = ("business", "crime", "sport", "health", "politics", "weather")

# --- vocabulary -------------------------------------------------------------------

FIRST = ("James", "Maria", "David", "Sarah", "Michael", "Jennifer", "Robert", "Linda", "Ahmed", "Priya",
         "Carlos", "Fatima", "Wei", "Olga", "Kwame", "Aisha", "Thomas", "Emily", "Daniel", "Grace",
         "Hiroshi", "Sofia", "Liam", "Chloe", "Mateo", "Ingrid", "Rajesh", "Nadia", "Samuel", "Helen",
         "Patrick", "Yuki", "Omar", "Lucia", "Ben", "Rachel", "Victor", "Anna", "Tomasz", "Joanne")
LAST = ("Smith", "Johnson", "Garcia", "Nguyen", "Patel", "Okafor", "Kowalski", "Murphy", "Chen", "Rossi",
        "Martinez", "Brown", "Haddad", "Ivanova", "Mensah", "Taylor", "O'Brien", "Schneider", "Tanaka",
        "Fernandes", "Williams", "Kim", "Andersson", "Dubois", "Singh", "Walker", "Moreno", "Clarke",
        "Novak", "Reyes", "Lindqvist", "Adeyemi", "Harris", "Yamamoto", "Costa", "Bennett", "Khan",
        "Larsen", "Price", "Hughes")
CITIES = ("Springfield", "Riverside", "Portland", "Fairview", "Georgetown", "Madison", "Clinton",
          "Franklin", "Greenville", "Bristol", "Salem", "Oakland", "Dayton", "Tulsa", "Boise", "Raleigh",
          "Manchester", "Leeds", "Cardiff", "Glasgow", "Lyon", "Hamburg", "Rotterdam", "Porto",
          "Toronto", "Calgary", "Adelaide", "Auckland", "Nairobi", "Accra", "Mumbai", "Osaka",
          "Charlotte", "Memphis", "Sacramento", "Albany", "Richmond", "Savannah", "Wichita", "Reno")
STATES = ("North Carolina", "Ohio", "Texas", "California", "Oregon", "Georgia", "Virginia", "Florida",
          "Michigan", "Arizona", "Colorado", "Tennessee", "Kansas", "Nevada", "Washington", "Maine")
COUNTRIES = ("Britain", "France", "Germany", "Canada", "Australia", "Japan", "India", "Kenya", "Brazil",
             "Mexico", "Spain", "Italy", "Nigeria", "South Africa", "Sweden", "Poland")
COUNTIES = ("Wake County", "Mecklenburg County", "Harris County", "Cook County", "Orange County",
            "Fulton County", "King County", "Marion County", "Jefferson County", "Greene County")
RIVERS = ("the Ohio River", "the Mississippi", "the Thames", "the Rhine", "the Columbia River",
          "the Red River", "the Severn", "the Danube")
ROADS = ("Route 66", "Interstate 95", "Highway 101", "Route 9", "Interstate 40", "the M6",
         "Route 1", "Highway 61", "Interstate 80", "the A1")

COMPANIES = ("Northwind Logistics", "Apex Motors", "Helios Energy", "Crestline Foods", "Meridian Bank",
             "BlueRiver Airlines", "Orion Telecom", "Granite Steel", "Vantage Pharmaceuticals",
             "Summit Retail", "Atlas Shipping", "Pinecrest Insurance", "Nova Semiconductors",
             "Harbor Freightways", "Silverline Rail", "Redwood Paper", "Keystone Chemicals")
AGENCIES = ("the Department of Labor", "the Federal Reserve", "the Bureau of Labor Statistics",
            "the Environmental Protection Agency", "the Treasury", "the Office for National Statistics",
            "the European Commission", "the Securities and Exchange Commission", "the city council",
            "the state legislature", "the Ministry of Finance", "the Department of Transportation")
POLICE = ("the Springfield Police Department", "the county sheriff's office", "the FBI",
          "the state highway patrol", "Scotland Yard", "the Metropolitan Police", "the district attorney's office",
          "the state police", "Immigration and Customs Enforcement")
TEAMS = ("the Riverside Rovers", "the Portland Pioneers", "the Madison Mariners", "the Dayton Dragons",
         "Bristol City", "Leeds United", "the Toronto Falcons", "the Osaka Tigers", "the Tulsa Thunder",
         "the Franklin Foxes", "Greenville Athletic", "the Salem Saints", "the Memphis Kings",
         "the Raleigh Hawks", "Cardiff Rangers", "the Boise Bears")
LEAGUES = ("the Premier League", "the national championship", "the Western Conference", "the league",
           "the cup", "the regional playoffs", "the Eastern Division")
VENUES = ("Memorial Stadium", "Riverside Park", "the Civic Arena", "Lakeside Ground", "Centennial Field",
          "the National Stadium", "Harbour Park")
HOSPITALS = ("St. Mary's Hospital", "the Mayo Clinic", "Johns Hopkins Hospital", "Royal Infirmary",
             "Mercy Medical Center", "the university hospital", "Kaiser Permanente", "the NHS trust")
HEALTH_ORGS = ("the World Health Organization", "the Centers for Disease Control and Prevention",
               "the health department", "the National Institutes of Health", "the Food and Drug Administration",
               "Public Health England", "the Red Cross", "Doctors Without Borders")
PARTIES = ("Democrats", "Republicans", "the Labour Party", "the Conservatives", "the Liberal Democrats",
           "the Green Party", "independents", "the governing coalition")
OFFICES = ("governor", "mayor", "senator", "prime minister", "finance minister", "state treasurer",
           "council leader", "attorney general", "secretary of state", "chief executive")
WEATHER_ORGS = ("the National Weather Service", "the Met Office", "the National Hurricane Center",
                "the Storm Prediction Center", "the state emergency management agency", "FEMA")
STORMS = ("Hurricane Delia", "Storm Arwen", "Tropical Storm Milo", "Hurricane Isabel", "Storm Ciara",
          "Typhoon Haishen", "the winter storm", "the heat dome", "the atmospheric river")
OUTLETS = ("Reuters", "the Associated Press", "the BBC", "the local newspaper", "the Daily Caller",
           "a local television station", "the Financial Times", "the Guardian")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WRITTEN = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
           "fifteen", "twenty", "thirty", "forty", "fifty", "a dozen", "two dozen", "a hundred",
           "several hundred", "hundreds of", "thousands of", "half a million", "one and a half million")

# Counted nouns by beat (plural forms).
NOUNS = {
    "business": ("workers", "employees", "jobs", "stores", "customers", "shares", "vehicles", "flights",
                 "passengers", "contracts", "plants", "branches", "units", "orders", "positions"),
    "crime": ("people", "suspects", "officers", "arrests", "victims", "cases", "burglaries", "cars",
              "detainers", "immigrants", "inmates", "homicides", "firearms", "charges", "complaints"),
    "sport": ("points", "goals", "fans", "games", "spectators", "tickets", "players", "wins", "yards",
              "runs", "matches", "seasons", "appearances", "assists", "titles"),
    "health": ("patients", "cases", "deaths", "infections", "hospitals", "doses", "nurses", "beds",
               "doctors", "children", "residents", "tests", "clinics", "admissions", "vaccinations"),
    "politics": ("votes", "voters", "seats", "ballots", "members", "signatures", "districts", "bills",
                 "donors", "delegates", "lawmakers", "residents", "precincts", "amendments", "staffers"),
    "weather": ("homes", "residents", "people", "households", "customers", "roads", "schools", "flights",
                "properties", "trees", "vehicles", "evacuees", "shelters", "buildings", "farms"),
}
VERBS_PAST = {
    "business": ("cut", "hired", "laid off", "added", "sold", "shipped", "closed", "opened", "shed", "employed"),
    "crime": ("arrested", "charged", "released", "detained", "injured", "killed", "questioned", "seized",
              "reported", "held"),
    "sport": ("scored", "won", "lost", "drew", "played", "sold", "attracted", "recorded", "netted", "claimed"),
    "health": ("treated", "admitted", "vaccinated", "tested", "infected", "discharged", "reported",
               "hospitalised", "screened", "recorded"),
    "politics": ("cast", "won", "lost", "collected", "gained", "counted", "registered", "rejected",
                 "approved", "backed"),
    "weather": ("evacuated", "damaged", "flooded", "destroyed", "lost power to", "closed", "cancelled",
                "stranded", "displaced", "sheltered"),
}
MONEY_THINGS = {
    "business": ("revenue", "profit", "sales", "operating income", "net loss", "capital spending",
                 "the takeover", "the bond sale", "annual earnings"),
    "crime": ("the fraud", "damages", "bail", "the settlement", "the stolen goods", "fines", "the police budget"),
    "sport": ("the transfer fee", "the stadium renovation", "broadcast revenue", "the contract",
              "prize money", "ticket sales"),
    "health": ("the hospital budget", "research funding", "the vaccine programme", "drug spending",
               "the new wing", "the grant"),
    "politics": ("the budget", "the spending bill", "campaign donations", "the tax cut", "the infrastructure plan",
                 "the deficit", "the relief package"),
    "weather": ("the damage", "insured losses", "the relief fund", "the cleanup", "emergency spending",
                "crop losses"),
}
TOPICS = {
    "business": ("the merger", "the restructuring", "quarterly results", "the supply chain", "interest rates",
                 "the new factory", "the strike", "consumer demand", "the trade dispute", "the share buyback"),
    "crime": ("the investigation", "the trial", "the shooting", "the robbery", "the indictment",
              "the court hearing", "the manhunt", "the policy on detainers", "the plea deal"),
    "sport": ("the season opener", "the final", "the injury list", "the transfer window", "the coaching change",
              "the rivalry", "the playoff race", "the new stadium"),
    "health": ("the outbreak", "the vaccine rollout", "waiting lists", "the new clinic", "the staffing shortage",
               "the drug trial", "flu season", "the screening programme"),
    "politics": ("the election", "the budget vote", "the recount", "the referendum", "the redistricting plan",
                 "the campaign", "the coalition talks", "the impeachment inquiry"),
    "weather": ("the storm", "the flooding", "the heatwave", "the drought", "the wildfire", "the blizzard",
                "the evacuation order", "the power outages"),
}
ROLES = ("a spokesperson for", "the chief executive of", "a senior official at", "an analyst at",
         "the director of", "a lawyer for", "the head of", "a researcher at", "a member of", "a manager at")
SAY = ("said", "told reporters", "said in a statement", "wrote in an email", "said on " + "Tuesday",
       "told " + "the Associated Press", "said at a news conference", "added")
ADJ = ("significant", "unexpected", "long-awaited", "controversial", "modest", "sharp", "gradual",
       "widely expected", "unprecedented", "temporary", "difficult", "careful")
CURRENCIES = (("$", "dollar"), ("£", "pound"), ("€", "euro"))

# --- helpers -------------------------------------------------------------------------


class _Gen:
    """One article's generator: a Random plus the article's cast of names."""

    def __init__(self, rng: random.Random, beat: str) -> None:
        self.r = rng
        self.beat = beat
        self.city = rng.choice(CITIES)
        self.state = rng.choice(STATES)
        self.country = rng.choice(COUNTRIES)
        self.county = rng.choice(COUNTIES)
        self.people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4)]
        self.org = self._org()
        self.year = rng.randint(2015, 2024)

    def c(self, seq):  # noqa: ANN001, ANN201 - tiny helper
        return self.r.choice(seq)

    def _org(self) -> str:
        return {
            "business": lambda: self.c(COMPANIES),
            "crime": lambda: self.c(POLICE),
            "sport": lambda: self.c(TEAMS),
            "health": lambda: self.c(HOSPITALS + HEALTH_ORGS),
            "politics": lambda: self.c(AGENCIES),
            "weather": lambda: self.c(WEATHER_ORGS),
        }[self.beat]()

    def person(self) -> str:
        return self.c(self.people)

    def surname(self) -> str:
        return self.person().split()[-1]

    def place(self) -> str:
        return self.c((self.city, self.state, self.country, self.county, self.city, self.state,
                       self.c(CITIES), self.c(STATES)))

    def noun(self) -> str:
        return self.c(NOUNS[self.beat])

    def verb(self) -> str:
        return self.c(VERBS_PAST[self.beat])

    def topic(self) -> str:
        return self.c(TOPICS[self.beat])

    def when(self) -> str:
        return self.c((f"on {self.c(WEEKDAYS)}", f"last {self.c(('week', 'month', 'year'))}",
                       f"in {self.c(MONTHS)}", f"on {self.c(MONTHS)} {self.r.randint(1, 28)}",
                       f"in {self.year}", "this year", "earlier this month", f"in the {self.year} fiscal year",
                       f"in the first quarter", f"since {self.c(MONTHS)}", f"over the past {self.c(WRITTEN[:10])} months"))

    # Numbers --------------------------------------------------------------------

    def int_(self, lo: int, hi: int) -> str:
        n = self.r.randint(lo, hi)
        if n >= 1000 and self.r.random() < 0.4:
            n = round(n, -2)
        return f"{n:,}"

    def pct(self) -> str:
        v = self.r.choice((self.r.randint(1, 95), round(self.r.uniform(0.1, 30), 1)))
        v = int(v) if float(v).is_integer() else v
        return self.c((f"{v}%", f"{v} percent", f"{v} per cent"))

    def money(self) -> str:
        sym, _ = self.c(CURRENCIES)
        v = round(self.r.uniform(1, 999), self.c((0, 1, 1, 2)))
        v = int(v) if float(v).is_integer() else v
        return self.c((f"{sym}{v}bn", f"{sym}{v}m", f"{sym}{v} billion", f"{sym}{v} million",
                       f"{sym}{self.int_(10, 99_999)}", f"{v} million {self.c(('dollars', 'pounds', 'euros'))}",
                       f"{sym}{self.int_(100, 950)},000"))

    def qualifier(self) -> str:
        return self.c(("more than", "nearly", "about", "around", "at least", "almost", "over",
                       "fewer than", "up to", "roughly", "some", "an estimated", "just under"))

    def count_phrase(self) -> str:
        n = self.noun()
        form = self.r.randrange(8)
        if form == 0:
            return f"{self.int_(2, 20_000)} {n}"
        if form == 1:
            return f"{self.qualifier()} {self.int_(10, 5_000)} {n}"
        if form == 2:
            w = self.c(WRITTEN)
            return f"{w} {n}"
        if form == 3:
            lo = self.r.randint(5, 400)
            return self.c((f"between {lo} and {lo + self.r.randint(5, 300)} {n}",
                           f"{lo} to {lo + self.r.randint(5, 300)} {n}", f"{lo}-{lo + self.r.randint(2, 50)} {n}"))
        if form == 4:
            return f"{self.r.choice((1.2, 1.5, 2.3, 3, 4.8, 12))} million {n}"
        if form == 5:
            return f"{self.int_(100, 9_000)} {self.c(ADJ[:6])} {n}"
        if form == 6:
            return f"tens of thousands of {n}"
        return f"{self.int_(2, 900)} {n}"


# --- sentences ------------------------------------------------------------------------


def _numeric_sentence(g: _Gen) -> str:
    b = g.beat
    kind = g.r.randrange(14)
    if kind == 0:
        return f"{g.org[0].upper() + g.org[1:]} {g.verb()} {g.count_phrase()} in {g.place()} {g.when()}, {g.person()} {g.c(SAY)}."
    if kind == 1:
        thing = g.c(MONEY_THINGS[b])
        verb = g.c(("fell", "rose", "climbed", "dropped", "jumped", "slipped", "increased", "declined"))
        return f"{thing[0].upper() + thing[1:]} {verb} {g.pct()} to {g.money()} {g.when()}, according to {g.c(OUTLETS + AGENCIES)}."
    if kind == 2:
        return f"The {g.topic().removeprefix('the ')} affected {g.count_phrase()} across {g.place()}, officials said."
    if kind == 3:
        return f"About {g.pct()} of {g.noun()} in {g.place()} were {g.verb()} {g.when()}."
    if kind == 4:
        return f"{g.person()}, {g.r.randint(19, 84)}, of {g.c(CITIES)}, was among the {g.int_(3, 4_000)} {g.noun()} {g.verb()} near {g.c(ROADS)}."
    if kind == 5:
        thing = g.c(MONEY_THINGS[b])
        return f"{thing[0].upper() + thing[1:]} reached {g.money()} {g.when()}, up from {g.money()} a year earlier."
    if kind == 6:
        return f"A {g.r.randint(16, 90)}-year-old {g.c(('man', 'woman', 'resident', 'driver', 'teacher'))} from {g.place()} was {g.verb()} at {g.r.randint(1, 12)}:{g.c(('00', '15', '30', '45'))} {g.c(('a.m.', 'p.m.'))} on {g.c(WEEKDAYS)}."
    if kind == 7:
        if b == "sport":
            return f"{g.c(TEAMS)} won {g.r.randint(1, 5)}-{g.r.randint(0, 3)} at {g.c(VENUES)} in front of {g.qualifier()} {g.int_(800, 90_000)} fans."
        if b == "weather":
            return f"Temperatures reached {g.r.randint(30, 118)} degrees in {g.place()} while {g.r.uniform(0.5, 14):.1f} inches of rain fell on {g.c(ROADS)}."
        return f"The figure was {g.c(('up', 'down'))} {g.pct()} on {g.year - 1}, when {g.count_phrase()} were {g.verb()}."
    if kind == 8:
        return f"Since {g.year}, {g.org} has {g.verb()} {g.qualifier()} {g.int_(100, 90_000)} {g.noun()}, or {g.c(WRITTEN[:12])} times the previous total."
    if kind == 9:
        return f"{g.person()} {g.c(SAY)} that {g.count_phrase()} could be {g.verb()} by {g.c(MONTHS)} {g.year + 1} if {g.topic()} went ahead."
    if kind == 10:
        return f"Shares in {g.c(COMPANIES)} {g.c(('fell', 'rose'))} {g.pct()} to {g.c(('$', '£', ''))}{g.r.uniform(1, 400):.2f} in {g.c(CITIES)} trading, valuing the group at {g.money()}."
    if kind == 11:
        return f"In the {g.c(('ten', 'six', 'twelve', 'nine'))} months to {g.c(MONTHS)}, {g.count_phrase()} were {g.verb()} in {g.county}, {g.c(('a', 'the'))} report by {g.c(OUTLETS)} showed."
    if kind == 12:
        return f"Officials in {g.place()} estimated that {g.r.randint(2, 48)} hours of work on {g.c(ROADS)} would cost {g.money()} a {g.c(('year', 'month', 'day'))}."
    return f"Of the {g.int_(50, 12_000)} {g.noun()} counted {g.when()}, {g.pct()} were in {g.place()} and the rest in {g.c(CITIES)}."


def _plain_sentence(g: _Gen) -> str:
    kind = g.r.randrange(16)
    p, org, topic, place = g.person(), g.org, g.topic(), g.place()
    role = g.c(ROLES)
    if kind == 0:
        return f"{p}, {role} {org}, {g.c(SAY)} that {topic} had been {g.c(ADJ)} for everyone involved."
    if kind == 1:
        return f"Residents of {place} have long complained about {topic}, and many say the response from {org} has been slow."
    if kind == 2:
        return f"“We are doing everything we can,” {g.surname()} said, adding that {g.c(PARTIES)} had been briefed on {topic}."
    if kind == 3:
        return f"The decision follows months of pressure from campaigners in {place} and {g.c(COUNTRIES)}."
    if kind == 4:
        return f"Critics argue that {topic} was handled poorly from the start, while supporters point to the {g.c(ADJ)} progress made in {g.c(CITIES)}."
    if kind == 5:
        return f"{g.surname()} declined to comment further, citing {g.c(('the ongoing review', 'legal advice', 'privacy rules', 'the investigation'))}."
    if kind == 6:
        return f"The {g.c(OFFICES)} is expected to visit {place} later this week to meet {g.c(('families', 'local leaders', 'staff', 'volunteers', 'business owners'))}."
    if kind == 7:
        return f"According to {g.c(OUTLETS)}, the talks between {org} and {g.c(AGENCIES)} broke down over {topic}."
    if kind == 8:
        return f"Along {g.c(RIVERS)}, people described the mood as {g.c(('tense', 'hopeful', 'weary', 'calm', 'angry'))} as news of {topic} spread."
    if kind == 9:
        return f"{p} first raised concerns about {topic} when {g.c(('she', 'he', 'they'))} worked in {g.c(CITIES)}."
    if kind == 10:
        return f"A {g.c(ADJ)} review by {g.c(AGENCIES + HEALTH_ORGS)} is due to be published before the end of the year."
    if kind == 11:
        return f"Neither {org} nor {g.c(POLICE + COMPANIES)} responded to requests for comment."
    if kind == 12:
        return f"“This is not over,” said {p}, who has followed {topic} closely for {g.c(('years', 'a decade', 'most of her career', 'a long time'))}."
    if kind == 13:
        return f"Local groups in {g.county} said they would keep pressing {g.c(PARTIES)} to act on {topic}."
    if kind == 14:
        return f"The story was first reported by {g.c(OUTLETS)}, which cited people familiar with the matter in {place}."
    return f"Meanwhile, attention in {place} has turned to {g.topic()}, which {g.surname()} called a {g.c(ADJ)} test for {org}."


def _headline(g: _Gen) -> str:
    return g.c((
        f"{g.org[0].upper() + g.org[1:]} faces questions over {g.topic()}",
        f"{g.place()} braces for fallout from {g.topic()}",
        f"What {g.topic()} means for {g.place()}",
        f"{g.person()} speaks out on {g.topic()}",
        f"{g.topic()[0].upper() + g.topic()[1:]}: {g.place()} counts the cost",
    ))


def make_article(rng: random.Random, beat: str) -> str:
    """One article's text: a headline line, a blank line, then 8-15 paragraphs of prose."""
    g = _Gen(rng, beat)
    n_par = rng.randint(8, 15)
    target_words = rng.randint(300, 550)
    sentences: list[str] = []
    words = 0
    while words < target_words or len(sentences) < n_par:
        sentence = _numeric_sentence(g) if rng.random() < 0.25 else _plain_sentence(g)
        sentences.append(sentence)
        words += len(sentence.split())
    # Cut the sentence run into n_par non-empty paragraphs at random places.
    cuts = sorted(rng.sample(range(1, len(sentences)), n_par - 1))
    paragraphs = [" ".join(sentences[a:b]) for a, b in zip([0, *cuts], [*cuts, len(sentences)])]
    head = _headline(g)
    if rng.random() < 0.5:
        head = f"date {g.year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {head}"
    return head + "\n\n" + "\n\n".join(paragraphs) + "\n"


def make_corpus(folder: str, n_articles: int, seed: int = 0) -> list[str]:
    """Write `n_articles` deterministic news-like .txt files into `folder`; return their paths."""
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    width = max(4, len(str(n_articles)))
    for i in range(n_articles):
        beat = BEATS[rng.randrange(len(BEATS))]
        text = make_article(rng, beat)
        path = os.path.join(folder, f"{i:0{width}d}_{beat}.txt")
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        paths.append(path)
    return paths


def corpus_stats(paths: list[str]) -> dict[str, float]:
    """Words, paragraphs and numeric-sentence share of a written corpus (for sanity checks)."""
    words = paragraphs = sentences = numeric = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        body = text.split("\n\n")[1:]
        words += len(text.split())
        paragraphs += len(body)
        for sent in re.split(r"(?<=[.!?”])\s+", " ".join(body)):
            if sent.strip():
                sentences += 1
                numeric += bool(re.search(r"\d", sent))
    n = max(1, len(paths))
    return {"articles": len(paths), "words": words, "words_per_article": words / n,
            "paragraphs_per_article": paragraphs / n, "digit_sentence_share": numeric / max(1, sentences)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = make_corpus(args.out_dir, args.n, seed=args.seed)
    stats = corpus_stats(paths)
    print(f"wrote {stats['articles']:,} articles to {args.out_dir}: {stats['words']:,} words, "
          f"{stats['words_per_article']:.0f} words/article, {stats['paragraphs_per_article']:.1f} paragraphs/article, "
          f"{stats['digit_sentence_share']:.0%} of sentences with digits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
