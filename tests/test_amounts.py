"""The unit an amount question asks for, and whether a sentence gives an amount of it."""
from __future__ import annotations

import pytest

from qa.amounts import asked_unit, gives_amount
from qa.key_terms import TOKEN_RE


def _words(text: str) -> list[str]:
    return [w.lower() for w in TOKEN_RE.findall(text)]


@pytest.mark.parametrize("question, lang, unit", [
    ("How much does a CTO earn?", "en", "money"),
    ("How many hours per week does a typical CTO work?", "en", "time"),
    ("What percentage of CTOs are women?", "en", "percent"),
    ("What percent of the salary is the bonus?", "en", "percent"),  # percent is checked before money
    ("How many CIOs are there worldwide?", "en", "count"),
    ("How much influence does a CIO have?", "en", None),
    ("Wie viel verdient ein CTO?", "de", "money"),
    ("Wie viele Stunden pro Woche arbeitet ein CIO?", "de", "time"),
    ("Wie viel Prozent ihres Umsatzes investieren Unternehmen in die IT?", "de", "percent"),
    ("Wie viele CIOs gibt es?", "de", "count"),
    ("Mennyit keres egy CTO?", "hu", "money"),
    ("Hány órát dolgozik egy CTO hetente?", "hu", "time"),
    ("Hány nap szabadság jár egy CTO-nak?", "hu", "time"),
    ("Hány százalékkal csökkennek a költségek?", "hu", "percent"),
    ("Hány CIO van a világon?", "hu", "count"),
])
def test_the_unit_a_question_asks_for(question, lang, unit):
    assert asked_unit(_words(question), lang) == unit


@pytest.mark.parametrize("text, money, percent, time, count, anything", [
    ("the average CTO salary was $206,961", True, False, False, False, True),
    ("Das Gehalt liegt bei 150.000 Euro im Jahr.", True, False, False, False, True),
    ("A CTO fizetése 60 millió forint.", True, False, False, False, True),
    ("Most CTOs work 50 hours a week.", False, False, True, False, True),
    ("Die 40-Stunden-Woche gilt nicht.", False, False, True, False, True),
    ("Heti 45 órát dolgozik.", False, False, True, False, True),
    ("Only 20% of CTOs are women.", False, True, False, False, True),
    ("Etwa 20 Prozent der Firmen haben beide.", False, True, False, False, True),
    ("A cégek 30 százaléka.", False, True, False, False, True),
    ("The CTO salary was higher in 2021.", False, False, False, False, True),  # a year is no count
    ("The CTO leads a team of 120 engineers.", False, False, False, True, True),
    ("The CTO leads the engineering team.", False, False, False, False, False),
])
def test_whether_a_sentence_gives_an_amount_of_each_unit(text, money, percent, time, count, anything):
    got = [gives_amount(text, unit) for unit in ("money", "percent", "time", "count", None)]
    assert got == [money, percent, time, count, anything]


def test_an_unknown_unit_is_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="'weight'.*money"):
        gives_amount("5 kg", "weight")
