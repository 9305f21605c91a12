"""Which words exist in English, German and Hungarian, and how common they are.

Query repair (``qa/stages/expand.py``) has to tell a typo from a real word the articles lack, and
to find what a typo meant when the articles lack that word too ("Welchhe" -> "welche", "ausbildug"
-> "ausbildung"). Before this list it judged by how many pieces the e5 vocabulary cuts a word into
(three or more: a typo), which let most two-piece typos through unrepaired ("skilsl", "kuden",
"informatkiai"); on dev questions retyped with errors (``docs/experiments/typo_noise.py``) those are
most of what typing errors cost.

``qa/words.tsv`` holds one row per word: the language, the word (lower case, letters only), its
Zipf frequency (log10 of occurrences per billion words, one decimal) and its Snowball stem as BM25
analysis makes it (empty when it is the word itself), so that no process stems 113,000 words at
start-up (that cost the app 0.3 s of its cold start). It is derived from the
``wordfreq`` package (3.1.1, the "small" lists: words at least once in a million; data licensed
CC BY-SA 4.0 by Robyn Speer, https://github.com/rspeer/wordfreq) by ``python -m qa.words``
(which needs ``pip install wordfreq==3.1.1``); the app needs only the list.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from qa.language import stem as _stem

logger = logging.getLogger(__name__)


WORDS_FILE = Path(__file__).with_name("words.tsv")
LANGS = ("en", "de", "hu")
_HEADER = ("# Words per language: lang, word, Zipf frequency, stem if not the word (qa/words.py). Derived from wordfreq 3.1.1 "
           "(CC BY-SA 4.0, Robyn Speer, https://github.com/rspeer/wordfreq) by `python -m qa.words`.")
_ALPHABET = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "de": "abcdefghijklmnopqrstuvwxyzäöü",  # no ß: the list spells it ss
    "hu": "abcdefghijklmnopqrstuvwxyzáéíóöőúüű",
}


@dataclass(frozen=True)
class WordList:
    """Word -> Zipf frequency, per language; ``stems``: the stems of a language's words, when read
    from the file (else computed on first use)."""

    zipf: dict[str, dict[str, float]]
    stems: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def has(self, word: str, lang: str | None) -> bool:
        """Whether ``word`` (any case; ``ß`` read as ``ss``, as the list spells it) is a word of
        ``lang`` or of English; of any language when ``lang`` has no list (None, or a language we do
        not analyse)."""
        low, langs = self._lookup(word, lang)
        return any(low in self.zipf[lg] for lg in langs)

    def has_stem(self, word: str, lang: str | None) -> bool:
        """Whether ``word`` is a form of a listed word of ``lang`` or English: its stem is a listed
        word's stem ("végzettség" of "végzettsége", "merges" of "merge", "angehender" of "angehende").
        The list holds the common forms only; a rarer inflection is a word all the same. Hungarian
        stacks endings its Snowball stemmer does not strip, so there a Hungarian word of five letters
        or more, and no English one, followed by at most five letters is a form too ("kezel|jem",
        "dolgoz|hatok"; not "sale|ry"); a typo in those last letters goes unrepaired."""
        low, langs = self._lookup(word, lang)
        if any(_stem(low, lg) in self._stems(lg) for lg in langs):
            return True
        if lang == "hu":
            words, english = self.zipf["hu"], self.zipf.get("en", {})
            return any(low[:i] in words and low[:i] not in english for i in range(max(5, len(low) - 5), len(low)))
        return False

    def _lookup(self, word: str, lang: str | None) -> tuple[str, tuple[str, ...]]:
        """``word`` as the list spells it (lower case, ``ß`` as ``ss``) and the lists to look in:
        ``lang``'s and English's, or every list when ``lang`` has none."""
        langs = (lang, "en") if lang in self.zipf else tuple(self.zipf)
        return word.lower().replace("ß", "ss"), tuple(lg for lg in dict.fromkeys(langs) if lg in self.zipf)

    def _stems(self, lang: str) -> frozenset[str]:
        if lang not in self.stems:
            self.stems[lang] = frozenset(_stem(w, lang) for w in self.zipf[lang])
        return self.stems[lang]

    def covers(self, lang: str | None) -> bool:
        """Whether there is a list for ``lang`` (and so ``has`` can say a word is not one)."""
        return lang in self.zipf and bool(self.zipf[lang])

    def one_edit(self, word: str, lang: str, min_zipf: float = 0.0) -> list[tuple[float, str]]:
        """Words of ``lang`` or English one edit from ``word`` (a letter inserted, dropped, replaced,
        or two neighbours swapped), never in the first letter unless the first two are swapped
        ("Wleche" -> "welche"), as (Zipf frequency, word), most frequent first; only words of
        ``min_zipf`` or more."""
        low = word.lower()
        alphabet = _ALPHABET.get(lang, _ALPHABET["en"])
        cands: set[str] = set()
        for i in range(1, len(low) + 1):
            head, tail = low[:i], low[i:]
            if tail:
                cands.add(head + tail[1:])  # drop
                cands.update(head + c + tail[1:] for c in alphabet)  # replace
            cands.update(head + c + tail for c in alphabet)  # insert
        cands.update(low[:i] + low[i + 1] + low[i] + low[i + 2:] for i in range(len(low) - 1))  # swap
        cands.discard(low)
        out: dict[str, float] = {}
        for lg in dict.fromkeys((lang, "en")):
            table = self.zipf.get(lg, {})
            for c in cands:
                if table.get(c, -1.0) >= min_zipf:
                    out[c] = max(out.get(c, 0.0), table[c])
        return sorted(((z, w) for w, z in out.items()), key=lambda zw: (-zw[0], zw[1]))

    def __len__(self) -> int:
        return sum(len(v) for v in self.zipf.values())


def read_words(path: Path) -> WordList:
    """Read a list written by ``write_words``.

    Raises:
        ValueError: a row that is not ``lang<TAB>word<TAB>zipf<TAB>stem`` with a known language.
    """
    zipf: dict[str, dict[str, float]] = {lang: {} for lang in LANGS}
    stems: dict[str, set[str]] = {lang: set() for lang in LANGS}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        try:
            if len(parts) != 4 or parts[0] not in zipf or not parts[1]:
                raise ValueError
            zipf[parts[0]][parts[1]] = float(parts[2])
            stems[parts[0]].add(parts[3] or parts[1])
        except ValueError:
            raise ValueError(f"{path}:{n}: expected 'lang<TAB>word<TAB>zipf<TAB>stem' with lang one of "
                             f"{', '.join(LANGS)}, got {line[:80]!r}") from None
    return WordList(zipf, {lang: frozenset(v) for lang, v in stems.items()})


@lru_cache(maxsize=1)
def load_words() -> WordList:
    """The packaged list (``qa/words.tsv``), read once, when the first question has a word the
    articles lack (about a tenth of a second; read at start-up on a side thread, it cost the app's
    cold start as much); an empty list if it is missing."""
    if not WORDS_FILE.exists():
        logger.warning("%s is missing: typos are told from words by their e5 pieces only", WORDS_FILE)
        return WordList({})
    return read_words(WORDS_FILE)


def word_rows(frequencies: dict[str, dict[str, float]]) -> list[tuple[str, str, str, str]]:
    """Rows (lang, word, Zipf with one decimal, stem or "" when it is the word) of the words made
    of letters only."""
    import math

    rows = []
    for lang in sorted(frequencies):
        for w, f in sorted(frequencies[lang].items()):
            if w.isalpha() and f > 0:
                stem = _stem(w, lang)
                rows.append((lang, w, f"{math.log10(f * 1e9):.1f}", "" if stem == w else stem))
    return rows


def write_words(rows: list[tuple[str, str, str, str]], path: Path) -> None:
    """Write ``rows`` as the list file (sorted, with its source in a header line)."""
    path.write_text("\n".join([_HEADER] + ["\t".join(r) for r in sorted(rows)]) + "\n", encoding="utf-8")


def main() -> int:  # pragma: no cover - regenerates the packaged list; needs wordfreq
    try:
        import wordfreq
    except ImportError:
        print("qa.words: needs wordfreq: pip install wordfreq==3.1.1")
        return 1
    rows = word_rows({lang: wordfreq.get_frequency_dict(lang, wordlist="small") for lang in LANGS})
    write_words(rows, WORDS_FILE)
    print(f"wrote {len(rows)} words to {WORDS_FILE}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
