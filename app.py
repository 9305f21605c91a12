"""Gradio entry point (also the Hugging Face Spaces app file)."""
import threading

from qa.cli import quiet_third_party
from qa.gradio_import import headless_matplotlib, skip_stub_writer

skip_stub_writer()  # before anything imports Gradio: halves its import time
headless_matplotlib()


def _preload() -> None:
    """Load the language identifier and matplotlib (which Gradio imports on the first request)
    while Gradio imports and the index loads. A failure here is left to the first question."""
    try:
        from qa.language import detect_language

        detect_language("What does a CIO do?")
        import matplotlib  # noqa: F401
    except Exception:
        pass


threading.Thread(target=_preload, name="qa-preload", daemon=True).start()

from qa.server import launch  # noqa: E402
from qa.ui import build_demo_or_exit  # noqa: E402

quiet_third_party()
demo = build_demo_or_exit()

if __name__ == "__main__":
    launch(demo)
