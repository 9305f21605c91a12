"""Word lists of the world next to the articles': company roles other than the CIO and CTO, terms of
employment, and the names people give the CIO and CTO, in our three languages, with the patterns
that find them in folded text (``qa.language.fold``). Data for ``qa.key_terms``, which decides what
the articles lack.

A list entry is a folded word or phrase: "_" joins the words of a phrase (a space or a hyphen
between them: "data protection officer", "data-protection officer"), and a trailing "*" lets the
last word take its language's inflections (``INFLECTIONS``), nothing else.
"""
from __future__ import annotations

import re

from qa.language import fold

# Our two roles: acronym and full titles, the first as we write it ("Chief Technical Officer" is the CTO too).
OUR_ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "cio": ("CIO", ("Chief Information Officer",)),
    "cto": ("CTO", ("Chief Technology Officer", "Chief Technical Officer")),
}

# Endings a starred entry may take (folded): English plurals and possessives; German feminine, plural
# and adjective endings ("Datenschutzbeauftragter": a stem that is also a predicative adjective is
# listed with its "e", "datenschutzbeauftragte*", so "ist datenschutzbeauftragt" is none); Hungarian
# plurals, possessives and case endings ("igazgatója", "igazgatójának", "igazgatóvá", "vezetőkkel";
# no bare "-i": "projektvezetői tapasztalat" is an adjective).
INFLECTIONS = {
    "en": r"(?:s|es|'s)?",
    "de": r"(?:innen|in|ern|er|en|em|es|e|n|r|s|m)?",
    "hu": r"(?:ok|ek|ak|k|ink|aink|eink)?(?:j?a|j?e)?(?:nak|nek|t|ot|et|at|kent|rol|tol|hoz|hez|nal|nel|ban|ben|bol"
          r"|ba|be|ert|val|vel|kal|kel|va|ve|ra|re)?",
}

# Roles in a company besides the CIO and the CTO, one row per role: its acronyms (matched as words,
# any case) and its names in our three languages. A question about one of them ("Welche Aufgaben hat
# ein Datenschutzbeauftragter?", "Milyen szerepe van a pénzügyi igazgatónak …?") is about a role the
# articles do not cover unless they use a name of it (they name the CEO, so "Geschäftsführer" and
# "ügyvezető" are known). Left out: the CIO and CTO under other names (``OUR_TITLES_RE``), the IT
# staff they lead (developers, architects, engineers; any role after "IT": "IT project managers"), and
# words that are the asker's context more often than a role asked about ("recruiter").
BUSINESS_ROLES: tuple[tuple[tuple[str, ...], dict[str, str]], ...] = (
    (("ceo",), {"en": "chief_executive_officer* chief_executive* managing_director* company_president*",
                "de": "geschaftsfuhrer* geschaftsfuhrung* vorstandsvorsitzende* vorstandschef* generaldirektor* "
                      "firmenchef*",
                "hu": "vezerigazgato* ugyvezeto*"}),
    (("cfo",), {"en": "finance_director* financial_director* director_of_finance head_of_finance finance_chief* "
                      "finance_manager* finance_head* vp_of_finance vice_president_of_finance financial_controller*",
                "de": "finanzvorstand* finanzchef* finanzdirektor* finanzleiter* finanzverantwortliche* "
                      "kaufmannischer_leiter* kaufmannische_leiter* kaufmannischer_geschaftsfuhrer* "
                      "kaufmannische_geschaftsfuhrer* kaufmannischen_geschaftsfuhrer* leiter_finanzen",
                "hu": "penzugyi_igazgato* gazdasagi_igazgato* penzugyi_vezeto* gazdasagi_vezeto* penzugyigazgato* "
                      "penzugyes*"}),
    (("coo",), {"en": "operations_director* director_of_operations head_of_operations operations_manager*",
                "de": "betriebsleiter* operativer_leiter* operative_leiter*",
                "hu": "operativ_igazgato* operativ_vezeto* uzemeltetesi_igazgato*"}),
    (("ciso", "cso"), {"en": "security_officer* head_of_security security_manager* security_director*",
                       "de": "sicherheitsbeauftragte* informationssicherheitsbeauftragte* sicherheitschef* "
                             "sicherheitsleiter*",
                       "hu": "biztonsagi_vezeto* biztonsagi_igazgato* informaciobiztonsagi_vezeto* "
                             "biztonsagi_felelos*"}),
    (("dpo",), {"en": "data_protection_officer* privacy_officer*",
                "de": "datenschutzbeauftragte* datenschutzverantwortliche*",
                "hu": "adatvedelmi_tisztviselo* adatvedelmi_felelos* adatvedelmi_vezeto* adatvedelmi_biztos*"}),
    (("chro", "hr"), {"en": "hr_manager* hr_director* head_of_hr head_of_human_resources human_resources_manager* "
                            "human_resources_director* hr_head* head_of_people",
                      "de": "personalchef* personalleiter* personalvorstand* hr-leiter* hr-manager* hr-chef* "
                            "personalreferent* personaler* leiter_personal",
                      "hu": "hr-vezeto* hr_vezeto* hr-igazgato* hr_igazgato* hr-es* humanpolitikai_vezeto* "
                            "szemelyugyi_vezeto*"}),
    (("cmo",), {"en": "marketing_director* marketing_manager* head_of_marketing",
                "de": "marketingleiter* marketingchef* marketingvorstand* marketingmanager*",
                "hu": "marketingigazgato* marketing_igazgato* marketingvezeto* marketing_vezeto*"}),
    ((), {"en": "sales_director* sales_manager* head_of_sales",
          "de": "vertriebsleiter* vertriebschef* vertriebsvorstand* vertriebsdirektor* leiter_vertrieb",
          "hu": "ertekesitesi_igazgato* ertekesitesi_vezeto* kereskedelmi_igazgato*"}),
    (("cpo",), {"en": "product_manager* product_owner* head_of_product",
                "de": "produktmanager* produktverantwortliche* produktleiter*",
                "hu": "termekmenedzser* termekfelelos* termekigazgato*"}),
    ((), {"en": "project_manager* scrum_master*", "de": "projektleiter* projektmanager* projektverantwortliche*",
          "hu": "projektmenedzser* projektvezeto*"}),
    ((), {"en": "auditor*", "de": "wirtschaftsprufer* revisor* auditor*", "hu": "konyvvizsgalo* belso_ellenor*"}),
    ((), {"en": "general_counsel* legal_counsel* head_of_legal", "de": "justiziar* justitiar* syndikus*",
          "hu": "jogtanacsos* jogi_igazgato*"}),
    ((), {"en": "procurement_manager* purchasing_manager* head_of_procurement", "de": "einkaufsleiter*",
          "hu": "beszerzesi_vezeto* beszerzesi_igazgato*"}),
    ((), {"en": "compliance_officer* compliance_manager*", "de": "compliance-beauftragte* compliance-manager*",
          "hu": "megfelelosegi_vezeto* compliance_vezeto*"}),
    ((), {"en": "office_manager*", "de": "buroleiter* office-manager*", "hu": "irodavezeto*"}),
    ((), {"en": "board_of_directors board_member* supervisory_board* chairman_of_the_board chairwoman_of_the_board",
          "de": "aufsichtsrat* aufsichtsratsmitglied* aufsichtsratsvorsitzende* vorstandsmitglied*",
          "hu": "igazgatotanacs* felugyelobizottsag* igazgatosag* igazgatosagi_tag*"}),
)

# Terms of employment the articles never discuss, one row per topic: remote work, leave, working
# time, pensions, labour law, work permits, benefits. A question about one of them ("Can a CIO work
# fully remote?", "Darf ein CTO im Homeoffice arbeiten?", "Dolgozhat-e egy CIO távmunkában?") asks for
# a detail the articles do not give, unless they use a name of the topic. Left out: words with an
# everyday or IT meaning of their own ("szabadság" is also freedom, "Steuer" a verb's stem, "retire"
# also decommissions systems, "remotely" alone is "even remotely", "távolról sem" is "far from",
# "visa" a company, "health insurance" a kind of company). Also hiring (job interviews, headhunters),
# insurance cover and reading lists, which the articles never discuss either.
EMPLOYMENT_TOPICS: tuple[dict[str, str], ...] = (
    {"en": "remote_work* work_remotely working_remotely work_remote* fully_remote work_from_home working_from_home "
           "home_office* telework* telecommut* wfh",
     "de": "homeoffice* home_office* fernarbeit* telearbeit* remote-arbeit* remote_arbeiten mobiles_arbeiten",
     "hu": "tavmunka* home_office* otthonrol_dolgoz* tavolrol_dolgoz*"},
    {"en": "vacation* paid_leave paid_time_off annual_leave parental_leave maternity_leave paternity_leave sick_leave "
           "sick_days",
     "de": "urlaub* elternzeit* krankheitstage* mutterschutz* urlaubstage*",
     "hu": "fizetett_szabadsag* betegszabadsag* szulesi_szabadsag* szabadsagnap* eves_szabadsag*"},
    {"en": "overtime work-life_balance working_hours work_hours part-time part_time",
     "de": "uberstunden* arbeitszeit* work-life-balance wochenarbeitszeit* teilzeit*",
     "hu": "tulora* munkaido* munkaidej* reszmunkaido*"},
    {"en": "pension* retirement_age retirement_plan*", "de": "rente ruhestand* altersvorsorge* betriebsrente*",
     "hu": "nyugdij*"},
    {"en": "trade_union* labor_union* labour_union* works_council* non-compete* notice_period* employment_contract*",
     "de": "gewerkschaft* betriebsrat* kundigungsfrist* wettbewerbsverbot* arbeitsvertrag*",
     "hu": "szakszervezet* felmondasi_ido* munkaszerzodes*"},
    {"en": "work_visa* work_permit* green_card*", "de": "visum* arbeitserlaubnis*",
     "hu": "vizum* munkavallalasi_engedely*"},
    {"en": "company_car*", "de": "dienstwagen* firmenwagen*", "hu": "cegauto* ceges_auto*"},
    # insurance cover for the person (not "insurance" alone, nor Hungarian "biztosítás": an insurer is a
    # company a question may be about, and "biztosítás" is also "ensuring", which the Hungarian article uses)
    {"en": "d&o liability_insurance* life_insurance* insurance_cover*",
     "de": "d&o haftpflichtversicherung* managerhaftpflicht* lebensversicherung*",
     "hu": "d&o felelossegbiztositas* eletbiztositas*"},
    # how people are hired: interviews and headhunters
    {"en": "job_interview* interview_question* interview_round* headhunter* executive_search* recruitment_agency "
           "recruitment_agencies",
     "de": "vorstellungsgesprach* bewerbungsgesprach* headhunter* personalberater* personalvermittler*",
     "hu": "allasinterju* felveteli_interju* fejvadasz* fejvadaszceg*"},
    # reading lists
    {"en": "books reading_list*", "de": "bucher buchern buchtipp* fachbuch* fachbucher*", "hu": "konyv*"},
)


def _row_pattern(rows: list[tuple[tuple[str, ...], dict[str, str]]], prefix: str,
                 not_after: dict[str, tuple[str, ...]] | None = None) -> re.Pattern:
    """One named group per row (``{prefix}0``, ``{prefix}1``, ...: ``m.lastgroup`` is the row): its
    acronyms as words and its entries, longest first, none right after "IT" ("IT project managers")
    nor after a word of ``not_after`` for that entry."""
    groups = []
    for i, (acronyms, forms) in enumerate(rows):
        alts = []
        for code, words in forms.items():
            for w in sorted(words.split(), key=len, reverse=True):
                stem = w.rstrip("*")
                alts.append("".join(f"(?<!{re.escape(b)})" for b in (not_after or {}).get(stem, ()))
                            + re.escape(stem).replace("_", r"[\s-]+") + (INFLECTIONS[code] if w.endswith("*") else ""))
        alts += [re.escape(a) + "s?" for a in acronyms]
        groups.append(f"(?P<{prefix}{i}>" + "|".join(alts) + ")")
    return re.compile(r"(?<![\w-])(?<!it )(?:" + "|".join(groups) + r")(?![\w-])")


# The Hungarian article calls the CIO "információs vezérigazgató" and the CTO "technológiai
# vezérigazgató": no CEO.
BUSINESS_ROLE_RE = _row_pattern(list(BUSINESS_ROLES), "r", {"vezerigazgato": ("informacios ", "technologiai ")})
TOPIC_RE = _row_pattern([((), forms) for forms in EMPLOYMENT_TOPICS], "t")


def folded(text: str) -> str:
    """``text`` folded one character at a time, so that positions line up with ``text``."""
    return "".join(fold(c)[:1] or c for c in text)


def row_matches(pattern: re.Pattern, text: str) -> list[tuple[int, int, int]]:
    """Where ``pattern`` (``BUSINESS_ROLE_RE`` or ``TOPIC_RE``) finds a row in ``text``: (start, end, row)."""
    return [(m.start(), m.end(), int(m.lastgroup[1:])) for m in pattern.finditer(folded(text))]


# Words that refer to the articles' two roles without naming them ("Which of the two answers
# straight to the chief executive?", "Which role is more technical?", "Wer von beiden ...?",
# "Melyikük ...?"). "Both" and "beide" only with a role word ("Do both small and large companies need
# a data protection officer?" is about companies), and "which role" only as a subject ("Which role
# does the CFO play?" asks about the CFO).
OUR_TWO_RE = re.compile(
    r"\b(?:the\s+two|which\s+of\s+the\s+(?:two\s+)?(?:roles|positions|jobs)|which\s+one|either\s+of\s+them"
    r"|each\s+of\s+them|which\s+role\s+(?:is|has|should|would|earns|pays|needs|reports|makes|suits|fits)"
    r"|both\s+(?:roles|positions|jobs|of\s+them|executives|chiefs)|von\s+beiden|der\s+beiden|die\s+beiden"
    r"|beide[n]?\s+(?:rollen|positionen|posten|funktionen)|mindkett[oő]\w*|mindk[eé]t\s+(?:szerep|pozíci|vezet)\w*"
    r"|melyik[uü]k|melyik[oő]j[uü]k|a\s+kett[oő]\w*)\b", re.IGNORECASE)


def refers_to_our_two(question: str) -> bool:
    """Whether ``question`` refers to the two roles without naming them ("Which of the two ...?")."""
    return bool(OUR_TWO_RE.search(question))


# The CIO and CTO under the names people give them (folded): "IT director", "head of IT", "IT leader",
# "chief technical officer", "technology chief", "tech executive", "IT-Leiter", "IT-Verantwortlicher",
# "Technikchef", "Technikvorstand", "technischer Direktor", "informatikai vezető", "műszaki igazgató",
# "technológiai igazgató". The word "it" counts only as "IT" (``names_our_roles`` masks the pronoun).
OUR_TITLES_RE = re.compile(
    r"\b(?:it[- ](?:director|manager|chief|head|leader|lead|executive|leiter\w*|chef\w*|direktor\w*|manager\w*"
    r"|verantwortliche\w*|vorstand\w*|vezeto\w*|igazgato\w*)"
    r"|head\s+of\s+(?:it|technology|engineering|tech|information\s+technology)|chief\s+technical\s+officers?"
    r"|vp\s+of\s+engineering|(?:technology|tech)\s+(?:chief|executive|leader|lead|head|boss)s?"
    r"|technikchef\w*|technologiechef\w*|technikvorstand\w*|it-vorstand\w*|informatik(?:vorstand|leiter)\w*"
    r"|technische[rn]?\s+(?:leiter\w*|direktor\w*|geschaftsfuhrer\w*)"
    r"|informatikai\s+(?:vezeto\w*|igazgato\w*)|muszaki\s+(?:vezeto\w*|igazgato\w*)"
    r"|technologiai\s+(?:vezeto\w*|igazgato\w*|vezerigazgato\w*)|informacios\s+vezerigazgato\w*)\b")

# Acronym -> its ``BUSINESS_ROLES`` row ("cfo" -> 1): "chief financial officer" is that row too.
ACRONYMS = {a: i for i, (acronyms, _) in enumerate(BUSINESS_ROLES) for a in acronyms}
