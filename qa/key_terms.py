"""Key terms: what a question names that no article contains.

Names (capitalised words inside a sentence, in English and Hungarian), acronyms and numbers,
currencies, roles spelled out ("chief data officer") and company roles by any name
("Datenschutzbeauftragter", "pénzügyi igazgató", "CFO"; ``qa.lexicon``), terms of employment
("Homeoffice", "notice period"), countries (under any of their names in our three languages) and
occupations, each with its kind; in a question about the CIO or CTO, what a sentence that asks
nothing names is the asker's context (``context_spans``). Also the company roles the articles
name only in passing (``KeyTerms.in_passing``: the CEO). The abstention stage counts them as a
signal, refuses outright when an amount is asked for a place, currency or year the articles do not
cover or when another role is asked about alone, and names them in its refusal ("the articles do
not mention “CISO”").
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache

from qa.language import ROLE_ACRONYM_RE, analyze, fold
from qa.languages import LANGUAGES
from qa.languages import get as language
from qa.lexicon import (ACRONYMS, BUSINESS_ROLE_RE, OUR_ROLES, OUR_TITLES_RE, TOPIC_RE, folded, refers_to_our_two,
                        row_matches)

# A role the articles name at most this often is one they mention only in passing (the CEO: once,
# "reporting directly to the CEO"); asked about alone, it is not covered.
IN_PASSING = 2
# Words of IT leadership besides a role's name: "Who should the CEO hire to lead technology?" is a
# question about the CIO/CTO that mentions the CEO, not one about the CEO.
# (``_IT_WORDS`` is shared with ``_DOMAIN_RE``, the wider test of a question's domain.)
_IT_WORDS = (r"tech\w*|informati\w*|technolog\w*|technik\w*|digital\w*|software\w*|szoftver\w*|computer\w*|data|daten\w*"
             r"|adat\w*")
_TECH_RE = re.compile(rf"\b(?:it|ikt|{_IT_WORDS}|cyber\w*|security|sicherheit\w*|biztonsag\w*)\b")
# The pronoun "it" in lower case, unless a title follows ("it director"): "who is the head of it?" names no IT.
_PRONOUN_IT_RE = re.compile(r"\bit\b(?![- ](?:director|manager|chief|head|leader|lead|executive|leiter|chef|direktor"
                            r"|verantwortlich|vorstand|vezet|igazgat))")
# Who is responsible for something: "Who is responsible for the company's remote work infrastructure,
# the CIO or the CTO?" asks which role owns it, which the articles may answer; the topic is its object.
_OWNER_RE = re.compile(r"\b(?:responsib\w*|in\s+charge|owns?|zustandig\w*|verantwortlich\w*|felel(?!ossegbiztosit)\w*)\b")
# First-person words: with no "?" in a question, only what the asker says of themselves is context
# ("I'm a product manager. How do I become CTO"), not "Tell me about the CISO role. Please be brief".
_FIRST_PERSON_RE = re.compile(r"\b(?:i|i'm|i’m|my|we|we're|we’re|our|ich|mein\w*|wir|unser\w*|uns|vagyok|vagyunk"
                              r"|nalunk|cegunk\w*|en)\b")

TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+|[$€£¥]", re.UNICODE)  # "169,132" is one token


# Words a "." follows without ending a sentence (lower case, dots inside kept): "e.g. Boeing",
# "Dr. Kovács", "z.B. Siemens"; single letters ("U.S.") are abbreviations too.
ABBREVIATIONS = frozenset("""
e.g i.e vs etc approx dr mr mrs ms prof inc ltd corp co st no
z.b bzw ca usw u.a d.h evtl ggf inkl
pl stb ill kb vö ifj id
""".split())
_END_RE = re.compile(r"[.!?:;]+")
_WORD_BEFORE_RE = re.compile(r"((?:[^\W\d_]+\.)*[^\W\d_]+)$")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _ends_sentence(text: str, m: re.Match) -> bool:
    """Whether the punctuation run ``m`` in ``text`` ends a sentence: ``!?:;``, or one ``.`` followed
    by a space (or the end) that closes no abbreviation ("e.g.", "U.S.", "vs.") and no ellipsis."""
    if m.end() < len(text) and not text[m.end()].isspace():
        return False  # "3.5", "U.S.A", "CIO:CTO"
    if set(m.group(0)) - {"."}:
        return True
    if len(m.group(0)) > 1:
        return False  # an ellipsis goes on
    word = _WORD_BEFORE_RE.search(text, max(0, m.start() - 80), m.start())  # a window: no rescan from 0 at every "."
    if word is None:
        return True  # "1. Salary", "(2020)."
    w = word.group(1).lower()
    return not (len(w.rsplit(".", 1)[-1]) == 1 or w in ABBREVIATIONS)


def sentence_openers(text: str) -> frozenset[int]:
    """Where each sentence of ``text`` has its first letter: after the text's start and after every
    sentence end (list numbers, quotes and brackets before it do not count; "e.g." and "U.S." end
    no sentence)."""
    cuts = [0] + [m.end() for m in _END_RE.finditer(text) if _ends_sentence(text, m)]
    return frozenset(m.start() for m in (_LETTER_RE.search(text, c) for c in cuts) if m)


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence of ``text`` (see ``sentence_openers``)."""
    return start in sentence_openers(text)


_FULL_STOP_RE = re.compile(r"[.!?]+")


def context_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of a question about the CIO or CTO that ask nothing, beside one that asks: "Our
    CIO meets finance, HR and sales. Who should own the data platform?" asks nothing of HR. A
    sentence asks when it ends in "?"; when none does, only first-person sentences before the last
    are context ("I'm a product manager. How do I become CTO"; not "Describe what a CISO does. I need
    it for a report."). A colon ends no sentence here. Empty for a question of one sentence, and for
    one that does not name the CIO or CTO: there a pronoun may point back at what a statement names
    ("I keep hearing about the CISO role. What does it involve?")."""
    cuts = [m.end() for m in _FULL_STOP_RE.finditer(text) if _ends_sentence(text, m)]
    bounds = [(a, b) for a, b in zip([0] + cuts, cuts + [len(text)]) if text[a:b].strip()]
    if len(bounds) < 2 or not names_our_roles(text):
        return []
    asks = [text[a:b].rstrip().endswith("?") for a, b in bounds]
    if not any(asks):
        return [(a, b) for a, b in bounds[:-1] if _FIRST_PERSON_RE.search(fold(text[a:b]))]
    return [span for span, q in zip(bounds, asks) if not q]


def asked_part(question: str, context: list[tuple[int, int]] | None = None) -> str:
    """``question`` with its context sentences (``context``, default ``context_spans``) blanked out,
    positions kept."""
    for a, b in reversed(context_spans(question) if context is None else context):
        question = question[:a] + " " * (b - a) + question[b:]
    return question


def title_cased(text: str) -> bool:
    """Whether capitals carry no information in ``text`` ("What Are The Key Responsibilities Of A
    CTO?"): three in four words of three letters or more after the first are capitalised, at least
    three of them (acronyms aside; "CTO salary at Google vs. Boeing?" names two companies)."""
    words = [w for w in re.findall(r"[^\W\d_]{3,}", text)[1:] if not w.isupper()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def name_test(text: str, lang: str) -> Callable[[int, str], bool]:
    """For one question, whether the word at a position reads as a name: capitalised inside a
    sentence of an English or Hungarian question not written in title case (German capitalises
    every noun). Built once per question: the sentence starts are found in one pass."""
    if lang == "de" or title_cased(text):
        return lambda start, word: False
    openers = sentence_openers(text)
    return lambda start, word: word[:1].isupper() and not word.isupper() and start not in openers


def _content_stems(text: str) -> set[str]:
    """The first five letters of each word of four or more letters that is no stop word, folded
    ("reports", "reporting" -> "repor")."""
    return {w[:5] for w in TOKEN_RE.findall(folded(text)) if len(w) >= 4 and w.isalpha() and not is_stopword(w)}


def is_stopword(word: str) -> bool:
    low = word.lower()
    return any(low in LANGUAGES[code].stopwords for code in LANGUAGES)


_YEAR_RE = re.compile(r"(?:19|20)\d\d")
# A capital after a small letter inside a word ("BaFin", "ServiceNow", "GmbH", "iPhone"): a brand's or
# a company's spelling in every language, German included, where no common noun is written so.
_CAMEL_RE = re.compile(r"[a-zß-öø-ÿőű][A-ZÀ-ÖØ-ÞŐŰ]")
# The roles the articles are about (and the CEO they report to), by name or acronym.
_OUR_ROLE_RE = re.compile(r"\b(CIO|CTO|CEO|Chief (?:Information|Technology) Officer)s?\b", re.IGNORECASE)
# A role spelled out ("chief data officer"); it counts as a key term when no article names it,
# neither spelled out nor by its acronym (C + initials + O: "chief technical officer" is the CTO).
_ROLE_RE = re.compile(r"\bchief((?:\s+[^\W\d_]+){1,2}?)\s+officers?\b", re.IGNORECASE)
# Currency names and their common inflected forms in our three languages (folded, lower case).
# Left out on purpose: words that are also ordinary words (frank, korona, pound, rub, sterling),
# and the dollar, whose amounts the articles give as "$".
CURRENCY_WORDS = frozenset("""
euro euros eur euroban eurot eurora eurobol eurohoz forint forints forintban forintot forintra forintbol
forintnyi huf pfund gbp yen jpy rupee rupees rupie rupien rupia rupiat inr yuan cny renminbi franc francs
franken chf ruble rubles rubel rubl zloty zlotys pln krona kronor krone kronen
""".split())
# The dollar by name or code: the articles give dollar amounts as "$", so these are known when they do.
DOLLAR_WORDS = frozenset("usd dollar dollars dollarn dollár dollárban dollárt dollárra".split())
# Countries under the names people use for them in our three languages (folded, lower case). A
# name counts as known when the articles use any name of its country: they say "U.S.", so a
# question about "the USA", "the United States" or "az Egyesült Államokban" is about a place
# they cover, while "India" or "Deutschland" is not. A name of five letters or more matches its
# inflected forms ("amerikaban", "egyesult allamokbeli").
PLACES = (
    ("u.s.", "u.s.a.", "usa", "us", "united states", "united states of america", "america", "the states",
     "amerika", "vereinigte staaten", "vereinigten staaten", "egyesult allamok"),
    ("u.k.", "uk", "united kingdom", "britain", "great britain", "england", "grossbritannien", "großbritannien",
     "egyesult kiralysag", "nagy-britannia", "anglia"),
    ("germany", "deutschland", "nemetorszag"),
    ("austria", "osterreich", "oesterreich", "ausztria"),
    ("switzerland", "schweiz", "svajc"),
    ("hungary", "ungarn", "magyarorszag"),
    ("india", "indien"),
    ("china", "kina"),
    ("france", "frankreich", "franciaorszag"),
    ("canada", "kanada"),
    ("japan",),
    ("europe", "europa", "eu", "european union", "europaische union", "europaeische union", "europai unio"),
)
_PLACE_NAMES = sorted({n for row in PLACES for n in row}, key=len, reverse=True)
# Names that count as a place in lower case too: whole names of four letters or more, not an inflected
# or derived form ("canada", "schweiz", "magyarorszag"; not "european", "us", "eu").
_PLACE_NAME_LOWER = {n: i for i, row in enumerate(PLACES) for n in row if len(n) >= 4 and n.replace(" ", "").isalpha()}
_PLACE_RE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) + (r"[^\W\d_]*" if len(n) >= 5 else "")
                                         for n in _PLACE_NAMES) + r")(?![\w])")
# Occupations outside the boardroom, in our three languages (folded, lower case): a question about
# one of them ("How do I become a nurse?", "What does a teacher earn?") is about a role the
# articles do not cover unless they name it too ("_" joins the words of one). A trailing "*" lets a word take its language's
# inflections (``_INFLECTIONS``: "nurses", "Lehrerin", "orvosnak"), nothing else ("orvosol" is a
# verb, "katonai" an adjective). Left out on purpose: words that are also common words, names, IT
# terms or German for "boss" ("pilot" project, "driver", "architect", "designer", "engineer",
# "manager", "judge", "cook", "vet", threat "actors", the names Baker and Bauer, "backers", "Chef",
# "gazda", "tanít", "művész" ("művészet" is art)).
_OCCUPATION_WORDS = {
    "en": """
nurse* doctor* physician* surgeon* dentist* pharmacist* teacher* professor* lawyer* attorney* accountant*
bookkeeper* plumber* electrician* carpenter* firefighter* policeman policemen policewoman policewomen
farmer* butcher* waiter* waitress* bartender* hairdresser* barber* journalist* actress* singer* musician*
painter* dancer* athlete* footballer* midwife midwives veterinarian* soldier* priest* cashier* receptionist*
police_officer*
""",
    "de": """
krankenschwester* krankenpfleger* pfleger* pflegekraft* arzt* arzte* zahnarzt* zahnarzte* tierarzt* tierarzte*
apotheker* lehrer* anwalt* anwalte* rechtsanwalt* rechtsanwalte* buchhalter* steuerberater* klempner*
elektriker* schreiner* tischler* feuerwehrmann feuerwehrleute polizist* landwirt* metzger* kellner* friseur*
schauspieler* sanger* musiker* kunstler* tanzer* hebamme* soldat* pfarrer* erzieher* kassierer*
""",
    "hu": """
apolo* apolono* orvos* fogorvos* allatorvos* gyogyszeresz* tanar* ugyved* konyvelo* villanyszerelo*
vizvezetek-szerelo* asztalos* tuzolto* rendor* foldmuves* pek* hentes* szakacs* pincer* fodrasz* ujsagiro*
szinesz* enekes* zenesz* tancos* szuleszno* katona* pap* ovono* penztaros*
""",
}
# Inflections a starred occupation may take (folded): English plurals and possessives, German
# feminine and plural forms, Hungarian plural and case endings ("orvosoknak", "tanárként").
_INFLECTIONS = {
    "en": r"(?:s|es|'s)?",
    "de": r"(?:in|innen|en|n|e|es|s)?",
    "hu": r"(?:ok|ek|ak|k)?(?:nak|nek|t|ot|et|at|kent|rol|tol|hoz|hez|nal|nel|ban|ben|bol|ba|be|ert|val|vel|ra|re)?",
}
OCCUPATIONS = frozenset(w.rstrip("*").replace("_", " ") for words in _OCCUPATION_WORDS.values() for w in words.split())


def _occupation_pattern() -> re.Pattern:
    """One alternative per occupation (longest first), grouped by first letter: the question is
    scanned on every question, and a branch per letter spares trying all of them at each word."""
    by_letter: dict[str, list[str]] = {}
    for code, words in _OCCUPATION_WORDS.items():
        for w in sorted(words.split(), key=lambda w: len(w.rstrip("*")), reverse=True):
            stem = w.rstrip("*")
            by_letter.setdefault(stem[0], []).append(
                re.escape(stem[1:]).replace("_", r"\s+") + (_INFLECTIONS[code] if w.endswith("*") else ""))
    branches = (re.escape(first) + "(?:" + "|".join(rest) + ")" for first, rest in sorted(by_letter.items()))
    return re.compile(r"(?<![\w-])(" + "|".join(branches) + r")(?![\w-])")


_OCCUPATION_RE = _occupation_pattern()

# Words of the articles' world, folded: a question with one of them is about IT leadership, and an
# occupation in it is the asker's context ("I am a teacher. How do I become an IT director?",
# "Milyen rendszereket kezel az informatikai vezető?").
_DOMAIN_RE = re.compile(rf"\b(?:cio|cto|ceo|chief|(?:information|technology|technical)\s+officers?|{_IT_WORDS}"
                        r"|director\w*|direktor\w*|executive\w*|vezerigazgato\w*|igazgato\w*|leiter\w*"
                        r"|fuhrungskraft\w*)\b")


_IT_RE = re.compile(r"\b(?:IT|IKT)(?:-|\b)")  # in capitals: "it" is a pronoun


def names_our_roles(question: str) -> bool:
    """Whether ``question`` is about the CIO or CTO: by acronym or title ("Chief Information Officer"),
    under another name ("IT director", "IT-Leiter", "informatikai vezető"), as "the two" ("Wer von
    beiden ...?"). "IT" alone is not enough: "IT-biztonsági vezető" and "IT security manager" are other
    roles."""
    return (bool(roles_named(question) & {"cio", "cto"}) or refers_to_our_two(question)
            or bool(OUR_TITLES_RE.search(fold(_PRONOUN_IT_RE.sub("_", question)))))


def roles_before_ours(question: str, terms: list[tuple[str, str]]) -> list[str]:
    """The other roles among ``terms`` (key terms with their kinds, ``KeyTerms.by_kind``) that are the
    question's subject: named before the CIO or CTO, with a reporting line or a comparison in their
    sentence ("Does the CISO report to the CIO?", "product owner vs cto?", "Wem ist ein Chief Risk
    Officer unterstellt, dem CEO oder dem CIO?"). Not "Does the CIO report to the CFO?" (the CFO is
    the object), "What should HR look for when hiring a CIO?" (the CIO is what is asked about), the
    asker's own role ("As a project manager, …") or one of a list ("the CFO or the CIO")."""
    text = fold(_PRONOUN_IT_RE.sub("_", question))
    starts = [m.start() for m in _OUR_ROLE_RE.finditer(text) if _role(m.group(1)) in ("cio", "cto")]
    starts += [m.start() for m in OUR_TITLES_RE.finditer(text)]
    if not starts:
        return []
    first = min(starts)
    found = []
    for term, kind in terms:
        if kind in ("role", "company_role"):
            at = text.find(fold(term))
            end = at + len(fold(term))
            if not 0 <= at < first:
                continue
            if _AS_ROLE_RE.search(text[:at]) or _AS_ROLE_AFTER_RE.match(text, end) or fold(term).endswith("kent"):
                continue  # the asker's own role: "As a project manager, …", "Projektvezető vagyok, …"
            if _ALTERNATIVE_RE.fullmatch(text, end, first):
                continue  # one of a list or of alternatives: "Should the CFO or the CIO manage IT budgets?"
            start, stop = max(text.rfind(c, 0, at) for c in ".?!\n") + 1, text.find("?", first)
            if _RELATION_RE.search(text, start, len(text) if stop < 0 else stop):  # in their sentence: "a CIO alá",
                found.append(term)  # "Berichtet der Scrum Master an den CTO?"
    return found


# Before a role, what makes it the asker's own ("As a", "Being a", "I'm currently a", "Als", "Ich bin
# der"); after it, Hungarian "vagyok" (I am) or the "-ként" (as) ending.
_AS_ROLE_RE = re.compile(r"\b(?:as|being|als|i['’]?m|i\s+am|ich\s+bin)\s+(?:[^\W\d_]+\s+){0,2}$")
_AS_ROLE_AFTER_RE = re.compile(r"(?:kent|\s+vagyok)\b")
# In the sentence of another role and ours, a reporting line or a comparison (folded): the other role
# is the subject.
_RELATION_RE = re.compile(r"\b(?:report\w*|answers?\s+to|under|vs|versus|compared|than|unterstellt|unter|berichte\w*"
                          r"|vergleich\w*|als|ala|alatt|beszamol\w*|jelent\w*|mint)\b")
# Between another role and ours, what makes them items of one list or alternatives (folded).
_ALTERNATIVE_RE = re.compile(r"\s*(?:,|/|or|oder|vagy|and|und|es|or\s+even)\s*(?:(?:the|der|die|das|dem|den|a|az|an|ein|eine|einen|egy)\s+)?")


def about_our_domain(question: str) -> bool:
    """Whether ``question`` names the CIO, the CTO or anything of IT leadership (any of our languages)."""
    return (bool(roles_named(question) & {"cio", "cto"}) or bool(_IT_RE.search(question))
            or bool(_DOMAIN_RE.search(fold(question))))


# A self-introduction ("I'm {name}", "{name} vagyok"): the asker's name is no term the articles lack.
# Every language's ``introductions`` (shared with qa.small_talk), each finding where such a name starts.
_INTRO_RES = tuple(re.compile(r"\b" + p.replace("{name}", r"(?P<name>\w+)") + r"\b", re.IGNORECASE)
                   for record in LANGUAGES.values() for p in record.introductions)


def _introduced_names(question: str) -> set[int]:
    """Where the asker's own name starts ("Hi, I'm Peter.", "Ich heiße Anna", "Péter vagyok")."""
    return {m.start("name") for r in _INTRO_RES for m in r.finditer(question)}

# The names of our three languages, in each of them: "the German article" names no missing thing.
LANGUAGE_NAMES = frozenset("english german hungarian englisch deutsch ungarisch angol nemet magyar".split())
MAX_TERMS_SHOWN = 3  # key terms a refusal names
MAX_TERM_CHARS = 40


def _occupation(word: str) -> str:
    """The ``OCCUPATIONS`` entry a matched (folded) word is a form of: ``nurses`` -> ``nurse``,
    ``arzten`` -> ``arzt`` (the shortest entry it starts with, so one family is one entry)."""
    return min((w for w in OCCUPATIONS if word.startswith(w)), key=len, default=word)


def _role(name: str) -> str:
    r = name.lower()
    return "cio" if r.startswith("cio") or "information" in r else "cto" if r.startswith("cto") or "technology" in r else r


def roles_named(text: str) -> set[str]:
    """The roles of ours a text names: ``{"cio", "cto", "ceo"}`` at most ("Chief Information Officer" is the CIO)."""
    return {_role(m.group(1)) for m in _OUR_ROLE_RE.finditer(text)}


def first_role(text: str) -> str | None:
    """The role of ours a text names first, usually its subject ("the CTO reports to the CIO" -> ``"cto"``)."""
    m = _OUR_ROLE_RE.search(text)
    return _role(m.group(1)) if m else None


# The role in a question for its holder: an acronym ("CTO", "cto", "CISO", Hungarian "CTO-ja"),
# "chief … officer", or one title word ("igazgatója", "Direktor", "IT-Leiter", "Technikchef";
# not Hungarian "vezető", which is also any leader: "Ki az IT vezetője?").
_HOLDER_ROLE = (r"(?:[A-Z]{2,5}s?(?:-\w+)?|(?i:c(?:[a-z]|is)os?\b(?:-\w+)?)|(?i:chief(?:\s+\w+){1,2}\s+officer)"
                r"|(?i:\b[\w-]*(?:igazgató|direktor|leiter|chef)\w*))")
# Words, for the pairs of capitalised ones that may be a person's name ("Joshua Millsapps", "John
# McDonald", "Äneas Müller"), and the capitalised words of a title that are no name.
_WORD_SPAN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TITLE_WORDS = frozenset("chief information technology technical officer executive financial data security operating "
                         "digital product marketing".split())


def role_holder_asked(question: str, lang: str, known: Collection[str] = frozenset()) -> str | None:
    """The organisation whose holder of a role the question asks for ("Who is the CTO of DigiSync?"
    -> ``"DigiSync"``; the patterns are the language's ``role_holder``), else None. ``known``: the
    articles' (folded) words, which after a German genitive are common nouns ("des Unternehmens")."""
    return _org_of(question, _holder_patterns(lang, "role_holder"), lang, known)


def role_org_named(question: str, lang: str, known: Collection[str] = frozenset()) -> str | None:
    """The named organisation a role in the question belongs to, wherever it stands ("How much does
    Google's CTO earn?" -> ``"Google"``; the language's ``role_org`` patterns), else None."""
    return _org_of(question, _holder_patterns(lang, "role_org"), lang, known)


# Adverbs that can stand where an organisation's name would ("Welches Unternehmen hat als erstes einen
# CTO?", "Does it really need a CTO?"): no names (folded).
_NO_NAMES = frozenset("als erstes zuerst schon wirklich immer noch eigentlich heute really actually ever still always "
                      "usually typically even also first currently today now mar meg mindig tenyleg altalaban "
                      "jelenleg".split())


_ARTICLES = frozenset("the a an der die das den dem az egy".split())


def org_with_role_asked(question: str, lang: str, known: Collection[str] = frozenset()) -> str | None:
    """The organisation a question asks whether it has a role ("Does Netflix have a CIO?" ->
    ``"Netflix"``, "Hat die Deutsche Bahn einen CTO?" -> ``"Deutsche Bahn"``; the language's
    ``org_has_role`` patterns; leading stop words dropped), when a word of it reads as a name:
    capitalised, no stop word, no common noun for an organisation ("Does your company need a
    CTO?"), no role and none the articles use (``known``: "Does DigiSync have a CIO?" is theirs to
    answer). A name typed in lower case is not recognised ("hat die deutsche bahn einen cto"): an
    unknown lower-case word is as often an adjective ("kleinen Firmen"). Else None."""
    if title_cased(question):
        return None
    generic = _no_name_words()
    for pattern in _holder_patterns(lang, "org_has_role"):
        for m in pattern.finditer(question):
            raw = _WORD_SPAN_RE.findall(m.group("org"))
            if any(is_stopword(w) for w in raw[1:]) or (raw and is_stopword(raw[0]) and fold(raw[0]) not in _ARTICLES):
                continue  # no name runs across a stop word: "Braucht es in Großunternehmen einen CIO?"
            org = _without_leading_stopwords(m.group("org").strip(" .,;:-"))
            words = _WORD_SPAN_RE.findall(org)
            if any(w[:1].isupper() and not is_stopword(w) and fold(w) not in generic and fold(w) not in known
                   and len(w) > 1 and not ROLE_ACRONYM_RE.fullmatch(w.upper()) for w in words):
                return org  # a capitalised word the articles do not use ("kleinen Firmen", "a nagyvállalatoknak": none)
    return None


@lru_cache(maxsize=1)
def _no_name_words() -> frozenset[str]:
    """Every language's common nouns for an organisation and ``_NO_NAMES``, joined once."""
    return frozenset().union(*(rec.generic_orgs for rec in LANGUAGES.values())) | _NO_NAMES


def _without_leading_stopwords(text: str) -> str:
    """``text`` from its first word that is no stop word on ("die deutsche bahn" -> "deutsche bahn")."""
    for m in _WORD_SPAN_RE.finditer(text):
        if not is_stopword(m.group(0)):
            return text[m.start():]
    return text


def _org_of(question: str, patterns: tuple[re.Pattern, ...], lang: str, known: Collection[str]) -> str | None:
    if title_cased(question):
        return None  # capitals say nothing: "How Much Does The CIO Of A Company Earn?"
    for pattern in patterns:
        for m in pattern.finditer(question):
            org = m.group("org").rstrip("?!,;:-")
            if org.endswith(".") and not re.search(r"(?:^|[.\s])[^\W\d_]\.$", org):
                org = org[:-1]  # a sentence's full stop, not an abbreviation's ("U.S.")
            single = " " not in org and not (org.isupper() or _CAMEL_RE.search(org))
            genitive = (m.groupdict().get("genitive") or "").lower()
            if single and lang == "de" and (fold(org) in language(lang).generic_orgs or genitive == "des"
                                            or (genitive and (fold(org) in known or not known))):
                continue  # German capitalises nouns: "bei Firmen", "der CIO der Firma", "des Technologiebereichs"
                # ("der Allianz", "von Oracle": names; a firm's name rarely takes "des")
            if roles_named(org) & {"cio", "cto"} or (single and fold(org) in language(lang).generic_orgs):
                continue  # a role of ours ("Wer ist der Chef des Chief Technology Officers?"), or no name ("the C-suite")
            if all(ROLE_ACRONYM_RE.fullmatch(w.split("-")[0].upper()) or w.split("-")[0].upper() in ("IT", "EDV")
                   for w in org.split()):
                continue  # a role or IT, no organisation ("Wer ist der Chef des CIO?", "der Leiter des IT-Betriebs")
            return org
    return None


@lru_cache(maxsize=None)
def _holder_patterns(lang: str, field: str) -> tuple[re.Pattern, ...]:
    """The language's ``role_holder``, ``role_org`` or ``org_has_role`` patterns with the role filled in, compiled once."""
    return tuple(re.compile(p.replace("{role}", _HOLDER_ROLE)) for p in getattr(language(lang), field))


def names_person(text: str) -> bool:
    """Whether ``text`` may name a person: two capitalised words in a row, not opening a sentence
    and not a title ("Chief Technology Officer"). Generous on purpose ("Los Angeles", German
    nouns): it only decides that a question for a role's holder is still left to the model."""
    words = list(_WORD_SPAN_RE.finditer(text))
    for a, b in zip(words, words[1:]):
        first, second = a.group(0), b.group(0)
        if not (_capitalised(first) and _capitalised(second)) or text[a.end():b.start()].strip():
            continue  # not two capitalised words with only space between them
        before = text[:a.start()].rstrip()
        if before and before[-1] not in ".!?:" and not {first.lower(), second.lower()} & _TITLE_WORDS:
            return True
    return False


def _capitalised(word: str) -> bool:
    """A capital, then at least one small letter ("Joshua", "McDonald"; not "CTO")."""
    return word[:1].isupper() and any(c.islower() for c in word[1:])


def _alike(a: str, b: str) -> bool:
    """Words that start alike: the same first five letters, or one a short form of the other ("tech")."""
    return a[:5] == b[:5] or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)))


def _acronym(middle: tuple[str, ...]) -> str:
    """``("data",)`` -> ``cdo``: the acronym of "chief <middle> officer"."""
    return "c" + "".join(w[0] for w in middle) + "o"


class KeyTerms:
    """What the articles contain (tokens, spelled-out roles, countries), to find what a question
    names that they lack.

    Args:
        texts: the articles' texts and titles.
        vocab: the analysed terms of the BM25 index (inflected forms of known words are known).
    """

    def __init__(self, texts: Iterable[str], vocab: Collection[str]) -> None:
        texts = list(texts)
        self.vocab = vocab
        self.tokens = frozenset(fold(t) for text in texts for t in TOKEN_RE.findall(text))
        roles: dict[str, set[tuple[str, ...]]] = {}  # acronym -> the spelled-out roles the articles use
        for text in texts:
            for m in _ROLE_RE.finditer(text):
                middle = tuple(fold(w) for w in m.group(1).split())
                roles.setdefault(_acronym(middle), set()).add(middle)
        self.roles = roles
        self.places = self._places_in(texts)
        self.occupations = frozenset(_occupation(m.group(1)) for text in texts
                                     for m in _OCCUPATION_RE.finditer(fold(text)))
        # How often the articles name each ``BUSINESS_ROLES`` row, by a name or its acronym.
        mentions: dict[int, int] = {}
        for text in texts:
            for _, _, row in row_matches(BUSINESS_ROLE_RE, text):
                mentions[row] = mentions.get(row, 0) + 1
        self.role_mentions = mentions
        self.business_roles = frozenset(mentions)
        self.topics = frozenset(row for text in texts for _, _, row in row_matches(TOPIC_RE, text))

    @staticmethod
    def _place_row(name: str) -> int | None:
        """The ``PLACES`` row a matched (folded) name belongs to, inflection allowed."""
        for i, row in enumerate(PLACES):
            if name in row or any(len(n) >= 5 and name.startswith(n) for n in row):
                return i
        return None

    def known_place(self, name: str) -> bool:
        """Whether ``name`` ("USA") is a name of a country the articles name."""
        row = self._place_row(fold(name))
        return row is not None and row in self.places

    def _places_in(self, texts: Iterable[str]) -> frozenset[int]:
        """The ``PLACES`` rows the texts name."""
        found: set[int] = set()
        for text in texts:
            for m in _PLACE_RE.finditer(fold(text)):
                row = self._place_row(m.group(1))
                if row is not None:
                    found.add(row)
        return frozenset(found)

    def _known_role(self, middle: tuple[str, ...]) -> bool:
        """Whether the articles name the role "chief <middle> officer".

        Known when they spell it with words that start alike ("technical" ~ "technology"), or
        use its acronym and spell no other role with it ("chief executive officer" is the
        CEO; "chief innovation officer" is no CIO: the articles spell that one "information").
        """
        acronym = _acronym(middle)
        spelled = self.roles.get(acronym)
        if spelled:
            return any(len(m) == len(middle) and all(_alike(a, b) for a, b in zip(m, middle)) for m in spelled)
        return acronym in self.vocab

    def in_passing(self, question: str, answers: Iterable[str] = (),
                   context: list[tuple[int, int]] | None = None) -> list[str]:
        """Company roles the question names (by name or acronym, outside its context sentences) that the
        articles name only ``IN_PASSING`` times or fewer and none of ``answers`` (the answer sentences
        and passages) names: "What is the CEO's role?" asks about a role they name once. Not when the
        question speaks of IT leadership besides ("Who should the CEO hire to lead technology?").
        ``context``: the question's ``context_spans``, when the caller has them."""
        context = context_spans(question) if context is None else context
        found = [(start, end, row) for start, end, row in row_matches(BUSINESS_ROLE_RE, question)
                 if 0 < self.role_mentions.get(row, 0) <= IN_PASSING and not any(a <= start < b for a, b in context)]
        if not found:
            return []
        rest = folded(question)
        for start, end, _ in found:
            rest = rest[:start] + " " * (end - start) + rest[end:]
        if _TECH_RE.search(rest):
            return []
        # An answer names the role and shares another word with the question ("Who reports directly to the
        # CEO?" / "… reporting directly to the CEO"). Naming it is not enough: once the query adapter found
        # the one passage that names the CEO, "What is the CEO's role?" was answered with "CIOs … report
        # directly to the CEO".
        asked = _content_stems(rest)
        answered = {row for text in answers if asked & _content_stems(text)
                    for _, _, row in row_matches(BUSINESS_ROLE_RE, text)}
        return [question[start:end] for start, end, row in found if row not in answered]

    def terms(self, question: str, lang: str = "en", repaired: Collection[str] = ()) -> list[str]:
        """See ``by_kind``: the terms alone."""
        return [t for t, _ in self.by_kind(question, lang, repaired)]

    def by_kind(self, question: str, lang: str = "en", repaired: Collection[str] = (),
                context: list[tuple[int, int]] | None = None) -> list[tuple[str, str]]:
        """Names, places, numbers, currencies and roles of the question that no article contains,
        each with its kind (``name``, ``place``, ``currency``, ``role``, ``company_role``, ``occupation``, ``topic``,
        ``year``;
        other numbers and acronyms are names), in the order they are found.

        Roles spelled out ("chief data officer", "pénzügyi igazgató") count whole; currency words ("forintban",
        "Euro") count in any case; the names of our languages ("German", "magyar") are known. In a
        question about the CIO or CTO, nothing in a sentence that asks nothing counts
        (``context_spans``); a term of employment does not count in a question for who is
        responsible ("Who is responsible for the remote work infrastructure?").

        A capitalised word counts as a name only inside a sentence ("e.g." and "U.S." end none),
        when it is no stop word of ours ("Unser" opens a sentence), when the term repair did not
        read it as a typo (``repaired``: "Responsibilites"), when the question is not written in
        title case and when it is not German: German
        capitalises every noun, and "Gehalt" or "Datensicherheit" are words the English
        articles cover in other words (counting them refused "Wie hoch ist das Gehalt eines
        CIO?"); acronyms, numbers, currencies, roles and places count in every language. A
        name whose stems the corpus has ("Anbietern") is known.
        """
        out = []
        spans = []
        for role in _ROLE_RE.finditer(question):
            middle = role.group(1).split()
            if any(is_stopword(w) for w in middle):  # "chief among the officers" names no role
                continue
            if not self._known_role(tuple(fold(w) for w in middle)):
                kind = "company_role" if _acronym(tuple(fold(w) for w in middle)) in ACRONYMS else "role"
                out.append((" ".join(role.group(0).split()), kind))
            spans.append(role.span())
        flat = folded(question)  # one character each: positions line up
        for place in _PLACE_RE.finditer(flat):
            row = self._place_row(place.group(1))
            surface = question[place.start():place.end()]
            if row is None or any(a <= place.start() < b for a, b in spans) \
                    or (len(surface) <= 3 and surface.isalpha() and not surface.isupper()):  # "us" is no US
                continue
            # "european" is no place named, unless nothing in the question is capitalised; a country's own
            # name typed in lower case is ("cto salary in canada", "mennyit keres egy cto magyarorszagon")
            if row not in self.places and (surface[:1].isupper() or _PLACE_NAME_LOWER.get(fold(surface)) == row
                                           or not any(c.isupper() for c in question)):
                out.append((surface, "place"))
            spans.append(place.span())
        for occ in _OCCUPATION_RE.finditer(flat):
            if any(a <= occ.start() < b for a, b in spans):
                continue
            if _occupation(occ.group(1)) not in self.occupations:
                out.append((question[occ.start():occ.end()], "occupation"))
            spans.append(occ.span())
        context = context_spans(question) if context is None else context
        skip = spans + context
        owner_asked = bool(_OWNER_RE.search(flat))
        for pattern, kind, known in ((BUSINESS_ROLE_RE, "company_role", self.business_roles),
                                     (TOPIC_RE, "topic", self.topics)):
            for start, end, row in row_matches(pattern, question):
                if any(a <= start < b for a, b in skip):
                    continue  # counted already, or the asker's context in a sentence that asks nothing
                if row not in known and not (kind == "topic" and owner_asked):
                    out.append((question[start:end], kind))
                spans.append((start, end))
        is_name = name_test(question, lang)
        introduced = _introduced_names(question)
        for m in TOKEN_RE.finditer(question):
            w = m.group(0)
            if any(a <= m.start() < b for a, b in spans):
                continue
            if fold(w) in CURRENCY_WORDS and fold(w) not in self.tokens:
                out.append((w, "currency"))
                continue
            if w.lower() in DOLLAR_WORDS:  # "in USD": the articles' "$" amounts
                if "$" not in self.tokens:
                    out.append((w, "currency"))
                continue
            if m.start() in introduced:
                continue  # the asker's own name ("Hi, I'm Peter.", "Ich heiße Anna", "Péter vagyok")
            is_key = (w.isupper() and len(w) > 1) or any(ch.isdigit() for ch in w) or w in "$€£¥" \
                or bool(_CAMEL_RE.search(w)) \
                or (len(w) > 2 and w not in repaired and not is_stopword(w) and is_name(m.start(), w))
            if not is_key:
                continue
            f = fold(w)
            if f in LANGUAGE_NAMES:
                continue
            base = f[:-1] if w.isupper() and f.endswith("s") and len(f) > 3 else f
            if f in self.tokens or base in self.tokens:
                continue
            if not w.isupper() and w[:1].isalpha():
                stems = analyze(w, lang) + analyze(language(lang).respell(w), lang)
                if stems and any(t in self.vocab for t in stems):
                    continue
            if any(a <= m.start() < b for a, b in context):
                continue  # the asker's context: "Our CIO meets finance, HR and sales. ... ?" asks nothing of HR
            kind = "year" if _YEAR_RE.fullmatch(w) else "role" if ROLE_ACRONYM_RE.fullmatch(w) else "name"
            out.append((w, kind))
        return out


def phrases(question: str, terms: list[str]) -> list[str]:
    """``terms`` found in ``question`` in order, with neighbours only a space apart joined into one:
    ``["OTP", "Bank"]`` -> ``["OTP Bank"]`` (a refusal names "OTP Bank", not "OTP, Bank")."""
    out: list[str] = []
    last_end = -1
    pos = 0
    for term in terms:
        start = question.find(term, pos)
        if start < 0:  # not verbatim in the question (cannot happen for by_kind's terms): keep as is
            out.append(term)
            last_end = -1
            continue
        end = start + len(term)
        joinable = not (out[-1].isupper() and term.isupper()) and not any(ch.isdigit() for ch in out[-1] + term) \
            if out else False  # "CISO CFO" and "Japan 2010" are two things
        if joinable and last_end >= 0 and question[last_end:start] == " ":
            out[-1] = out[-1] + " " + term
        else:
            out.append(term)
        last_end, pos = end, end
    return out


def term_list(terms: list[str], lang: str = "en") -> str:
    """The first ``MAX_TERMS_SHOWN`` distinct terms (case-insensitive), each cut to ``MAX_TERM_CHARS``,
    quoted as typed and joined in the language's way (“CISO”, “CFO” or “Siemens”): a quoted term
    reads right in any inflected form ("„pénzügyi igazgatónak”")."""
    seen: dict[str, str] = {}
    for t in terms:
        key = t.casefold()[:-1] if t[:-1].isupper() and t.endswith("s") and len(t) > 2 else t.casefold()  # CFOs = CFO
        seen.setdefault(key, t if len(t) <= MAX_TERM_CHARS else t[: MAX_TERM_CHARS - 1] + "…")
    ui = language(lang).ui
    opening, closing = ui["term_quotes"]
    quoted = [f"{opening}{t}{closing}" for t in list(seen.values())[:MAX_TERMS_SHOWN]]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {ui['terms_or']} " + quoted[-1]


# A follow-up is short: a long message that opens with "and" says what it asks.
FOLLOW_UP_MAX_WORDS = 10
_FOLLOW_UP_RES = tuple((re.compile(rec.follow_up[0], re.IGNORECASE), re.compile(rec.follow_up[1], re.IGNORECASE))
                       for rec in LANGUAGES.values() if rec.follow_up)


def follows_up(question: str) -> bool:
    """Whether a message only makes sense after the previous question, in any of our languages: it
    opens with "and" / "what about" ("And the CTO?", "Und in Deutschland?", "És mennyit keres?"), or
    it names no role and stands a pronoun for someone named before ("What does he earn?")."""
    if len(question.split()) > FOLLOW_UP_MAX_WORDS:
        return False
    names_role = bool(roles_named(question) or OUR_TITLES_RE.search(fold(question)) or ROLE_ACRONYM_RE.search(question))
    return any(start.search(question) or (not names_role and pronoun.search(question))
               for start, pronoun in _FOLLOW_UP_RES)


# "And the CIO?" after "What does a CTO do?": the follow-up only swaps the role.
SWAP_MAX_WORDS = 4


def swap_role(previous: str, follow_up: str) -> str | None:
    """The previous question with its role swapped, when a short follow-up names only the other of
    our two roles ("And the CIO?", "Und der CTO?", "És a CIO?" after a question about the other one):
    "What does a CTO do?" + "And the CIO?" -> "What does a CIO do?". None when the follow-up says more,
    or either message names both roles or neither, or the previous names its role some other way."""
    if len(follow_up.split()) > SWAP_MAX_WORDS:
        return None
    new, old = roles_named(follow_up) & {"cio", "cto"}, roles_named(previous) & {"cio", "cto"}
    if len(new) != 1 or len(old) != 1 or new == old:
        return None
    (to,), (was,) = new, old

    def replace(m: re.Match) -> str:
        acronym, titles = OUR_ROLES[to]
        text = m.group(0)
        name = titles[0] if " " in text else acronym
        if text.islower():
            return name.lower()
        return name if text[:1].isupper() or text.isupper() else name.lower()

    acronym, titles = OUR_ROLES[was]
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, titles))}|{acronym})(?=s?\b|-)", re.IGNORECASE)
    swapped = pattern.sub(replace, previous)
    return swapped if swapped != previous and roles_named(swapped) & {"cio", "cto"} == new else None
