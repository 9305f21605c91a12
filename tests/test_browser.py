"""The chat in a real browser (Debian Chromium via Playwright), as a new user meets it.

Asks in three languages, clicks an example and a citation, likes an answer, copies one,
runs axe-core on the page, and saves desktop and phone screenshots to test-artifacts/.
axe-core comes from npm: ``npm install --no-save --no-package-lock axe-core@4.14.1``
in the repository root (or set QA_AXE_JS to its ``axe.min.js``).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import start_app

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(os.environ.get("QA_AXE_JS") or ROOT / "node_modules" / "axe-core" / "axe.min.js")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    feedback = tmp_path_factory.mktemp("feedback")
    proc, url = start_app(QA_FEEDBACK_DIR=str(feedback))
    yield url, feedback / "feedback.jsonl"
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


class Page:
    """One visitor's tab, collecting console errors and dialogs."""

    def __init__(self, browser, url: str, viewport: dict, color_scheme: str = "light", locale: str = "en-US") -> None:
        from qa.languages import LANGUAGES

        self.ctx = browser.new_context(viewport=viewport, color_scheme=color_scheme, locale=locale)
        # the box's accessible name follows the page's language ("Ihre Frage", "Az Ön kérdése")
        self.box_name = LANGUAGES.get(locale[:2], LANGUAGES["en"]).ui["box_label"]
        self.ctx.grant_permissions(["clipboard-read", "clipboard-write"])
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)
        self.page.locator("#qa-chat").wait_for()
        # ui.js takes Gradio's role="list" off the examples (their children are buttons) 30 ms after
        # the page settles; checks run on the page a user gets, not on one caught mid-render.
        self.page.wait_for_function("() => document.querySelector('#qa-chat .examples') && "
                                    "!document.querySelector('#qa-chat .examples[role=\"list\"]')", timeout=10_000)

    def cards(self):
        return self.page.locator("#qa-chat .qa-card[class*='qa-key-']")

    def wait_answers(self, n: int) -> None:
        self.page.wait_for_function(f"document.querySelectorAll(\"#qa-chat .qa-card[class*='qa-key-']\").length >= {n}",
                                    timeout=90_000)
        self.page.wait_for_timeout(300)  # the scroll to the new answer runs after it renders

    def ask(self, question: str, via: str = "enter") -> None:
        box = self.page.get_by_role("textbox", name=self.box_name, exact=True)
        box.fill(question)
        if via == "enter":
            box.press("Enter")
        else:
            self.page.get_by_role("button", name="Ask", exact=True).click()

    def axe(self) -> list[str]:
        """Serious and critical axe-core violations, one line each."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(path=str(AXE))
        found = self.page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                                   ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))")
        return [f"{v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in found if v["impact"] in ("serious", "critical")]

    def inside(self, inner: str, outer: str) -> bool:
        """Whether element ``inner`` is within the visible part of ``outer`` (and of the window)."""
        return self.page.evaluate("""([a, b]) => {
            const i = document.querySelector(a).getBoundingClientRect(), o = document.querySelector(b).getBoundingClientRect();
            return i.height > 0 && i.top >= o.top - 1 && i.bottom <= o.bottom + 1 && i.top >= 0 && i.bottom <= window.innerHeight;
        }""", [inner, outer])

    def lines_cut_at_top(self, scroller: str) -> list[str]:
        """Text lines that the top edge of ``scroller`` cuts, leaving a sliver visible (none should be)."""
        return self.page.evaluate("""s => { const body = document.querySelector(s), out = [];
            const edge = body.getBoundingClientRect().top + body.clientTop, range = document.createRange();
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT); let n;
            while ((n = walker.nextNode())) { range.selectNodeContents(n);
                for (const r of range.getClientRects()) {
                    if (r.height > 0 && r.top < edge - 1 && r.bottom > edge + 1) out.push(n.nodeValue.slice(0, 40)); } }
            return out; }""", scroller)

    def text_inset(self, text: str, box: str) -> float:
        """How far the text of element ``text`` starts from the left edge of element ``box``, in px."""
        return self.page.evaluate("""([t, b]) => { const range = document.createRange();
            range.selectNodeContents(document.querySelector(t));
            return Math.min(...[...range.getClientRects()].map(r => r.left)) - document.querySelector(b).getBoundingClientRect().left;
            }""", [text, box])

    def watch_pending_buttons(self) -> None:
        """From now on, note whether a pending card showed and whether any of the chat's message
        buttons (copy, retry, undo, like, dislike) could be seen under it; read with pending_buttons()."""
        self.page.evaluate("""() => { window.qaPendingSeen = false; window.qaPendingButtons = [];
            const check = () => { const card = document.querySelector('#qa-chat .qa-pending');
                if (!card) return;
                window.qaPendingSeen = true;
                const row = card.closest('.message-row'), buttons = row && row.nextElementSibling;
                if (buttons && /message-buttons/.test(buttons.className)) {
                    for (const b of buttons.querySelectorAll('button'))
                        if (b.getClientRects().length) window.qaPendingButtons.push(b.getAttribute('aria-label')); } };
            new MutationObserver(check).observe(document.querySelector('#qa-chat'), {subtree: true, childList: true}); }""")

    def pending_buttons(self) -> tuple[bool, list[str]]:
        return self.page.evaluate("[window.qaPendingSeen, window.qaPendingButtons]")

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))


def _need_axe() -> None:
    if not AXE.exists():
        message = f"axe-core not found at {AXE}; run: npm install --no-save --no-package-lock axe-core@4.14.1"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_desktop_chat_in_three_languages_with_citations_likes_and_no_accessibility_faults(app, browser):
    _need_axe()
    url, feedback = app
    t = Page(browser, url, DESKTOP)
    page = t.page
    assert page.locator("h1").count() == 1
    assert t.axe() == [], "landing page"
    t.shot("desktop-landing.png")

    # An example sends itself: its question shows at once, then the answer, in German.
    page.get_by_role("button", name="Wer leitet die Engineering Group des Unternehmens?").click()
    page.locator("#qa-chat .qa-q", has_text="Wer leitet die Engineering Group").wait_for(timeout=5_000)
    t.wait_answers(1)
    card = t.cards().last
    assert card.get_attribute("lang") == "de" and "Engineering Group" in card.locator(".qa-answer").inner_text()

    t.ask("What was the average annual salary of a CIO in the U.S. in October 2021?", via="enter")
    page.locator("#qa-chat .qa-q", has_text="average annual salary").wait_for(timeout=5_000)
    t.wait_answers(2)
    card = t.cards().last
    assert card.get_attribute("lang") == "en" and "169,132" in card.locator(".qa-answer").inner_text()
    assert page.get_by_role("textbox", name="Your question").is_visible()  # the input stays

    t.ask("Ki felel a vállalat mérnöki osztályának irányításáért?", via="button")
    t.wait_answers(3)
    card = t.cards().last
    assert card.get_attribute("lang") == "hu" and "mérnöki osztályának" in card.locator(".qa-answer").inner_text()
    # The view shows the start of the new answer, not its end.
    assert page.evaluate("""() => { const cards = document.querySelectorAll("#qa-chat .qa-card[class*='qa-key-']");
            const a = cards[cards.length - 1].querySelector('.qa-answer').getBoundingClientRect();
            const w = document.querySelector('#qa-chat .bubble-wrap').getBoundingClientRect();
            return a.top >= w.top - 1 && a.bottom <= w.bottom + 1; }""")

    # One click on the chip opens the article beside the chat at the answering sentence.
    card.locator("a.qa-chip").first.click()
    page.locator("#qa-target").wait_for(timeout=20_000)
    page.wait_for_timeout(400)
    assert t.inside("#qa-target", "#qa-reader-body"), "highlighted sentence out of view"
    # Found by a fresh-eyes pass: the panel's top edge cut a line, a sliver of it under the title.
    assert t.lines_cut_at_top("#qa-reader-body") == []
    assert "mérnöki osztályának" in page.locator("#qa-target").inner_text()
    assert page.locator("#qa-reader h2").inner_text() == "CTO vs CIO"
    assert "seeds/" not in page.locator("#qa-reader").inner_text()
    t.shot("desktop-article.png")

    # Copy gives plain text with citations.
    page.locator("#qa-chat button[aria-label='Copy message']").last.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Ezenkívül a CTO felelős") or "[1]" in copied.splitlines()[0]
    assert "<" not in copied and "Források:" in copied

    # A like lands in the feedback file with the question, answer ids, index id and time.
    page.locator("#qa-chat button[aria-label='Like']").last.click()
    deadline = time.time() + 10
    while time.time() < deadline and not (feedback.exists() and feedback.read_text(encoding="utf-8").strip()):
        time.sleep(0.2)
    row = json.loads(feedback.read_text(encoding="utf-8").splitlines()[-1])
    assert row["question"] == "Ki felel a vállalat mérnöki osztályának irányításáért?" and row["vote"] == "like"
    assert row["answer"] and row["citations"] and row["index_id"] and row["time"]

    # Messages are named by their text, not their HTML.
    label = page.locator("#qa-chat [data-testid='bot']").last.get_attribute("aria-label")
    assert label.startswith("Answer: ") and "<" not in label
    assert t.axe() == [], "after an answer, article open"
    t.shot("desktop-answers.png")

    # Clear empties the chat and the article panel.
    page.locator("#qa-chat button[aria-label='Clear']").click()
    page.locator("#qa-reader .qa-reader-empty").wait_for(timeout=5_000)
    assert t.cards().count() == 0
    assert t.errors == [] and t.dialogs == []


def test_phone_answer_fits_one_screen_and_the_article_opens_below_at_the_passage(app, browser):
    url, _ = app
    t = Page(browser, url, PHONE)
    page = t.page
    t.shot("phone-landing.png")
    # Found by a fresh-eyes pass: the empty chat's hint touched the chat's left border on a phone.
    assert t.text_inset("#qa-chat .placeholder p", "#qa-chat") >= 8
    # Found by another: the retriever's long name ran under the dropdown's arrow on a phone. It is
    # cut with an ellipsis, and the text ends before the arrow starts.
    page.locator("#qa-settings .label-wrap").first.click()
    page.locator("#qa-settings input[role='combobox']").wait_for()
    fit = page.evaluate("""() => {
        const i = document.querySelector('#qa-settings input[role="combobox"]'), s = getComputedStyle(i);
        const a = document.querySelector('#qa-settings .secondary-wrap .icon-wrap').getBoundingClientRect();
        return {ellipsis: s.textOverflow === 'ellipsis', overflows: i.scrollWidth > i.clientWidth,
                textEnd: i.getBoundingClientRect().right - parseFloat(s.paddingRight), arrow: a.left}; }""")
    assert fit["overflows"] and fit["ellipsis"] and fit["textEnd"] <= fit["arrow"] + 1, fit
    page.locator("#qa-settings .label-wrap").first.click()
    t.ask("We are hiring and want to compare pay: what was the average annual salary of a CIO in the U.S. in October 2021?")
    t.wait_answers(1)
    box = t.cards().last.bounding_box()
    assert box["height"] <= PHONE["height"] - 100, f"answer card is {box['height']:.0f} px tall"
    assert box["width"] <= PHONE["width"]
    assert t.inside("#qa-chat .qa-answer", "#qa-chat .bubble-wrap")
    # Each folded source line shows the start of its passage, not only the article title.
    assert page.evaluate("""() => [...document.querySelectorAll('#qa-chat .qa-passage summary')].every(s => {
            const n = s.querySelector('.qa-snip').getBoundingClientRect(), b = s.getBoundingClientRect();
            return n.left < b.right - 40; })"""), "folded source lines cut before the passage text"
    t.shot("phone-answer.png")
    t.cards().last.locator("a.qa-chip").first.click()
    page.locator("#qa-target").wait_for(timeout=20_000)
    page.wait_for_timeout(400)
    assert t.inside("#qa-target", "#qa-reader-body"), "highlighted sentence out of view on a phone"
    assert t.lines_cut_at_top("#qa-reader-body") == []
    t.shot("phone-article.png")
    page.locator("#qa-reader a.qa-back").click()  # the article opened below the chat: one tap back
    page.wait_for_timeout(400)
    assert page.evaluate("() => document.querySelector('#qa-chat').getBoundingClientRect().top") < PHONE["height"] / 2
    assert t.errors == [] and t.dialogs == []


def test_dark_mode_keeps_every_text_readable(app, browser):
    """A device in dark mode gets Gradio's dark theme: the answer, the unfolded passage, the
    source labels and the article panel must keep their contrast (axe-core's color-contrast)."""
    _need_axe()
    url, _ = app
    t = Page(browser, url, DESKTOP, color_scheme="dark")
    page = t.page
    assert page.evaluate("document.body.classList.contains('dark') || document.documentElement.classList.contains('dark')")
    t.ask("How much does a CTO earn?")
    t.wait_answers(1)
    card = t.cards().last
    card.locator(".qa-passage summary").first.click()
    card.locator("a.qa-chip").first.click()
    page.locator("#qa-target").wait_for(timeout=20_000)
    page.wait_for_timeout(400)
    t.shot("desktop-dark.png")
    assert t.axe() == [], "dark mode, answer with a passage unfolded and the article open"
    # The article panel's own text against its own background (WCAG AA: 4.5).
    ratio = page.evaluate("""() => {
        const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => { v = v / 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const r = document.querySelector('#qa-reader .qa-reader'), p = r.querySelector('.qa-reader-body p');
        const [a, b] = [lum(getComputedStyle(r).backgroundColor), lum(getComputedStyle(p).color)];
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }""")
    assert ratio >= 4.5, f"article text contrast {ratio:.2f} in dark mode"
    t.ask("Who is the CISO?")
    t.wait_answers(2)
    t.cards().last.locator(".qa-passage summary").first.click()
    assert t.axe() == [], "dark mode, a refusal with its closest passages"
    assert t.errors == [] and t.dialogs == []


def _answer_card(app, browser, question: str, scheme: str = "light"):
    """A desktop tab in ``scheme`` that asked ``question``: (the tab, the answer's card)."""
    _need_axe()
    url, _ = app
    t = Page(browser, url, DESKTOP, color_scheme=scheme)
    t.ask(question)
    t.wait_answers(1)
    return t, t.cards().last


UNSURE_CANDIDATES = ("Is a CTO on call at night?", "Do CTOs write code every day?", "Does a CTO travel a lot?",
                     "Does a CIO work weekends?", "Is a CTO stressed?", "Is the CTO job hard?", "Are CIOs happy?")


def _unsure_question(url: str) -> str:
    from gradio_client import Client

    client = Client(url, verbose=False)
    for q in UNSURE_CANDIDATES:
        if client.predict(q, 5, "hybrid", api_name="/search")["unsure"]:
            return q
    pytest.fail(f"none of {UNSURE_CANDIDATES} is answered unsure now; add a question near the unsure band")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_unsure_answer_shows_its_note_readably_and_not_in_bold(app, browser, scheme):
    """The note before an answer the bot is unsure of keeps its contrast under the chat's 0.8
    opacity (the first colour, #92400e, measured 4.4:1 in light mode). The question is the first of
    a few near the unsure band (`qa calibrate`) that the app, asked through its API, marks unsure: a
    refit moves single questions in and out of the band (it did three times on 2026-11-27)."""
    t, card = _answer_card(app, browser, _unsure_question(app[0]), scheme)
    note = card.locator(".qa-unsure-note")
    assert note.inner_text().startswith("The articles may not answer this exactly.")
    weight = card.locator(".qa-answer.qa-unsure").evaluate("e => getComputedStyle(e).fontWeight")
    assert int(weight) < 600
    assert t.axe() == [], f"{scheme} mode, an unsure answer"
    assert t.errors == [] and t.dialogs == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_only_the_answer_is_highlighted_like_the_answer(app, browser, scheme):
    """A browser pass took the runner-up answer sentences, highlighted in yellow in the other
    passages, for part of the answer. Now only the lead sentence's passage has the yellow mark; a
    runner-up is underlined (dotted), with a tooltip saying what it is, and keeps its contrast."""
    t, card = _answer_card(app, browser, "How much does a CIO earn?", scheme)
    answer_marks = card.locator(".qa-passage mark:not(.qa-also)")
    also = card.locator(".qa-passage mark.qa-also")
    assert answer_marks.count() == 1 and also.count() >= 1
    # Each folded passage says its article's language at every width ("[2] CTO vs CIO · HU · …": a
    # browser pass could not tell a Hungarian passage from an English one before opening it).
    langs = card.locator("details.qa-passage summary .qa-plang")
    assert langs.count() >= 1 and all(langs.nth(i).is_visible() for i in range(langs.count()))
    card.locator("details.qa-passage").evaluate_all("ds => ds.forEach(d => d.open = true)")
    yellow = answer_marks.first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert yellow == "rgb(253, 230, 138)"
    for i in range(also.count()):
        mark = also.nth(i)
        assert mark.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
        assert mark.evaluate("e => getComputedStyle(e).borderBottomStyle") == "dotted"
        assert mark.get_attribute("title") == "Another sentence that may answer too"
    assert t.axe() == [], f"{scheme} mode, passages open"
    assert t.errors == [] and t.dialogs == []


@pytest.mark.parametrize("locale,title,ask", [("de-DE", "CIO vs. CTO — fragen Sie die Artikel", "Fragen"),
                                              ("hu-HU", "CIO vs. CTO — kérdezze a cikkeket", "Küldés")])
def test_the_page_speaks_the_browser_s_language_and_leaves_answers_alone(app, browser, locale, title, ask):
    """German through Gradio's i18n; Hungarian, which Gradio's front end lacks, through ui.js."""
    url, _ = app
    t = Page(browser, url, DESKTOP, locale=locale)
    page = t.page
    page.wait_for_function(f"document.querySelector('#qa-header h1')?.textContent === {title!r}", timeout=30_000)
    page.wait_for_function(f"document.querySelector('#qa-ask')?.textContent.trim() === {ask!r}", timeout=10_000)
    # What a screen reader and the tab read: a Hungarian page had lang="en" and an English title.
    page.wait_for_function(f"document.documentElement.lang === {locale[:2]!r} && document.title === {title!r}",
                           timeout=10_000)
    t.ask("What does a CTO do?")
    t.wait_answers(1)
    answer = t.cards().last.locator(".qa-answer").inner_text()
    assert answer.isascii() and len(answer) > 20  # the English answer is not translated
    # A question with no words has no language of its own: the reply takes the page's (it was English).
    t.ask("🤔🤔")
    page.wait_for_selector(".qa-error", timeout=30_000)
    from qa.languages import LANGUAGES

    assert page.locator(".qa-error").last.inner_text() == LANGUAGES[locale[:2]].ui["no_words"]
    assert t.errors == []


@pytest.mark.parametrize("locale,best,bm25", [("en-US", "Best: meaning + keywords, all three languages (hybrid)",
                                               "Keywords only (BM25)"),
                                              ("de-DE", "Beste Wahl: Bedeutung + Stichwörter, alle drei Sprachen (hybrid)",
                                               "Nur Stichwörter (BM25)"),
                                              ("hu-HU", "Legjobb: jelentés + kulcsszavak, mindhárom nyelven (hybrid)",
                                               "Csak kulcsszavak (BM25)")], ids=["en", "de", "hu"])
def test_the_retriever_menu_speaks_the_page_s_language_and_still_sends_the_chosen_retriever(app, browser, locale, best, bm25):
    """Found by a fresh-eyes pass: on German and Hungarian pages the retriever menu was English.
    German through gr.I18n labels; Hungarian through ui.js, which also rewrites the shown value (an
    input's value) without changing what is sent: picking a name must still send its API name."""
    from qa.languages import LANGUAGES

    url, _ = app
    t = Page(browser, url, DESKTOP, locale=locale)
    page = t.page
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.post_data) if "queue/join" in r.url and r.post_data else None)
    page.locator("#qa-settings button").first.click()
    menu = page.locator("#qa-settings input[role='combobox']")
    menu.wait_for(timeout=10_000)
    page.wait_for_function("v => document.querySelector(\"#qa-settings input[role='combobox']\").value === v", arg=best,
                           timeout=10_000)
    menu.click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=5_000)
    page.wait_for_timeout(200)
    names = {v for k, v in LANGUAGES[locale[:2]].ui.items() if k.startswith("retriever_")}
    assert {o.inner_text().replace("✓", "").strip() for o in options.all()} == names
    assert {o.get_attribute("aria-label") for o in options.all()} == names
    options.filter(has_text=bm25).click()
    page.locator("#qa-header").click()  # blur: the menu must keep the new name, in the page's language
    page.wait_for_timeout(500)
    assert menu.input_value() == bm25
    t.ask("What does a CTO do?")
    t.wait_answers(1)
    assert menu.input_value() == bm25
    asked = [json.loads(d)["data"] for d in sent]
    assert [d[-1] for d in asked if len(d) == 4] == ["bm25"], asked  # respond(history, session, k, retriever)
    assert len(t.cards().last.locator(".qa-answer").inner_text()) > 20
    assert t.errors == [] and t.dialogs == []


def test_a_new_question_waits_until_the_answer_before_it_has_come(app, browser):
    """Found by a fresh-eyes pass: a question sent while the previous answer was coming vanished,
    or left that answer spinning for ever. The box takes no question until the answer is in."""
    url, feedback = app
    t = Page(browser, url, DESKTOP)
    page = t.page
    box = page.get_by_role("textbox", name="Your question")
    t.watch_pending_buttons()
    t.ask("CTO " * 240)  # a long question: its answer takes a moment
    page.wait_for_function("() => document.querySelector('#qa-question textarea').disabled", timeout=5_000)
    t.wait_answers(1)
    # Found by a fresh-eyes pass: copy, retry, undo and the thumbs showed under "Searching the articles…".
    assert t.pending_buttons() == [True, []]
    page.wait_for_function("() => !document.querySelector('#qa-question textarea').disabled", timeout=10_000)
    t.ask("What does a CIO do?")
    t.wait_answers(2)
    page.wait_for_timeout(500)
    assert t.cards().count() == 2 and page.locator("#qa-chat .qa-pending").count() == 0
    assert box.is_enabled() and t.errors == [] and t.dialogs == []

    # A real answer keeps its buttons: retry asks again (no buttons while it is pending), a dislike
    # is saved, undo puts the question back in the box.
    t.watch_pending_buttons()
    page.locator("#qa-chat button[aria-label='Retry']").last.click()
    page.wait_for_function("() => window.qaPendingSeen", timeout=10_000)
    page.wait_for_function("() => !document.querySelector('#qa-chat .qa-pending') && "
                           "document.querySelectorAll(\"#qa-chat .qa-card[class*='qa-key-']\").length === 2", timeout=90_000)
    assert t.pending_buttons() == [True, []]
    page.locator("#qa-chat button[aria-label='Dislike']").last.click()
    deadline = time.time() + 10
    while time.time() < deadline and '"dislike"' not in (feedback.read_text(encoding="utf-8") if feedback.exists() else ""):
        time.sleep(0.2)
    row = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()][-1]
    assert row["vote"] == "dislike" and row["question"] == "What does a CIO do?"
    page.locator("#qa-chat button[aria-label='Undo']").last.click()
    page.wait_for_function("() => document.querySelector('#qa-question textarea').value === 'What does a CIO do?'",
                           timeout=10_000)
    assert t.cards().count() == 1 and t.errors == [] and t.dialogs == []


def test_a_vote_under_small_talk_or_an_error_is_not_saved_and_the_page_says_so(app, browser):
    """Found in a review: a dislike under the emoji-only error turned the button to "Disliked" and
    nothing was saved, silently; one under "hi" was saved with no answer text."""
    url, feedback = app
    before = feedback.read_text(encoding="utf-8") if feedback.exists() else ""
    t = Page(browser, url, DESKTOP)
    page = t.page
    for n, question in enumerate(("hi", "😀😀"), start=1):
        t.ask(question)
        page.wait_for_function(f"document.querySelectorAll('#qa-chat .qa-card').length === {n} && "
                               "!document.querySelector('#qa-chat .qa-pending')", timeout=30_000)
        page.locator("#qa-chat button[aria-label='Dislike']").last.click()
        # a note, in the page's language, one per vote (Gradio stacks equal notes in one box)
        page.wait_for_function(f"""() => [...document.querySelectorAll('.toast-body')].map(e => e.innerText).join(' ')
            .split('this reply is not one, so your vote was not saved').length - 1 === {n}""", timeout=10_000)
    page.wait_for_timeout(500)
    assert (feedback.read_text(encoding="utf-8") if feedback.exists() else "") == before
    assert t.errors == [] and t.dialogs == []


def test_clear_leaves_the_article_panel_empty_even_when_an_article_was_on_its_way(app, browser):
    """Found in a review: after Clear, the panel showed the previous answer's article and its
    highlighted sentence beside the empty chat. The article a chip asked for arrived after Clear had
    emptied the panel (here its delivery is held back 1.5 s, as on a slow link or a busy server)."""
    url, _ = app
    t = Page(browser, url, DESKTOP)
    page = t.page
    t.ask("What does a CIO do?")
    t.wait_answers(1)

    def late(route):
        response = route.fetch()
        page.wait_for_timeout(1500)
        route.fulfill(response=response)

    page.route("**/gradio_api/queue/data*", late)
    t.cards().last.locator("a.qa-chip").first.click()
    page.wait_for_timeout(300)
    page.locator("#qa-chat button[aria-label='Clear']").click()
    page.wait_for_timeout(3_000)  # the article has come, and gone
    page.unroute("**/gradio_api/queue/data*")
    assert page.locator("#qa-chat .qa-card").count() == 0
    assert page.locator("#qa-reader .qa-reader-empty").count() == 1 and page.locator("#qa-target").count() == 0
    assert " ".join(page.locator("#qa-reader").inner_text().split()) == ("Article Pick a citation chip under an answer "
                                                                        "to read the passage in its article.")
    # and a chip still opens its article afterwards
    t.ask("What does a CIO do?")
    t.wait_answers(1)
    t.cards().last.locator("a.qa-chip").first.click()
    page.locator("#qa-target").wait_for(timeout=20_000)
    assert t.errors == [] and t.dialogs == []


def test_bold_answers_and_headings_are_set_in_one_font(app, browser):
    """Found by a fresh-eyes pass: the bold answer mixed two fonts (Gradio's SemiBold file has 55
    characters: 'A' and 'B' came from it, every other letter from a fallback)."""
    url, _ = app
    t = Page(browser, url, DESKTOP)
    t.ask("Who manages the internal IT infrastructure? A CIO or a CTO?")
    t.wait_answers(1)
    t.page.evaluate("() => document.fonts.ready")
    for selector in ("#qa-chat .qa-answer", ".qa-head h1"):
        assert len(_fonts_of(t.page, selector)) == 1, (selector, _fonts_of(t.page, selector))


def _fonts_of(page, selector: str) -> list[str]:
    """The font families Chromium used to draw the text of ``selector`` (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return sorted({f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]})


def test_keyboard_users_keep_typing_after_an_answer_and_buttons_and_settings_are_readable(app, browser):
    """Found in a browser review: after each answer the focus was left on the page (the next question
    went nowhere), the answer's buttons were 18 x 18 px on a phone, and the Settings help text and the
    slider's labels were #bbbbc2 on white (1.9:1, an axe violation once Settings is open)."""
    url, _ = app
    t = Page(browser, url, {"width": 1366, "height": 900})
    box = t.page.get_by_role("textbox", name=t.box_name, exact=True)
    box.click()
    t.page.keyboard.type("What does a CIO do?")
    t.page.keyboard.press("Enter")
    t.wait_answers(1)
    t.page.wait_for_function("document.activeElement && document.activeElement.closest('#qa-question')", timeout=5_000)
    t.page.keyboard.type("And the CTO?")
    assert box.input_value() == "And the CTO?"
    sizes = t.page.eval_on_selector_all("#qa-chat .icon-button", "els => els.map(e => e.getBoundingClientRect().height)")
    assert sizes and min(sizes) >= 24
    t.page.locator("#qa-settings").get_by_text("Settings", exact=False).first.click()
    t.page.locator("#qa-settings .info-text").first.wait_for()
    assert not t.axe(), t.axe()
    t.ctx.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(url)
    page.locator("#qa-question textarea").fill("What does a CIO do?")
    page.locator("#qa-question textarea").press("Enter")
    page.wait_for_selector("#qa-chat .qa-card[class*='qa-key-']", timeout=90_000)
    page.wait_for_timeout(500)
    sizes = page.eval_on_selector_all("#qa-chat .icon-button", "els => els.map(e => e.getBoundingClientRect().height)")
    assert sizes and min(sizes) >= 40  # and no focus on the box, which would open the keyboard over the answer
    assert page.evaluate("!(document.activeElement && document.activeElement.closest('#qa-question'))")
    phone.close()
