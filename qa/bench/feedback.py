"""Turn the chat's feedback file into extra judged benchmark questions.

A liked answer becomes an in-scope question whose evidence is the answer sentence the
user approved; a liked refusal becomes an out-of-scope question. Disliked answers say
what is wrong, not what is right, so they are listed for a person to label instead.
The latest vote on an answer wins (a vote of ``none`` withdraws it).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from qa.bench.jsonl import read_records

from qa.bench.questions import Question, load_questions

GROUP = "feedback"


@dataclass(frozen=True)
class FeedbackSet:
    questions: list[Question]
    to_label: list[dict]


def read_votes(path: str | Path) -> list[dict]:
    """The vote records of a feedback file, oldest first.

    Raises:
        ValueError: the file is missing or a line is not a vote record (line number named).
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"feedback file {path} does not exist")
    return read_records(path, _vote, "feedback", "question, vote, answer")


def _flag(value: object) -> bool:
    """A JSON boolean, or one written as text by another tool ("false" is false, not a non-empty string)."""
    if isinstance(value, str):
        if value.strip().lower() in ("true", "1", "yes"):
            return True
        if value.strip().lower() in ("false", "0", "no", ""):
            return False
        raise ValueError(f"abstained {value!r} is not true or false")
    if isinstance(value, (bool, int)) and not isinstance(value, float):
        return bool(value)
    raise ValueError(f"abstained {value!r} is not true or false")


def _vote(d: dict) -> dict:
    return {"question": str(d["question"]), "vote": str(d["vote"]), "answer": str(d["answer"]),
            "lang": str(d.get("lang", "")), "abstained": _flag(d.get("abstained", False)),
            "answer_text": str(d.get("answer_text", "")), "index_id": str(d.get("index_id", "")),
            "citations": [str(c) for c in d.get("citations", [])], "time": str(d.get("time", ""))}


def feedback_questions(path: str | Path) -> FeedbackSet:
    """Judged questions from a feedback file, plus the disliked answers left to label."""
    latest: dict[tuple[str, str], dict] = {}
    for rec in read_votes(path):
        latest[(rec["question"].strip(), rec["answer"])] = rec
    evidence: dict[str, dict] = {}
    to_label = []
    for (question, _), rec in latest.items():
        if rec["vote"] == "like":
            slot = evidence.setdefault(question, {"lang": rec["lang"], "quotes": [], "refused": False})
            if rec["abstained"] or not rec["answer_text"].strip():
                slot["refused"] = True
            elif rec["answer_text"] not in slot["quotes"]:
                slot["quotes"].append(rec["answer_text"])
        elif rec["vote"] == "dislike":
            to_label.append(rec)
    questions = []
    for n, (question, slot) in enumerate(evidence.items(), start=1):
        if slot["quotes"] and slot["refused"]:
            to_label.append({"question": question, "vote": "conflict",
                             "note": "liked both an answer and a refusal"})
            continue
        questions.append(Question(f"fb-{n:04d}", question, slot["lang"], GROUP, tuple(slot["quotes"])))
    return FeedbackSet(questions, to_label)


def merge_with_feedback(questions_file: str | Path, feedback_file: str | Path, out_dir: str | Path) -> Path:
    """Write ``questions_file`` plus the feedback questions to ``out_dir``; return the new file.

    Feedback questions already in the set (same text) are skipped; disliked answers go to
    ``feedback-to-label.jsonl`` next to it.
    """
    base = load_questions(questions_file)
    fb = feedback_questions(feedback_file)
    known = {q.question.strip().casefold() for q in base}
    extra = [q for q in fb.questions if q.question.strip().casefold() not in known]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "questions+feedback.jsonl"
    with open(target, "w", encoding="utf-8") as fh:
        for q in [*base, *extra]:
            fh.write(json.dumps({"id": q.id, "question": q.question, "lang": q.lang, "group": q.group,
                                 "evidence": list(q.evidence)}, ensure_ascii=False) + "\n")
    with open(out_dir / "feedback-to-label.jsonl", "w", encoding="utf-8") as fh:
        for rec in fb.to_label:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return target
