"""The README's effectiveness figures, pinned (as pyserini pins MRR@10): a change that moves
them fails here until `docs/bench/figures.json` and the README are updated together.

Regenerate: python -m qa bench --split test --retrievers hybrid --no-build --pin docs/bench/figures.json
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PINNED = ROOT / "docs" / "bench" / "figures.json"
TOLERANCE = 0.011  # one question of ~100 either way: thread counts or library versions may flip a near tie

MAY_MOVE = 2  # near ties that another CPU's float order may flip; a real change moves far more

pytestmark = pytest.mark.slow


def test_test_split_figures_match_the_pinned_ones():
    from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions
    from qa.bench.run import evaluate, headline, rankings
    from qa.retrieval import Engine

    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    questions = split_questions(load_questions(DEFAULT_QUESTIONS), pinned["split"])
    run = evaluate(engine, questions, [pinned["retriever"]], k=10)[pinned["retriever"]]
    got = headline(run["summary"])
    # Same answers as pinned: the top-5 passages, the lead sentence and the refusal of every
    # question. A refactor must not move them; a deliberate change re-pins (command above).
    moved = {qid: (want, have) for qid, have in rankings(run["questions"]).items()
             if (want := pinned["rankings"].get(qid)) != have}
    assert set(pinned["rankings"]) == {q.id for q in questions}
    assert len(moved) <= MAY_MOVE, (
        f"{len(moved)} questions changed: {sorted(moved)}; first (pinned, now): {next(iter(moved.values()))}")
    for key in ("answer@1", "answer@3", "recall@5", "mrr@10", "in_scope_refused", "near_domain_refused",
                "out_of_scope_refused"):
        assert got[key] == pytest.approx(pinned[key], abs=TOLERANCE), key
    for group, figs in pinned["groups"].items():
        for key, value in figs.items():
            assert got["groups"][group][key] == pytest.approx(value, abs=0.101), (group, key)


def test_readme_quotes_the_pinned_figures():
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in ("answer@1", "answer@3", "recall@5", "mrr@10"):
        assert f"{pinned[key]:.3f}" in readme, key


def test_answers_that_need_their_heading_to_be_read_alone_carry_it():
    """On the shipped articles: a list item and a pronoun sentence under a one-role heading carry
    that heading; a pronoun under a heading about both roles does not (it would mislead)."""
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    context = dict(zip(engine.retrievers["hybrid"].stage("select")._texts,
                       engine.retrievers["hybrid"].stage("select")._context))
    assert context["Leitet die Engineering Group des Unternehmens"] == "Chief Technology Officer"
    face = next(t for t in context if t.startswith("They are the face of the IT department"))
    assert context[face] == "What does a CIO do?"
    both = next(t for t in context if t.startswith("They focus on improving internal processes"))
    assert context[both] == ""
    lead = engine.ask("Wer leitet die Engineering Group des Unternehmens?").sentences[0]
    assert lead.lead_in + lead.text == "Chief Technology Officer: Leitet die Engineering Group des Unternehmens"


def test_a_sentence_setting_both_roles_side_by_side_answers_for_either():
    """'Mennyi a CTO fizetése?' was answered 'A CTO felelős a technológia …': the salary sentence
    names the CIO first ('… a CIO … was $169,132, while the average CTO salary was $206,961') and
    counted as being about the CIO. A sentence that sets the two against each other is about both."""
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    for question in ("Mennyi a CTO fizetése?", "How much does a CTO earn?"):
        answer = engine.ask(question)
        assert not answer.abstained and "$206,961" in answer.sentences[0].text, question
    # The German question gets the same lead sentence. Refused at the threshold of 0.43 (its confidence
    # 0.40); since the refits on the enlarged dev (threshold 0.35) it is answered (0.46).
    assert "$206,961" in engine.ask("Wie viel verdient ein CTO?").sentences[0].text
    # Asked about the CIO as the object, the answer is a sentence saying the CTO reports to the CIO ("In the
    # IT hierarchy, the CTO typically reports to the owner or CIO", or since the query adapter "… whereas
    # CTOs work with cross-functional groups … and typically report to the CIO").
    import re

    lead = engine.ask("Who reports to the CIO?").sentences[0].text
    assert re.search(r"\bCTOs?\b.*\breports? to the (owner or )?CIO\b", lead), lead


def test_real_words_are_not_guessed_into_other_words_but_typos_still_are():
    """The term repair turned words the articles lack into ones they have: "board" -> "broad",
    "Where" -> "there", "bosses" -> "összes" (Hungarian, in an English question), "Welche" ->
    "welchen", "keres" -> "keresi", "earns" -> "years", "Tanzen" -> "ganzen", and accents taken away
    ("Ön" -> "on", German "du" -> English "due"). A word of one or two e5 vocabulary pieces, a stop
    word, or a stem the articles have is left alone; a guess is a word of the question's language
    or English."""
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")

    def repaired(question: str) -> list:
        return engine.run(question, k=3).signals.get("repaired", [])

    for question in ("Whom should I bring on board?", "Where do technology solutions come from?",
                     "What schooling do these bosses need?", "Which of the two earns more money?",
                     "Welche Aufgaben hat der CIO?", "Mennyit keres egy CTO?",
                     "Was muss ich über das Tanzen wissen?", "What happens when a CIO is fired?",
                     "Kannst du mir sagen, was ein CIO macht?", "Ön szerint mit csinál a CTO?",
                     # two edits apart ("employment"); a first letter changed ("partner")
                     "Who is responsible for software deployment?", "Wie viel verdient ein Gärtner?"):
        assert repaired(question) == [], question
    assert repaired("whats the diffrence between cio and cto") == [("diffrence", "difference")]
    assert repaired("What does the CIO's infrastucture include?") == [("infrastucture", "infrastructure")]
    assert repaired("mi a kulonbseg a cio es a cto kozott") == [("kulonbseg", "különbség"), ("kozott", "között")]


def test_typos_the_e5_pieces_missed_are_repaired_and_forms_of_words_are_not():
    """Typos of two e5 pieces went unrepaired ("skilsl", "kuden"), and a word the articles lack
    ("Welchhe" -> "welche") had no guess: on dev questions retyped with errors
    (docs/experiments/typo_noise.py) they were most of what typing errors cost. The word list
    (qa/words.py) tells a typo from a word, forms of listed words included."""
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")

    def repaired(question: str) -> list:
        return engine.run(question, k=3).signals.get("repaired", [])

    assert repaired("what skilsl are essential for a CIO?") == [("skilsl", "skills")]
    assert repaired("auf welche kuden konzentriert sich der CIO") == [("kuden", "kunden")]
    assert repaired("Ki irányítja az informatkiai osztályt") == [("informatkiai", "informatikai")]
    assert ("Welchhe", "welche") in repaired("Welchhe Strategien entwickelt der CTO?")
    for question in ("Who merges technology and production?", "Milyen végzettség ajánlott egy CTO számára?",
                     "Wer teilt die IT-Neuigkeiten der Firma nach außen?", "Who builds the dashboards?",
                     "Hogyan kezeljem CIO-ként a generációs különbségeket a csapatban?",
                     "Sollte ich als angehender CIO an meiner Marke arbeiten?",
                     # Found by a hostile review of the first version: a rare word cut like its
                     # neighbour ("megsérül", "gets injured"), names and misspelt places, which then
                     # lost their refusal (US salaries for "Gremany").
                     "Megtérül-e egy drága informatikai beruházás?", "What are the main duties of CIO Schmitt?",
                     "What is the average CIO salary in Gremany?", "Mi a CIO feladata a Eurovíziót közvetítő tévénél?"):
        assert repaired(question) == [], question
    # A typo of three pieces is a typo even when its stem is a word's ("felelős" + "ége").
    assert repaired("Mi a CIO felelősége?") == [("felelősége", "felelőssége")]
    assert engine.ask("What is the average CIO salary in Gremany?").abstained
    assert engine.ask("What are the main duties of CIO Schmitt?").abstained


def test_questions_about_other_occupations_are_refused_naming_them():
    """"How do I become a nurse?" got the steps to become a CIO (confidence 0.65), "What skills does a
    lawyer need?" the CTO's skills (0.85). Asked alone, another occupation is refused by name; beside
    the CIO or CTO it is the asker's context and left to the model ("Ich bin Lehrer und möchte CIO
    werden" was refused for naming "Lehrer"). Questions about the articles' own roles stay answered."""
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    for question, term in (("How do I become a doctor?", "doctor"), ("What skills does a lawyer need?", "lawyer"),
                           ("How much does a teacher earn?", "teacher"), ("Was verdient ein Zahnarzt?", "Zahnarzt"),
                           ("Mennyit keres egy ápoló?", "ápoló")):
        answer = engine.ask(question)
        assert answer.abstained and term in answer.reason, (question, answer.reason, answer.confidence)
    for question in ("What skills does a CIO need?", "Do CIOs need a doctorate?", "How much does a CTO earn?",
                     "How much does a CIO make per year in USD?",  # "USD" was refused as unknown: the "$" amounts
                     "Ich bin Lehrer und möchte CIO werden. Welche Ausbildung brauche ich?"):
        assert not engine.ask(question).abstained, question


def test_questions_about_company_roles_the_articles_lack_are_refused_naming_them():
    """"Welche Aufgaben hat ein Datenschutzbeauftragter im Unternehmen?" got the CIO's duties in bold,
    "Milyen szerepe van a pénzügyi igazgatónak …?" a sentence on the CIO: company roles spelled in
    words were no key terms. Asked about alone they are refused by name, in every language; beside
    the CIO or CTO, or as the asker's context, the question stays answered."""
    from qa.retrieval import Engine
    from qa.stages.abstain import hard_refusal

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    for question, term in (("Welche Aufgaben hat ein Datenschutzbeauftragter im Unternehmen?", "Datenschutzbeauftragter"),
                           ("Milyen szerepe van a pénzügyi igazgatónak az informatikai beruházások jóváhagyásában?",
                            "pénzügyi igazgatónak"),
                           ("What does a product manager do?", "product manager"),
                           ("Was verdient ein Vertriebsleiter?", "Vertriebsleiter")):
        answer = engine.ask(question)
        assert answer.abstained and term in answer.reason, (question, answer.reason, answer.confidence)
    for question in ("What does the CEO expect from the CIO?", "Berichtet der CIO an den Geschäftsführer?",
                     "Does the CIO report to the finance director or the CEO?",
                     "Projektvezető vagyok, hogyan lehetek CTO?"):
        assert not engine.ask(question).abstained, question
    # Names, numbers and years in a sentence that asks nothing are the asker's context in a question
    # about the CIO or CTO (a browser pass: "In 2023 we hired our first CIO. ..." was refused for "2023"):
    # no key term, no hard refusal, no reason naming them. Whether the model answers is the calibration's
    # matter: both were answered until the fifteenth session's knn_syn signal, which puts them at 0.42 and
    # 0.41 against a threshold of 0.44 (README, "Wrong answers a user meets early").
    for question, context in (("We are a 25-person accounting firm in Graz. Do we need a full-time CIO?", "Graz"),
                              ("In 2023 we hired our first CIO. What does a CIO do?", "2023")):
        state = engine.run(question, k=3)
        assert context not in state.signals.get("unknown_terms", []) and not hard_refusal(state), question
        answer = engine.ask(question)
        assert context not in answer.reason, (question, answer.reason, answer.confidence)


def test_a_role_named_once_is_refused_when_asked_about_alone_and_answered_beside_ours():
    """"What is the CEO's role?" got the CIO's role in bold (README, wrong answers met early): the
    articles name the CEO once. Now it is refused saying so, in every language; the question the
    articles do answer about the CEO stays answered, with their sentence."""
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    for question, term in (("What is the CEO's role?", "CEO"), ("Was macht ein Geschäftsführer?", "Geschäftsführer"),
                           ("Mit csinál a vezérigazgató?", "vezérigazgató")):
        answer = engine.ask(question)
        assert answer.abstained and term in answer.reason and answer.hits, (question, answer.reason)
    answer = engine.ask("Does the CIO report to the CEO?")
    assert not answer.abstained and "reporting directly to the CEO" in answer.sentences[0].text
    assert not engine.ask("Mit csinál az információs vezérigazgató?").abstained  # the article's name for the CIO


def test_questions_about_terms_of_employment_the_articles_never_discuss_are_refused_naming_them():
    """"Can a CIO work fully remote?" and its German and Hungarian twins got the roles' duties in
    bold: the articles never discuss remote work, leave or working time. Now each is refused naming
    the topic; the roles' own questions stay answered."""
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    for question, term in (("Can a CIO work fully remote?", "fully remote"),
                           ("Darf ein CTO im Homeoffice arbeiten?", "Homeoffice"),
                           ("Dolgozhat-e egy CIO távmunkában?", "távmunkában"),
                           ("How many vacation days does a CTO get?", "vacation"),
                           ("Wie viel Urlaub hat ein CIO?", "Urlaub")):
        answer = engine.ask(question)
        assert answer.abstained and term in answer.reason and answer.hits, (question, answer.reason)
    for question in ("What does a CTO do?", "How much does a CIO earn?", "Milyen készségek kellenek egy CTO-nak?"):
        assert not engine.ask(question).abstained, question


def test_a_term_the_articles_only_mention_is_answered_as_unsure():
    """"What is cloud computing?" got "... and cloud computing have also contributed to the expected
    increase in job openings" in bold at confidence 0.79; now it carries the unsure note. The
    articles' own roles and values stay plain answers."""
    from qa.retrieval import Engine

    engine = Engine.load(ROOT / "corpus", ROOT / "index")
    for question in ("What is cloud computing?", "What is DevOps?", "Mi az a felhő alapú számítástechnika?"):
        answer = engine.ask(question)
        assert answer.abstained or answer.unsure, (question, answer.sentences[0].text)
    for question in ("What is a CTO?", "What is the salary?", "What is an outsourced CIO?"):
        answer = engine.ask(question)
        assert not answer.abstained and not answer.unsure, question
