"""Abstention: decide from the stages' evidence whether the articles answer the question.

Signals (``FEATURES``), all read from the ``QueryState`` the earlier stages filled:

* ``e5_top`` / ``e5_gap``: best multilingual-e5 cosine, and how far it stands above the tenth;
* ``coverage``: share of the question's analysed terms found anywhere in the corpus;
* ``bm25_top``: best BM25 score per query term;
* ``unknown_name``: the question names an acronym the corpus never mentions (CFO, CISO...);
* ``bigram_coverage``: share of adjacent term pairs ("chief financ") seen in the corpus;
* ``select_top``: the answer selector's confidence in its best sentence;
* ``unknown_term``: the question's key terms (names, places, numbers, currencies) that no
  article contains;
* ``amount_mismatch``: an amount is asked and no candidate answer sentence has a number;
* ``knn``: how much closer the question's e5 vector is to the answerable dev questions than
  to the unanswerable ones (mean cosine of the 3 nearest of each; ``qa/abstention_refs.npz``).

A logistic model fitted on the dev questions (``python -m qa calibrate``; ``qa/abstention.json``)
combines them; it abstains when P(answerable) < its threshold, and says why in the
question's language ("the articles do not mention the CISO").
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.language import analyze
from qa.languages import LANGUAGES
from qa.languages import get as language
from qa.lexical import chunk_terms
from qa.logistic import LogisticModel
from qa.stages.base import QueryState, Resources, Stage

logger = logging.getLogger(__name__)

FEATURES = ("e5_top", "e5_gap", "coverage", "bm25_top", "unknown_name", "bigram_coverage", "select_top",
            "unknown_term", "amount_mismatch", "knn")
PARAMS_FILE = Path(__file__).resolve().parent.parent / "abstention.json"
REFS_FILE = PARAMS_FILE.with_name("abstention_refs.npz")
KNN = 3


def knn_margin(vec: np.ndarray, refs: np.ndarray, labels: np.ndarray, exclude: np.ndarray | None = None) -> float:
    """Mean cosine of the ``KNN`` nearest answerable references minus that of the unanswerable ones."""
    sims = refs @ vec
    keep = np.ones(len(refs), bool) if exclude is None else ~exclude
    ins, outs = np.sort(sims[keep & (labels == 1)])[::-1], np.sort(sims[keep & (labels == 0)])[::-1]
    if not len(ins) or not len(outs):
        return 0.0
    return float(ins[:KNN].mean() - outs[:KNN].mean())


def load_refs(path: Path = REFS_FILE) -> tuple[np.ndarray, np.ndarray] | None:
    """The dev questions' e5 vectors and labels (1 = answerable), or None."""
    try:
        with np.load(path, allow_pickle=False) as z:
            vecs, labels = z["vectors"].astype(np.float32), z["labels"].astype(np.int8)
        if vecs.ndim != 2 or len(vecs) != len(labels):
            raise ValueError(f"vectors {vecs.shape} do not fit labels {labels.shape}")
        return vecs, labels
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("%s cannot be used (%s); the knn signal is off", path.name, exc)
        return None

_ACRONYM_RE = re.compile(r"\b[A-ZÄÖÜÁÉÍÓŐÚŰ]{2,}s?\b")
_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+|[$€£¥]", re.UNICODE)  # "169,132" is one token
_SENTENCE_END_RE = re.compile(r"[.!?:;]")


def _is_stopword(word: str) -> bool:
    low = word.lower()
    return any(low in LANGUAGES[code].stopwords for code in LANGUAGES)


_NUMBER_RE = re.compile(r"\d|[$€£%]")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_ROLE_ACRONYM_RE = re.compile(r"C[A-Z]{1,3}Os?")  # CFO, CISO, CDOs
_OUR_ROLES_RE = re.compile(r"\b(?:CIO|CTO)s?\b|chief\s+(?:information|technology)\s+officer", re.IGNORECASE)
# A role spelled out ("chief data officer"); it counts as a key term when no article names it,
# neither spelled out nor by its acronym (C + initials + O: "chief technical officer" is the CTO).
_ROLE_RE = re.compile(r"\bchief((?:\s+[^\W\d_]+){1,2}?)\s+officers?\b", re.IGNORECASE)
# Currency names and their common inflected forms in our three languages (folded, lower case).
# Left out on purpose: words that are also ordinary words (frank, korona, pound, rub, sterling),
# and the dollar, whose amounts the articles give as "$".
CURRENCY_WORDS = frozenset("""
euro euros eur euroban eurot eurora eurobol eurohoz forint forints forintban forintot forintra forintbol
forintnyi huf pfund gbp yen jpy rupee rupees rupie rupien rupia rupiat inr yuan cny renminbi franc francs
franken chf ruble rubles rubel rubl zloty zlotys pln krona kronor krone kronen
""".split())
# Countries under the names people use for them in our three languages (folded, lower case). A
# name counts as known when the articles use any name of its country: they say "U.S.", so a
# question about "the USA", "the United States" or "az Egyesült Államokban" is about a place
# they cover, while "India" or "Deutschland" is not. A name of five letters or more matches its
# inflected forms ("amerikaban", "egyesult allamokbeli").
PLACES = (
    ("u.s.", "u.s.a.", "usa", "us", "united states", "united states of america", "america", "the states",
     "amerika", "vereinigte staaten", "vereinigten staaten", "egyesult allamok"),
    ("u.k.", "uk", "united kingdom", "britain", "great britain", "england", "grossbritannien", "grobritannien",
     "england", "egyesult kiralysag", "nagy-britannia", "anglia"),
    ("germany", "deutschland", "nemetorszag"),
    ("austria", "osterreich", "ausztria"),
    ("switzerland", "schweiz", "svajc"),
    ("hungary", "ungarn", "magyarorszag"),
    ("india", "indien"),
    ("china", "kina"),
    ("france", "frankreich", "franciaorszag"),
    ("canada", "kanada"),
    ("japan", "japan"),
    ("europe", "europa", "eu", "european union", "europaische union", "europai unio"),
)
_PLACE_NAMES = sorted({n for row in PLACES for n in row}, key=len, reverse=True)
_PLACE_RE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) + (r"[^\W\d_]*" if len(n) >= 5 else "")
                                         for n in _PLACE_NAMES) + r")(?![\w])")
# The names of our three languages, in each of them: "the German article" names no missing thing.
LANGUAGE_NAMES = frozenset("english german hungarian englisch deutsch ungarisch angol nemet magyar".split())
MAX_TERMS_SHOWN = 3  # key terms a refusal names
MAX_TERM_CHARS = 40


def _alike(a: str, b: str) -> bool:
    """Words that start alike: the same first five letters, or one a short form of the other ("tech")."""
    return a[:5] == b[:5] or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))


def _acronym(middle: tuple[str, ...]) -> str:
    """``("data",)`` -> ``cdo``: the acronym of "chief <middle> officer"."""
    return "c" + "".join(w[0] for w in middle) + "o"


def fold(text: str) -> str:
    """Lower-cased, accents removed (``Fizetés`` -> ``fizetes``)."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@dataclass(frozen=True)
class Abstainer:
    """The fitted model and its threshold."""

    model: LogisticModel
    threshold: float

    @classmethod
    def load(cls, path: Path = PARAMS_FILE) -> "Abstainer | None":
        """The fitted abstainer, or None (never abstain) when the file is missing or stale."""
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            return cls(LogisticModel.from_json(d, FEATURES), float(d["threshold"]))
        except FileNotFoundError:
            logger.warning("%s is missing; the bot will not abstain. Run `python -m qa calibrate`", path.name)
        except (ValueError, KeyError, TypeError) as exc:
            logger.warning("%s cannot be used (%s); the bot will not abstain. Run `python -m qa calibrate`", path.name, exc)
        return None

    def to_json(self) -> dict:
        return {**self.model.to_json(), "threshold": self.threshold}


class Abstain(Stage):
    """Sets ``state.abstained``, ``state.confidence`` and ``state.reason``."""

    name = "abstain"

    def __init__(self, res: Resources, abstainer: Abstainer | None = None, use_default: bool = True) -> None:
        store = res.store
        self._bm25 = store.bm25
        self._vocab = store.bm25.vocab
        self._e5 = store.dense.get("e5")
        self._embedder = res.embedders.get("e5")
        pairs = set()
        tokens: set[str] = set()
        for c in store.chunks:
            terms = chunk_terms(c)
            pairs.update(zip(terms, terms[1:]))
            tokens.update(fold(t) for t in _TOKEN_RE.findall(c.text))
        for a in res.articles.values():
            tokens.update(fold(t) for t in _TOKEN_RE.findall(a.title))
        self._bigrams = frozenset(pairs)
        roles: dict[str, set[tuple[str, ...]]] = {}  # acronym -> the spelled-out roles the articles use
        for c in store.chunks:
            for m in _ROLE_RE.finditer(c.text):
                middle = tuple(fold(w) for w in m.group(1).split())
                roles.setdefault(_acronym(middle), set()).add(middle)
        self._roles = roles
        self._tokens = frozenset(tokens)
        self._places = self._places_in(store.chunks)
        self.abstainer = abstainer if abstainer is not None or not use_default else Abstainer.load()
        self.refs = load_refs() if use_default else None

    @staticmethod
    def _place_row(name: str) -> int | None:
        """The ``PLACES`` row a matched (folded) name belongs to, inflection allowed."""
        for i, row in enumerate(PLACES):
            if name in row or any(len(n) >= 5 and name.startswith(n) for n in row):
                return i
        return None

    def _known_place(self, name: str) -> bool:
        """Whether ``name`` ("USA") is a name of a country the articles name."""
        row = self._place_row(fold(name))
        return row is not None and row in self._places

    def _places_in(self, chunks) -> frozenset[int]:
        """The ``PLACES`` rows the articles name."""
        found: set[int] = set()
        for c in chunks:
            for m in _PLACE_RE.finditer(fold(c.text)):
                row = self._place_row(m.group(1))
                if row is not None:
                    found.add(row)
        return frozenset(found)

    def _known_role(self, middle: tuple[str, ...]) -> bool:
        """Whether the articles name the role "chief <middle> officer".

        Known when they spell it with words that start alike ("technical" ~ "technology"), or
        use its acronym and spell no other role with it ("chief executive officer" is the
        CEO; "chief innovation officer" is no CIO: the articles spell that one "information").
        """
        acronym = _acronym(middle)
        spelled = self._roles.get(acronym)
        if spelled:
            return any(len(m) == len(middle) and all(_alike(a, b) for a, b in zip(m, middle)) for m in spelled)
        return acronym in self._vocab

    def key_terms(self, question: str, lang: str = "en") -> list[str]:
        """See ``key_terms_by_kind``: the terms alone."""
        return [t for t, _ in self.key_terms_by_kind(question, lang)]

    def key_terms_by_kind(self, question: str, lang: str = "en") -> list[tuple[str, str]]:
        """Names, places, numbers, currencies and roles of the question that no article contains,
        each with its kind (``name``, ``place``, ``currency``, ``role``, ``year``; other numbers and
        acronyms are names), in the order they are found.

        Roles spelled out ("chief data officer") count whole; currency words ("forintban",
        "Euro") count in any case; the names of our languages ("German", "magyar") are known.

        A capitalised word counts as a name only inside a sentence, when it is no stop word
        of ours ("Unser" opens a sentence) and when the question is not German: German
        capitalises every noun, and "Gehalt" or "Datensicherheit" are words the English
        articles cover in other words (counting them refused "Wie hoch ist das Gehalt eines
        CIO?"); acronyms, numbers, currencies, roles and places count in every language. A
        name whose stems the corpus has ("Anbietern") is known.
        """
        out = []
        spans = []
        for role in _ROLE_RE.finditer(question):
            middle = role.group(1).split()
            if any(_is_stopword(w) for w in middle):  # "chief among the officers" names no role
                continue
            if not self._known_role(tuple(fold(w) for w in middle)):
                out.append((" ".join(role.group(0).split()), "role"))
            spans.append(role.span())
        folded = "".join(fold(c)[:1] or c for c in question)  # one character each: positions line up
        for place in _PLACE_RE.finditer(folded):
            row = self._place_row(place.group(1))
            surface = question[place.start():place.end()]
            if row is None or any(a <= place.start() < b for a, b in spans) \
                    or (len(surface) <= 3 and surface.isalpha() and not surface.isupper()):  # "us" is no US
                continue
            if row not in self._places and surface[:1].isupper():  # "european" is no place named
                out.append((surface, "place"))
            spans.append(place.span())
        tokens = list(_TOKEN_RE.finditer(question))
        for n, m in enumerate(tokens):
            w = m.group(0)
            if any(a <= m.start() < b for a, b in spans):
                continue
            if fold(w) in CURRENCY_WORDS and fold(w) not in self._tokens:
                out.append((w, "currency"))
                continue
            starts_sentence = n == 0 or bool(_SENTENCE_END_RE.search(question[tokens[n - 1].end():m.start()]))
            is_key = (w.isupper() and len(w) > 1) or any(ch.isdigit() for ch in w) or w in "$€£¥" \
                or (not starts_sentence and w[:1].isupper() and len(w) > 2 and not _is_stopword(w) and lang != "de")
            if not is_key:
                continue
            f = fold(w)
            if f in LANGUAGE_NAMES:
                continue
            base = f[:-1] if w.isupper() and f.endswith("s") and len(f) > 3 else f
            if f in self._tokens or base in self._tokens:
                continue
            if not w.isupper() and w[:1].isalpha():
                stems = analyze(w, lang) + analyze(language(lang).respell(w), lang)
                if stems and any(t in self._vocab for t in stems):
                    continue
            kind = "year" if _YEAR_RE.fullmatch(w) else "role" if _ROLE_ACRONYM_RE.fullmatch(w) else "name"
            out.append((w, kind))
        return out

    def features(self, state: QueryState) -> np.ndarray:
        """The feature vector of one question (order: ``FEATURES``)."""
        e5_top = e5_gap = 0.0
        if self._e5 is not None and self._embedder is not None:
            depth = min(10, self._e5.ntotal)
            top = state.raw_scores.get("e5")
            if top is None or len(top) < depth:
                scores, ids = self._e5.search(state.vector("e5", self._embedder), depth)
                top = scores[0][ids[0] >= 0]
            top = top[:depth]
            if len(top):
                e5_top, e5_gap = float(top[0]), float(top[0] - top[-1])
        terms = state.terms
        coverage = sum(t in self._vocab for t in terms) / len(terms) if terms else 0.0
        bm25_top = float(state.bm25(self._bm25).max()) / max(len(terms), 1) if terms else 0.0
        acronyms = _ACRONYM_RE.findall(state.question)
        unknown_name = float(any(a.rstrip("s").lower() not in self._vocab and not self._known_place(a) for a in acronyms))
        pairs = list(zip(terms, terms[1:]))
        bigram_cov = sum(p in self._bigrams for p in pairs) / len(pairs) if pairs else coverage
        kinds = self.key_terms_by_kind(state.question, state.lang)
        unknown = [t for t, _ in kinds]
        state.signals["unknown_terms"] = unknown  # type: ignore[assignment]
        words = [w.lower() for w in _TOKEN_RE.findall(state.question)]
        asks_amount = "amount" in language(state.lang).cue_types(words)
        # Questions whose answer cannot be in the articles, whatever else they share with them:
        # an amount for a place, in a currency or for a year they do not cover ("the CIO salary in
        # Japan / in 2010"), and a role they do not name asked about without the CIO or the CTO
        # ("What does a CISO do?").
        other_role = not _OUR_ROLES_RE.search(state.question)
        state.signals["out_of_reach"] = [t for t, k in kinds if (asks_amount and k in ("place", "currency", "year"))
                                         or (other_role and k == "role")]
        mismatch = float(asks_amount and bool(state.sentences)
                         and not any(_NUMBER_RE.search(s.text) for s in state.sentences))
        knn = 0.0
        if self.refs is not None and self._embedder is not None:
            vecs, labels = self.refs
            if vecs.shape[1] == self._embedder.dim:
                knn = knn_margin(state.vector("e5", self._embedder)[0], vecs, labels)
        return np.array([e5_top, e5_gap, coverage, bm25_top, unknown_name, bigram_cov,
                         float(state.signals.get("select_top", 0.0)), float(min(len(unknown), 2)), mismatch, knn])

    def run(self, state: QueryState) -> None:
        foreign = state.signals.get("foreign_language")
        if foreign:  # a question we cannot read is refused, whatever the model says
            state.abstained, state.confidence = True, 0.0
            state.reason = language(state.lang).ui["other_language"].format(language=foreign)
            return
        x = self.features(state)
        if self.abstainer is None:
            state.abstained, state.confidence = False, float(state.signals.get("select_top", 1.0))
            return
        p = float(self.abstainer.model.probability(x))
        state.confidence = p
        state.abstained = p < self.abstainer.threshold or bool(state.signals.get("out_of_reach"))
        if state.abstained:
            ui = language(state.lang).ui
            unknown = state.signals.get("unknown_terms") or []
            state.reason = ui["not_mentioned"].format(terms=_term_list(unknown)) if unknown else ui["not_covered"]


def _term_list(terms: list[str]) -> str:
    """The first ``MAX_TERMS_SHOWN`` distinct terms (case-insensitive), each cut to ``MAX_TERM_CHARS``."""
    seen: dict[str, str] = {}
    for t in terms:
        key = t.casefold()[:-1] if t[:-1].isupper() and t.endswith("s") and len(t) > 2 else t.casefold()  # CFOs = CFO
        seen.setdefault(key, t if len(t) <= MAX_TERM_CHARS else t[: MAX_TERM_CHARS - 1] + "…")
    return ", ".join(list(seen.values())[:MAX_TERMS_SHOWN])
