"""The HTML of each PDF: the handbook, a pack per network and a file per policy.

Made from the validated `Site` (which already holds only what the audience
may see) and the Markdown bodies, through the same Jinja environment as the
pages. Each record's data is the context its web page gets (`pages.py`), so
the site and the PDFs always show the same facts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from markupsafe import Markup

from ..directories import Listing, listings
from ..markdown_source import split_front_matter
from ..models import KINDS
from ..ordering import by_name, by_title
from ..pages import PageSpec, record_page
from ..pdf_paths import HANDBOOK, network_pack, policy_pdf, record_anchor, section_anchor
from ..render import Renderer
from ..site import Site, event_start
from ..urls import index_src, page_url, record_src
from .markdown_html import EMPTY_LINK_RE, BodyConverter, LinkMap, PrintBody
from .settings import PdfSettings

DIRECTORY_ORDER = ("school", "network", "event", "policy", "supplier")
DATED = ("today", "created")
"""The build date as a PDF prints it ("Built 1 December 2026"): left out of its key, so a PDF
whose content is unchanged is kept with the date it was made (see `DocumentPlan.key_data`)."""
UNPRINTED = ("sla_state",)
"""Date-dependent helpers of a web page's data that no PDF shows, left out of a PDF's data: an
SLA's review state (a PDF prints its review date) would otherwise change the key of every PDF
holding the supplier on the day the state changes, for nothing printed. A print template that
asks for it fails with its file and line."""
ID_RE = re.compile(r'\sid="([^"]+)"')
INTERNAL_HREF_RE = re.compile(r'href="#([^"]*)"')


@dataclass(frozen=True)
class PdfDocument:
    """One PDF to write: where it goes, and its HTML."""

    path: str
    """Relative to the downloads folder, e.g. 'networks/nesa.pdf'."""
    title: str
    html: str


@dataclass(frozen=True, eq=False)
class DayAnswers:
    """A date-dependent helper (`Site.review_state`) answered in advance for one record's data.

    Its answers are data, so they are part of the PDF's key: a policy that
    falls due tomorrow changes the key of every PDF that shows its state,
    while the build date itself stays out of the keys. A template asking
    about anything not answered in advance fails the build, not the key.
    """

    name: str
    answers: tuple[str, ...]
    by_id: dict[int, str] = field(repr=False)

    def __call__(self, value: Any) -> str:
        """The answer for a record of this record's data; asking about any other is a mistake
        in a print template, reported with its file and line."""
        try:
            return self.by_id[id(value)]
        except KeyError:
            raise LookupError(
                f"in a PDF, {self.name}() answers only for the record's own "
                "policies and withdrawn_policies"
            ) from None

    @classmethod
    def of(cls, name: str, helper: Callable[[Any], str], values: list[Any]) -> DayAnswers:
        """The helper's answers for `values`, in their order."""
        answers = [helper(value) for value in values]
        return cls(name, tuple(answers), {id(v): a for v, a in zip(values, answers, strict=True)})


@dataclass(frozen=True)
class DocumentPlan:
    """One PDF before its HTML: what keys it (pdf_cache) and how to render it when needed."""

    path: str
    title: str
    template: str
    links: LinkMap
    context: dict[str, Any]
    renderer: Renderer = field(repr=False)

    def key_data(self) -> dict[str, Any]:
        """Everything the HTML is rendered from but the date it prints (`DATED`).

        A PDF made yesterday from the same data is kept, with yesterday's
        date: "Built" then says when this content was made. What does move
        with the date (upcoming events, review states) is in the data.
        """
        doc = {k: v for k, v in self.context["doc"].items() if k not in DATED}
        head = {"path": self.path, "title": self.title, "template": self.template}
        return {"head": head, "links": self.links, "context": {**self.context, "doc": doc}}

    def render(self) -> PdfDocument:
        """The PDF's HTML; a mistake in a template names the template and this PDF."""
        html = self.renderer.render_document(
            self.template, self.context, link=self.links.record, subject=f"the PDF {self.path}"
        )
        return PdfDocument(self.path, self.title, finish(html))


@dataclass(frozen=True)
class Entry:
    """A line of a contents page."""

    title: str
    anchor: str
    level: int = 1
    group: str | None = None


def page_anchor(src: str, taken: set[str]) -> str:
    """The id of a guidance page in the handbook, e.g. 'page-guidance-joining'."""
    base = "page-" + (re.sub(r"[^a-z0-9]+", "-", src.removesuffix(".md").lower()).strip("-"))
    anchor, number = base, 2
    while anchor in taken:
        anchor, number = f"{base}-{number}", number + 1
    taken.add(anchor)
    return anchor


class Documents:
    """Builds the HTML of every PDF of one build, sharing the page contexts and renderer."""

    def __init__(self, site: Site, settings: PdfSettings) -> None:
        self.site = site
        self.settings = settings
        self.renderer = Renderer(list(settings.template_dirs))
        self._specs: dict[tuple[str, str], PageSpec] = {}

    @cached_property
    def listings(self) -> dict[str, Listing]:
        """Each directory's rows, as its page lists them; only the handbook prints them."""
        return {listing.kind: listing for listing in listings(self.site)}

    def _spec(self, kind: str, record_id: str) -> PageSpec:
        """A record's page data, made when a PDF first prints the record."""
        spec = self._specs.get((kind, record_id))
        if spec is None:
            record = self.site.records_of(kind)[record_id]
            spec = self._specs[kind, record_id] = record_page(self.site, kind, record)
        return spec

    # --- shared pieces ----------------------------------------------------------

    def _meta(
        self, title: str, kind: str, description: str, running: str | None = None
    ) -> dict[str, Any]:
        settings = self.settings
        return {
            "title": title,
            "running": running or title,
            "kind": kind,
            "description": description,
            "network_name": settings.network_name,
            "today": self.site.today,
            "created": self.site.today.isoformat(),
            "version": settings.version,
            "members": self.site.members,
            "site_url": settings.site_url,
            "logo": settings.logo.as_uri() if settings.logo else None,
        }

    def _links(self, anchors: dict[str, str]) -> tuple[LinkMap, BodyConverter]:
        links = LinkMap(anchors, self.settings.site_url, self.settings.directory_urls)
        return links, BodyConverter(links, self.settings.content_dir)

    def _record(
        self, kind: str, record_id: str, convert: BodyConverter, level: int, compact: bool = False
    ) -> dict[str, Any]:
        """A record's page context, with its anchor and its body as print HTML.

        `compact` leaves out long lists that other parts of the PDF already
        give (a network's member schools when there are hundreds).
        """
        spec = self._spec(kind, record_id)
        anchor = record_anchor(kind, record_id)
        # A policy's text sits under its "Policy text" heading; other bodies beside the facts.
        baselevel = level + 1 if kind == "policy" else level
        body = (
            PrintBody(convert, spec.body.text, spec.src, anchor, baselevel)
            if spec.body
            else Markup("")
        )
        shown = {k: v for k, v in spec.context.items() if k not in UNPRINTED}
        return {
            **shown,
            **self._day_answers(spec.context),
            "kind": kind,
            "anchor": anchor,
            "body": body,
            "level": level,
            "compact": compact,
        }

    def _day_answers(self, context: Any) -> dict[str, DayAnswers]:
        """The record's date-dependent helpers, answered for the records it shows.

        Only these helpers' answers move with the build date; everything else a
        template shows is plain data already (upcoming events are lists).
        """
        answered = {}
        if callable(context.get("review_state")):  # A school's or network's policies.
            policies = [*context.get("policies", ()), *context.get("withdrawn_policies", ())]
            answered["review_state"] = DayAnswers.of(
                "review_state", self.site.review_state, policies
            )
        return answered

    def _document(
        self, path: str, title: str, template: str, links: LinkMap, context: dict[str, Any]
    ) -> DocumentPlan:
        """The PDF at `path`, to be rendered from `template` (a template mistake names it)."""
        return DocumentPlan(path, title, template, links, context, self.renderer)

    # --- the handbook -------------------------------------------------------------

    def handbook(self) -> DocumentPlan:
        """Cover, contents, introduction, guidance, then a directory per kind with every record."""
        site, settings = self.site, self.settings
        compact = len(site.schools) > settings.compact_over
        taken: set[str] = set()
        anchors: dict[str, str] = {"index.md": section_anchor("introduction")}
        guide_anchors = {guide.src: page_anchor(guide.src, taken) for guide in settings.guides}
        anchors.update(guide_anchors)
        for kind in DIRECTORY_ORDER:
            anchors[index_src(kind)] = section_anchor(KINDS[kind].plural)
            for record_id in site.records_of(kind):
                anchors[record_src(kind, record_id)] = record_anchor(kind, record_id)
        links, convert = self._links(anchors)

        home = site.bodies.get(("home", "index"))
        intro = (
            PrintBody(
                convert,
                split_front_matter(home.text)[1],
                "index.md",
                section_anchor("introduction"),
            )
            if home
            else Markup("")
        )
        guides: list[dict[str, Any]] = [
            {
                "anchor": guide_anchors[guide.src],
                "title": guide.title,
                "group": guide.group,
                "html": PrintBody(convert, guide.text, guide.src, guide_anchors[guide.src]),
            }
            for guide in settings.guides
        ]
        directories = [self._directory(kind, convert, compact) for kind in DIRECTORY_ORDER]
        contents = [Entry("Introduction", section_anchor("introduction"))]
        contents += [Entry(g["title"], g["anchor"], group=g["group"]) for g in guides]
        contents += [Entry(d["heading"], d["anchor"]) for d in directories]
        counts = [(d["heading"], len(site.records_of(d["kind"]))) for d in directories]
        title = f"{settings.network_name}: handbook"
        context = {
            "doc": self._meta(title, "handbook", f"The {settings.network_name} handbook."),
            "contents": contents,
            "intro": intro,
            "counts": counts,
            "guides": guides,
            "directories": directories,
            "compact": compact,
            "compact_over": settings.compact_over,
        }
        return self._document(HANDBOOK, title, "print/handbook.html", links, context)

    def _directory(self, kind: str, convert: BodyConverter, compact: bool) -> dict[str, Any]:
        meta = KINDS[kind]
        listing = self.listings[kind]
        anchor = section_anchor(meta.plural)
        body = self.site.bodies.get((kind, "index"))
        intro = PrintBody(convert, body.text, index_src(kind), anchor, 2) if body else Markup("")
        # The rows its web page lists, without what only a web page shows (its pager, say).
        context = listing.context
        ordered: list[Any]
        if kind == "event":
            ordered = sorted(self.site.events.values(), key=lambda e: (event_start(e), e.id))
        else:
            # Each directory row starts with its record: print them in the directory's order.
            ordered = [row[0] for row in context[meta.plural]]
        with_records = not (compact and kind == "school")
        records = (
            [self._record(kind, r.id, convert, 2, compact) for r in ordered] if with_records else []
        )
        return {
            "kind": kind,
            "heading": meta.heading,
            "anchor": anchor,
            "intro": intro,
            "description": listing.description,
            "context": context,
            "records": records,
            "compact": not with_records,
        }

    # --- a pack per network ---------------------------------------------------------

    def network_pack(self, network_id: str) -> DocumentPlan:
        """The network, its member schools (with nested groups), upcoming events and policies."""
        site = self.site
        network = site.networks[network_id]
        members = site.all_members_of(network)
        events = self._upcoming_within(network)
        policies = self._policies_of(network)
        anchors = {
            record_src("network", network.id): record_anchor("network", network.id),
            **{record_src("event", e.id): record_anchor("event", e.id) for e in events},
            **{record_src("policy", p.id): record_anchor("policy", p.id) for p in policies},
            **{record_src("school", s.id): record_anchor("school", s.id) for s in members},
        }
        links, convert = self._links(anchors)
        groups = self._groups(network)
        title = f"{network.name}: network pack"
        context = {
            "doc": self._meta(
                title, "pack", f"{network.name}: its schools, upcoming events and policies."
            ),
            # The members have a section of their own: the record need not list them too.
            "network": self._record("network", network.id, convert, 2, compact=True),
            "members": [(school, groups[school.id]) for school in members],
            "events": [self._record("event", e.id, convert, 2) for e in events],
            "policies": [self._record("policy", p.id, convert, 2) for p in policies],
            "contents": [
                Entry("The network", section_anchor("network")),
                Entry(f"Member schools ({len(members)})", section_anchor("members")),
                Entry(f"Upcoming events ({len(events)})", section_anchor("events")),
                Entry(f"Policies ({len(policies)})", section_anchor("policies")),
            ],
        }
        path = network_pack(network.id)
        return self._document(path, title, "print/network_pack.html", links, context)

    def _upcoming_within(self, network: Any) -> list[Any]:
        """Upcoming events of the network and of the groups nested inside it, soonest first."""
        found: dict[str, Any] = {}
        stack = [network]
        while stack:
            current = stack.pop()
            for event in self.site.events_of(current):
                if self.site.is_upcoming(event):
                    found[event.id] = event
            stack.extend(self.site.children_of(current))
        return sorted(found.values(), key=lambda e: (event_start(e), e.id))

    def _policies_of(self, network: Any) -> list[Any]:
        """Policies the network owns or that name it (a parent's are in the parent's pack)."""
        found = {p.id: p for p in self.site.policies_owned_by(network)}
        for policy in self.site.policies_naming(network):
            found.setdefault(policy.id, policy)
        return by_title(found.values())

    def _groups(self, network: Any) -> dict[str, list[Any]]:
        """For each member school, the groups inside the network it belongs through."""
        through: dict[str, list[Any]] = {}
        stack = [network]
        while stack:
            current = stack.pop()
            for school in self.site.members_of(current):
                groups = through.setdefault(school.id, [])
                if current is not network:
                    groups.append(current)
            stack.extend(self.site.children_of(current))
        return {school_id: by_name(groups) for school_id, groups in through.items()}

    # --- a file per policy --------------------------------------------------------------

    def policy(self, policy_id: str) -> DocumentPlan:
        """The policy's facts on page one, then its text."""
        policy = self.site.policies[policy_id]
        anchors = {record_src("policy", policy.id): record_anchor("policy", policy.id)}
        links, convert = self._links(anchors)
        title = policy.title
        context = {
            "doc": self._meta(
                title,
                "policy",
                f"{policy.title}, version {policy.version}.",
                running=f"{self.settings.network_name}: policy",
            ),
            "policy": self._record("policy", policy.id, convert, 1),
            "online_url": links.site_link(
                page_url(record_src("policy", policy.id), self.settings.directory_urls)
            ),
        }
        path = policy_pdf(policy.id)
        return self._document(path, title, "print/policy.html", links, context)

    def makers(self) -> list[Callable[[], DocumentPlan]]:
        """A function per PDF of the build that plans it: the handbook first (the largest),
        then one pack per network and one file per policy. Workers call them."""
        makers: list[Callable[[], DocumentPlan]] = [self.handbook]
        makers += [partial(self.network_pack, n) for n in sorted(self.site.networks)]
        makers += [partial(self.policy, p) for p in sorted(self.site.policies)]
        return makers

    def all(self) -> list[PdfDocument]:
        """Every PDF of the build: the handbook, one pack per network, one file per policy."""
        return [make().render() for make in self.makers()]


def finish(html: str) -> str:
    """Make every in-document link land: a missing heading falls back to its record, else no link.

    A record link may name a heading (`policy:x#text`); if this PDF prints
    the record without that heading the link opens the record instead.
    """
    ids = set(ID_RE.findall(html))

    def resolve(match: re.Match[str]) -> str:
        target = match.group(1)
        if target in ids:
            return match.group(0)
        owner = target.split("--", 1)[0]
        return f'href="#{owner}"' if owner in ids else 'href=""'

    return EMPTY_LINK_RE.sub(r"\1", INTERNAL_HREF_RE.sub(resolve, html))
