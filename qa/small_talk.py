"""Messages that ask nothing: a greeting, thanks or a goodbye ("hi", "Danke, das war hilfreich!",
"Szia! Hogy vagy?").

A chat's first message is often "hi"; it used to get "the articles do not cover this question" and
the closest passages (an advert, for "hi, how are you"). Such a message now gets a short reply in
its language (the ``greeting``, ``thanks`` and ``bye`` strings of ``qa/languages``) and nothing is
retrieved. Only a message made wholly of small-talk phrases counts: "Hi, what does a CTO do?" is a
question, asked without its greeting (:func:`without_opening`; with it, the greeting's words made the
answer "unsure").
"""
from __future__ import annotations

import re
from functools import lru_cache

from qa.languages import LANGUAGES

KINDS = ("thanks", "greeting", "bye")  # when a message has several ("Köszi, szia!"), the first wins
MAX_CHARS = 80
_SPLIT_RE = re.compile(r"[^\w'’]+", re.UNICODE)


def _normal(text: str) -> str:
    """Lower case, punctuation and emoji as spaces, one space between words."""
    return " ".join(_SPLIT_RE.sub(" ", text.lower().replace("’", "'")).split())


@lru_cache(maxsize=None)
def _patterns(code: str) -> tuple[re.Pattern, dict[str, re.Pattern]]:
    table = LANGUAGES[code].small_talk
    phrases = sorted({_normal(p) for kind in table.values() for p in kind}, key=len, reverse=True)
    whole = re.compile(r"(?:(?:" + "|".join(map(re.escape, phrases)) + r")(?: |$))+")
    kinds = {kind: re.compile(r"(?:^| )(?:" + "|".join(re.escape(_normal(p)) for p in table.get(kind, ())) + r")(?: |$)")
             for kind in KINDS if table.get(kind)}
    return whole, kinds


def small_talk(text: str) -> tuple[str, str] | None:
    """``(kind, language code)`` when ``text`` is only a greeting, thanks or goodbye, else None.

    Languages are tried in ``LANGUAGES`` order ("hello" is English and Hungarian: English).
    """
    words = _normal(text)
    if not words or len(words) > MAX_CHARS:
        return None
    for code, rec in LANGUAGES.items():
        if not rec.small_talk:
            continue
        whole, kinds = _patterns(code)
        if not whole.fullmatch(words):
            continue
        for kind in KINDS:
            if kind in kinds and kinds[kind].search(words):
                return kind, code
    return None


@lru_cache(maxsize=None)
def _opening(code: str) -> re.Pattern:
    table = LANGUAGES[code].small_talk

    def alternatives(kinds: tuple[str, ...]) -> str:
        phrases = sorted({p for kind in kinds for p in table.get(kind, ())}, key=len, reverse=True)
        return "|".join(r"\s+".join(map(re.escape, p.replace("'", "’").split())).replace("’", "['’]") for p in phrases)

    # One character at a time (no backtracking between alternatives); a hyphen only between spaces:
    # "Hi-tech" opens with no greeting.
    sep = r"(?:[\s,.!?;:…–—]|(?<=\s)-(?=\s))+"
    return re.compile(rf"^\s*(?:{alternatives(('greeting', 'thanks'))})(?:{sep}(?:{alternatives(KINDS + ('extra',))}))*"
                      rf"{sep}(?=\S)", re.IGNORECASE)


def without_opening(text: str) -> str:
    """``text`` without a greeting or thanks it opens with, when a question follows:
    "Hi, what does a CTO do?" -> "what does a CTO do?"; "Danke! Und was verdient ein CIO?" ->
    "Und was verdient ein CIO?". Anything else is returned as it is."""
    for code, rec in LANGUAGES.items():
        if not rec.small_talk:
            continue
        m = _opening(code).match(text)
        if m and any(ch.isalnum() for ch in text[m.end():]):
            return text[m.end():]
    return text
