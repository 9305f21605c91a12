from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from qa.chunking import ChunkSettings, chunk_article, chunk_corpus, split_sentences
from qa.corpus import load_corpus
from qa.types import Article

ROOT = Path(__file__).resolve().parent.parent


def test_every_chunk_is_an_exact_span_of_its_article():
    articles = load_corpus(ROOT / "corpus")
    by_id = {a.doc_id: a for a in articles}
    chunks = chunk_corpus(articles)
    assert len(chunks) > 50
    for c in chunks:
        assert by_id[c.doc_id].text[c.start:c.end] == c.text
        assert c.text.strip() == c.text and c.text
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_chunks_respect_max_words_and_never_start_with_a_heading():
    articles = load_corpus(ROOT / "corpus")
    for c in chunk_corpus(articles, ChunkSettings(max_words=80)):
        assert len(c.text.split()) <= 80 * 1.3
        assert not c.text.startswith("## ") and "\n## " not in c.text


def test_section_heading_is_recorded():
    art = Article("d", "T", "en", "", "Intro text here.\n\n## Salary\n\nThe CTO earns more.\n")
    chunks = chunk_article(art)
    assert [(c.section, c.text) for c in chunks] == [("", "Intro text here."), ("Salary", "The CTO earns more.")]


def test_list_stays_with_its_introduction():
    art = Article("d", "T", "en", "", "## Skills\n\nA CTO needs:\n\n- Coding\n- Architecture\n")
    (chunk,) = chunk_article(art)
    assert chunk.text == "A CTO needs:\n\n- Coding\n- Architecture"


def test_long_paragraph_is_cut_between_sentences():
    sentence = "The chief information officer manages the internal systems of the company. "
    art = Article("d", "T", "en", "", sentence * 30)
    chunks = chunk_article(art, ChunkSettings(max_words=40))
    assert len(chunks) > 3
    assert all(c.text.endswith(".") for c in chunks)


def test_chunk_ids_are_stable_when_other_text_changes():
    a1 = Article("d", "T", "en", "", "First paragraph.\n\n## S\n\nSecond paragraph stays.\n")
    a2 = Article("d", "T", "en", "", "First paragraph, edited a lot.\n\n## S\n\nSecond paragraph stays.\n")
    assert chunk_article(a1)[-1].chunk_id == chunk_article(a2)[-1].chunk_id


def test_sentence_split_keeps_abbreviations():
    text = "Salaries vary, e.g. by company. The U.S. average was higher. Done!"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Salaries vary, e.g. by company.", "The U.S. average was higher.", "Done!"]


_words = st.text(alphabet=st.sampled_from("abcxyzőüÄ CIO.?!-\n#:"), min_size=0, max_size=400)


@settings(max_examples=200, deadline=None)
@given(_words, st.integers(min_value=10, max_value=60))
def test_offsets_property(text, max_words):
    art = Article("d", "T", "en", "", text)
    for c in chunk_article(art, ChunkSettings(max_words=max_words, min_words=5)):
        assert text[c.start:c.end] == c.text
