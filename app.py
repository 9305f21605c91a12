"""Gradio entry point (also the Hugging Face Spaces app file)."""
import threading

from qa.cli import quiet_third_party


def _preload() -> None:
    """Import Gradio and load the language identifier while the index and models load.
    A failure here is left to the main thread, which repeats the work and reports it."""
    try:
        import gradio  # noqa: F401

        from qa.language import detect_language

        detect_language("What does a CIO do?")
    except Exception:
        pass


threading.Thread(target=_preload, name="qa-preload", daemon=True).start()

from qa.server import launch  # noqa: E402
from qa.ui import build_demo_or_exit  # noqa: E402

quiet_third_party()
demo = build_demo_or_exit()

if __name__ == "__main__":
    launch(demo)
