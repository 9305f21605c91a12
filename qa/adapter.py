"""A linear query adapter for e5: the question's vector moved towards what answers it in these articles.

``q' = unit(q + A q)``: ``A`` (dim x dim) is fitted so that, for each training question, its evidence
sentences and relevant passages outscore every other sentence and passage of the corpus (a softmax
over the whole corpus, as embedding adapters are trained from relevance labels). Only the question
side changes, so the index is untouched and the adapter costs one small matrix product per question.

It is fitted by ``python -m qa calibrate`` on the synthetic training questions
(``qa/bench/synthetic.jsonl``), never on the benchmark's questions, and saved as a plain ``.npy``
array (loaded with ``allow_pickle=False``) beside a JSON record of the e5 model and the corpus it was
fitted for, and of the array's SHA-256. An adapter fitted for another model or other articles is not
used: e5 then reads questions as they are.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.index import file_sha256

logger = logging.getLogger(__name__)

ADAPTER_FILE = Path(__file__).with_name("query_adapter.npy")
# Chosen on dev with the adapter fitted on the synthetic questions (docs/experiments/query_adapter.py).
# 647 questions: at L2 0.1 the fit converges (dev unchanged from 150 to 800 steps), at 0.01 it overfits
# after ~100. 1,315 questions: 0.03 converges too (dev passages R@5 / MRR@10 0.901 / 0.802 at 150 steps,
# 0.908 / 0.807 at 600) and beats 0.1 (0.866 / 0.771) and 0.3 (0.866 / 0.721). 1,980 questions: 0.03 gives
# 0.920 / 0.831 (sentences 0.962 / 0.855), 0.01 0.935 / 0.835 (0.954 / 0.864): kept at 0.03. 2,690 questions
# (round 5): at TAU 30 / L2 0.03 0.931 / 0.841 (0.958 / 0.853); a sharper softmax helps, TAU 50 / L2 0.01
# 0.947 / 0.863 (0.969 / 0.889; plain words 0.879 / 0.767 -> 0.909 / 0.811), TAU 70 0.947 / 0.859, TAU 50 /
# L2 0.03 0.939 / 0.857; 150 or 500 steps instead of 300 within 0.008.
L2 = 0.01
STEPS = 300
TAU = 50.0  # softmax temperature over cosines
LR = 1e-3   # Adam step size


def meta_path(path: Path) -> Path:
    """The JSON record beside an adapter array."""
    return path.with_suffix(".json")


@dataclass(frozen=True)
class QueryAdapter:
    """``apply`` maps e5 question vectors (n, dim) to adapted unit vectors."""

    matrix: np.ndarray  # (dim, dim) float32

    def apply(self, vectors: np.ndarray) -> np.ndarray:
        v = np.asarray(vectors, dtype=np.float32)
        a = v + v @ self.matrix.T
        norm = np.linalg.norm(a, axis=1, keepdims=True)
        return (a / np.maximum(norm, 1e-12)).astype(np.float32)


def fit_adapter(queries: np.ndarray, passages: np.ndarray, sentences: np.ndarray, passage_labels: np.ndarray,
                sentence_labels: np.ndarray, l2: float = L2, steps: int = STEPS, tau: float = TAU,
                lr: float = LR) -> np.ndarray:
    """Fit ``A`` by full-batch Adam from zero (deterministic).

    Args:
        queries: (n, d) unit question vectors as e5 embeds them.
        passages, sentences: (p, d) and (s, d) unit vectors of the corpus.
        passage_labels, sentence_labels: (n, p) and (n, s), 1 where the passage or sentence answers.
            A question with no positive on one side adds nothing on that side.

    Returns:
        A (d, d) float32 matrix.
    """
    Q = np.asarray(queries, dtype=np.float64)
    sides = [(np.asarray(m, dtype=np.float64), np.asarray(y, dtype=np.float64))
             for m, y in ((passages, passage_labels), (sentences, sentence_labels))]
    if Q.ndim != 2 or any(m.shape[1] != Q.shape[1] or y.shape != (len(Q), len(m)) for m, y in sides):
        raise ValueError(f"queries {Q.shape}, passages/sentences and labels do not fit: "
                         f"{[(m.shape, y.shape) for m, y in sides]}")
    d = Q.shape[1]
    A = np.zeros((d, d))
    m1, m2 = np.zeros_like(A), np.zeros_like(A)
    for t in range(1, steps + 1):
        Z = Q + Q @ A.T
        n = np.linalg.norm(Z, axis=1, keepdims=True)
        U = Z / n
        gU = np.zeros_like(U)
        for M, Y in sides:
            has = Y.sum(1) > 0
            s = tau * U[has] @ M.T
            e = np.exp(s - s.max(1, keepdims=True))
            p = e / e.sum(1, keepdims=True)
            ep = e * Y[has]
            gU[has] += tau * (p - ep / ep.sum(1, keepdims=True)) @ M  # d(-log P(positives)) / dU
        gZ = (gU - (gU * U).sum(1, keepdims=True) * U) / n
        g = gZ.T @ Q / len(Q) + l2 * A
        m1 = 0.9 * m1 + 0.1 * g
        m2 = 0.999 * m2 + 0.001 * g * g
        A -= lr * (m1 / (1 - 0.9 ** t)) / (np.sqrt(m2 / (1 - 0.999 ** t)) + 1e-8)
    return A.astype(np.float32)


def save_adapter(matrix: np.ndarray, e5_model: str, corpus: dict, info: dict, path: Path | None = None) -> None:
    """Write the array and its JSON record (to ``ADAPTER_FILE`` by default), each to a temp file renamed into place."""
    path = ADAPTER_FILE if path is None else Path(path)
    matrix = np.asarray(matrix, dtype=np.float32)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        np.save(fh, matrix, allow_pickle=False)
    os.replace(tmp, path)
    record = {"e5_model": e5_model, "corpus": dict(corpus), "dim": int(matrix.shape[0]), "sha256": file_sha256(path), **info}
    mtmp = meta_path(path).with_name(meta_path(path).name + ".tmp")
    mtmp.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(mtmp, meta_path(path))


def load_adapter(e5_model: str | None, corpus: dict | None, dim: int, path: Path | None = None) -> QueryAdapter | None:
    """The adapter fitted for this e5 model and these articles, or None (e5 reads questions as they are).

    Missing, or fitted for other articles (an index of one's own articles), it is logged at INFO;
    damaged or fitted for another e5 model, at WARNING, naming what differs. ``path`` defaults to
    ``ADAPTER_FILE``, read when called.
    """
    path = ADAPTER_FILE if path is None else Path(path)
    try:
        record = json.loads(meta_path(path).read_text(encoding="utf-8"))
        if not isinstance(record, dict):
            raise ValueError(f"{meta_path(path).name} holds a JSON {type(record).__name__}, not an object")
    except FileNotFoundError:
        logger.info("%s is missing; e5 reads questions unadapted", meta_path(path).name)
        return None
    except (OSError, ValueError) as exc:
        logger.warning("%s cannot be used (%s); e5 reads questions unadapted. Run `python -m qa calibrate`",
                       meta_path(path).name, exc)
        return None
    if e5_model and record.get("e5_model") != e5_model:
        logger.warning("%s was fitted for %s, the index uses %s; e5 reads questions unadapted",
                       path.name, record.get("e5_model"), e5_model)
        return None
    if corpus is not None and record.get("corpus") != corpus:
        # The usual case for an index of one's own articles: said once, at INFO.
        logger.info("%s was fitted for other articles than this index's; e5 reads questions unadapted "
                    "(`python -m qa calibrate --synthetic FILE` fits one from questions about these articles)", path.name)
        return None
    try:
        if record.get("sha256") != file_sha256(path):
            raise ValueError(f"it does not match the checksum in {meta_path(path).name}")
        matrix = np.load(path, allow_pickle=False)
        if matrix.shape != (dim, dim) or not np.isfinite(matrix).all():
            raise ValueError(f"a {matrix.shape} array, not ({dim}, {dim}) finite numbers")
    except (OSError, ValueError) as exc:  # missing, damaged, of another shape, or a pickle
        logger.warning("%s cannot be used (%s); e5 reads questions unadapted. Run `python -m qa calibrate`",
                       path.name, exc)
        return None
    return QueryAdapter(matrix.astype(np.float32))
