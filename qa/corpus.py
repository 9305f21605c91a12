"""Read and write the cleaned corpus: one Markdown file per article with front matter.

File format (``corpus/<doc_id>.md``)::

    ---
    doc_id: "003_42a5ed2c80dd5830"
    title: "CIO vs. CTO: What's the Difference?"
    lang: "en"
    source: "raw/003_42a5ed2c80dd5830.txt"
    ---
    <body: the text every chunk offset refers to>

``source`` is the raw original the article was cleaned from, relative to the corpus
directory; ``python -m qa clean`` reads the originals from ``<corpus>/raw/`` by default.

Values are JSON strings, so the header is also valid YAML. A ``.md`` or ``.txt`` file
without front matter is accepted too: its first line is the title, its language is
detected, and the rest is the body.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
from pathlib import Path

from qa.cleaning import clean_text
from qa.errors import CorpusError
from qa.language import detect_language
from qa.types import Article

logger = logging.getLogger(__name__)

SUFFIXES = (".md", ".txt")  # compared case-insensitively: NOTES.MD is an article too
RAW_DIR = "raw"  # the raw originals, inside the corpus directory (not articles themselves)
_FM = "---\n"
_LANG_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})?")


def article_to_markdown(article: Article) -> str:
    """Serialise an article to the corpus file format."""
    head = "".join(
        f"{key}: {json.dumps(getattr(article, key), ensure_ascii=False)}\n"
        for key in ("doc_id", "title", "lang", "source")
    )
    return f"{_FM}{head}{_FM}{article.text}"


def parse_article(content: str, fallback_id: str) -> Article:
    """Parse one corpus file's text.

    Raises:
        CorpusError: the front matter is malformed or the article has no text.
    """
    content = content.removeprefix("\ufeff").replace("\r\n", "\n")  # a UTF-8 BOM is not text
    meta: dict[str, str] = {}
    body = content
    if content.startswith(_FM):
        end = content.find("\n" + _FM, len(_FM) - 1)
        if end < 0:
            raise CorpusError(f"{fallback_id}: front matter starts with '---' but never ends")
        for line in content[len(_FM):end + 1].splitlines():
            if not line.strip():
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise CorpusError(f"{fallback_id}: bad front matter line {line!r}")
            value = value.strip()
            try:
                meta[key.strip()] = str(json.loads(value)) if value.startswith('"') else value
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{fallback_id}: bad front matter value {value!r}") from exc
        body = content[end + 1 + len(_FM):]
    else:
        first, _, rest = content.partition("\n")
        meta["title"] = first.strip()
        body = rest.lstrip("\n")
    if not body.strip():
        raise CorpusError(f"{fallback_id}: the article has no text")
    lang = meta.get("lang") or detect_language(body)
    if not _LANG_RE.fullmatch(lang):
        raise CorpusError(f"{fallback_id}: lang {lang[:40]!r} is not a language code; use e.g. \"en\", \"de\" or \"hu\"")
    return Article(
        doc_id=meta.get("doc_id") or fallback_id,
        title=meta.get("title") or fallback_id,
        lang=lang,
        source=meta.get("source", ""),
        text=body,
    )


def _read_text(path: Path, seeds: Path | None = None) -> str:
    """The text of a corpus file, or of a raw seed in the directory ``seeds``: each error names the
    file, and what to do with it where it lies."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot be read ({exc.strerror or exc}); check its permissions") from None
    if b"\x00" in data:
        if seeds is not None:
            raise CorpusError(f"{path}: this seed is a binary file, not UTF-8 text, so not an article; "
                              f"move it out of the seeds directory {_shown(seeds)}")
        raise CorpusError(f"{path}: looks like a binary file, not an article; remove it from the corpus")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        what = "this seed " if seeds is not None else ""
        raise CorpusError(f"{path}: {what}is not UTF-8 text (byte {exc.start}); re-save it as UTF-8") from exc


def _shown(directory: Path) -> str:
    return f"`{directory.as_posix().rstrip('/')}/`"


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The article files of a corpus directory, sorted by name."""
    if not corpus_dir.is_dir():
        what = "is a file, not a directory" if os.path.lexists(corpus_dir) else "the directory does not exist"
        raise CorpusError(f"there is no corpus in {_shown(corpus_dir)}: {what}; "
                          "give --corpus or run `python -m qa clean`")
    try:
        entries = list(corpus_dir.iterdir())
    except OSError as exc:
        raise CorpusError(f"the corpus in {_shown(corpus_dir)} cannot be read ({exc.strerror or exc})") from None
    files = sorted(p for p in entries if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and p.is_file())
    root = os.path.realpath(corpus_dir)
    for p in files:
        if p.is_symlink() and os.path.commonpath([root, os.path.realpath(p)]) != root:
            raise CorpusError(f"{p}: is a symbolic link to a file outside the corpus ({os.path.realpath(p)}); "
                              "copy the article into the corpus instead")
    return files


def load_corpus(corpus_dir: str | Path) -> list[Article]:
    """Load every article of ``corpus_dir``.

    Empty files and exact duplicates of an earlier article are skipped with a warning.

    Raises:
        CorpusError: the directory is missing or holds no usable article, or a file is
            binary or not UTF-8, or two files claim the same ``doc_id``.
    """
    corpus_dir = Path(corpus_dir)
    articles: list[Article] = []
    seen_text: dict[str, str] = {}
    for path in corpus_files(corpus_dir):
        content = _read_text(path)
        if not content.strip():
            logger.warning("skipping empty corpus file %s", path)
            continue
        try:
            article = parse_article(content, path.stem)
        except CorpusError as exc:  # named by the file, as every other corpus error is
            raise CorpusError(str(exc).replace(f"{path.stem}: ", f"{path}: ", 1)) from None
        digest = hashlib.sha256(article.text.strip().encode()).hexdigest()
        if digest in seen_text:
            logger.warning("skipping %s: same text as %s", path.name, seen_text[digest])
            continue
        if any(a.doc_id == article.doc_id for a in articles):
            raise CorpusError(f"{path}: doc_id {article.doc_id!r} is used by another file")
        seen_text[digest] = article.doc_id
        articles.append(article)
    if not articles:
        raise CorpusError(f"the corpus directory {_shown(corpus_dir)} holds no articles (*.md or *.txt files with text)")
    return articles


def corpus_hashes(articles: list[Article]) -> dict[str, str]:
    """SHA-256 of each article's metadata and text, keyed by doc_id."""
    out = {}
    for a in articles:
        h = hashlib.sha256()
        for part in (a.doc_id, a.title, a.lang, a.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        out[a.doc_id] = h.hexdigest()
    return out


def article_from_seed(path: Path, corpus_dir: str | Path | None = None) -> Article:
    """Clean one raw seed file into an Article (doc_id = file name without suffix).

    Args:
        path: the raw ``.txt`` file.
        corpus_dir: the corpus directory the article is for; ``source`` is then the
            seed's path relative to it (``raw/<name>`` for the usual layout), else its name.
    """
    raw = _read_text(path, seeds=path.parent)
    lang = detect_language(raw)
    title, body = clean_text(raw, lang)
    if not body.strip():
        raise CorpusError(f"{path}: nothing left after cleaning")
    source = path.name if corpus_dir is None else Path(os.path.relpath(path.resolve(), Path(corpus_dir).resolve())).as_posix()
    return Article(doc_id=path.stem, title=title, lang=lang, source=source, text=body)


def _ours(target: Path, doc_id: str) -> bool:
    """Whether ``target`` is a regular file that ``write_corpus`` wrote for ``doc_id`` (its front matter
    names that doc_id and a source), so that regenerating may replace it."""
    try:
        if not stat.S_ISREG(os.lstat(target).st_mode):  # a symbolic link, a directory, a FIFO ...
            return False
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return head.startswith(f"{_FM}doc_id: {json.dumps(doc_id, ensure_ascii=False)}\n") and "\nsource: " in head


def write_corpus(seeds_dir: str | Path | None, corpus_dir: str | Path) -> list[Article]:
    """Regenerate ``corpus_dir`` from the raw seeds in ``seeds_dir`` (default ``<corpus_dir>/raw``).

    A file is replaced only when an earlier ``write_corpus`` wrote it (its front matter names the
    same doc_id and a source); anything else in the way is refused before anything is written.

    Raises:
        CorpusError: one line: missing or unreadable seeds, a path in the way, a failed write.
    """
    corpus_dir = Path(corpus_dir)
    seeds_dir = Path(seeds_dir) if seeds_dir else corpus_dir / RAW_DIR
    if not seeds_dir.is_dir():
        raise CorpusError(f"seeds directory {seeds_dir} does not exist")
    try:
        seeds = sorted(p for p in seeds_dir.iterdir() if p.is_file() and p.suffix == ".txt")
    except OSError as exc:
        raise CorpusError(f"seeds directory {seeds_dir} cannot be read ({exc.strerror or exc})") from None
    if not seeds:
        raise CorpusError(f"seeds directory {seeds_dir} holds no .txt files")
    if os.path.lexists(corpus_dir) and not corpus_dir.is_dir():
        raise CorpusError(f"cannot write the corpus to {corpus_dir}: it is not a directory")
    articles = [article_from_seed(p, corpus_dir) for p in seeds]
    for a in articles:
        target = corpus_dir / f"{a.doc_id}.md"
        if os.path.lexists(target) and not _ours(target, a.doc_id):
            raise CorpusError(f"refusing to overwrite {target}: it is not an article `qa clean` wrote (no front matter "
                              f"naming doc_id {a.doc_id!r}); move it away or give another --corpus; nothing was written")
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        for a in articles:
            target = corpus_dir / f"{a.doc_id}.md"
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=corpus_dir)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(article_to_markdown(a))
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise CorpusError(f"cannot write the corpus in {corpus_dir}: {exc.strerror or exc}{where}") from None
    return articles
