"""Experiment (issues 10, 11, dev only): everyday job titles for the two roles ("head of IT", "IT-Leiter",
"informatikai vezető" for the CIO; "head of technology", "Technikchef", "műszaki igazgató" for the
CTO), written from common usage, not from the question set. When a question uses one, the role's
acronym is added to what BM25 reads (``bm25``), after the title in the text the encoders read
(``embed``: "Was macht ein IT-Leiter (CIO)?"), or both (``both``).

    HF_HUB_OFFLINE=1 python docs/experiments/role_titles.py none bm25 embed both
"""
import re
import sys

sys.path.insert(0, "docs/experiments")
from _harness import bench_line, encoder_texts, selector_cv_line  # noqa: E402

import qa.retrieval as retrieval  # noqa: E402
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.language import analyze  # noqa: E402
from qa.retrieval import Engine  # noqa: E402

TITLES = {
    "cio": [r"head of (?:IT|information technology|information)", r"IT (?:head|director|manager|chief|boss)",
            r"director of (?:IT|information technology)", r"chief of IT", r"information (?:director|chief)",
            r"IT[- ]?(?:Leiter|Chef|Direktor|Verantwortliche[rn]?)\w*", r"Leiter(?:in)? der IT",
            r"informatikai (?:vezető|igazgató|felsővezető|csúcsvezető)\w*", r"IT[- ]vezető\w*"],
    "cto": [r"head of (?:technology|tech)", r"(?:technology|tech) (?:director|chief|boss|head)",
            r"director of technology", r"Techni(?:k|sche[rn]?)[- ]?(?:chef|leiter|direktor)\w*",
            r"Technologie[- ]?(?:chef|leiter)\w*", r"technische[rn]? (?:Leiter|Direktor)\w*",
            r"műszaki (?:vezető|igazgató)\w*", r"technológiai (?:vezető|igazgató)\w*"],
}
PATTERNS = [(role, re.compile(rf"\b(?:{p})\b", re.IGNORECASE)) for role, ps in TITLES.items() for p in ps]
MODE = "none"


def titled(text):
    """(roles named by an everyday title, the text with the acronym after each title)."""
    roles, out = [], text
    for role, pat in PATTERNS:
        m = pat.search(out)
        if m and role.upper() not in out:
            roles.append(role)
            out = out[:m.end()] + f" ({role.upper()})" + out[m.end():]
    return roles, out


orig_terms = retrieval.query_terms


def query_terms(question, lang=None):
    terms, lang = orig_terms(question, lang)
    if MODE in ("bm25", "both"):
        terms = terms + [t for role in titled(question)[0] for t in analyze(role, lang)]
    return terms, lang


def text_for(state):
    base = state.embed_text or state.question
    return titled(base)[1] if MODE in ("embed", "both") else base


retrieval.query_terms = query_terms
encoder_texts(text_for, text_for)
eng = Engine.load("corpus", "index")
qs = split_questions(load_questions(DEFAULT_QUESTIONS), "dev")
hits = [q.question for q in qs if titled(q.question)[0]]
print(f"{len(hits)} dev questions use a title:", *hits[:12], sep="\n  ")
ref = None
for MODE in sys.argv[1:] or ["none", "bm25", "embed", "both"]:
    bench_line(eng, qs, MODE)
    ref = selector_cv_line(eng, [q for q in qs if q.in_scope and q.evidence], MODE, ref)
