"""Which pages the model makes, what each shows, and where each lives.

Every page is described by a `PageSpec`: a virtual source path, a title and
description, the template that renders it and the plain data it gets. The
site generator (MkDocs today) only has to place these pages; nothing here
depends on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .directory_rows import filter_options, rebase_for, tables
from .edit_links import Repository, directory_links, record_links
from .geo import Grid, KeptNearest, Nearby
from .jsonld import event_ld, network_ld, school_ld, script_json, supplier_ld
from .models import KINDS, Event, Network, Policy, School, Supplier
from .opendata_columns import documented_columns
from .pagination import PAGE_SIZE, directory_of, page_src, pagers
from .pdf_paths import PdfLink, pdf_for_record, pdf_for_section, pdf_handbook
from .positions import Pos, Problem
from .site import Body, Site, average_rating, occurrences, recommending_schools
from .urls import (
    ALL_EVENTS_FEED,
    FeedLink,
    SiteAddress,
    event_file,
    index_src,
    network_feed,
    page_url,
    record_src,
)


class LazyContext(Mapping[str, Any]):
    """Template data made on first use.

    A record page's data (its networks, events, policies, JSON-LD, ...) is
    then made by the worker that renders the page, after the build has
    forked, instead of for all 25,000 pages before it.
    """

    def __init__(self, make: Callable[[], dict[str, Any]]) -> None:
        self._makers: list[Callable[[], dict[str, Any]]] | None = [make]
        self._data: dict[str, Any] = {}

    def also(self, make: Callable[[], dict[str, Any]]) -> None:
        """Add more data, made with the rest; only before the data is first used."""
        assert self._makers is not None, "the data is made already"
        self._makers.append(make)

    def _made(self) -> dict[str, Any]:
        if self._makers is not None:
            for make in self._makers:
                self._data.update(make())
            self._makers = None
        return self._data

    def __getitem__(self, key: str) -> Any:
        return self._made()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())


@dataclass(frozen=True)
class PageSpec:
    """One generated page."""

    src: str
    title: str
    description: str
    template: str
    context: Mapping[str, Any] = field(hash=False, compare=False)
    body: Body | None = None
    in_nav: bool = False
    wide: bool = False
    """A directory page: the theme's sidebars give way, so its table has the screen's width."""
    origin: str = ""
    """What the page is made from, for messages: "schools.yaml", "the home page"."""


def _school_page(site: Site, school: School) -> PageSpec:
    where = school.local_authority or school.country or ""
    urn = f" (URN {school.urn})" if school.urn else ""
    events = site.events_hosted_by(school)
    return PageSpec(
        src=record_src("school", school.id),
        title=school.name,
        description=f"{school.name}: {school.phase} {school.type} school, {where}{urn}.",
        template="school.html",
        context=LazyContext(
            lambda: {
                "school": school,
                "networks": site.networks_of(school),
                "upcoming": site.upcoming(events),
                "past": site.past(events),
                "endorsements": site.endorsements_by(school),
                "policies": site.policies_for(school),
                "withdrawn_policies": site.withdrawn_policies_for(school),
                "review_state": site.review_state,
                "nearby": nearby(site, school),
            }
        ),
        body=site.bodies.get(("school", school.id)),
    )


def nearby(site: Site, school: School) -> list[Nearby]:
    """The open schools nearest this one, for its page's "Schools near this school".

    The grid is made once per process (in each worker, after the fork) and
    kept on the site, so 25,000 pages do not each scan 25,000 schools. A live
    preview puts its `KeptNearest` on the site (`site.made[KeptNearest]`),
    which answers again what it answered in the last rebuild.
    """
    grid: Grid | None = site.made.get("school grid")
    kept: KeptNearest | None = site.made.get(KeptNearest)
    if grid is None:
        schools = site.open_schools()
        grid = site.made["school grid"] = Grid(schools)
        if kept is not None:
            kept.start(schools)
    return grid.nearest(school) if kept is None else kept.nearest(grid, school)


def near_schools(site: Site) -> str:
    """The schools that recommend a supplier, with where they are, as JSON for a <script>.

    The suppliers directory's "within a distance of a school" filter offers
    these schools and measures from them (assets/map.js).
    """
    seen: dict[str, School] = {}
    for supplier in site.suppliers.values():
        for school in recommending_schools(supplier, site):
            if school.coordinates is not None:
                seen.setdefault(school.id, school)
    schools = sorted(seen.values(), key=lambda s: (s.name.casefold(), s.id))
    return script_json(
        {
            "schools": [
                [s.id, s.name, round(s.coordinates.lat, 4), round(s.coordinates.lon, 4)]
                for s in schools
                if s.coordinates is not None
            ]
        }
    )


def _network_page(site: Site, network: Network) -> PageSpec:
    events = site.events_of(network)
    members = site.members_of(network)
    return PageSpec(
        src=record_src("network", network.id),
        title=network.name,
        description=f"{network.name}: {network.kind}"
        + (f" for {network.scope}" if network.scope else "")
        + f", {len(members)} member schools.",
        template="network.html",
        context=LazyContext(
            lambda: {
                "network": network,
                "parents": site.ancestors_of(network),
                "children": [(c, len(site.all_members_of(c))) for c in site.children_of(network)],
                "members": members,
                "all_members": site.all_members_of(network),
                "former_members": site.former_members_of(network),
                "upcoming": site.upcoming(events),
                "past": site.past(events),
                "policies": site.policies_owned_by(network),
                "review_state": site.review_state,
            }
        ),
        body=site.bodies.get(("network", network.id)),
    )


def _policy_page(site: Site, policy: Policy) -> PageSpec:
    applies = policy.applies_to
    return PageSpec(
        src=record_src("policy", policy.id),
        title=policy.title,
        description=f"{policy.title}: {policy.category} policy, version {policy.version}, "
        f"{policy.status}.",
        template="policy.html",
        context=LazyContext(
            lambda: {
                "policy": policy,
                "owner": site.network(policy.owner),
                "networks": [n for n in (site.network(i) for i in applies.networks) if n]
                if applies
                else [],
                "schools": [s for s in (site.school(i) for i in applies.schools) if s]
                if applies
                else [],
                "review_state": site.review_state(policy),
            }
        ),
        body=site.bodies.get(("policy", policy.id)),
    )


def _event_page(site: Site, event: Event) -> PageSpec:
    return PageSpec(
        src=record_src("event", event.id),
        title=event.title,
        description=f"{event.title}: {event.kind}"
        + (" (cancelled)" if event.status == "cancelled" else "")
        + ".",
        template="event.html",
        context=LazyContext(
            lambda: {
                "event": event,
                "organiser": site.network(event.organiser),
                "host": site.school(event.host),
                "upcoming": site.is_upcoming(event),
                "series": event.repeat is not None,
                # Every date, and whether it is over on the build date.
                "dates": [(o, o.end.date() < site.today) for o in occurrences(event)],
                "next": site.next_date(event),
                "series_upcoming": site.upcoming([event]),  # The PDFs' "Next dates".
                "calendar": FeedLink(event_file(event.id)),
            }
        ),
        body=site.bodies.get(("event", event.id)),
    )


def _supplier_page(site: Site, supplier: Supplier) -> PageSpec:
    schools = recommending_schools(supplier, site)
    return PageSpec(
        src=record_src("supplier", supplier.id),
        title=supplier.name,
        description=f"{supplier.name}: {supplier.category} supplier recommended by "
        f"{len(schools)} schools.",
        template="supplier.html",
        context=LazyContext(
            lambda: {
                "supplier": supplier,
                "average": average_rating(supplier),
                "schools": schools,
                "recommendations": [
                    (rec, site.school(rec.school))
                    for rec in sorted(supplier.recommendations, key=lambda r: r.date, reverse=True)
                ],
                "sla_state": site.sla_state,
            }
        ),
        body=site.bodies.get(("supplier", supplier.id)),
    )


def _directory_pages(
    site: Site, directory_urls: bool = True, size: int = PAGE_SIZE, repo: Repository | None = None
) -> list[PageSpec]:
    """Each directory's page 1 (in the nav) and, past `size` rows, its numbered later pages."""
    pages = []
    for listing, table in tables(site, directory_urls):
        meta = KINDS[listing.kind]
        options = script_json(dict(filter_options(table)))
        edit = directory_links(repo or Repository(), listing.kind)
        extra = {"near_schools": near_schools(site)} if listing.kind == "supplier" else {}
        for pager in pagers(listing.kind, len(table.rows), size, options):
            first = pager.number == 1
            src = page_src(listing.kind, pager.number)
            pages.append(
                PageSpec(
                    src=src,
                    title=meta.heading if first else f"{meta.heading}, page {pager.number}",
                    description=listing.description,
                    template=f"{meta.plural}.html",
                    context={
                        **listing.context,
                        "today": site.today,
                        "pager": pager,
                        "heading": meta.heading,
                        "table": table,
                        "rebase": rebase_for(listing.kind, page_url(src, directory_urls)),
                        "edit": edit,
                        **extra,
                    },
                    body=site.bodies.get((listing.kind, "index")) if first else None,
                    in_nav=first,
                    wide=True,
                    origin=f"the {meta.plural} directory"
                    + ("" if first else f" (page {pager.number})")
                    + f", generated from {meta.filename}",
                )
            )
    return pages


def _home_page(site: Site, network_name: str, directory_urls: bool = True) -> PageSpec:
    # Each count is the number of rows its directory lists, in its words: closed
    # schools leave the count, and each date of a repeating event is one row.
    by_kind = {table.kind: table for _, table in tables(site, directory_urls)}
    counts = [
        (len(table.rows), table.directory.noun_for(len(table.rows)), index_src(kind))
        for kind, table in ((kind, by_kind[kind]) for kind in KINDS)
    ]
    events = by_kind["event"]
    return PageSpec(
        src="index.md",
        title=network_name,
        description=f"{network_name}: schools, networks, policies, events and suppliers.",
        template="home.html",
        context={
            "network_name": network_name,
            "counts": counts,
            "upcoming": [(e, site.network(e.organiser)) for e in site.upcoming()[:6]],
            # The first rows of the events directory's upcoming table, drawn as it draws them.
            "events": events,
            "next_events": events.table_rows(0)[:6],
            "rebase": rebase_for("event", page_url("index.md", directory_urls)),
            "due": [(p, site.review_state(p)) for p in site.policies_due()],
            "today": site.today,
            "members": site.members,
        },
        body=site.bodies.get(("home", "index")),
        in_nav=True,
        origin="the generated home page",
    )


def site_pages(
    site: Site,
    network_name: str,
    address: SiteAddress | None = None,
    *,
    pdfs: bool = False,
    page_size: int = PAGE_SIZE,
    repository: Repository | None = None,
) -> list[PageSpec]:
    """Every generated page: home, one directory per kind, open data, one page per record.

    With `pdfs`, each page's context has `pdf`: the PDF that holds what the
    page shows, for its "Download as PDF" link; without, `pdf` is None so no
    page links to a file the build does not make. Record pages carry
    schema.org JSON-LD whose URLs are absolute when `address` knows the
    site's URL. A directory longer than `page_size` rows is split into pages
    of that many (pagination.py). With a `repository`, record and directory
    pages have `edit`: their "Edit this record" and "Suggest a correction"
    links (edit_links.py), else None and the pages show no such links.
    """
    address = address or SiteAddress()
    repo = repository or Repository()

    def url_of(record: Any) -> str:
        return address.record(record.record_kind, record.id)

    pages = [
        _home_page(site, network_name, address.directory_urls),
        *_directory_pages(site, address.directory_urls, page_size, repo),
        _open_data_page(site),
    ]
    everything = address.feed(ALL_EVENTS_FEED)
    for page in pages:
        assert isinstance(page.context, dict)
        page.context["pdf"] = _pdf_of(page.src) if pdfs else None
        page.context["calendar"] = everything

    def later(page: PageSpec, record: Any) -> PageSpec:
        pdf = _pdf_of(page.src) if pdfs else None
        more: dict[str, Any] = {"pdf": pdf}
        if isinstance(record, Network):
            more["calendar"] = address.feed(network_feed(record.id))
        return _with_later(
            page,
            lambda: {
                "jsonld": _jsonld(record, site, url_of),
                "edit": record_links(repo, record, page.body),
                **more,
            },
        )

    pages += [later(_school_page(site, s), s) for s in site.schools.values()]
    pages += [later(_network_page(site, n), n) for n in site.networks.values()]
    pages += [later(_policy_page(site, p), p) for p in site.policies.values()]
    pages += [later(_event_page(site, e), e) for e in site.events.values()]
    pages += [later(_supplier_page(site, s), s) for s in site.suppliers.values()]
    return pages


def record_page(site: Site, kind: str, record: Any) -> PageSpec:
    """One record's page with the data its content shows, for the PDFs, which print a few
    records' data each and need not plan all 25,000 pages; `site_pages` adds what only a web
    page has (JSON-LD, its PDF and feed links, edit links)."""
    return _RECORD_PAGES[kind](site, record)


_RECORD_PAGES: dict[str, Callable[[Site, Any], PageSpec]] = {
    "school": _school_page,
    "network": _network_page,
    "policy": _policy_page,
    "event": _event_page,
    "supplier": _supplier_page,
}


def _jsonld(record: Any, site: Site, url_of: Callable[[Any], str]) -> str:
    """A record page's schema.org data, ready for its <script> element (none for policies)."""
    if isinstance(record, School):
        return script_json(school_ld(record, site, url_of(record), url_of))
    if isinstance(record, Network):
        return script_json(network_ld(record, site, url_of(record), url_of))
    if isinstance(record, Event):
        return script_json(event_ld(record, site, url_of(record), url_of))
    if isinstance(record, Supplier):
        return script_json(supplier_ld(record, average_rating(record), url_of(record)))
    return ""


def _with_later(page: PageSpec, more: Callable[[], dict[str, Any]]) -> PageSpec:
    """The page with more template data, made when its data is first used."""
    assert isinstance(page.context, LazyContext)
    page.context.also(more)
    return page


def _open_data_page(site: Site) -> PageSpec:
    return PageSpec(
        src="data/index.md",
        title="Open data",
        description="The public records as CSV and JSON files, with their columns explained.",
        template="data.html",
        context={"files": documented_columns()},
        in_nav=True,
        origin="the open data page",
    )


_KIND_OF_FOLDER = {kind.plural: name for name, kind in KINDS.items()}


def _pdf_of(src: str) -> PdfLink:
    """The PDF that holds a generated page: a policy's own, a network's pack, else the handbook."""
    later_page_of = directory_of(src)
    if later_page_of is not None:
        return pdf_for_section(later_page_of)
    folder, _, name = src.removesuffix(".md").rpartition("/")
    if folder in _KIND_OF_FOLDER:
        if name == "index":
            return pdf_for_section(folder)
        return pdf_for_record(_KIND_OF_FOLDER[folder], name)
    return pdf_handbook()


def subject_of(page: PageSpec) -> str:
    """What a page shows, as messages name it: "school 'hawes-side'", "the schools directory"."""
    if page.origin:
        return page.origin
    folder, _, name = page.src.removesuffix(".md").rpartition("/")
    kind = _KIND_OF_FOLDER.get(folder)
    return f"{kind} '{name}'" if kind is not None else f"the page '{page.title}'"


def collisions(
    pages: list[PageSpec], content_pages: list[str], directory_urls: bool, content_dir: str
) -> list[Problem]:
    """Generated pages that would land on the URL of a page in content/.

    `content_pages` are source paths relative to the content folder, with
    record bodies already removed (they are part of their record's page).
    """
    generated = {page_url(p.src, directory_urls): p for p in pages}
    problems = []
    for src in content_pages:
        page = generated.get(page_url(src, directory_urls))
        if page is None:
            continue
        what = page.origin or f"the generated page '{page.title}'"
        problems.append(
            Problem(
                Pos(f"{content_dir}/{src}"),
                "",
                f"this page would be published at /{page_url(src, directory_urls)}, the same "
                f"address as {what}; "
                "rename or move this file",
            )
        )
    return problems
