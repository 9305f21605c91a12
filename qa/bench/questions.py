"""Question sets: our JSON-lines format and BEIR directories, with a fixed dev/test split."""
from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from qa.bench.jsonl import read_records

DEFAULT_QUESTIONS = Path(__file__).with_name("questions.jsonl")
# Training questions written from the articles alone (docs/bench/synthetic.md): fit e5's query adapter,
# never scored as a benchmark.
DEFAULT_SYNTHETIC = Path(__file__).with_name("synthetic.jsonl")
GROUPS = ("english", "paraphrase", "plain", "keyword", "typo", "long", "german", "hungarian", "crosslingual",
          "comparison", "out_of_scope", "near_domain", "adversarial")
SPLITS = ("dev", "test")
SPLIT_CHOICES = (*SPLITS, "all")


@dataclass(frozen=True)
class Question:
    """One labelled question. ``evidence`` quotes (ours) or ``relevant_docs`` (BEIR) define relevance."""

    id: str
    question: str
    lang: str
    group: str
    evidence: tuple[str, ...] = ()
    relevant_docs: frozenset[str] = field(default_factory=frozenset)
    split: str = ""  # "dev" or "test", set by assign_splits; "" when not assigned
    batch: int = 1  # the batch of questions it was added in: a later batch never moves an earlier one's split

    def __post_init__(self) -> None:
        if self.split not in ("", *SPLITS):
            raise ValueError(f"split={self.split!r} is not one of {SPLITS}")
        if isinstance(self.batch, bool) or not isinstance(self.batch, int) or self.batch < 1:
            raise ValueError(f"batch={self.batch!r} is not a whole number >= 1")

    @property
    def in_scope(self) -> bool:
        return bool(self.evidence or self.relevant_docs)


def _question(d: dict) -> Question:
    evidence = d.get("evidence", [])
    if not isinstance(evidence, list):  # a string would be read as one quote per character
        raise ValueError(f"evidence must be a list of quotes, got {type(evidence).__name__}")
    return Question(str(d["id"]), str(d["question"]), str(d.get("lang", "")), str(d.get("group", "")),
                    tuple(str(e) for e in evidence), batch=d.get("batch", 1))


def load_questions(path: str | Path) -> list[Question]:
    """Load our JSON-lines format: ``{id, question, lang, group, evidence}`` per line, and
    optionally ``batch`` (a whole number >= 1, default 1: see ``assign_splits``).

    Other fields (``kind``, ``key_term``, ``note`` on near-domain questions) are ignored.
    """
    path = Path(path)
    out = read_records(path, _question, "question", "id, question, lang, group, evidence")
    ids = [q.id for q in out]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: question ids are not unique")
    return assign_splits(out)


def _split_key(question_id: str) -> str:
    return hashlib.sha256(question_id.encode("utf-8")).hexdigest()


def assign_splits(questions: Sequence[Question]) -> list[Question]:
    """Give every question a fixed ``dev``/``test`` split, stratified by group.

    Within each group the ids are ordered by batch, then by their SHA-256, and assigned
    dev, test, dev, test, ... so each group is halved (dev gets the odd one) and the
    assignment depends only on the ids in that group, never on file order or on other
    groups. A later batch continues the alternation after the earlier ones, so adding a
    batch of questions never moves a question already in the set.

    Raises:
        ValueError: two questions share an id.
    """
    by_group: dict[str, list[tuple[int, str]]] = {}
    for q in questions:
        by_group.setdefault(q.group, []).append((q.batch, q.id))
    part: dict[str, str] = {}
    for members in by_group.values():
        ids = [qid for _, qid in members]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids are not unique; cannot assign splits")
        for rank, (_, qid) in enumerate(sorted(members, key=lambda m: (m[0], _split_key(m[1]), m[1]))):
            part[qid] = SPLITS[rank % 2]
    return [replace(q, split=part[q.id]) for q in questions]


def split_questions(questions: Sequence[Question], part: str) -> list[Question]:
    """The questions of one split, in their original order.

    Args:
        questions: questions with a split assigned (``load_questions`` does it).
        part: ``dev``, ``test`` or ``all``.

    Raises:
        ValueError: ``part`` is not a valid choice, or a question has no split assigned.
    """
    if part not in SPLIT_CHOICES:
        raise ValueError(f"split {part!r} is not valid; choose one of {', '.join(SPLIT_CHOICES)}")
    if part == "all":
        return list(questions)
    missing = [q.id for q in questions if not q.split]
    if missing:
        raise ValueError(f"question {missing[0]!r} has no split; load with load_questions or call assign_splits")
    return [q for q in questions if q.split == part]


@dataclass(frozen=True)
class BeirSet:
    """A BEIR directory: documents, queries and their qrels."""

    docs: list[dict]
    questions: list[Question]


def load_beir(directory: str | Path, split: str = "test") -> BeirSet:
    """Load ``corpus.jsonl``, ``queries.jsonl`` and ``qrels/<split>.tsv`` (score > 0 is relevant)."""
    directory = Path(directory)
    docs = [json.loads(x) for x in (directory / "corpus.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    queries = {}
    for x in (directory / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        if x.strip():
            d = json.loads(x)
            queries[str(d["_id"])] = d
    qrels_path = directory / "qrels" / f"{split}.tsv"
    if not qrels_path.exists():
        found = sorted((directory / "qrels").glob("*.tsv"))
        if not found:
            raise ValueError(f"{directory}/qrels holds no .tsv file")
        qrels_path = found[0]
    rel: dict[str, set[str]] = {}
    with open(qrels_path, encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 3 or row[0] in ("query-id", "query_id"):
                continue
            if float(row[2]) > 0:
                rel.setdefault(row[0], set()).add(row[1])
    questions = [Question(qid, str(d["text"]), str(d.get("metadata", {}).get("lang", "")) if isinstance(d.get("metadata"), dict) else "",
                          str(d.get("metadata", {}).get("group", "beir")) if isinstance(d.get("metadata"), dict) else "beir",
                          relevant_docs=frozenset(rel.get(qid, ())))
                 for qid, d in queries.items()]
    return BeirSet(docs, assign_splits(questions))
