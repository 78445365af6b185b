"""What each directory lists, in its order: the rows of the five directory pages.

The pages (pages.py), their rows.json (directory_rows.py) and the
PDFs' directories all start from these listings, so they list the same
records in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .ordering import by_name, text_key
from .site import Site, average_rating, recommending_schools


@dataclass(frozen=True)
class Listing:
    """One kind's directory: its description and the template data that holds its rows."""

    kind: str
    description: str
    context: dict[str, Any]


def listings(site: Site) -> list[Listing]:
    """Every directory's rows, in the order the pages show them (schools by name, ...)."""
    # A closed school keeps its page (which says so) but leaves the directory.
    schools = sorted(
        (s for s in site.schools.values() if s.status != "closed"),
        key=lambda s: (text_key(s.name), s.id),
    )
    networks = by_name(site.networks.values())
    policies = sorted(
        site.policies.values(), key=lambda p: (text_key(p.category), text_key(p.title), p.id)
    )
    suppliers = sorted(
        site.suppliers.values(), key=lambda s: (text_key(s.category), text_key(s.name), s.id)
    )
    return [
        Listing(
            "school",
            f"All {len(schools)} schools, with phase, type, local authority and networks.",
            {"schools": [(s, site.networks_of(s)) for s in schools]},
        ),
        Listing(
            "network",
            f"All {len(networks)} networks, alliances, clusters and groups.",
            {
                "networks": [
                    (n, site.network(n.parent), len(site.all_members_of(n))) for n in networks
                ],
            },
        ),
        Listing(
            "policy",
            f"All {len(policies)} policies with status and review dates.",
            {
                "policies": [(p, site.network(p.owner), site.review_state(p)) for p in policies],
                "due": [(p, site.review_state(p)) for p in site.policies_due()],
            },
        ),
        Listing(
            "event",
            "Upcoming and past meetings, courses and conferences.",
            {
                "upcoming": [(e, site.network(e.organiser)) for e in site.upcoming()],
                "past": [(e, site.network(e.organiser)) for e in site.past()],
            },
        ),
        Listing(
            "supplier",
            f"All {len(suppliers)} suppliers with schools' ratings and notes.",
            {
                "suppliers": [
                    (s, average_rating(s), len(schools), schools)
                    for s, schools in ((s, recommending_schools(s, site)) for s in suppliers)
                ],
            },
        ),
    ]
