from __future__ import annotations

from pathlib import Path

import pytest

from qa.corpus import article_to_markdown, load_corpus, parse_article
from qa.errors import CorpusError
from qa.types import Article


def test_round_trip_keeps_text_exactly():
    art = Article("x", 'Title: with "quotes"', "de", "seeds/x.txt", "Body\n\n- item ünïcödé\n")
    assert parse_article(article_to_markdown(art), "fallback") == art


def test_plain_file_without_front_matter_is_accepted(tmp_path):
    (tmp_path / "note.txt").write_text("Mein Titel\n\nEin CTO leitet die Engineering Group des Unternehmens.\n", encoding="utf-8")
    (art,) = load_corpus(tmp_path)
    assert (art.doc_id, art.title, art.lang) == ("note", "Mein Titel", "de")


def test_empty_corpus_dir_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="holds no articles"):
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "missing")


def test_empty_file_is_skipped_and_duplicate_dropped(tiny_corpus, caplog):
    (tiny_corpus / "empty.md").write_text("", encoding="utf-8")
    (tiny_corpus / "zz_copy.md").write_text((tiny_corpus / "b_de.md").read_text(encoding="utf-8").replace('"b_de"', '"zz"'), encoding="utf-8")
    ids = [a.doc_id for a in load_corpus(tiny_corpus)]
    assert ids == ["a_en", "b_de", "c_hu"]
    assert "same text as b_de" in caplog.text and "empty" in caplog.text


def test_binary_and_non_utf8_files_name_the_file(tiny_corpus):
    (tiny_corpus / "blob.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(CorpusError, match="blob.md.*binary"):
        load_corpus(tiny_corpus)
    (tiny_corpus / "blob.md").unlink()
    (tiny_corpus / "latin.md").write_bytes("Überschrift\nGrößere Organisationen".encode("latin-1"))
    with pytest.raises(CorpusError, match="latin.md.*not UTF-8"):
        load_corpus(tiny_corpus)


def test_a_binary_or_non_utf8_seed_is_named_as_a_seed_in_one_line(tmp_path, capsys):
    """Found in a review: `qa clean --seeds DIR` with a binary seed said "remove it from the corpus",
    but the file is a seed, not a corpus file."""
    import shutil

    from qa import cli

    seeds, corpus = tmp_path / "seeds", tmp_path / "corpus"
    seeds.mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "corpus" / "raw" / "004_1789fd2b7d25cadf.txt", seeds / "a.txt")
    (seeds / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00IHDR")
    assert cli.main(["clean", "--seeds", str(seeds), "--corpus", str(corpus)]) == 1
    assert capsys.readouterr().err == (f"qa: {seeds / 'photo.txt'}: this seed is a binary file, not UTF-8 text, so not "
                                       f"an article; move it out of the seeds directory `{seeds}/`\n")
    (seeds / "photo.txt").write_bytes("Größere Organisationen".encode("latin-1"))
    assert cli.main(["clean", "--seeds", str(seeds), "--corpus", str(corpus)]) == 1
    assert capsys.readouterr().err == (f"qa: {seeds / 'photo.txt'}: this seed is not UTF-8 text (byte 2); "
                                       "re-save it as UTF-8\n")
    assert not corpus.exists()  # nothing written


def test_unterminated_front_matter_is_reported(tmp_path):
    (tmp_path / "bad.md").write_text('---\ntitle: "x"\nno end\n', encoding="utf-8")
    with pytest.raises(CorpusError, match="never ends"):
        load_corpus(tmp_path)
