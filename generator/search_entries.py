"""Lean search entries for record pages: one per record, made from the data.

The theme's search would otherwise parse every record page's HTML and store
each of its sections (details, member lists, events, ...) as text: most of
the index, and most of its build time, at thousands of records. One entry
per record, holding the words a reader searches by (name, kind, URN,
postcode, local authority, networks, category, summary and body text), keeps
the index small enough for a phone and puts the record's own page first
when its name is searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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


def _school(school: School, site: Site) -> list[str | None]:
    return [
        f"School · {school.phase} · {school.type}",
        school.local_authority or school.country,
        f"URN {school.urn}" if school.urn else None,
        school.postcode,
        school.address,
        school.trust,
        _names(site.networks_of(school)),
        school.summary,
    ]


def _network(network: Network, site: Site) -> list[str | None]:
    parent = site.network(network.parent)
    return [
        network.kind.capitalize(),
        network.scope,
        f"part of {parent.name}" if parent else None,
        ", ".join(network.audience),
        network.funder,
        network.description,
    ]


def _policy(policy: Policy, site: Site) -> list[str | None]:
    owner = site.network(policy.owner)
    return [
        f"Policy · {policy.category} · version {policy.version} · {policy.status}",
        owner.name if owner else None,
        f"review due {policy.review_due.isoformat()}" if policy.review_due else None,
        policy.summary,
    ]


def _event(event: Event, site: Site) -> list[str | None]:
    organiser = site.network(event.organiser)
    return [
        f"{event.kind.capitalize()} · {short_date(event_start(event))}",
        "cancelled" if event.status == "cancelled" else None,
        event.venue,
        organiser.name if organiser else None,
        ", ".join(event.audience),
        event.summary,
    ]


def _supplier(supplier: Supplier, site: Site) -> list[str | None]:
    return [
        f"Supplier · {supplier.category}",
        ", ".join(supplier.services),
        ", ".join(supplier.frameworks),
        supplier.summary,
        " ".join(r.note for r in supplier.recommendations if r.note),
    ]


def record_entries(site: Site, url_of: Callable[[Any], str]) -> list[dict[str, str]]:
    """One search entry per record this build shows, in the theme's index format."""
    makers: list[tuple[dict[str, Any], Callable[[Any, Site], list[str | None]]]] = [
        (site.schools, _school),
        (site.networks, _network),
        (site.policies, _policy),
        (site.events, _event),
        (site.suppliers, _supplier),
    ]
    entries = []
    for records, make in makers:
        for record in records.values():
            parts = make(record, site)
            body = site.bodies.get((record.record_kind, record.id))
            if body is not None:
                parts.append(plain_text(body.text))
            title = getattr(record, "name", None) or record.title
            entries.append(
                {
                    "location": url_of(record),
                    "title": f"{title}, {kind_of(record)}",
                    "text": " · ".join(part for part in parts if part),
                }
            )
    return entries


def page_entry(page: PageSpec, location: str) -> dict[str, str]:
    """A directory or data page's entry: its title, description and introduction."""
    text = page.description
    if page.body is not None:
        text += " · " + plain_text(page.body.text)
    return {"location": location, "title": page.title, "text": text}
