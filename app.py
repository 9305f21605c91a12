"""Gradio entry point (also the Hugging Face Spaces app file)."""
from qa.cli import quiet_third_party
from qa.server import launch
from qa.ui import build_demo_or_exit

quiet_third_party()
demo = build_demo_or_exit()

if __name__ == "__main__":
    launch(demo)
