"""The unit an amount question asks for, and whether a sentence gives an amount of it."""
from __future__ import annotations

import pytest

from qa.amounts import UNITS, asked_unit, gives_amount
from qa.key_terms import TOKEN_RE


def _words(text: str) -> list[str]:
    return [w.lower() for w in TOKEN_RE.findall(text)]


@pytest.mark.parametrize("question, lang, unit", [
    ("How much does a CTO earn?", "en", "money"),
    ("How many hours per week does a typical CTO work?", "en", "hours"),
    ("How many years of experience does a CIO need?", "en", "years"),
    ("What percentage of CTOs are women?", "en", "percent"),
    ("What percent of the salary is the bonus?", "en", "percent"),  # percent is checked before money
    ("How many CIOs are there worldwide?", "en", "count"),
    ("How much influence does a CIO have?", "en", None),
    ("How much does a CIO make per year in USD?", "en", "money"),  # "per year" is a rate, USD the unit
    ("How much does a CIO make a year?", "en", None),
    ("How many days a year does a CTO travel?", "en", "days"),
    ("Wie viel verdient ein CTO pro Jahr?", "de", "money"),
    ("Mennyi egy CTO éves fizetése?", "hu", "money"),
    ("Hány órát dolgozik egy CTO naponta?", "hu", "hours"),
    ("Hány évente cserélnek CIO-t?", "hu", "count"),  # "évente" is a rate: how many (times), every few years
    ("Wie viel verdient ein CTO?", "de", "money"),
    ("Wie viele Stunden pro Woche arbeitet ein CIO?", "de", "hours"),
    ("Wie viel Prozent ihres Umsatzes investieren Unternehmen in die IT?", "de", "percent"),
    ("Wie viele CIOs gibt es?", "de", "count"),
    ("Mennyit keres egy CTO?", "hu", "money"),
    ("Hány órát dolgozik egy CTO hetente?", "hu", "hours"),
    ("Hány nap szabadság jár egy CTO-nak?", "hu", "days"),
    ("Hány százalékkal csökkennek a költségek?", "hu", "percent"),
    ("Hány CIO van a világon?", "hu", "count"),
    # found in review: a rate or a compound is no unit, and the word counted decides
    ("How much does a CTO make monthly?", "en", None),  # "monthly" is a rate: any figure (the salary) answers
    ("How many days of paid leave does a CTO get?", "en", "days"),  # not money, though "paid" is a money word
    ("How much is a salary of a CTO?", "en", "money"),  # "a" makes a rate of time words only
    ("Wie viele Tage bezahlten Urlaub bekommt ein CTO?", "de", "days"),
    ("Wie hoch ist das Monatsgehalt eines CTO?", "de", "money"),
    ("Wie hoch ist der Stundenlohn eines CTO?", "de", "money"),
    ("Wie viele Arbeitsstunden hat ein CIO pro Woche?", "de", "hours"),
    ("Mennyien dolgoznak egy CTO alatt?", "hu", "count"),
])
def test_the_unit_a_question_asks_for(question, lang, unit):
    assert asked_unit(_words(question), lang) == unit


@pytest.mark.parametrize("text, units", [
    ("the average CTO salary was $206,961", {"money"}),
    ("Das Gehalt liegt bei 150.000 Euro im Jahr.", {"money"}),
    ("A CTO fizetése 60 millió forint.", {"money"}),
    ("Most CTOs work 50 hours a week.", {"hours"}),
    ("Die 40-Stunden-Woche gilt nicht.", {"hours"}),
    ("Heti 45 órát dolgozik.", {"hours"}),
    ("It may take five to 15 years to attain a top IT position.", {"years"}),
    ("Évente 25 nap szabadság jár.", {"days"}),
    ("Only 20% of CTOs are women.", {"percent"}),
    ("Etwa 20 Prozent der Firmen haben beide.", {"percent"}),
    ("A cégek 30 százaléka.", {"percent"}),
    ("The CTO salary was higher in 2021.", set()),  # a year is no count
    ("The CTO leads a team of 120 engineers.", {"count"}),
    ("The CTO leads the engineering team.", None),  # no number at all
    ("Companies have one of three types of IT people.", {"count"}),  # a number in words
    ("It takes 15+ years.", {"years"}),
    ("Pay starts at USD 150,000, or EUR 140.000.", {"money"}),
    ("A bonus of ¥20,000,000 was paid.", {"money"}),
    ("Das Gehalt liegt bei 150 Tsd. Euro.", {"money"}),
    # A time in words: "How many years of experience does a CIO need?" is answered by it (it was
    # refused as "no sentence names a number of years").
    ("The CIO role requires at least five years in a leadership role.", {"years"}),
    ("Dafür braucht man mindestens fünf Jahre Führungserfahrung.", {"years"}),
    ("Legalább öt év vezetői tapasztalat kell.", {"years"}),
    ("Five strategies help a CIO.", {"count"}),  # a number word before no unit stays a count
    # Unit words are whole words: "European" is no euro, "weekly" and "weekends" no weeks (a review found
    # these once numbers in words were read).
    ("CIOs of three European banks were surveyed.", {"count"}),
    ("Drei europäische Banken wurden befragt.", {"count"}),
    ("Két európai bankot kérdeztek meg.", {"count"}),
    ("CTOs hold two weekly meetings.", {"count"}),
    ("The fee is 5,000 euros, or 100 eurót.", {"money"}),
])
def test_which_units_a_sentence_gives_an_amount_in(text, units):
    got = {unit for unit in UNITS if gives_amount(text, unit)}
    assert got == (units or set())
    assert gives_amount(text, None) == (units is not None)  # "how much", no unit: any number


def test_an_unknown_unit_is_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="'weight'.*money"):
        gives_amount("5 kg", "weight")


@pytest.mark.parametrize("question, lang, extent", [
    # found by an edge probe: refused as "no sentence gives this figure"
    ("How much technical knowledge does a CIO need?", "en", True),
    ("Wie viel Einfluss hat der CIO auf die IT-Strategie?", "de", True),
    ("Mennyi köze van a CTO-nak az ügyfelekhez?", "hu", True),
    ("Mennyi végzettség kell egy CTO-hoz?", "hu", True),
    # a figure
    ("How much does a CTO earn?", "en", False),
    ("How much money does a CIO make?", "en", False),
    ("How much more does a CTO earn than a CIO?", "en", False),
    ("How many hours does a CTO work?", "en", False),  # "how many" is always a figure
    ("Wie viel verdient ein CTO?", "de", False),  # a verb after the cue
    ("Wie viel Prozent der Firmen haben einen CIO?", "de", False),  # a unit
    ("Wie viel Geld bekommt ein CIO?", "de", False),
    ("Mennyi egy CTO fizetése?", "hu", False),
    ("Mennyi ideig tart CIO-vá válni?", "hu", False),
    ("Mennyit keres egy CTO?", "hu", False),  # "mennyit" asks for the figure whatever follows
    ("What is a CTO's salary?", "en", False),  # no cue at all
])
def test_how_much_asks_for_a_figure_or_an_extent_by_the_word_after_it(question, lang, extent):
    from qa.amounts import asks_extent
    from qa.key_terms import TOKEN_RE

    assert asks_extent(TOKEN_RE.findall(question), lang) is extent
