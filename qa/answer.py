"""Turn an Answer into what people read: a lead sentence and numbered citations."""
from __future__ import annotations

from dataclasses import dataclass

from qa.chunking import split_sentences
from qa.language import LANGUAGES, analyze
from qa.types import Answer, Article, Hit

from qa.languages import LANGUAGES as _RECORDS

LANG_NAMES = {code: rec.name for code, rec in _RECORDS.items()}
NOT_COVERED = {code: rec.ui["not_covered"] for code, rec in _RECORDS.items()}
SOURCES_LABEL = {code: rec.ui["sources"] for code, rec in _RECORDS.items()}


@dataclass(frozen=True)
class Citation:
    """One numbered source: the hit, its article, and the best sentence's span in the chunk."""

    number: int
    hit: Hit
    article: Article
    lead: tuple[int, int]  # offsets of the answering sentence within hit.chunk.text

    @property
    def section(self) -> str:
        return self.hit.chunk.section or "(introduction)"

    @property
    def lead_text(self) -> str:
        return self.hit.chunk.text[self.lead[0]:self.lead[1]]


def best_sentence(text: str, question: str, lang: str) -> tuple[int, int]:
    """Offsets of the sentence of ``text`` sharing the most stemmed terms with the question."""
    spans = []
    pos = 0
    for line in text.split("\n"):  # list items are sentences of their own
        if line.strip():
            body = len(line) - len(line.lstrip("-0123456789. "))
            spans += split_sentences(line[body:], pos + body)
        pos += len(line) + 1
    spans = spans or [(0, len(text))]
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


def citations(answer: Answer, articles: dict[str, Article], question: str) -> list[Citation]:
    out = []
    for i, hit in enumerate(answer.hits, start=1):
        article = articles[hit.chunk.doc_id]
        out.append(Citation(i, hit, article, best_sentence(hit.chunk.text, question, hit.chunk.lang)))
    return out
