"""Accents put back in German and Hungarian words the articles lack.

People type on keyboards and phones without ``ő`` or ``ü``: "ki felel az ugyfelekert a cegnel".
The query repair (``qa/stages/expand.py``) already puts accents back into words the articles
have; this table does it for the rest of the language: ``cegnel`` -> ``cégnél``, ``fur`` -> ``für``.
Those are what e5 then embeds, and e5 reads an accent-free Hungarian or German question much worse
(on dev, answer@1 of the German and Hungarian questions falls from 0.867 to 0.689 with their
accents removed; see ``docs/experiments/accent_table.py``).

``qa/accents.tsv`` holds one row per folded spelling: the language, the folded spelling
(``qa.stages.expand.fold``: lower case, accents removed, German ``ae/oe/ue`` read as umlauts),
the word to restore: the most frequent word of the language with accents that folds to it, kept
only when it is more frequent than the accent-free spelling as a word of its own ("schon" stays
"schon": it is more frequent than "schön"), and ``1`` when the accent-free spelling is a word too
("akar", "vezetek", "zahlt"): those are put back only in a question typed with no accent at all,
where the typist's keyboard, not the word, left them out (``qa/stages/expand.py``). It is derived from the word frequencies of the
``wordfreq`` package (3.1.1, the "small" lists: words at least once in a million; data licensed
CC BY-SA 4.0 by Robyn Speer, https://github.com/rspeer/wordfreq) by ``python -m qa.accents``
(which needs ``pip install wordfreq==3.1.1``); the app needs only the table.
"""
from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

logger = logging.getLogger(__name__)

ACCENTS_FILE = Path(__file__).with_name("accents.tsv")
LANGS = ("de", "hu")
_HEADER = ("# Accents to put back: lang, folded spelling, word, 1 if the folded spelling is a word too. Derived from wordfreq 3.1.1 "
           "(CC BY-SA 4.0, Robyn Speer, https://github.com/rspeer/wordfreq) by `python -m qa.accents`.")


def _has_accents(word: str) -> bool:
    text = unicodedata.normalize("NFKD", word)
    return any(unicodedata.combining(c) for c in text) or "ß" in word


@dataclass(frozen=True)
class AccentTable:
    """Folded spelling -> the word with its accents, per language; ``ambiguous`` holds the folded
    spellings that are words of the language too."""

    words: dict[str, dict[str, str]]
    ambiguous: frozenset[tuple[str, str]] = frozenset()

    def restore(self, folded: str, lang: str | None, ambiguous_too: bool = True) -> str | None:
        """The word of ``lang`` that ``folded`` most likely is with its accents, or None; with
        ``ambiguous_too`` False, None also when ``folded`` is a word of its own ("akar")."""
        if not ambiguous_too and (lang or "", folded) in self.ambiguous:
            return None
        return self.words.get(lang or "", {}).get(folded)

    def __len__(self) -> int:
        return sum(len(v) for v in self.words.values())


def read_accents(path: Path) -> AccentTable:
    """Read a table written by ``write_accents``.

    Raises:
        ValueError: a row that is not ``lang<TAB>folded<TAB>word`` with a known language.
    """
    words: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    ambiguous = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[0] not in words or not parts[1] or not parts[2] or parts[3] not in ("", "1"):
            raise ValueError(f"{path}:{n}: expected 'lang<TAB>folded<TAB>word<TAB>1 or nothing' with lang one of "
                             f"{', '.join(LANGS)}, got {line[:80]!r}")
        words[parts[0]][parts[1]] = parts[2]
        if parts[3]:
            ambiguous.add((parts[0], parts[1]))
    return AccentTable(words, frozenset(ambiguous))


@lru_cache(maxsize=1)
def load_accents() -> AccentTable:
    """The packaged table (``qa/accents.tsv``), read once; an empty table if it is missing."""
    if not ACCENTS_FILE.exists():
        logger.warning("%s is missing: accents are put back only into words the articles have", ACCENTS_FILE)
        return AccentTable({})
    return read_accents(ACCENTS_FILE)


def table_rows(frequencies: dict[str, dict[str, float]],
               fold: Callable[[str], str]) -> list[tuple[str, str, str, str]]:
    """The rows of the table from word frequencies per language.

    For each folded spelling, the most frequent word with accents that folds to it, kept when it is
    more frequent than the folded spelling itself as a word, and ``"1"`` when that is a word at all.
    """
    rows = []
    for lang in sorted(frequencies):
        freqs = frequencies[lang]
        best: dict[str, tuple[str, float]] = {}
        for word, freq in sorted(freqs.items()):
            if not word.isalpha() or not _has_accents(word):
                continue
            key = fold(word)
            if key == word or not key.isascii():
                continue
            if key not in best or freq > best[key][1]:
                best[key] = (word, freq)
        rows += [(lang, key, word, "1" if freqs.get(key, 0.0) > 0 else "")
                 for key, (word, freq) in sorted(best.items()) if freqs.get(key, 0.0) < freq]
    return rows


def write_accents(rows: list[tuple[str, str, str, str]], path: Path) -> None:
    """Write ``rows`` as the table file (sorted, with its source in a header line)."""
    lines = [_HEADER] + ["\t".join(r) for r in sorted(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:  # pragma: no cover - regenerates the packaged table; needs wordfreq
    try:
        import wordfreq
    except ImportError:
        print("qa.accents: needs wordfreq: pip install wordfreq==3.1.1")
        return 1
    from qa.stages.expand import fold

    freqs = {lang: wordfreq.get_frequency_dict(lang, wordlist="small") for lang in LANGS}
    rows = table_rows(freqs, fold)
    write_accents(rows, ACCENTS_FILE)
    print(f"wrote {len(rows)} rows to {ACCENTS_FILE}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
