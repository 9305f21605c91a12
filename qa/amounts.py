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
_NUMBER = r"\d[\d.,]*(?:\s?(?:k|m|million|millió|millionen|mio\.?|ezer|tausend|thousand))?"
_YEAR_RE = re.compile(r"^(?:19|20)\d\d$")
_DIGITS_RE = re.compile(r"\d[\d.,]*")
_CURRENCY_RE = re.compile(r"[$€£]\s?\d[\d.,]*|\d[\d.,]*\s?[$€£]")
_PERCENT_SIGN_RE = re.compile(r"\d[\d.,]*\s?%")


def _pattern(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) + r"\b" for w in words)


@lru_cache(maxsize=None)
def _unit_re(unit: str) -> re.Pattern | None:
    """A number followed by one of ``unit``'s words in any of our languages ("40 hours", "40-Stunden", "40 órát")."""
    words = tuple(w for rec in LANGUAGES.values() for w in rec.unit_words.get(unit, ()))
    if not words:
        return None
    return re.compile(rf"{_NUMBER}\s?-?\s?(?:{_pattern(words)})", re.IGNORECASE)


def asked_unit(words: list[str], lang: str) -> str | None:
    """The unit an amount question asks for, by its lower-cased words; None when it names none.

    Only meaningful for a question that asks for a figure at all (cue type ``how_much``).
    """
    rec = language(lang)
    # "How much does a CIO make per year?" asks for money, not years: a word after a rate word is no cue.
    words = [w for i, w in enumerate(words) if i == 0 or words[i - 1] not in rec.rate_words]
    return next((unit for unit in UNITS if rec.units.get(unit) and matches_cue(rec.units[unit], words)), None)


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


def gives_amount(text: str, unit: str | None) -> bool:
    """Whether ``text`` states an amount of ``unit`` (any number when ``unit`` is None).

    A ``count`` is a number that is neither a year (1900-2099) nor an amount of money, a
    percentage or a time ("a team of 120 engineers", not "$206,961", "40 hours" or "in 2021").

    Raises:
        ValueError: an unknown unit, naming the valid ones.
    """
    if unit is None:
        return bool(_DIGITS_RE.search(text))
    if unit in _MEASURES:
        return bool(_spans(text, unit))
    if unit == "count":
        taken = [span for u in _MEASURES for span in _spans(text, u)]
        for m in _DIGITS_RE.finditer(text):
            number = m.group(0).rstrip(".,")
            if _YEAR_RE.match(number) or any(a <= m.start() < b for a, b in taken):
                continue
            if m.start() > 0 and text[m.start() - 1] in "$€£":
                continue
            return True
        return False
    raise ValueError(f"unknown unit {unit!r}; valid: {', '.join(UNITS)} or None")
