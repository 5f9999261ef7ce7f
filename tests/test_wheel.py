"""The built wheel works on its own (about 20 s): it carries ``patterns/`` (as ``extractor/_patterns``),
and ``solieu run`` from a fresh virtualenv, outside the repository and without
``$SOLIEU_PATTERNS``, reads the seed report.

The wheel is built from a copy of the sources (so no ``build/`` is left in the checkout);
it is installed into a new virtualenv without the system's or this environment's
packages, its dependencies coming from the package index as a user's would.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "real" / "ke_sat.docx"
SOURCES = ("extractor", "patterns", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE")


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that points into the checkout or its venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"SOLIEU_PATTERNS", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "SOLIEU_CACHE"}}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and not p.startswith(str(ROOT)))
    env.update(extra)
    return env


def _can_build_here() -> bool:
    """The build backend ``pyproject.toml`` asks for is importable in this environment
    (setuptools>=68 and ``bdist_wheel``), so the build needs no download."""
    try:
        from importlib.metadata import version

        import setuptools

        major = int(setuptools.__version__.split(".")[0])
        if major >= 71:  # bdist_wheel is part of setuptools
            return True
        version("wheel")
        return major >= 68
    except Exception:  # noqa: BLE001
        return False


def _build(tmp: Path) -> Path:
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(item, src / name)
    dist = tmp / "dist"
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(src)]
    if _can_build_here():
        cmd.insert(5, "--no-build-isolation")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_clean_env(), cwd=tmp)
    if proc.returncode != 0:
        said = proc.stdout + proc.stderr
        if "--no-build-isolation" not in cmd and ("Could not find a version" in said or "No matching distribution" in said):
            pytest.skip("cannot build the wheel offline: the build backend (setuptools>=68) is neither installed "
                        "here nor reachable on the package index")
        pytest.fail(f"building the wheel failed:\n{said[-3000:]}")
    wheels = list(dist.glob("solieu-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_carries_patterns_and_runs_alone(tmp_path):
    wheel = _build(tmp_path)

    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {n.removeprefix("extractor/_patterns/") for n in names if n.startswith("extractor/_patterns/")}
    tracked = {p.relative_to(ROOT / "patterns").as_posix() for p in (ROOT / "patterns").rglob("*") if p.is_file()}
    assert shipped == tracked, (sorted(tracked - shipped), sorted(shipped - tracked))
    assert not any(n.startswith("patterns/") for n in names)  # inside the package, not a top-level folder
    assert {"extractor/warmup/warmup.docx", "extractor/warmup/warmup.pdf"} <= names  # what the batch reads before it forks

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=_clean_env())
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / "python"
    proc = subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True,
                          env=_clean_env(), cwd=tmp_path)
    if proc.returncode != 0:
        said = proc.stdout + proc.stderr
        if "Could not find a version" in said or "No matching distribution" in said:
            pytest.skip(f"the wheel's dependencies are not reachable on the package index:\n{said[-1000:]}")
        pytest.fail(f"installing the wheel failed:\n{said[-3000:]}")

    elsewhere = tmp_path / "elsewhere"  # a working directory outside the repository
    elsewhere.mkdir()
    env = _clean_env(SOLIEU_CACHE="off")
    where = subprocess.run([str(py), "-c", "import extractor, extractor.patterns as p; print(extractor.__file__); "
                            "print(p.patterns_dir())"], capture_output=True, text=True, env=env, cwd=elsewhere, check=True)
    package_file, patterns = where.stdout.splitlines()
    assert Path(package_file).is_relative_to(venv), package_file  # the installed copy, not the checkout
    assert Path(patterns) == Path(package_file).parent / "_patterns"

    report = elsewhere / SEED.name
    shutil.copy(SEED, report)
    out = elsewhere / "out"
    run = subprocess.run([str(bindir / "solieu"), "run", report.name, "--out", "out", "--quiet"],
                         capture_output=True, text=True, env=env, cwd=elsewhere)
    assert run.returncode == 0, run.stdout + run.stderr
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(d["document"], d["status"], d["commune"]) for d in docs] == [(SEED.name, "ok", "Kẻ Sặt")]
    figures = [json.loads(line) for line in (out / "figures.jsonl").read_text(encoding="utf-8").splitlines()]

    # the same figures as the checkout's own code reads from the same file
    from extractor.batch import Input, process_one

    here = process_one(Input(SEED, SEED.name))
    key = lambda f: (f["indicator"], f["category"], f["value"], f["period_start"], f["period_end"], f["text"])  # noqa: E731
    assert len(figures) > 100
    assert Counter(map(key, figures)) == Counter(map(key, here.figures))
    for name in ("findings.jsonl", "comparison.xlsx", "audit.xlsx"):
        assert (out / name).is_file(), name
