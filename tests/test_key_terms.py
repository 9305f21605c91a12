"""What a question names that the articles lack (``qa.key_terms``), on the tiny corpus's
abstention stage: names, numbers, currencies, roles and countries, by kind."""
from __future__ import annotations

import pytest

from qa.stages.abstain import FEATURES


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
    # ... but a capital inside a word is a brand's or company's spelling, German included, and
    # anywhere in the sentence; one the articles have ("CIO", the tiny corpus's) stays known.
    assert stage.key.terms("Verlangt die BaFin das? Was macht ein CTO bei eBay oder einer GmbH?", "de") \
        == ["BaFin", "eBay", "GmbH"]
    assert stage.key.terms("ServiceNow oder Jira: was nutzt der CIO?", "de") == ["ServiceNow"]
    assert stage.key.terms("Wie viel verdient der CISO in Indien mit 5 Euro?", "de") == ["Indien", "CISO", "5", "Euro"]
    # Numbers keep their separators; a short spelling of a role the articles name is that role.
    assert stage.key.terms("Does a CTO earn 1,000,000 dollars?", "en") == ["1,000,000", "dollars"]  # no $ here
    # Acronyms, numbers and currencies stay exact: CFO and 2019 are not in the articles.
    assert stage.key.terms("Did the CFO earn $5 in 2019 or 2021?", "en") == ["CFO", "$", "5", "2019"]


def test_a_country_typed_in_lower_case_is_a_place(tiny_engine):
    """'cto salery in canada?' was answered with the U.S. salaries: a country's own name counts in
    lower case too, and an inflected or derived form when nothing in the question is capitalised."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    assert stage.key.by_kind("cto salery in canada?", "en") == [("canada", "place")]
    assert stage.key.by_kind("was verdient ein cio in der schweiz", "de") == [("schweiz", "place")]
    assert stage.key.by_kind("mennyit keres egy cto magyarorszagon", "hu") == [("magyarorszagon", "place")]
    assert stage.key.by_kind("what do european ctos earn", "en") == [("european", "place")]
    assert stage.key.by_kind("Do european CTOs earn more?", "en") == []  # capitals elsewhere: an adjective
    assert stage.key.by_kind("can you tell us what a cto earns", "en") == []  # "us" is no US


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


def test_other_occupations_are_roles_the_articles_lack_and_a_question_about_one_alone_is_refused(tiny_engine, monkeypatch):
    """Found reading the test split's answered out-of-scope questions: "How do I become a nurse?"
    got the steps to become a CIO at confidence 0.65 ("a doctor", "a pilot", "What skills does a
    lawyer need?" 0.85 alike). Occupations outside IT are key terms, in all three languages and
    inflected; words that are also IT terms or "boss" are not ("Chef", "doctorate")."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    assert stage.key.by_kind("How do I become a nurse?", "en") == [("nurse", "occupation")]
    assert stage.key.by_kind("What do nurses and teachers earn?", "en") == [("nurses", "occupation"),
                                                                          ("teachers", "occupation")]
    assert stage.key.terms("Wie viel verdient eine Lehrerin?", "de") == ["Lehrerin"]  # German capitals: still a role
    assert stage.key.terms("Mennyit keres egy ápolónak tanult orvos?", "hu") == ["ápolónak", "orvos"]
    assert stage.key.terms("Do CIOs need a doctorate?", "en") == []
    assert stage.key.terms("Wie viel bekommt der Chef für Informationen?", "de") == []
    assert stage.key.terms("Should a CTO run a pilot project?", "en") == []
    # Found by a hostile pass: words that only start like an occupation ("orvosol" remedies, "katonai"
    # is military, threat "actors", the name Baker) are none; inflections are.
    assert stage.key.terms("Hogyan orvosolja a katonai rendszerek hibáit?", "hu") == []
    assert [k for _, k in stage.key.by_kind("What did Tom Baker say?", "en")] == ["name", "name"]  # a name
    assert stage.key.terms("Who stops bad actors?", "en") == []
    assert stage.key.terms("What do police officers and cashiers earn?", "en") == ["police officers", "cashiers"]
    assert stage.key.terms("Was verdienen Ärztinnen?", "de") == ["Ärztinnen"]
    monkeypatch.setattr(stage.key, "occupations", frozenset({"nurse"}))  # an occupation the articles name
    assert stage.key.terms("How do I become a nurse?", "en") == stage.key.terms("Why do nurses leave?", "en") == []
    monkeypatch.undo()
    ans = tiny_engine.ask("How much does a nurse earn?", k=2)
    assert ans.abstained and "nurse" in ans.reason
    # Beside our roles, or anything of IT leadership, an occupation is the asker's context.
    for question in ("I am a nurse. What does a CTO do?", "I am a teacher. How do I become an IT director?",
                     "Hogyan lesz egy tanárból informatikai vezető?"):
        state = tiny_engine.run(question, k=2)
        assert not state.signals["unknown_terms"] and not state.signals["out_of_reach"], question
    assert tiny_engine.ask("How do I become a nurse? Is it hard?", k=2).abstained  # "it" is a pronoun


def test_business_roles_spelled_in_words_are_roles_the_articles_lack(tiny_engine, monkeypatch):
    """Found in the dev split's answered near-domain questions: "Welche Aufgaben hat ein
    Datenschutzbeauftragter im Unternehmen?" got a sentence on the CIO's duties, and "Milyen szerepe
    van a pénzügyi igazgatónak …?" one on the CIO's. Only acronyms and "chief … officer" counted as
    roles; company roles spelled in words, in all three languages and inflected, count too, unless
    the articles name the role under any of its names (they name the CEO, so "Geschäftsführer" is
    known). The CIO and CTO under other names, and the IT staff they lead, are no other role."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    key = stage.key
    assert key.by_kind("Welche Aufgaben hat ein Datenschutzbeauftragter im Unternehmen?", "de") == [
        ("Datenschutzbeauftragter", "company_role")]
    assert key.terms("Milyen szerepe van a pénzügyi igazgatónak az informatikai beruházások jóváhagyásában?",
                     "hu") == ["pénzügyi igazgatónak"]
    assert key.terms("Ki a cég pénzügyi igazgatója?", "hu") == ["pénzügyi igazgatója"]
    assert key.terms("Mikor lesz valakiből pénzügyi igazgatóvá?", "hu") == ["pénzügyi igazgatóvá"]
    assert key.terms("What do product managers and data protection officers do?", "en") == [
        "product managers", "data protection officers"]
    assert key.terms("Does a finance head earn more than a VP of Finance?", "en") == ["finance head", "VP of Finance"]
    assert key.terms("Was verdienen Aufsichtsräte und Vorstandsmitgliedern?", "de") == ["Aufsichtsräte",
                                                                                         "Vorstandsmitgliedern"]
    assert key.terms("Was macht der kaufmännische Geschäftsführer?", "de") == ["kaufmännische Geschäftsführer"]
    # Found by a hostile pass: adjectives and the IT staff the CIO and CTO lead are no roles.
    for question, lang in (("What does an IT director do?", "en"), ("Was macht ein IT-Leiter?", "de"),
                           ("Mit csinál a műszaki igazgató?", "hu"), ("Mit csinál az informatikai vezető?", "hu"),
                           ("Do CTOs manage software engineers and architects?", "en"),
                           ("Who manages the IT project managers?", "en"),
                           ("Ist der CTO produktverantwortlich oder datenschutzbeauftragt?", "de"),
                           ("Milyen projektvezetői tapasztalat kell?", "hu"),
                           ("Milyen pénzügyi vezetői ismeretek kellenek?", "hu"),
                           ("Wer ist IT-Sicherheitsbeauftragter?", "de"),
                           ("The recruiter asked about my background. What does a CTO need?", "en"),
                           ("Wer leitet die Sicherheit?", "de")):
        assert key.terms(question, lang) == [], question
    # A role the articles name under any of its names is known: the tiny articles name the CEO
    # (as the acronym; the real Hungarian one as "vezérigazgató"), so "Geschäftsführer" and
    # "ügyvezető" are known, and would not be without it.
    assert key.terms("Was macht der Geschäftsführer?", "de") == key.terms("Mit csinál az ügyvezető?", "hu") == []
    monkeypatch.setattr(key, "business_roles", key.business_roles - {0})
    assert key.terms("Was verdienen Vorstandsvorsitzende?", "de") == ["Vorstandsvorsitzende"]
    assert key.terms("Mit csinál az ügyvezető?", "hu") == ["ügyvezető"]
    monkeypatch.undo()
    from qa.key_terms import KeyTerms

    assert 0 in KeyTerms(["The CIO reports to the CEO."], set()).business_roles
    assert 0 in KeyTerms(["Der CIO berichtet dem Geschäftsführer."], set()).business_roles
    assert 1 not in KeyTerms(["The CIO reports to the CEO."], set()).business_roles
    # Asked about alone, such a role is refused by name.
    ans = tiny_engine.ask("Welche Aufgaben hat ein Datenschutzbeauftragter?", k=2)
    assert ans.abstained and "Datenschutzbeauftragter" in ans.reason
    # Beside the CIO or CTO, under any of their names, it is the question's object or the asker's
    # context, and no key term at all (a hostile pass: as a signal it refused "Does the CIO report
    # to the finance director or the CEO?" and 52 more of 55 such questions).
    for question in ("How does the CTO work with the product manager?", "As a project manager, how can I become a CTO?",
                     "Does the IT director report to the finance director?", "Berichtet der IT-Leiter an den Finanzvorstand?",
                     "Projektvezető vagyok, hogyan lehetek informatikai vezető?",
                     "Which of the two works with the marketing director?"):
        state = tiny_engine.run(question, k=2)
        assert not state.signals["unknown_terms"] and not state.signals["out_of_reach"], question
    # In a question about the CIO or CTO, a sentence that asks nothing beside one that asks is the
    # asker's context (a dev question: "Mein Geschäftsführer meint, ... Was genau muss ein CTO ...
    # verstehen?"); with no "?", only first-person sentences before the last are; a colon ends no
    # sentence.
    assert key.terms("Some board members think this distracts. Is blogging part of a CTO's job?", "en") == []
    assert key.terms("I'm a sales manager. What does a CTO do all day", "en") == []
    assert key.terms("I'm a product manager. What does a product manager need to become CTO?", "en") == [
        "product manager"]  # asked about in the question itself
    assert key.terms("Some board members think so.", "en") == ["board members"]  # nothing else asks
    assert key.terms("Head of finance: what does this role involve?", "en") == ["Head of finance"]
    # Found by a code review: without the CIO or CTO, a statement may be what a pronoun points back at,
    # and a trailing sentence is no question.
    assert key.terms("I keep hearing about the CISO role. What does it involve?", "en") == ["CISO"]
    assert key.terms("Describe what a CISO does. I need it for a report.", "en") == ["CISO"]
    assert key.terms("Tell me about the CTO role. The product manager role too.", "en") == ["product manager"]
    # ... and more names: hyphens, any case, scrum masters, office managers.
    assert key.terms("What do a data-protection officer and a scrum master do?", "en") == [
        "data-protection officer", "scrum master"]
    assert key.terms("what does a cfo or an office manager do?", "en") == ["cfo", "office manager"]


def test_terms_of_employment_the_articles_never_discuss_are_key_terms(tiny_engine, monkeypatch):
    """Found in the dev split's answered near-domain questions: "Can a CIO work fully remote?",
    "Darf ein CTO im Homeoffice arbeiten?" and "Dolgozhat-e egy CIO távmunkában?" got sentences
    about the roles' duties (P 0.6-0.9). Remote work, leave, working time, pensions, labour law,
    work permits and benefits, in three languages and inflected, are key terms unless the articles
    name the topic; beside the CIO or CTO too (they are what is asked), but not in a sentence that
    asks nothing."""
    key = tiny_engine.retrievers["hybrid"].stage("abstain").key
    assert key.by_kind("Can a CIO work fully remote?", "en") == [("fully remote", "topic")]
    assert key.terms("Darf ein CTO im Homeoffice arbeiten?", "de") == ["Homeoffice"]
    assert key.terms("Dolgozhat-e egy CIO távmunkában?", "hu") == ["távmunkában"]
    assert key.terms("Mennyi a CIO munkaideje?", "hu") == ["munkaideje"]
    assert key.terms("How many vacation days and how much overtime does a CTO have?", "en") == ["vacation", "overtime"]
    assert key.terms("Braucht ein CTO aus Indien eine Arbeitserlaubnis?", "de")[-1] == "Arbeitserlaubnis"
    assert key.terms("Does a CIO need a work-permit?", "en") == ["work-permit"]
    for question, lang in (("I work from home. What does a CTO do?", "en"),  # the asker's context
                           ("Mennyi szabadsága van egy CIO-nak a döntésekben?", "hu"),  # freedom, not leave
                           ("Wie steuert der CIO die IT?", "de"), ("What does a CTO do?", "en")):
        assert key.terms(question, lang) == [], question
    monkeypatch.setattr(key, "topics", key.topics | {0})  # articles that speak of remote work
    assert key.terms("Can a CIO work fully remote?", "en") == []
    monkeypatch.undo()
    ans = tiny_engine.ask("Can a CIO work fully remote?", k=2)
    assert ans.abstained and "fully remote" in ans.reason


def test_hiring_insurance_and_reading_lists_are_topics_the_articles_never_discuss(tiny_engine):
    """Found in the third batch's dev questions, answered with the roles' duties: job interviews,
    headhunters, D&O insurance and books. Not "insurance" alone (an insurer is a company), nor
    Hungarian "könyvelés" (accounting) or "biztosítás" (also "ensuring")."""
    key = tiny_engine.retrievers["hybrid"].stage("abstain").key
    assert key.terms("what interview questions should i expect when applying for a cio job", "en") == ["interview questions"]
    assert key.terms("Is it worth paying an executive search firm to find a CTO?", "en") == ["executive search"]
    # (and "felelősség…", liability, is no question for who is responsible, "felelős")
    assert key.terms("Köt-e a cég felelősségbiztosítást a CTO-ra?", "hu") == ["felelősségbiztosítást"]
    assert key.terms("Can you recommend some good books for a future CIO?", "en") == ["books"]
    assert key.terms("Wie läuft das Vorstellungsgespräch für einen CTO ab?", "de") == ["Vorstellungsgespräch"]
    for question, lang in (("A könyvelés a CIO feladata?", "hu"),
                           ("Does a CTO at an insurance company have different duties?", "en"),
                           ("Hogyan biztosítja a CIO a rendszerek biztonságát?", "hu")):
        assert [k for _, k in key.by_kind(question, lang)].count("topic") == 0, question


def test_names_and_acronyms_in_a_sentence_that_asks_nothing_are_the_askers_context(tiny_engine):
    """Found in the dev split's refused in-scope questions: "Our CIO spends most days in meetings with
    finance, HR and sales, while our CTO ... Which of them ...?" counted "HR" as a term the articles
    lack (refused in 10 of 10 CV seeds), as did "... automation program across finance and HR. ...".
    Names, acronyms, numbers and years in a sentence that asks nothing, beside one that asks, are context
    in a question about the CIO or CTO (elsewhere a statement may be what the question points back at)."""
    key = tiny_engine.retrievers["hybrid"].stage("abstain").key
    assert key.terms("Our CIO meets finance, HR and sales every day. Who should own the data platform?", "en") == []
    assert key.terms("We are a team of 45 at Zalando. Do we need a CTO?", "en") == []
    assert key.terms("Who at Zalando needs a CTO?", "en") == ["Zalando"]  # asked about
    assert key.terms("Our CIO meets HR daily.", "en") == ["HR"]  # nothing else asks
    # Years too (a browser pass: "In 2023 we hired our first CIO. What does a CIO do?" was refused).
    assert key.terms("In 2023 we hired our first CIO. What does a CIO do?", "en") == []
    assert key.terms("2023-ban vettük fel az első CIO-nkat. Mit csinál a CIO?", "hu") == []
    # Not in a question about another role: "I keep hearing about Siemens. Who is their CEO?"
    assert key.terms("I keep hearing about Siemens. What do they pay?", "en") == ["Siemens"]


def test_a_company_role_is_refused_alone_and_no_key_term_beside_the_cio_or_cto_by_any_name(tiny_engine):
    """Found by a code review and a browser pass of the company roles: the CIO's and CTO's everyday
    names were missing ("IT leader", "technology chief", "IT-Verantwortlicher", "Technikvorstand"), so
    "Does the IT leader work with the marketing director?" was refused outright; "both" switched the
    rule off for any question ("Do both small and large companies need a data protection officer?");
    a CTO named only in the asker's context did too ("I'm a CTO. What does a data protection officer
    do?"); the pronoun "it" counted as IT; and "Does the CIO report to the CFO?" was refused while
    "... to the finance director?" was answered."""
    def ruled(question: str) -> list[str]:
        return tiny_engine.run(question, k=2).signals["out_of_reach"]

    for question in ("Does the IT leader work with the marketing director?",
                     "Should the technology chief work with the head of sales?",
                     "Arbeitet der IT-Verantwortliche mit dem Marketingleiter zusammen?",
                     "Arbeitet der Technikvorstand mit dem Finanzvorstand zusammen?",
                     "Does the head of information technology report to the finance director?",
                     "Which of the two works with the marketing director?"):
        assert ruled(question) == [], question
    assert ruled("Do both small and large companies need a data protection officer?") == ["data protection officer"]
    assert ruled("I'm a CTO. What does a data protection officer do?") == ["data protection officer"]
    assert ruled("What does a finance director do, and who is the head of it?") == ["finance director"]
    for question in ("Does the CIO report to the CFO?", "Does the CIO report to the finance director?",
                     "Does the CIO report to the chief financial officer?"):
        state = tiny_engine.run(question, k=2)
        assert not state.signals["unknown_terms"] and not state.signals["out_of_reach"], question
    # Named before the CIO or CTO, the other role is the question's subject: it asks about that role.
    state = tiny_engine.run("Does the head of HR report to the CIO?", k=2)
    assert state.signals["out_of_reach"] == ["head of HR"]


def test_employment_topics_are_not_read_into_idioms_or_it_jargon(tiny_engine):
    """Found by a code review: "retire legacy systems", "even remotely", "távolról sem" ("far from") and
    "a CTO at a health insurance company" were refused as questions about pensions, remote work and
    benefits."""
    key = tiny_engine.retrievers["hybrid"].stage("abstain").key
    for question, lang in (("How does a CIO decide when to retire legacy systems?", "en"),
                           ("Is the CTO role even remotely technical?", "en"),
                           ("Igaz, hogy a CIO és a CTO szerepe távolról sem azonos?", "hu"),
                           ("Does a CTO at a health insurance company have different duties?", "en"),
                           ("Who is the CTO of Visa?", "en")):
        assert [k for _, k in key.by_kind(question, lang)].count("topic") == 0, question
    for question, lang in (("Who is responsible for the company's remote work infrastructure, the CIO or the CTO?", "en"),
                           ("Ki felel a távmunka informatikai hátteréért, a CIO vagy a CTO?", "hu")):
        assert key.terms(question, lang) == [], question  # who owns it: the topic is the object
    assert key.terms("Kaphat-e a CIO céges autót?", "hu") == ["céges autót"]
    assert key.terms("Can a CIO work part-time or take paid time off?", "en") == ["part-time", "paid time off"]
    assert key.terms("Darf ein CIO remote arbeiten oder in Teilzeit?", "de") == ["remote arbeiten", "Teilzeit"]


def test_a_role_the_articles_name_only_in_passing_asked_about_alone_is_refused(tiny_engine, monkeypatch):
    """Found by hand: "What is the CEO's role?" got the CIO's role in bold: the articles name the CEO
    once ("reporting directly to the CEO"), so it was a known word. A company role the articles
    name at most twice, by any name or acronym, asked about without the CIO or CTO, is refused
    saying so; beside them (or as context) it is left to the model. The Hungarian article's
    "információs vezérigazgató" is its name for the CIO, no CEO."""
    from qa.key_terms import KeyTerms

    key = KeyTerms(["The CIO reports to the CEO.", "A CIO, vagy az információs vezérigazgató, és a technológiai "
                    "vezérigazgató."], set())
    assert key.role_mentions == {0: 1}
    assert key.in_passing("What is the CEO's role?") == ["CEO"]
    assert key.in_passing("Was macht ein Geschäftsführer, und was ein CFO?") == ["Geschäftsführer"]  # CFO: not at all
    assert key.in_passing("Mit csinál a vezérigazgató?") == ["vezérigazgató"]
    assert key.in_passing("Mit csinál az információs vezérigazgató?") == []  # the CIO
    assert key.in_passing("I met our CEO yesterday. What does a CTO do?") == []  # context
    named_often = KeyTerms(["The CEO decides.", "The CEO hires.", "Chief executive officers lead."], set())
    assert named_often.role_mentions == {0: 3} and named_often.in_passing("What is the CEO's role?") == []
    # An answer that names the role counts only when it shares another word with the question: after the
    # query adapter, "What is the CEO's role?" retrieved the one sentence naming the CEO and was answered.
    said = ["CIOs have a holistic view of the organization, reporting directly to the CEO."]
    assert key.in_passing("What is the CEO's role?", said) == ["CEO"]
    assert key.in_passing("Who reports directly to the CEO?", said) == []

    # The tiny articles name the CEO once, in the sentence that answers questions about it; say they
    # named the CFO once too, elsewhere.
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    monkeypatch.setattr(stage.key, "role_mentions", {**stage.key.role_mentions, 1: 1})
    monkeypatch.setattr(stage.key, "business_roles", stage.key.business_roles | {1})
    ans = tiny_engine.ask("What does the finance director do?", k=2)
    assert ans.abstained and ans.reason == ("The articles mention “finance director” only in passing, so they do not "
                                            "cover this question.")
    # "The CIO reports to the CEO." answers who reports to the CEO, not what the CEO does (until the query
    # adapter, naming the CEO was enough: "What is the CEO's role?" got "CIOs … report directly to the CEO")
    assert not tiny_engine.ask("Who reports to the CEO?", k=2).abstained
    assert tiny_engine.run("What does the CEO do?", k=2).signals["in_passing"] == ["CEO"]
    for question in ("Does the CIO report to the CEO?",
                     # the two roles without their names (a test question of the plain-words group was refused)
                     "Which of the two answers straight to the chief executive?", "Wer von beiden berichtet dem CEO?",
                     "Melyikük jelent a vezérigazgatónak?"):
        assert not tiny_engine.run(question, k=2).signals["in_passing"], question
    # Nor when an answer sentence names it: the articles' one mention may be the answer.
    assert key.in_passing("Who reports to the CEO?", ["The CIO reports to the CEO."]) == []
    assert key.in_passing("Who reports to the CEO?", ["The CIO manages IT."]) == ["CEO"]
    # Found by a code review: a question about IT leadership that mentions the CEO is no question about
    # the CEO; lower case and the spelled-out title count too.
    for question in ("Who should the CEO hire to lead technology?", "As a CEO, whom should I hire to run our IT?",
                     "Ki felel a vállalat informatikai stratégiájáért a vezérigazgató alatt?"):
        assert key.in_passing(question) == [], question
    assert key.in_passing("what is the ceo's role?") == ["ceo"]


def test_the_dollar_by_name_is_known_when_the_articles_give_dollar_amounts(tiny_engine, monkeypatch):
    """Found by a user pass: "How much does a CIO make per year in USD?" was refused with "the
    articles do not mention USD", while they give the salaries as "$169,132"."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    question = "How much does a CIO make per year in USD?"
    assert stage.key.by_kind(question, "en") == [("USD", "currency")]  # the tiny articles give no $ amount
    monkeypatch.setattr(stage.key, "tokens", stage.key.tokens | {"$"})
    assert stage.key.terms(question, "en") == []
    assert stage.key.terms("Mennyi egy CTO fizetése dollárban?", "hu") == []
    assert stage.key.terms("Is it given in USD or EUR?", "en") == ["EUR"]


def test_the_askers_own_name_is_no_missing_term(tiny_engine):
    """Found by a hostile pass: "Hi, I'm Peter. What does a CTO do?" was refused with "the articles do
    not mention Peter"."""
    stage = tiny_engine.retrievers["hybrid"].stage("abstain")
    assert stage.key.terms("Hi, I'm Peter. What does a CTO do?", "en") == []
    assert stage.key.terms("My name is Anna and I want to know what a CIO does.", "en") == []
    assert stage.key.terms("Hallo, ich heiße Anna. Was macht ein CTO?", "de") == []
    assert stage.key.terms("Szia, Péter vagyok. Mit csinál a CTO?", "hu") == []
    # the same introductions small talk drops (one list in qa/languages): a typographic apostrophe,
    # and the name inside "engem … hívnak" (the word after it used to be skipped instead)
    assert stage.key.terms("Hi, I’m Peter. What does a CTO do?", "en") == []
    assert stage.key.terms("Engem Péternek hívnak. Mit csinál a CTO?", "hu") == []
    assert stage.key.terms("What did Peter Sondergaard say about CIOs?", "en") == ["Peter", "Sondergaard"]


def test_a_refusal_names_a_name_of_several_words_as_one():
    """Found by a user pass: "the articles do not mention OTP, Bank"."""
    from qa.key_terms import phrases

    assert phrases("What does the CTO of OTP Bank earn?", ["OTP", "Bank"]) == ["OTP Bank"]
    assert phrases("Was verdient ein CTO bei SAP, Siemens und Bosch?", ["SAP", "Siemens", "Bosch"]) == \
        ["SAP", "Siemens", "Bosch"]
    assert phrases("CFO and CFO", ["CFO", "CFO"]) == ["CFO", "CFO"]  # the second one is the later match
    assert phrases("Deutsche  Telekom", ["Deutsche", "Telekom"]) == ["Deutsche", "Telekom"]  # one space only
    assert phrases("Which CISO?", ["CDO"]) == ["CDO"]
    # Found by a hostile pass: two acronyms, or a name and a number, are two things.
    assert phrases("Does the CISO CFO pair exist?", ["CISO", "CFO"]) == ["CISO", "CFO"]
    assert phrases("CTO pay in Japan 2010?", ["Japan", "2010"]) == ["Japan", "2010"]


def test_a_refusal_names_each_missing_term_once_and_briefly(tiny_engine):
    from qa.key_terms import MAX_TERM_CHARS, term_list as _term_list

    assert _term_list(["Euro", "euro", "EURO", "Siemens"]) == "“Euro” or “Siemens”"
    assert _term_list(["a", "b", "c", "d"]) == "“a”, “b” or “c”"
    # Quoted as typed, so an inflected form reads right in every language (a browser pass: "A cikkek nem
    # említik a következőt: pénzügyi igazgatónak" read as a bug).
    assert _term_list(["pénzügyi igazgatónak"], "hu") == "„pénzügyi igazgatónak”"
    assert _term_list(["Finanzvorstand", "Homeoffice"], "de") == "„Finanzvorstand“ oder „Homeoffice“"
    long = "chief " + "x" * 500 + " officer"
    assert len(_term_list([long])) == MAX_TERM_CHARS + 2 and _term_list([long]).endswith("…”")  # with its quotes


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
    assert stage.key.terms("Can us CTOs work remotely?", "en") == ["work remotely"]  # the pronoun is no country (remote work is a topic)
    assert stage.key.terms("Wie viel verdient ein CTO in Oesterreich?", "de") == ["Oesterreich"]  # ö typed oe
    features = dict(zip(FEATURES, stage.features(tiny_engine.run("What does a CTO earn in the USA?"))))
    assert features["unknown_name"] == 0.0 and features["unknown_term"] == 0.0  # "USA" is no unknown acronym either
    monkeypatch.setattr(stage.key, "places", frozenset())
    assert stage.key.terms("Wie viel verdient ein CTO in den USA?", "de") == ["USA"]


@pytest.mark.parametrize("text,word,opens", [
    ("How much does Boeing pay?", "Boeing", False), ("Boeing pays well.", "Boeing", True),
    ("Pay? Boeing pays well.", "Boeing", True), ("CIO: Boeing", "Boeing", True),
    ("1) Salery of a CTO", "Salery", True), ('"Salery" of a CTO', "Salery", True),
    ("Firms (e.g. Boeing) pay", "Boeing", False), ("the U.S. Boeing CTO", "Boeing", False),
    ("Google vs. Boeing", "Boeing", False), ("Dr. Kovács", "Kovács", False), ("Well... Boeing", "Boeing", False),
    ("It costs 3.5 Million", "Million", False), ("See 2. Boeing", "Boeing", True),
])
def test_a_sentence_starts_after_its_end_not_after_an_abbreviation(text, word, opens):
    from qa.key_terms import starts_sentence

    assert starts_sentence(text, text.index(word)) is opens


def test_capitals_say_nothing_in_a_title_cased_question():
    from qa.key_terms import title_cased

    assert title_cased("What Are The Key Responsibilities Of A CTO?")
    assert not title_cased("How much does Boeing pay its CTO?")
    assert not title_cased("CTO salary at Google vs. Boeing?")  # two names among three words
    assert not title_cased("Who is the CIO?")  # too few words to tell


def test_names_after_abbreviations_and_typos_the_repair_fixed(tiny_engine):
    """Found by the hostile pass: after "U.S." or "e.g." a company was no key term; a capitalised
    typo that the term repair fixes is no name the articles lack."""
    key = tiny_engine.retrievers["hybrid"].stage("abstain").key
    assert "Boeing" in key.terms("How much does a U.S. Boeing CTO earn?", "en")  # (the tiny articles lack the U.S.)
    assert key.terms("How much do companies (e.g. Boeing) pay a CTO?", "en") == ["Boeing"]
    assert key.terms("What are the CIO's Responsibilites?", "en") == ["Responsibilites"]
    assert key.terms("What are the CIO's Responsibilites?", "en", repaired={"Responsibilites"}) == []
    assert key.terms("What Are The Key Responsibilites Of A CTO?", "en") == []  # title case: no names
    state = tiny_engine.run("What does the CIO's Infrastucture include?", k=1)
    assert state.signals["unknown_terms"] == []


def test_the_role_a_sentence_names_first_is_its_subject():
    from qa.key_terms import first_role

    assert first_role("In the IT hierarchy, the CTO typically reports to the owner or CIO.") == "cto"
    assert first_role("The Chief Information Officer reports to the CEO.") == "cio"
    assert first_role("CIOs report directly to the CEO, whereas CTOs work with teams.") == "cio"
    assert first_role("Companies have one of three types of IT people.") is None


@pytest.mark.parametrize("question, lang, org", [
    ("Who is the CTO of DigiSync?", "en", "DigiSync"),
    ("Who is the current CTO of Oracle?", "en", "Oracle"),
    ("Who's the chief data officer at Deutsche Bank?", "en", "Deutsche Bank"),
    ("Wer ist der CIO von Siemens?", "de", "Siemens"),
    ("Wer ist der CIO der Deutschen Telekom?", "de", "Deutschen Telekom"),
    ("Ki a Microsoft CTO-ja?", "hu", "Microsoft"),
    ("Ki a Magyar Telekom technológiai igazgatója?", "hu", "Magyar Telekom"),
    ("Who is DigiSync's CTO?", "en", "DigiSync"),
    ("who is the cto of DigiSync?", "en", "DigiSync"),
    ("Wer ist bei DigiSync der CTO?", "de", "DigiSync"),
    ("Who is the CTO of DigiSync\nThanks", "en", "DigiSync"),  # a name does not run across lines
    # not a question for a named organisation's role-holder
    ("Who is the CIO of a company?", "en", None),
    ("Who reports to the CIO at DigiSync?", "en", None),
    ("What does the CTO of DigiSync do?", "en", None),
    ("Who is the boss of the people who write the company's software?", "en", None),
    ("Wer ist für die IT von Unternehmen zuständig?", "de", None),
    ("Ki az építész a vállalat technológiai infrastruktúrájához?", "hu", None),
    ("Wer ist der IT-Leiter der Firma?", "de", None),  # a common noun's genitive, not a name
    ("Wer ist der CIO des Unternehmens?", "de", None),
    ("Ki az IT vezetője?", "hu", None),  # "vezető" is any leader
    ("Wer ist der Chef des CIO?", "de", None),  # a role is no organisation
    ("Wer ist Chef der IT?", "de", None),
    ("Wer ist der CTO von Oracle?", "de", "Oracle"),  # a name the articles use is still a name
])
def test_a_question_for_who_holds_a_role_at_a_named_organisation(question, lang, org):
    from qa.key_terms import role_holder_asked

    assert role_holder_asked(question, lang) == org


@pytest.mark.parametrize("question, lang, org", [
    ("How much does Google's CTO earn?", "en", "Google"),
    ("What is the salary of a CTO at DigiSync?", "en", "DigiSync"),
    ("Wie viel verdient ein CTO bei SAP?", "de", "SAP"),
    ("Was verdient der CIO der Deutschen Telekom?", "de", "Deutschen Telekom"),
    ("Was verdient der CIO der Allianz?", "de", "Allianz"),  # a word the articles never use, after a genitive
    ("Mennyit keres a Microsoft CTO-ja?", "hu", "Microsoft"),
    ("Mennyi az OTP informatikai igazgatójának a fizetése?", "hu", "OTP"),
    # no organisation named
    ("How much does the CIO of a company earn?", "en", None),
    ("What's the CTO's salary?", "en", None),
    ("Wie viel verdient der CIO der Firma?", "de", None),  # a common noun
    ("Wie viel verdient der CIO des Unternehmens?", "de", None),  # a word the articles use
    ("Mennyit keres egy CTO?", "hu", None),
    ("How Much Does The CIO Of A Company Earn?", "en", None),  # title case
    ("Wie viel verdient ein CIO bei Firmen in den USA?", "de", None),  # a German common noun
])
def test_the_named_organisation_a_role_belongs_to(question, lang, org):
    from qa.key_terms import role_org_named

    assert role_org_named(question, lang, known={"unternehmens", "digisync"}) == org


def test_a_name_after_a_german_genitive_is_an_organisation_when_the_articles_never_use_the_word():
    from qa.key_terms import role_holder_asked

    assert role_holder_asked("Wer ist derzeit CIO der Allianz?", "de", known={"unternehmens"}) == "Allianz"
    assert role_holder_asked("Wer ist der CIO der Firma?", "de", known={"unternehmens"}) is None
    assert role_holder_asked("Wer ist der CIO des Unternehmens?", "de", known={"unternehmens"}) is None
    assert role_holder_asked("Who was the first federal CIO of the Bundeswehr?", "en") == "Bundeswehr"
    assert role_holder_asked("Wer ist der Leiter des IT-Betriebs?", "de", known={"unternehmens"}) is None
    assert role_holder_asked("Wer ist Chef des Technologiebereichs?", "de", known={"x"}) is None  # "des": a noun
    assert role_holder_asked("Wer ist der Chef des Chief Technology Officers?", "de", known={"x"}) is None
    assert role_holder_asked("Wer ist der Chef der IT-Abteilung, der CIO oder der CTO?", "de", known={"x"}) is None
    assert role_holder_asked("Who is the CIO of the U.S.?", "en") == "U.S."  # an abbreviation keeps its dot
    assert role_holder_asked("Wer ist der CTO von Oracle?", "de", known={"oracle"}) == "Oracle"  # named by the articles


@pytest.mark.parametrize("question, terms, subject", [
    ("Does the CISO report to the CIO?", [("CISO", "role")], ["CISO"]),
    ("Does the CIO report to the CISO?", [("CISO", "role")], []),  # the object: about the CIO
    ("A CISO a CIO alá tartozik?", [("CISO", "role")], ["CISO"]),
    ("product owner vs cto?", [("product owner", "company_role")], ["product owner"]),
    ("cto vs product owner?", [("product owner", "company_role")], []),
    ("Does the CFO earn more than the head of IT?", [("CFO", "company_role")], ["CFO"]),  # the CIO by another name
    ("Is DigiSync's CTO a good boss?", [("DigiSync", "name")], []),  # only roles count
    ("What does a CISO do?", [("CISO", "role")], []),  # no CIO or CTO: the other rule's case
    ("As a project manager, how can I become a CTO?", [("project manager", "company_role")], []),  # the asker
    ("Being a project manager, what skills do I need to become a CIO?", [("project manager", "company_role")], []),
    ("I'm currently a finance director; could I become a CIO?", [("finance director", "company_role")], []),
    ("As the CFO, should I hire a CIO?", [("CFO", "company_role")], []),
    ("Should the CFO or the CIO manage IT budgets?", [("CFO", "company_role")], []),  # alternatives
    ("Who reports to the CEO: the CFO, the CIO or the CTO?", [("CFO", "company_role")], []),  # a list
    ("What should HR look for when hiring a CIO?", [("HR", "company_role")], []),  # no reporting line, no comparison
    ("berichted der scrum master an den cto?", [("scrum master", "company_role")], ["scrum master"]),  # verb first
    ("Unser Finanzchef fragt: Braucht ein kleines Unternehmen einen CIO?", [("Finanzchef", "company_role")], []),
    ("Wem ist ein Chief Risk Officer unterstellt – dem CEO oder dem CIO?", [("Chief Risk Officer", "role")],
     ["Chief Risk Officer"]),
    ("Als Projektleiter: wie werde ich CTO?", [("Projektleiter", "company_role")], []),
    ("Projektvezetőként hogyan lehetek CTO?", [("Projektvezető", "company_role")], []),
    ("Projektvezetőként hogyan lehetek CTO?", [("Projektvezetőként", "company_role")], []),  # the ending in the term
])
def test_another_role_named_before_ours_is_the_subject(question, terms, subject):
    from qa.key_terms import roles_before_ours

    assert roles_before_ours(question, terms) == subject


@pytest.mark.parametrize("question, lang, org", [
    ("Does Netflix have a CIO, or only a CTO?", "en", "Netflix"),
    ("Hat die Deutsche Bahn einen CTO oder nur einen CIO?", "de", "Deutsche Bahn"),
    ("hat die deutsche bahn einen cto oder nur einen cio", "de", None),  # lower case: no word reads as a name
    ("Hat Siemens einen CTO?", "de", "Siemens"),
    ("Van-e a Telekomnak CIO-ja?", "hu", "Telekom"),
    # no organisation named: a kind of one, the asker's own, one the articles know, an adverb
    ("Does a startup need a CTO?", "en", None),
    ("Does your company need a CIO?", "en", None),
    ("Do small companies need a CIO?", "en", None),
    ("Does DigiSync have a CIO?", "en", None),
    ("Braucht ein Startup einen CTO?", "de", None),
    ("Hat die Firma einen CIO?", "de", None),
    ("Kell-e egy cégnek CTO?", "hu", None),
    ("Welches Unternehmen hat als erstes einen CTO ernannt?", "de", None),
    ("Does it really need a CTO?", "en", None),
    # a probe of 2026-11-27: kinds of organisation, unknown to the articles, in German and Hungarian
    ("Braucht es in Großunternehmen einen CIO und einen CTO?", "de", None),
    ("Brauchen kleinen Firmen einen CTO?", "de", None),
    ("Kell-e a nagyvállalatoknak CIO és CTO is?", "hu", None),
    ("Does a midsize company need a CTO?", "en", None),
    ("Does The Company Need A CTO?", "en", None),  # title case
])
def test_whether_a_named_organisation_has_a_role(question, lang, org):
    from qa.key_terms import org_with_role_asked

    assert org_with_role_asked(question, lang, known={"digisync", "small", "companies"}) == org


@pytest.mark.parametrize("text, person", [
    ("In 2020 the company hired Jane Doe as its CTO.", True),
    ("The Chief Technology Officer leads the engineering team.", False),  # a title, not a name
    ("Jane Doe leads it.", False),  # opens the sentence: read as no name (a generous test errs this way rarely)
    ("A CTO leads the team at DigiSync.", False),
    ("Microsoft's Chief Technology Officer Kevin Scott said so.", True),  # a title before a name
    ("Der CTO ist Äneas Müller.", True),
    ("Our CTO is John McDonald.", True),
])
def test_whether_a_sentence_may_name_a_person(text, person):
    from qa.key_terms import names_person

    assert names_person(text) is person
