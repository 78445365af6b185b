"""What each record is searched by, and lean entries for the theme's search.

The theme's search would otherwise parse every record page's HTML and store
each of its sections (details, member lists, events, ...) as text. Records
are searched instead through a sharded index of their own (see
exports/search_shards) made from the words here: name, kind, URN, postcode,
local authority, networks, category, summary and body text. The theme's
index keeps the content pages and gets one lean entry per directory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

from .dates import short_date
from .models import Event, Network, Policy, School, Supplier
from .pages import PageSpec
from .site import Site, event_start

MARKDOWN_NOISE = [
    (re.compile(r"^(```|~~~).*?^\1", re.M | re.S), " "),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"^\s{0,3}(#{1,6}|[-*+]|\d+\.)\s+", re.M), ""),
    (re.compile(r"[*_`>|]+"), " "),
    (re.compile(r"\s+"), " "),
]


def plain_text(markdown: str) -> str:
    """Markdown as the words a reader would search for, without its markup."""
    text = markdown
    for pattern, replacement in MARKDOWN_NOISE:
        text = pattern.sub(replacement, text)
    return text.strip()


def kind_of(record: Any) -> str:
    """The kind a reader sees after a record's name: 'school', 'subject group', ..."""
    if isinstance(record, School):
        return "school" if record.urn else "partner school"
    if isinstance(record, Network | Event):
        return str(record.kind)
    return str(record.record_kind)


def _names(items: list[Any]) -> str:
    return ", ".join(item.name for item in items)


# Each kind's text is made from the record and the other records it names, which
# `related` finds in the site: a maker is handed those and nothing else, so what it
# reads is exactly what a live preview keeps its text under (exports/search_shards).


def _school(school: School, networks: list[Network]) -> list[str | None]:
    return [
        f"School · {school.phase} · {school.type}",
        school.local_authority or school.country,
        f"URN {school.urn}" if school.urn else None,
        school.postcode,
        school.address,
        school.trust,
        _names(networks),
        school.summary,
    ]


def _network(network: Network, parent: Network | None) -> list[str | None]:
    return [
        network.kind.capitalize(),
        network.scope,
        f"part of {parent.name}" if parent else None,
        ", ".join(network.audience),
        network.funder,
        network.description,
    ]


def _policy(policy: Policy, owner: Network | None) -> list[str | None]:
    return [
        f"Policy · {policy.category} · version {policy.version} · {policy.status}",
        owner.name if owner else None,
        f"review due {policy.review_due.isoformat()}" if policy.review_due else None,
        policy.summary,
    ]


def _event(event: Event, organiser: Network | None) -> list[str | None]:
    return [
        f"{event.kind.capitalize()} · {short_date(event_start(event))}",
        "cancelled" if event.status == "cancelled" else None,
        event.venue,
        organiser.name if organiser else None,
        ", ".join(event.audience),
        event.summary,
    ]


def _supplier(supplier: Supplier) -> list[str | None]:
    return [
        f"Supplier · {supplier.category}",
        ", ".join(supplier.services),
        ", ".join(supplier.frameworks),
        supplier.summary,
        " ".join(r.note for r in supplier.recommendations if r.note),
    ]


@dataclass(frozen=True)
class RecordText:
    """One record as search sees it: what a result shows and the words it is found by."""

    record: Any
    title: str
    """The record's name or title."""
    kind: str
    """What it is, as a result's second line shows it: "school · primary · Durham"."""
    text: str
    """Every searchable fact, joined by " · "."""


@dataclass(frozen=True)
class Maker:
    """How one kind's searchable text is made: what it needs from the site, then the parts."""

    kind: str
    related: Callable[[Any, Site], tuple[Any, ...]]
    """The other records the text is made from, found in the site (`inputs_of` adds the
    record's body)."""
    parts: Callable[..., list[str | None]]
    """The text's parts from the record and `related`'s records, and nothing else."""


MAKERS: list[Maker] = [
    Maker("school", lambda school, site: (site.networks_of(school),), _school),
    Maker("network", lambda network, site: (site.network(network.parent),), _network),
    Maker("policy", lambda policy, site: (site.network(policy.owner),), _policy),
    Maker("event", lambda event, site: (site.network(event.organiser),), _event),
    Maker("supplier", lambda supplier, site: (), _supplier),
]


MAKER_OF = {maker.kind: maker for maker in MAKERS}


def kind_line(record: Any) -> str:
    """A result's second line, so a reader tells records of the same name apart."""
    parts: list[str | None] = [kind_of(record)]
    if isinstance(record, School):
        parts += [record.phase, record.local_authority or record.country]
    elif isinstance(record, Network):
        parts.append(record.scope)
    elif isinstance(record, Event):
        parts.append(short_date(event_start(record)))
        parts.append("cancelled" if record.status == "cancelled" else None)
    else:
        parts.append(record.category)
    return " · ".join(part for part in parts if part)


def inputs_of(record: Any, maker: Maker, site: Site) -> tuple[Any, ...]:
    """Everything besides the record that its searchable text is made from: the records
    `maker` needs, then the record's body (or None)."""
    return (*maker.related(record, site), site.bodies.get((record.record_kind, record.id)))


def record_text(record: Any, maker: Maker, inputs: tuple[Any, ...]) -> RecordText:
    """The searchable text of one record, its body included, from `inputs_of` alone."""
    *related, body = inputs
    parts = maker.parts(record, *related)
    if body is not None:
        parts.append(plain_text(body.text))
    title = getattr(record, "name", None) or record.title
    return RecordText(record, title, kind_line(record), " · ".join(p for p in parts if p))


def shown_records(site: Site) -> Iterator[tuple[Any, Maker, tuple[Any, ...]]]:
    """Every record this build shows, kind by kind, in the order of its data file, with its
    maker and what its text is made from besides itself (`inputs_of`).

    The one place that decides what a record is found by, for every index.
    """
    for maker in MAKERS:
        for record in site.records_of(maker.kind).values():
            yield record, maker, inputs_of(record, maker, site)


def record_texts(site: Site) -> Iterator[RecordText]:
    """The searchable text of every record this build shows, in `shown_records`' order."""
    for record, maker, inputs in shown_records(site):
        yield record_text(record, maker, inputs)


def page_entry(page: PageSpec, location: str) -> dict[str, str]:
    """A directory or data page's entry: its title, description and introduction.

    The theme's search shows an entry's title and text as HTML, as it stores
    them for pages it indexes itself, so plain text is escaped here: a code
    span `<img onerror=…>` in an introduction stays text in the results.
    """
    text = page.description
    if page.body is not None:
        text += " · " + plain_text(page.body.text)
    return {"location": location, "title": escape(page.title), "text": escape(text)}
