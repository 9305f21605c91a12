"""A trilingual domain glossary for dictionary-based query translation (classic CLIR).

``qa/glossary.tsv`` has one row per concept the articles discuss (pay, reporting lines, skills,
customers, ...), with the words people use for it in English, German and Hungarian
(``|``-separated; a phrase's words are all required). It was written from the articles alone, by a
reviewer who did not see the question set (``docs/bench/glossary.md``).

A question's words are looked up in its own language (stemmed, as BM25 reads them); every concept
found lends its words in the other languages, so that BM25 can reach a passage in a language the
question is not in ("Kinek jelent a CTO?" -> "report", "berichten"). The e5 models cross
languages too, but a 4-bit e5-small reads some words in the wrong sense (Hungarian "keres" is
"search" as well as "earn").
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qa.language import _TOKEN_RE as WORD_RE
from qa.language import analyze, fold

logger = logging.getLogger(__name__)

GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary.tsv"
GLOSSARY_LANGS = ("en", "de", "hu")
# A question's term matches a glossary stem it begins with when at most this many letters follow and
# the stem has at least ``MIN_STEM`` letters: Snowball leaves some verb endings ("verdient" -> "verdient"
# while "verdienen" -> "verdi"; "jelentett" -> "jelentet").
MAX_ENDING = 3
SHORT_QUERY_WORDS = 3  # a keyword query's language comes from the glossary (``Glossary.keyword_language``)
MIN_STEM = 4


@dataclass(frozen=True)
class Concept:
    """One glossary row: its name and, per language, each synonym as its analysed terms."""

    name: str
    words: dict[str, tuple[tuple[str, ...], ...]]


class Glossary:
    """Concepts and, per language, which concepts a question's terms name."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = concepts
        # lang -> the folded stems of its one-word synonyms: which language a keyword is in
        self._words: dict[str, frozenset[str]] = {
            lg: frozenset(fold(syn[0]) for c in concepts for syn in c.words.get(lg, ()) if len(syn) == 1)
            for lg in GLOSSARY_LANGS}
        # lang -> first term of a synonym -> [(concept number, the synonym's terms)]
        self._by_first: dict[str, dict[str, list[tuple[int, tuple[str, ...]]]]] = {lg: {} for lg in GLOSSARY_LANGS}
        for n, concept in enumerate(concepts):
            for lg, synonyms in concept.words.items():
                for syn in synonyms:
                    self._by_first[lg].setdefault(syn[0], []).append((n, syn))

    @classmethod
    def from_tsv(cls, text: str) -> "Glossary":
        """Parse the TSV (header ``concept en de hu``).

        Raises:
            ValueError: a malformed header or row, naming the line.
        """
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
        if not lines or lines[0].split("\t") != ["concept", *GLOSSARY_LANGS]:
            raise ValueError(f"glossary header must be 'concept\\t{chr(9).join(GLOSSARY_LANGS)}'")
        concepts = []
        for lineno, line in enumerate(lines[1:], start=2):
            cells = line.split("\t")
            if len(cells) != 1 + len(GLOSSARY_LANGS):
                raise ValueError(f"glossary line {lineno}: {len(cells)} cells, expected {1 + len(GLOSSARY_LANGS)}")
            words = {}
            for lg, cell in zip(GLOSSARY_LANGS, cells[1:]):
                syns = []
                for phrase in cell.split("|"):
                    terms = tuple(analyze(phrase.strip(), lg))
                    if terms and terms not in syns:
                        syns.append(terms)
                if syns:
                    words[lg] = tuple(syns)
            concepts.append(Concept(cells[0].strip(), words))
        return cls(concepts)

    def concepts_named(self, terms: list[str], lang: str) -> list[int]:
        """Concept numbers whose words (in ``lang``) the analysed ``terms`` contain, in order.

        A term matches a stem equal to it, or one it begins with (``MAX_ENDING``, ``MIN_STEM``).
        """
        index = self._by_first.get(lang, {})
        have = list(dict.fromkeys(terms))
        found: list[int] = []
        for t in have:
            for stem in _stems_of(t):
                for n, syn in index.get(stem, ()):
                    if n not in found and all(any(_matches(s, u) for u in have) for s in syn[1:]):
                        found.append(n)
        return found

    def keyword_language(self, text: str, detected: str | None = None,
                         max_words: int = SHORT_QUERY_WORDS) -> str | None:
        """The one language whose domain words a short keyword query uses ("Gehalt", "cto fizetes"),
        accents optional; None for longer text, no such word, words of several languages as often, or
        any domain word of the ``detected`` language (the detector keeps its choice then).
        Function words decide longer questions; one or two keywords give a language identifier little."""
        words = WORD_RE.findall(text)
        if not words or len(words) > max_words:
            return None
        counts = {lg: sum(any(fold(t) in self._words[lg] for t in analyze(w, lg)) for w in words) for lg in GLOSSARY_LANGS}
        if detected is not None and counts.get(detected):
            return None
        best = max(counts.values())
        winners = [lg for lg, c in counts.items() if c == best]
        return winners[0] if best and len(winners) == 1 else None

    def translations(self, terms: list[str], lang: str) -> list[tuple[tuple[str, ...], ...]]:
        """For each concept the question names, its synonyms in the other languages (analysed terms).

        The question's own language is left out: BM25 reads those words already.
        """
        return self.translations_of(self.concepts_named(terms, lang), lang)

    def translations_of(self, concepts: list[int], lang: str) -> list[tuple[tuple[str, ...], ...]]:
        """``translations`` of concepts already looked up (``concepts_named``)."""
        out = []
        for n in concepts:
            syns = tuple(s for lg, group in self.concepts[n].words.items() if lg != lang for s in group)
            if syns:
                out.append(syns)
        return out


def _stems_of(term: str) -> list[str]:
    """The stems ``term`` may be an inflection of: itself, and its prefixes ``_matches`` accepts."""
    shortest = max(MIN_STEM, len(term) - MAX_ENDING)
    return [term] + [term[:k] for k in range(len(term) - 1, shortest - 1, -1)]


def _matches(stem: str, term: str) -> bool:
    return term == stem or (len(stem) >= MIN_STEM and term.startswith(stem) and len(term) - len(stem) <= MAX_ENDING)


@lru_cache(maxsize=2)
def load_glossary(path: Path = GLOSSARY_FILE) -> Glossary:
    """The glossary at ``path`` (an empty one, with a warning, when it is missing or damaged)."""
    try:
        return Glossary.from_tsv(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        logger.warning("no glossary at %s: questions are not translated for BM25", path)
    except (OSError, ValueError) as exc:  # unreadable or damaged: answer without it, and say so
        logger.warning("%s cannot be used (%s): questions are not translated for BM25", path.name, exc)
    return Glossary([])
