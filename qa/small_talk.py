"""Messages that ask nothing: a greeting, thanks or a goodbye ("hi", "Danke, das war hilfreich!",
"Szia! Hogy vagy?").

A chat's first message is often "hi"; it used to get "the articles do not cover this question" and
the closest passages (an advert, for "hi, how are you"). Such a message now gets a short reply in
its language (the ``greeting``, ``thanks`` and ``bye`` strings of ``qa/languages``) and nothing is
retrieved. Only a message made wholly of small-talk phrases counts: "Hi, what does a CTO do?" is a
question, asked without its greeting (:func:`without_small_talk`, which also drops thanks after a
question; with the greeting, its words made the answer "unsure").
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
    # Atomic groups and possessive loops throughout: overlapping phrases ("thank you", "thank you very
    # much", "very much") must not be re-segmented on a failed match (that took seconds; measured).
    whole = re.compile(r"(?:(?>" + "|".join(map(re.escape, phrases)) + r")(?: |$))++")
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


def _alternatives(code: str, kinds: tuple[str, ...]) -> str:
    table = LANGUAGES[code].small_talk
    phrases = sorted({p for kind in kinds for p in table.get(kind, ())}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.replace("'", "’").split())).replace("’", "['’]") for p in phrases)


# Separators, one character at a time (no backtracking between alternatives); a hyphen only between
# spaces ("Hi-tech" opens with no greeting).
_SEP = r"(?:[\s,.!?;:…–—]|(?<=\s)-(?=\s))+"
# Between an opening and the question: punctuation, not a space alone ("How is it going to change the
# CIO role?" and "Hogy van a CIO fizetése meghatározva?" open with no greeting).
_BREAK = r"\s*(?:[,.!?;:…–—]|-(?=\s))(?:[\s,.!?;:…–—]|(?<=\s)-(?=\s))*"


# The asker's name after a greeting: "Hi, I'm Peter.", "Hallo, ich heiße Anna.", "Szia, Péter vagyok."
_NAME = r"(?-i:[A-ZÄÖÜÁÉÍÓŐÚŰ])[^\W\d_]*"
# ... in every language's ``introductions`` (shared with qa.key_terms, which skips the name).
_INTRO = "(?:" + "|".join(p.replace("{name}", _NAME) for record in LANGUAGES.values()
                          for p in record.introductions) + ")"


@lru_cache(maxsize=None)
def _opening(code: str) -> re.Pattern:
    return re.compile(rf"^\s*(?>{_alternatives(code, ('greeting', 'thanks'))})"
                      rf"(?:{_SEP}(?>{_alternatives(code, KINDS + ('extra',))}|{_INTRO}))*+{_BREAK}(?=\S)",
                      re.IGNORECASE)


@lru_cache(maxsize=None)
def _closing(code: str) -> re.Pattern:
    every = _alternatives(code, KINDS + ("extra",))
    return re.compile(rf"(?<=[?.!])\s*(?>{every})(?:{_SEP}(?>{every}))*+[\s.!…]*+$", re.IGNORECASE)


def without_small_talk(text: str) -> str:
    """``text`` without the greeting or thanks it opens with, or closes with after its question:
    "Hi, what does a CTO do?" -> "what does a CTO do?"; "Was macht ein CTO? Danke!" -> "Was macht
    ein CTO?". Anything else, and small talk alone, is returned as it is."""
    for code, rec in LANGUAGES.items():
        if not rec.small_talk:
            continue
        m = _opening(code).match(text)
        if m and any(ch.isalnum() for ch in text[m.end():]):
            text = text[m.end():]
            break
    for code, rec in LANGUAGES.items():
        if not rec.small_talk:
            continue
        m = _closing(code).search(text, max(0, len(text) - MAX_CHARS))  # closing small talk is short
        if m and any(ch.isalnum() for ch in text[:m.start()]):
            return text[:m.start()]
    return text
