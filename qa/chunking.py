"""Sentence-aware chunking that respects headings, paragraphs and list items.

Every chunk is an exact span of its article: ``article.text[start:end] == chunk.text``.
Chunks never cross a heading. Paragraphs are kept whole when they fit ``max_words``;
longer ones are cut between sentences. A list is kept with the line that introduces
it while it fits, and otherwise split between items.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from qa.language import detect_language
from qa.types import Article, Chunk

DEFAULT_MAX_WORDS = 100
DEFAULT_MIN_WORDS = 12
MAX_CHARS_PER_WORD = 30  # a chunk holds at most max_words * 30 characters, however few spaces

_BLOCK_RE = re.compile(r"[^\n]+(?:\n[^\n]+)*")
ITEM_RE = re.compile(r"^(?:- |\d{1,2}[.)] )")  # a list item of the cleaned corpus
_WORD_RE = re.compile(r"\S+")
_ABBREV = ("e.g.", "i.e.", "vs.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "U.S.", "Ph.D.", "z.B.", "bzw.", "ca.", "Nr.")
_SENT_END_RE = re.compile(r"[.!?](?:[\"')\]]+)?(?=\s+[\"'(\[]?[A-ZÄÖÜÁÉÍÓŐÚŰ0-9])")


@dataclass(frozen=True)
class ChunkSettings:
    """How articles are cut. Recorded in the index manifest."""

    max_words: int = DEFAULT_MAX_WORDS
    min_words: int = DEFAULT_MIN_WORDS

    def __post_init__(self) -> None:
        if self.max_words < 10:
            raise ValueError(f"max_words={self.max_words} is too small; use 10 or more")
        if not 0 <= self.min_words < self.max_words:
            raise ValueError(f"min_words={self.min_words} must be between 0 and max_words={self.max_words}")


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    words: int
    paragraph: int  # units with the same paragraph number belong together


def _words(text: str) -> int:
    return len(text.split())


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` as ``(start, end)`` pairs, shifted by ``offset``."""
    spans = []
    begin = 0
    for m in _SENT_END_RE.finditer(text):
        end = m.end()
        tail = text[max(0, end - 6):end]
        if any(tail.endswith(a) for a in _ABBREV):
            continue
        spans.append((begin, end))
        begin = end
        while begin < len(text) and text[begin].isspace():
            begin += 1
    if begin < len(text):
        spans.append((begin, len(text.rstrip()) if text.rstrip() else len(text)))
    return [(s + offset, e + offset) for s, e in spans if e > s]


def _sections(text: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Split into (heading, blocks) where a block is (start, end, kind)."""
    sections: list[tuple[str, list[tuple[int, int, str]]]] = [("", [])]
    for m in _BLOCK_RE.finditer(text):
        block = m.group(0)
        if block.startswith("## ") and "\n" not in block:
            sections.append((block[3:].strip(), []))
            continue
        start, end = m.start(), m.end()
        lines = block.split("\n")
        if all(ITEM_RE.match(x) for x in lines):
            pos = start
            for line in lines:
                sections[-1][1].append((pos, pos + len(line), "item"))
                pos += len(line) + 1
        else:
            sections[-1][1].append((start, end, "para"))
    return [s for s in sections if s[1]]


def _units(text: str, blocks: list[tuple[int, int, str]], max_words: int) -> list[_Unit]:
    units: list[_Unit] = []
    para = 0
    prev_kind = ""
    for start, end, kind in blocks:
        span = text[start:end]
        # A list stays with the paragraph that introduces it ("...include:").
        if kind == "para" or prev_kind != "item":
            if not (kind == "item" and prev_kind == "para" and units and text[units[-1].end - 1] == ":"):
                para += 1
        prev_kind = kind
        max_chars = max_words * MAX_CHARS_PER_WORD
        if _words(span) <= max_words and len(span) <= max_chars:
            units.append(_Unit(start, end, _words(span), para))
            continue
        for s, e in split_sentences(span, start):
            n = _words(text[s:e])
            if n <= max_words and e - s <= max_chars:
                units.append(_Unit(s, e, n, para))
                continue
            # A "sentence" longer than a chunk (no sentence ends): cut between words,
            # and a "word" longer than a chunk anywhere.
            for ws, we, wn in _word_windows(text, s, e, max_words, max_chars):
                units.append(_Unit(ws, we, wn, para))
    return units


def _word_windows(text: str, start: int, end: int, max_words: int, max_chars: int) -> list[tuple[int, int, int]]:
    """``text[start:end]`` cut between words into spans of at most ``max_words`` words
    and ``max_chars`` characters (a longer word is cut inside)."""
    words: list[tuple[int, int]] = []
    for m in _WORD_RE.finditer(text, start, end):
        ws, we = m.span()
        words.extend((i, min(i + max_chars, we)) for i in range(ws, we, max_chars))
    out: list[tuple[int, int, int]] = []
    group: list[tuple[int, int]] = []
    for w in words:
        if group and (len(group) == max_words or w[1] - group[0][0] > max_chars):
            out.append((group[0][0], group[-1][1], len(group)))
            group = []
        group.append(w)
    if group:
        out.append((group[0][0], group[-1][1], len(group)))
    return out


def _pack(units: list[_Unit], settings: ChunkSettings) -> list[tuple[int, int]]:
    """Greedy packing: whole paragraphs while they fit, otherwise sentence by sentence."""
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    words = 0
    # Words from each unit to the end of its paragraph (units of a paragraph are
    # contiguous), computed once: linear, where summing per unit was quadratic.
    rest = [0] * len(units)
    for i in range(len(units) - 1, -1, -1):
        same = i + 1 < len(units) and units[i + 1].paragraph == units[i].paragraph
        rest[i] = units[i].words + (rest[i + 1] if same else 0)
    for i, unit in enumerate(units):
        starts_para = not current or unit.paragraph != current[-1].paragraph
        if current:
            para_words = rest[i] if starts_para else unit.words
            overflow = words + (para_words if starts_para else unit.words) > settings.max_words
            too_long = unit.end - current[0].start > settings.max_words * MAX_CHARS_PER_WORD
            if too_long or (overflow and (starts_para or words + unit.words > settings.max_words)):
                groups.append(current)
                current, words = [], 0
        current.append(unit)
        words += unit.words
    if current:
        groups.append(current)
    # Fold a tiny last piece into its neighbour rather than index a fragment.
    if len(groups) > 1 and sum(u.words for u in groups[-1]) < settings.min_words:
        if (sum(u.words for u in groups[-2] + groups[-1]) <= settings.max_words * 1.3
                and groups[-1][-1].end - groups[-2][0].start <= settings.max_words * MAX_CHARS_PER_WORD * 1.3):
            last = groups.pop()
            groups[-1] = groups[-1] + last
    return [(g[0].start, g[-1].end) for g in groups]


def chunk_article(article: Article, settings: ChunkSettings | None = None) -> list[Chunk]:
    """Cut one article into chunks whose text is an exact span of ``article.text``."""
    settings = settings or ChunkSettings()
    text = article.text
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for heading, blocks in _sections(text):
        for start, end in _pack(_units(text, blocks, settings.max_words), settings):
            span = text[start:end]
            digest = hashlib.sha1(f"{heading}\x00{span}".encode("utf-8", "surrogatepass")).hexdigest()[:12]
            chunk_id = f"{article.doc_id}:{digest}"
            n = 2
            while chunk_id in seen:
                chunk_id = f"{article.doc_id}:{digest}-{n}"
                n += 1
            seen.add(chunk_id)
            lang = detect_language(span, default=article.lang) if _words(span) >= 8 else article.lang
            chunks.append(Chunk(chunk_id, article.doc_id, heading, start, end, span, lang))
    return chunks


def chunk_corpus(articles: list[Article], settings: ChunkSettings | None = None) -> list[Chunk]:
    """Chunks of every article, in corpus order."""
    return [c for a in articles for c in chunk_article(a, settings)]
