"""The accent table: German and Hungarian words typed without accents get them back."""
from __future__ import annotations

import pytest

from qa.accents import ACCENTS_FILE, AccentTable, load_accents, read_accents, table_rows, write_accents
from qa.key_terms import fold as plain
from qa.stages.expand import fold, restores_accents


def test_a_word_gets_its_accents_back_only_where_the_accented_word_is_more_frequent():
    freqs = {"de": {"für": 1e-3, "fur": 1e-6, "schön": 1e-4, "schon": 1e-3, "über": 1e-3},
             "hu": {"cégnél": 1e-5, "kérdés": 2e-5, "kérdes": 1e-8}}
    rows = table_rows(freqs, fold)
    # "schon" stays: it is a word more frequent than "schön"; "kérdés" beats the misspelt "kérdes";
    # "fur" is a (rare) word of its own, so it is marked.
    assert rows == [("de", "fur", "für", "1"), ("de", "uber", "über", ""),
                    ("hu", "cegnel", "cégnél", ""), ("hu", "kerdes", "kérdés", "")]


def test_the_table_is_read_back_as_written_and_a_bad_row_is_named(tmp_path):
    path = tmp_path / "accents.tsv"
    write_accents([("hu", "cegnel", "cégnél", ""), ("hu", "akar", "akár", "1")], path)
    table = read_accents(path)
    assert table.restore("cegnel", "hu") == "cégnél" and table.restore("akar", "hu") == "akár"
    assert table.restore("cegnel", "hu", ambiguous_too=False) == "cégnél"
    assert table.restore("akar", "hu", ambiguous_too=False) is None  # "akar" is a word: "wants"
    assert table.restore("cegnel", "de") is None and table.restore("akar", None) is None and len(table) == 2
    path.write_text("hu\tcegnel\tcégnél\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"accents.tsv:1: expected 'lang<TAB>folded<TAB>word<TAB>1.*de, hu"):
        read_accents(path)
    path.write_text("fr\tete\tété\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'fr"):
        read_accents(path)


def test_every_packaged_row_folds_to_its_key_and_only_puts_accents_back():
    """The table was written with ``fold``; if fold changes, the table must be written again
    (``python -m qa.accents``) or its keys stop matching what users type."""
    table = load_accents()
    assert len(table) > 30000
    for lang, words in table.words.items():
        for key, word in words.items():
            assert fold(word) == key and restores_accents(plain(word), word, lang), (lang, key, word)
    assert table.restore("cegnel", "hu") == "cégnél" and table.restore("fur", "de") == "für"
    assert table.restore("schon", "de") is None  # a word of its own, and the more frequent one
    assert table.restore("vezetek", "hu") == "vezeték" and table.restore("vezetek", "hu", ambiguous_too=False) is None
    assert ACCENTS_FILE.read_text(encoding="utf-8").startswith("# Accents to put back")


def test_words_the_articles_lack_get_their_accents_back_for_the_models(tiny_engine, monkeypatch):
    """A Hungarian typed on a phone without accents: "cegnel" is not in the articles, so only the
    language's word list can put "cégnél" back; e5 reads the question with it."""
    e5 = tiny_engine.embedders["e5"]
    embedded: list[str] = []
    real = e5.embed_queries
    monkeypatch.setattr(e5, "embed_queries", lambda texts: embedded.extend(texts) or real(texts))
    state = tiny_engine.run("ki felelos a cegnel az ugyfelekert", k=1)
    assert ("cegnel", "cégnél") in state.signals["repaired"]
    assert embedded == [state.embed_text] and "cégnél" in embedded[0] and "felelős" in embedded[0]
    embedded.clear()
    tiny_engine.run("Wer ist fur die Kaeufer zustandig?", k=1)  # German, umlauts typed as u and ae
    assert "für" in embedded[0] and "zuständig" in embedded[0]
    embedded.clear()
    tiny_engine.run("Who is in charge at the cegnel office?", k=1)  # an English question: no table
    assert embedded == ["Who is in charge at the cegnel office?"]


def test_names_and_words_typed_with_an_accent_are_left_as_typed(tiny_engine):
    expand = tiny_engine.retrievers["bm25"].stages[0]
    assert expand.repair("cegnel", lang="hu") == "cégnél"
    assert expand.repair("Cegnel", name=True, lang="hu") is None  # a name gets accents only from the articles
    assert expand.repair("cégnel", lang="hu") is None  # typed with an accent: the typist chose
    assert expand.repair("schon", lang="de") is None and expand.repair("cegnel", lang="en") is None


def test_a_word_of_its_own_keeps_its_spelling_in_a_question_typed_with_accents(tiny_engine):
    """Found on the question set: "… egy hatfős fejlesztőcsapatot vezetek" ("I lead") was read as
    "vezeték" (a wire), and the suffix of "CIO-ra" as "rá"."""
    def repaired(question: str) -> list:
        return tiny_engine.run(question, k=1).signals.get("repaired", [])

    assert ("vezetek", "vezeték") not in repaired("Most egy hatfős csapatot vezetek, CIO legyek?")
    assert ("vezetek", "vezeték") in repaired("most egy hatfos csapatot vezetek, cio legyek?")  # no accent anywhere
    assert ("cegnel", "cégnél") in repaired("Ki a főnök a cegnel?")  # no word of its own: put back anyway
    assert ("ra", "rá") not in repaired("melyik illik inkabb a CIO-ra")
    assert ("inkabb", "inkább") in repaired("melyik illik inkabb a CIO-ra")


def test_a_missing_table_only_turns_the_table_off(monkeypatch, tmp_path):
    import qa.accents as accents

    monkeypatch.setattr(accents, "ACCENTS_FILE", tmp_path / "gone.tsv")
    accents.load_accents.cache_clear()
    try:
        assert len(accents.load_accents()) == 0 and isinstance(accents.load_accents(), AccentTable)
    finally:
        accents.load_accents.cache_clear()
