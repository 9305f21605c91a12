"""The app's start-up work that needs no Gradio: run it before ``import gradio``.

``import gradio`` takes about 3 s. :func:`start` first checks the server's settings and loads
the engine (index, models, BM25: about 1 s), so a bad setting or a missing, stale or mismatched
index ends the process in one line at once instead of after Gradio's import. Loading the engine
on a thread while Gradio imports was measured and gives nothing (both are bound by the GIL:
4.1-4.4 s against 3.9 s one after the other), so it loads first, on the main thread.

This module must not import Gradio (directly or through ``qa.ui``).
"""
from __future__ import annotations

import logging
import sys
import threading

from qa import config
from qa.errors import QAError

logger = logging.getLogger(__name__)


def check_settings() -> None:
    """Check the server's settings from the environment (the retriever and the index are
    checked as the engine loads).

    Raises:
        ValueError: naming the variable, its value and the valid range.
    """
    from qa.server import DEFAULT_MAX_REQUEST_BYTES, ENV_MAX_REQUEST_BYTES, port_from_env

    config.queue_settings()
    config.env_int(ENV_MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES, minimum=1024)
    port_from_env()


def load_engine(corpus: str | None = None, index: str | None = None):
    """The ``LiveEngine`` the app serves, from the environment's settings (``corpus`` and
    ``index`` given here win over ``QA_CORPUS`` and ``QA_INDEX``).

    Raises:
        QAError: a missing, stale or mismatched index.
        ValueError: an unknown retriever or model setting.
    """
    from qa.live import LiveEngine
    from qa.retrieval import DEFAULT_RETRIEVER

    return LiveEngine(corpus or config.env(config.ENV_CORPUS, config.DEFAULT_CORPUS),
                      index or config.env(config.ENV_INDEX, config.DEFAULT_INDEX),
                      model=config.env(config.ENV_MODEL, "") or None,
                      e5_model=config.env(config.ENV_E5_MODEL, "") or None,
                      retriever=config.env(config.ENV_RETRIEVER, DEFAULT_RETRIEVER))


def _preload() -> None:
    """Load the language identifier and matplotlib (which Gradio imports on the first request);
    a failure here is left to the first question."""
    try:
        from qa.language import detect_language

        detect_language("What does a CIO do?")
        import matplotlib  # noqa: F401
    except Exception:
        logger.debug("preloading the language identifier or matplotlib failed", exc_info=True)


def start():
    """Check the settings and load the engine; on a problem print one line and exit 1.

    Then start loading the language identifier and matplotlib on a background thread.

    Returns:
        The loaded ``LiveEngine``, for ``qa.ui.build_demo(engine=...)``.
    """
    try:
        check_settings()
        engine = load_engine()
    except (QAError, ValueError) as exc:
        print(f"qa: cannot start the app: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    threading.Thread(target=_preload, name="qa-preload", daemon=True).start()
    return engine
