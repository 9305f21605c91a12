"""Abstention: decide from the stages' evidence whether the articles answer the question.

Signals (``FEATURES``), all read from the ``QueryState`` the earlier stages filled:

* ``e5_top`` / ``e5_gap``: best multilingual-e5 cosine, and how far it stands above the tenth;
* ``coverage``: share of the question's analysed terms found anywhere in the corpus;
* ``bm25_top``: best BM25 score per query term;
* ``unknown_name``: the question names an acronym the corpus never mentions (CFO, CISO...);
* ``bigram_coverage``: share of adjacent term pairs ("chief financ") seen in the corpus;
* ``select_top``: the answer selector's confidence in its best sentence;
* ``unknown_term``: the question's key terms (names, places, numbers, currencies, roles, company
  roles and terms of employment; ``qa.key_terms``, ``qa.lexicon``) that no article contains; a
  company role beside the CIO or CTO is none (the question's object or the asker's context);
* ``amount_mismatch``: the figure itself is asked ("how much", "wie viel", "mennyi") and no
  answer sentence gives one of its unit ("how many hours" is not answered by "$206,961";
  ``qa.amounts``);
* ``knn``: how much closer the question's e5 vector is to the answerable dev questions than
  to the unanswerable ones (mean cosine of the 3 nearest of each; ``qa/abstention_refs.npz``);
* ``knn_syn``: the same margin over the synthetic training questions (``qa/bench/synthetic.jsonl``,
  written blind from the articles: 2,690 answered by them, 702 near-domain ones none answers;
  ``docs/bench/synthetic.md``), kept apart from ``knn`` so the model weighs the two on dev.

A logistic model fitted on the dev questions (``python -m qa calibrate``; ``qa/abstention.json``)
combines them; it abstains when P(answerable) < its threshold, and says why in the
question's language ("the articles do not mention “CISO”"). These kinds of question are refused
whatever the model says (``hard_refusal``): an amount asked for a place, currency or year the
articles do not cover; a role they do not name, asked about without the CIO or CTO or before them
(the question's subject: "Does the CISO report to the CIO?"); whether a named organisation has a
role ("Does Netflix have a CIO?"); a company role
they name only in passing (the CEO), asked about alone, when no answer sentence or its passage names
it; who holds a role at a named organisation when no answer sentence names anyone; an amount
asked for a role at a named organisation ("How much does Google's CTO earn?"); and an amount
compared with another role's ("Who earns more, a CTO or a CFO?").
"""
from __future__ import annotations

import json
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.amounts import asked_unit, asks_extent, gives_amount, gives_date
from qa.key_terms import (TOKEN_RE, KeyTerms, about_our_domain, asked_part, context_spans, fold, is_stopword,
                          names_our_roles, names_person, org_with_role_asked, phrases, role_holder_asked,
                          role_org_named, roles_before_ours, roles_named, term_list)
from qa.languages import get as language
from qa.logistic import LogisticModel, warn_if_fitted_elsewhere
from qa.stages.base import QueryState, Resources, Stage

logger = logging.getLogger(__name__)

FEATURES = ("e5_top", "e5_gap", "coverage", "bm25_top", "unknown_name", "bigram_coverage", "select_top",
            "unknown_term", "amount_mismatch", "knn", "knn_syn")
PARAMS_FILE = Path(__file__).resolve().parent.parent / "abstention.json"
REFS_FILE = PARAMS_FILE.with_name("abstention_refs.npz")
KNN = 3
# An answer whose lead the selector gives less than this probability is marked unsure (not bold, "may
# not answer exactly"): on dev, out of fold (5 fold seeds, 262 questions), such leads were right for 0.16
# (below 0.2) and 0.31 (0.2-0.3) of the questions, against 0.52 for 0.3-0.4 and 0.77 above 0.3: below it a
# lead is more likely wrong than right (docs/experiments/selector_confidence.py). Found in a browser
# review: bold leads that did not answer, and the unsure note shown once in about 110 questions.
SELECT_UNSURE = 0.3


def knn_margin(vec: np.ndarray, refs: np.ndarray, labels: np.ndarray, exclude: np.ndarray | None = None) -> float:
    """Mean cosine of the ``KNN`` nearest answerable references minus that of the unanswerable ones."""
    sims = refs @ vec
    keep = np.ones(len(refs), bool) if exclude is None else ~exclude
    ins, outs = sims[keep & (labels == 1)], sims[keep & (labels == 0)]
    if not len(ins) or not len(outs):
        return 0.0
    return _top_mean(ins) - _top_mean(outs)


def _top_mean(sims: np.ndarray) -> float:
    """Mean of the ``KNN`` largest values (all of them when there are fewer)."""
    if len(sims) > KNN:
        sims = np.partition(sims, len(sims) - KNN)[-KNN:]
    return float(sims.mean())


def language_means(V: np.ndarray, langs: list[str]) -> dict[str, np.ndarray]:
    """The mean e5 vector of the questions of each (detected) language: what ``centred`` subtracts."""
    langs_arr = np.asarray(langs)
    return {lg: np.asarray(V, dtype=np.float64)[langs_arr == lg].mean(axis=0) for lg in sorted(set(langs))}


def centred(V: np.ndarray, langs: list[str], means: dict[str, np.ndarray] | None) -> np.ndarray:
    """``V`` (rows of unit e5 vectors) with the mean vector of each row's language subtracted and
    re-normalised: e5 vectors cluster by language, so uncentred, a German question's nearest dev
    questions are German ones whatever they ask, and dev's German questions are half out of scope
    (``docs/experiments/knn_centred.py``). A language without a mean is left as it is."""
    out = np.array(V, dtype=np.float64, ndmin=2)
    if means:
        for i, lg in enumerate(langs):
            if lg in means:
                out[i] -= means[lg]
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out.astype(np.float32)


@dataclass(frozen=True)
class KnnRefs:
    """The dev questions' e5 vectors (centred by language) and labels (1 = answerable), the
    language means to centre a new question by, and the synthetic questions' vectors and labels
    (the ``knn_syn`` signal; empty in files of the fourteenth session and before)."""

    vectors: np.ndarray
    labels: np.ndarray
    means: dict[str, np.ndarray]
    model: str | None = None  # the e5 model the vectors are from (files before 2026-11-27 do not say)
    syn_vectors: np.ndarray | None = None
    syn_labels: np.ndarray | None = None


def load_refs(path: Path = REFS_FILE) -> KnnRefs | None:
    """The knn references, or None (no knn signal). A file without language means (before
    2026-11-27) holds uncentred vectors and is read as such. A synthetic part that cannot be used
    (badly shaped, not finite, labels other than 0/1, or one kind only) is left out with a warning,
    and ``knn_syn`` takes its dev mean; the dev part still counts."""
    try:
        with np.load(path, allow_pickle=False) as z:
            vecs, labels = z["vectors"].astype(np.float32), z["labels"]
            means = ({str(lg): m.astype(np.float64) for lg, m in zip(z["mean_langs"], z["means"])}
                     if "means" in z.files else {})
            model = str(z["model"]) if "model" in z.files else None
            syn = {k: z[k] for k in ("syn_vectors", "syn_labels") if k in z.files}
        _check_refs(vecs, labels, "vectors")
        if any(m.shape != (vecs.shape[1],) or not np.isfinite(m).all() for m in means.values()):
            raise ValueError(f"language means do not fit vectors of dimension {vecs.shape[1]} or are not finite")
        labels = labels.astype(np.int8)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as exc:  # unreadable, damaged
        logger.warning("%s cannot be used (%s); the knn signal is off", path.name, exc)
        return None
    syn_vecs = syn_labels = None
    if syn:
        try:
            if len(syn) != 2:
                raise ValueError("syn_vectors and syn_labels come together")
            _check_refs(syn["syn_vectors"].astype(np.float32), syn["syn_labels"], "syn_vectors", vecs.shape[1])
            if set(np.unique(syn["syn_labels"]).tolist()) != {0, 1}:
                raise ValueError("syn_labels hold one kind of question only")
            syn_vecs, syn_labels = syn["syn_vectors"].astype(np.float32), syn["syn_labels"].astype(np.int8)
        except (ValueError, TypeError) as exc:
            logger.warning("%s: the synthetic references cannot be used (%s); knn_syn is off", path.name, exc)
    return KnnRefs(vecs, labels, means, model, syn_vecs, syn_labels)


def _check_refs(vectors: np.ndarray, labels: np.ndarray, name: str, dim: int | None = None) -> None:
    """Raise ValueError unless ``vectors`` are finite rows (of ``dim`` columns) and ``labels`` one 0/1 per row."""
    labels = np.asarray(labels)
    if vectors.ndim != 2 or labels.ndim != 1 or len(vectors) != len(labels) or (dim and vectors.shape[1] != dim):
        raise ValueError(f"{name} {vectors.shape} do not fit labels {labels.shape}"
                         + (f" and dimension {dim}" if dim else ""))
    if not np.isfinite(vectors).all():
        raise ValueError(f"{name} hold values that are not finite")
    if len(labels) and not np.isin(labels, (0, 1)).all():
        raise ValueError(f"labels of {name} must be 0 or 1")

_ACRONYM_RE = re.compile(r"\b[A-ZÄÖÜÁÉÍÓŐÚŰ]{2,}s?\b")


# Words that say what a term is, after it: "X is/are/refers to", "X ist/sind/bedeutet", Hungarian "X a/az/egy"
# (no copula in the present tense: "A CTO a technológiai vezérigazgató").
_COPULA_RE = r"(?:is|are|refers|means|describes|ist|sind|bedeutet|bezeichnet|meint|a|az|egy|jelenti)"
_ARTICLE_RE = r"(?:(?:a|an|the|der|die|das|ein|eine|az)\s+)?"
MAX_TERM_WORDS = 4
# First words that make "What is X?" ask for a value or a judgement, not a definition (folded).
_EVALUATIVE = frozenset("key main best better worse good important common typical different usual average "
                        "wichtig wichtigste beste besser typisch ublich fo legjobb jobb fontos tipikus".split())


def hard_refusal(state: QueryState) -> bool:
    """Whether the question is refused whatever the model says (the rules in the module's docstring)."""
    return any(state.signals.get(k) for k in ("out_of_reach", "holder_org", "org_amount", "in_passing"))


def undefined_term(state: QueryState) -> str | None:
    """The term a bare definition question asks about ("What is cloud computing?", "Was ist ein MBA?",
    "Mit jelent a DevOps?") when the lead answer sentence does not define it, else None.

    The lead defines the term when it opens with it ("Cloud computing is ...", "A CIO (Chief
    Information Officer) is ...") or says what it is ("... DevOps, which is ...", "X ist",
    Hungarian "X a/az/egy ..."). Questions about the articles' roles (CIO, CTO, CEO) are left to the
    model: the articles define those.
    """
    if not state.sentences:
        return None
    question = state.question.strip()
    for pattern in language(state.lang).definition:
        m = re.match(pattern, question, re.IGNORECASE)
        if m:
            break
    else:
        return None
    term = " ".join(m.group("term").split())
    words = term.split()
    if len(words) > MAX_TERM_WORDS or roles_named(term) or is_stopword(words[0]) or fold(words[0]) in _EVALUATIVE:
        return None  # "What is their salary?", "What are key skills?", "What's better?" ask for something else
    lead = " ".join(state.sentences[0].text.lstrip("- ").split())
    # Each word as its stem and any ending: "outsourced IT providers" is defined by "An outsourced IT
    # provider is ...".
    t = r"\s+".join(re.escape(w[: max(3, len(w) - 2)]) + r"\w*" for w in fold(term).split())
    text = fold(lead)
    if (re.match(rf"{_ARTICLE_RE}{t}\b", text)
            or re.search(rf"\b{t}\b\s*(?:\([^)]*\)\s*)?,?\s*(?:which\s+|that\s+)?{_COPULA_RE}\b", text)
            or re.search(rf"\(\s*{t}\s*\)", text)):  # "Master of Business Administration (MBA)"
        return None
    return term


@dataclass(frozen=True)
class Abstainer:
    """The fitted model, its refusal threshold and the top of the band marked unsure
    (``unsure`` >= ``threshold``; None: no band)."""

    model: LogisticModel
    threshold: float
    unsure: float | None = None

    @classmethod
    def load(cls, path: Path = PARAMS_FILE, index_model: str | None = None) -> "Abstainer | None":
        """The fitted abstainer, or None (never abstain) when the file is missing or stale; a warning
        when it was fitted with another e5 model than ``index_model``."""
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(d, dict):
                raise ValueError(f"a JSON {type(d).__name__}, not an object")
            unsure = d.get("unsure_threshold")
            loaded = cls(LogisticModel.from_json(d, FEATURES), float(d["threshold"]),
                         None if unsure is None else max(float(unsure), float(d["threshold"])))
            warn_if_fitted_elsewhere(path, d.get("e5_model"), index_model, "refusals")
            return loaded
        except FileNotFoundError:
            logger.warning("%s is missing; the bot will not abstain. Run `python -m qa calibrate`", path.name)
        except (OSError, ValueError, KeyError, TypeError) as exc:  # unreadable, damaged or of another shape
            logger.warning("%s cannot be used (%s); the bot will not abstain. Run `python -m qa calibrate`", path.name, exc)
        return None

    def to_json(self) -> dict:
        return {**self.model.to_json(), "threshold": self.threshold, "unsure_threshold": self.unsure}


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
        for terms in res.chunk_terms:
            pairs.update(zip(terms, terms[1:]))
        self._bigrams = frozenset(pairs)
        self._chunks = store.chunks
        self.key = KeyTerms([c.text for c in store.chunks] + [a.title for a in res.articles.values()], self._vocab)
        index_model = getattr(self._embedder, "name", None)
        self.abstainer = abstainer if abstainer is not None or not use_default else Abstainer.load(index_model=index_model)
        self.refs = load_refs() if use_default else None
        if self.refs is not None and self.refs.model and index_model and self.refs.model != index_model:
            # Vectors of another model, even of the same size, are not comparable with this index's.
            logger.warning("%s holds questions embedded with %s, the index uses %s; the knn signal is off. "
                           "Run `python -m qa calibrate`", REFS_FILE.name, self.refs.model, index_model)
            self.refs = None

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
        unknown_name = float(any(a.rstrip("s").lower() not in self._vocab and not self.key.known_place(a) for a in acronyms))
        pairs = list(zip(terms, terms[1:]))
        bigram_cov = sum(p in self._bigrams for p in pairs) / len(pairs) if pairs else coverage
        repaired = frozenset(old for old, _ in state.signals.get("repaired", ()))
        context = context_spans(state.question)  # once: the key terms, the role rules and in_passing all read it
        kinds = self.key.by_kind(state.question, state.lang, repaired, context)
        # About the CIO or CTO, under any of their names, in the part that asks ("I'm a CTO. What does a
        # data protection officer do?" asks about the data protection officer).
        asked = asked_part(state.question, context)
        other_role = not names_our_roles(asked)
        # Another role named before the CIO or CTO, with a reporting line or a comparison, is the question's
        # subject ("Does the CISO report to the CIO?"); one named after them is its object ("Does the CIO
        # report to the CFO?"); ``roles_before_ours`` says what else is not.
        subject_roles = [] if other_role else roles_before_ours(asked, kinds)
        others = [t for t, k in kinds if k in ("role", "company_role")]  # before the filter below
        if about_our_domain(state.question):  # an occupation is then the asker's context ("I'm a nurse; what does a CTO do?")
            kinds = [(t, k) for t, k in kinds if k != "occupation"]
        if not other_role:  # and so is a company role beside the CIO or CTO ("Does the CIO report to the CFO?" is
            kinds = [(t, k) for t, k in kinds if k != "company_role"]  # about the CIO; "As a product manager, ...")
        # Whether a named organisation has a role ("Does Netflix have a CIO?", "Hat die Deutsche Bahn einen
        # CTO?"): the articles discuss the roles of none but DigiSync.
        org_role = org_with_role_asked(asked, state.lang, self.key.tokens)
        unknown = [t for t, _ in kinds]
        unknown += [t for t in subject_roles + ([org_role] if org_role else [])  # once ("Telekomnak" is "Telekom")
                    if not any(fold(u).startswith(fold(t)) or fold(t).startswith(fold(u)) for u in unknown)]
        state.signals["unknown_terms"] = unknown  # type: ignore[assignment]
        tokens = TOKEN_RE.findall(state.question)
        words = [w.lower() for w in tokens]
        cues = language(state.lang).cue_types(words)
        asks_amount = "amount" in cues
        # Questions whose answer cannot be in the articles, whatever else they share with them:
        # an amount for a place, in a currency or for a year they do not cover ("the CIO salary in
        # Japan / in 2010"), and a role they do not name asked about without the CIO or the CTO
        # ("What does a CISO do?").
        out_of_reach = [t for t, k in kinds if (asks_amount and k in ("place", "currency", "year"))
                        or (other_role and k in ("role", "occupation", "company_role"))]
        out_of_reach += [t for t in subject_roles + ([org_role] if org_role else []) if t not in out_of_reach]
        # ... and an amount compared with another role's ("Who earns more, a CTO or a CFO?"): the articles
        # give the CIO's and the CTO's figures only.
        if asks_amount and "compare" in cues and not other_role:
            compared = [t for t in others if t not in out_of_reach]
            out_of_reach += compared
            unknown += [t for t in compared if t not in unknown]
        state.signals["out_of_reach"] = out_of_reach  # type: ignore[assignment]
        # ... a company role the articles name only in passing, asked about without the CIO or CTO,
        # when neither an answer sentence nor a passage shown names it ("What is the CEO's role?":
        # they name the CEO once, in a passage not among these) ...
        answers = [s.text for s in state.sentences] + [self._chunks[row].text for row, _ in state.hits]
        in_passing = self.key.in_passing(state.question, answers, context) if other_role else []
        state.signals["in_passing"] = in_passing  # type: ignore[assignment]
        # ... and who holds a role at a named organisation ("Who is the CTO of DigiSync?"), when no
        # answer sentence names anyone: the articles name no one in such a role. (Apart from
        # ``out_of_reach``: these questions stay knn references, so that phrasings the patterns
        # miss, "Who's DigiSync's CTO?", are still near refused ones.)
        org = role_holder_asked(state.question, state.lang, self.key.tokens)
        if org and not any(names_person(s.text) for s in state.sentences):
            state.signals["holder_org"] = org  # type: ignore[assignment]
        # ... and an amount asked for a role at a named organisation ("How much does Google's CTO earn?",
        # "Was verdient der CIO der Deutschen Telekom?"): the articles give U.S. averages only.
        if asks_amount and not org:
            org = role_org_named(state.question, state.lang, self.key.tokens)
            if org and not any(self.key.known_place(part) for part in [org, *re.split(r"[\s-]+", org)] if part):
                state.signals["org_amount"] = org  # type: ignore[assignment]
        # The figure itself is asked ("how much", "wie viel", "mennyi"; not "what does the salary depend
        # on?", nor "what determines how much a CTO earns?", nor "how much technical knowledge …", an
        # extent) and none of the answer sentences states one of its unit.
        mismatch = 0.0
        if ("how_much" in cues and "factor" not in cues and state.sentences
                and not asks_extent(tokens, state.lang)):
            unit = asked_unit(words, state.lang)
            mismatch = float(not any(gives_amount(s.text, unit) for s in state.sentences))
        elif "date" in cues and state.sentences:  # "Since when …?" and none of the answer sentences gives a year
            unit = "date"
            mismatch = float(not any(gives_date(s.text) for s in state.sentences))
        if mismatch:
            state.signals["amount_missing"] = unit or "any"  # type: ignore[assignment]
        knn = knn_syn = 0.0
        if self._refs_usable():
            refs = self.refs
            vec = centred(state.vector("e5", self._embedder), [state.lang], refs.means)[0]
            knn = knn_margin(vec, refs.vectors, refs.labels)
            if refs.syn_vectors is not None:
                knn_syn = knn_margin(vec, refs.syn_vectors, refs.syn_labels)
        return np.array([e5_top, e5_gap, coverage, bm25_top, unknown_name, bigram_cov,
                         float(state.signals.get("select_top", 0.0)), float(min(len(unknown), 2)), mismatch, knn,
                         knn_syn])

    def _refs_usable(self) -> bool:
        """Whether the knn references can be compared with this index's question vectors."""
        return (self.refs is not None and self._embedder is not None
                and self.refs.vectors.shape[1] == self._embedder.dim)

    def _neutral_when_missing(self, x: np.ndarray) -> np.ndarray:
        """``x`` with the knn signals the references cannot give (no file, another model, a file
        before ``knn_syn``) set to their dev mean, so the model decides on the other signals: read as
        0, a missing ``knn_syn`` alone lowered P(answerable) by about 0.2 for every question."""
        ready = self._refs_usable()
        missing = [] if ready and self.refs.syn_vectors is not None else ["knn_syn"] if ready else ["knn", "knn_syn"]
        model = self.abstainer.model
        if missing:
            x = np.array(x, dtype=np.float64)
            for name in missing:
                x[FEATURES.index(name)] = model.mean[FEATURES.index(name)]
        return x

    def run(self, state: QueryState) -> None:
        foreign = state.signals.get("foreign_language")
        if foreign:  # a question we cannot read is refused, whatever the model says
            state.abstained, state.confidence = True, 0.0
            state.reason = language(state.lang).ui["other_language"].format(language=foreign)
            return
        x = self.features(state)
        if self.abstainer is None:
            # No model (a missing or outdated abstention.json, warned of at load): the hard rules still
            # refuse what the articles cannot answer ("Does the CISO report to the CIO?"); until the
            # fifteenth session they were skipped too (found in a hostile review).
            state.confidence = float(state.signals.get("select_top", 1.0))
            state.abstained = hard_refusal(state)
        else:
            p = float(self.abstainer.model.probability(self._neutral_when_missing(x)))
            state.confidence = p
            state.abstained = p < self.abstainer.threshold or hard_refusal(state)
            state.unsure = not state.abstained and self.abstainer.unsure is not None and p < self.abstainer.unsure
        if not state.abstained and not state.unsure:
            term = undefined_term(state)
            if term:  # "What is cloud computing?" answered with a sentence that only mentions it
                state.unsure = True
                state.signals["undefined_term"] = term  # type: ignore[assignment]
            elif state.sentences and float(state.signals.get("select_top", 1.0)) < SELECT_UNSURE:
                state.unsure = True  # the selector doubts its own lead (see SELECT_UNSURE)
                state.signals["lead_doubtful"] = True  # type: ignore[assignment]
        if state.abstained:
            ui = language(state.lang).ui
            unknown = state.signals.get("unknown_terms") or []
            missing = state.signals.get("amount_missing")
            holder_org = state.signals.get("holder_org")
            org_amount = state.signals.get("org_amount")
            passing = state.signals.get("in_passing")
            if unknown:
                state.reason = ui["not_mentioned"].format(terms=term_list(phrases(state.question, unknown), state.lang))
            elif passing:  # "What is the CEO's role?": named once, beside the CIO
                state.reason = ui["in_passing"].format(terms=term_list(phrases(state.question, passing), state.lang))
            elif holder_org:  # "Who is the CTO of DigiSync?": DigiSync is in the articles, its CTO is not
                state.reason = ui["no_holder"].format(org=holder_org)
            elif org_amount:  # "How much does Google's CTO earn?": U.S. averages only
                state.reason = ui["no_org_amount"].format(org=org_amount)
            elif missing:  # "How many hours ...?" with no number of hours near it
                state.reason = ui["no_amount"].format(unit=language(state.lang).unit_names[missing])
            else:
                state.reason = ui["not_covered"]
