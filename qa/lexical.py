"""BM25 over chunks with per-language analysis (bm25s), saved without pickle."""
from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np

from qa.language import analyze, detect_language
from qa.lexicon import OUR_ROLES
from qa.types import Chunk

logger = logging.getLogger(__name__)


def chunk_terms(chunk: Chunk) -> list[str]:
    """Index terms of a chunk: its section heading and text, in the chunk's language."""
    return analyze(f"{chunk.section}\n{chunk.text}", chunk.lang)


class BM25Index:
    """A BM25 (Lucene variant) index whose document ids are chunk row numbers."""

    def __init__(self, model) -> None:
        self._model = model
        self.vocab = frozenset(model.vocab_dict)

    @classmethod
    def build(cls, docs_terms: list[list[str]], k1: float = 1.2, b: float = 0.75) -> "BM25Index":
        import bm25s

        model = bm25s.BM25(k1=k1, b=b)
        # Empty documents would make bm25s drop rows; a placeholder keeps row ids aligned.
        docs = [terms or ["\x00empty"] for terms in docs_terms]
        # Our own sorted vocabulary: bm25s numbers terms in set order, which changes with
        # the process's hash seed, so the same corpus gave different files on every build.
        vocab = {term: i for i, term in enumerate(sorted({t for terms in docs for t in terms}))}
        model.index(([[vocab[t] for t in terms] for terms in docs], vocab), show_progress=False)
        return cls(model)

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), allow_pickle=False, show_progress=False)

    @classmethod
    def load(cls, directory: Path) -> "BM25Index":
        import bm25s

        model = bm25s.BM25.load(str(directory), allow_pickle=False, show_progress=False, verbosity=0)
        return cls(model)

    @classmethod
    def from_files(cls, files: dict[str, bytes]) -> "BM25Index":
        """Rebuild the index from the bytes of the files ``save`` wrote (by file name),
        without reading anything from disk again. ``allow_pickle=False`` throughout.

        Raises:
            ValueError, KeyError: a file is missing or malformed.
        """
        import io
        import json

        import bm25s

        params = json.loads(bytes(files["params.index.json"]).decode("utf-8"))
        vocab = json.loads(bytes(files["vocab.index.json"]).decode("utf-8"))
        if not isinstance(params, dict) or not isinstance(vocab, dict):
            raise ValueError("BM25 parameters or vocabulary are not JSON objects")
        params.pop("version", None)
        num_docs = params.pop("num_docs", None)
        if type(num_docs) is not int or num_docs < 0:
            raise ValueError(f"BM25 num_docs is {num_docs!r}")
        model = bm25s.BM25(**params)
        ids = list(vocab.values())
        if any(type(i) is not int for i in ids) or (ids and not 0 <= min(ids) <= max(ids) < len(ids)) \
                or len(set(ids)) != len(ids):
            raise ValueError("BM25 vocabulary ids are not the numbers 0 to n-1 once each")
        model.vocab_dict = vocab
        model.unique_token_ids_set = set(vocab.values())

        def array(name: str) -> np.ndarray:
            return np.load(io.BytesIO(files[name]), allow_pickle=False)

        model.scores = {"data": array("data.csc.index.npy"), "indices": array("indices.csc.index.npy"),
                        "indptr": array("indptr.csc.index.npy"), "num_docs": num_docs}
        data, indices, indptr = model.scores["data"], model.scores["indices"], model.scores["indptr"]
        if (len(indptr) < len(vocab) or len(indptr) < 1 or len(data) != len(indices) or int(indptr[-1]) != len(data)
                or (len(indices) and not 0 <= int(indices.min()) <= int(indices.max()) < max(num_docs, 1))):
            raise ValueError("BM25 arrays do not fit the vocabulary and documents")
        model.nonoccurrence_array = None
        if model.method in model.methods_requiring_nonoccurrence:
            model.nonoccurrence_array = array("nonoccurrence_array.index.npy")
        return cls(model)

    @property
    def num_docs(self) -> int:
        return int(self._model.scores["num_docs"])

    def scores(self, terms: list[str]) -> np.ndarray:
        """BM25 score of every document for the query terms (zeros if none is known)."""
        ids = self._model.get_tokens_ids(terms)
        if not ids:
            return np.zeros(self.num_docs, dtype=np.float32)
        return np.asarray(self._model.get_scores_from_ids(ids), dtype=np.float32)


# Our two roles' full titles are read as their acronyms, which the articles use far more often: "What's the
# salary of a Chief Technology Officer?" ranked the passages that define the role ("chief", "technology" and
# "officer" each matched) above the salary one (a browser review); dev: unchanged (2 questions use a title).
_ACRONYM_OF = {title.lower(): acronym for acronym, titles in OUR_ROLES.values() for title in titles}
_TITLE_RE = re.compile(r"\b(" + "|".join(t.replace(" ", r"\s+") for t in _ACRONYM_OF) + r")(s?)\b", re.IGNORECASE)


def _acronym(m: re.Match) -> str:
    return _ACRONYM_OF[" ".join(m.group(1).lower().split())] + m.group(2)


def query_terms(question: str, lang: str | None = None) -> tuple[list[str], str]:
    """Analyse a question in its (detected) language; returns ``(terms, lang)``. The roles' full titles
    are read as their acronyms ("Chief Technology Officer" -> "CTO")."""
    lang = lang or detect_language(question)
    return analyze(_TITLE_RE.sub(_acronym, question), lang), lang
