"""Word lists of the world next to the articles': company roles other than the CIO and CTO, terms
of employment, and the names people give the CIO and CTO, in our three languages, with the
patterns that find them in folded text. Data for ``qa.key_terms``, which decides what the articles
lack; nothing here knows the articles.
"""
from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-cased, accents removed (``Fizetés`` -> ``fizetes``)."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


# Roles in a company besides the CIO and the CTO, spelled in words, in our three languages (folded;
# "_" joins the words of one, "*" lets it take its language's inflections, ``_ROLE_INFLECTIONS``).
# One row per role, with its acronyms: the role is known when the articles use any of its names
# (they name the CEO, so "Geschäftsführer" and "ügyvezető" are known). A question about one of
# them ("Welche Aufgaben hat ein Datenschutzbeauftragter?", "Milyen szerepe van a pénzügyi
# igazgatónak …?") is about a role the articles do not cover. Acronyms alone ("CFO") are read as
# acronyms by ``KeyTerms.by_kind``; here they only make a row known. Left out: the IT leaders that
# are the CIO or CTO under another name ("IT director", "IT-Leiter", "informatikai vezető",
# "műszaki igazgató"), the IT staff they lead (developers, architects, engineers, scrum masters, any
# role after "IT"), and words that are also the asker's context more often than a role asked about
# ("recruiter").
BUSINESS_ROLES: tuple[tuple[tuple[str, ...], dict[str, str]], ...] = (
    (("ceo",), {"en": "chief_executive_officer* chief_executive* managing_director* company_president*",
                "de": "geschaftsfuhrer* vorstandsvorsitzende* vorstandschef* generaldirektor* firmenchef*",
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
    (("chro",), {"en": "hr_manager* hr_director* head_of_hr head_of_human_resources human_resources_manager* "
                       "human_resources_director* hr_head* head_of_people",
                 "de": "personalchef* personalleiter* personalvorstand* hr-leiter* hr-manager* hr-chef* personalreferent* "
                       "personaler* leiter_personal",
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
    ((), {"en": "project_manager*", "de": "projektleiter* projektmanager* projektverantwortliche*",
          "hu": "projektmenedzser* projektvezeto*"}),
    ((), {"en": "auditor*", "de": "wirtschaftsprufer* revisor* auditor*", "hu": "konyvvizsgalo* belso_ellenor*"}),
    ((), {"en": "general_counsel* legal_counsel* head_of_legal", "de": "justiziar* justitiar* syndikus*",
          "hu": "jogtanacsos* jogi_igazgato*"}),
    ((), {"en": "procurement_manager* purchasing_manager* head_of_procurement", "de": "einkaufsleiter*",
          "hu": "beszerzesi_vezeto* beszerzesi_igazgato*"}),
    ((), {"en": "compliance_officer* compliance_manager*", "de": "compliance-beauftragte* compliance-manager*",
          "hu": "megfelelosegi_vezeto* compliance_vezeto*"}),
    ((), {"en": "board_of_directors board_member* supervisory_board* chairman_of_the_board chairwoman_of_the_board",
          "de": "aufsichtsrat* aufsichtsratsmitglied* aufsichtsratsvorsitzende* vorstandsmitglied*",
          "hu": "igazgatotanacs* felugyelobizottsag* igazgatosag* igazgatosagi_tag*"}),
)
# As ``_INFLECTIONS``, with German adjective endings ("Datenschutzbeauftragter"; a stem that is also
# a predicative adjective is listed with its "e", "datenschutzbeauftragte*", so "ist
# datenschutzbeauftragt" is none) and Hungarian possessives ("igazgatója", "igazgatójának"; no bare
# "-i": "projektvezetői tapasztalat" is an adjective).
_ROLE_INFLECTIONS = {
    "en": r"(?:s|es|'s)?",
    "de": r"(?:innen|in|ern|er|en|em|es|e|n|r|s|m)?",
    "hu": r"(?:ok|ek|ak|k)?(?:j?a|j?e)?(?:nak|nek|t|ot|et|at|kent|rol|tol|hoz|hez|nal|nel|ban|ben|bol|ba|be|ert|val"
          r"|vel|va|ve|ra|re)?",
}


# Words before a role name that make it another role: the Hungarian article calls the CIO
# "információs vezérigazgató" and the CTO "technológiai vezérigazgató", which are no CEO.
_NOT_AFTER = {"vezerigazgato": ("informacios ", "technologiai ")}
# A role the articles name at most this often is one they mention only in passing (the CEO: once,
# "reporting directly to the CEO"); asked about alone, it is not covered.
IN_PASSING = 2


def _business_role_pattern() -> re.Pattern:
    """One named group per ``BUSINESS_ROLES`` row (``r0``, ``r1``, ...): ``m.lastgroup`` is the row."""
    rows = []
    for i, (_, forms) in enumerate(BUSINESS_ROLES):
        alts = ["".join(f"(?<!{re.escape(before)})" for before in _NOT_AFTER.get(w.rstrip("*"), ()))
                + re.escape(w.rstrip("*")).replace("_", r"\s+") + (_ROLE_INFLECTIONS[code] if w.endswith("*") else "")
                for code, words in forms.items() for w in sorted(words.split(), key=len, reverse=True)]
        rows.append(f"(?P<r{i}>" + "|".join(alts) + ")")
    # Not after "IT": the IT staff the CIO and CTO lead ("IT project managers", "IT-Sicherheitsbeauftragter").
    return re.compile(r"(?<![\w-])(?<!it )(?:" + "|".join(rows) + r")(?![\w-])")


BUSINESS_ROLE_RE = _business_role_pattern()

# Terms of employment the articles never discuss, in our three languages (folded; "_" joins words,
# a space or a hyphen between them, "*" as in ``BUSINESS_ROLES``), one row per topic: remote work,
# leave, working time, pensions, labour law, work permits, benefits. A question about one of them
# ("Can a CIO work fully remote?", "Darf ein CTO im Homeoffice arbeiten?", "Dolgozhat-e egy CIO
# távmunkában?") asks for a detail the articles do not give, unless they use a name of the topic.
# Left out: words with an everyday second meaning ("szabadság" is also freedom, "Steuer" a verb's
# stem, "holiday" a season).
EMPLOYMENT_TOPICS: tuple[dict[str, str], ...] = (
    {"en": "remote_work* remotely work_remote* fully_remote work_from_home working_from_home home_office* telework* "
           "telecommut*",
     "de": "homeoffice* home_office* fernarbeit* telearbeit* remote-arbeit* mobiles_arbeiten",
     "hu": "tavmunka* home_office* otthonrol tavolrol"},
    {"en": "vacation* paid_leave parental_leave maternity_leave paternity_leave sick_leave sick_days",
     "de": "urlaub* elternzeit* krankheitstage* mutterschutz* urlaubstage*",
     "hu": "fizetett_szabadsag* betegszabadsag* szulesi_szabadsag* szabadsagnap*"},
    {"en": "overtime work-life_balance working_hours work_hours",
     "de": "uberstunden* arbeitszeit* work-life-balance wochenarbeitszeit*",
     "hu": "tulora* munkaido* munkaidej*"},
    {"en": "pension* retirement* retire", "de": "rente ruhestand* altersvorsorge* betriebsrente*", "hu": "nyugdij*"},
    {"en": "trade_union* labor_union* labour_union* works_council* non-compete* notice_period* employment_contract*",
     "de": "gewerkschaft* betriebsrat* kundigungsfrist* wettbewerbsverbot* arbeitsvertrag*",
     "hu": "szakszervezet* felmondasi_ido* munkaszerzodes*"},
    {"en": "visa* work_permit* green_card*", "de": "visum* arbeitserlaubnis*", "hu": "vizum* munkavallalasi_engedely*"},
    {"en": "company_car* health_insurance*", "de": "dienstwagen* firmenwagen* krankenversicherung*",
     "hu": "cegauto* egeszsegbiztositas*"},
)


def _topic_pattern() -> re.Pattern:
    """One named group per ``EMPLOYMENT_TOPICS`` row (``t0``, ``t1``, ...)."""
    rows = []
    for i, forms in enumerate(EMPLOYMENT_TOPICS):
        alts = [re.escape(w.rstrip("*")).replace("_", r"[\s-]+") + (_ROLE_INFLECTIONS[code] if w.endswith("*") else "")
                for code, words in forms.items() for w in sorted(words.split(), key=len, reverse=True)]
        rows.append(f"(?P<t{i}>" + "|".join(alts) + ")")
    return re.compile(r"(?<![\w-])(?:" + "|".join(rows) + r")(?![\w-])")


TOPIC_RE = _topic_pattern()
ACRONYM_ROW = {a: i for i, (acronyms, _) in enumerate(BUSINESS_ROLES) for a in acronyms}
ACRONYM_WORD_RE = re.compile(r"\b([A-Z]{3,4})s?\b")


def role_rows(text: str) -> list[tuple[int, int, int]]:
    """Where ``text`` names a ``BUSINESS_ROLES`` row, by name or acronym: (start, end, row), in order."""
    folded = "".join(fold(c)[:1] or c for c in text)  # one character each: positions line up
    found = [(m.start(), m.end(), int(m.lastgroup[1:])) for m in BUSINESS_ROLE_RE.finditer(folded)]
    found += [(m.start(), m.end(), ACRONYM_ROW[m.group(1).lower()]) for m in ACRONYM_WORD_RE.finditer(text)
              if m.group(1).lower() in ACRONYM_ROW]
    return sorted(found)


# Words that refer to the articles' two roles without naming them ("Which of the two answers straight
# to the chief executive?", "Wer von beiden ...?", "Melyikük ...?").
OUR_TWO_RE = re.compile(r"\b(?:the\s+two|both|either\s+of|each\s+of\s+them|beide[nrs]?|mindkett[oő]\w*|mindk[eé]t"
                         r"|melyik[uü]k|melyik[oő]j[uü]k)\b", re.IGNORECASE)


def refers_to_our_two(question: str) -> bool:
    """Whether ``question`` refers to the two roles without naming them ("Which of the two ...?")."""
    return bool(OUR_TWO_RE.search(question))


# The CIO and CTO under the names people give them (folded): "IT director", "head of IT", "chief
# technical officer", "IT-Leiter", "Technikchef", "technischer Direktor", "informatikai vezető",
# "műszaki igazgató", "technológiai igazgató".
OUR_TITLES_RE = re.compile(
    r"\b(?:it[- ](?:director|manager|chief|head|leiter\w*|chef\w*|direktor\w*|manager\w*|vezeto\w*|igazgato\w*)"
    r"|head\s+of\s+(?:it|technology|engineering|tech)|chief\s+technical\s+officers?|vp\s+of\s+engineering"
    r"|technikchef\w*|technologiechef\w*|technische[rn]?\s+(?:leiter\w*|direktor\w*|geschaftsfuhrer\w*)"
    r"|informatikai\s+(?:vezeto\w*|igazgato\w*)|muszaki\s+(?:vezeto\w*|igazgato\w*)"
    r"|technologiai\s+(?:vezeto\w*|igazgato\w*|vezerigazgato\w*)|informacios\s+vezerigazgato\w*)\b")
