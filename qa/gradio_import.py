"""Import Gradio without its type-stub writer: half of ``import gradio``'s time.

Every component class Gradio defines at import (81 of them in 6.31) goes through
``gradio.component_meta.create_or_modify_pyi``, which re-reads and ``ast``-parses the
component's source file to write or refresh a ``.pyi`` stub beside it in site-packages.
That is a developer aid for authors of custom components; for an app it only costs time
(measured here: ``import gradio`` 5.4-6.0 s with it, 2.9-3.1 s without) and writes into
the installed package. :func:`skip_stub_writer` makes it a no-op for this process.

It must run before the first ``import gradio``; it changes nothing when Gradio is already
imported, and nothing when a future Gradio no longer has the function.

:func:`headless_matplotlib` spares the first answer a second: Gradio wraps every request in
``matplotlib.get_backend()`` when matplotlib is installed (it is, for the benchmark's
plots), and with no backend chosen that imports ``pyplot`` and builds the font cache.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys

TARGET = "gradio.component_meta"
STUB_WRITER = "create_or_modify_pyi"


def _no_stub(*args, **kwargs) -> None:
    """Write no type stub."""
    return None


class _SkipStubWriter(importlib.abc.MetaPathFinder):
    """Finds ``gradio.component_meta`` as usual and replaces its stub writer once it has run."""

    def find_spec(self, name, path, target=None):
        if name != TARGET:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module

        def exec_then_patch(module) -> None:
            exec_module(module)
            if callable(getattr(module, STUB_WRITER, None)):
                setattr(module, STUB_WRITER, _no_stub)

        spec.loader.exec_module = exec_then_patch
        return spec


def skip_stub_writer() -> bool:
    """Make Gradio's import skip writing ``.pyi`` stubs, if Gradio is not imported yet.

    Returns:
        True when the hook is in place (now or from an earlier call), False when Gradio's
        component module was already imported and the hook would come too late.
    """
    if TARGET in sys.modules:
        return getattr(sys.modules[TARGET], STUB_WRITER, None) is _no_stub
    if not any(isinstance(finder, _SkipStubWriter) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SkipStubWriter())
    return True


def headless_matplotlib() -> None:
    """Choose matplotlib's ``agg`` backend (a server opens no windows) unless ``MPLBACKEND`` is set."""
    os.environ.setdefault("MPLBACKEND", "agg")
