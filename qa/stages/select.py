"""The answer selector: which sentence of the top passages a person should read first.

Every sentence of the first ``settings.select_passages`` passages is a candidate. Its
features (``FEATURES``) combine the e5 similarity of question and sentence (sentence
vectors are computed at build time), lexical overlap in every language, the concepts of the
domain glossary both name (``qa.glossary``: across languages), question-type
cues (an amount asked and a number given, who/wer/ki and a role, why/warum/miért and a
reason), the roles named (the question asks about the CIO and the sentence's subject is the
CTO, or the other way round), penalties for questions, headings and table fragments, and the
passage's rank and score. A conditional (listwise) logit fitted on the dev questions (``python -m qa
calibrate``, saved as ``qa/selector.json``) turns them into, for each candidate, the
probability that it is the question's answer among the candidates (a softmax over the
question's candidates); that probability is the sentence's confidence. Chosen over a
per-sentence logistic model by 5-fold cross-validation within dev (top sentence answers
0.635 vs 0.579 of 126 dev questions), and over gradient boosting because the data is
small, the features few, and the model must load from plain JSON.
"""
from __future__ import annotations

import json
import logging
import math
import re
from pathlib import Path

import numpy as np

from qa.chunking import ITEM_RE
from qa.glossary import load_glossary
from qa.key_terms import first_role, roles_named
from qa.language import analyze
from qa.languages import LANGUAGES
from qa.languages import get as language
from qa.logistic import LogisticModel, softmax_scores, warn_if_fitted_elsewhere
from qa.stages.base import QueryState, Resources, Stage
from qa.types import AnswerSentence

logger = logging.getLogger(__name__)

PARAMS_FILE = Path(__file__).resolve().parent.parent / "selector.json"
FEATURES = ("cos", "cos_gap", "cos_rank", "lex", "lex_gap", "novel", "passage_rank", "passage_score", "first",
            "is_question", "short", "table_row", "amount_match", "amount_missing", "who_match", "why_match",
            "same_lang", "role_match", "role_other", "subject_other", "log_words", "gloss_match")

# L2 strength of the fitted selector: 0.01 beat the earlier 0.001 on every one of 20 CV fold
# seeds within dev (top sentence 0.698 -> 0.720, mean; 0.003: 0.708, 0.02: 0.722, 0.03: 0.715).
L2 = 0.01
# How much each synthetic training question's candidates weigh against a dev question's when
# ``qa calibrate`` fits the selector (their features from adapters fitted without them, cross-fitted
# over 5 folds); 0 leaves them out. Dev CV top sentence, 20 fold seeds, against dev's rows alone
# (0.822): 0.829 / 0.833 / 0.835 / 0.834 / 0.834 at 0.1 / 0.2 / 0.35 / 0.5 / 1
# (docs/experiments/selector_synthetic_crossfit.py). At 0.35 the test split did not confirm it
# (answer@1 0.825 -> 0.794: 3 questions better, 11 worse; the blind batch 7 unchanged at 0.817), so
# it is off: the synthetic questions' one-article labels call other articles' answers wrong.
SYNTHETIC_WEIGHT = 0.0
# A second or third answer sentence below this probability is not offered. On dev, the 82 runner-ups
# under 0.02 answered where the lead did not for no question (0.02-0.05: 2 of 67); shown, they were
# marked "may answer too" in passages about something else ("A CTO is a middle-management position"
# for "Mennyi a CTO fizetése?", 0.01).
RUNNER_UP_MIN = 0.02
# A sentence that ends in a colon ("… responsibilities that include:") is shown with the list items after
# it: at most this many items and words in all (found in a browser review: the lead said nothing alone).
LIST_ITEMS = 6
LIST_WORDS = 120
_NUMBER_RE = re.compile(r"\d|[$€£%]")
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
# The role is the object of the question, not its subject ("Who reports to the CIO?", "Wer berichtet
# an den CTO?", "Ki jelent a CIO-nak?"; ``role_as_object`` in ``qa/languages``, any of our languages):
# a sentence about the other role may be the answer.
_ROLE_AS_OBJECT_RE = re.compile("|".join(f"(?:{rec.role_as_object})" for rec in LANGUAGES.values() if rec.role_as_object),
                                re.IGNORECASE)
# Subject pronouns that open a sentence about someone named before it (en, de, hu).
# ("Es kann sein" and "Sie" as the formal "you" mean no one named, so they are left out.)
_PRONOUN_RE = re.compile(r"(?:They|They're|It|It's|He|She|He/she|Er|Ők|Ő)\b")


def _terms_all(text: str) -> frozenset[str]:
    out: set[str] = set()
    for lg in LANGUAGES:
        out.update(analyze(text, lg))
    return frozenset(out)


class AnswerSelector(Stage):
    """Scores candidate sentences and fills ``state.sentences``, best first."""

    name = "select"

    def __init__(self, res: Resources, model: LogisticModel | None = None) -> None:
        store = res.store
        self._chunks = store.chunks
        self._table = store.sentences
        self._embedder = res.embedders.get("e5")
        # The question-sentence cosine through e5's query adapter (fitted on sentences too): dev CV top
        # sentence 0.727 -> 0.775 over 20 fold seeds in place of the plain cosine, 0.772 beside it
        # (docs/experiments/selector_adapted_cosine.py). Without an adapter, the plain cosine.
        self._adapter = res.adapter
        self._passages = res.settings.select_passages
        self._keep = res.settings.answer_sentences
        texts = self._table.texts(store.chunks)
        self._texts = texts
        self._terms = [_terms_all(t) for t in texts]
        self._roles = [roles_named(t) for t in texts]
        self._first_role = [first_role(t) for t in texts]
        contrast = [m for code in LANGUAGES for m in language(code).answer_markers.get("contrast", ())]
        contrast_re = re.compile(r"\b(?:" + "|".join(map(re.escape, contrast)) + r")\b", re.IGNORECASE)
        # "The CIO earned $169,132, while the CTO earned $206,961" answers for both roles.
        self._contrast = np.array([bool(contrast_re.search(t)) for t in texts])
        self._has_number = np.array([bool(_NUMBER_RE.search(t)) for t in texts])
        self._words = np.array([len(t.split()) for t in texts])
        self._question = np.array([t.rstrip().endswith("?") for t in texts])
        self._table_row = np.array([self._is_table_row(r, s) for r, s in zip(self._table.rows, self._table.starts)])
        self._context = [self._list_context(int(r), int(s), t) for r, s, t in zip(self._table.rows, self._table.starts, texts)]
        first = np.zeros(len(texts), bool)
        seen: set[int] = set()
        for i, r in enumerate(self._table.rows):
            if int(r) not in seen:
                first[i] = True
                seen.add(int(r))
        self._first = first
        self._lower = [t.lower() for t in texts]
        # The glossary's concepts each sentence names, in its own language (``gloss_match``).
        self._glossary = load_glossary()
        self._concepts = [frozenset(self._glossary.concepts_named(analyze(t, self._chunks[int(r)].lang),
                                                                 self._chunks[int(r)].lang))
                          for t, r in zip(texts, self._table.rows)]
        self.model = model if model is not None else load_model(index_model=getattr(self._embedder, "name", None))

    def _is_table_row(self, row: int, start: int) -> bool:
        ch = self._chunks[row]
        line_start = ch.text.rfind("\n", 0, start - ch.start) + 1
        line = ch.text[line_start:].split("\n", 1)[0]
        return line.startswith("- ") and (" — " in line or ("CIO:" in line and "CTO:" in line))

    def _list_context(self, row: int, start: int, text: str) -> str:
        """The section heading, when the sentence needs it to be read alone: a list item that
        does not name it, or a sentence opening with a pronoun under a heading about one role."""
        ch = self._chunks[row]
        rel = start - ch.start
        line_start = ch.text.rfind("\n", 0, rel) + 1
        is_item = ch.text.startswith("- ", line_start) and rel <= line_start + 2
        section = re.sub(r"^\d+\.\s*", "", (ch.section or "").strip()).rstrip(":;—–- ").strip()  # "20. CIO vs. CTO:"
        if not section or section.casefold() in text.casefold() or text.rstrip().endswith("?"):
            return ""  # a question in a list ("Muss Ihr Team …?") is no duty of the heading's role
        if is_item or (_PRONOUN_RE.match(text.lstrip("- ")) and len(roles_named(section)) == 1 and not roles_named(text)):
            return section
        return ""

    def features(self, state: QueryState) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """Candidates of the first passages: (sentence indices, feature matrix, passage number of each)."""
        rows = [row for row, _ in state.hits[: self._passages]]
        idx_parts, ranks = [], []
        for rank, row in enumerate(rows, start=1):
            ids = np.flatnonzero(self._table.rows == row)
            idx_parts.append(ids)
            ranks += [rank] * len(ids)
        if not idx_parts:
            return np.zeros(0, np.int64), np.zeros((0, len(FEATURES))), []
        idx = np.concatenate(idx_parts)
        n = len(idx)
        if self._table.vectors.shape[1] and self._embedder is not None:
            cos = self._table.vectors[idx] @ state.adapted_vector("e5", self._embedder, self._adapter)[0]
        else:
            cos = np.zeros(n)
        q_terms = _terms_all(state.question)
        lex = np.array([len(q_terms & self._terms[i]) / max(len(q_terms), 1) for i in idx])
        # What the sentence adds beyond echoing the question: an answer brings new words.
        novel = np.array([len(self._terms[i] - q_terms) / max(len(self._terms[i]), 1) for i in idx])
        q_words = [w.lower() for w in _WORD_RE.findall(state.question)]
        kinds = language(state.lang).cue_types(q_words)
        for code in LANGUAGES:  # cues in any of our languages (mixed or misdetected questions)
            if code != state.lang:
                kinds |= language(code).cue_types(q_words) & {"amount", "who", "why"}
        q_roles = roles_named(state.question)
        # The question asks about one of the two roles; a sentence whose first-named role (its
        # subject, usually) is another answers for that other role ("cio reports to whom" is not
        # answered by "the CTO typically reports to the owner or CIO"), unless it sets the two
        # against each other ("while", "während", "míg").
        asked = q_roles & {"cio", "cto"}
        asked_one = next(iter(asked)) if len(asked) == 1 and not _ROLE_AS_OBJECT_RE.search(state.question) else None
        top_score = state.hits[0][1] if state.hits and state.hits[0][1] > 0 else 1.0
        score_of = {row: s for row, s in state.hits}
        order = np.argsort(-cos, kind="stable")
        cos_rank = np.empty(n)
        cos_rank[order] = np.arange(1, n + 1)
        why_markers = tuple(m for code in LANGUAGES for m in language(code).answer_markers.get("why", ()))
        # The share of the concepts the question names that the sentence names too, in any language
        # ("Kinek jelent a CTO?" and "the CTO typically reports to the owner or CIO"). Dev: selector CV top
        # sentence 0.649 -> 0.695, better on all 20 fold seeds (docs/experiments/selector_glossary.py).
        asked_concepts = frozenset(state.named_concepts(self._glossary))
        X = np.zeros((n, len(FEATURES)))
        for j, i in enumerate(idx):
            row = int(self._table.rows[i])
            s_roles = self._roles[i]
            X[j] = (
                cos[j], cos[j] - cos.max(), 1.0 / cos_rank[j], lex[j], lex[j] - lex.max(), novel[j],
                1.0 / ranks[j], score_of.get(row, 0.0) / top_score, float(self._first[i]),
                float(self._question[i]), float(self._words[i] < 6), float(self._table_row[i]),
                float("amount" in kinds and self._has_number[i]), float("amount" in kinds and not self._has_number[i]),
                float("who" in kinds and bool(s_roles)), float("why" in kinds and any(m in self._lower[i] for m in why_markers)),
                float(self._chunks[row].lang == state.lang),
                float(bool(q_roles) and bool(q_roles & s_roles)), float(bool(q_roles) and bool(s_roles) and not q_roles & s_roles),
                float(asked_one is not None and self._first_role[i] not in (None, asked_one) and not self._contrast[i]),
                math.log1p(self._words[i]),
                len(asked_concepts & self._concepts[i]) / len(asked_concepts) if asked_concepts else 0.0,
            )
        return idx, X, ranks

    def run(self, state: QueryState) -> None:
        idx, X, ranks = self.features(state)
        if not len(idx):
            state.sentences = []
            state.hits = state.hits[: state.k]
            return
        if self.model is not None:
            prob = softmax_scores(self.model, X)
        else:  # no fitted model: word overlap decides
            lex = X[:, FEATURES.index("lex")]
            prob = lex / lex.sum() if lex.sum() > 0 else np.full(len(lex), 1.0 / len(lex))
        position = self._reorder_passages(state, prob, ranks)
        # Runner-ups are offered as "may answer too" only when the selector gives them a chance, and
        # only from passages shown (the lead's passage is shown first).
        order = [j for n, j in enumerate(np.argsort(-prob, kind="stable"))
                 if n == 0 or (prob[j] >= RUNNER_UP_MIN and position[ranks[j]] <= state.k)][: self._keep]
        out = []
        for j in order:
            i = idx[j]
            row = int(self._table.rows[i])
            s, e = int(self._table.starts[i]), int(self._table.ends[i])
            text = self._texts[i]
            if text.rstrip().endswith(":"):  # "The CIO has a range of responsibilities that include:" says nothing alone
                text, e = self._with_items(row, s, e, text)
            out.append(AnswerSentence(text, self._chunks[row].doc_id, s, e, float(prob[j]), position[ranks[j]],
                                      self._context[i]))
        state.sentences = out
        state.signals["select_top"] = float(prob[order[0]])

    @staticmethod
    def _reorder_passages(state: QueryState, prob: np.ndarray, ranks: list[int]) -> dict[int, int]:
        """Put the passages the selector read in the order of their best sentence's probability,
        so that the passage the lead sentence comes from is cited first, the passages after them keep
        their place, and the first ``state.k`` are shown. Returns each read passage's new 1-based
        position by its old one.

        The selector judges sentences better than fusion ranks passages: on dev (selector scores
        out of fold, 5-fold CV), the first passage answers for 0.764-0.773 of the questions instead
        of 0.717, MRR@10 0.795 -> 0.827-0.830 (docs/experiments/passage_order.py); reading 7 passages
        instead of 5, a sixth or seventh can move into the first five: R@5 0.897 -> 0.911
        (docs/experiments/passage_order_ten.py).
        """
        best: dict[int, float] = {}
        for p, r in zip(prob, ranks):
            best[r] = max(best.get(r, -1.0), float(p))
        read = sorted(best, key=lambda r: (-best[r], r))
        position = {old: new for new, old in enumerate(read, start=1)}
        ordered = [state.hits[r - 1] for r in read] + [h for n, h in enumerate(state.hits, start=1) if n not in best]
        state.hits = ordered[: state.k]
        return position

    def _with_items(self, row: int, start: int, end: int, text: str) -> tuple[str, int]:
        """A sentence that leads into a list, with the list items after it in its passage (at most
        ``LIST_ITEMS`` items and ``LIST_WORDS`` words): its text and new end, still an exact span."""
        ch = self._chunks[row]
        rel = end - ch.start
        rest = ch.text[rel:]
        taken_end, words, items = rel, len(text.split()), 0
        pos = 0
        for line in rest.split("\n"):
            line_end = pos + len(line)
            stripped = line.strip()
            if pos == 0 and stripped:  # more text on the lead's own line: not a lead-in to a list
                return text, end
            if stripped:
                if not ITEM_RE.match(stripped) or items == LIST_ITEMS or words + len(stripped.split()) > LIST_WORDS:
                    break
                items += 1
                words += len(stripped.split())
                taken_end = rel + line_end
            pos = line_end + 1
        if not items:
            return text, end
        return ch.text[start - ch.start:taken_end], ch.start + taken_end


def load_model(path: Path = PARAMS_FILE, index_model: str | None = None) -> LogisticModel | None:
    """The fitted selector, or None (lexical overlap decides) when the file is missing or stale; a
    warning when it was fitted with another e5 model than ``index_model``."""
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(d, dict):
            raise ValueError(f"a JSON {type(d).__name__}, not an object")
        model = LogisticModel.from_json(d, FEATURES)
        warn_if_fitted_elsewhere(path, d.get("e5_model"), index_model, "answer sentences")
        return model
    except FileNotFoundError:
        logger.warning("%s is missing; answer sentences are chosen by word overlap. Run `python -m qa calibrate`", path.name)
    except (OSError, ValueError, KeyError, TypeError) as exc:  # unreadable, damaged or of another shape
        logger.warning("%s cannot be used (%s); answer sentences are chosen by word overlap. Run `python -m qa calibrate`",
                       path.name, exc)
    return None
