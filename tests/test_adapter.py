"""e5's query adapter (qa/adapter.py): fitting, the saved files and their checks, and its place in the pipeline."""
from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from qa.adapter import QueryAdapter, fit_adapter, load_adapter, meta_path, save_adapter


def _unit(x):
    x = np.asarray(x, dtype=np.float64)
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_apply_with_a_zero_matrix_is_the_identity_and_always_gives_unit_vectors():
    q = _unit(np.random.default_rng(0).normal(size=(5, 8))).astype(np.float32)
    assert np.allclose(QueryAdapter(np.zeros((8, 8), np.float32)).apply(q), q, atol=1e-6)
    out = QueryAdapter(np.random.default_rng(1).normal(size=(8, 8)).astype(np.float32)).apply(q)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)


def test_fitting_moves_questions_to_the_passage_that_answers_them_and_generalises():
    # Four passages on the axes. Questions about passage 0 come in leaning towards passage 1 (the
    # way a German question leans towards the German article): the adapter must learn the turn.
    P = np.eye(4)
    rng = np.random.default_rng(2)

    def questions(n):
        return _unit(np.array([0.6, 0.8, 0, 0]) + rng.normal(scale=0.05, size=(n, 4)))

    train, held_out = questions(40), questions(10)
    assert (np.argmax(held_out @ P.T, axis=1) == 1).all()  # unadapted, all wrong
    labels = np.zeros((40, 4))
    labels[:, 0] = 1
    A = fit_adapter(train, P, P, labels, labels, l2=0.01, steps=200, lr=0.01)
    adapted = QueryAdapter(A).apply(held_out)
    assert (np.argmax(adapted @ P.T, axis=1) == 0).all()


def test_fit_refuses_labels_of_the_wrong_shape():
    with pytest.raises(ValueError, match="do not fit"):
        fit_adapter(np.eye(3), np.eye(3), np.eye(3), np.zeros((3, 2)), np.zeros((3, 3)))


@pytest.fixture
def saved(tmp_path):
    A = np.random.default_rng(3).normal(scale=0.1, size=(6, 6)).astype(np.float32)
    path = tmp_path / "query_adapter.npy"
    save_adapter(A, "model/x", {"doc": "abc"}, {"questions": 7}, path=path)
    return A, path


def test_saved_adapter_loads_back_for_its_model_and_articles(saved):
    A, path = saved
    got = load_adapter("model/x", {"doc": "abc"}, 6, path=path)
    assert got is not None and np.array_equal(got.matrix, A)
    record = json.loads(meta_path(path).read_text(encoding="utf-8"))
    assert record["questions"] == 7 and record["e5_model"] == "model/x"
    assert not list(path.parent.glob("*.tmp"))  # written through temp files, none left


def test_adapter_of_another_model_is_not_used_and_the_log_names_both(saved, caplog):
    _, path = saved
    with caplog.at_level(logging.WARNING, logger="qa.adapter"):
        assert load_adapter("model/y", {"doc": "abc"}, 6, path=path) is None
    assert "model/x" in caplog.text and "model/y" in caplog.text


def test_adapter_of_other_articles_is_not_used(saved, caplog):
    _, path = saved
    with caplog.at_level(logging.INFO, logger="qa.adapter"):
        assert load_adapter("model/x", {"doc": "changed"}, 6, path=path) is None
    assert "other articles" in caplog.text


def test_damaged_or_pickled_adapter_is_refused_with_a_warning(saved, caplog):
    A, path = saved
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="qa.adapter"):
        assert load_adapter("model/x", {"doc": "abc"}, 6, path=path) is None
    assert "checksum" in caplog.text
    # An object array needs pickle to load: refused even with a matching checksum.
    np.save(path, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    record = json.loads(meta_path(path).read_text(encoding="utf-8"))
    import hashlib

    record["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    meta_path(path).write_text(json.dumps(record), encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="qa.adapter"):
        assert load_adapter("model/x", {"doc": "abc"}, 6, path=path) is None
    assert "cannot be used" in caplog.text


def test_missing_adapter_leaves_questions_unadapted(tmp_path):
    assert load_adapter("model/x", {}, 6, path=tmp_path / "none.npy") is None


def _engine_with_adapter(tiny_corpus, tiny_index, fake_embedders, monkeypatch, tmp_path, matrix=None, **settings):
    import qa.adapter
    from qa.corpus import load_corpus
    from qa.index import IndexStore
    from qa.retrieval import Engine
    from qa.settings import Settings

    articles = load_corpus(tiny_corpus)
    store = IndexStore.load(tiny_index, articles=articles)
    meta = store.manifest["dense"]["e5"]
    path = tmp_path / "adapter" / "query_adapter.npy"
    path.parent.mkdir(exist_ok=True)
    if matrix is not None:
        save_adapter(matrix, meta["model"], store.manifest["corpus"], {}, path=path)
    monkeypatch.setattr(qa.adapter, "ADAPTER_FILE", path)
    return Engine(store, articles, fake_embedders, settings=Settings().with_overrides(**settings))


def test_retrieval_reads_the_adapted_question_and_abstention_the_plain_one(
        tiny_corpus, tiny_index, fake_embedders, monkeypatch, tmp_path):
    plain = _engine_with_adapter(tiny_corpus, tiny_index, fake_embedders, monkeypatch, tmp_path)
    assert plain.adapter is None
    # An adapter that sends every question to the Hungarian passage's vector, whatever it asks.
    target = plain.store.dense["e5"].reconstruct_n(0, plain.store.dense["e5"].ntotal)
    hu = [i for i, c in enumerate(plain.store.chunks) if c.lang == "hu"][0]
    dim = target.shape[1]
    matrix = (np.outer(target[hu], np.ones(dim)) * 50 - np.eye(dim)).astype(np.float32)
    adapted = _engine_with_adapter(tiny_corpus, tiny_index, fake_embedders, monkeypatch, tmp_path, matrix)
    assert adapted.adapter is not None
    q = "What does the CIO manage?"
    before, after = plain.run(q, k=3, until="diversity"), adapted.run(q, k=3, until="diversity")
    assert before.rankings["e5"][0][0] != hu
    assert after.rankings["e5"][0][0] == hu and after.rankings["e5_sent"][0][0] == hu
    # The selector and abstention were fitted on the plain vector: they still read it.
    assert np.array_equal(after.vectors["e5"], before.vectors["e5"])
    stage = adapted.retrievers[adapted.default].stage("abstain")
    assert np.allclose(stage.features(after), plain.retrievers[plain.default].stage("abstain").features(before))
    # Switched off in the settings, the adapter is not loaded.
    off = _engine_with_adapter(tiny_corpus, tiny_index, fake_embedders, monkeypatch, tmp_path, matrix,
                               query_adapter=False)
    assert off.adapter is None and off.run(q, k=3, until="diversity").rankings["e5"][0][0] != hu


def test_shipped_adapter_fits_the_shipped_index():
    """`qa calibrate` after `qa build`: the adapter in the package was fitted for the shipped index's
    e5 model and articles, so the app uses it (a rebuild of other articles would turn it off)."""
    from pathlib import Path

    from qa.adapter import ADAPTER_FILE

    root = Path(__file__).resolve().parent.parent
    manifest = json.loads((root / "index" / "manifest.json").read_text(encoding="utf-8"))
    meta = manifest["dense"]["e5"]
    adapter = load_adapter(meta["model"], manifest["corpus"], int(meta["dim"]), path=ADAPTER_FILE)
    assert adapter is not None


def test_training_questions_about_other_articles_fit_no_adapter_and_say_so(tiny_engine, monkeypatch, tmp_path):
    """`qa calibrate` with an index of one's own articles and our synthetic questions: nothing answers
    them, so no adapter is written (the shipped one stays unused for these articles) and calibration
    goes on; before, it stopped with an error."""
    import qa.adapter
    from qa.bench.questions import Question
    from qa.bench.run import fit_query_adapter

    path = tmp_path / "query_adapter.npy"
    monkeypatch.setattr(qa.adapter, "ADAPTER_FILE", path)
    about_others = [Question("s1", "How long does it take to become a CTO?", "en", "english",
                             ("It may take five to 15 years to attain a top IT management position",))]
    message = fit_query_adapter(tiny_engine, about_others)
    assert message.startswith("no query adapter fitted: none of the 1 training questions") and not path.exists()
    answered = [Question("s2", "Who leads the engineering group?", "en", "english",
                         ("Ein CTO leitet die Engineering Group des Unternehmens",))]
    assert fit_query_adapter(tiny_engine, answered).startswith("wrote query_adapter.npy: fitted on 1")
    assert path.exists() and meta_path(path).exists()
