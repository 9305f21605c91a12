"""`python -m qa bench`: evaluate retrievers on a labelled question set, in one run.

Every retriever is run through ``Engine.ask`` (the code path of the CLI and the app),
so what is measured is what users get: fusion, duplicate suppression and abstention
included.
"""
from __future__ import annotations

import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qa.bench import metrics as M
from qa.bench.questions import DEFAULT_QUESTIONS, DEFAULT_SYNTHETIC, GROUPS, Question, load_beir, load_questions, split_questions
from qa.bench.relevance import MIN_FRACTION, covers, is_relevant
from qa.settings import DEFAULT_K

logger = logging.getLogger(__name__)

KS = (1, 5, 10)


def judge(q: Question, chunk) -> int:
    """1 if the chunk answers the question (quote rule, or BEIR doc id)."""
    if q.evidence:
        return int(is_relevant(chunk.text, list(q.evidence)))
    return int(chunk.doc_id in q.relevant_docs)


def answers(q: Question, sentence: str) -> bool:
    """True when the sentence contains >= 60% of one evidence quote as one contiguous match."""
    return bool(q.evidence) and any(covers(e, sentence, MIN_FRACTION) for e in q.evidence)


def answer_flags(q: Question, ans, engine) -> dict:
    """answer@1 / answer@3 (what is shown first; an abstention shows no answer) and the
    oracle (some sentence of the passages the selector reads answers)."""
    from qa.sentences import sentence_spans

    if not q.in_scope or not q.evidence:
        return {}
    from qa.answer import best_sentence

    shown = [] if ans.abstained else [s.text for s in ans.sentences]
    read = ans.hits[: engine.settings.select_passages]
    # The simplest baseline, as qa answered before the selector: the sentence of the top
    # passage sharing the most stemmed words with the question. The top passage as fused (the
    # highest score): the selector puts the lead sentence's passage first.
    fused_top = max(ans.hits, key=lambda h: h.score) if ans.hits else None
    top = fused_top.chunk.text if fused_top is not None and not ans.abstained else ""
    s0, e0 = best_sentence(top, q.question, "en") if top else (0, 0)
    oracle = any(answers(q, h.chunk.text[s:e]) for h in read for s, e in sentence_spans(h.chunk.text))
    return {"answer@1": float(bool(shown) and answers(q, shown[0])),
            "answer@3": float(any(answers(q, t) for t in shown[:3])), "oracle": float(oracle),
            "answer@1_overlap_baseline": float(bool(top) and answers(q, top[s0:e0]))}


def evaluate(engine, questions: list[Question], retrievers: list[str], k: int = 10) -> dict:
    """Run every question through every retriever; return per-question records and summaries."""
    relevant = {q.id: [c for c in engine.store.chunks if judge(q, c)] if q.in_scope else [] for q in questions}
    n_rel = {qid: len(cs) for qid, cs in relevant.items()}
    rel_langs = {qid: sorted({c.lang for c in cs}) for qid, cs in relevant.items()}
    runs: dict[str, dict] = {}
    embedder = engine.embedders.get("e5")
    for name in retrievers:
        engine.ask(questions[0].question, k=k, retriever=name)  # warm-up
        per_q = []
        for q in questions:
            bare = bare_embedding_ms(embedder, q.question)
            t = time.perf_counter()
            ans = engine.ask(q.question, k=k, retriever=name)
            total = (time.perf_counter() - t) * 1000
            rels = [judge(q, h.chunk) for h in ans.hits]
            per_q.append({"id": q.id, "group": q.group, "in_scope": q.in_scope, "abstained": ans.abstained,
                          "unsure": ans.unsure, "confidence": ans.confidence, "rels": rels, "n_relevant": n_rel[q.id],
                          "ranked": [h.chunk.chunk_id for h in ans.hits], "latency_ms": total,
                          "lang": q.lang, "hit_langs": [h.chunk.lang for h in ans.hits],
                          "relevant_langs": rel_langs[q.id],
                          "stages_ms": ans.timings_ms, "answer": [s.text for s in ans.sentences[:1]],
                          "bare_embedding_ms": bare, **answer_flags(q, ans, engine)})
        runs[name] = {"questions": per_q, "summary": summarise(per_q, k)}
    return runs


def bare_embedding_ms(embedder, question: str) -> float | None:
    """How long embedding ``question`` with e5 alone takes, nothing else running: the base of
    the "total ÷ bare query embedding" ratio. Timed just before the same question goes through
    the retriever (a shared machine's speed drifts from minute to minute), not taken from the
    pipeline's own ``embed_e5`` stage, which the sparse pass running beside it slows down."""
    if embedder is None:
        return None
    t = time.perf_counter()
    embedder.embed_queries([question])
    return (time.perf_counter() - t) * 1000


def summarise(per_q: list[dict], k: int) -> dict:
    inscope = [r for r in per_q if r["in_scope"]]
    oos = [r for r in per_q if not r["in_scope"]]
    near = [r for r in oos if r["group"] == "near_domain"]

    def block(rows: list[dict]) -> dict:
        out = {f"recall@{kk}": M.mean([M.recall_at_k(r["rels"], kk) for r in rows]) for kk in KS if kk <= k}
        mrr = [M.mrr_at_k(r["rels"], 10) for r in rows]
        out["mrr@10"] = M.mean(mrr)
        out["ndcg@10"] = M.mean([M.ndcg_at_k(r["rels"], 10, r["n_relevant"]) for r in rows])
        out["mrr@10_ci95"] = list(M.bootstrap_ci(mrr))
        for key in ("answer@1", "answer@3", "oracle", "answer@1_overlap_baseline"):
            vals = [r[key] for r in rows if key in r]
            if vals:
                out[key] = M.mean(vals)
        out["n"] = len(rows)
        return out

    groups = sorted({r["group"] for r in inscope}, key=lambda g: GROUPS.index(g) if g in GROUPS else 99)
    lat = [r["latency_ms"] for r in per_q]
    bare = [r["bare_embedding_ms"] for r in per_q if r.get("bare_embedding_ms") is not None]
    stages: dict[str, list[float]] = {}
    for r in per_q:
        for s, v in r["stages_ms"].items():
            stages.setdefault(s, []).append(v)
    return {
        "overall": block(inscope) if inscope else {},
        "groups": {g: block([r for r in inscope if r["group"] == g]) for g in groups},
        "language_pairs": language_pairs(inscope),
        "abstention": {
            "out_of_scope_abstained": M.mean([float(r["abstained"]) for r in oos]) if oos else None,
            "near_domain_abstained": M.mean([float(r["abstained"]) for r in near]) if near else None,
            "in_scope_false_abstention": M.mean([float(r["abstained"]) for r in inscope]) if inscope else None,
            # Answered, but marked unsure (the UI says so instead of a bold answer).
            "in_scope_unsure": M.mean([float(r.get("unsure", False)) for r in inscope]) if inscope else None,
            "near_domain_unsure": M.mean([float(r.get("unsure", False)) for r in near]) if near else None,
            "out_of_scope_unsure": M.mean([float(r.get("unsure", False)) for r in oos]) if oos else None,
            "n_out_of_scope": len(oos),
        },
        "latency_ms": {"p50": M.percentile(lat, 50), "p95": M.percentile(lat, 95), "n": len(lat)},
        "bare_embedding_ms": {"p50": M.percentile(bare, 50), "p95": M.percentile(bare, 95), "n": len(bare)}
        if bare else None,
        "stages_ms_p50": {s: M.percentile(v, 50) for s, v in sorted(stages.items())},
        "stages_ms_p95": {s: M.percentile(v, 95) for s, v in sorted(stages.items())},
    }


def language_pairs(rows: list[dict], k: int = 5) -> dict:
    """Recall@k for every question language x passage language.

    A question counts for passage language ``p`` when a relevant passage in ``p`` exists; it is
    recalled when one of them is in its top ``k``. So ``en -> de`` is how often an English
    question finds the German article's answer among the first five.
    """
    cells: dict[str, list[float]] = {}
    for r in rows:
        if not r.get("lang") or "hit_langs" not in r:
            continue
        for lang in r.get("relevant_langs", []):
            rels = [rel if hl == lang else 0 for rel, hl in zip(r["rels"], r["hit_langs"])]
            cells.setdefault(f"{r['lang']}->{lang}", []).append(M.recall_at_k(rels, k))
    return {pair: {f"recall@{k}": M.mean(v), "n": len(v)} for pair, v in sorted(cells.items())}


def measure_build(engine) -> dict:
    """Time a full index build of the loaded corpus with the loaded models."""
    from qa.index import build_index

    with tempfile.TemporaryDirectory() as tmp:
        report = build_index(list(engine.articles.values()), Path(tmp) / "index", engine.embedders,
                             progress=False)
    return {"seconds": report.seconds, "chunks": report.num_chunks,
            "seconds_per_1000_chunks": report.seconds / report.num_chunks * 1000}


def measure_cold_start(corpus: str, index: str) -> dict:
    """Process start -> imports -> index load -> first answer, in a fresh interpreter."""
    code = ("import time;t=time.perf_counter();from qa.retrieval import Engine;"
            f"e=Engine.load({corpus!r},{index!r});t1=time.perf_counter();e.ask('What does a CIO do?');"
            "t2=time.perf_counter();print(t1-t,t2-t)")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"}, cwd=os.getcwd())
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:]}
    load_s, first_s = (float(x) for x in out.stdout.split())
    return {"process_to_first_answer_s": wall, "import_and_load_s": load_s, "first_answer_s": first_s - load_s}


def display_path(path: str | Path) -> str:
    """A path as a report shows it: relative to the working directory when inside it,
    else only its name, so committed reports carry no paths of the machine that ran them."""
    p = Path(path)
    if not p.is_absolute():
        return p.as_posix()
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.name


def display_command(argv: list[str]) -> str:
    """``python -m qa ...`` as run, with every absolute path shown by ``display_path``."""
    out = []
    for arg in argv:
        opt, eq, value = arg.partition("=") if arg.startswith("--") else ("", "", arg)
        if value.startswith("/"):
            value = display_path(value)
        out.append(f"{opt}{eq}{value}")
    return " ".join(["python -m qa", *out])


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine()}


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def _embed_ratio(stages: dict, bare_ms: float | None = None) -> str:
    """p50 total over the p50 of embedding the question with e5 alone (``bare_ms``, timed beside
    each question by :func:`bare_embedding_ms`): what everything else costs, a second model's
    embedding and the sparse pass included. Without ``bare_ms`` (a report from an older run),
    over the pipeline's own dense embedding stages."""
    if bare_ms:
        return f"{stages['total'] / bare_ms:.2f}×" if "total" in stages else "-"
    embed = sum(v for k, v in stages.items() if k.startswith("embed_") and k != "embed_sparse")
    return f"{stages['total'] / embed:.2f}×" if embed > 0 and "total" in stages else "- (no model)"


def rankings(per_q: list[dict]) -> dict:
    """What a user sees per question (top-5 passages, lead sentence, refusal), for the pin:
    ``tests/test_effectiveness.py`` fails when a change moves them unannounced."""
    return {r["id"]: {"top5": r["ranked"][:5], "answer": (r["answer"] or [""])[0], "abstained": r["abstained"]}
            for r in per_q}


def headline(summary: dict) -> dict:
    """The figures the README quotes and ``tests/test_effectiveness.py`` pins."""
    o, a = summary["overall"], summary["abstention"]
    out = {k: round(o[k], 6) for k in ("answer@1", "answer@3", "oracle", "answer@1_overlap_baseline", "recall@5",
                                       "mrr@10") if k in o}
    out["groups"] = {g: {k: round(b[k], 4) for k in ("answer@1", "recall@5") if k in b}
                     for g, b in summary["groups"].items()}
    for key, name in (("in_scope_false_abstention", "in_scope_refused"), ("near_domain_abstained", "near_domain_refused"),
                      ("out_of_scope_abstained", "out_of_scope_refused")):
        if a.get(key) is not None:
            out[name] = round(a[key], 4)
    return out


def render_markdown(report: dict) -> str:
    runs = report["runs"]
    names = list(runs)
    lines = ["# qa retrieval benchmark", "",
             f"Command: `{report['command']}`  ", f"Questions: {report['questions_file']} ({report['n_questions']}), "
             f"k={report['k']}, relevance: quote ≥ {MIN_FRACTION:.0%} contiguous match  ",
             f"Machine: {report['machine']['cpus']} CPUs, Python {report['machine']['python']}  ", "",
             f"Split: **{report.get('split', 'all')}** (every parameter is fitted on the dev part)  ", "",
             "## Answers: is the first sentence shown the answer?", "",
             "answer@1: the lead sentence (what `ask` and the UI show first; a refusal shows none) contains "
             "≥ 60% of an evidence quote; answer@3: one of the first three answer sentences does; oracle: some "
             "sentence of the passages the selector reads does (so a miss is retrieval's or selection's).", "",
             "| retriever | group | n | answer@1 | answer@3 | oracle | answer@1, word-overlap baseline | R@5 |",
             "|---|---|---|---|---|---|---|---|"]
    for n in names:
        s_ = runs[n]["summary"]
        for g, blk in [("**overall**", s_["overall"])] + list(s_["groups"].items()):
            lines.append(f"| {n} | {g} | {blk.get('n', '-')} | {_fmt(blk.get('answer@1'))} | {_fmt(blk.get('answer@3'))} | "
                         f"{_fmt(blk.get('oracle'))} | {_fmt(blk.get('answer@1_overlap_baseline'))} | {_fmt(blk.get('recall@5'))} |")
    lines += ["", "## Abstention", "", "Refused, and (after the slash) answered but marked unsure.", "",
              "| retriever | in-scope refused / unsure | near-domain refused / unsure | all out-of-scope refused / unsure | n out-of-scope |",
              "|---|---|---|---|---|"]
    for n in names:
        a = runs[n]["summary"]["abstention"]
        lines.append(f"| {n} | {_fmt(a['in_scope_false_abstention'])} / {_fmt(a.get('in_scope_unsure'))} | "
                     f"{_fmt(a.get('near_domain_abstained'))} / {_fmt(a.get('near_domain_unsure'))} | "
                     f"{_fmt(a['out_of_scope_abstained'])} / {_fmt(a.get('out_of_scope_unsure'))} | {a['n_out_of_scope']} |")
    lines += ["", "## Retrieval (in-scope questions)", "",
             "| retriever | R@1 | R@5 | R@10 | MRR@10 (95% CI) | nDCG@10 | OOS abstained | false abstention | p50 ms | p95 ms |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for n in names:
        s = runs[n]["summary"]
        o, a, l = s["overall"], s["abstention"], s["latency_ms"]
        ci = o.get("mrr@10_ci95", [float("nan")] * 2)
        lines.append(f"| {n} | {_fmt(o.get('recall@1'))} | {_fmt(o.get('recall@5'))} | {_fmt(o.get('recall@10'))} | "
                     f"{_fmt(o.get('mrr@10'))} ({ci[0]:.3f}–{ci[1]:.3f}) | {_fmt(o.get('ndcg@10'))} | "
                     f"{_fmt(a['out_of_scope_abstained'])} | {_fmt(a['in_scope_false_abstention'])} | "
                     f"{l['p50']:.1f} | {l['p95']:.1f} |")
    groups = list(next(iter(runs.values()))["summary"]["groups"])
    lines += ["", "## Recall@5 by group", "", "| retriever | " + " | ".join(groups) + " |", "|---" * (len(groups) + 1) + "|"]
    for n in names:
        g = runs[n]["summary"]["groups"]
        lines.append(f"| {n} | " + " | ".join(_fmt(g[x]["recall@5"]) for x in groups) + " |")
    lines += ["", "## MRR@10 by group", "", "| retriever | " + " | ".join(groups) + " |", "|---" * (len(groups) + 1) + "|"]
    for n in names:
        g = runs[n]["summary"]["groups"]
        lines.append(f"| {n} | " + " | ".join(_fmt(g[x]["mrr@10"]) for x in groups) + " |")
    for n in names:
        pairs = runs[n]["summary"].get("language_pairs") or {}
        q_langs = sorted({p.split("->")[0] for p in pairs})
        p_langs = sorted({p.split("->")[1] for p in pairs})
        if not pairs:
            continue
        lines += ["", f"## Recall@5 by question language × passage language ({n})", "",
                  "A question counts for a passage language when a relevant passage in that language exists; "
                  "it is recalled when one of them is in its top 5 (n in brackets).", "",
                  "| question ↓ / passage → | " + " | ".join(p_langs) + " |", "|---" * (len(p_langs) + 1) + "|"]
        for ql in q_langs:
            cells = [pairs.get(f"{ql}->{pl}") for pl in p_langs]
            lines.append(f"| {ql} | " + " | ".join(f"{_fmt(c['recall@5'])} ({c['n']})" if c else "–" for c in cells) + " |")
    lines += ["", "## Warm latency by stage (ms, p50 / p95)", "",
              "The bare query embedding is e5 embedding the question alone, timed just before the same "
              "question goes through the retriever. A stage's time includes waiting for the CPU: `embed_e5` "
              "inside `hybrid` shares the cores with the sparse pass running beside it.", "",
              "| retriever | stages | bare query embedding p50 / p95 | total ÷ bare query embedding (p50) |",
              "|---|---|---|---|"]
    for n in names:
        st = runs[n]["summary"]["stages_ms_p50"]
        p95 = runs[n]["summary"].get("stages_ms_p95", {})
        bare = runs[n]["summary"].get("bare_embedding_ms") or {}
        lines.append(f"| {n} | " + ", ".join(f"{k} {v:.2f} / {p95.get(k, float('nan')):.2f}" for k, v in st.items())
                     + (f" | {bare['p50']:.2f} / {bare['p95']:.2f}" if bare else " | -")
                     + f" | {_embed_ratio(st, bare.get('p50'))} |")
    b = report.get("build")
    if b:
        lines += ["", f"Index build: {b['seconds']:.1f} s for {b['chunks']} chunks "
                      f"({b['seconds_per_1000_chunks']:.1f} s per 1,000 chunks, both models + BM25)."]
    c = report.get("cold_start")
    if c and "process_to_first_answer_s" in c:
        lines.append(f"Cold start (new process → first answer): {c['process_to_first_answer_s']:.2f} s "
                     f"(imports + index/model load {c['import_and_load_s']:.2f} s, first answer {c['first_answer_s']:.2f} s).")
    return "\n".join(lines) + "\n"


def plot(report: dict, out: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    runs = report["runs"]
    names = list(runs)
    groups = list(next(iter(runs.values()))["summary"]["groups"])
    fig, ax = plt.subplots(figsize=(10, 4.5))
    w = 0.8 / max(len(names), 1)
    x = np.arange(len(groups))
    for i, n in enumerate(names):
        ax.bar(x + i * w, [runs[n]["summary"]["groups"][g]["recall@5"] for g in groups], w, label=n)
    ax.set_xticks(x + w * (len(names) - 1) / 2, groups, rotation=15)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("Recall@5")
    ax.set_title("Recall@5 by question group")
    ax.legend(ncol=len(names), fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "recall_by_group.png", dpi=110)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.boxplot([[q["latency_ms"] for q in runs[n]["questions"]] for n in names], showfliers=False)
    ax.set_xticks(range(1, len(names) + 1), names)
    ax.set_ylabel("warm query latency (ms)")
    ax.set_title("Query latency per retriever (Engine.ask, warm)")
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    plt.close(fig)
    # The abstention trade-off: sweep the threshold over the questions' confidences.
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for n in names:
        qs = runs[n]["questions"]
        conf_in = np.array([q["confidence"] for q in qs if q["in_scope"]])
        conf_out = np.array([q["confidence"] for q in qs if not q["in_scope"]])
        conf_near = np.array([q["confidence"] for q in qs if q["group"] == "near_domain"])
        if not len(conf_in) or not len(conf_out):
            continue
        ts = np.linspace(0, 1, 101)
        ax.plot([(conf_in < t).mean() for t in ts], [(conf_out < t).mean() for t in ts], label=f"{n}: all out-of-scope")
        if len(conf_near):
            ax.plot([(conf_in < t).mean() for t in ts], [(conf_near < t).mean() for t in ts], "--", label=f"{n}: near-domain")
    ax.axvline(0.05, color="grey", lw=0.8)
    ax.set_xlabel("in-scope questions refused")
    ax.set_ylabel("out-of-scope questions refused")
    ax.set_title("Abstention trade-off (threshold swept)")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(out / "abstention_tradeoff.png", dpi=110)
    plt.close(fig)
    return ["recall_by_group.png", "latency.png", "abstention_tradeoff.png"]


def export_beir(engine, questions: list[Question], directory: Path) -> None:
    """Write our set as BEIR files at chunk level for the loaded index."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "qrels").mkdir(exist_ok=True)
    with open(directory / "corpus.jsonl", "w", encoding="utf-8") as fh:
        for c in engine.store.chunks:
            title = engine.articles[c.doc_id].title
            fh.write(json.dumps({"_id": c.chunk_id, "title": title, "text": c.text,
                                 "metadata": {"doc_id": c.doc_id, "start": c.start, "end": c.end}}, ensure_ascii=False) + "\n")
    with open(directory / "queries.jsonl", "w", encoding="utf-8") as fh:
        for q in questions:
            fh.write(json.dumps({"_id": q.id, "text": q.question, "metadata": {"lang": q.lang, "group": q.group}},
                                ensure_ascii=False) + "\n")
    with open(directory / "qrels" / "test.tsv", "w", encoding="utf-8") as fh:
        fh.write("query-id\tcorpus-id\tscore\n")
        for q in questions:
            for c in engine.store.chunks:
                if judge(q, c):
                    fh.write(f"{q.id}\t{c.chunk_id}\t1\n")


def _engine_for_beir(directory: Path, workdir: Path):
    """Index a BEIR corpus (each document one article) with the default models."""
    from qa import config
    from qa.corpus import load_corpus
    from qa.embedding import make_embedder
    from qa.index import build_index
    from qa.retrieval import Engine

    beir = load_beir(directory)
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    from qa.corpus import article_to_markdown
    from qa.language import detect_language
    from qa.types import Article

    for d in beir.docs:
        text = str(d.get("text", "")).strip()
        if not text:
            continue
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in str(d["_id"]))
        art = Article(str(d["_id"]), str(d.get("title") or d["_id"]), detect_language(text), "beir", text + "\n")
        (corpus / f"{safe}.md").write_text(article_to_markdown(art), encoding="utf-8")
    embedders = {"dense": make_embedder(config.DEFAULT_DENSE_MODEL), "e5": make_embedder(config.DEFAULT_E5_MODEL)}
    build_index(load_corpus(corpus), workdir / "index", embedders, progress=True)
    return Engine.load(corpus, workdir / "index"), beir.questions


def run_bench(args) -> int:
    from qa.retrieval import RETRIEVERS, Engine, check_retriever

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = [check_retriever(n.strip()) for n in (args.retrievers or ",".join(RETRIEVERS)).split(",") if n.strip()]
    if not names:
        raise ValueError(f"--retrievers {args.retrievers!r} names no retriever; valid choices: {', '.join(RETRIEVERS)}")
    qpath = Path(args.questions) if args.questions else DEFAULT_QUESTIONS
    t0 = time.perf_counter()
    if qpath.is_dir():
        engine, questions = _engine_for_beir(qpath, out / "beir-work")
        corpus_dir, index_dir = str(out / "beir-work" / "corpus"), str(out / "beir-work" / "index")
    else:
        questions = split_questions(load_questions(qpath), getattr(args, "split", "all"))
        engine = Engine.load(args.corpus, args.index, model=args.model)
        corpus_dir, index_dir = args.corpus, args.index
    if not questions:
        raise ValueError(f"{qpath} holds no questions")
    print(f"evaluating {len(questions)} questions x {len(names)} retrievers ...", file=sys.stderr)
    runs = evaluate(engine, questions, names, args.k)
    report = {
        "command": display_command(sys.argv[1:]),
        "questions_file": display_path(qpath), "split": getattr(args, "split", "all"), "n_questions": len(questions),
        "k": args.k, "settings": engine.settings.to_dict(),
        "relevance": f"evidence quote, >= {MIN_FRACTION} of it as one contiguous normalised match",
        "models": {k: v["model"] for k, v in engine.store.manifest["dense"].items()},
        "index": {"chunks": len(engine.store.chunks), "chunking": engine.store.manifest["chunking"]},
        "versions": engine.store.manifest.get("versions", {}),
        "machine": machine(),
        "runs": {n: {"summary": r["summary"], "questions": r["questions"]} for n, r in runs.items()},
    }
    if not getattr(args, "no_build", False):
        report["build"] = measure_build(engine)
        report["cold_start"] = measure_cold_start(corpus_dir, index_dir)
    report["wall_seconds"] = time.perf_counter() - t0
    if args.export_qrels:
        export_beir(engine, questions, Path(args.export_qrels))
    if getattr(args, "pin", None):
        first = engine.default if engine.default in names else names[0]
        pin = {"command": report["command"], "split": report["split"], "retriever": first,
               "n_questions": len(questions), **headline(runs[first]["summary"]),
               "rankings": rankings(runs[first]["questions"])}
        Path(args.pin).write_text(json.dumps(pin, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    md = render_markdown(report)
    (out / "report.md").write_text(md, encoding="utf-8")
    report["plots"] = plot(report, out)
    print(md)
    print(f"report: {out / 'report.json'}, {out / 'report.md'}, plots: {', '.join(report['plots'])} "
          f"({report['wall_seconds']:.0f} s)", file=sys.stderr)
    return 0


def _cv_folds(n: int, folds: int = 5, seed: int = 7) -> list[tuple]:
    """Train/test index pairs of a k-fold split with a fixed seed."""
    import numpy as np

    order = np.random.default_rng(seed).permutation(n)
    return [(np.setdiff1d(order, order[f::folds]), order[f::folds]) for f in range(folds)]


def question_vectors(states) -> tuple:
    """The questions' e5 vectors as embedded (uncentred) and their detected languages."""
    import numpy as np

    return np.vstack([st.vectors["e5"][0] for st in states]).astype(np.float32), [st.lang for st in states]


def synthetic_vectors(engine, questions: list[Question]):
    """The ``knn_syn`` references: the e5 vectors (uncentred), detected languages and labels
    (1 = answerable) of synthetic training questions (``qa/bench/synthetic.jsonl``). In-scope ones
    count only when a passage of this index answers them, and the unanswerable ones only when some
    in-scope one does: questions about other articles say nothing about an index of one's own.
    Unanswerable ones the hard rules refuse anyway (``out_of_reach``: another role as the subject,
    an amount for an uncovered place) are left out, as dev's are (``abstention_rows``): "Does the
    CISO report to the CIO?" as a reference pulled "Kinek számol be közvetlenül a CIO?" towards a
    refusal."""
    import numpy as np

    answered = [q for q in questions if q.in_scope and any(judge(q, c) for c in engine.store.chunks)]
    # Answered ones up to the e5 part (the question as it embeds it, after term repair, as abstention
    # reads it); unanswerable ones through the whole pipeline, whose state says whether a rule refuses
    # them and holds the same e5 vector.
    states = [(q, engine.run(q.question, k=DEFAULT_K, small_talk_reply=False, until="e5")) for q in answered]
    if answered:
        states += [(q, st) for q in questions if not q.in_scope
                   for st in [engine.run(q.question, k=DEFAULT_K, small_talk_reply=False)]
                   if not st.signals.get("out_of_reach")]
    states = [(q, st) for q, st in states if "e5" in st.vectors]
    if not states:
        return np.zeros((0, engine.store.sentences.vectors.shape[1]), np.float32), [], np.zeros(0, np.int8)
    raw, langs = question_vectors([st for _, st in states])
    return raw, langs, np.array([int(q.in_scope) for q, _ in states], np.int8)


def abstention_rows(engine, questions: list[Question], synthetic=DEFAULT_SYNTHETIC):
    """The abstention model's data for ``questions``: (states, signals, e5 vectors centred by
    language as the knn signal reads them, labels with 1 = answerable, knn reference labels: -1
    for questions the hard rules refuse). The language means are those of ``questions``
    (``qa.stages.abstain.language_means``; no labels used).

    Args:
        synthetic: the ``knn_syn`` references: a questions file, ``synthetic_vectors``' result, or
            None (the column stays 0).
    """
    import numpy as np

    from qa.stages.abstain import FEATURES, centred, knn_margin, language_means

    abstain = engine.retrievers[engine.default].stage("abstain")
    abstain.refs = None  # the knn column is filled by the caller, without leaking a question into its refs
    # Small talk ("hello") is answered before retrieval in use; here it is a question like any other,
    # so a greeting the reply does not know ("hiii there") is still refused by the model.
    # As served: the app shows DEFAULT_K passages (k=3 here once fitted the model on three while five were
    # served; the selector reads settings.select_passages whatever k is).
    states = [engine.run(q.question, k=DEFAULT_K, small_talk_reply=False) for q in questions]
    X = np.array([abstain.features(st) for st in states])
    raw, langs = question_vectors(states)
    V = centred(raw, langs, language_means(raw, langs))
    y = np.array([1.0 if q.in_scope else 0.0 for q in questions])
    # Questions the hard rules refuse anyway (an amount for an uncovered place, another role) are no
    # knn references: as such they taught "a German salary question is unanswerable" to questions
    # that are answered. Dev CV, 10 seeds: near-domain refused at 4% in-scope 84.7% -> 86.7%.
    ruled = np.array([bool(st.signals.get("out_of_reach")) for st in states])
    ref_labels = np.where((y == 0) & ruled, -1, y).astype(np.int8)
    if isinstance(synthetic, (str, Path)):
        synthetic = synthetic_vectors(engine, load_questions(synthetic)) if Path(synthetic).is_file() else None
    if synthetic is not None and len(synthetic[2]):
        # Fixed references (never dev questions), centred by the dev questions' language means as ``V``,
        # at the float16 precision they are saved in (half the file; cosines move by < 0.001).
        S = centred(synthetic[0], synthetic[1], language_means(raw, langs)).astype(np.float16).astype(np.float32)
        col = FEATURES.index("knn_syn")
        X[:, col] = [knn_margin(v, S, synthetic[2]) for v in V]
    return states, X, V, y, ref_labels


def abstention_cv_probs(X, V, y, ref_labels, features: tuple[str, ...], seeds=range(10), fit_cols=None):
    """Out-of-fold P(answerable) of the abstention model, one row per CV fold seed.

    Args:
        X: the questions' signals (``qa.stages.abstain.FEATURES`` order; its ``knn`` column is
            recomputed per fold from the training fold's questions only, never the question itself).
        V: their e5 vectors; ``y``: 1 = answerable; ``ref_labels``: ``y`` with -1 for questions
            that are no knn references.
        features: the names of ``X``'s columns.
        fit_cols: the columns the model is fitted on (default: all).
    """
    import numpy as np

    from qa.logistic import fit
    from qa.stages.abstain import knn_margin

    X = np.asarray(X, dtype=np.float64)
    cols = list(range(X.shape[1])) if fit_cols is None else list(fit_cols)
    kcol = features.index("knn") if "knn" in features else None
    seeds = list(seeds)
    probs = np.zeros((len(seeds), len(y)))
    for row, seed in enumerate(seeds):
        for train, test in _cv_folds(len(y), seed=seed):
            Xf = X.copy()
            in_train = np.zeros(len(y), bool)
            in_train[train] = True
            if kcol is not None:
                for i in range(len(y)):
                    excl = ~in_train.copy()
                    excl[i] = True
                    Xf[i, kcol] = knn_margin(V[i], V, ref_labels, exclude=excl)
            model = fit(Xf[train][:, cols], y[train], tuple(features[c] for c in cols))
            probs[row, test] = model.probability(Xf[test][:, cols])
    return probs


def selector_rows(engine, questions: list[Question], extra=None):
    """Candidate sentences of the dev questions: (features, labels, question number of each row).

    Args:
        extra: for experiments, ``extra(question, state, selector, i, row)`` -> a list of floats
            appended to each row (``i`` indexes the sentence table, ``row`` is the shipped features).
    """
    import numpy as np

    from qa.stages.select import FEATURES

    selector = engine.retrievers[engine.default].stage("select")
    X, y, group = [], [], []
    for n, q in enumerate(questions):
        # The passages as the selector receives them (it reorders and cuts them when it runs).
        state = engine.run(q.question, k=engine.settings.select_passages, small_talk_reply=False, until="diversity")
        idx, feats, _ = selector.features(state)
        for i, row in zip(idx, feats):
            X.append(row if extra is None else np.concatenate([row, extra(q, state, selector, i, row)]))
            y.append(float(answers(q, selector._texts[i])))
            group.append(n)
    return np.array(X).reshape(-1, len(X[0]) if X else len(FEATURES)), np.array(y), np.array(group)


def adapter_rows(engine, questions: list[Question]):
    """Training data of e5's query adapter: each question's e5 vector as the pipeline embeds it
    (cleaned, accents put back), and which passages (``judge``) and sentences (``answers``) of the
    index answer it. Questions with no answering passage or sentence are left out."""
    return _adapter_data(engine, questions)[:3]


def _adapter_data(engine, questions: list[Question]):
    """``adapter_rows``, and the positions in ``questions`` of the questions its rows are for."""
    import numpy as np

    store = engine.store
    texts = store.sentences.texts(store.chunks)
    Q, Yp, Ys, kept = [], [], [], []
    for i, q in enumerate(questions):
        # Up to the e5 part: the question as it embeds it (after term repair), nothing more is read here.
        state = engine.run(q.question, k=engine.settings.select_passages, small_talk_reply=False, until="e5")
        yp = [judge(q, c) for c in store.chunks]
        ys = [float(answers(q, t)) for t in texts]
        if "e5" not in state.vectors or not (any(yp) or any(ys)):
            continue
        Q.append(state.vectors["e5"][0])
        Yp.append(yp)
        Ys.append(ys)
        kept.append(i)
    return (np.array(Q, dtype=np.float64).reshape(-1, store.sentences.vectors.shape[1]), np.array(Yp, float),
            np.array(Ys, float), np.array(kept, int))


def fit_query_adapter(engine, questions: list[Question]) -> str:
    """Fit e5's query adapter on ``questions`` and save it beside the package; returns a summary line."""
    import numpy as np

    from qa.adapter import ADAPTER_FILE, L2, STEPS, TAU, fit_adapter, save_adapter

    Q, Yp, Ys = adapter_rows(engine, questions)
    if not len(Q):  # questions about other articles (ours, with an index of one's own): nothing to learn
        return (f"no query adapter fitted: none of the {len(questions)} training questions is answered by the "
                f"articles of this index (write questions about them: README, \"The query adapter\"); an adapter "
                f"fitted before stays in use only for the model and articles it was fitted for")
    e5 = engine.store.dense["e5"]
    P = e5.reconstruct_n(0, e5.ntotal)
    matrix = fit_adapter(Q, P, engine.store.sentences.vectors, Yp, Ys)
    meta = engine.store.manifest["dense"]["e5"]
    save_adapter(matrix, meta["model"], engine.store.manifest["corpus"],
                 {"questions": int(len(Q)), "l2": L2, "steps": STEPS, "tau": TAU})
    return f"wrote {ADAPTER_FILE.name}: fitted on {len(Q)} training questions (|A| = {float(np.linalg.norm(matrix)):.2f})"


def selector_cv_scores(X, y, group, features: tuple[str, ...], seed: int = 7, l2: float | None = None, extra=None):
    """Out-of-fold selector scores: each question's candidates ranked by a conditional logit
    fitted on the other 4 folds of its questions (``seed`` picks the folds; ``l2`` defaults to
    the shipped selector's).

    Args:
        extra: rows added to every training fold and never scored, ``(X, y, group, weight)``:
            the synthetic questions' (``synthetic_selector_rows``), each question weighing ``weight``.
    """
    import numpy as np

    from qa.logistic import fit_conditional
    from qa.stages.select import L2

    l2 = L2 if l2 is None else l2

    cv = np.zeros(len(y))
    qids = np.unique(group)
    for train_q, test_q in _cv_folds(len(qids), seed=seed):
        tr, te = np.isin(group, qids[train_q]), np.isin(group, qids[test_q])
        model = fit_selector(X[tr], y[tr], group[tr], features, l2, extra)
        cv[te] = X[te] @ (np.asarray(model.weights) / np.asarray(model.std))  # rank within each question
    return cv


def fit_selector(X, y, group, features: tuple[str, ...], l2: float, extra=None):
    """The selector's conditional logit on dev's rows, plus ``extra`` (see ``selector_cv_scores``)."""
    import numpy as np

    from qa.logistic import fit_conditional

    if extra is None or not len(extra[1]) or not extra[3] > 0:  # (a NaN weight is no weight)
        return fit_conditional(X, y, group, features, l2=l2)
    Xs, ys, gs, weight = extra
    gs = np.asarray(gs) + np.max(group) + 1  # never the same group number as a dev question
    return fit_conditional(np.vstack([X, Xs]), np.concatenate([y, ys]), np.concatenate([group, gs]), features, l2=l2,
                           weights=np.concatenate([np.ones(len(y)), np.full(len(ys), float(weight))]))


def synthetic_selector_rows(engine, questions: list[Question], folds: int = 5, seed: int = 11):
    """The synthetic questions' candidate sentences as the selector meets a new question's: cut in
    ``folds``, each fold's rows come from the pipeline with a query adapter fitted on the other
    folds only (with the adapter fitted on all of them, their adapted cosines are too good to learn
    from; ``docs/experiments/selector_synthetic_crossfit.py``). Returns (features, labels, question
    number of each row); the engine's adapter is put back afterwards."""
    import numpy as np

    from qa.adapter import QueryAdapter, fit_adapter
    from qa.stages.select import FEATURES

    pipe = engine.retrievers[engine.default]
    # the parts that read e5's adapted question
    holders = [s for s in pipe.stages if s.name in ("e5", "e5_sent", "select") and hasattr(s, "_adapter")]
    saved = [s._adapter for s in holders]
    store = engine.store
    P = store.dense["e5"].reconstruct_n(0, store.dense["e5"].ntotal)
    Q, Yp, Ys, kept = _adapter_data(engine, questions)  # once: each fold fits on its share of these rows
    X, y, g = [], [], []
    try:
        for k, (train, test) in enumerate(_cv_folds(len(questions), folds=folds, seed=seed)):
            rows = np.isin(kept, train)
            if not rows.any():
                continue
            adapter = QueryAdapter(fit_adapter(Q[rows], P, store.sentences.vectors, Yp[rows], Ys[rows]).astype(np.float32))
            for s in holders:
                s._adapter = adapter
            Xf, yf, gf = selector_rows(engine, [questions[i] for i in test])
            X.append(Xf)
            y.append(yf)
            g.append(gf + k * len(questions))
    finally:
        for s, a in zip(holders, saved):
            s._adapter = a
    if not X:
        return np.zeros((0, len(FEATURES))), np.zeros(0), np.zeros(0, int)
    return np.vstack(X), np.concatenate(y), np.concatenate(g)


def _top1(prob, y, group) -> float:
    import numpy as np

    hits = []
    for g in np.unique(group):
        m = group == g
        hits.append(float(y[m][np.argmax(prob[m])] == 1))
    return float(np.mean(hits)) if hits else float("nan")


UNSURE_BUDGET = 0.07  # in-scope questions refused or marked unsure, in dev CV
CV_SEEDS = 10  # fold seeds of the abstention's repeated cross-validation in `calibrate`


def calibrate(args) -> int:
    """Fit the answer selector and the abstention model on the DEV questions only.

    Prints 5-fold cross-validated figures within dev (the test part is for `qa bench --split test`).
    """
    import numpy as np

    from qa.errors import QuestionError
    from qa.logistic import fit
    from qa.question import clean_question
    from qa.retrieval import Engine
    from qa.stages.abstain import FEATURES as AFEATURES
    from qa.stages.abstain import PARAMS_FILE as APARAMS
    from qa.stages.abstain import REFS_FILE, Abstainer, centred, knn_margin, language_means
    from qa.stages.select import FEATURES as SFEATURES
    from qa.stages.select import L2 as SL2
    from qa.stages.select import PARAMS_FILE as SPARAMS
    from qa.stages.select import SYNTHETIC_WEIGHT

    from qa.settings import Settings

    dev = split_questions(load_questions(args.questions or DEFAULT_QUESTIONS), "dev")
    # 0. e5's query adapter, from the synthetic training questions only (never dev or test: dev
    # chose its settings and scores it; docs/bench/synthetic.md).
    given = getattr(args, "synthetic", None)
    synthetic = Path(given or DEFAULT_SYNTHETIC)
    if given and not synthetic.is_file():
        raise ValueError(f"--synthetic {given}: no such file")
    syn_all = load_questions(synthetic) if synthetic.is_file() else []
    unaskable = []  # checked before anything is fitted, so a bad line never leaves half the files rewritten
    for q in syn_all:
        try:
            clean_question(q.question)
        except QuestionError as exc:
            unaskable.append(f"{q.id}: {exc}")
    if unaskable:
        raise ValueError(f"{display_path(synthetic)}: {len(unaskable)} question(s) cannot be asked, nothing was "
                         f"fitted: {'; '.join(unaskable[:3])}{' …' if len(unaskable) > 3 else ''}")
    syn_inscope = [q for q in syn_all if q.in_scope and q.evidence]
    if not synthetic.is_file():
        print(f"no query adapter fitted: {display_path(synthetic)} is not a file")
    else:
        engine = Engine.load(args.corpus, args.index, model=args.model,
                             settings=Settings().with_overrides(query_adapter=False))
        print(fit_query_adapter(engine, syn_inscope))
    engine = Engine.load(args.corpus, args.index, model=args.model)
    inscope = [q for q in dev if q.in_scope and q.evidence]
    # 1. The selector: which candidate sentence answers. Dev's candidates, and the synthetic questions'
    # as a new question meets them (adapters cross-fitted), each synthetic question weighing
    # SYNTHETIC_WEIGHT against a dev one; only with an adapter fitted for this index (then they are
    # about its articles).
    X, y, group = selector_rows(engine, inscope)
    extra = None
    if SYNTHETIC_WEIGHT > 0 and syn_inscope and engine.retrievers[engine.default].stage("e5")._adapter is not None:
        Xs, ys, gs = synthetic_selector_rows(engine, syn_inscope)
        extra = (Xs, ys, gs, SYNTHETIC_WEIGHT)
        print(f"selector: {len(np.unique(gs))} synthetic questions' candidates (adapters cross-fitted over 5 folds), "
              f"each weighing {SYNTHETIC_WEIGHT} against a dev question")
    cv = selector_cv_scores(X, y, group, SFEATURES, extra=extra)
    qids = np.unique(group)
    answerable = np.array([y[group == g].max() > 0 for g in qids])
    print(f"selector, dev 5-fold CV: top sentence answers {_top1(cv, y, group):.3f} of {len(qids)} questions "
          f"(oracle {answerable.mean():.3f}); word overlap alone {_top1(X[:, SFEATURES.index('lex')], y, group):.3f}")
    model = fit_selector(X, y, group, SFEATURES, SL2, extra)
    e5_model = engine.store.manifest["dense"]["e5"]["model"]  # recorded: a file fitted elsewhere is warned of
    SPARAMS.write_text(json.dumps({**model.to_json(), "e5_model": e5_model,
                                   "synthetic_questions": 0 if extra is None else int(len(np.unique(extra[2]))),
                                   "synthetic_weight": 0.0 if extra is None else SYNTHETIC_WEIGHT}, indent=2) + "\n",
                       encoding="utf-8")
    print(f"wrote {SPARAMS.name}")
    # 2. Abstention, with the new selector in place.
    engine = Engine.load(args.corpus, args.index, model=args.model)
    syn = synthetic_vectors(engine, syn_all) if syn_all else None
    states, Xa, V, ya, labels = abstention_rows(engine, dev, synthetic=syn)
    near = np.array([q.group == "near_domain" for q in dev])
    kcol = AFEATURES.index("knn")
    # Repeated CV over CV_SEEDS fold seeds: with one seed (7, until 2026-11-26) the threshold below
    # was 0.39, while the 20 seeds measured gave 0.38-0.50 (median 0.445): one seed's folds decide
    # too much on 184 questions. The threshold now holds on average over the seeds.
    probs = abstention_cv_probs(Xa, V, ya, labels, AFEATURES, range(CV_SEEDS))
    for i in range(len(ya)):  # the shipped model: every dev question as a reference, each without itself
        excl = np.zeros(len(ya), bool)
        excl[i] = True
        Xa[i, kcol] = knn_margin(V[i], V, labels, exclude=excl)
    oos = ya == 0
    # The threshold with the fewest CV errors on dev (in-scope questions refused plus out-of-scope ones
    # answered, mean over the fold seeds; a tie goes to the higher one), among those whose CV false
    # abstention stays <= 4% (a margin under the 5% target). Until the fifteenth session the threshold was the
    # highest within the 4%: with ``knn_syn`` that point (0.51) refused 7 more in-scope dev questions
    # than 0.44 to refuse 4 more out-of-scope ones (the model alone; 2 once the hard rules refuse
    # theirs), and the fewest errors sit at 0.44 (dev CV: 1.0% of in-scope refused, 91.2% of
    # near-domain, the model alone); docs/bench/changes.md.
    grid = [t for t in np.arange(0.05, 0.951, 0.01) if (probs[:, ~oos] < t).mean() <= 0.04] or [0.05]
    errors = [((probs[:, ~oos] < t).sum(1) + (probs[:, oos] >= t).sum(1)).mean() for t in grid]
    threshold = max(t for t, e in zip(grid, errors) if e <= min(errors) + 1e-9)
    pred = probs < threshold
    print(f"abstention, dev 5-fold CV ({CV_SEEDS} fold seeds) at threshold {threshold:.2f}: out-of-scope refused "
          f"{pred[:, oos].mean():.3f} ({oos.sum()}; near-domain {pred[:, near].mean() if near.any() else float('nan'):.3f}"
          f" of {near.sum()}), in-scope refused {pred[:, ~oos].mean():.3f} ({(~oos).sum()}); the model alone, "
          f"before the hard rules")
    # The band marked unsure, just above it: the highest bound whose CV in-scope share below it
    # (refused or unsure) stays <= 7%, i.e. about 3% of in-scope answers carry the note.
    unsure = max([t for t in np.arange(threshold, 0.951, 0.01) if (probs[:, ~oos] < t).mean() <= UNSURE_BUDGET]
                 or [threshold])
    band = (probs >= threshold) & (probs < unsure)
    answered_oos = oos & ~pred
    print(f"unsure band, dev 5-fold CV: {threshold:.2f}-{unsure:.2f} marks {band[answered_oos].sum() / CV_SEEDS:.1f} "
          f"of the {answered_oos.sum() / CV_SEEDS:.1f} out-of-scope questions answered (mean over seeds) and "
          f"{band[:, ~oos].mean():.3f} of in-scope ones")
    ab = Abstainer(fit(Xa, ya, AFEATURES), float(round(threshold, 2)), float(round(unsure, 2)))
    APARAMS.write_text(json.dumps({**ab.to_json(), "e5_model": e5_model}, indent=2) + "\n", encoding="utf-8")
    means = language_means(*question_vectors(states))  # as abstention_rows centred V
    extra = {}
    if syn is not None and len(syn[2]):  # the knn_syn references, centred as abstention_rows did
        extra = {"syn_vectors": centred(syn[0], syn[1], means).astype(np.float16), "syn_labels": syn[2]}
        print(f"knn_syn references: {int(syn[2].sum())} answerable and {int((syn[2] == 0).sum())} unanswerable "
              f"synthetic questions")
    np.savez(REFS_FILE, vectors=V[labels >= 0], labels=labels[labels >= 0],
             means=np.array([means[lg] for lg in sorted(means)], dtype=np.float32), mean_langs=np.array(sorted(means)),
             model=np.array(e5_model), **extra)
    print(f"wrote {APARAMS.name}: weights {dict(zip(AFEATURES, np.round(ab.model.weights, 3).tolist()))}")
    return 0
