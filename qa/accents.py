"""Accents put back in German and Hungarian words the articles lack.

People type on keyboards and phones without ``ő`` or ``ü``: "ki felel az ugyfelekert a cegnel".
The query repair (``qa/stages/expand.py``) already puts accents back into words the articles
have; this table does it for the rest of the language: ``cegnel`` -> ``cégnél``, ``fur`` -> ``für``.
Those are what e5 then embeds, and e5 reads an accent-free Hungarian or German question much worse
(on dev, answer@1 of the German and Hungarian questions falls from 0.867 to 0.689 with their
accents removed; see ``docs/experiments/accent_table.py``).

``qa/accents.tsv`` holds one row per folded spelling: the language, the folded spelling
(``qa.stages.expand.fold``: lower case, accents removed, German ``ae/oe/ue`` read as umlauts),
the word to restore (the most frequent word of the language with accents that folds to it, when
it is more frequent than the accent-free spelling as a word of its own: "schon" stays "schon"),
and ``1`` when the row is ambiguous (``0`` when not) (``table_rows``): the accent-free spelling is a word too, of
the language ("zahlt", "vezetek": "I lead") or of English ("merge", "uber"), or a second accented
word is nearly as frequent ("csinaljak"). An ambiguous row is used only in a question typed with
no accent at all where another word has had its accents put back unambiguously: evidence that the
keyboard, not the word, lacks them ("wer ist fur die kaeufer zustandig"; never "Wer zahlt das
Gehalt?"; ``qa/stages/expand.py``). It is derived from the word frequencies of the
``wordfreq`` package (3.1.1, the "small" lists: words at least once in a million; data licensed
CC BY-SA 4.0 by Robyn Speer, https://github.com/rspeer/wordfreq) by ``python -m qa.accents``
(which needs ``pip install wordfreq==3.1.1``); the app needs only the table.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from qa.language import fold

logger = logging.getLogger(__name__)

ACCENTS_FILE = Path(__file__).with_name("accents.tsv")
LANGS = ("de", "hu")
AMBIGUOUS_RATIO = 5.0  # an ambiguous row's word must be this much more frequent than the spelling as typed
_HEADER = ("# Accents to put back: lang, folded spelling, word, 1 if ambiguous (qa/accents.py). Derived from wordfreq 3.1.1 "
           "(CC BY-SA 4.0, Robyn Speer, https://github.com/rspeer/wordfreq) by `python -m qa.accents`.")


def has_accents(text: str) -> bool:
    """Whether ``text`` is typed with any accent or umlaut, ß included ("für", "Straße"; not "fur")."""
    return fold(text) != text.lower() or "ß" in text


@dataclass(frozen=True)
class AccentTable:
    """Folded spelling -> the word with its accents, per language; ``ambiguous`` holds the rows
    marked ambiguous (``table_rows``), as (lang, folded spelling)."""

    words: dict[str, dict[str, str]]
    ambiguous: frozenset[tuple[str, str]] = frozenset()

    def restore(self, folded: str, lang: str | None, ambiguous_too: bool = True) -> str | None:
        """The word of ``lang`` that ``folded`` most likely is with its accents (``folded`` itself when
        it is best kept as typed), or None; with ``ambiguous_too`` False, None also for an ambiguous
        row ("vezetek": a word of its own)."""
        if not ambiguous_too and self.is_ambiguous(folded, lang):
            return None
        return self.words.get(lang or "", {}).get(folded)

    def has_word(self, word: str, folded: str, lang: str | None) -> bool:
        """Whether ``word`` (lower case; ``folded`` its folded spelling) is the word of ``lang`` the
        table puts back for that spelling ("technológiák" for "technologiak")."""
        return bool(word) and self.words.get(lang or "", {}).get(folded) == word

    def is_ambiguous(self, folded: str, lang: str | None) -> bool:
        """Whether ``folded`` may be meant as typed in ``lang`` ("zahlt", "hohe", "merge")."""
        return (lang or "", folded) in self.ambiguous

    def __len__(self) -> int:
        return sum(len(v) for v in self.words.values())


def read_accents(path: Path) -> AccentTable:
    """Read a table written by ``write_accents``.

    Raises:
        ValueError: a row that is not ``lang<TAB>folded<TAB>word<TAB>0|1`` with a known language.
    """
    words: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    ambiguous = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[0] not in words or not parts[1] or not parts[2] or parts[3] not in ("0", "1"):
            raise ValueError(f"{path}:{n}: expected 'lang<TAB>folded<TAB>word<TAB>0 or 1' with lang one of "
                             f"{', '.join(LANGS)}, got {line[:80]!r}")
        words[parts[0]][parts[1]] = parts[2]
        if parts[3] == "1":
            ambiguous.add((parts[0], parts[1]))
    return AccentTable(words, frozenset(ambiguous))


@lru_cache(maxsize=1)
def load_accents() -> AccentTable:
    """The packaged table (``qa/accents.tsv``), read once; an empty table if it is missing."""
    if not ACCENTS_FILE.exists():
        logger.warning("%s is missing: accents are put back only into words the articles have", ACCENTS_FILE)
        return AccentTable({})
    return read_accents(ACCENTS_FILE)


def table_rows(frequencies: dict[str, dict[str, float]], fold: Callable[[str], str],
               english: dict[str, float] | None = None) -> list[tuple[str, str, str, str]]:
    """The rows of the table from word frequencies per language.

    For each folded spelling, the most frequent word with accents that folds to it, when it is more
    frequent than the folded spelling itself as a word of the language (else the spelling itself:
    kept as typed). The row is marked ``"1"`` (else ``"0"``)
    (ambiguous) when the folded spelling is a word too: of the language ("zahlt", "akar"), or of
    ``english`` ("merge", "host", "uber": English terms and names inside German and Hungarian
    questions), or when a second accented word is at least a third as frequent ("csinaljak":
    "csináljak" or "csinálják"). An ambiguous row whose word is not at least ``AMBIGUOUS_RATIO`` times
    as frequent as the folded spelling in the language keeps the spelling ("hat": "six" or "hát").
    """
    english = english or {}
    rows = []
    for lang in sorted(frequencies):
        freqs = frequencies[lang]
        ranked: dict[str, list[tuple[float, str]]] = {}
        for word, freq in sorted(freqs.items()):
            if not word.isalpha() or not has_accents(word):
                continue
            key = fold(word)
            if key == word or not key.isascii() or fold(key) != key:  # "citroën": typed "citroen" folds to "citron"
                continue
            ranked.setdefault(key, []).append((freq, word))
        for key in sorted(ranked):
            (freq, word), *others = sorted(ranked[key], key=lambda fw: (-fw[0], fw[1]))
            plain_freq = freqs.get(key, 0.0)
            ambiguous = plain_freq > 0 or english.get(key, 0.0) > 0 or bool(others and others[0][0] * 3 >= freq)
            if plain_freq >= freq or (ambiguous and freq < AMBIGUOUS_RATIO * plain_freq):
                word = key  # kept as typed; still marked, so the articles' accented twin waits for evidence too
            rows.append((lang, key, word, "1" if ambiguous else "0"))
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
    rows = table_rows(freqs, fold, wordfreq.get_frequency_dict("en", wordlist="small"))
    write_accents(rows, ACCENTS_FILE)
    print(f"wrote {len(rows)} rows to {ACCENTS_FILE}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
