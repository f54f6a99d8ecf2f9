"""The units that follow a number in an estimate, as patterns with their factors to base units
(bytes, seconds, per second), and the words around a number that say what it counts.

Sizes are decimal (1 KB = 1,000 bytes, the back-of-envelope convention); KiB..PiB are powers
of 1024. A month is 30 days and a year 365.
"""

from __future__ import annotations

import re

SECOND, MINUTE, HOUR, DAY = 1.0, 60.0, 3600.0, 86_400.0
WEEK, MONTH, YEAR = 7 * DAY, 30 * DAY, 365 * DAY

BYTE_PREFIXES = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15, "e": 1e18}
BYTE_PREFIXES |= {"ki": 2.0**10, "mi": 2.0**20, "gi": 2.0**30, "ti": 2.0**40, "pi": 2.0**50}
BYTE_PREFIXES |= {"kilo": 1e3, "mega": 1e6, "giga": 1e9, "tera": 1e12, "peta": 1e15}
BYTE_PREFIXES |= {"exa": 1e18, "kibi": 2.0**10, "mebi": 2.0**20, "gibi": 2.0**30}
BYTE_PREFIXES |= {"tebi": 2.0**40, "pebi": 2.0**50}

_LETTER_AFTER = r"(?![A-Za-z])"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# "Mb/s" and "Mbps" are bits; "MB/s" is bytes. "kb", "mb", "gb" (lower case) are read as bytes.
BIT_RATE = re.compile(
    r"[\s-]?(?:(?P<prefix>[kKmMgGtT])(?:bps|b/s|bit/s|bits/s)"
    r"|(?P<word>(?i:kilo|mega|giga|tera))bits?(?:/s|\s+per\s+second)|bps)" + _LETTER_AFTER
)
BITS = re.compile(r"[\s-]?bits?" + _LETTER_AFTER)
BYTES = re.compile(
    r"[\s-]?(?:(?P<prefix>[kKmMgGtTpPeE]i?)[Bb]"
    r"|(?P<word>(?i:kilo|mega|giga|tera|peta|exa|kibi|mebi|gibi|tebi|pebi)?)bytes?)" + _LETTER_AFTER
)
BARE_B = re.compile(r"(?P<space>\s?)[Bb]" + _LETTER_AFTER)

DURATIONS = {
    "ns": 1e-9, "nanosecond": 1e-9, "nanoseconds": 1e-9,
    "µs": 1e-6, "μs": 1e-6, "us": 1e-6, "microsecond": 1e-6, "microseconds": 1e-6,
    "ms": 1e-3, "msec": 1e-3, "millis": 1e-3, "millisecond": 1e-3, "milliseconds": 1e-3,
    "s": SECOND, "sec": SECOND, "secs": SECOND, "second": SECOND, "seconds": SECOND,
    "min": MINUTE, "mins": MINUTE, "minute": MINUTE, "minutes": MINUTE,
    "h": HOUR, "hr": HOUR, "hrs": HOUR, "hour": HOUR, "hours": HOUR,
    "d": DAY, "day": DAY, "days": DAY,
    "w": WEEK, "wk": WEEK, "wks": WEEK, "week": WEEK, "weeks": WEEK,
    "mo": MONTH, "month": MONTH, "months": MONTH,
    "y": YEAR, "yr": YEAR, "yrs": YEAR, "year": YEAR, "years": YEAR,
}  # fmt: skip
_ATTACHED_ONLY = ("d", "w", "y", "mo")  # "7d", "1y"; spaced they are too often something else


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


DURATION = re.compile(
    rf"(?:(?P<attached>{_alternatives(list(DURATIONS))})"
    rf"|[\s-](?P<spaced>{_alternatives([w for w in DURATIONS if w not in _ATTACHED_ONLY])}))"
    + _LETTER_AFTER
)

PERIODS = {w: s for w, s in DURATIONS.items() if s >= SECOND} | {"annum": YEAR}
_PERIOD_WORDS = [w for w in PERIODS if len(w) > 2 and not w.endswith("s")] + ["hr"]
# "1M uploads daily at peak" is a rate; "24 hourly sets", "10M daily active users" are not.
_CLAUSE_GOES_ON = ["and", "or", "at", "on", "in", "for", "with", "to", "from", "but", "so", "which"]
ADVERBS = {"hourly": HOUR, "daily": DAY, "nightly": DAY, "weekly": WEEK, "monthly": MONTH}
ADVERBS |= {"yearly": YEAR, "annually": YEAR}
# "/s", "per second", "a day", "each month", "daily" (but not "daily active users").
PERIOD = re.compile(
    rf"\s?/\s?(?P<slash>{_alternatives(list(PERIODS))}){_LETTER_AFTER}"
    rf"|[\s-](?:per|an?|each|every)[\s-](?:the\s)?(?P<word>{_alternatives(_PERIOD_WORDS)})"
    rf"{_LETTER_AFTER}"
    rf"|\s(?P<adverb>{_alternatives(list(ADVERBS))})\b(?!\s+(?!(?:{_alternatives(_CLAUSE_GOES_ON)})\b)[a-z])"
)
RATE_ABBREVIATIONS = {"rps": SECOND, "qps": SECOND, "tps": SECOND, "wps": SECOND}
RATE_ABBREVIATIONS |= {"iops": SECOND, "rpm": MINUTE, "qpm": MINUTE}
RATE = re.compile(rf"\s?(?P<abbr>(?i:{_alternatives(list(RATE_ABBREVIATIONS))})){_LETTER_AFTER}")
USER_COUNTS = re.compile(r"\s(?:DAU|MAU|WAU|CCU)s?" + _LETTER_AFTER)

WORD = re.compile(r"[\s-](?P<word>[A-Za-z][a-z]*(?:-[a-z]+)*|[A-Z]+s?)" + _LETTER_AFTER)
COUNT_NOUNS = _words(
    """user request replica shard server node machine host instance region zone datacenter
    cluster partition id key link url row record message msg event item object file photo
    image video post tweet write read query req connection worker thread core cpu pod click
    view session device customer account order transaction job task page document entry
    follower subscriber character char digit hash token line chunk block segment column table
    broker topic consumer producer queue bucket container vm box disk drive ssd hdd person
    people tenant az listing ride driver trip upload download notification email"""
)
# Words ending in "s" that are no plural count noun; a noun phrase ends at them too.
NOT_NOUNS = _words(
    """is was has does goes as us its this thus plus minus times less unless across always
    perhaps sometimes yes whereas various previous serious famous means yields gives takes
    needs makes comes becomes stays remains seems holds fits ones others tops alias canvas
    atlas lens news tenths hundredths thousandths millionths"""
)
PHRASE_BREAKS = _words(
    """and or of to in on at for with by per a an the each every is are was were be been
    from into than that which we it so but if then over under about around within across
    when where while because since until after before though although not no can could will
    would should may might must do did have had they them you he she our their his her these
    those there here something anything nothing everything someone"""
)
# The word just before a number that makes it a label, not an amount: "HTTP 429", "port 5432".
LABELS = _words(
    """http https status code codes port ports error top step stage phase version release rfc
    iso python java tls ssl ipv option section chapter item figure table line rule question
    part round number no level layer tier raid gen api v node chart fig redis postgres postgresql
    mysql kafka cassandra mongodb elasticsearch java go ubuntu debian android ios windows macos
    oauth sql es k8s"""
)
YEAR_PREPOSITIONS = _words("in by since until till before after from during of circa")
# "50%", "2x", "3rd", "10:30", "1.2.3", "2024-01-15", "10s of servers"
NOT_AN_AMOUNT_AFTER = re.compile(r"\s?%|\s?percent\b|x\b|st\b|nd\b|rd\b|th\b|:\d|\.\d|-\d|s\s+of\b")


PLURALS = _words("people data media")


def is_count_noun(word: str) -> bool:
    """Whether a word after a number names what is counted: a known noun, or a plural."""
    lower = word.lower()
    if lower in NOT_NOUNS or lower in PHRASE_BREAKS:
        return False
    singular = lower[:-1] if lower.endswith("s") else lower
    if lower in COUNT_NOUNS or singular in COUNT_NOUNS or lower.removesuffix("es") in COUNT_NOUNS:
        return True
    return len(lower) > 3 and lower.endswith("s") and not lower.endswith(("ss", "us", "is"))
