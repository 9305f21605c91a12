from __future__ import annotations

import pytest

from qa.language import analyze, detect_language


@pytest.mark.parametrize("text,lang", [
    ("What does a CIO do?", "en"),
    ("How much does a CTO earn?", "en"),
    ("Was macht ein CTO?", "de"),
    ("Wer leitet die Engineering Group?", "de"),
    ("Welche Aufgaben hat ein CIO im Unternehmen?", "de"),
    ("Mi a CIO feladata?", "hu"),
    ("Ki felel a mérnöki osztályért?", "hu"),
    ("Hány lakosa van Budapestnek?", "hu"),
])
def test_detects_question_language(text, lang):
    assert detect_language(text) == lang


def test_no_letters_falls_back_to_default():
    assert detect_language("😀 ??? 123", default="de") == "de"


def test_stemming_per_language():
    assert analyze("managing managed manages", "en") == ["manag", "manag", "manag"]
    assert analyze("Unternehmens Unternehmen", "de") == ["unternehm", "unternehm"]
    assert analyze("osztályának osztály", "hu") == ["osztály", "osztály"]


def test_names_and_numbers_are_kept_and_stop_words_dropped():
    assert analyze("The CIOs and the CTO earned $169,132 in 2021", "en") == ["cio", "cto", "earn", "169", "132", "2021"]


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="valid choices: en, de, hu"):
        analyze("x", "fr")
