"""Relevance by evidence quotes, independent of how articles are chunked.

A passage is relevant to a question when it contains at least ``MIN_FRACTION`` (60%)
of one of the question's evidence quotes as one contiguous match, after both are
normalised (Unicode NFKC, case-folded, typographic quotes and dashes made plain,
whitespace and list markers collapsed). Quotes are short spans copied from corpus/.
"""
from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

MIN_FRACTION = 0.6

_TRANS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Comparison form: NFKC, case-folded, plain quotes, single spaces, no list markers."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANS).casefold()
    text = re.sub(r"(^|\n)\s*(?:- |\d{1,2}[.)] )", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def longest_match(quote: str, passage: str) -> int:
    """Length of the longest common contiguous run of the normalised texts."""
    q, p = normalise(quote), normalise(passage)
    if not q or not p:
        return 0
    return SequenceMatcher(None, q, p, autojunk=False).find_longest_match(0, len(q), 0, len(p)).size


def quote_coverage(quote: str, passage: str) -> float:
    """Share of the quote found as one contiguous run in the passage (0..1)."""
    q = normalise(quote)
    return longest_match(quote, passage) / len(q) if q else 0.0


def is_relevant(passage: str, evidence: list[str], min_fraction: float = MIN_FRACTION) -> bool:
    """True when the passage contains ``min_fraction`` of any one evidence quote."""
    return any(quote_coverage(q, passage) >= min_fraction for q in evidence)


def quote_in_text(quote: str, text: str) -> bool:
    """True when the whole quote occurs in the text (after normalisation)."""
    return normalise(quote) in normalise(text)
