"""Query repair for typos and missing accents, before BM25.

A question word that occurs nowhere in the corpus is replaced by the corpus word it most
likely meant: the same word once accents are folded (``fizetes`` -> ``fizetés``; German
``ae/oe/ue`` read as ``ä/ö/ü``) or, for words of five letters or more, a word one edit
away with the same first letter (a deletion-neighbourhood lookup whose candidates are then
checked for their real distance, as SymSpell does); the most frequent candidate wins. Only a
typo gets a guess one edit away: a word that no word list of the language or English has
(``qa/words.py``) and that is either cut into three e5 pieces or more or no form of a listed word
(before the list, the pieces alone decided, which let "skilsl" and "kuden" through), no stop word,
and no word whose stem the articles have; and the guess is a word of the question's language or
English ("bosses" was "összes"). When the articles have no word one edit away, a typo of three e5
pieces or more that is no form of a listed word gets the list's most common word one edit away
with fewer pieces ("Welchhe" -> "welche"), unless it reads as a name. The
repaired question is then analysed as usual. Names and numbers stay exact: a
capitalised word of fewer than seven letters inside an English or Hungarian sentence that is not
title-cased ("Boeing") gets its accents back at most, never a guess one edit away ("being").
The repaired words are also what the models embed (``QueryState.embed_text``). For accents put
back, on dev, R@5 0.897 -> 0.905 and MRR@10 0.803 -> 0.811 (``mi a kulonbseg a cio es a cto
kozott`` found German passages, ``Mi a különbség …`` the Hungarian one); for all repairs with the
word list, on dev questions retyped with errors (``docs/experiments/typo_noise.py``), answer@1
0.713 -> 0.785 (refitted).
A German or Hungarian word the articles lack gets its accents back from the language's word
frequencies (``qa/accents.py``: ``cegnel`` -> ``cégnél``), before any guess one edit away, in a
question typed without accents (``TermExpansion.run`` says when).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from qa.accents import LANGS as ACCENT_LANGS
from qa.accents import has_accents, load_accents
from qa.key_terms import fold as plain  # lower case, accents removed
from qa.key_terms import name_test
from qa.language import analyze
from qa.languages import LANGUAGES
from qa.stages.base import QueryState, Resources, Stage
from qa.words import load_words

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_ADDRESS_RE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)


def fold(word: str) -> str:
    """Lower-cased, accents removed, German umlauts and their digraphs made plain (``ä``/``ae`` -> ``a``)."""
    word = word.lower()
    for rec in LANGUAGES.values():  # accent-free spellings to standard letters (German ae -> ä...)
        word = rec.respell(word)
    text = unicodedata.normalize("NFKD", word)
    return "".join(c for c in text if not unicodedata.combining(c)).replace("ß", "ss")


_GERMAN_DIGRAPHS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def restores_accents(typed: str, corpus_word: str, lang: str) -> bool:
    """Whether ``corpus_word`` is ``typed`` with its accents put back and nothing else changed:
    ``kulonbseg`` -> ``különbség``; in a German question also ``fuer`` -> ``für``, ``dass`` -> ``daß``."""
    typed, corpus_word = typed.lower(), corpus_word.lower()
    if typed == corpus_word or plain(typed) != typed:
        return False
    if plain(corpus_word) == typed:
        return True
    return lang == "de" and plain(corpus_word.translate(_GERMAN_DIGRAPHS)) == typed


def _case_like(typed: str, word: str) -> str:
    """``word`` with the capital of ``typed`` (``Kaeufer`` -> ``Käufer``)."""
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter inserted, deleted or replaced, or two adjacent
    letters swapped. Words sharing a deletion ("knees" and "needs" both give "nees") can be two
    edits apart; SymSpell checks its candidates the same way."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return short[i:] == long_[i + 1:]


class TermExpansion(Stage):
    """Rewrites ``state.terms`` from the question with unknown words repaired."""

    name = "expand"
    analysis = True
    MIN_EDIT_LEN = 5
    MIN_NAME_EDIT_LEN = 7
    # Measured on the bench's typos and a hostile pass's false repairs (hu, de, en): every false
    # repair was a word of one or two pieces. Now the word list decides for German, Hungarian and
    # English (``_is_typo``); the pieces decide only without a list, and for the list's own guesses.
    MIN_TYPO_PIECES = 3
    # The list's candidates one edit away are made letter by letter (about 70 per letter): a word
    # longer than any real one ("Rechtsschutzversicherungsgesellschaften" has 39) gets none.
    MAX_LIST_GUESS_LEN = 40
    MIN_LIST_GUESS_ZIPF = 3.0  # the list's guesses: words at least once in a million

    def __init__(self, res: Resources) -> None:
        e5 = res.embedders.get("e5")
        self._pieces = e5.word_pieces if e5 is not None else (lambda word: None)
        counts: Counter[str] = Counter()
        langs: dict[str, set[str]] = {}
        stems: dict[str, set[str]] = {}
        for c, terms in zip(res.store.chunks, res.chunk_terms):
            words = [w.lower() for w in _WORD_RE.findall(f"{c.section}\n{c.text}")]
            counts.update(words)
            if c.lang in LANGUAGES:
                stems.setdefault(c.lang, set()).update(terms)
            for w in words:
                langs.setdefault(w, set()).add(c.lang)
        self._known = frozenset(counts)
        self._count = counts
        self._langs = langs
        self._stems = stems
        self._folded: dict[str, list[str]] = {}
        self._near: dict[str, set[str]] = {}
        for word in sorted(counts):
            f = fold(word)
            self._folded.setdefault(f, []).append(word)
            if len(f) >= self.MIN_EDIT_LEN:
                for d in _deletions(f):
                    self._near.setdefault(d, set()).add(word)

    def repair(self, word: str, name: bool = False, lang: str | None = None, ambiguous_too: bool = True,
               suffix: bool = False, table: bool = True, name_like: bool = False) -> str | None:
        """The corpus word an unknown ``word`` most likely meant, or None.

        A ``name`` only gets accents back (``Kovacs`` -> ``Kovács``), never a word one edit away.
        A guess one edit away is made only for a typo (``_is_typo``: no word of the language's or
        English word list, nor a form of one: "board" is not repaired into "broad") that is no stop
        word and whose stem no article in ``lang`` has ("chiefs": BM25 finds "chief" already); the
        guess is a word of the articles in ``lang`` (an English
        typo is not repaired into Hungarian: "bosses" -> "összes"), or an English one (questions in
        German and Hungarian borrow English terms: "Und die Infrastucture?").
        A word the articles lack gets accents from the language's word list (``_accents_put_back``)
        with ``table`` (``run``: in a question typed with no accent), unless it is a ``suffix`` after a
        hyphen ("CIO-ra"), before any guess one edit away; and a word the list has with its accents
        ("technológiák") is no typo, so it gets no guess ("technológiai"). A German or Hungarian spelling the word
        list marks ambiguous (a word of its own: "zahlt", "vezetek"; an English one: "merge") gets
        accents, from the articles or the list, only with ``ambiguous_too`` (``run`` decides).
        A typo the articles have no word one edit from gets the word list's most common word one
        edit away that the e5 vocabulary cuts into fewer pieces ("Welchhe", 3 pieces -> "welche", 1;
        never "megtérül", 3 -> "megsérül", 4), unless it is ``name_like`` (capitalised inside an
        English or Hungarian sentence, at any length: "Schmitt" is no "schmidt", "Gremany" no
        "germany" that the articles would then answer with US salaries).
        """
        low = word.lower()
        if low in self._known or word.isupper():
            return None
        f = fold(low)
        # Accents (and German digraphs, in a German question) put back, never taken away or turned
        # into another language's word ("Ön" -> "on", German "du" -> English "due"); a name gets
        # accents only.
        found = {w for w in self._folded.get(f, ()) if restores_accents(low, w, "" if name else lang or "")}
        if found and not ambiguous_too and lang in ACCENT_LANGS and load_accents().is_ambiguous(f, lang):
            return None  # "hohe" may be meant: the articles' "Höhe" waits for evidence
        if not found and table and not suffix:
            # A word of the language with its accents put back is surer than a corpus word one edit
            # away: "iranyitja" is "irányítja", not the articles' "irányítsa".
            listed = self._accents_put_back(low, f, name, lang, ambiguous_too)
            if listed is not None:
                return listed
        words = load_words()
        if not found and len(f) >= self.MIN_EDIT_LEN and not name \
                and not (words.covers(lang) and words.has(word, lang)):  # a listed word is no typo
            pieces = self._pieces(word)  # once: the tokenizer is this path's costly part
            if not self._is_typo(word, lang, pieces) or self._stem_known(low, lang) \
                    or load_accents().has_word(low, f, lang):
                return None
            for d in _deletions(f):
                found |= self._near.get(d, set())
            # One edit away, and never in the first letter: typists rarely miss it, while real
            # words one letter apart there are many ("Läufer"/"Käufer", "yields"/"fields"); the
            # first two letters swapped is the exception ("Wleche").
            found = {w for w in found if (fold(w)[:1] == f[:1] or fold(w)[:2] == f[1::-1]) and one_edit_apart(f, fold(w))}
            if lang is not None:  # English too: German and Hungarian questions borrow its terms
                found = {w for w in found if self._langs[w] & {lang, "en"}}
            if not found and not name_like and len(low) <= self.MAX_LIST_GUESS_LEN and words.covers(lang) \
                    and self._many_pieces(pieces) and not words.has_stem(word, lang):
                # A word the articles lack, the language's most common one edit away: "Welchhe" ->
                # "welche", "ausbildug" -> "ausbildung"; never for a form of a listed word
                # ("együttműködnie" is no typo of "együttműködni"). A typo breaks a word into more pieces than
                # the word it misspells; a rare real word is cut like its neighbours ("megtérül" and
                # "megsérül", "delegieren" and "delegierten"), so the guess must have fewer pieces.
                for _, candidate in words.one_edit(low, lang, min_zipf=self.MIN_LIST_GUESS_ZIPF):
                    fewer = self._pieces(candidate)
                    if pieces is None or fewer is None or fewer < pieces:
                        return candidate
                return None
        if not found:
            return None
        return max(sorted(found), key=lambda w: self._count[w])

    def _is_typo(self, word: str, lang: str | None, pieces: int | None) -> bool:
        """Whether ``word`` (which the articles lack, and no word list has; ``pieces``: how many e5
        pieces it is) is a typo rather than a word: cut into three e5 pieces or more
        (``_many_pieces``) or no form of a listed word (``qa/words.py``: "skilsl", "kuden" are
        typos; "merges", "végzettség", "kezeljem" are words). Without a list for ``lang``, the
        pieces alone decide."""
        # A word of three pieces or more that no list has is a typo, as before the list; a form
        # test there missed typos whose stem is a word's ("Unterscheid", "felelősége").
        words = load_words()
        return self._many_pieces(pieces) or (words.covers(lang) and not words.has_stem(word, lang))

    @staticmethod
    def _accents_put_back(low: str, folded: str, name: bool, lang: str | None, ambiguous_too: bool) -> str | None:
        """A German or Hungarian word the articles lack, typed without its accents, with them put
        back from the language's word frequencies (``qa/accents.py``: ``cegnel`` -> ``cégnél``).
        Never for a name, nor for a word typed with any accent."""
        if name or lang not in ACCENT_LANGS or plain(low) != low:
            return None
        word = load_accents().restore(folded, lang, ambiguous_too=ambiguous_too)
        return word if word is not None and restores_accents(low, word, lang) else None

    @classmethod
    def _many_pieces(cls, pieces: int | None) -> bool:
        """Whether a word of ``pieces`` e5 pieces looks like a typo: ``MIN_TYPO_PIECES`` or more, or
        unknown (the model cannot tell): "diffrence" 3, "infrastucture" 4, "Gehallt" 3, while real
        words the articles lack are one or two ("board" 1, "Tanzen" 2, "lebte" 2, "fired" 2)."""
        return pieces is None or pieces >= cls.MIN_TYPO_PIECES

    def _stem_known(self, word: str, lang: str | None) -> bool:
        """Whether BM25 needs no repair of ``word``: a stop word of ``lang``, or a stem its articles have."""
        if lang not in self._stems:
            return False
        terms = analyze(word, lang)
        return not terms or all(t in self._stems[lang] for t in terms)

    def run(self, state: QueryState) -> None:
        question = state.question
        is_name = name_test(question, state.lang)
        lang = state.lang if state.lang in LANGUAGES else None
        # Web and e-mail addresses stay as typed ("zurich.de/uber-uns", "peter.kovacs@ceg.hu").
        verbatim = [m.span() for m in _ADDRESS_RE.finditer(question)]

        def repair_all(ambiguous_too: bool, table: bool) -> tuple[str, list[tuple[str, str]], str]:
            repaired: list[tuple[str, str]] = []
            respelled: list[str] = []  # the question as the models read it: repairs with the typed capital
            last = 0

            def fix(m: re.Match) -> str:
                nonlocal last
                word = m.group(0)
                if any(a <= m.start() < b for a, b in verbatim):
                    return word
                # A name ("Boeing") gets no one-edit guess ("being"); a long capitalised word does
                # ("Responsibilites"): names that far from every corpus word are one edit from none.
                name_like = is_name(m.start(), word)
                better = self.repair(word, name=len(word) < self.MIN_NAME_EDIT_LEN and name_like,
                                     lang=lang, ambiguous_too=ambiguous_too, table=table,
                                     suffix=question[m.start() - 1:m.start()] == "-", name_like=name_like)
                if better is None:
                    return word
                if (word, better) not in repaired:
                    repaired.append((word, better))
                respelled.extend((question[last:m.start()], _case_like(word, better)))
                last = m.end()
                return better

            text = _WORD_RE.sub(fix, question)
            return text, repaired, "".join(respelled) + question[last:]

        # The word list is read only for a question typed with no accent (no ß either): one typed with
        # them leaves a word without on purpose ("Mit tanuljak, ha CTO szeretnék lenni?": "tanuljak", not
        # "tanulják"). A spelling that is a word as typed ("zahlt", "vezetek") gets accents only where
        # another word got them back unambiguously: then the keyboard, not the word, left them out
        # ("wer ist fur die kaeufer zustandig", never "Wer zahlt das Gehalt?").
        accents_typed = has_accents(question)
        text, repaired, embed_text = repair_all(ambiguous_too=False, table=not accents_typed)
        if not accents_typed and any(restores_accents(old, new, state.lang) for old, new in repaired):
            text, repaired, embed_text = repair_all(ambiguous_too=True, table=True)
        if repaired:
            state.signals["repaired"] = repaired
            state.terms = analyze(text, state.lang)
            state.bm25_scores = state.concepts = None
            # The models read the repaired words too: accents put back ("kulonbseg" -> "különbség")
            # and, since a word list tells typos from words (``_is_typo``), guesses one edit away
            # ("skilsl" -> "skills"). On dev questions retyped with errors
            # (docs/experiments/typo_noise.py), answer@1 0.713 -> 0.736 from this alone. Only
            # repairs are respelled: a fold never takes accents or letters away ("Doe", "tő"); and
            # addresses stay as typed here too ("www.salry.com").
            state.embed_text = embed_text
