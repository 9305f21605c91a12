"""Turn a raw web article (a seed ``.txt``) into clean Markdown text.

What cleaning does, and nothing more:

* drops page furniture that is not article content (comment forms, "Find other PDF
  articles" and its link lines, "Back to Home", newsletter sign-ups, a repeated title);
* repairs Hungarian mojibake (``õ`` -> ``ő``, ``û`` -> ``ű``, ...);
* normalises whitespace, bullets and quotes, never the wording;
* rebuilds a flattened comparison table (``AspectCIOCTO``) as one readable row per aspect;
* marks headings (``## ``) and list items (``- ``) so chunking can respect them.
"""
from __future__ import annotations

import logging
import re
import unicodedata

logger = logging.getLogger(__name__)

# Whole lines that are page furniture, matched after whitespace normalisation.
FURNITURE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^Schreibe einen Kommentar",
        r"^Deine E-Mail-Adresse wird nicht veröffentlicht",
        r"^Leave a (comment|reply)\b",
        r"^Your email address will not be published",
        r"^Find other PDF articles:?$",
        r"^<?https?://\S+>?$",
        r"^Back to Home\b",
        r"^Signup for\b",
        r"^Sign up for (our|the) newsletter",
        r"^Mailchimp Signup",
        r"^Join The Largest Global Network of\b",
        r"^Get the latest .* delivered to your (mailbox|inbox)",
        r"^Over [\d,.]+ of your peers have begun",
        r"^Subscribe to (our|the) newsletter",
    )
)

# Latin-1 look-alikes that broken encoders put where Hungarian double acutes belong.
HUNGARIAN_MOJIBAKE = {"õ": "ő", "Õ": "Ő", "û": "ű", "Û": "Ű", "ô": "ő", "Ô": "Ő"}

_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
           "\u00ab": '"', "\u00bb": '"'}
_BULLET_RE = re.compile(r"^\s*[•·●▪◦‣∙*–-]\s+")
_NUMBERED_RE = re.compile(r"^\s*(\d{1,2})[.)]\s+")
_INTERROGATIVES = re.compile(
    r"^(what|how|why|who|which|when|where|can|is|are|does|do|should|in which|was|wie|wer|warum|"
    r"welche|mi|miért|hogyan|ki)\b",
    re.IGNORECASE,
)
_TABLE_HEADER_RE = re.compile(r"^Aspect(CIO)(CTO)$")
# A cell boundary in a flattened table: a lower-case letter or ")" glued to a capital.
_CELL_BOUNDARY_RE = re.compile(r"(?<=[a-z)])(?=[A-Z])")


def normalise_line(line: str) -> str:
    """NFC, plain quotes, single spaces, no control characters; wording unchanged."""
    line = unicodedata.normalize("NFC", line)
    line = "".join(_QUOTES.get(c, c) for c in line)
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    line = "".join(c for c in line if c == "\t" or unicodedata.category(c)[0] != "C")
    line = re.sub(r"[ \t]+", " ", line).strip()
    # "váljanak.." -> "váljanak." (a doubled full stop, not an ellipsis)
    line = re.sub(r"(?<!\.)\.\.(?!\.)", ".", line)
    return line


def repair_mojibake(text: str) -> str:
    """Replace the Latin-1 stand-ins for Hungarian ő/ű (and capitals)."""
    return "".join(HUNGARIAN_MOJIBAKE.get(c, c) for c in text)


def is_furniture(line: str, title: str = "") -> bool:
    """True when a (normalised) line is page furniture rather than article text."""
    if any(p.search(line) for p in FURNITURE_PATTERNS):
        return True
    return bool(title) and line.casefold() == title.casefold()


def split_table_row(line: str) -> tuple[str, str, str] | None:
    """Split a flattened table row ``AspectCIO textCTO text`` into its three cells."""
    parts = _CELL_BOUNDARY_RE.split(line)
    if len(parts) != 3 or not all(p.strip() for p in parts):
        return None
    aspect, cio, cto = (p.strip() for p in parts)
    return aspect, cio, cto


def format_table_row(aspect: str, cio: str, cto: str) -> str:
    """One readable row: ``- Primary Focus — CIO: ...; CTO: ...``."""
    return f"- {aspect} — CIO: {cio}; CTO: {cto}"


def _is_heading(line: str, next_blank: bool) -> bool:
    words = line.split()
    if not words or len(words) > 18 or len(line) > 120:
        return False
    if line[-1] in ".,;!" or line.startswith("- "):
        return False
    if line.endswith(":"):
        # "20. CIO vs. CTO:" is a numbered heading; "...include:" introduces a list.
        return bool(_NUMBERED_RE.match(line)) and len(words) <= 5
    if line.endswith("?"):
        return bool(_INTERROGATIVES.match(_NUMBERED_RE.sub("", line)))
    if _NUMBERED_RE.match(line):
        # "1. CIO vs. CTO: Qualifications" is a heading; list items carry sentences.
        return len(words) <= 10 and next_blank and ":" in line
    return len(words) <= 15


def clean_text(raw: str, lang: str) -> tuple[str, str]:
    """Clean one raw article.

    Args:
        raw: the seed file's text.
        lang: the article's language (``hu`` turns on the mojibake repair).

    Returns:
        ``(title, body)``: the first line as title, and the cleaned Markdown body.
    """
    if lang == "hu":
        raw = repair_mojibake(raw)
    lines = [normalise_line(x) for x in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    nonblank = [x for x in lines if x]
    if not nonblank:
        return "", ""
    title = nonblank[0]
    body_lines = lines[lines.index(title) + 1:]
    while body_lines and not body_lines[-1]:
        body_lines.pop()
    # A seed with no blank lines (one paragraph per line) has no headings to find.
    single_spaced = len(body_lines) > 3 and "" not in body_lines
    blocks: list[str] = []
    in_table = False
    for i, line in enumerate(body_lines):
        if not line:
            in_table = False
            continue
        if is_furniture(line, title):
            logger.debug("dropped furniture line %r", line[:60])
            continue
        if _TABLE_HEADER_RE.match(line):
            in_table = True
            continue
        if in_table:
            cells = split_table_row(line)
            if cells:
                blocks.append(format_table_row(*cells))
                continue
            in_table = False
        next_line = body_lines[i + 1] if i + 1 < len(body_lines) else ""
        bullet = _BULLET_RE.match(line)
        if bullet:
            blocks.append("- " + line[bullet.end():])
            continue
        numbered = _NUMBERED_RE.match(line)
        if numbered and not _is_heading(line, next_blank=not next_line):
            blocks.append(f"{numbered.group(1)}. {line[numbered.end():]}")
            continue
        if not single_spaced and _is_heading(line, next_blank=not next_line):
            blocks.append("## " + line)
        else:
            blocks.append(line)
    # Join: list items that follow each other form one block; all else is a paragraph.
    out: list[str] = []
    for prev, block in zip([""] + blocks, blocks):
        if out and _is_item(block) and _is_item(prev):
            out.append("\n" + block)
        else:
            out.append("\n\n" + block if out else block)
    body = "".join(out).strip() + "\n"
    return title, body


def _is_item(block: str) -> bool:
    return block.startswith("- ") or bool(_NUMBERED_RE.match(block))
