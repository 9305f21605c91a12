"""The near-domain question set: on-topic questions that no corpus article answers."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from qa.bench.questions import DEFAULT_QUESTIONS, GROUPS, load_questions
from qa.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "de", "hu")
KINDS = {"role", "company", "country", "detail", "reuse", "history"}


def _fold(text: str) -> str:
    """Case- and accent-fold: 'Németország' -> 'nemetorszag', 'Kündigungsfrist' -> 'kundigungsfrist'."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def _mentions(text: str, term: str) -> bool:
    """True if ``term`` starts a word of ``text`` (so inflected forms like 'Indiában' count for 'India')."""
    return re.search(r"(?<!\w)" + re.escape(_fold(term)), _fold(text)) is not None


@pytest.fixture(scope="module")
def raw() -> list[dict]:
    lines = DEFAULT_QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [d for d in (json.loads(x) for x in lines if x.strip()) if d["group"] == "near_domain"]


@pytest.fixture(scope="module")
def articles() -> list[str]:
    texts = [a.title + "\n" + a.text for a in load_corpus(ROOT / "corpus")]
    assert len(texts) == 5
    return texts


def test_group_is_registered_and_kept_apart_from_far_out_of_scope():
    assert "near_domain" in GROUPS and "out_of_scope" in GROUPS
    groups = Counter(q.group for q in load_questions(DEFAULT_QUESTIONS))
    assert groups["out_of_scope"] >= 20 and groups["near_domain"] >= 50


def test_enough_questions_per_language_none_answerable(raw):
    qs = [q for q in load_questions(DEFAULT_QUESTIONS) if q.group == "near_domain"]
    assert len(qs) == len(raw) >= 50
    per_lang = Counter(q.lang for q in qs)
    assert set(per_lang) == set(LANGS)
    assert all(per_lang[lang] >= 15 for lang in LANGS), per_lang
    assert not any(q.in_scope for q in qs)
    assert all(d["evidence"] == [] for d in raw)


def test_ids_unique_and_every_question_says_why_it_is_unanswered(raw):
    ids = [d["id"] for d in raw]
    assert len(set(ids)) == len(ids)
    # "near-b5-01": the second batch's fifth writer; "b3-de-near-01": the third batch's German writer
    assert all(re.fullmatch(r"near-(?:b\d+-)?\d{2,}|b\d+-(?:en|de|hu)-near-\d{2,}", i) for i in ids), ids
    for d in raw:
        assert isinstance(d.get("note"), str) and len(d["note"].split()) >= 3, d["id"]
        assert d.get("kind") in KINDS, d["id"]
    texts = [_fold(d["question"]) for d in raw]
    others = {_fold(q.question) for q in load_questions(DEFAULT_QUESTIONS) if q.group != "near_domain"}
    assert len(set(texts)) == len(texts), "duplicate near-domain question"
    assert not set(texts) & others, "near-domain question repeats a question of another group"


def test_each_language_covers_roles_companies_countries_and_details(raw):
    for lang in LANGS:
        kinds = {d["kind"] for d in raw if d["lang"] == lang}
        assert {"role", "company", "country", "detail", "reuse"} <= kinds, (lang, kinds)


def test_key_terms_are_in_the_question_and_in_no_article(raw, articles):
    with_term = [d for d in raw if "key_term" in d]
    assert len(with_term) >= 0.8 * len(raw)
    for d in with_term:
        term = d["key_term"]
        assert term.strip() and _mentions(d["question"], term), f"{d['id']}: key term {term!r} not in its question"
        found = [i for i, text in enumerate(articles) if _mentions(text, term)]
        assert not found, f"{d['id']}: key term {term!r} occurs in corpus article(s) {found}"


def test_key_term_check_would_catch_terms_the_corpus_does_contain(articles):
    # Terms that are in the articles (one only accent-folded, one only inflected, one only in German)
    for term in ("Payscale", "vezerigazgato", "Oracle", "Engineering Group", "Bureau of Labor"):
        assert any(_mentions(text, term) for text in articles), term
    assert _mentions("Mennyit keres egy CIO Magyarországon?", "Magyarország")
    # Word-start matching is strict on purpose: a bare "COO" would be flagged by "cooperation",
    # so the COO questions use "Chief Operating Officer" as their key term.
    assert _mentions("cooperation", "COO")
    assert not _mentions("decision", "CISO")


def test_loader_ignores_the_extra_fields(tmp_path):
    p = tmp_path / "q.jsonl"
    p.write_text(json.dumps({"id": "n1", "question": "Who is the CTO of Microsoft?", "lang": "en",
                             "group": "near_domain", "evidence": [], "kind": "company",
                             "key_term": "Microsoft", "note": "no company named"}) + "\n", encoding="utf-8")
    (q,) = load_questions(p)
    assert (q.id, q.group, q.evidence, q.in_scope) == ("n1", "near_domain", (), False)
