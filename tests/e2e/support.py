"""What the browser tests share: the browser's settings, the test server and clean profiles.

Playwright cannot download its own browser here, so it drives Debian's
`chromium` (installed by `./dev test`). The site is served under the path of
its `site_url`, as on GitHub Pages, so the 404 page's root-relative links
work too. Every request a page makes is recorded (`RequestLog`); one to any
other origin is recorded, then refused (the tests must not depend on the
network), and the test during which it happened fails: the site must ask
nothing of a third party, and an aborted request would otherwise pass unseen.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
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


def origin_of(url: str) -> str:
    """'http://127.0.0.1:8000' from any address on that server."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class RequestLog:
    """Every address a browser profile asked for, and those on another origin."""

    origin: str
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        """Record the request; let it through to the test server, refuse any other."""
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).scheme in ("data", "blob") or origin_of(url) == self.origin:
            route.continue_()
            return
        self.foreign.append(url)
        if urlsplit(url).hostname not in ASKED_HOSTS:
            FOREIGN.append(f"{url} (from {_made_by(route)})")
        route.abort()


def _made_by(route: Route) -> str:
    """The page a request came from, or what else made it (a worker has no frame)."""
    try:
        return route.request.frame.url
    except Exception:  # Playwright raises for a service worker's request.
        return "a worker"


FOREIGN: list[str] = []
"""Every request to another origin in this session, with the page that made it
(an autouse fixture in conftest.py fails the test during which one is added)."""
ASKED_HOSTS: set[str] = set()
"""Hosts a test lets its pages ask once the reader has asked for them (a map's tiles after
"Show map"): still refused here, but not a failure. Tests add to it through a fixture."""
LOGS: dict[int, RequestLog] = {}
"""Each open context's log, by the context's id()."""


def scheme_options(scheme: str) -> dict[str, Any]:
    """Browser context options for "phone" (a touch screen, 375 px) or a desktop colour scheme."""
    if scheme == "phone":
        return {"viewport": PHONE, "is_mobile": True, "has_touch": True}
    return {"viewport": DESKTOP, "color_scheme": scheme}


def open_context(browser: Browser, served: Served, **options: Any) -> BrowserContext:
    """A fresh browser profile that can reach only the test server, its requests logged."""
    context = browser.new_context(**options)
    log = RequestLog(origin_of(served.root))
    LOGS[id(context)] = log
    context.route("**/*", log.route)
    context.on("close", lambda _: LOGS.pop(id(context), None))
    return context


def request_log(context: BrowserContext) -> RequestLog:
    """What a context opened by `open_context` has asked for so far."""
    return LOGS[id(context)]
