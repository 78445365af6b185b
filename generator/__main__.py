"""`python -m generator …`: the fast check contributors run before a pull request."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
