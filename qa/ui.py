"""Gradio chat UI and API (`build_demo`), ready for Hugging Face Spaces.

Everything shown is escaped: article text and questions are rendered as text, never
as HTML or Markdown, so links, images and scripts in either do nothing. The answer
function is the public API endpoint ``/answer``; every UI event is private.
"""
from __future__ import annotations

import html
import logging
import os
import re
import sys
from pathlib import Path

from qa import config
from qa.answer import LANG_NAMES, NOT_COVERED, SOURCES_LABEL, citations
from qa.errors import QAError, QuestionError
from qa.live import LiveEngine, StaticEngine
from qa.question import MAX_QUESTION_CHARS
from qa.retrieval import DEFAULT_RETRIEVER, RETRIEVERS, Engine

logger = logging.getLogger(__name__)

EXAMPLES = [
    "What does a CIO do?",
    "How do CIO and CTO salaries compare?",
    "Wer leitet die Engineering Group des Unternehmens?",
    "Ki felel a vállalat mérnöki osztályának irányításáért?",
    "Who is responsible for creating the intranet?",
    "What is the capital of France?",
]
MAX_K = 10
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$>-])")


def escape(text: str) -> str:
    """Text safe to place in Chatbot Markdown: HTML-escaped, Markdown syntax neutralised."""
    out = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(1))};", out)


def render_answer(engine: Engine, question: str, k: int, retriever: str) -> tuple[str, list[dict]]:
    """Run a question; return (HTML/Markdown message, citation records for the source panel)."""
    answer = engine.ask(question, k=k, retriever=retriever)
    lang = answer.lang if answer.lang in NOT_COVERED else "en"
    if answer.abstained or not answer.hits:
        return f"<p>{escape(NOT_COVERED[lang])}</p>", []
    cites = citations(answer, engine.articles, question)
    lead = cites[0].lead_text.lstrip("- ")
    parts = [f"<p><strong>{escape(lead)}</strong> <sup>[1]</sup></p>", f"<p><em>{SOURCES_LABEL[lang]}</em></p><ol>"]
    records = []
    for c in cites:
        ch = c.hit.chunk
        s, e = c.lead
        body = escape(ch.text[:s]) + "<mark>" + escape(ch.text[s:e]) + "</mark>" + escape(ch.text[e:])
        body = body.replace("\n", "<br>")
        parts.append(
            f"<li><strong>[{c.number}] {escape(c.article.title)}</strong> · {LANG_NAMES.get(c.article.lang, c.article.lang)}"
            f" · {escape(c.section)}<br><small>{body}</small></li>")
        records.append({"number": c.number, "doc_id": ch.doc_id, "start": ch.start, "end": ch.end,
                        "title": c.article.title, "section": c.section, "index_id": engine.store.index_id})
    parts.append("</ol>")
    return "".join(parts), records


def render_source(engine: Engine, record: dict | None) -> str:
    """The whole article, escaped, with the cited span marked and scrolled into view."""
    if not record:
        return "<p>Ask a question, then pick a citation to read it in its article.</p>"
    art = engine.articles[record["doc_id"]]
    s, e = record["start"], record["end"]
    text = art.text
    body = (html.escape(text[:s]) + '<mark id="qa-cited">' + html.escape(text[s:e]) + "</mark>" + html.escape(text[e:]))
    return (f"<h3>{html.escape(art.title)}</h3><p><small>{LANG_NAMES.get(art.lang, art.lang)} · "
            f"{html.escape(art.source)} · characters {s}–{e}</small></p>"
            f"<div style='white-space:pre-wrap;max-height:480px;overflow:auto'>{body}</div>")


SOURCE_GONE = ("<p>This citation came from an earlier version of the index, which has since been rebuilt. "
               "Ask again to read the current passage.</p>")


def build_demo(engine: Engine | LiveEngine | StaticEngine | None = None, corpus: str | None = None,
               index: str | None = None):
    """Build the Gradio app.

    Without ``engine`` it serves a ``LiveEngine`` over ``corpus``/``index`` (or the
    env/defaults), so a rebuilt index is picked up without a restart; each answer comes
    wholly from one index snapshot.
    """
    if engine is None:
        live = LiveEngine(corpus or config.env(config.ENV_CORPUS, config.DEFAULT_CORPUS),
                          index or config.env(config.ENV_INDEX, config.DEFAULT_INDEX),
                          model=os.environ.get(config.ENV_MODEL) or None,
                          retriever=config.env(config.ENV_RETRIEVER, DEFAULT_RETRIEVER))
    elif isinstance(engine, Engine):
        live = StaticEngine(engine)
    else:
        live = engine
    first_engine = live.current()
    retrievers = [r for r in RETRIEVERS if r in first_engine.retrievers]
    import gradio as gr  # after the engine: app.py imports it meanwhile

    def answer(question: str, k: float = 5, retriever: str = DEFAULT_RETRIEVER) -> str:
        """Answer a question about the CIO/CTO articles with numbered, cited passages (HTML)."""
        try:
            if not isinstance(question, str):
                raise QuestionError("a question must be text")
            if len(question) > MAX_QUESTION_CHARS:
                raise QuestionError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
            k = max(1, min(MAX_K, int(k)))
            if retriever not in retrievers:
                raise ValueError(f"unknown retriever; valid choices: {', '.join(retrievers)}")
            return render_answer(live.current(), question, k, retriever)[0]
        except (QAError, ValueError) as exc:
            return f"<p>{escape(str(exc))}</p>"
        except Exception:  # never a traceback for users
            logger.exception("answer failed")
            return "<p>Sorry, something went wrong while answering. Please try again.</p>"

    def chat(question, history, k, retriever):
        history = list(history or [])
        question = question if isinstance(question, str) else ""
        shown = question if len(question) <= MAX_QUESTION_CHARS else question[:200] + "…"
        records: list[dict] = []
        try:
            if len(question) > MAX_QUESTION_CHARS:
                raise QuestionError(f"the question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}")
            engine = live.current()
            message, records = render_answer(engine, question, max(1, min(MAX_K, int(k))),
                                             retriever if retriever in retrievers else DEFAULT_RETRIEVER)
        except (QAError, ValueError) as exc:
            message = f"<p>{escape(str(exc))}</p>"
        except Exception:
            logger.exception("chat failed")
            message = "<p>Sorry, something went wrong while answering. Please try again.</p>"
        history += [{"role": "user", "content": escape(shown)}, {"role": "assistant", "content": message}]
        choices = [(f"[{r['number']}] {r['title']} — {r['section']}", i) for i, r in enumerate(records)]
        first = show_source(records, 0)
        return "", history, records, gr.update(choices=choices, value=0 if choices else None), first

    def show_source(records, choice):
        if records and choice is not None and 0 <= int(choice) < len(records):
            record = records[int(choice)]
            snapshot = live.snapshot(record.get("index_id", ""))
            return render_source(snapshot, record) if snapshot else SOURCE_GONE
        return render_source(first_engine, None)

    with gr.Blocks(title="qa · CIO vs CTO FAQ") as demo:
        gr.Markdown("## CIO vs CTO — ask the articles\nAnswers quote the articles and cite them. "
                    "English, Deutsch, magyar. Questions up to "
                    f"{MAX_QUESTION_CHARS} characters.")
        chatbot = gr.Chatbot(label="Answers", height=460, latex_delimiters=[], sanitize_html=True,
                             feedback_options=None, elem_id="qa-chat", buttons=["copy"])
        with gr.Row():
            box = gr.Textbox(placeholder="Ask about the CIO and CTO roles…", show_label=False, scale=5,
                             max_lines=4, elem_id="qa-question")
            send = gr.Button("Ask", variant="primary", scale=1, elem_id="qa-ask")
        gr.Examples(EXAMPLES, inputs=box, label="Examples")
        records = gr.State([])
        with gr.Accordion("Read a citation in its article", open=False):
            pick = gr.Dropdown(choices=[], label="Citation", interactive=True, elem_id="qa-pick")
            source = gr.HTML(render_source(first_engine, None), elem_id="qa-source")
        with gr.Accordion("Settings", open=False):
            k = gr.Slider(1, MAX_K, value=3, step=1, label="Passages to cite")
            retr = gr.Dropdown(retrievers, value=first_engine.default, label="Retriever")
        outs = [box, chatbot, records, pick, source]
        box.submit(chat, [box, chatbot, k, retr], outs, api_visibility="private")
        send.click(chat, [box, chatbot, k, retr], outs, api_visibility="private")
        pick.change(show_source, [records, pick], source, api_visibility="private")
        gr.api(answer, api_name="answer")
    demo.queue(default_concurrency_limit=config.env_int(config.ENV_CONCURRENCY, config.DEFAULT_CONCURRENCY),
               max_size=config.env_int(config.ENV_QUEUE_SIZE, config.DEFAULT_QUEUE_SIZE))
    return demo


def build_demo_or_exit(**kwargs):
    """``build_demo``, but a missing/stale/mismatched index or a bad setting ends the
    process with one line naming the problem (exit 1) instead of a traceback."""
    try:
        return build_demo(**kwargs)
    except (QAError, ValueError) as exc:
        print(f"qa: cannot start the app: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


def launch(demo, port: int | None = None) -> None:
    """Serve with the safe defaults: no error details, index/corpus never served."""
    port = port or int(os.environ.get("GRADIO_SERVER_PORT", os.environ.get("PORT", "7860")))
    blocked = [str(Path(p).resolve()) for p in (config.env(config.ENV_INDEX, config.DEFAULT_INDEX),
                                                 config.env(config.ENV_CORPUS, config.DEFAULT_CORPUS), ".")]
    demo.launch(server_name=os.environ.get("GRADIO_SERVER_NAME", "0.0.0.0"), server_port=port, show_error=False,
                blocked_paths=blocked, max_file_size="1kb", footer_links=["api"], ssr_mode=False)
