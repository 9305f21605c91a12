"""Gradio imports without writing type stubs, and the app's matplotlib stays headless."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, **env: str) -> str:
    run_env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    run_env.update(PYTHONPATH=str(ROOT), **env)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=run_env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_ui_imports_gradio_without_its_stub_writer_and_components_still_work():
    out = _python("import qa.ui\n"
                  "import gradio as gr\n"
                  "import gradio.component_meta as cm\n"
                  "print(cm.create_or_modify_pyi.__module__)\n"
                  "with gr.Blocks() as demo:\n"
                  "    box = gr.Textbox()\n"
                  "    box.submit(lambda s: s, box, box)\n"
                  "print(len(demo.fns))\n")
    assert out.splitlines() == ["qa.gradio_import", "1"]


def test_too_late_is_reported_not_pretended(monkeypatch):
    import types

    from qa.gradio_import import STUB_WRITER, TARGET, skip_stub_writer

    already = types.ModuleType(TARGET)  # as if Gradio had been imported before the hook
    setattr(already, STUB_WRITER, lambda *a, **k: None)
    monkeypatch.setitem(sys.modules, TARGET, already)
    assert skip_stub_writer() is False


def test_matplotlib_backend_is_agg_unless_the_user_chose_one(monkeypatch):
    from qa.gradio_import import headless_matplotlib

    monkeypatch.delenv("MPLBACKEND", raising=False)
    headless_matplotlib()
    assert os.environ["MPLBACKEND"] == "agg"
    monkeypatch.setenv("MPLBACKEND", "svg")
    headless_matplotlib()
    assert os.environ["MPLBACKEND"] == "svg"
