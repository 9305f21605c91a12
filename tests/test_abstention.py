from __future__ import annotations

import json

import numpy as np
import pytest

from qa.logistic import LogisticModel, fit
from qa.stages.abstain import FEATURES, PARAMS_FILE, Abstainer


def test_fit_separates_in_scope_from_out_of_scope():
    rng = np.random.default_rng(0)
    names = ("a", "b", "c")
    inside = rng.normal([0.85, 0.8, 0.0], 0.02, size=(40, 3))
    outside = rng.normal([0.78, 0.1, 1.0], 0.02, size=(10, 3))
    model = fit(np.vstack([inside, outside]), np.array([1.0] * 40 + [0.0] * 10), names)
    assert (model.probability(inside) > 0.5).all()
    assert (model.probability(outside) < 0.5).all()


def test_shipped_calibration_loads_with_the_features_the_code_computes():
    d = json.loads(PARAMS_FILE.read_text(encoding="utf-8"))  # fails when the file is deleted
    assert d["features"] == list(FEATURES)  # fails when the names are reordered or stale
    ab = Abstainer.load()
    assert ab is not None and 0 < ab.threshold < 1
    with pytest.raises(ValueError, match="expected"):
        LogisticModel.from_json({**d, "features": list(reversed(d["features"]))}, FEATURES)


def test_features_of_a_question(tiny_engine):
    abstain = tiny_engine.retrievers["hybrid"].stage("abstain")
    x = abstain.features(tiny_engine.run("CTO salary 2021", k=3))
    assert x.shape == (len(FEATURES),)
    assert x[FEATURES.index("coverage")] == 1.0  # every term occurs in the corpus
    assert x[FEATURES.index("unknown_term")] == 0.0
    x = abstain.features(tiny_engine.run("What does a CFO earn at Microsoft", k=3))
    assert x[FEATURES.index("unknown_name")] == 1.0
    assert x[FEATURES.index("unknown_term")] == 2.0  # CFO and Microsoft


def test_key_terms_are_names_the_articles_lack_not_sentence_openers_or_inflected_nouns(tiny_engine):
    """A refusal says "the articles do not mention X": X must be a real name, not "Welche"."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    # Sentence openers and our stop words are no names, even capitalised mid-question.
    assert stage.key.terms("Our team is small. Which Squad fits Microsoft?", "en") == ["Squad", "Microsoft"]
    assert stage.key.terms("What does the CIO do? Which one of Them earns more", "en") == []
    # An inflected form of a word the articles have is known ("Operation", "Skill").
    assert stage.key.terms("Who runs the Operation and the Skill team at Siemens?", "en") == ["Siemens"]
    # German capitalises every noun, and the English articles cover "Gehalt" (salary) in other words:
    # a capitalised German word is no key term ("Wie hoch ist das Gehalt eines CIO?" was refused).
    assert stage.key.terms("Unser Team ist klein. Wie hoch ist das Gehalt bei Microsoft?", "de") == []
    assert stage.key.terms("Wie viel verdient der CISO in Indien mit 5 Euro?", "de") == ["Indien", "CISO", "5", "Euro"]
    # Numbers keep their separators; a short spelling of a role the articles name is that role.
    assert stage.key.terms("Does a CTO earn 1,000,000 dollars?", "en") == ["1,000,000"]
    # Acronyms, numbers and currencies stay exact: CFO and 2019 are not in the articles.
    assert stage.key.terms("Did the CFO earn $5 in 2019 or 2021?", "en") == ["CFO", "$", "5", "2019"]


def test_key_terms_include_spelled_out_roles_and_currencies_the_articles_lack(tiny_engine, monkeypatch):
    """'What does a chief data officer earn in euros?' is on topic but unanswered: the
    refusal must name the role and the currency, whatever their case or inflection."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    assert stage.key.terms("What does a chief data officer earn in euros?", "en") == ["chief data officer", "euros"]
    assert stage.key.terms("An wen berichtet ein Chief  AI Officer in Euro?", "de") == ["Chief AI Officer", "Euro"]
    assert stage.key.terms("Mennyi egy CTO átlagos fizetése forintban?", "hu") == ["forintban"]
    assert stage.key.terms("Do european CTOs earn more?", "en") == []  # "euro" starts it, but it is no currency
    assert stage.key.terms("Frank und frei: was macht ein CTO?", "de") == []  # a word, not the Swiss franc
    # A role whose acronym the articles use is known ("chief technical officer" is the CTO);
    # "chief among the officers" names no role.
    assert stage.key.terms("What does a chief technical officer do?", "en") == []
    assert stage.key.terms("Who is the chief among the officers?", "en") == []
    # A role the articles do name (any case, plural, alike words) is no key term; another role
    # with the same acronym is ("chief innovation officer" is no CIO when they spell "information").
    monkeypatch.setattr(stage.key, "roles", {"cio": {("information",)}})
    assert stage.key.terms("What do Chief Information Officers do?", "en") == []
    assert stage.key.terms("What does a chief innovation officer do?", "en") == ["chief innovation officer"]


def test_refusal_names_what_the_articles_do_not_mention(tiny_engine):
    from qa.stages.abstain import Abstain

    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    always = Abstainer(LogisticModel(FEATURES, (0.0,) * len(FEATURES), -5.0, (0.0,) * len(FEATURES),
                                     (1.0,) * len(FEATURES)), 0.5)
    assert isinstance(stage, Abstain)
    stage.abstainer, saved = always, stage.abstainer
    try:
        ans = tiny_engine.ask("How much does the CISO earn at Siemens?", k=2)
        assert ans.abstained and "CISO" in ans.reason and "Siemens" in ans.reason and "do not mention" in ans.reason
        assert ans.hits  # the closest passages are still returned
        ans = tiny_engine.ask("Wie viel verdient der CISO bei Siemens?", k=2)
        assert ans.abstained and "CISO" in ans.reason and "erwähnen" in ans.reason
        # A capitalised German word may be a common noun the English articles cover in other words:
        # it is not named ("Die Artikel erwähnen Datensicherheit nicht" was false), nor is a language.
        ans = tiny_engine.ask("Welche Rolle spielt der CTO bei der Datensicherheit?", k=2)
        assert ans.abstained and "Datensicherheit" not in ans.reason and "erwähnen" not in ans.reason
        ans = tiny_engine.ask("Whose breakdown does the German article cite?", k=2)
        assert ans.abstained and "German" not in ans.reason
    finally:
        stage.abstainer = saved


def test_a_question_in_another_language_is_refused_in_english_with_the_closest_passages(tiny_engine):
    ans = tiny_engine.ask("מה ההבדל בין CIO ל-CTO?", k=2)
    assert ans.abstained and ans.lang == "en"
    assert "Hebrew" in ans.reason and "English, German and Hungarian" in ans.reason
    assert ans.hits  # nothing hidden: the closest passages come with the refusal


def test_a_refusal_names_each_missing_term_once_and_briefly(tiny_engine):
    from qa.key_terms import MAX_TERM_CHARS, term_list as _term_list

    assert _term_list(["Euro", "euro", "EURO", "Siemens"]) == "Euro, Siemens"
    assert _term_list(["a", "b", "c", "d"]) == "a, b, c"
    long = "chief " + "x" * 500 + " officer"
    assert len(_term_list([long])) == MAX_TERM_CHARS and _term_list([long]).endswith("…")


def test_a_country_the_articles_name_under_another_name_is_known(tiny_engine, monkeypatch):
    """Found in the browser: 'How much does a CTO make in the USA?' was refused with 'the articles
    do not mention USA' while they give U.S. salaries. Any name of a country the articles name is
    known, in all three languages and inflected; other countries stay key terms."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    assert stage.key._places_in(["Salaries in the U.S. were high."]) == {0}
    monkeypatch.setattr(stage.key, "places", frozenset({0}))  # as if the articles said "U.S."
    for q, lang in (("How much does a CTO make in the USA?", "en"), ("What do CTOs earn in the United States?", "en"),
                    ("Wie viel verdient ein CTO in den USA?", "de"), ("Mennyit keres egy CTO az Egyesült Államokban?", "hu"),
                    ("Mennyit keres egy CTO Amerikában?", "hu")):
        assert stage.key.terms(q, lang) == [], q
    assert stage.key.terms("How much does a CTO earn in India or the United Kingdom?", "en") == ["India", "United Kingdom"]
    assert stage.key.terms("Can us CTOs work remotely?", "en") == []  # the pronoun is no country
    features = dict(zip(FEATURES, stage.features(tiny_engine.run("What does a CTO earn in the USA?"))))
    assert features["unknown_name"] == 0.0 and features["unknown_term"] == 0.0  # "USA" is no unknown acronym either
    monkeypatch.setattr(stage.key, "places", frozenset())
    assert stage.key.terms("Wie viel verdient ein CTO in den USA?", "de") == ["USA"]


def test_questions_out_of_the_articles_reach_are_refused_whatever_the_model_says(tiny_engine, monkeypatch):
    """'What is a CTO's salary in Japan?' was answered with the U.S. dollar figures (browser pass);
    an amount for a place, currency or year the articles lack, or another role alone, is refused."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    never = Abstainer(LogisticModel(FEATURES, (0.0,) * len(FEATURES), 5.0, (0.0,) * len(FEATURES),
                                    (1.0,) * len(FEATURES)), 0.5)  # the model alone would always answer
    monkeypatch.setattr(stage, "abstainer", never)
    monkeypatch.setattr(stage.key, "places", frozenset({0}))  # as if the articles said "U.S."
    assert stage.key.by_kind("What is a CTO's salary in Japan, in yen?", "en") == [("Japan", "place"), ("yen", "currency")]
    ans = tiny_engine.ask("What is a CTO's salary in Japan?", k=2)
    assert ans.abstained and "Japan" in ans.reason
    assert tiny_engine.ask("How much does a CTO earn in euros?", k=2).abstained
    assert not tiny_engine.ask("How much does a CTO earn in the USA?", k=2).abstained  # a covered place
    assert not tiny_engine.ask("What does a CTO do in Japan?", k=2).abstained  # no amount: the model decides
    # An amount for a year the articles do not cover; the figures they give are for 2021.
    assert tiny_engine.ask("What was the average CTO salary in 2010?", k=2).abstained
    assert not tiny_engine.ask("What was the average CTO salary in 2021?", k=2).abstained
    # Another role asked about without the CIO or the CTO.
    ans = tiny_engine.ask("What does a CISO do all day?", k=2)
    assert ans.abstained and "CISO" in ans.reason
    assert tiny_engine.ask("What does a chief data officer do?", k=2).abstained
    assert not tiny_engine.ask("How does the CISO work with the CIO?", k=2).abstained  # the model decides
