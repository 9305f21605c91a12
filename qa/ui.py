"""Gradio chat UI and API (`build_demo`), ready for Hugging Face Spaces.

The chat shows each answer as a card (the answer sentence first, its source chip, the
passages folded one line each); a chip opens the article beside the chat, scrolled to
the answering sentence. Everything shown is escaped (``qa/html_view.py``).

Two public API endpoints: ``/answer`` (the display HTML) and ``/search`` (the structured
record of ``search --jsonl``; also an MCP tool when launched with ``mcp_server=True``).
Every UI event is private.
"""
from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path
from typing import Literal, TypedDict, get_type_hints

from qa.gradio_import import skip_stub_writer

skip_stub_writer()
import gradio as gr  # noqa: E402

from qa import config
from qa.answer import NOT_COVERED
from qa.errors import QAError, QuestionError
from qa.feedback import FeedbackLog, Vote
from qa.html_view import (CitationRecord, answer_card, answer_key, article_html, chip_target, citation_records, escape,
                          message_card, section_label)
from qa.language import detect_language
from qa.languages import LANGUAGES as LANGUAGE_RECORDS
from qa.languages import get as language_record
from qa.key_terms import follows_up, swap_role
from qa.live import LiveEngine, StaticEngine
from qa.question import MAX_QUESTION_CHARS
from qa.retrieval import DEFAULT_RETRIEVER, RETRIEVERS, Engine, check_k, check_retriever
from qa.settings import DEFAULT_K  # five; the answer selector reads seven and shows these five first
from qa.startup import load_engine
from qa.types import Answer
from qa.views import to_record

logger = logging.getLogger(__name__)

# What the Settings menu calls each retriever: what it does, not its jargon name alone. The words
# live in each language record's ``ui`` (``retriever_hybrid``, ...); these are the English ones.
RETRIEVER_KEYS = {r: f"retriever_{r}" for r in RETRIEVERS}
RETRIEVER_LABELS = {r: LANGUAGE_RECORDS["en"].ui[key] for r, key in RETRIEVER_KEYS.items()}
# Shown in the empty chat; clicking one sends it. Each is answered correctly (see tests).
EXAMPLES = [
    "What was the average annual salary of a CIO in the U.S. in October 2021?",
    "Wer leitet die Engineering Group des Unternehmens?",
    "Ki felel a vállalat mérnöki osztályának irányításáért?",
]
MAX_K = 20
RetrieverName = Literal["bm25", "dense", "e5", "rrf", "hybrid", "hybrid_sparse"]
assert set(RetrieverName.__args__) == set(RETRIEVERS), "keep RetrieverName in step with qa.retrieval.RETRIEVERS"



class SentenceRecord(TypedDict):
    """An answer sentence: ``article.text[start:end] == text``; ``citation`` numbers its passage."""

    text: str
    doc_id: str
    start: int
    end: int
    score: float
    citation: int


class PassageRecord(TypedDict):
    """A cited passage with its offsets and its content-based ``citation_id``."""

    rank: int
    score: float
    doc_id: str
    title: str
    lang: str
    section: str
    chunk_id: str
    citation_id: str
    text: str
    start: int
    end: int


class SearchResult(TypedDict):
    """What ``/search`` returns: the record of ``python -m qa search --jsonl``."""

    question: str
    lang: str
    abstained: bool
    unsure: bool
    confidence: float
    reason: str
    answer: list[SentenceRecord]
    results: list[PassageRecord]
    index_id: str


STATIC = Path(__file__).with_name("static")
# The page's own words, from each language's record; Gradio picks the browser's language (English
# otherwise). Answers follow the question's language, whatever the page's.
PAGE_KEYS = ("chat_placeholder", "box_placeholder", "box_label", "ask", "settings", "passages", "how", "how_info",
             *RETRIEVER_KEYS.values())
UI_TEXT = {code: {**{k: rec.ui[k] for k in PAGE_KEYS},
                  "header": f'<header class="qa-head"><h1>{escape(rec.ui["page_title"])}</h1>'
                            f'<p>{escape(rec.ui["page_intro"])}</p></header>',
                  "reader": f'<div class="qa-reader qa-reader-empty"><h2 class="qa-reader-title">'
                            f'{escape(rec.ui["reader_title"])}</h2><p>{escape(rec.ui["reader_empty"])}</p></div>'}
           for code, rec in LANGUAGE_RECORDS.items()}
FAILED = "Sorry, something went wrong while answering. Please try again."
SOURCE_GONE = ("This citation came from an earlier version of the index, which has since been rebuilt. "
               "Ask again to read the current passage.")
_ANSWER_KEY = re.compile(r'qa-key-([0-9a-f]{16})')

I18N = gr.I18n(**UI_TEXT)
# Gradio 6.31's front end has no Hungarian locale (it falls back to English): for a browser that
# asks for Hungarian, ui.js swaps the page's own English words, never an answer's, for these
# (the retriever names too: in the dropdown's list, and its shown value, which is an input's value).
_PAGE_TEXT_KEYS = PAGE_KEYS + ("page_title", "page_intro", "reader_title", "reader_empty")
PAGE_TEXT_FALLBACK = {"hu": {LANGUAGE_RECORDS["en"].ui[k]: LANGUAGE_RECORDS["hu"].ui[k] for k in _PAGE_TEXT_KEYS},
                      # Gradio's German covers the page, not its tab title
                      "de": {LANGUAGE_RECORDS["en"].ui["page_title"]: LANGUAGE_RECORDS["de"].ui["page_title"]}}


# Gradio 6.31's Source Sans Pro SemiBold file holds 55 characters (capitals A and B, a few
# symbols), so every weight-600 text (the bold answer, headings) mixed it with a fallback font:
# a thin odd "A" in "Additionally". With faces at 400 and 700 only, bold text uses the full Bold.
THEME = gr.themes.Default(font=[gr.themes.LocalFont("Source Sans Pro", weights=(400, 700)), "ui-sans-serif",
                                "system-ui", "sans-serif"])


def launch_options() -> dict:
    """What ``demo.launch`` must be given for this UI: its CSS and script, and the MCP server."""
    return {"css": (STATIC / "ui.css").read_text(encoding="utf-8"),
            "head": "<script>window.qaPageText = " + json.dumps(PAGE_TEXT_FALLBACK).replace("</", "<\\/") + ";</script>"
                    "<script>" + (STATIC / "ui.js").read_text(encoding="utf-8") + "</script>",
            "mcp_server": True, "i18n": I18N, "theme": THEME}


def _user_message(question: str) -> dict:
    shown = question if len(question) <= MAX_QUESTION_CHARS else question[:200] + "…"
    return {"role": "user", "content": f'<p class="qa-q" dir="auto">{escape(shown)}</p>'}


def reader_language(request) -> str:
    """The first of our languages in the browser's Accept-Language header (what Gradio shows the page
    in), else English."""
    header = ""
    try:
        header = (request.headers.get("accept-language") or "") if request is not None else ""
    except AttributeError:
        pass
    for part in header.split(",")[:20]:
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGE_RECORDS:
            return code
    return "en"


def _too_long(question: str) -> str:
    """What the chat says to a question over the length limit, in its language ("" when it is not)."""
    if len(question) <= MAX_QUESTION_CHARS:
        return ""
    lang = detect_language(question[:MAX_QUESTION_CHARS])
    sep = {"de": ".", "hu": "\u00a0"}.get(lang, ",")  # 1,219 / 1.219 / 1 219
    return language_record(lang).ui["too_long"].format(n=f"{len(question):,}".replace(",", sep),
                                                       limit=f"{MAX_QUESTION_CHARS:,}".replace(",", sep))


def _bot(content: str) -> dict:
    return {"role": "assistant", "content": content}


def _pending(question: str = "") -> dict:
    """The "searching" card, in the question's language."""
    lang = detect_language(question[:MAX_QUESTION_CHARS]) if question.strip() else "en"
    text = escape(language_record(lang).ui["pending"])
    return _bot('<div class="qa-card qa-pending" role="status"><p class="qa-answer">'
                f'<span class="qa-dots" aria-hidden="true"></span>{text}</p></div>')


def _is_pending(msg: dict) -> bool:
    return msg.get("role") == "assistant" and "qa-pending" in str(msg.get("content", ""))


def voted_text(answer: Answer) -> str:
    """What a vote on ``answer`` is about: its lead sentence, or the reason it refused; "" for small
    talk, which is no answer from the articles and takes no vote."""
    if answer.small_talk:
        return ""
    if answer.abstained or not answer.sentences:
        return answer.reason or NOT_COVERED.get(answer.lang, NOT_COVERED["en"])
    return answer.sentences[0].text


def _check(question: object, k: object, retriever: object, available: list[str]) -> tuple[str, int, str]:
    """Validate API input; raise ValueError/QuestionError naming the bad value."""
    if not isinstance(question, str):
        raise QuestionError(f"a question must be text, got {type(question).__name__}")
    if len(question) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
    return question, check_k(k, MAX_K), check_retriever(retriever, available)


def build_demo(engine: Engine | LiveEngine | StaticEngine | None = None, corpus: str | None = None,
               index: str | None = None, feedback: FeedbackLog | None = None):
    """Build the Gradio app.

    Without ``engine`` it serves a ``LiveEngine`` over ``corpus``/``index`` (or the
    env/defaults), so a rebuilt index is picked up without a restart; each answer comes
    wholly from one index snapshot. Votes go to ``feedback`` (default: ``$QA_FEEDBACK_DIR``).
    """
    if engine is None:
        live = load_engine(corpus, index)
    elif isinstance(engine, Engine):
        live = StaticEngine(engine)
    else:
        live = engine
    feedback = feedback or FeedbackLog.from_env()
    first_engine = live.current()
    retrievers = [r for r in RETRIEVERS if r in first_engine.retrievers]
    default_retriever = first_engine.default

    def run(question: str, k: int, retriever: str):
        eng = live.current()
        return eng, eng.ask(question, k=k, retriever=retriever)

    # ---- public API -------------------------------------------------------------------
    def answer(question: str, k: int = DEFAULT_K, retriever: RetrieverName = DEFAULT_RETRIEVER) -> str:
        """Answer a question about the CIO/CTO articles: display HTML with the answer sentence and cited passages.

        Args:
            question: the question, in English, German or Hungarian (up to 1000 characters).
            k: how many passages to cite, 1 to 20.
            retriever: the ranking method.
        """
        try:
            question, k, retriever = _check(question, k, retriever, retrievers)
            eng, ans = run(question, k, retriever)
            records = citation_records(ans, eng.store.index_id)
            return answer_card(ans, eng.articles, eng.store.index_id, records,
                               answer_key(question, records, eng.store.index_id))
        except (QAError, ValueError) as exc:
            return message_card(str(exc), "error")
        except Exception:  # never a traceback for users
            logger.exception("answer failed")
            return message_card(FAILED, "error")

    def search(question: str, k: int = DEFAULT_K, retriever: RetrieverName = DEFAULT_RETRIEVER) -> SearchResult:
        """Search the CIO/CTO articles: the answer sentences (exact spans with offsets), the cited passages, confidence and whether it abstained.

        Args:
            question: the question, in English, German or Hungarian (up to 1000 characters).
            k: how many passages to return, 1 to 20.
            retriever: the ranking method.
        """
        try:
            question, k, retriever = _check(question, k, retriever, retrievers)
            eng, ans = run(question, k, retriever)
            return to_record(ans, eng.articles, eng.store.index_id)
        except (QAError, ValueError) as exc:
            raise gr.Error(str(exc), print_exception=False) from None
        except Exception:
            logger.exception("search failed")
            raise gr.Error(FAILED, print_exception=False) from None

    # ---- chat events (private) --------------------------------------------------------
    def new_session() -> dict:
        # read_as[i]: the text asked[i] was answered as (a follow-up joined to the one before it)
        return {"asked": [], "read_as": [], "cites": {}, "answers": {}}

    def ask(question, history, session):
        """Show the question at once with a pending answer; the box is emptied, not hidden."""
        question = question if isinstance(question, str) else ""
        history, session = list(history or []), dict(session or new_session())
        if not question.strip():
            return gr.update(), history, session
        session["asked"] = [*session["asked"], question]
        note = _too_long(question)
        if note:  # said at once, in its language; the text stays in the box to shorten
            return gr.update(), history + [_user_message(question), _bot(message_card(note, "error"))], session
        return "", history + [_user_message(question), _pending(question)], session

    def lock():
        """While an answer is coming the box takes no new question: a second one would be
        overwritten by the first one's answer (found in the browser)."""
        return gr.update(interactive=False)

    def unlock():
        return gr.update(interactive=True)

    def ask_example(history, session, evt: gr.SelectData):
        value = evt.value if isinstance(evt.value, dict) else {"text": str(evt.value)}
        _, history, session = ask(str(value.get("text", "")), history, session)
        return history, session

    def respond(history, session, k, retriever, request: gr.Request = None):
        history, session = list(history or []), dict(session or new_session())
        if not history or not _is_pending(history[-1]) or not session["asked"]:
            return history, session
        question = session["asked"][-1]
        note = _too_long(question)
        if note:  # a retry of an over-long question: the same note
            return history[:-1] + [_bot(message_card(note, "error"))], session
        turn = len(session["asked"]) - 1
        read_as = (list(session.get("read_as") or []) + [""] * turn)[:turn]  # the turns before this one
        previous = read_as[-1] if read_as else ""
        joined = previous and follows_up(question) and len(previous) + 1 + len(question) <= MAX_QUESTION_CHARS
        # "And the CIO?" after "What does a CTO do?" asks "What does a CIO do?": read as that, not as both
        swapped = swap_role(previous, question) if joined else None
        asked = swapped or (f"{previous} {question}" if joined else question)
        session["read_as"] = read_as + [asked]
        try:
            q, kk, rr = _check(asked, int(k), retriever if retriever in retrievers else default_retriever, retrievers)
            eng, ans = run(q, kk, rr)
            records = citation_records(ans, eng.store.index_id)
            key = answer_key(asked, records, eng.store.index_id)
            card = answer_card(ans, eng.articles, eng.store.index_id, records, key,
                               read_with=previous if joined and not swapped else "", read_as=swapped or "")
            cites = dict(session["cites"])
            for r, hit in zip(records, ans.hits):
                cites[chip_target(key, r)] = {**r.to_dict(), "section": section_label(hit, ans.lang), "lang": ans.lang}
            session["cites"] = cites
            shown = voted_text(ans)
            if shown:  # an answer or refusal from the articles; small talk takes no vote
                session["answers"] = {**session["answers"], key: {
                    "question": question, **({"read_as": asked} if joined else {}),
                    "citations": [r.cid for r in records], "index_id": eng.store.index_id,
                    "lang": ans.lang, "abstained": ans.abstained or not ans.sentences, "answer_text": shown}}
        except QuestionError as exc:  # no words to tell its language: the reader's browser language tells
            text = language_record(reader_language(request)).ui.get(exc.kind) if exc.kind else None
            card = message_card(text or str(exc)[:1].upper() + str(exc)[1:], "error")
        except (QAError, ValueError) as exc:
            card = message_card(str(exc)[:1].upper() + str(exc)[1:], "error")
        except Exception:
            logger.exception("chat failed")
            card = message_card(FAILED, "error")
        return history[:-1] + [_bot(card)], session

    def retry(history, session):
        history, session = list(history or []), dict(session or new_session())
        last_user = max((i for i, m in enumerate(history) if m.get("role") == "user"), default=None)
        if last_user is None:
            return history, session
        return history[:last_user + 1] + [_pending((session["asked"] or [""])[-1])], session

    def undo(history, session):
        history, session = list(history or []), dict(session or new_session())
        last_user = max((i for i, m in enumerate(history) if m.get("role") == "user"), default=None)
        if last_user is None:
            return "", history, session
        asked = list(session["asked"])
        question = asked.pop() if asked else ""
        session["asked"] = asked
        session["read_as"] = list(session.get("read_as") or [])[:len(asked)]
        return question, history[:last_user], session

    def clear():
        return [], new_session(), I18N("reader")

    def vote(history, session, data: gr.LikeData, request: gr.Request = None):
        """Log a vote on an answer or refusal from the articles. Gradio offers the buttons under every
        reply: a vote on an error or small talk is not saved, and the voter is told so."""
        history = list(history or [])
        idx = data.index if isinstance(data.index, int) else data.index[0]
        content = str(history[idx].get("content", "")) if 0 <= idx < len(history) else str(data.value)
        m = _ANSWER_KEY.search(content) or _ANSWER_KEY.search(str(data.value))
        info = (session or {}).get("answers", {}).get(m.group(1)) if m else None
        if not info or not str(info.get("answer_text") or "").strip():
            if data.liked is not None:  # a withdrawn vote on it needs no word
                gr.Info(language_record(reader_language(request)).ui["no_vote"])
            return
        choice = "like" if data.liked is True else "dislike" if data.liked is False else "none"
        try:
            path = feedback.append(Vote(question=info["question"], vote=choice, answer=m.group(1),
                                        citations=tuple(info["citations"]), index_id=info["index_id"],
                                        lang=info["lang"], abstained=info["abstained"],
                                        answer_text=info["answer_text"]))
            logger.info("feedback %s written to %s", choice, path)
        except OSError as exc:
            logger.warning("could not write feedback: %s", exc)
            gr.Warning("Your vote could not be saved.")

    def open_citation(cid, session):
        record = (session or {}).get("cites", {}).get(str(cid or "").strip())
        if not record:
            return I18N("reader")
        snapshot = live.snapshot(record.get("index_id", ""))
        if snapshot is None or record["doc_id"] not in snapshot.articles:
            return message_card(SOURCE_GONE, "error")
        rec = CitationRecord(**{k: record[k] for k in CitationRecord.__dataclass_fields__})
        return article_html(snapshot.articles[record["doc_id"]], rec, record.get("section", ""), record.get("lang"))

    def settle_reader(cid, session):
        """After an article arrives: if the chat was cleared meanwhile (the article was on its way when
        Clear emptied the panel), the panel goes back to empty; otherwise it stays as it is."""
        if str(cid or "").strip() in (session or {}).get("cites", {}):
            return gr.skip()
        return I18N("reader")

    with gr.Blocks(title="CIO vs CTO — ask the articles", fill_width=True) as demo:
        gr.HTML(I18N("header"), elem_id="qa-header", js_on_load=None)
        session = gr.State(new_session())
        with gr.Row(equal_height=False, elem_id="qa-main"):
            with gr.Column(scale=3, min_width=360, elem_id="qa-chat-col"):
                chatbot = gr.Chatbot(
                    label="Conversation", elem_id="qa-chat", height="62vh", min_height=380,
                    latex_delimiters=[], sanitize_html=True, autoscroll=False, show_label=False,
                    feedback_options=["Like", "Dislike"], buttons=["copy"],
                    examples=[{"text": q} for q in EXAMPLES],
                    placeholder=I18N("chat_placeholder"))
                with gr.Row(elem_id="qa-input-row"):
                    # No max_length: the browser would cut a long paste silently (a long question
                    # often asks at its end); over the limit, the reply says so and nothing is lost.
                    box = gr.Textbox(label=I18N("box_label"), placeholder=I18N("box_placeholder"),
                                     show_label=False, scale=5, max_lines=4, elem_id="qa-question",
                                     autofocus=False)
                    send = gr.Button(I18N("ask"), variant="primary", scale=1, min_width=80, elem_id="qa-ask")
                with gr.Accordion(I18N("settings"), open=False, elem_id="qa-settings"):
                    k = gr.Slider(1, MAX_K, value=DEFAULT_K, step=1, label=I18N("passages"))
                    # The names go to the page as I18nData, which Gradio's front end translates (German);
                    # not filterable: typed text would be matched against the untranslated (English)
                    # names on a Hungarian page, and five choices need no filter.
                    retr = gr.Dropdown([(I18N(RETRIEVER_KEYS[r]), r) for r in retrievers], value=default_retriever,
                                       label=I18N("how"), info=I18N("how_info"), filterable=False)
            with gr.Column(scale=2, min_width=360, elem_id="qa-reader-col"):
                reader = gr.HTML(I18N("reader"), elem_id="qa-reader", js_on_load=None)
        cite_id = gr.Textbox(visible="hidden", elem_id="qa-cite-id", label="Citation id")
        cite_go = gr.Button("Open citation", visible="hidden", elem_id="qa-cite-go")

        private = {"api_visibility": "private"}
        after = {"fn": None, "js": "() => window.qaScrollToLatest && window.qaScrollToLatest()", **private}
        # ... and, once the box is unlocked, typing goes on in it (a keyboard user's focus was left on the page)
        answered = {**after, "js": "() => { window.qaScrollToLatest && window.qaScrollToLatest(); "
                                   "window.qaRefocus && window.qaRefocus(); }"}
        locked = {"fn": lock, "inputs": None, "outputs": box, "queue": False, "show_progress": "hidden", **private}
        unlocked = {**locked, "fn": unlock}  # runs after the answer whether it came or failed (queue full)
        for trigger, fn, inputs, outputs in ((box.submit, ask, [box, chatbot, session], [box, chatbot, session]),
                                             (send.click, ask, [box, chatbot, session], [box, chatbot, session]),
                                             (chatbot.example_select, ask_example, [chatbot, session], [chatbot, session]),
                                             (chatbot.retry, retry, [chatbot, session], [chatbot, session])):
            (trigger(fn, inputs, outputs, queue=False, **private)
             .then(**locked)
             .then(**after)
             .then(respond, [chatbot, session, k, retr], [chatbot, session], show_progress="hidden", **private)
             .then(**unlocked)
             .then(**answered))
        chatbot.undo(undo, [chatbot, session], [box, chatbot, session], queue=False, **private)
        chatbot.clear(clear, None, [chatbot, session, reader], queue=False, **private)
        # queued: Gradio shows gr.Info/gr.Warning only for queued events (the "not saved" notes)
        chatbot.like(vote, [chatbot, session], None, show_progress="hidden", **private)
        citing = cite_go.click(open_citation, [cite_id, session], reader, show_progress="hidden", **private)
        citing.then(fn=None, js="() => window.qaShowTarget && window.qaShowTarget()", **private)
        citing.then(settle_reader, [cite_id, session], reader, queue=False, show_progress="hidden", **private)
        for fn in (answer, search):  # gr.api reads real types, not postponed annotation strings
            fn.__annotations__ = get_type_hints(fn)
            gr.api(fn, api_name=fn.__name__)
    answer._mcp_type = "none"  # not an MCP tool: its HTML is for display; /search is the tool
    for block_fn in demo.fns.values():  # name the API parameters in the docs, not "1st, 2nd, 3rd"
        if block_fn.api_name in ("answer", "search") and block_fn.fn is not None:
            names = list(get_type_hints(block_fn.fn))
            for comp, name in zip(block_fn.inputs, names):
                comp.label = name
            for comp in block_fn.outputs:
                comp.label = "html" if block_fn.api_name == "answer" else "result"
    workers, waiting = config.queue_settings()
    demo.queue(default_concurrency_limit=workers, max_size=waiting)
    return demo


def build_demo_or_exit(**kwargs):
    """``build_demo``, but a missing/stale/mismatched index or a bad setting ends the
    process with one line naming the problem (exit 1) instead of a traceback."""
    try:
        return build_demo(**kwargs)
    except (QAError, ValueError) as exc:
        print(f"qa: cannot start the app: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


from qa.server import launch  # noqa: E402,F401 - moved to qa/server.py; kept for old imports
