"""The word list: it tells a typo from a word the articles lack, and says what a typo meant."""
from __future__ import annotations

import pytest

from qa.words import WORDS_FILE, WordList, load_words, read_words, word_rows, write_words

TINY = WordList({"en": {"skills": 4.8, "merge": 3.9, "report": 5.0, "sale": 4.5},
                 "de": {"welche": 5.5, "aussen": 4.7, "angehende": 3.2, "ausbildung": 5.0},
                 "hu": {"kezel": 3.8, "végzettsége": 3.1, "fizetés": 4.2, "tanul": 4.0}})


def test_a_word_of_the_language_or_english_is_a_word_and_sharp_s_reads_as_ss():
    assert TINY.has("Welche", "de") and TINY.has("außen", "de")  # wordfreq spells ß as ss
    assert TINY.has("skills", "de")  # German questions borrow English words
    assert not TINY.has("welche", "hu") and not TINY.has("skilsl", "en")
    assert TINY.has("welche", None) and TINY.has("welche", "fr")  # no list for the language: any
    assert TINY.covers("de") and not TINY.covers("fr") and not TINY.covers(None)


def test_a_form_of_a_listed_word_is_a_word_too():
    assert TINY.has_stem("merges", "en") and TINY.has_stem("angehender", "de")  # same stem as a listed word
    assert TINY.has_stem("végzettség", "hu")  # "végzettsége" has the stem "végzettség"
    assert TINY.has_stem("kezeljem", "hu") and TINY.has_stem("tanuljak", "hu")  # a Hungarian word + endings
    assert not TINY.has_stem("salery", "hu")  # "sale" is English: no Hungarian word inside
    assert not TINY.has_stem("skilsl", "en") and not TINY.has_stem("kuden", "de")


def test_one_edit_finds_the_most_common_word_and_keeps_the_first_letter():
    assert TINY.one_edit("Welchhe", "de") == [(5.5, "welche")]  # a letter doubled
    assert TINY.one_edit("wleche", "de") == [(5.5, "welche")]  # the first two swapped
    assert TINY.one_edit("ausbildug", "de") == [(5.0, "ausbildung")]  # a letter dropped
    assert TINY.one_edit("fizeetés", "hu") == [(4.2, "fizetés")]
    assert TINY.one_edit("reprot", "de") == [(5.0, "report")]  # English in a German question
    assert TINY.one_edit("xkills", "en") == [] and TINY.one_edit("kills", "en") == []  # first letter
    assert TINY.one_edit("skils", "hu") == [(4.8, "skills")] and TINY.one_edit("skollz", "en") == []  # two edits


def test_the_list_is_read_back_as_written_and_a_bad_row_is_named(tmp_path):
    rows = word_rows({"en": {"skills": 6e-5, "it's": 1e-3, "2021": 1e-4, "board": 1e-4}, "hu": {"fizetés": 1.6e-5}})
    # Letters only; Zipf with one decimal; the stem when it is not the word.
    assert rows == [("en", "board", "5.0", ""), ("en", "skills", "4.8", "skill"), ("hu", "fizetés", "4.2", "")]
    path = tmp_path / "words.tsv"
    write_words(rows, path)
    words = read_words(path)
    assert words.has("Skills", "en") and words.has("fizetés", "hu") and len(words) == 3
    assert words.stems["en"] == {"board", "skill"} and words.has_stem("skill", "en")  # read, not stemmed again
    for bad in ("en\tskills\t4.8\n", "fr\tmot\t4.0\t\n", "en\tskills\thigh\tskill\n"):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError, match=r"words.tsv:1: expected 'lang<TAB>word<TAB>zipf<TAB>stem'.*en, de, hu"):
            read_words(path)


def test_the_packaged_stems_are_the_stemmer_s():
    """The file carries every word's stem so that no process stems 113,000 words at start-up; a new
    stemmer version must regenerate it (``python -m qa.words``)."""
    from qa.language import stem

    words = load_words()
    for lang in ("en", "de", "hu"):
        assert words.stems[lang] == {stem(w, lang) for w in words.zipf[lang]}, lang


def test_the_packaged_list_covers_the_three_languages():
    words = load_words()
    assert WORDS_FILE.exists() and all(words.covers(lang) for lang in ("en", "de", "hu"))
    assert words.has("salary", "en") and words.has("Gehalt", "de") and words.has("fizetés", "hu")
    assert not words.has("salery", "en") and not words.has("fizetes", "hu")


def test_a_missing_list_turns_the_list_off(monkeypatch, tmp_path, caplog):
    import qa.words as module

    monkeypatch.setattr(module, "WORDS_FILE", tmp_path / "missing.tsv")
    module.load_words.cache_clear()
    try:
        assert len(module.load_words()) == 0 and not module.load_words().covers("en")
        assert "missing" in caplog.text
    finally:
        module.load_words.cache_clear()


def test_a_word_longer_than_any_real_one_gets_no_list_guess(tiny_engine, monkeypatch):
    """The list's candidates are made letter by letter: a 1,000-letter word took 70 ms."""
    import qa.stages.expand as expand_module

    calls = []

    class Spy:
        def __getattr__(self, name):
            return getattr(load_words(), name)

        def one_edit(self, word, lang, **kw):
            calls.append(word)
            return load_words().one_edit(word, lang, **kw)

    monkeypatch.setattr(expand_module, "load_words", lambda: Spy())
    expand = tiny_engine.retrievers["bm25"].stages[0]
    assert expand.repair("ausbildug", lang="de") == "ausbildung" and calls == ["ausbildug"]
    assert expand.repair("qzx" * 100, lang="de") is None and calls == ["ausbildug"]
