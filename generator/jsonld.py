"""schema.org JSON-LD for record pages, so search engines understand what a page is about.

A school is an EducationalOrganization (School for primary and secondary
phases), networks and suppliers are Organizations, and events are Events
with their status and attendance mode. The JSON is made safe to sit inside
a <script> element: `<`, `>` and `&` are written as Unicode escapes, so no
text can close the element.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .models import Event, Network, School, Supplier
from .site import Site, occurrences

CONTEXT = "https://schema.org"
SCHOOL_PHASES = {"primary": "ElementarySchool", "middle": "MiddleSchool", "secondary": "HighSchool"}


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _address(school: School) -> dict[str, Any] | None:
    if not (school.address or school.postcode or school.country):
        return None
    return _drop_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": school.address,
            "postalCode": school.postcode,
            "addressRegion": school.local_authority,
            "addressCountry": "GB" if school.urn else school.country,
        }
    )


def school_ld(school: School, site: Site, url: str, url_of: Callable[[Any], str]) -> dict[str, Any]:
    """A school as schema.org sees it, with its networks as memberOf."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": SCHOOL_PHASES.get(school.phase, "EducationalOrganization"),
        "name": school.name,
        "url": url,
        "identifier": {"@type": "PropertyValue", "propertyID": "URN", "value": school.urn}
        if school.urn
        else None,
        "description": school.summary,
        "address": _address(school),
        "email": school.email,
        "telephone": school.phone,
        "sameAs": school.website,
        "memberOf": [
            {"@type": "Organization", "name": n.name, "url": url_of(n)}
            for n in site.networks_of(school)
        ],
    }
    if school.coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": school.coordinates.lat,
            "longitude": school.coordinates.lon,
        }
    return _drop_empty(data)


def network_ld(
    network: Network, site: Site, url: str, url_of: Callable[[Any], str]
) -> dict[str, Any]:
    """A network as an Organization, with its parent and its members."""
    parent = site.network(network.parent)
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Organization",
            "name": network.name,
            "url": url,
            "description": network.description,
            "sameAs": network.website,
            "areaServed": network.scope,
            "parentOrganization": {
                "@type": "Organization",
                "name": parent.name,
                "url": url_of(parent),
            }
            if parent
            else None,
            "member": [
                {"@type": "EducationalOrganization", "name": s.name, "url": url_of(s)}
                for s in site.members_of(network)
            ],
        }
    )


def supplier_ld(supplier: Supplier, rating: float | None, url: str) -> dict[str, Any]:
    """A supplier as an Organization, with the schools' average rating."""
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Organization",
            "name": supplier.name,
            "url": url,
            "description": supplier.summary,
            "sameAs": supplier.website,
            "email": supplier.email,
            "telephone": supplier.phone,
            "aggregateRating": {
                "@type": "AggregateRating",
                "ratingValue": rating,
                "ratingCount": len(supplier.recommendations),
                "bestRating": 5,
                "worstRating": 1,
            }
            if rating is not None
            else None,
        }
    )


def event_ld(event: Event, site: Site, url: str, url_of: Callable[[Any], str]) -> dict[str, Any]:
    """An Event with its status, attendance mode, place and organiser."""
    online, in_person = bool(event.online), bool(event.venue)
    mode = (
        "MixedEventAttendanceMode"
        if online and in_person
        else "OnlineEventAttendanceMode"
        if online
        else "OfflineEventAttendanceMode"
    )
    places: list[dict[str, Any]] = []
    if event.venue:
        places.append({"@type": "Place", "name": event.venue})
    if event.online:
        places.append({"@type": "VirtualLocation", "url": event.online})
    organiser = site.network(event.organiser)
    # A series' page leads with its next date (its last once all are past): so does its data.
    shown = site.next_date(event) or occurrences(event)[-1]
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": event.title,
            "url": url,
            "description": event.summary,
            "startDate": shown.start.isoformat(),
            "endDate": shown.end.isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if event.status == "cancelled"
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": f"https://schema.org/{mode}",
            "location": places[0] if len(places) == 1 else places,
            "organizer": {"@type": "Organization", "name": organiser.name, "url": url_of(organiser)}
            if organiser
            else None,
            "isAccessibleForFree": (
                event.cost is not None and event.cost.lower().startswith("free")
            )
            or None,
            "offers": {"@type": "Offer", "url": event.booking} if event.booking else None,
        }
    )


def script_json(data: dict[str, Any]) -> str:
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
