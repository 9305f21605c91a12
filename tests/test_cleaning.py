from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.cleaning import clean_text, is_furniture, repair_mojibake, split_table_row
from qa.corpus import article_from_seed, corpus_files, load_corpus, write_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = CORPUS / "raw"  # the raw originals are part of the repository


@pytest.mark.parametrize("line", [
    "Schreibe einen Kommentar",
    "Deine E-Mail-Adresse wird nicht veröffentlicht.",
    "Find other PDF articles:",
    "<https://staging.liftfoils.com/archive-ga-23-01/pdf?dataid=ZKx97-2778&title=2020-pals-provider-manual.pdf>",
    "Back to Home: <https://staging.liftfoils.com>",
    "Signup for Thought Leader",
    "Get the latest IT management thought leadership delivered to your mailbox.",
    "Mailchimp Signup (Short)",
    "Join The Largest Global Network of CIOs!",
    "Over 75,000 of your peers have begun their journey to CIO 3.0 Are you ready to start yours?",
])
def test_furniture_lines_are_recognised(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "The CIO has a range of responsibilities that include:",
    "Get to know us.",
    "Wenn Sie an einer der beiden Rollen interessiert sind, können Sie auch den Artikel lesen.",
])
def test_article_sentences_are_not_furniture(line):
    assert not is_furniture(line)


def test_repeated_title_is_furniture():
    assert is_furniture("Chief Information Officer Vs Chief Technology Officer",
                        title="chief information officer vs chief technology officer")


def test_hungarian_mojibake_is_repaired():
    assert repair_mojibake("felelõs mûködõképessé") == "felelős működőképessé"
    _, body = clean_text("Cím\nA CIO felelõssége az informatikai mûveletek.\nMásik sor.\nHarmadik.\nNegyedik.", "hu")
    assert "felelőssége" in body and "műveletek" in body and "õ" not in body and "û" not in body


def test_table_row_is_split_into_aspect_cio_cto():
    row = ("Primary FocusOverseeing and managing a company's internal IT infrastructure and operations"
           "Leading the development of new technologies and external product initiatives")
    assert split_table_row(row) == (
        "Primary Focus",
        "Overseeing and managing a company's internal IT infrastructure and operations",
        "Leading the development of new technologies and external product initiatives",
    )
    assert split_table_row("Stakeholder InteractionPrimarily internal stakeholders (e.g., employees)Both internal and external") == (
        "Stakeholder Interaction", "Primarily internal stakeholders (e.g., employees)", "Both internal and external")


def test_flattened_table_becomes_readable_rows():
    raw = ("Title\n\nHere are the differences:\n\nAspectCIOCTO\n"
           "ObjectiveEnhancing internal operational efficiencyDriving innovation in product development\n"
           "Target AreaInternal processes, IT systemsProduct development, customer-facing technologies\n\n"
           "This table highlights the roles.\n")
    _, body = clean_text(raw, "en")
    assert "AspectCIOCTO" not in body
    assert "- Objective — CIO: Enhancing internal operational efficiency; CTO: Driving innovation in product development" in body
    assert "- Target Area — CIO: Internal processes, IT systems; CTO: Product development, customer-facing technologies" in body
    assert "This table highlights the roles." in body


def test_quotes_bullets_and_whitespace_are_normalised_not_reworded():
    raw = "T\n\nIt\u2019s  \u201cclear\u201d\u00a0enough.\n\n  • First item\n  • Second item\n"
    _, body = clean_text(raw, "en")
    assert "It's \"clear\" enough." in body
    assert "- First item\n- Second item" in body


def test_headings_are_marked():
    raw = "Title\n\nWhat does a CIO do?\n\nA CIO manages IT.\n\nSkills for a CIO\n\nLeadership matters here.\n"
    _, body = clean_text(raw, "en")
    assert "## What does a CIO do?" in body and "## Skills for a CIO" in body
    assert "## A CIO manages IT." not in body


def test_seed_cleaning_removes_all_furniture_and_keeps_article_sentences():
    arts = {p.name[:3]: article_from_seed(p) for p in sorted(SEEDS.glob("*.txt"))}
    de, hu, en2, en3, en4 = arts["000"], arts["001"], arts["002"], arts["003"], arts["004"]
    assert (de.lang, hu.lang, en2.lang, en3.lang, en4.lang) == ("de", "hu", "en", "en", "en")
    assert "Schreibe einen Kommentar" not in de.text and "E-Mail-Adresse" not in de.text
    assert "Aber lass dich niemals von Konventionen davon abhalten, erfolgreich zu sein." in de.text
    assert "Find other PDF articles" not in en2.text and "liftfoils" not in en2.text and "Back to Home" not in en2.text
    assert "Chief Information Officer Vs Chief Technology Officer" not in en2.text
    assert "## Can a company have both a CIO and a CTO, and if so, how do their roles interact?" in en2.text
    for furniture in ("Signup for Thought Leader", "Mailchimp", "Join The Largest", "75,000"):
        assert furniture not in en3.text
    assert "- Primary Focus — CIO: Overseeing" in en3.text
    assert "õ" not in hu.text and "û" not in hu.text and "működőképessé" in hu.text
    assert "Email us here to learn more" in en4.text


def test_committed_corpus_matches_the_cleaner():
    committed = {a.doc_id: a for a in load_corpus(CORPUS)}
    seeds = sorted(SEEDS.glob("*.txt"))
    assert sorted(committed) == [p.stem for p in seeds]  # one raw original per article, same name
    for p in seeds:
        fresh = article_from_seed(p, CORPUS)
        assert committed[fresh.doc_id] == fresh, f"corpus/{fresh.doc_id}.md is out of date: run `python -m qa clean`"


def test_every_source_field_points_at_a_committed_raw_file():
    for a in load_corpus(CORPUS):
        assert a.source == f"raw/{a.doc_id}.txt"
        assert (CORPUS / a.source).is_file(), f"{a.doc_id}: source {a.source} does not exist"


def test_clean_in_a_fresh_clone_rewrites_the_same_corpus_bytes(tmp_path):
    clone = tmp_path / "corpus"  # what a clone holds: corpus/*.md and corpus/raw/*.txt
    shutil.copytree(CORPUS, clone)
    for f in corpus_files(clone):
        f.unlink()
    write_corpus(None, clone)  # the default: <corpus>/raw
    assert [f.name for f in corpus_files(clone)] == [f.name for f in corpus_files(CORPUS)]
    for f in corpus_files(CORPUS):
        assert (clone / f.name).read_bytes() == f.read_bytes(), f.name

