"""Question sets: our JSON-lines format and BEIR directories."""
from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_QUESTIONS = Path(__file__).with_name("questions.jsonl")
GROUPS = ("english", "paraphrase", "german", "hungarian", "crosslingual", "comparison", "out_of_scope",
          "near_domain")


@dataclass(frozen=True)
class Question:
    """One labelled question. ``evidence`` quotes (ours) or ``relevant_docs`` (BEIR) define relevance."""

    id: str
    question: str
    lang: str
    group: str
    evidence: tuple[str, ...] = ()
    relevant_docs: frozenset[str] = field(default_factory=frozenset)

    @property
    def in_scope(self) -> bool:
        return bool(self.evidence or self.relevant_docs)


SPLITS = ("dev", "test", "all")


def assign_splits(questions: list[Question]) -> dict[str, str]:
    """Question id -> ``dev`` or ``test``: within each group, ids ordered by SHA-256 are
    assigned alternately (dev, test, dev, ...), so every group is split evenly and the
    assignment is fixed by a stable hash, not by file order."""
    out: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    for q in questions:
        groups.setdefault(q.group, []).append(q.id)
    for ids in groups.values():
        for n, qid in enumerate(sorted(ids, key=lambda i: hashlib.sha256(i.encode("utf-8")).hexdigest())):
            out[qid] = "dev" if n % 2 == 0 else "test"
    return out


def split_questions(questions: list[Question], part: str) -> list[Question]:
    """The ``dev`` or ``test`` part of a question set (``all``: every question)."""
    if part not in SPLITS:
        raise ValueError(f"unknown split {part!r}; valid choices: {', '.join(SPLITS)}")
    if part == "all":
        return list(questions)
    splits = assign_splits(questions)
    return [q for q in questions if splits[q.id] == part]


def load_questions(path: str | Path) -> list[Question]:
    """Load our JSON-lines format: ``{id, question, lang, group, evidence}`` per line.

    Other fields (``kind``, ``key_term``, ``note`` on near-domain questions) are ignored.
    """
    out = []
    path = Path(path)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                q = Question(str(d["id"]), str(d["question"]), str(d.get("lang", "")), str(d.get("group", "")),
                             tuple(str(e) for e in d.get("evidence", [])))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a question record ({exc}); need id, question, lang, group, evidence") from exc
            out.append(q)
    ids = [q.id for q in out]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: question ids are not unique")
    return out


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
    return BeirSet(docs, questions)
