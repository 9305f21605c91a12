"""The CLI contract, end to end with the packaged models and the committed index."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}


def qa(*args, stdin: bytes | None = None, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "qa", *args], input=stdin, capture_output=True,
                          cwd=cwd, env=env or ENV, timeout=300)


def corpus_texts() -> dict[str, str]:
    out = qa("corpus", "--jsonl")
    assert out.returncode == 0, out.stderr
    docs = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert {d["lang"] for d in docs} == {"en", "de", "hu"}
    assert all(set(d) == {"doc_id", "title", "lang", "source", "text"} for d in docs)
    return {d["doc_id"]: d["text"] for d in docs}


def test_search_jsonl_batch_contract():
    texts = corpus_texts()
    questions = ["What does a CTO do?", "Wer leitet die Engineering Group?", "Ki felel a mérnöki osztályért?",
                 "What is the capital of France?"]
    stdin = ("\n".join(questions[:2]) + "\n").encode() + b"\xff\xfe bad bytes\n" + ("\n".join(questions[2:]) + "\n").encode()
    out = qa("search", "--k", "10", "--jsonl", stdin=stdin)
    assert out.returncode == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [r["question"] for r in records][:2] == questions[:2] and len(records) == 5
    assert "UTF-8" in records[2]["error"] and records[2]["results"] == []
    for r in records[:2] + records[3:]:
        assert isinstance(r["abstained"], bool) and len(r["results"]) == 10
        for i, res in enumerate(r["results"], start=1):
            assert res["rank"] == i and isinstance(res["score"], float)
            assert texts[res["doc_id"]][res["start"]:res["end"]] == res["text"]
            assert {"title", "lang"} <= set(res)
    assert records[1]["results"][0]["doc_id"] == "000_d45e73d6cc80c6a3"
    assert records[3]["results"][0]["doc_id"] == "001_d2df9482666d861b"
    assert records[4]["abstained"] is True
    assert records[0]["abstained"] is False


def test_ask_prints_numbered_citations():
    out = qa("ask", "What does a CIO do?")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "[1]" in text and "(English)" in text and "Sources:" in text
    assert out.stderr.decode().strip() == ""


@pytest.mark.parametrize("args", [("ask", ""), ("ask", "   "), ("search", "--k", "0", "--jsonl"), ("search", "--k", "x", "--jsonl"),
                                  ("bogus",), ("ask", "hi", "--retriever", "magic")])
def test_usage_errors_exit_2_with_one_line(args):
    out = qa(*args, stdin=b"")
    assert out.returncode == 2
    assert len(out.stderr.decode().strip().splitlines()) == 1


def test_missing_and_stale_index_exit_nonzero_naming_the_fix(tmp_path):
    out = qa("ask", "What does a CIO do?", "--index", str(tmp_path / "none"))
    assert out.returncode == 1 and "python -m qa build" in out.stderr.decode()
    assert len(out.stderr.decode().strip().splitlines()) == 1
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    p = next(corpus.glob("004_*.md"))
    p.write_text(p.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    out = qa("ask", "What does a CIO do?", "--corpus", str(corpus))
    assert out.returncode == 1 and "stale" in out.stderr.decode() and "python -m qa build" in out.stderr.decode()


def test_model_mismatch_exits_nonzero():
    out = qa("ask", "What does a CIO do?", "--model", "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2")
    assert out.returncode == 1 and "python -m qa build" in out.stderr.decode()


def test_env_vars_choose_dirs(tmp_path):
    env = {**ENV, "QA_INDEX": str(tmp_path / "elsewhere")}
    out = qa("ask", "What does a CIO do?", env=env)
    assert out.returncode == 1 and "elsewhere" in out.stderr.decode()


def test_build_into_another_dir_with_progress(tmp_path):
    out = qa("build", "--index", str(tmp_path / "ix"))
    assert out.returncode == 0, out.stderr
    assert "built" in out.stdout.decode() and "embedding" in out.stderr.decode()
    m = json.loads((tmp_path / "ix" / "manifest.json").read_text())
    assert m["num_chunks"] > 50
