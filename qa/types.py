"""Data types shared by every component: Article, Chunk, Hit, AnswerSentence, Answer."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """A cleaned article. ``text`` is what chunk offsets refer to."""

    doc_id: str
    title: str
    lang: str
    source: str
    text: str


@dataclass(frozen=True)
class Chunk:
    """A passage of one article: ``article.text[start:end] == text``."""

    chunk_id: str
    doc_id: str
    section: str
    start: int
    end: int
    text: str
    lang: str = "en"

    def to_dict(self) -> dict:
        return {
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Chunk":
        return cls(
            chunk_id=str(d["chunk_id"]),
            doc_id=str(d["doc_id"]),
            section=str(d["section"]),
            start=int(d["start"]),
            end=int(d["end"]),
            text=str(d["text"]),
            lang=str(d.get("lang", "en")),
        )


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its fused score (higher is better) and 1-based rank as shown.

    The passages the answer selector read come in the order of their best sentence (the lead's
    passage first), so among them the rank need not follow the score.
    """

    chunk: Chunk
    score: float
    rank: int = 0


@dataclass(frozen=True)
class AnswerSentence:
    """A sentence offered as the answer: an exact span of its article.

    ``article.text[start:end] == text``; ``citation`` is the 1-based number of the hit
    (passage) it lies in; ``score`` is the selector's confidence in [0, 1]. ``context`` is
    the heading a list item sits under ("Chief Technology Officer" for "Leitet die
    Engineering Group des Unternehmens"), or the one role a section is about when the
    sentence opens with a pronoun ("What does a CIO do?" for "They are the face of the IT
    department"), shown before it; empty for a sentence that stands on its own.
    """

    text: str
    doc_id: str
    start: int
    end: int
    score: float
    citation: int
    context: str = ""

    @property
    def lead_in(self) -> str:
        """What is shown before the sentence: ``"Chief Technology Officer: "``, ``"What does a CIO do? "`` or ``""``."""
        if not self.context:
            return ""
        return self.context + (" " if self.context.endswith("?") else ": ")


@dataclass(frozen=True)
class Answer:
    """What a question gets: answer sentences and cited hits, or an abstention with its reason.

    ``sentences`` are best first (the first is what a person reads first); ``reason`` says,
    in the question's language, why the bot abstained (empty when it answers). Hits are
    returned even when it abstains, as the closest passages. ``unsure``: answered, but with a
    confidence in the band just above the refusal threshold, where on dev about half the
    out-of-scope questions that slip through land; the UI says so instead of a bold answer.
    ``skipped``: retriever parts this answer was made without (``sparse`` and ``sparse_sent`` when
    the machine was busy with another question's sparse pass, or the pass failed or was slow).
    ``small_talk``: the kind of message ("greeting", "thanks", "bye") that got a short reply instead
    of the articles (``qa.small_talk``); "" for a question.
    """

    question: str
    hits: tuple[Hit, ...]
    abstained: bool
    confidence: float = 0.0
    lang: str = "en"
    timings_ms: dict = field(default_factory=dict, compare=False)
    sentences: tuple[AnswerSentence, ...] = ()
    reason: str = ""
    unsure: bool = False
    skipped: tuple[str, ...] = ()
    small_talk: str = ""
