"""How quickly the loader refuses YAML bombs: a "billion laughs" file and deep nesting.

    .venv/bin/python benchmarks/yaml_bombs.py [--repeat 5]

The tests check that refusing them does a bounded amount of work (one step
per parser event, tests/test_loader.py); this prints the seconds, which a
test cannot assert on a shared machine without racing. Each figure is the
best of `--repeat` runs of `parse_yaml` on the text, in this process.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from common import ROOT

sys.path.insert(0, str(ROOT))

from generator.loader import parse_yaml

BILLION_LAUGHS = "- &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"- &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]\n" for level in range(1, 10)
)
"""Nine levels of ten aliases: 10**9 values if expanded (as in tests/test_loader.py)."""

BOMBS: dict[str, str] = {
    "billion laughs (10**9 values by aliases)": BILLION_LAUGHS,
    "aliases of a 3,000,000-value list": "- &big ["
    + ", ".join(["x"] * 1000)
    + "]\n"
    + "".join(f"- [{', '.join(['*big'] * 10)}]\n" for _ in range(300)),
    "30,000 nested '['": "- id: x\n  name: " + "[" * 30_000 + "]" * 30_000 + "\n",
    "30,000 nested '- '": "- " * 30_000 + "x\n",
}


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in seconds: the least disturbed by other work."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for name, text in BOMBS.items():
        _tree, problems = parse_yaml(text, "bomb.yaml")
        verdict = problems[0].message.split(";")[0] if problems else "NOT REFUSED"
        seconds = best_of(args.repeat, lambda text=text: parse_yaml(text, "bomb.yaml"))
        print(f"{name}: {seconds * 1000:.1f} ms ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
