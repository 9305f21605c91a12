"""The accent table: German and Hungarian words typed without accents get them back."""
from __future__ import annotations

import pytest

from qa.accents import ACCENTS_FILE, AccentTable, load_accents, read_accents, table_rows, write_accents
from qa.key_terms import fold as plain
from qa.stages.expand import fold, restores_accents


def test_a_row_puts_back_the_most_frequent_accented_word_and_marks_what_may_be_meant_as_typed():
    freqs = {"de": {"für": 1e-3, "fur": 1e-6, "schön": 1e-4, "schon": 1e-3, "über": 1e-3, "zählt": 2e-5, "zahlt": 1e-5},
             "hu": {"cégnél": 1e-5, "kérdés": 2e-5, "kérdes": 1e-8, "csinálják": 3e-6, "csináljak": 2e-6, "mérge": 1e-5}}
    rows = table_rows(freqs, fold, english={"merge": 1e-4})
    assert rows == [
        ("de", "fur", "für", "1"),  # "fur" is a (rare) German word: ambiguous, but für is 1,000x as frequent
        ("de", "schon", "schon", "1"),  # more frequent than "schön": kept as typed
        ("de", "uber", "über", "0"),
        ("de", "zahlt", "zahlt", "1"),  # "zählt" only twice as frequent (< 5x): kept as typed
        ("hu", "cegnel", "cégnél", "0"),
        ("hu", "csinaljak", "csinálják", "1"),  # "csináljak" is nearly as frequent: ambiguous
        ("hu", "kerdes", "kérdés", "0"),  # the misspelt "kérdes" is far rarer
        ("hu", "merge", "mérge", "1"),  # an English word in a Hungarian question
    ]


def test_the_table_is_read_back_as_written_and_a_bad_row_is_named(tmp_path):
    path = tmp_path / "accents.tsv"
    write_accents([("hu", "cegnel", "cégnél", "0"), ("hu", "akar", "akár", "1")], path)
    table = read_accents(path)
    assert table.restore("cegnel", "hu") == "cégnél" and table.restore("akar", "hu") == "akár"
    assert table.restore("cegnel", "hu", ambiguous_too=False) == "cégnél"
    assert table.restore("akar", "hu", ambiguous_too=False) is None  # "akar" is a word: "wants"
    assert table.restore("cegnel", "de") is None and table.restore("akar", None) is None and len(table) == 2
    path.write_text("hu\tcegnel\tcégnél\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"accents.tsv:1: expected 'lang<TAB>folded<TAB>word<TAB>0 or 1'.*de, hu"):
        read_accents(path)
    path.write_text("fr\tete\tété\t0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'fr"):
        read_accents(path)


def test_every_packaged_row_folds_to_its_key_and_only_puts_accents_back():
    """The table was written with ``fold``; if fold changes, the table must be written again
    (``python -m qa.accents``) or its keys stop matching what users type."""
    table = load_accents()
    assert len(table) > 30000
    for lang, words in table.words.items():
        for key, word in words.items():
            assert fold(word) == key, (lang, key, word)
            assert word == key or restores_accents(plain(word), word, lang), (lang, key, word)
    assert table.restore("cegnel", "hu") == "cégnél" and table.restore("fur", "de") == "für"
    assert table.restore("schon", "de") == "schon" and table.is_ambiguous("schon", "de")  # kept as typed
    assert table.restore("vezetek", "hu") == "vezeték" and table.restore("vezetek", "hu", ambiguous_too=False) is None
    assert table.restore("zahlt", "de") == "zahlt" and table.restore("hat", "hu") == "hat"  # "zählt"/"hát" < 5x
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


def _pieces_as_e5(tiny_engine, monkeypatch):
    """The fake e5 cannot count word pieces (every unknown word looks like a typo); these are the
    packaged model's counts."""
    counts = {"tanuljak": 2, "tanulnak": 2}
    for pipeline in tiny_engine.retrievers.values():
        if pipeline.stages and pipeline.stages[0].name == "expand":
            monkeypatch.setattr(pipeline.stages[0], "_pieces", lambda word: counts.get(word.lower()))


def test_names_and_words_typed_with_an_accent_are_left_as_typed(tiny_engine, monkeypatch):
    _pieces_as_e5(tiny_engine, monkeypatch)
    expand = tiny_engine.retrievers["bm25"].stages[0]
    assert expand.repair("cegnel", lang="hu") == "cégnél"
    assert expand.repair("Cegnel", name=True, lang="hu") is None  # a name gets accents only from the articles
    # Typed with an accent, the accent table is not read; yet "cégnel" is no Hungarian word, so it
    # is a typo, and the word list's word one edit away is what was meant (qa/words.py).
    assert expand.repair("cégnel", lang="hu", table=False) == "cégnél"
    assert expand.repair("tanuljak", lang="hu", table=False) is None  # a form of "tanul": a word
    assert expand.repair("schon", lang="de") is None and expand.repair("cegnel", lang="en") is None


def test_a_word_of_its_own_keeps_its_spelling_unless_the_question_lacks_accents_elsewhere(tiny_engine, monkeypatch):
    """Found on the question set: "… egy hatfős fejlesztőcsapatot vezetek" ("I lead") was read as
    "vezeték" (a wire), and the suffix of "CIO-ra" as "rá"; by a hostile review: correct German
    without umlauts ("Wer zahlt das Gehalt?" read as "zählt", "eine hohe Verantwortung" as "Höhe")."""
    _pieces_as_e5(tiny_engine, monkeypatch)

    def repaired(question: str) -> list:
        return tiny_engine.run(question, k=1).signals.get("repaired", [])

    assert ("vezetek", "vezeték") not in repaired("Most egy hatfős csapatot vezetek, CIO legyek?")
    assert ("vezetek", "vezeték") not in repaired("most egy csapatot vezetek, cio legyek?")  # no evidence
    # No accent anywhere, and "cegnel" (no word of its own) lost its: the keyboard lacks them.
    assert ("vezetek", "vezeték") in repaired("most egy csapatot vezetek a cegnel, cio legyek?")
    assert ("cegnel", "cégnél") in repaired("ki a fonok a cegnel?")  # no word of its own: put back anyway
    # Typed with accents: a word without them is meant so; the list is not read (the articles' words still are).
    assert repaired("Mit tanuljak, ha CTO szeretnék lenni?") == [] and repaired("Ki a főnök a cegnel?") == []
    assert ("ra", "rá") not in repaired("melyik illik inkabb a cegnel a CIO-ra")
    assert ("inkabb", "inkább") in repaired("melyik illik inkabb a cegnel a CIO-ra")
    assert repaired("Wer zahlt das Gehalt des CIO?") == []
    assert repaired("Hat der CTO eine hohe Verantwortung?") == []
    assert repaired("Wie viel zahlt die Straßenbahn dem CIO?") == []  # ß: typed with accents
    assert ("fur", "für") in repaired("wer ist fur die einkaufer zustandig?")  # "zustandig" is the evidence
    assert ("fur", "für") not in repaired("Wer ist fur das Budget verantwortlich?")


def test_web_and_mail_addresses_stay_as_typed(tiny_engine):
    """Found by a hostile review: "https://www.zurich.de/uber-uns" was embedded as "zürich.de/über-uns"."""
    def repaired(question: str) -> list:
        return tiny_engine.run(question, k=1).signals.get("repaired", [])

    words = [w for w, _ in repaired("was steht auf https://www.zurich.de/uber-uns zum cio, wer ist zustandig?")]
    assert "zustandig" in words and "zurich" not in words and "uber" not in words
    words = [w for w, _ in repaired("irjon a peter.kovacs@ceg.hu cimre a cegnel")]
    assert "cegnel" in words and "kovacs" not in words and "ceg" not in words


def test_a_missing_table_only_turns_the_table_off(monkeypatch, tmp_path):
    import qa.accents as accents

    monkeypatch.setattr(accents, "ACCENTS_FILE", tmp_path / "gone.tsv")
    accents.load_accents.cache_clear()
    try:
        assert len(accents.load_accents()) == 0 and isinstance(accents.load_accents(), AccentTable)
    finally:
        accents.load_accents.cache_clear()


def test_a_listed_word_beats_a_guess_one_edit_away_and_is_no_typo(tiny_engine):
    """Found by a hostile review: "iranyitja" was guessed as the articles' "irányítsa" (one edit
    away) though the word list has "irányítja", and the correctly typed "technológiák" became
    "technológiai". Here the tiny articles have "vállalat"."""
    expand = tiny_engine.retrievers["bm25"].stages[0]
    assert expand.repair("vallalati", lang="hu") == "vállalati"  # was "vállalat", one edit away
    assert expand.repair("vallalati", lang="hu", table=False) == "vállalat"  # typed with accents elsewhere
    assert expand.repair("vállalati", lang="hu") is None  # a word of the language: no typo
    assert expand.repair("felelose", lang="hu") == "felelőse"
