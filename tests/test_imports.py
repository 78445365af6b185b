"""What a build does not use is not imported: start-up is most of a small site's build."""

from __future__ import annotations

import subprocess
import sys

import pytest

NOT_AT_START = ("mkdocs.livereload", "weasyprint", "pypdf", "ruamel.yaml")
"""Loaded only by `mkdocs serve`, by a build that writes PDFs, or by tools, never by importing
the plugin."""


@pytest.mark.parametrize("module", NOT_AT_START)
def test_importing_the_plugin_leaves_out(module: str) -> None:
    code = f"import sys, generator.plugin; print({module!r} in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False", f"importing generator.plugin loads {module}"
