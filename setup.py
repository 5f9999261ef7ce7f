"""Packaging beyond what ``pyproject.toml`` can say: ``patterns/`` (the outline, word
lists, rules and gazetteer) stays at the top of the repository and is shipped inside the
package as ``extractor/_patterns``, so that an installed wheel finds its data
(``extractor.patterns.patterns_dir``). Everything else is in ``pyproject.toml``; the
sdist gets ``patterns/`` through ``MANIFEST.in``."""
from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).resolve().parent
# every folder of patterns/ is a (data-only) package under extractor._patterns
PATTERN_PACKAGES = ["extractor._patterns"] + sorted(
    "extractor._patterns." + ".".join(d.relative_to(HERE / "patterns").parts)
    for d in (HERE / "patterns").rglob("*") if d.is_dir() and d.name != "__pycache__"
)

setup(
    packages=find_namespace_packages(include=["extractor", "extractor.*"]) + PATTERN_PACKAGES,
    package_dir={"extractor._patterns": "patterns"},
    package_data={
        "extractor": ["models/attribution/*", "models/attribution/*/*", "store/migrations/*.mako",
                      "workbench/templates/*.html", "workbench/static/*", "warmup/*"],
        **{package: ["*"] for package in PATTERN_PACKAGES},
    },
)
