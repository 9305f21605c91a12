"""Experiment (issue 11, dev only): dictionary-based query translation for BM25 through the
trilingual domain glossary (``qa/glossary.tsv``, written from the articles by a reviewer who did not
see the questions): ``hybrid``'s BM25 part (``bm25_gloss``) at weight W, against plain BM25 (the same
part with an empty glossary, "bW").

    HF_HUB_OFFLINE=1 python docs/experiments/glossary_bm25.py [GLOSSARY.tsv] W|bW [W|bW ...]

Measured before the glossary was adopted, a variant that ranked only the other languages' passages as
a sixth part beside plain BM25 (0.6) gave R@5 0.880 / 0.880 / 0.880 / 0.885, MRR@10 0.721 / 0.722 /
0.735 / 0.760 at W 0.15 / 0.3 / 0.6 / 1.0, but English R@5 0.94 -> 0.88 from 0.6: passages in other
languages were min-max normalised on their own and outranked English ones.
"""
import dataclasses
import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from _harness import bench_line  # noqa: E402

import qa.stages as S  # noqa: E402
from qa.bench.questions import DEFAULT_QUESTIONS, load_questions, split_questions  # noqa: E402
from qa.glossary import Glossary, load_glossary  # noqa: E402
from qa.retrieval import Engine  # noqa: E402
from qa.settings import Settings  # noqa: E402
from qa.stages.gloss import GlossBM25Retriever  # noqa: E402

args = sys.argv[1:]
glossary = Glossary.from_tsv(Path(args.pop(0)).read_text(encoding="utf-8")) if args and args[0].endswith(".tsv") \
    else load_glossary()
dev = [q for q in split_questions(load_questions(DEFAULT_QUESTIONS), "dev") if q.in_scope and q.evidence]
base = Settings()
reuse = None
for arg in args:
    used = Glossary([]) if arg.startswith("b") else glossary
    S.STAGES["bm25_gloss"] = lambda res, used=used, **p: GlossBM25Retriever(res, glossary=used, **p)
    settings = dataclasses.replace(base, weights={**base.weights, "bm25_gloss": float(arg.lstrip("b"))})
    eng = Engine.load("corpus", "index", settings=settings, reuse=reuse)
    reuse = eng.embedders
    bench_line(eng, dev, f"W {arg}")
