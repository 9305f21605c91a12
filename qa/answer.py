"""Turn an Answer into what people read: a lead sentence and numbered citations."""
from __future__ import annotations

from dataclasses import dataclass

from qa.chunking import split_sentences
from qa.language import LANGUAGES, analyze
from qa.types import Answer, Article, Hit

LANG_NAMES = {"en": "English", "de": "German", "hu": "Hungarian"}

NOT_COVERED = {
    "en": "These articles do not cover that question. They are about the roles of the CIO and the CTO; try asking about those.",
    "de": "Diese Artikel beantworten diese Frage nicht. Sie behandeln die Rollen von CIO und CTO; fragen Sie gern danach.",
    "hu": "Ezek a cikkek nem térnek ki erre a kérdésre. A CIO és a CTO szerepéről szólnak; kérdezzen inkább ezekről.",
}
SOURCES_LABEL = {"en": "Sources", "de": "Quellen", "hu": "Források"}


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
