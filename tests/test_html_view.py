"""The HTML view of an Answer: what a reader sees first, what is folded, and that nothing is live markup."""
from __future__ import annotations

import re

from qa.html_view import (answer_card, answer_key, article_html, citation_records, escape, plain_text,
                          section_label, text_fragment)
from qa.types import Answer, AnswerSentence, Article, Chunk, Hit

TEXT = ("Intro line about roles.\n\n## Salary <b>\n\nThe CTO earns more. The CIO earns $169,132 [x](javascript:alert(1)).\n\n"
        "## Skills\n\n- Coding\n- <script>alert(1)</script> Architecture\n")
ARTICLE = Article("a1", 'Roles & "Pay" <i>', "en", "seeds/a1.txt", TEXT)
ARTICLES = {"a1": ARTICLE}


def _chunk(start: int, end: int, section: str) -> Chunk:
    return Chunk(f"a1#{start}", "a1", section, start, end, TEXT[start:end], "en")


def _answer(abstained: bool = False, reason: str = "") -> Answer:
    s = TEXT.index("## Salary")
    p1 = _chunk(TEXT.index("The CTO"), TEXT.index("\n\n## Skills"), "Salary <b>")
    p2 = _chunk(TEXT.index("- Coding"), len(TEXT) - 1, "Skills")
    assert s < p1.start
    lead_start = TEXT.index("The CIO earns")
    lead_end = TEXT.index("\n\n## Skills")
    sentences = (AnswerSentence(TEXT[lead_start:lead_end], "a1", lead_start, lead_end, 0.9, 1),
                 AnswerSentence("- Coding", "a1", p2.start, p2.start + len("- Coding"), 0.4, 2))
    return Answer("How much does a CIO earn?", (Hit(p1, 0.9, 1), Hit(p2, 0.5, 2)), abstained, 0.8, "en",
                  sentences=() if abstained else sentences, reason=reason)


def _card(answer: Answer) -> str:
    recs = citation_records(answer, "idx1")
    return answer_card(answer, ARTICLES, "idx1", recs, answer_key(answer.question, recs, "idx1"))


def test_the_answer_sentence_comes_first_then_its_chip_then_the_folded_passages():
    html = _card(_answer())
    visible = re.sub(r'<div class="qa-plain">.*?</div>', "", html)
    answer_at = visible.index('class="qa-answer"')
    chip_at = visible.index('class="qa-chip"')
    folds = [m.start() for m in re.finditer('<details class="qa-passage">', visible)]
    assert answer_at < chip_at < folds[0] and len(folds) == 2
    assert "The CIO earns &#36;169,132" in visible[answer_at:chip_at]
    assert "&#91;1&#93; Roles &amp; &quot;Pay&quot; &lt;i&gt; · Salary &lt;b&gt;" in visible[chip_at:folds[0]]
    # One highlight per passage: the answer in its own passage, and the runner-up sentence in the
    # other passage marked apart (a browser pass took it for part of the answer).
    assert visible[folds[0]:folds[1]].count("<mark>") == 1
    also = '<mark class="qa-also" title="Another sentence that may answer too">'
    assert visible[folds[1]:].count(also) == 1 and "<mark>" not in visible[folds[1]:]


def test_a_passage_s_list_items_show_as_bullets_and_its_highlight_stays_on_the_sentence():
    """Found by a fresh-eyes pass: unfolded passages showed raw "- " markers."""
    html = _card(_answer())
    second = html[html.rindex('<details class="qa-passage">'):]
    assert "• Coding</mark>" in second and "<br>• &lt;script&gt;" in second
    assert not re.search(r"(?:<blockquote[^>]*>|<br>)(?:<mark[^>]*>)?(?:-|&#45;) ", second)
    assert "- Coding" in plain_text(_answer(), ARTICLES)  # what is copied is the document's text


def test_every_value_is_escaped_and_markdown_is_neutralised():
    html = _card(_answer())
    assert "<script" not in html and "<b>" not in html and "<i>" not in html
    assert "javascript:" not in html and "](" not in html
    assert all(m.startswith('href="#qa-cite-') for m in re.findall(r'href="[^"]*', html))
    assert escape("a\nb") == "a&#10;b" and "<" not in escape("<x>") and "[" not in escape("[a](b)")


def test_chips_carry_stable_content_based_citation_ids():
    a = _answer()
    r1, r2 = citation_records(a, "idx1"), citation_records(a, "idx1")
    assert [r.cid for r in r1] == [r.cid for r in r2] and len({r.cid for r in r1}) == 2
    assert f'href="#qa-cite-{answer_key(a.question, r1, "idx1")}-{r1[0].cid}"' in _card(a)
    assert (r1[0].sent_start, r1[0].sent_end) == (a.sentences[0].start, a.sentences[0].end)


def test_a_refusal_shows_its_reason_and_the_closest_passages_folded():
    html = _card(_answer(abstained=True, reason="Not in these articles."))
    assert "Not in these articles." in html and escape("Closest passages (not an answer)") in html
    assert 'class="qa-chip"' not in html.split('class="qa-passages"')[0]
    html = _card(_answer(abstained=True))
    assert "do not cover this question" in html


def test_plain_text_copy_has_the_answer_and_numbered_citations():
    text = plain_text(_answer(), ARTICLES)
    assert text.startswith("The CIO earns $169,132 [x](javascript:alert(1)). [1]")
    assert '[1] Roles & "Pay" <i> (English) · Salary <b>' in text and "[2]" in text
    assert "<mark>" not in text
    # A German or Hungarian reader's copy names the article's language in theirs, as the article panel does.
    from dataclasses import replace
    assert '(Englisch) · Salary <b>' in plain_text(replace(_answer(), lang="de"), ARTICLES)
    assert '(angol) · Salary <b>' in plain_text(replace(_answer(), lang="hu"), ARTICLES)


def test_the_article_renders_headings_and_marks_the_answering_sentence():
    rec = citation_records(_answer(), "idx1")[0]
    html = article_html(ARTICLE, rec, "Salary")
    assert "<h3>Salary &lt;b&gt;</h3>" in html and "<h3>Skills</h3>" in html and "## " not in html
    assert "<li>Coding</li>" in html and "&lt;script&gt;" in html and "<script" not in html
    target = re.search(r'<mark class="qa-target" id="qa-target">(.*?)</mark>', html)
    assert target and target.group(1).startswith("The CIO earns $169,132")
    assert html.count('id="qa-target"') == 1 and 'tabindex="0"' in html
    assert "seeds/" not in html and "<h2" in html


def test_the_original_url_gets_a_text_fragment_link_and_only_http_urls_are_linked():
    rec = citation_records(_answer(), "idx1")[0]

    class WithUrl:
        def __init__(self, url):
            self.__dict__.update(ARTICLE.__dict__, url=url)

    html = article_html(WithUrl('https://example.org/a?x=1&y="2"'), rec)
    link = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener noreferrer">', html)
    assert link and link.group(1).startswith("https://example.org/a?x=1&amp;y=&quot;2&quot;#:~:text=")
    assert "javascript" not in article_html(WithUrl("javascript:alert(1)"), rec).split("qa-reader-body")[0]
    assert text_fragment("one two-three") == "#:~:text=one%20two%2Dthree"
    assert text_fragment("a b c d e f g h i j") == "#:~:text=a%20b%20c%20d,g%20h%20i%20j"


def test_a_list_item_answer_shows_its_heading_first_escaped():
    from dataclasses import replace

    a = _answer()
    lead = replace(a.sentences[0], context="Chief <i>Technology</i> Officer")
    a = replace(a, sentences=(lead, *a.sentences[1:]))
    html = _card(a)
    assert f'<p class="qa-answer" lang="en"><span class="qa-context">{escape("Chief <i>Technology</i> Officer:")}</span> ' in html
    assert "&lt;i&gt;" in escape("<i>")
    assert plain_text(a, ARTICLES).startswith("Chief <i>Technology</i> Officer: The CIO earns")
    question = replace(lead, context="What does a CIO do?")  # a question heading needs no colon
    assert question.lead_in == "What does a CIO do? " and replace(lead, context="").lead_in == ""


def test_a_refusal_s_closest_passages_mark_no_sentence_and_the_article_offers_a_way_back():
    a = _answer(abstained=True, reason="Not in these articles.")
    recs = citation_records(a, "idx1")
    assert all(r.sent_start == r.sent_end for r in recs)  # a marked sentence would read as an answer
    html = article_html(ARTICLES["a1"], recs[0])
    assert 'class="qa-target"' not in html and 'id="qa-target"' in html  # the passage is the target
    assert '<a class="qa-back" href="#qa-chat">' in html


def test_the_article_panel_speaks_the_reader_s_language_not_the_article_s():
    """A German reader opening the English article saw 'Back to the conversation' and 'English'."""
    rec = citation_records(_answer(), "idx1")[0]
    html = article_html(ARTICLES["a1"], rec, "Salary", reader_lang="de")
    assert "Zurück zum Gespräch" in html and "Englisch" in html and "Back to" not in html
    assert "English · Salary" in article_html(ARTICLES["a1"], rec, "Salary")  # no reader language: the article's


def test_an_answer_the_bot_is_unsure_of_says_so_first_and_is_not_bold():
    import dataclasses

    sure, unsure = _answer(), dataclasses.replace(_answer(), unsure=True)
    assert "qa-unsure" not in _card(sure)
    visible = re.sub(r'<div class="qa-plain">.*?</div>', "", _card(unsure))
    note_at = visible.index('class="qa-unsure-note"')
    assert note_at < visible.index('class="qa-answer qa-unsure"') < visible.index('class="qa-chip"')
    assert "The articles may not answer this exactly." in visible
    assert plain_text(unsure, ARTICLES).startswith("The articles may not answer this exactly.")
    de = dataclasses.replace(unsure, lang="de")
    assert "Die Artikel beantworten das womöglich nicht genau." in _card(de)


def test_a_heading_that_leads_into_its_text_is_labelled_without_its_colon():
    """A chip read "… · 20. CIO vs. CTO:" (the heading as written), which looked cut off."""
    hit = Hit(_chunk(0, 10, "20. CIO vs. CTO:"), 1.0, 1)
    assert section_label(hit, "en") == "20. CIO vs. CTO"
    assert section_label(Hit(_chunk(0, 10, "Step 2 —"), 1.0, 1), "en") == "Step 2"
    assert section_label(Hit(_chunk(0, 10, " : "), 1.0, 1), "de") == "Einleitung"  # nothing left: the intro label
    assert section_label(Hit(_chunk(0, 10, "Salary"), 1.0, 1), "en") == "Salary"



def test_a_lead_in_with_its_list_shows_the_items_as_a_list_escaped():
    """A lead-in ending in a colon carries the items after it (``qa.stages.select``): a list under it."""
    from dataclasses import replace

    a = _answer()
    start = TEXT.index("## Skills") + len("## Skills\n\n")
    text = TEXT[start:len(TEXT) - 1]  # "- Coding\n- <script>…"
    lead = AnswerSentence("Skills:\n" + text, "a1", start, start + len(text), 0.9, 2)
    a = replace(a, sentences=(lead,))
    html = _card(a)
    assert f'<div class="qa-answer" lang="en"><p class="qa-lead">{escape("Skills:")}</p><ul class="qa-items"><li>Coding</li>' in html
    assert f"<li>{escape('<script>alert(1)</script> Architecture')}</li></ul></div>" in html
    assert "<script>" not in re.sub(r'<div class="qa-plain">.*?</div>', "", html)
    assert plain_text(a, ARTICLES).startswith("Skills: [2]\n- Coding\n- <script>alert(1)</script> Architecture\n")


def test_numbered_items_become_an_ordered_list_without_their_numbers():
    from dataclasses import replace

    a = _answer()
    lead = replace(a.sentences[0], text="Steps:\n1. Learn\n2. Lead")
    html = _card(replace(a, sentences=(lead,)))
    assert '<ol class="qa-items"><li>Learn</li><li>Lead</li></ol>' in html


def test_a_quote_in_another_language_is_marked_with_its_language_in_the_chip_and_for_screen_readers():
    """A German question answered from an English article (found in a browser review: a German question
    got a bold Hungarian sentence, and nothing said it was Hungarian)."""
    from dataclasses import replace

    german = replace(_answer(), lang="de")
    html = _card(german)
    chip = re.search(r'<p class="qa-chips">(.*?)</p>', html).group(1)
    assert "· Englisch" in chip
    assert re.search(r'<p class="qa-answer" lang="en">The CIO earns', html)
    html = _card(_answer())  # an English question, an English quote: no language named
    assert "· English" not in re.search(r'<p class="qa-chips">(.*?)</p>', html).group(1)
    assert re.search(r'<p class="qa-answer" lang="en">The CIO earns', html)
