"""What the browser tests share: the browser's settings, the test server and clean profiles.

Playwright cannot download its own browser here, so it drives Debian's
`chromium` (installed by `./dev test`). The site is served under the path of
its `site_url`, as on GitHub Pages, so the 404 page's root-relative links
work too. Requests to any other host (the theme's web fonts) are refused:
the tests must not depend on the network.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from helpers import ROOT
from playwright.sync_api import Browser, BrowserContext, Route

CHROMIUM = Path(os.environ.get("SCHOOLNET_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@dataclass(frozen=True)
class Served:
    """Where the built site is, on disk and on localhost."""

    site: Path
    root: str
    """The site's root URL, e.g. http://127.0.0.1:PORT/schools-together/."""

    def url(self, path: str = "") -> str:
        """The URL of a page, from its path relative to the site root."""
        return self.root + path.lstrip("/")


def base_path() -> str:
    """The path part of the sample's site_url ('/schools-together/'), where it is served."""
    found = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE)
    path = urlsplit(found.group(1)).path if found else "/"
    return path if path.endswith("/") else path + "/"


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site under its base path, with its own 404 page, like a static host."""

    base = "/"

    def translate_path(self, path: str) -> str:
        """Map /base/x to site/x; anything outside the base path does not exist."""
        route = urlsplit(path).path
        if not route.startswith(self.base):
            return str(Path(self.directory) / "-outside-the-base-path-")
        return super().translate_path("/" + route[len(self.base) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Answer a missing page with the site's 404.html, as GitHub Pages does."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


def _local_only(served: Served) -> Callable[[Route], None]:
    """A request router that lets through only requests to the test server."""
    origin = served.root.split("/", 3)[:3]

    def route(route: Route) -> None:
        if route.request.url.split("/", 3)[:3] == origin:
            route.continue_()
        else:
            route.abort()

    return route


def open_context(browser: Browser, served: Served, **options: Any) -> BrowserContext:
    """A fresh browser profile that can reach only the test server."""
    context = browser.new_context(**options)
    context.route("**/*", _local_only(served))
    return context
