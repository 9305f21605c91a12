"""Serving through a rebuild: every answer comes wholly from one index, the new one lands."""
from __future__ import annotations

import logging
import threading
import time

from qa.corpus import load_corpus
from qa.index import build_index
from qa.live import LiveEngine
from qa.retrieval import Engine
from qa.html_view import citation_records
from qa.ui import SOURCE_GONE, build_demo

V1 = "The CIO manages internal IT infrastructure and operations. The CIO reports to the CEO."
V2 = ("The CIO now also runs the zebra programme for internal IT. The CIO reports to the board "
      "and chairs the zebra steering committee.")


def _loader(tiny_corpus, tiny_index, fake_embedders):
    from qa.index import IndexStore

    def loader(reuse):
        articles = load_corpus(tiny_corpus)
        return Engine(IndexStore.load(tiny_index, articles=articles), articles, reuse or fake_embedders)

    return loader


def _live(tiny_corpus, tiny_index, fake_embedders, keep=3):
    return LiveEngine(tiny_corpus, tiny_index, check_every=0.0, keep=keep,
                      loader=_loader(tiny_corpus, tiny_index, fake_embedders))


def _rewrite(tiny_corpus, old: str, new: str) -> None:
    path = tiny_corpus / "a_en.md"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _wait_for(predicate, seconds=10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_rebuilds_while_answering_give_whole_snapshots(tiny_corpus, tiny_index, fake_embedders):
    live = _live(tiny_corpus, tiny_index, fake_embedders)
    first_id = live.current().store.index_id
    stop = threading.Event()
    failures: list[str] = []
    seen: set[str] = set()
    answered = [0]

    def worker(question: str) -> None:
        while not stop.is_set():
            engine = live.current()
            try:
                answer = engine.ask(question, k=3)
            except Exception as exc:  # any error is a failure the user would see
                failures.append(repr(exc))
                return
            seen.add(engine.store.index_id)
            answered[0] += 1
            for hit in answer.hits:  # the cited text is exactly the article text it points at
                article = engine.articles[hit.chunk.doc_id]
                if article.text[hit.chunk.start:hit.chunk.end] != hit.chunk.text:
                    failures.append(f"mixed snapshot: {hit.chunk.chunk_id}")

    threads = [threading.Thread(target=worker, args=(q,)) for q in
               ("What does the CIO manage?", "zebra programme", "Wer leitet die Engineering Group?")]
    for t in threads:
        t.start()
    versions = [(V1, V2), (V2, V1), (V1, V2)]
    for old, new in versions:
        _rewrite(tiny_corpus, old, new)
        build_index(load_corpus(tiny_corpus), tiny_index, fake_embedders, progress=False)
        # Only the serving path (live.current) notices the new index and loads it in the background.
        assert _wait_for(lambda: ("zebra" in " ".join(c.text for c in live.current().store.chunks)) == (new == V2))
    stop.set()
    for t in threads:
        t.join(10)
    assert failures == []
    assert answered[0] > 0 and first_id in seen and len(seen) >= 2
    final = live.current()
    assert any("zebra" in h.chunk.text for h in final.ask("zebra steering committee", k=3).hits)


def test_reload_reuses_models_and_keeps_recent_snapshots(tiny_corpus, tiny_index, fake_embedders):
    live = _live(tiny_corpus, tiny_index, fake_embedders)
    before = live.current()
    record_engine = before
    records = citation_records(before.ask("What does the CIO manage?", k=3), before.store.index_id)
    assert records and records[0].index_id == before.store.index_id
    _rewrite(tiny_corpus, V1, V2)
    build_index(load_corpus(tiny_corpus), tiny_index, fake_embedders, progress=False)
    assert live.reload()
    after = live.current()
    assert after is not before and after.store.index_id != before.store.index_id
    assert after.embedders["e5"] is before.embedders["e5"]  # no model loaded twice
    assert live.snapshot(records[0].index_id) is record_engine  # a citation shown earlier still opens


def test_a_broken_rebuild_keeps_the_old_index_serving(tiny_corpus, tiny_index, fake_embedders, caplog):
    live = _live(tiny_corpus, tiny_index, fake_embedders)
    before = live.current()
    _rewrite(tiny_corpus, V1, V2)
    build_index(load_corpus(tiny_corpus), tiny_index, fake_embedders, progress=False)
    blob = (tiny_index / "e5.faiss").read_bytes()
    (tiny_index / "e5.faiss").write_bytes(blob[: len(blob) // 2])  # damaged after it landed
    with caplog.at_level(logging.WARNING, logger="qa.live"):
        assert not live.reload()
    assert live.current() is before
    assert "still serving the previous one" in caplog.text and "truncated" in caplog.text
    assert before.ask("What does the CIO manage?", k=2).hits  # the old snapshot still answers
    assert not live.reload()  # no retry storm until the index changes again
    build_index(load_corpus(tiny_corpus), tiny_index, fake_embedders, progress=False)
    assert live.reload() and live.current() is not before


def test_stale_rebuild_is_not_served_until_the_corpus_matches(tiny_corpus, tiny_index, fake_embedders):
    live = _live(tiny_corpus, tiny_index, fake_embedders)
    before = live.current()
    _rewrite(tiny_corpus, V1, V2)
    build_index(load_corpus(tiny_corpus), tiny_index, fake_embedders, progress=False)
    _rewrite(tiny_corpus, V2, V1 + " Edited again.")  # corpus moved on before the app reloaded
    assert not live.reload() and live.current() is before


def test_ui_shows_a_clear_note_for_a_citation_from_a_dropped_snapshot(tiny_corpus, tiny_index, fake_embedders):
    live = _live(tiny_corpus, tiny_index, fake_embedders, keep=1)
    from qa.feedback import FeedbackLog

    demo = build_demo(live, feedback=FeedbackLog(tiny_index.parent / "feedback"))
    fns = {getattr(b.fn, "__name__", ""): b.fn for b in demo.fns.values()}
    _, history, session = fns["ask"]("What does the CIO manage?", [], None)
    history, session = fns["respond"](history, session, 3, "hybrid")
    cid = next(iter(session["cites"]))
    assert 'id="qa-target"' in fns["open_citation"](cid, session)
    _rewrite(tiny_corpus, V1, V2)
    build_index(load_corpus(tiny_corpus), tiny_index, fake_embedders, progress=False)
    assert live.reload()
    assert SOURCE_GONE in fns["open_citation"](cid, session)


def test_running_app_switches_to_a_rebuilt_index_without_a_failed_answer(tmp_path):
    """End to end: the app answers throughout `python -m qa build` and then cites the new article."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from gradio_client import Client

    from conftest import start_app
    from qa.answer import NOT_COVERED

    root = Path(__file__).resolve().parent.parent
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    # The two smallest real articles (English and Hungarian) keep the two real builds short;
    # what is tested (answers throughout a rebuild, then the new article) does not need more,
    # nor the `dense` vectors (--no-dense: no torch import, ~8 s less per build).
    for article in sorted(root.glob("corpus/*.md"), key=lambda p: p.stat().st_size)[:2]:
        shutil.copy(article, corpus / article.name)
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    first = subprocess.run([sys.executable, "-m", "qa", "build", "--no-progress", "--no-dense", "--corpus", str(corpus),
                            "--index", str(index)], cwd=root, capture_output=True, text=True, timeout=600, env=env)
    assert first.returncode == 0, first.stderr
    question = "Who chairs the zebra steering committee?"
    proc, url = start_app(QA_CORPUS=str(corpus), QA_INDEX=str(index))
    answers: list[str] = []
    stop = threading.Event()

    def poll() -> None:
        client = Client(url, verbose=False)
        while not stop.is_set():
            answers.append(client.predict(question, 3, "hybrid", api_name="/answer"))
            stop.wait(0.25)  # users, not a load test: leave the build its CPU

    try:
        assert "zebra" not in Client(url, verbose=False).predict(question, 3, "hybrid", api_name="/answer")
        (corpus / "zz_zebra.md").write_text(
            '---\ndoc_id: "zz_zebra"\ntitle: "The zebra committee"\nlang: "en"\nsource: "test"\n---\n'
            "The CIO chairs the zebra steering committee, which approves every IT budget of the company.\n",
            encoding="utf-8")
        pollers = [threading.Thread(target=poll) for _ in range(2)]
        for t in pollers:
            t.start()
        build = subprocess.run([sys.executable, "-m", "qa", "build", "--no-progress", "--no-dense", "--corpus", str(corpus),
                                "--index", str(index)], cwd=root, capture_output=True, text=True, timeout=600,
                               env=env)
        assert build.returncode == 0, build.stderr
        assert _wait_for(lambda: "zebra" in (answers[-1] if answers else ""), seconds=30)
        stop.set()
        for t in pollers:
            t.join(30)
    finally:
        stop.set()
        proc.terminate()
        proc.wait(10)
    assert len(answers) > 10
    failed = [a for a in answers if "[1]" not in a and not any(m in a for m in NOT_COVERED.values())]
    assert failed == []  # every answer during the rebuild was a real answer, old or new
    first_new = next(i for i, a in enumerate(answers) if "zebra" in a)
    assert all("zebra" in a for a in answers[first_new + 2:])  # once switched, it stays on the new index
