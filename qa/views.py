"""Views of one ``Answer``: the JSON record (CLI, API, bench) and plain text (terminal).

The HTML view lives with the UI (``qa/ui.py``); all three read the same ``Answer``.
"""
from __future__ import annotations

import hashlib
import re

from qa.types import Answer, Article, Hit

from qa.answer import LANG_NAMES, SOURCES_LABEL
from qa.languages import LANGUAGES

BULLET_RE = re.compile(r"^\s*[-•*]\s+")  # a list item's bullet (the HTML view reads it too)


def lead_lines(text: str) -> tuple[str, list[str]]:
    """An answer sentence as its first line and the list items after it (a lead-in ending in a colon
    carries them; ``qa.stages.select``), bullets dropped, numbers kept."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return "", []
    return BULLET_RE.sub("", lines[0]), [BULLET_RE.sub("", ln) for ln in lines[1:]]


def section_label(hit: Hit, lang: str) -> str:
    """The passage's section heading as a label: without the punctuation that leads into the text
    under it ("20. CIO vs. CTO:" reads "20. CIO vs. CTO"), or "Introduction" (in ``lang``) before
    the first one."""
    label = (hit.chunk.section or "").strip().rstrip(":;,—–- ").strip()
    return label or LANGUAGES.get(lang, LANGUAGES["en"]).ui["intro"]


def citation_id(doc_id: str, start: int, end: int, text: str) -> str:
    """A stable, content-based id of a cited span: it changes when the text it points at does."""
    blob = f"{doc_id}\x00{start}\x00{end}\x00{text}".encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def hit_record(hit: Hit, article: Article) -> dict:
    """One cited passage as JSON: ``text == article.text[start:end]``."""
    ch = hit.chunk
    return {"rank": hit.rank, "score": round(hit.score, 6), "doc_id": ch.doc_id, "title": article.title,
            "lang": article.lang, "section": ch.section, "chunk_id": ch.chunk_id,
            "citation_id": citation_id(ch.doc_id, ch.start, ch.end, ch.text),
            "text": ch.text, "start": ch.start, "end": ch.end}


def to_record(answer: Answer, articles: dict[str, Article], index_id: str | None = None) -> dict:
    """The structured result: what ``search --jsonl`` prints and the ``/search`` API returns.

    ``answer`` lists the answer sentences, best first, with exact document offsets;
    ``results`` the cited passages. Both are given even when ``abstained`` is true.
    ``unsure``: answered, but the bot is unsure the articles answer it (the UI says so).
    ``skipped_parts``: retriever parts the answer was made without (``["sparse", "sparse_sent"]`` under load).
    """
    record = {
        "question": answer.question,
        "lang": answer.lang,
        "abstained": answer.abstained,
        "unsure": answer.unsure,
        "confidence": round(answer.confidence, 4),
        "reason": answer.reason,
        "skipped_parts": list(answer.skipped),
        "answer": [{"text": s.text, "doc_id": s.doc_id, "start": s.start, "end": s.end,
                    "score": round(s.score, 4), "citation": s.citation, "context": s.context}
                   for s in answer.sentences],
        "results": [hit_record(h, articles[h.chunk.doc_id]) for h in answer.hits],
    }
    if index_id is not None:
        record["index_id"] = index_id
    return record


def to_text(answer: Answer, articles: dict[str, Article], not_covered: str) -> str:
    """Plain-text FAQ answer for the terminal: the answer sentence, then numbered sources.

    Args:
        not_covered: the refusal text in the question's language (used when abstaining).
    """
    lang = answer.lang if answer.lang in SOURCES_LABEL else "en"
    lines = [f"Q: {answer.question}", ""]
    if answer.abstained or not answer.hits:
        lines.append(answer.reason or not_covered)
        if not answer.hits:
            return "\n".join(lines) + "\n"
        lines += ["", f"{LANGUAGES[lang].ui['closest']}:"]
    else:
        lead = answer.sentences[0] if answer.sentences else None
        lead_text, items = lead_lines(lead.text) if lead else (answer.hits[0].chunk.text, [])
        number = lead.citation if lead else 1
        if answer.unsure:
            lines.append(LANGUAGES[lang].ui["unsure"])
        lines += [f"A: {lead.lead_in if lead else ''}\"{lead_text}\" [{number}]", *(f"   {item}" if item[:1].isdigit() else f"   - {item}" for item in items), "",
                  f"{SOURCES_LABEL[lang]}:"]
    for hit in answer.hits:
        ch = hit.chunk
        art = articles[ch.doc_id]
        lines.append(f"[{hit.rank}] {art.title} ({LANG_NAMES.get(art.lang, art.lang)}) — {section_label(hit, lang)}")
        lines.append(f"    {ch.doc_id} chars {ch.start}-{ch.end}, score {hit.score:.3f}")
        lines += [f"    {para}" for para in ch.text.split("\n") if para.strip()]
        lines.append("")
    return "\n".join(lines)
