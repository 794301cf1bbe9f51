"""Curated word lists: units, currencies, calendar words, and the synonym classes
that decide whether two claims count the same thing.

Kept as plain data in the package (no run-time download, no model weights):
WordNet-style resources need a download that cannot happen offline, and the
news vocabulary of counted things and predicates is small enough to curate.
Each synonym class maps many surface lemmas to one canonical key.
"""

from __future__ import annotations

# Words (lower case) that name a measure unit -> (canonical unit name, kind).
MEASURE_UNITS: dict[str, tuple[str, str]] = {}


def _units(kind: str, name: str, *aliases: str) -> None:
    for alias in (name, *aliases):
        MEASURE_UNITS[alias] = (name, kind)


_units("percent", "percent", "%", "percent", "per cent", "pct", "percentage")
_units("percent", "percentage point", "percentage points", "percentage-point", "points percentage")
_units("percent", "basis point", "basis points", "bps", "bp")
_units("duration", "second", "seconds", "sec", "secs")
_units("duration", "minute", "minutes", "min", "mins")
_units("duration", "hour", "hours", "hr", "hrs")
_units("duration", "day", "days")
_units("duration", "week", "weeks")
_units("duration", "month", "months")
_units("duration", "year", "years", "yr", "yrs")
_units("duration", "decade", "decades")
_units("duration", "century", "centuries")
_units("measure", "mile", "miles", "mi")
_units("measure", "mile per hour", "mph", "miles per hour", "miles an hour", "mile an hour")
_units("measure", "kilometre per hour", "km/h", "kph", "kmh", "kilometres per hour",
       "kilometers per hour", "kilometres an hour", "kilometers an hour")
_units("measure", "kilometre", "kilometres", "kilometer", "kilometers", "km", "kms")
_units("measure", "metre", "metres", "meter", "meters", "m")
_units("measure", "centimetre", "centimetres", "centimeter", "centimeters", "cm")
_units("measure", "millimetre", "millimetres", "millimeter", "millimeters", "mm")
_units("measure", "foot", "feet", "ft")
_units("measure", "inch", "inches", "in")
_units("measure", "yard", "yards", "yd")
_units("measure", "acre", "acres")
_units("measure", "hectare", "hectares", "ha")
_units("measure", "square foot", "square feet", "sq ft")
_units("measure", "square mile", "square miles", "sq mi")
_units("measure", "square kilometre", "square kilometres", "square kilometers", "sq km", "km2")
_units("measure", "kilogram", "kilograms", "kilo", "kilos", "kg", "kgs")
_units("measure", "gram", "grams", "g")
_units("measure", "milligram", "milligrams", "mg")
_units("measure", "pound", "pounds", "lb", "lbs")
_units("measure", "ounce", "ounces", "oz")
_units("measure", "tonne", "tonnes", "metric ton", "metric tons")
_units("measure", "ton", "tons")
_units("measure", "barrel", "barrels", "bbl")
_units("measure", "gallon", "gallons", "gal")
_units("measure", "litre", "litres", "liter", "liters", "l")
_units("measure", "millilitre", "millilitres", "milliliter", "milliliters", "ml")
_units("measure", "cubic metre", "cubic metres", "cubic meters")
# The tokenizer splits "64°F" and "20 °C" into "°" + "F": the unit phrase is "° f".
_units("measure", "degree Celsius", "degrees celsius", "degree celsius", "°c", "° c", "celsius", "c",
       "degrees c", "degree c", "deg c", "deg celsius", "celcius", "degrees celcius", "centigrade",
       "degrees centigrade")
_units("measure", "degree Fahrenheit", "degrees fahrenheit", "degree fahrenheit", "°f", "° f", "fahrenheit", "f",
       "degrees f", "degree f", "deg f", "deg fahrenheit", "farenheit", "degrees farenheit")
_units("measure", "degree", "degrees", "°", "deg")
_units("measure", "square metre", "square metres", "square meters", "square meter", "sq m", "m2")
_units("measure", "square yard", "square yards")
_units("measure", "square inch", "square inches")
_units("measure", "cubic foot", "cubic feet", "cu ft")
_units("measure", "cubic yard", "cubic yards")
_units("measure", "watt", "watts", "w")
_units("measure", "kilowatt", "kilowatts", "kw")
_units("measure", "megawatt", "megawatts", "mw")
_units("measure", "gigawatt", "gigawatts", "gw")
_units("measure", "kilowatt hour", "kilowatt hours", "kilowatt-hours", "kilowatt-hour", "kwh")
_units("measure", "megawatt hour", "megawatt hours", "megawatt-hours", "mwh")
_units("measure", "gigawatt hour", "gigawatt hours", "gigawatt-hours", "gwh")
_units("measure", "volt", "volts", "v")
_units("measure", "byte", "bytes")
_units("measure", "kilobyte", "kilobytes", "kb")
_units("measure", "megabyte", "megabytes", "mb")
_units("measure", "gigabyte", "gigabytes", "gb")
_units("measure", "terabyte", "terabytes", "tb")
_units("measure", "megabit per second", "mbps", "megabits per second")
_units("measure", "gigabit per second", "gbps", "gigabits per second")
_units("measure", "gigahertz", "ghz")
_units("measure", "megahertz", "mhz")
_units("measure", "decibel", "decibels", "db")
_units("measure", "calorie", "calories", "kcal")
_units("measure", "knot", "knots")
_units("measure", "light year", "light years", "light-year", "light-years")
_units("measure", "magnitude", "magnitude")
_units("measure", "point", "points", "pts")

# Abbreviated units that are only units when glued to the number ("5km", "3kg"):
# as free-standing words they are too ambiguous ("m", "in", "g", "c", "f").
GLUED_ONLY = {"m", "in", "g", "c", "f", "l", "w", "v", "ha", "mi", "ft", "min", "sec", "db", "bp"}

# Currency symbols and codes before a number -> canonical unit name.
CURRENCY_SYMBOLS: dict[str, str] = {
    "$": "dollar", "us$": "dollar", "usd": "dollar", "a$": "australian dollar",
    "aud": "australian dollar", "c$": "canadian dollar", "cad": "canadian dollar",
    "nz$": "new zealand dollar", "hk$": "hong kong dollar", "s$": "singapore dollar",
    "£": "pound sterling", "gbp": "pound sterling", "€": "euro", "eur": "euro",
    "¥": "yen", "jpy": "yen", "₹": "rupee", "rs": "rupee", "rs.": "rupee", "inr": "rupee",
    "chf": "swiss franc", "cny": "yuan", "rmb": "yuan", "₩": "won", "krw": "won",
    "₽": "ruble", "rub": "ruble", "r$": "real", "brl": "real", "₦": "naira",
    "mxn": "mexican peso", "zar": "rand",
}
# Currency words after a number -> canonical unit name.
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "dollar", "dollars": "dollar", "buck": "dollar", "bucks": "dollar",
    "euro": "euro", "euros": "euro", "pound": "pound sterling", "pounds": "pound sterling",
    "sterling": "pound sterling", "yen": "yen", "yuan": "yuan", "renminbi": "yuan",
    "rupee": "rupee", "rupees": "rupee", "cent": "cent", "cents": "cent",
    "penny": "penny", "pence": "penny", "p": "penny", "franc": "franc", "francs": "franc",
    "peso": "peso", "pesos": "peso", "ruble": "ruble", "rubles": "ruble", "won": "won",
    "usd": "dollar", "eur": "euro", "gbp": "pound sterling",
}
# Lemmas that make a bare "pound(s)" mean weight rather than money ("weighed 13.5 pounds").
WEIGHT_WORDS = {"weigh", "weight", "heavy", "heavier", "heaviest", "overweight", "underweight",
                "obese", "bodyweight", "birthweight"}
# Units of weight: a weight stated with no event verb ("Orozco is 5-foot-8, 135 pounds")
# is what "weighing 130 pounds" states.
WEIGHT_UNITS = {"pound", "kilogram", "kilo", "ounce", "gram", "stone", "ton", "tonne"}
# Units of distance: "lived half a mile away" and "had moved about a mile and a half away"
# both state how far something is, whatever the verb.
DISTANCE_UNITS = {"mile", "kilometre", "kilometer", "metre", "meter", "yard", "foot", "block"}
# Verbs that take a weight as their object ("lost 30 pounds"), unless a scale word says money.
WEIGHT_CHANGE_VERBS = {"lose", "gain", "shed", "put", "pile", "drop"}
# Nouns and verbs that make "pound(s)" money: "a fine of 200 pounds", "a 10-pound note",
# "cost 40 pounds", "200 million pounds of funding".
MONEY_NOUNS = {"money", "cash", "fund", "funding", "investment", "spending", "saving", "debt",
               "revenue", "profit", "loss", "tax", "taxpayer", "budget", "fine", "fee", "note",
               "coin", "bet", "voucher", "ticket", "bill", "prize", "payment", "salary", "wage",
               "price", "cost", "bonus", "donation", "grant", "loan", "pension", "rent", "sterling",
               "deal", "contract", "penalty", "compensation", "damage", "subsidy", "income", "worth"}
MONEY_VERBS = {"cost", "pay", "spend", "earn", "charge", "raise", "sell", "buy", "invest", "owe",
               "fine", "donate", "fetch", "price", "save", "borrow", "lend", "award", "bet", "win",
               "receive", "collect", "make", "bid", "offer", "value", "worth", "refund"}

# Verbs of multiplying, every form -> (factor, direction): "doubled" is ratio 2 up, "halved"
# ratio 2 down (a change's value is unsigned; its direction is in `change`).
MULTIPLIER_VERBS: dict[str, tuple[int, str]] = {}
for _stem, _factor, _direction in (("doubl", 2, "up"), ("tripl", 3, "up"), ("trebl", 3, "up"),
                                   ("quadrupl", 4, "up"), ("quintupl", 5, "up"), ("halv", 2, "down")):
    for _ending in ("e", "es", "ed", "ing"):
        MULTIPLIER_VERBS[_stem + _ending] = (_factor, _direction)
# Multiplier words before what they multiply ("twice as many", "double the level").
# "double"/"triple" name a rise like the verbs; "twice" only compares ("four times" is no rise).
MULTIPLIER_WORDS: dict[str, tuple[int, str | None]] = {
    "twice": (2, None), "thrice": (3, None), "double": (2, "up"), "triple": (3, "up"),
    "treble": (3, "up"), "quadruple": (4, "up"),
}
# Words after a multiplier word that make it one: "twice as many", "double the", "double what".
MULTIPLIED_LEADS = {"the", "what", "that", "this", "those", "these", "its", "their", "his", "her",
                    "our", "my", "your", "as", "last", "previous"}
# Words after a multiplying verb that make it something else: "doubled down", "doubles as",
# "double check".
MULTIPLIER_NOT_BEFORE = {"down", "up", "as", "over", "back", "for", "check", "click", "cross", "park", "-"}

# Nouns that an "N-day"/"N-year" adjective names a window or a product of, not a duration
# claim: "a 52-week high", "a 10-year Treasury note", "its biggest one-day gain", "a 30-year
# mortgage", "a 10-day forecast", "24-hour news"; "a 12-year sentence" stays a claim.
WINDOW_NOUNS = {"high", "low", "peak", "trough", "record", "best", "worst", "average", "move",
                "gain", "loss", "fall", "drop", "rise", "jump", "decline", "slide", "swing", "rally",
                "selloff", "sell-off", "surge", "slump", "plunge", "forecast", "outlook", "note",
                "bond", "gilt", "treasury", "yield", "mortgage", "rate", "news", "cycle", "clock",
                "service", "helpline", "hotline", "coverage", "shop", "store", "pharmacy", "gym",
                "newsroom", "channel"}
# ... and an "N-day week" is a working pattern ("a four-day week trial").
DAY_WINDOW_NOUNS = {"week", "weekend"}

# Races named by their distance: "the 100 metres", "the 200m butterfly", "the 10,000m".
EVENT_UNITS = {"m", "m.", "metre", "metres", "meter", "meters"}
EVENT_UNITS_WITH_WORD = EVENT_UNITS | {"km", "k", "mile", "miles", "yard", "yards"}
EVENT_DISTANCES = {50, 60, 100, 110, 200, 300, 400, 800, 1000, 1500, 3000, 5000, 10000}
EVENT_WORDS = {"final", "finals", "semi-final", "semifinal", "semi-finals", "semifinals", "semis",
               "heat", "heats", "hurdles", "freestyle", "butterfly", "backstroke", "breaststroke",
               "medley", "relay", "steeplechase", "sprint", "dash", "race", "title", "crown",
               "champion", "championship", "gold", "silver", "bronze", "medal", "record", "world",
               "olympic", "runner", "sprinter", "swimmer", "specialist", "event", "im"}
# Words that may follow a race named by its distance ("the 100 metres in 10.8 seconds",
# "the 1500 metres at the Olympics"); anything else after "the 100 metres" ("of track",
# "away", "users" after a millions "m") leaves it a quantity.
EVENT_FOLLOWERS = {"in", "at", "on", "and", "or", "for", "with", "this", "last", "since"}

# Scale words and their glued abbreviations ("3.9bn", "£6.1m").
SCALE_WORDS = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000,
    "mln": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000, "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000, "crore": 10_000_000, "crores": 10_000_000, "lakh": 100_000,
    "lakhs": 100_000,
}

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
TIME_SUFFIXES = {"am", "pm", "a.m.", "p.m.", "a.m", "p.m", "gmt", "utc", "et", "est", "edt",
                 "pt", "pst", "pdt", "bst", "cet", "hrs"}

# Words that turn a duration into the period of another claim ("in the past 10 months").
PERIOD_MARKERS = {"past", "last", "previous", "preceding", "next", "coming", "first", "final",
                  "following", "recent", "latest", "opening"}
# Words after a duration that make it a point in time ("10 years ago").
TIME_POINT_WORDS = {"ago", "later", "earlier", "before", "after", "since", "from now", "old"}

# Rate words after a number phrase: "34 every month", "5 percent a year", "per capita".
RATE_UNITS = {"second", "minute", "hour", "day", "night", "week", "month", "quarter", "year",
              "season", "game", "match", "barrel", "share", "head", "capita", "person", "kilo",
              "gallon", "litre", "liter", "ounce", "tonne", "ton", "mile", "hectare", "acre"}
RATE_LEADS = {"every", "per", "a", "an", "each"}

# Nouns that contain the counted thing rather than being it ("a list of 22 aliens").
CONTAINER_NOUNS = {"total", "average", "list", "number", "group", "count", "tally", "sum",
                   "estimate", "maximum", "minimum", "figure", "record", "high", "low", "batch",
                   "handful", "crowd", "team", "series", "set", "range", "mean", "median"}

# Containers that are themselves the counted people when no noun follows the number
# ("a crowd of 61,500 watched"), but not when one does ("a crowd of 500 protesters").
COLLECTIVE_NOUNS = {"crowd", "team"}

# Event nouns that carry the predicate of the number they govern ("the release of 16").
EVENT_NOUNS = {
    "release": "release", "transfer": "transfer", "arrest": "arrest", "deportation": "deport",
    "removal": "remove", "detention": "detain", "death": "die", "killing": "kill",
    "sale": "sell", "purchase": "buy", "loss": "lose", "increase": "increase",
    "decrease": "decrease", "rise": "rise", "fall": "fall", "drop": "drop", "growth": "grow",
    "decline": "decline", "cut": "cut", "hire": "hire", "hiring": "hire", "layoff": "lay off",
    "evacuation": "evacuate", "rescue": "rescue", "injury": "injure", "conviction": "convict",
    "indictment": "indict", "seizure": "seize", "import": "import", "export": "export",
    "admission": "admit", "approval": "approve", "payment": "pay", "donation": "donate",
    "investment": "invest", "acquisition": "acquire", "vote": "vote", "win": "win",
    "sentence": "sentence",
}

REPORTING_VERBS = {
    "say", "tell", "write", "report", "state", "confirm", "reveal", "announce", "estimate",
    "show", "find", "note", "explain", "tweet", "claim", "add", "testify", "disclose", "warn",
    "insist", "argue", "suggest", "indicate", "publish", "conclude", "continue", "acknowledge",
    "allege", "declare", "predict", "forecast", "project",
}
# Modals that make a number a possibility rather than a fact ("as many as 25 could be
# released"); "will"/"would" in reported speech state plans and are left as facts.
POSSIBILITY_MODALS = {"could", "may", "might", "can"}
# Verbs too light to name an event without their object ("maintain custody").
LIGHT_VERBS = {"maintain", "keep", "take", "make", "have", "give", "get", "put", "place", "do",
               "pay"}
CHANGE_VERBS = {
    "rise": "up", "climb": "up", "increase": "up", "grow": "up", "jump": "up", "gain": "up",
    "surge": "up", "soar": "up", "rally": "up", "advance": "up", "add": "up", "up": "up",
    "spike": "up", "rebound": "up", "swell": "up", "balloon": "up", "double": "up",
    "raise": "up", "hike": "up", "lift": "up", "boost": "up", "widen": "up",
    "fall": "down", "drop": "down", "decline": "down", "decrease": "down", "slip": "down",
    "slide": "down", "plunge": "down", "tumble": "down", "sink": "down", "shed": "down",
    "lose": "down", "cut": "down", "down": "down", "shrink": "down", "dip": "down",
    "slump": "down", "plummet": "down", "ease": "down", "retreat": "down", "crash": "down",
    "reduce": "down", "lower": "down", "trim": "down", "slash": "down",
}
# Predicates that say nothing about which event a number belongs to ("the toll was 12",
# "the deficit reached $1.7 trillion"): compatible with any predicate.
NEUTRAL_PREDICATES = {"be", "reach", "total", "hit", "come", "stand", "record", "report", "show",
                      "log", "number", "top", "see", "put", "estimate", "count", "tally",
                      "average", "amount", "run", "remain", "have", "come in", "post", "end",
                      "cause"}

CHANGE_NOUNS = {"increase": "up", "rise": "up", "gain": "up", "growth": "up", "hike": "up",
                "jump": "up", "surge": "up", "boost": "up", "uplift": "up", "decrease": "down",
                "decline": "down", "drop": "down", "fall": "down", "cut": "down", "loss": "down",
                "reduction": "down", "slump": "down", "dip": "down", "plunge": "down"}

# Qualifier-ish words that are never a number on their own here.
#: Ordinal words and their numbers ("the seventh straight win" counts seven wins).
ORDINAL_WORDS = {word: n for n, word in enumerate(
    ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
     "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
     "eighteenth", "nineteenth", "twentieth"), start=1)}

#: What makes an ordinal a count of a streak or a tally (extract.mentions._streak_at): a
#: word right after it ("the seventh straight win", "the team's second such arrest") or a
#: phrase that ends its noun phrase ("his 16th in a row", "the fourth comeback this season").
STREAK_WORDS = ("straight", "consecutive", "such")
STREAK_ENDS = ("in a row", "this season", "this year", "of his career", "of her career", "of their career",
               "of the season")
#: Or one of these nouns after it, with a possessive before it or "for" after the noun: a
#: tally of offences, results or scores so far ("his second DWI", "Klitschko's 58th victory",
#: "the second DUI related arrest for the team"). Nouns of order are left out ("his second
#: wife", "their fourth quarter drive", "his third season").
TALLY_OWNERS = ("his", "her", "their", "its", "'s", "’s")
TALLY_NOUNS = ("dwi", "dui", "arrest", "conviction", "offense", "offence", "victory", "win", "defeat", "loss",
               "title", "knockout", "touchdown", "goal", "interception")

NOT_NUMBER_IDIOMS = {("one", "of"), ("one", "another"), ("one", "day"), ("one", "time"),
                     ("one", "point"), ("one", "way"), ("one", "thing"), ("one", "side"),
                     ("one", "hand"), ("one", "or"), ("one", "who"), ("one", "that")}

# Synonym classes for counted things: lemma (or two-word phrase) -> class key.
SUBJECT_CLASSES: dict[str, str] = {}
for _key, _words in {
    "immigrant": ["immigrant", "alien", "migrant", "noncitizen", "non-citizen", "illegal",
                  "foreigner", "foreign national", "national", "undocumented"],
    "detainer": ["detainer", "detainer request", "hold request", "immigration detainer"],
    "worker": ["worker", "employee", "staff", "staffer", "job", "position", "personnel", "workforce",
               "employment"],
    "death": ["death", "fatality", "dead", "victim killed", "life", "death toll", "toll"],
    "person": ["person", "people", "individual", "resident", "citizen", "inhabitant", "american",
               "briton", "adult"],
    "injury": ["injury", "injured", "casualty"],
    "case": ["case", "infection", "diagnosis"],
    "vote": ["vote", "ballot"],
    "home": ["home", "house", "dwelling", "residence", "property", "household"],
    "car": ["car", "vehicle", "automobile"],
    "child": ["child", "kid", "minor", "youngster"],
    "student": ["student", "pupil"],
    "officer": ["officer", "police officer", "policeman", "cop", "agent"],
    "patient": ["patient"],
    "store": ["store", "location", "outlet", "branch", "shop"],
    "homicide": ["homicide", "killing", "murder"],
    "inmate": ["inmate", "prisoner", "detainee", "convict"],
    "unemployment": ["unemployment", "unemployment rate", "joblessness", "jobless rate"],
    "inflation": ["inflation", "consumer price", "price inflation", "inflation rate"],
    "economy": ["economy", "gdp", "gross domestic product", "output"],
    "home price": ["home price", "house price", "housing price", "home value"],
    "deficit": ["deficit", "shortfall", "budget deficit"],
    "surplus": ["surplus", "budget surplus"],
    "revenue": ["revenue", "turnover"],
    "profit": ["profit", "earnings", "net income"],
    "crime": ["crime", "offense", "offence"],
    "goal": ["goal"],
    "point": ["point"],
    "flight": ["flight"],
    "passenger": ["passenger", "traveller", "traveler", "rider", "ridership", "commuter"],
    "teacher": ["teacher", "educator", "instructor"],
    "troop": ["troop", "soldier", "service member"],
    "spectator": ["spectator", "crowd", "fan", "attendance", "attendee", "audience", "onlooker"],
    "fire engine": ["engine", "fire engine", "appliance", "fire appliance", "fire truck", "fire tender",
                    "pump", "pumper", "tender"],
}.items():
    for _word in _words:
        SUBJECT_CLASSES[_word] = _key

#: Where spaCy's lemmatizer makes a counted noun's singular wrongly ("species" -> "specie",
#: "doses" -> "dos", "news" -> "new"): the right one.
LEMMA_FIXES = {"specie": "species", "dos": "dose", "datum": "data", "medium": "media", "new": "news"}


def singular(word: str, *, lemma: str | None = None) -> str:
    """A lower-case noun in the singular, as the counted-thing keys above are written.

    The extractor has spaCy's `lemma` of the word, corrected here where it is known wrong
    (LEMMA_FIXES); without one (a word of stored text) the ending decides: "cities" ->
    "city", "detainers" -> "detainer", "class" stays."""
    if lemma is not None:
        return LEMMA_FIXES.get(lemma, lemma)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


# Counted things that are people: "three residents died" counts deaths, as "three lives"
# or "the death toll" do (with a verb of dying), and "four people were hurt" injuries.
PEOPLE_CLASSES = {"person", "immigrant", "worker", "child", "student", "officer", "patient",
                  "inmate", "passenger", "troop", "teacher", "spectator", "voter", "resident",
                  "victim", "player", "athlete", "runner", "member", "visitor", "tourist", "migrant",
                  "refugee", "protester", "civilian", "adult", "citizen", "driver", "skier", "hiker",
                  "climber", "swimmer", "pilgrim", "fan", "applicant", "nurse", "doctor", "soldier",
                  "other", "coworker", "co-worker", "colleague", "customer", "bystander", "man", "woman",
                  "boy", "girl", "employee", "staffer", "guard"}
#: Nouns for a person that say their sex: an age of "the woman" is no age of "the man".
MALE_NOUNS = frozenset({"man", "boy", "father", "son", "husband", "brother", "grandfather", "boyfriend",
                        "uncle", "nephew", "dad", "grandson", "gentleman", "widower", "mr"})
FEMALE_NOUNS = frozenset({"woman", "girl", "mother", "daughter", "wife", "sister", "grandmother",
                          "girlfriend", "aunt", "niece", "mom", "mum", "granddaughter", "lady", "widow",
                          "mrs", "ms"})

PEOPLE_EVENTS = {"die": "death", "injure": "injury"}

# Headline tolls, a number and the state of the people it counts: "2 Dead, 1 Wounded",
# "Four dead, 12 injured" (word -> the event verb it reports).
TOLL_WORDS = {"dead": "die", "killed": "kill", "injured": "injure", "wounded": "wound", "hurt": "hurt",
              "missing": "be missing", "hospitalized": "hospitalize", "hospitalised": "hospitalize",
              "arrested": "arrest", "evacuated": "evacuate", "displaced": "displace", "rescued": "rescue"}

# Synonym classes for predicates: canonical predicate text -> class key.
PREDICATE_CLASSES: dict[str, str] = {}
for _key, _words in {
    "refuse": ["ignore", "refuse to honor", "decline to honor", "refuse to honour", "defy",
               "not honor", "reject", "refuse", "decline", "disregard", "lift", "turn down",
               "fail to honor", "refuse to comply"],
    "release": ["release", "free", "let go", "set free", "let out", "release back", "turn loose"],
    "charge": ["charge", "accuse", "indict", "book"],
    "convict": ["convict", "sentence", "find guilty"],
    "hold": ["hold", "maintain custody", "detain", "keep", "keep custody", "keep in custody",
             "hold in custody", "maintain", "assume custody", "jail"],
    "incarcerate": ["incarcerate", "imprison", "be in jail", "lock up"],
    "transfer": ["transfer", "hand over", "turn over", "transport"],
    "die": ["die", "kill", "perish", "lose life", "claim", "drown"],
    "injure": ["injure", "wound", "hurt"],
    "cut": ["cut", "lay off", "shed", "eliminate", "axe", "slash", "fire", "lose"],
    "hire": ["hire", "add", "create", "recruit"],
    "arrest": ["arrest", "apprehend", "detain and arrest", "round up"],
    "deport": ["deport", "remove", "expel"],
    "evacuate": ["evacuate", "flee", "displace"],
    "sell": ["sell", "ship", "deliver"],
    "earn": ["earn", "make", "post", "report", "generate", "bring in"],
    "win": ["win", "capture", "secure", "take"],
    "score": ["score", "net"],
    "vote": ["vote", "cast"],
    "spend": ["spend", "invest", "allocate"],
    "raise": ["raise", "collect", "gather"],
    "infect": ["infect", "test positive", "contract", "sicken", "fall ill"],
    "shoot": ["shoot", "strike", "wound by gunfire"],
    "seize": ["seize", "confiscate", "intercept"],
    "close": ["close", "shutter", "shut"],
    "steal": ["steal", "make off", "escape", "take", "rob", "loot"],
    "grow": ["grow", "expand", "rise", "climb", "increase", "jump", "gain"],
    "shrink": ["shrink", "contract", "fall", "drop", "decline", "decrease", "slip"],
    "employ": ["employ", "have", "count"],
    "burn": ["burn", "scorch", "char", "blacken", "consume"],
    "approve": ["approve", "pass", "adopt", "authorize", "authorise", "sign off on"],
    "attend": ["attend", "watch", "draw", "turn out", "pack", "fill"],
    "carry": ["carry", "cross", "use"],
    "sign": ["sign", "agree", "ink"],
    "pay": ["pay", "shell out", "fork out"],
    "marry": ["marry", "wed", "be wed", "get married", "be married", "tie the knot"],
    "return": ["return", "move back", "come back", "go back", "head back", "re-enter", "reenter"],
}.items():
    for _word in _words:
        PREDICATE_CLASSES[_word] = _key

# Verbs that state an amount of money as a price ("starts at $1,199", "sells for $1499",
# "is priced at $1799", "comes in $1,199 and $1,499 versions"), whatever else they mean.
PRICE_VERBS = {"cost", "start", "start at", "start off", "sell", "sell for", "price", "be price", "retail",
               "go", "go for", "ask", "offer", "come", "come in", "list", "run", "charge"}

# Predicate classes that state a level, not an event: "employs 49,500" says what "a
# company with 49,500 employees" says.
LEVEL_PREDICATES = {"employ", "hold"}

# Place names counted over a whole article (without NER) to find its main place,
# the fallback for claims whose sentence names none.
US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
    "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
    "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico",
    "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
    "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
)
COUNTRIES = (
    "United States", "Canada", "Mexico", "Brazil", "Argentina", "United Kingdom", "Britain",
    "England", "Scotland", "Wales", "Ireland", "France", "Germany", "Italy", "Spain", "Portugal",
    "Netherlands", "Belgium", "Switzerland", "Austria", "Poland", "Sweden", "Norway", "Denmark",
    "Finland", "Greece", "Turkey", "Russia", "Ukraine", "China", "Japan", "India", "Pakistan",
    "Bangladesh", "Indonesia", "Australia", "New Zealand", "South Africa", "Nigeria", "Kenya",
    "Egypt", "Israel", "Iran", "Iraq", "Syria", "Saudi Arabia", "South Korea", "North Korea",
    "Vietnam", "Thailand", "Philippines", "Malaysia", "Singapore", "Colombia", "Chile", "Peru",
)

# Words that say nothing of a sentence's topic: two statements of one figure in different
# words must share some other word ("avalanche", "merger") to be taken as one quantity.
# Hand-listed because spaCy's stop words would import spaCy into read-only commands.
TOPIC_STOP_WORDS = frozenset("""
about above according across after again against ahead also although among another around away back
because been before being below between both came come comes could does doing down during each
either else even ever every from further gave give given gives going have having here into itself
just last later least less like made make makes many more most much must near nearly next only onto
other others over said same says several should since some still such than that their them then
there these they this those though through time times told took toward under until upon very were
what when where which while whose will with within without would year years month months week weeks
today yesterday percent percentage million millions billion billions trillion thousand thousands
hundred hundreds dozen dozens number numbers total figure figures people person official officials
report reported reports reporting data state states statement county city country nation national
government department agency news latest new first second third almost roughly approximately per
cent
""".split())
