"""Gradio entry point (also the Hugging Face Spaces app file)."""
from qa.cli import quiet_third_party
from qa.gradio_import import headless_matplotlib, skip_stub_writer
from qa.startup import start

skip_stub_writer()  # before anything imports Gradio: halves its import time
headless_matplotlib()
quiet_third_party()
engine = start()  # settings and index checked, engine loaded: a problem is one line before Gradio's import

from qa.server import launch  # noqa: E402
from qa.ui import build_demo_or_exit  # noqa: E402

demo = build_demo_or_exit(engine=engine)

if __name__ == "__main__":
    launch(demo)
