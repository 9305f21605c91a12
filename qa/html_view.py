"""The HTML view of one ``Answer``: an answer card for the chat and the article reader.

Every value that reaches HTML is escaped here: article text, titles, sections, front
matter, URLs and questions. Markdown syntax is neutralised too, because the chat renders
its messages through a Markdown parser before sanitising them.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from qa.answer import LANG_NAMES, NOT_COVERED, SOURCES_LABEL
from qa.languages import LANGUAGES
from qa.types import Answer, AnswerSentence, Article, Hit
from qa.views import BULLET_RE, citation_id, lead_lines, section_label

_ESCAPE = re.compile(r"[&<>\"'\\`*_{}\[\]()#+!|~$:@\n-]")
_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}

LABELS = {code: rec.ui for code, rec in LANGUAGES.items()}  # each language's record owns its strings


def escape(text: str) -> str:
    """Text safe inside chat HTML: HTML-escaped, Markdown syntax neutralised, no raw newline."""
    return _ESCAPE.sub(lambda m: _NAMED.get(m.group(0)) or f"&#{ord(m.group(0))};", text)


def _lang(code: str) -> str:
    return code if code in NOT_COVERED else "en"


@dataclass(frozen=True)
class CitationRecord:
    """What a citation chip points at; kept in the chat state under ``cid``."""

    cid: str
    number: int
    doc_id: str
    start: int
    end: int
    sent_start: int
    sent_end: int
    index_id: str

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _sentence_for(answer: Answer, number: int) -> AnswerSentence | None:
    return next((s for s in answer.sentences if s.citation == number), None)


def citation_records(answer: Answer, index_id: str) -> list[CitationRecord]:
    """One record per cited passage; the highlighted sentence is the best one lying in it.

    A refusal's closest passages highlight no sentence: a marked sentence reads as an answer.
    """
    out = []
    for number, hit in enumerate(answer.hits, start=1):
        ch = hit.chunk
        sent = None if answer.abstained else _sentence_for(answer, number)
        s0, s1 = (sent.start, sent.end) if sent and ch.start <= sent.start and sent.end <= ch.end else (ch.start, ch.start)
        out.append(CitationRecord(citation_id(ch.doc_id, ch.start, ch.end, ch.text), number, ch.doc_id,
                                  ch.start, ch.end, s0, s1, index_id))
    return out


def answer_key(question: str, records: list[CitationRecord], index_id: str) -> str:
    """A stable id of one answer: same question, same citations, same index -> same key."""
    blob = "\x00".join([question, index_id, *(r.cid for r in records)]).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def chip_target(key: str, rec: CitationRecord) -> str:
    """What a chip points at: this answer's citation of the passage (``<answer key>-<citation id>``).

    Two answers may cite the same passage for different sentences; each chip must open the
    article at its own answer's sentence.
    """
    return f"{key}-{rec.cid}"


def _language_name(code: str, lang: str) -> str:
    """An article language's name in the reader's language ("Englisch", "angol")."""
    return LABELS[lang].get(f"name_{code}", LANG_NAMES.get(code, code))


def _chip(article: Article, hit: Hit, rec: CitationRecord, lang: str, key: str, cls: str = "qa-chip") -> str:
    label = f"[{rec.number}] {article.title} · {section_label(hit, lang)}"
    if article.lang != lang:  # a quote in another language than the reader's says so ("· Ungarisch")
        label += f" · {_language_name(article.lang, lang)}"
    return (f'<a class="{cls}" href="#qa-cite-{chip_target(key, rec)}" '
            f'title="{escape(LABELS[lang]["open"])}">{escape(label)}</a>')


def _passage(article: Article, hit: Hit, rec: CitationRecord, lang: str, key: str, open_: bool = False,
             lead: bool = True) -> str:
    """One folded passage. Its highlighted sentence is the answer (``lead``) or, in another passage,
    a runner-up answer sentence, marked apart (dotted underline, a tooltip) so that it does not
    read as part of the answer."""
    ch = hit.chunk
    a, b = rec.sent_start - ch.start, rec.sent_end - ch.start
    # A list item reads as one: "- " at a line's start shows as "• " (the same length, so the
    # sentence offsets still hold; the text a copy or the API gives is the document's own).
    text = _LIST_DASH.sub("• ", ch.text)
    if b > a:
        mark = "<mark>" if lead else f'<mark class="qa-also" title="{escape(LABELS[lang]["also"])}">'
        body = escape(text[:a]) + mark + escape(text[a:b]) + "</mark>" + escape(text[b:])
    else:
        body = escape(text)
    body = body.replace("&#10;", "<br>")
    first = " ".join(BULLET_RE.sub("", line) for line in ch.text.split("\n") if line.strip())
    first = " ".join(first.split())
    snippet = first if len(first) <= 90 else first[:88].rstrip() + "…"
    summary = (f'<span class="qa-num">[{rec.number}]</span> <span class="qa-ptitle">{escape(article.title)} · </span>'
               f'<span class="qa-plang">{escape(article.lang.upper())} · </span>'
               f'<span class="qa-psec">{escape(section_label(hit, lang))}</span> — <span class="qa-snip">{escape(snippet)}</span>')
    return (f'<details class="qa-passage"{" open" if open_ else ""}><summary>{summary}</summary>'
            f'<blockquote lang="{escape(ch.lang)}">{body}</blockquote>'
            f'<p class="qa-open">{_chip(article, hit, rec, lang, key, "qa-chip qa-chip-small")}</p></details>')


def answer_card(answer: Answer, articles: dict[str, Article], index_id: str,
                records: list[CitationRecord], key: str, read_with: str = "", read_as: str = "") -> str:
    """The chat message for one answer: the answer sentence first, its source chip, then the
    passages folded one line each. Abstentions show the reason and the closest passages; an
    answer the bot is unsure of says so first and is not set in bold."""
    lang = _lang(answer.lang)
    # The chat's sanitiser drops data-* attributes: the answer key rides in a class, the
    # plain text for the copy button in a hidden element.
    parts = [f'<div class="qa-card qa-key-{key}" lang="{lang}">',
             f'<div class="qa-plain">{escape(plain_text(answer, articles))}</div>']
    by_number = {r.number: r for r in records}
    if read_with or read_as:  # a follow-up ("And the CTO?") was read with, or as, the question before it
        said, label = (read_as, "read_as") if read_as else (read_with, "read_with")
        shown = said if len(said) <= 160 else said[:159] + "…"
        parts.append(f'<p class="qa-read-with">{escape(LABELS[lang][label].format(question=shown))}</p>')
    if answer.abstained or not answer.sentences:
        parts.append(f'<p class="qa-answer qa-refusal">{escape(answer.reason or NOT_COVERED[lang])}</p>')
        label = LABELS[lang]["closest"]
    else:
        lead = answer.sentences[0]
        rec = by_number[lead.citation]
        hit = answer.hits[lead.citation - 1]
        # The quote is marked with its own language (a screen reader then reads an English quote
        # on a German page with an English voice; WCAG 3.1.2).
        quote_lang = f' lang="{escape(articles[hit.chunk.doc_id].lang)}"'
        context = f'<span class="qa-context">{escape(lead.lead_in.rstrip())}</span> ' if lead.context else ""
        if answer.unsure:  # no bold claim for an answer the bot is unsure of
            parts.append(f'<p class="qa-unsure-note">{escape(LABELS[lang]["unsure"])}</p>')
        answer_class = "qa-answer qa-unsure" if answer.unsure else "qa-answer"
        first, items = lead_lines(lead.text)
        if items:  # a lead-in with the list it introduces: a block, since a <p> cannot hold a list
            numbered = all(_NUMBERED_RE.match(item) for item in items)
            tag = "ol" if numbered else "ul"
            lis = "".join(f"<li>{escape(_NUMBERED_RE.sub('', item) if numbered else item)}</li>" for item in items)
            parts.append(f'<div class="{answer_class}"{quote_lang}><p class="qa-lead">{context}{escape(first)}</p>'
                         f'<{tag} class="qa-items">{lis}</{tag}></div>')
        else:
            parts.append(f'<p class="{answer_class}"{quote_lang}>{context}{escape(first)}</p>')
        parts.append(f'<p class="qa-chips">{_chip(articles[hit.chunk.doc_id], hit, rec, lang, key)}</p>')
        label = LABELS[lang]["sources"]
    if answer.hits:
        parts.append(f'<div class="qa-passages"><p class="qa-passages-label">{escape(label)}</p>')
        lead_number = answer.sentences[0].citation if answer.sentences and not answer.abstained else None
        for number, hit in enumerate(answer.hits, start=1):
            parts.append(_passage(articles[hit.chunk.doc_id], hit, by_number[number], lang, key,
                                  lead=number == lead_number))
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


_NUMBERED_RE = re.compile(r"^\d{1,2}[.)]\s+")


def message_card(text: str, kind: str = "note") -> str:
    """A short bot message (error, busy, pending), escaped."""
    return f'<div class="qa-card qa-{kind}"><p class="qa-answer">{escape(text)}</p></div>'


def plain_text(answer: Answer, articles: dict[str, Article]) -> str:
    """What the copy button copies: the answer with its citations, as plain text."""
    lang = _lang(answer.lang)
    lines = []
    if answer.abstained or not answer.sentences:
        lines.append(answer.reason or NOT_COVERED[lang])
        if answer.hits:
            lines += ["", LABELS[lang]["closest"] + ":"]
    else:
        lead = answer.sentences[0]
        if answer.unsure:
            lines.append(LABELS[lang]["unsure"])
        first, items = lead_lines(lead.text)
        lines += [f"{lead.lead_in}{first} [{lead.citation}]", *(item if item[:1].isdigit() else f"- {item}" for item in items), "",
                  SOURCES_LABEL[lang] + ":"]
    for number, hit in enumerate(answer.hits, start=1):
        art = articles[hit.chunk.doc_id]
        url = article_url(art)
        where = f" — {url}" if url else ""
        name = _language_name(art.lang, lang)
        lines.append(f"[{number}] {art.title} ({name}) · {section_label(hit, lang)}{where}")
        lines += ["    " + " ".join(line.split()) for line in hit.chunk.text.split("\n") if line.strip()]
    return "\n".join(lines)


def article_url(article: Article) -> str:
    """The article's original URL if its front matter has one (http/https only), else ''."""
    url = str(getattr(article, "url", "") or "").strip()
    return url if urlsplit(url).scheme in ("http", "https") else ""


def text_fragment(text: str) -> str:
    """A ``#:~:text=`` fragment that finds ``text`` on the published page."""
    words = " ".join(text.split()).split(" ")

    def enc(s: str) -> str:
        return quote(s, safe="").replace("-", "%2D")

    if len(words) <= 8:
        return "#:~:text=" + enc(" ".join(words))
    return "#:~:text=" + enc(" ".join(words[:4])) + "," + enc(" ".join(words[-4:]))


_HEADING = re.compile(r"^(#{1,6})\s+")
_LIST_DASH = re.compile(r"(?m)^- ")


def _marked(text: str, base: int, spans: list[tuple[int, int, str]]) -> str:
    """Escape ``text`` (starting at document offset ``base``), wrapping the parts inside
    each ``(start, end, open_tag)`` span; spans are nested (outer first)."""
    cuts = {0, len(text)}
    for s, e, _ in spans:
        for x in (s - base, e - base):
            if 0 < x < len(text):
                cuts.add(x)
    out = []
    points = sorted(cuts)
    for a, b in zip(points, points[1:]):
        piece = html.escape(text[a:b], quote=False)
        for s, e, tag in reversed(spans):
            if s - base <= a and b <= e - base and s < e:
                name = tag[1:].split(" ", 1)[0].rstrip(">")
                piece = f"{tag}{piece}</{name}>"
        out.append(piece)
    return "".join(out)


def article_html(article: Article, record: CitationRecord | None = None, section: str = "",
                 reader_lang: str | None = None) -> str:
    """The whole article, escaped, headings as headings, the cited passage and its answering
    sentence marked (``id="qa-target"`` on the sentence, or on the passage if none)."""
    spans: list[tuple[int, int, str]] = []
    target_text = ""
    if record:
        spans.append((record.start, record.end, '<span class="qa-passage-in">'))
        if record.sent_end > record.sent_start:
            spans.append((record.sent_start, record.sent_end, '<mark class="qa-target">'))
            target_text = article.text[record.sent_start:record.sent_end]
        else:
            target_text = article.text[record.start:record.end]
    blocks: list[str] = []
    in_list = False
    pos = 0
    first_target = True
    for line in article.text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            if in_list:
                blocks.append("</ul>")
                in_list = False
            continue
        m = _HEADING.match(line)
        bullet = BULLET_RE.match(line)
        if m:
            content = _marked(line[m.end():], start + m.end(), spans)
        elif bullet:
            content = _marked(line[bullet.end():], start + bullet.end(), spans)
        else:
            content = _marked(line, start, spans)
        if first_target and record and start <= max(record.sent_start, record.start) < pos:
            content = content.replace('<mark class="qa-target">', '<mark class="qa-target" id="qa-target">', 1)
            if 'id="qa-target"' not in content:
                content = content.replace('<span class="qa-passage-in">', '<span class="qa-passage-in" id="qa-target">', 1)
            first_target = 'id="qa-target"' not in content
        if m:
            if in_list:
                blocks.append("</ul>")
                in_list = False
            level = min(6, len(m.group(1)) + 1)  # the article title is the h2
            blocks.append(f"<h{level}>{content}</h{level}>")
        elif bullet:
            if not in_list:
                blocks.append("<ul>")
                in_list = True
            blocks.append(f"<li>{content}</li>")
        else:
            if in_list:
                blocks.append("</ul>")
                in_list = False
            blocks.append(f"<p>{content}</p>")
    if in_list:
        blocks.append("</ul>")
    reader = _lang(reader_lang or article.lang)  # the reader's words: the language the question was asked in
    ui = LABELS[reader]
    meta = [_language_name(article.lang, reader)]
    if section:
        meta.append(section)
    url = article_url(article)
    link = ""
    if url:
        frag = text_fragment(target_text) if target_text else ""
        link = (f' · <a href="{html.escape(url + frag, quote=True)}" target="_blank" rel="noopener noreferrer">'
                f'{html.escape(ui["source"])} ↗</a>')
    return (f'<article class="qa-reader" lang="{html.escape(article.lang, quote=True)}">'
            f'<a class="qa-back" href="#qa-chat">↑ {html.escape(ui["back"])}</a>'
            f'<h2 class="qa-reader-title">{html.escape(article.title)}</h2>'
            f'<p class="qa-reader-meta">{html.escape(" · ".join(meta))}{link}</p>'
            f'<div class="qa-reader-body" id="qa-reader-body" tabindex="0" role="region" '
            f'aria-label="{html.escape(article.title, quote=True)}">{"".join(blocks)}</div></article>')


