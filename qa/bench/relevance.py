"""Relevance by evidence quotes, independent of how articles are chunked.

A passage is relevant to a question when it contains at least ``MIN_FRACTION`` (60%)
of one of the question's evidence quotes as one contiguous match, after both are
normalised (Unicode NFKC, case-folded, typographic quotes and dashes made plain,
whitespace and list markers collapsed). Quotes are short spans copied from corpus/.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MIN_FRACTION = 0.6

_TRANS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


@lru_cache(maxsize=8192)  # a bench judges every passage against every question's quotes
def normalise(text: str) -> str:
    """Comparison form: NFKC, case-folded, plain quotes, single spaces, no list markers."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANS).casefold()
    text = re.sub(r"(^|\n)\s*(?:- |\d{1,2}[.)] )", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _has_run(q: str, p: str, length: int) -> bool:
    """True when some ``length``-character run of ``q`` occurs in ``p``."""
    return length <= 0 or any(q[i:i + length] in p for i in range(len(q) - length + 1))


def longest_match(quote: str, passage: str) -> int:
    """Length of the longest common contiguous run of the normalised texts.

    Exact (the longest common substring): a run of length L implies runs of every shorter
    length, so a binary search over L with C-speed substring tests finds it.
    """
    q, p = normalise(quote), normalise(passage)
    lo, hi = 0, min(len(q), len(p))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _has_run(q, p, mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def quote_coverage(quote: str, passage: str) -> float:
    """Share of the quote found as one contiguous run in the passage (0..1)."""
    q = normalise(quote)
    return longest_match(quote, passage) / len(q) if q else 0.0


def covers(quote: str, passage: str, min_fraction: float = MIN_FRACTION) -> bool:
    """``quote_coverage(quote, passage) >= min_fraction``, testing only the one run length it needs."""
    q, p = normalise(quote), normalise(passage)
    if not q:
        return False
    n = len(q)
    need = max(0, int(min_fraction * n) - 1)
    while need / n < min_fraction:  # the smallest run length that passes, in the same float arithmetic
        need += 1
    return need == 0 or (need <= len(p) and _has_run(q, p, need))


def is_relevant(passage: str, evidence: list[str], min_fraction: float = MIN_FRACTION) -> bool:
    """True when the passage contains ``min_fraction`` of any one evidence quote."""
    return any(covers(q, passage, min_fraction) for q in evidence)


def quote_in_text(quote: str, text: str) -> bool:
    """True when the whole quote occurs in the text (after normalisation)."""
    return normalise(quote) in normalise(text)
