"""Votes from the chat: appended as JSON lines outside the index, turned into judged bench questions."""
from __future__ import annotations

import json

import pytest

from qa.bench.feedback import feedback_questions, merge_with_feedback
from qa.bench.questions import load_questions
from qa.feedback import FeedbackLog, Vote


def _vote(q: str, vote: str, key: str = "k1", text: str = "The CIO runs internal IT.", abstained: bool = False) -> Vote:
    return Vote(question=q, vote=vote, answer=key, citations=("c1", "c2"), index_id="idx", lang="en",
                abstained=abstained, answer_text="" if abstained else text)


def test_votes_are_appended_one_json_line_each(tmp_path):
    log = FeedbackLog(tmp_path / "fb")
    log.append(_vote("What does a CIO do?", "like"))
    path = log.append(_vote("What does a CTO do?", "dislike", "k2"))
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    assert [r["vote"] for r in rows] == ["like", "dislike"]
    assert set(rows[0]) >= {"question", "answer", "citations", "vote", "index_id", "time"}
    assert rows[0]["citations"] == ["c1", "c2"] and rows[0]["time"].endswith("+00:00")


def test_the_feedback_directory_may_not_be_inside_the_index(tmp_path):
    (tmp_path / "index").mkdir()
    with pytest.raises(ValueError, match="inside the index"):
        FeedbackLog(tmp_path / "index" / "fb", index_dir=tmp_path / "index")
    with pytest.raises(ValueError, match="not one of"):
        _vote("q", "meh")


def test_liked_answers_become_judged_questions_and_dislikes_are_left_to_label(tmp_path):
    log = FeedbackLog(tmp_path)
    log.append(_vote("What does a CIO do?", "like"))
    log.append(_vote("Capital of France?", "like", "k3", abstained=True))
    log.append(_vote("What does a CTO do?", "dislike", "k2"))
    log.append(_vote("Who earns more?", "like", "k4", "CTOs earn more."))
    log.append(_vote("Who earns more?", "none", "k4", "CTOs earn more."))  # withdrawn: the latest vote wins
    fb = feedback_questions(log.path)
    by_q = {q.question: q for q in fb.questions}
    assert set(by_q) == {"What does a CIO do?", "Capital of France?"}
    assert by_q["What does a CIO do?"].evidence == ("The CIO runs internal IT.",) and by_q["What does a CIO do?"].in_scope
    assert not by_q["Capital of France?"].in_scope
    assert [r["question"] for r in fb.to_label] == ["What does a CTO do?"]


def test_a_broken_feedback_line_is_named(tmp_path):
    path = tmp_path / "feedback.jsonl"
    path.write_text('{"question": "q", "vote": "like", "answer": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"feedback.jsonl:2: not a feedback record"):
        feedback_questions(path)
    with pytest.raises(ValueError, match="does not exist"):
        feedback_questions(tmp_path / "missing.jsonl")


def test_merge_adds_new_feedback_questions_to_the_bench_set(tmp_path):
    base = tmp_path / "q.jsonl"
    base.write_text(json.dumps({"id": "en-01", "question": "What does a CIO do?", "lang": "en", "group": "english",
                                "evidence": ["x"]}) + "\n", encoding="utf-8")
    log = FeedbackLog(tmp_path / "fb")
    log.append(_vote("What does a CIO do?", "like"))  # already in the set: skipped
    log.append(_vote("Wer leitet die Engineering Group?", "like", "k9", "Leitet die Engineering Group"))
    merged = load_questions(merge_with_feedback(base, log.path, tmp_path / "out"))
    assert [q.id for q in merged] == ["en-01", "fb-0002"]
    assert merged[1].group == "feedback" and merged[1].evidence == ("Leitet die Engineering Group",)


def test_bench_accepts_a_feedback_file(tmp_path, monkeypatch):
    from qa import cli

    seen = {}
    monkeypatch.setattr("qa.bench.run.run_bench", lambda args: seen.setdefault("q", args.questions) and 0)
    log = FeedbackLog(tmp_path / "fb")
    log.append(_vote("Wer leitet die Engineering Group?", "like", "k9", "Leitet die Engineering Group"))
    assert cli.main(["bench", "--feedback", str(log.path), "--out", str(tmp_path / "out")]) == 0
    questions = load_questions(seen["q"])
    assert questions[-1].question == "Wer leitet die Engineering Group?" and len(questions) > 100
