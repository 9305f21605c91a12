"""Which amount a question asks for, and whether a sentence gives one of that kind.

"How many hours does a CTO work?" is not answered by "$206,961", nor by "five to 15 years": all are
amounts, but not of the same unit. Units: ``percent``, ``money``, ``hours``, ``days``, ``weeks``,
``months``, ``years`` and ``count`` (a bare number); a question that asks "how much" without naming
one accepts any number.
The question's unit comes from its language's ``units`` cues (``qa/languages``); a sentence's
amounts are read in every language, since answers are quoted across languages.
"""
from __future__ import annotations

import re
from functools import lru_cache

from qa.languages import LANGUAGES, matches_cue
from qa.languages import get as language

# The order a question's cues are checked in: "what percent of the salary" asks for a percentage,
# "how many hours per week" for hours.
UNITS = ("percent", "money", "hours", "days", "weeks", "months", "years", "count")
_MEASURES = UNITS[:-1]  # units a number is given in; a count is a number given in none of them
_TIME = ("hours", "days", "weeks", "months", "years")
_NUMBER = r"\d[\d.,]*\+?(?:\s?(?:k|m|million|millió|millionen|mio\.?|tsd\.?|ezer|tausend|thousand)\b\.?)?"
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_DIGITS_RE = re.compile(r"\d[\d.,]*")
# "$206,961", "206.961 €", "USD 150,000", "EUR 150.000", "¥20,000,000"
_CURRENCY_RE = re.compile(r"(?:[$€£¥]|\b(?:USD|EUR|GBP|HUF|JPY)\b)\s?\d[\d.,]*|\d[\d.,]*\s?[$€£¥]", re.IGNORECASE)
_PERCENT_SIGN_RE = re.compile(r"\d[\d.,]*\s?%")
# Small numbers in words: "one of three types" states a count. Words that are also articles or
# other words are left out ("one", "ein", "egy"; Hungarian "hét" is also "week").
_NUMBER_WORDS_RE = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred|"
    r"dozen|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|fünfzehn|zwanzig|dreißig|fünfzig|hundert|"
    r"két|kettő|három|négy|öt|hat|nyolc|kilenc|tíz|tizenöt|húsz|harminc|ötven|száz)\b", re.IGNORECASE)


def _pattern(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"\b" for w in words)


@lru_cache(maxsize=None)
def _unit_re(unit: str) -> re.Pattern | None:
    """A number, in digits or words, followed by one of ``unit``'s words in any of our languages ("40 hours",
    "40-Stunden", "40 órát", "five years")."""
    words = tuple(w for rec in LANGUAGES.values() for w in rec.unit_words.get(unit, ()))
    if not words:
        return None
    # "40 hours", and "five years" / "fünf Jahre" / "öt év" (a number in words, as "one", "ein", "egy"
    # are not: they are articles too).
    return re.compile(rf"(?:{_NUMBER}|{_NUMBER_WORDS_RE.pattern})\s?-?\s?(?:{_pattern(words)})", re.IGNORECASE)


def asked_unit(words: list[str], lang: str) -> str | None:
    """The unit a question for a figure asks for, by its lower-cased words; None when it names none.

    The word a count cue asks about names it when it is a unit ("how many days of paid leave":
    days, though "paid" is a money word; "hány órát": hours), else it is a count ("how many
    CIOs"). Otherwise the language's ``units`` cues decide, in ``UNITS`` order, and a time word
    after a rate word is a rate, not the unit ("How much does a CIO make per year?": money).
    Only meaningful for a question that asks for a figure at all (cue type ``how_much``).
    """
    rec = language(lang)
    counted = _counted_word(words, rec.units.get("count", ()))
    if counted is not None:
        return next((u for u in _MEASURES if rec.units.get(u) and matches_cue(rec.units[u], [counted])), "count")
    time_cues = tuple(c for u in _TIME for c in rec.units.get(u, ()))
    words = [w for i, w in enumerate(words)
             if i == 0 or words[i - 1] not in rec.rate_words or not matches_cue(time_cues, [w])]
    return next((unit for unit in UNITS if rec.units.get(unit) and matches_cue(rec.units[unit], words)), None)


def asks_extent(tokens: list[str], lang: str) -> bool:
    """Whether a question's "how much" asks "to what extent" rather than for a figure: each of the
    language's ``extent_cues`` in it is followed by a word that is neither in ``figure_after`` nor a
    unit word nor, in German, in lower case ("How much technical knowledge does a CIO need?", "Wie viel
    Einfluss hat der CIO?", "Mennyi köze van a CTO-nak az ügyfelekhez?"), and no other cue for a
    figure ("how many") is there. ``tokens``: the question's words as typed."""
    rec = language(lang)
    words = [t.lower() for t in tokens]
    if matches_cue(tuple(c for c in rec.cues.get("how_much", ()) if c not in rec.extent_cues), words):
        return False
    figure_words = _figure_words(lang)
    found = False
    for cue in rec.extent_cues:
        parts = cue.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i:i + len(parts)] != parts:
                continue
            j = i + len(parts)
            if j == len(words) or matches_cue(figure_words, [words[j]]) or \
                    (lang == "de" and tokens[j][:1].islower()):
                return False  # "how much does …", "wie viel verdient …", "mennyi a fizetése"
            found = True
    return found


@lru_cache(maxsize=None)
def _figure_words(lang: str) -> tuple[str, ...]:
    """The language's ``figure_after`` words and every unit cue: after an extent cue, a figure."""
    rec = language(lang)
    return rec.figure_after + tuple(c for cues in rec.units.values() for c in cues)


def _counted_word(words: list[str], count_cues: tuple[str, ...]) -> str | None:
    """The word after the first count cue ("how many days" -> "days"; "hány órát" -> "órát"), or
    None when there is no count cue or nothing after it."""
    for cue in count_cues:
        parts = cue.split()
        for i in range(len(words) - len(parts) + 1):
            if all(matches_cue((p,), [w]) for p, w in zip(parts, words[i:i + len(parts)])):
                j = i + len(parts)
                return words[j] if j < len(words) else None
    return None


def _spans(text: str, unit: str) -> list[tuple[int, int]]:
    """Where ``text`` states an amount of ``unit`` (any but ``count``)."""
    found = []
    if unit == "money":
        found += [m.span() for m in _CURRENCY_RE.finditer(text)]
    if unit == "percent":
        found += [m.span() for m in _PERCENT_SIGN_RE.finditer(text)]
    words = _unit_re(unit)
    if words is not None:
        found += [m.span() for m in words.finditer(text)]
    return found


# A year (1900-2099) or a decade ("1980s", "the '90s", "1990er", "1990-es"): what a question for a point
# in time ("Since when …?", "Seit wann …?", "Mióta …?") is answered with.
_DATE_RE = re.compile(r"(?<![\d.,])(?:(?:19|20)\d\d(?:s|er|-?(?:as|es|ös)\b)?|['’]\d0s)(?![\d.,]\d)", re.IGNORECASE)


def gives_date(text: str) -> bool:
    """Whether ``text`` states a year or a decade ("in 2021", "since the 1980s", "a 90-es évek" is not one)."""
    return bool(_DATE_RE.search(text))


def gives_amount(text: str, unit: str | None) -> bool:
    """Whether ``text`` states an amount of ``unit`` (any number when ``unit`` is None).

    A ``count`` is a number that is neither a year (1900-2099) nor an amount of money, a
    percentage or a time ("a team of 120 engineers", "one of three types", not "$206,961",
    "40 hours" or "in 2021").

    Raises:
        ValueError: an unknown unit, naming the valid ones.
    """
    if unit is None:
        return bool(_DIGITS_RE.search(text) or _NUMBER_WORDS_RE.search(text))
    if unit in _MEASURES:
        return bool(_spans(text, unit))
    if unit == "count":
        taken = [span for u in _MEASURES for span in _spans(text, u)]
        for m in _DIGITS_RE.finditer(text):
            number = m.group(0).rstrip(".,")
            if _YEAR_RE.match(number) or any(a <= m.start() < b for a, b in taken):
                continue
            if m.start() > 0 and text[m.start() - 1] in "$€£¥":
                continue
            return True
        # A number word counts unless it is part of a measured amount ("five to 15 years").
        return any(not any(a - 8 <= m.start() < b for a, b in taken) for m in _NUMBER_WORDS_RE.finditer(text))
    raise ValueError(f"unknown unit {unit!r}; valid: {', '.join(UNITS)} or None")
