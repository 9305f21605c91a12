"""Language labels of answers, and the word-overlap sentence picker the benchmark keeps as its baseline."""
from __future__ import annotations

from qa.language import LANGUAGES, analyze
from qa.languages import LANGUAGES as _RECORDS
from qa.sentences import sentence_spans

LANG_NAMES = {code: rec.name for code, rec in _RECORDS.items()}
NOT_COVERED = {code: rec.ui["not_covered"] for code, rec in _RECORDS.items()}
SOURCES_LABEL = {code: rec.ui["sources"] for code, rec in _RECORDS.items()}


def best_sentence(text: str, question: str, lang: str) -> tuple[int, int]:
    """Offsets of the sentence of ``text`` sharing the most stemmed terms with the question."""
    spans = sentence_spans(text)
    q_terms = set()
    for lg in LANGUAGES:
        q_terms.update(analyze(question, lg))
    best, best_score = spans[0], -1.0
    for s, e in spans:
        sent = text[s:e].lstrip("- ")
        terms = set()
        for lg in LANGUAGES:
            terms.update(analyze(sent, lg))
        score = len(q_terms & terms) / (1 + 0.02 * len(sent.split()))
        if sent.rstrip().endswith("?"):
            score *= 0.5  # a sentence that asks is a poor answer
        if score > best_score:
            best, best_score = (s, e), score
    return best
