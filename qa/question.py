"""Validate and normalise a user's question before retrieval."""
from __future__ import annotations

import html
import re
import unicodedata

from qa.errors import QuestionError
from qa.language import ROLE_ACRONYM_RE

MAX_QUESTION_CHARS = 1000

_TAG_RE = re.compile(r"<[^>]{0,200}>")
# Terminal escape sequences (colours "\x1b[31m", titles "\x1b]0;...\x07") go whole: dropping only the
# control character would leave "[31m", and "31" would be searched for.
_ANSI_RE = re.compile(r"\x1b(?:\[[0-?]{0,32}[ -/]{0,8}[@-~]|\][^\x07\x1b]{0,500}(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]{0,32}[ -/]{0,8}[@-~]")
_INVISIBLE_IN_WORDS = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")  # soft hyphen, zero-width (non-)joiners, word joiner
_MD_LINK_RE = re.compile(r"!?\[([^\]]{0,300})\]\([^)]{0,500}\)")
_MD_MARK_RE = re.compile(r"[*_`#>~|]+")
_CAPS_WORD_RE = re.compile(r"[^\W\d_]+")
# A word said three times or more in a row ("CTO CTO CTO ..."), or a sentence repeated ("What is a
# CTO? What is a CTO?"), is read once: repeated, it drowns the question's vector and weights. Exact
# repeats of words with letters only ("1 000 000" and "die, die die" stay), case kept ("IT it").
_REPEATED_WORD_RE = re.compile(r"\b([^\W\d_]+)(?:\s+\1\b){2,}")
_REPEATED_SENTENCE_RE = re.compile(r"(?:^|(?<=[.!?]\s))([^.!?]*?[^\W\d_][^.!?]*?[.!?]+)(?:\s*\1(?=\s|$))+")


def clean_question(raw: object, max_chars: int = MAX_QUESTION_CHARS) -> str:
    """Return the question as plain text for retrieval.

    HTML tags, Markdown links/images and emphasis marks are dropped (their text kept),
    control characters removed, Unicode normalised (NFKC), whitespace collapsed, a word
    repeated three times or more in a row or a sentence repeated kept once. The
    length limit holds before and after normalisation.

    Raises:
        QuestionError: not text, empty after cleaning, or longer than ``max_chars``.
    """
    if not isinstance(raw, str):
        raise QuestionError(f"a question must be text, got {type(raw).__name__}")
    if len(raw) > max_chars:
        raise QuestionError(f"the question is {len(raw)} characters long; the limit is {max_chars}")
    text = unicodedata.normalize("NFKC", raw)
    if len(text) > max_chars:  # NFKC can expand a character up to 18-fold ("\ufdfa")
        raise QuestionError(f"the question is {len(text)} characters long once normalised (NFKC); "
                            f"the limit is {max_chars}")
    text = _ANSI_RE.sub(" ", text)
    # Invisible characters inside a word (a soft hyphen or zero-width space from text copied off the
    # web: "kü\u00adlönbség") go; other control and format characters separate words.
    text = "".join("" if c in _INVISIBLE_IN_WORDS else " " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co")
                   else c for c in text)
    text = html.unescape(text)
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub(" ", text)
    text = _MD_MARK_RE.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _REPEATED_SENTENCE_RE.sub(r"\1", _REPEATED_WORD_RE.sub(r"\1", text))
    if not any(c.isalnum() for c in text):
        if text:
            raise QuestionError("the question has no words to search for (only symbols or emoji); "
                                "type a question about the articles", kind="no_words")
        if _TAG_RE.search(raw) or _MD_LINK_RE.search(raw) or _MD_MARK_RE.search(raw):  # "<img src=x>": not empty as typed
            raise QuestionError("the question has no words to search for once its markup (HTML or Markdown) is "
                                "left out; type a question about the articles", kind="no_words")
        raise QuestionError("the question is empty; type a question about the articles", kind="empty")
    return text


def unshout(text: str, keep: frozenset[str] = frozenset()) -> str:
    """An all-capitals question in ordinary case, its acronyms kept.

    ``HOW MUCH DOES A CIO EARN?`` -> ``how much does a CIO earn?``: otherwise every word reads
    as a name (BM25 would not stem it, and a refusal would say the articles do not mention
    "EARN"). Kept in capitals: role acronyms (``CIO``, ``CISO``, plural ``CTOs``) and the words
    in ``keep`` (the engine passes what the articles write in capitals: ``IT``, ``CEO``, ``HR``).
    A suffix after a hyphen (Hungarian ``IT-BAN``, ``CIO-NAK``) is lower-cased. Text with other
    lower-case letters, or under three words, is returned unchanged.
    """
    words = _CAPS_WORD_RE.findall(text)
    if len(words) < 3 or any(c.islower() for w in words if not ROLE_ACRONYM_RE.fullmatch(w) for c in w):
        return text

    def case(m: re.Match) -> str:
        w = m.group(0)
        after_hyphen = m.start() > 0 and text[m.start() - 1] == "-"
        if not after_hyphen and (ROLE_ACRONYM_RE.fullmatch(w) or w in keep):
            return w
        return w.lower()

    return _CAPS_WORD_RE.sub(case, text)
