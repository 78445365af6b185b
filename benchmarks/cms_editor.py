"""How long the browser editor (/admin/, `cms: true`) takes with big record files.

For each number of schools: a synthetic project (benchmarks/synthetic.py) is
written, the editor of a site built with `cms: true` is opened in Chromium on
that project's files (the local repository workflow on the browser's private
file system, as tests/e2e/test_cms.py does), and the script times what a person
waits for: the collections to load, the schools' file to open as a form, one
school's fields to open, ten letters typed into its name, and saving the file.

    .venv/bin/python -m benchmarks.cms_editor SITE 1000 5000 25000

SITE is a built site with the editor (its admin/ folder); one run per size.
Each step may take up to five minutes (CMS_STEP_LIMIT_MS); a step that takes
longer is reported as such and the size's remaining steps are skipped.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect, sync_playwright

from benchmarks.synthetic import write_project

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from e2e.support import CHROMIUM, CHROMIUM_ARGS
from e2e.test_cms import FILL_FOLDER, ID, PICK_FOLDER, RECORD_FILES

LIMIT = int(os.environ.get("CMS_STEP_LIMIT_MS", "300000"))
"""How long one step may take before the size is given up."""


class Quiet(SimpleHTTPRequestHandler):
    """Serves the site without a line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing."""


def timed(page: Page, step: str, action: Any) -> float:
    """Run one step, print and return its seconds."""
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"  {step}: {seconds:.1f} s", flush=True)
    return seconds


def measure(page: Page, root: str, project: Path, schools: int) -> None:
    """Time the steps of editing one school in a file of `schools` schools."""
    page.goto(root + "admin/")
    files = {name: (project / name).read_text(encoding="utf-8") for name in RECORD_FILES}
    page.evaluate(FILL_FOLDER, files)
    page.evaluate(PICK_FOLDER)
    row = page.get_by_role("row", name="All schools (schools.yaml)")
    timed(
        page,
        "load all collections",
        lambda: (
            page.get_by_role("button", name="Work with Local Repository").click(timeout=LIMIT),
            expect(row).to_be_visible(timeout=LIMIT),
        ),
    )
    first = page.locator("div[role=group].item").first
    timed(
        page,
        "open the schools' file as a form",
        lambda: (row.click(timeout=LIMIT), expect(first).to_be_visible(timeout=LIMIT)),
    )
    name = first.get_by_role("textbox", name="Name", exact=True)
    timed(
        page,
        "open one school's fields",
        lambda: (
            first.get_by_role("button", name="Expand").first.click(timeout=LIMIT),
            expect(first.get_by_role("textbox", name=ID, exact=True)).to_be_visible(timeout=LIMIT),
        ),
    )
    typed = name.input_value() + " Extra"
    timed(
        page,
        "type 6 characters into its name",
        lambda: (
            name.press("End"),
            page.keyboard.type(" Extra"),
            expect(name).to_have_value(typed, timeout=LIMIT),
        ),
    )
    timed(
        page,
        "save the file",
        lambda: (
            page.get_by_role("button", name="Save", exact=True).click(timeout=LIMIT),
            expect(page.get_by_role("status").filter(has_text="Entry saved")).to_be_visible(
                timeout=LIMIT
            ),
        ),
    )


def main(argv: list[str]) -> int:
    """Measure each size given, one run each."""
    site, sizes = Path(argv[0]), [int(n) for n in argv[1:]]
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for schools in sizes:
            project = Path(scratch) / f"s{schools}"
            write_project(project, schools=schools)
            size = (project / "schools.yaml").stat().st_size / 1e6
            print(f"{schools} schools (schools.yaml {size:.1f} MB):", flush=True)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith(root) else route.abort()
                ),
            )
            try:
                measure(context.new_page(), root, project, schools)
            except (AssertionError, PlaywrightError) as slow:
                print(f"  gave up: {str(slow).splitlines()[0]}", flush=True)
            finally:
                context.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
