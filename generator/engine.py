"""Which engine runs the build: MkDocs 1.6, or ProperDocs, its maintained fork.

The plugin is written against `mkdocs.*` and runs unchanged on both, because
ProperDocs (checked against properdocs 1.6.7) aliases every `mkdocs.*`
import to its own `properdocs.*` module when its command starts
(`properdocs/replacement.py`: a `sys.meta_path` finder, and
`sys.modules["mkdocs"] = properdocs`), loads plugins from the
`mkdocs.plugins` entry points as well as its own, and reads `mkdocs.yml`
when there is no `properdocs.yml`. The two packages install side by side:
the alias exists only inside a `properdocs` process.

One thing is not aliased: logger names. ProperDocs logs to, and counts
`--strict` warnings on, the `properdocs` logger; the `mkdocs` logger is only
a child of it. Code that looks at the engine's own logger's level or
handlers asks this module for it, rather than naming "mkdocs".
"""

from __future__ import annotations

import logging
import sys


def engine_name() -> str:
    """The top-level package that is running the build: "mkdocs" or "properdocs".

    Under ProperDocs `sys.modules["mkdocs"]` *is* the `properdocs` package, so
    its `__name__` tells the engines apart without importing either by name.
    """
    module = sys.modules.get("mkdocs")
    return module.__name__ if module is not None else "mkdocs"


def engine_logger() -> logging.Logger:
    """The logger the engine's command configures: its `-q`/`-v` level, its `--strict` counter."""
    return logging.getLogger(engine_name())
