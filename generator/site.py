"""The validated, cross-linked model that pages and exports are made from.

A `Site` holds only the records its audience may see: the public build's
Site never contains a private record, so nothing downstream can leak one by
accident. Relations (members of a network, events a school hosts, ...) are
indexed once here so that templates get plain lists.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import mean
from typing import Any

from .models import Event, Network, Policy, Recommendation, School, Supplier, field_specs
from .ordering import by_name, by_title, text_key
from .repeats import event_end as event_end
from .repeats import event_start as event_start
from .repeats import series
from .rules import Ref


@dataclass(frozen=True)
class Body:
    """A record's long-form Markdown, with the file it came from."""

    text: str
    file: str


@dataclass(frozen=True)
class Endorsement:
    """One recommendation seen from the school's side."""

    supplier: Supplier
    recommendation: Recommendation


def without_private_parts(record: Any) -> Any:
    """A copy of a record whose nested lists keep only public items."""
    changes = {}
    for name, fspec in field_specs(type(record)).items():
        if fspec.many and fspec.nested is not None:
            items = getattr(record, name)
            kept = [without_private_parts(i) for i in items if getattr(i, "public", True)]
            if kept != items:
                changes[name] = kept
    return dataclasses.replace(record, **changes) if changes else record


def without_hidden_refs(record: Any, shown: dict[str, set[str]]) -> Any:
    """A copy whose optional references name only records this build shows.

    Ids are often a record's name in lower case, so an id of a private
    record must not reach any output, even as a raw value in a data file.
    (A required reference to a private record is a validation error.)
    """
    changes: dict[str, Any] = {}
    for name, fspec in field_specs(type(record)).items():
        value = getattr(record, name)
        if value is None:
            continue
        if fspec.nested is not None:
            new = (
                [without_hidden_refs(v, shown) for v in value]
                if fspec.many
                else without_hidden_refs(value, shown)
            )
        elif isinstance(fspec.rule, Ref):
            visible = shown[fspec.rule.kind]
            new = [v for v in value if v in visible] if fspec.many else value
            if not fspec.many and value not in visible and not fspec.required:
                new = None
        else:
            continue
        if new != value:
            changes[name] = new
    return dataclasses.replace(record, **changes) if changes else record


@dataclass(frozen=True)
class Occurrence:
    """One dated happening of an event: the event itself, or one meeting of a series.

    Reads like the event (title, kind, id, ...) so lists and links treat a
    meeting of a series the same as a one-off event.
    """

    event: Event
    start: datetime
    end: datetime

    def __getattr__(self, name: str) -> Any:
        return getattr(self.event, name)

    @property
    def anchor(self) -> str:
        """The id of this date on its event's page ("date-2027-01-14"), "" for a one-off event.

        A series meets at most once a day (its rule repeats daily at the
        most), so the day names one meeting; the directory, the home page and
        record pages link each meeting of a series to its own date.
        """
        return f"date-{self.start:%Y-%m-%d}" if self.event.repeat is not None else ""


def occurrences(event: Event) -> list[Occurrence]:
    """Every dated occurrence: one for a one-off event, each meeting for a series.

    The meetings are those the check counted (`repeats.series`); a rule
    giving none, which the check refuses, leaves the event's own dates, so
    a list of occurrences is never empty.
    """
    start, end = event_start(event), event_end(event)
    meetings = series(event).starts if event.repeat is not None else ()
    if not meetings:
        return [Occurrence(event, start, end)]
    length = end - start
    return [Occurrence(event, s, s + length) for s in meetings]


REVIEW_SOON_DAYS = 90
DUE_STATES = ("overdue", "due soon")
"""The review states that list a policy as due (`Site.policies_due`)."""


@dataclass
class Site:
    """Everything one build shows, keyed by id, with relations indexed."""

    schools: dict[str, School]
    networks: dict[str, Network]
    policies: dict[str, Policy]
    events: dict[str, Event]
    suppliers: dict[str, Supplier]
    bodies: dict[tuple[str, str], Body]
    today: date
    members: bool
    _members_of: dict[str, list[School]] = field(default_factory=dict, repr=False)
    _former_members_of: dict[str, list[School]] = field(default_factory=dict, repr=False)
    _children_of: dict[str, list[Network]] = field(default_factory=dict, repr=False)
    _events_of: dict[str, list[Event]] = field(default_factory=dict, repr=False)
    _hosted_by: dict[str, list[Event]] = field(default_factory=dict, repr=False)
    _policies_of: dict[str, list[Policy]] = field(default_factory=dict, repr=False)
    _applies_to: dict[tuple[str, str], list[Policy]] = field(default_factory=dict, repr=False)
    _endorsements: dict[str, list[Endorsement]] = field(default_factory=dict, repr=False)
    _naming: dict[int, tuple[School, list[Policy]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """`_naming_school`'s answers by the school object (frozen; `schools` may be replaced)."""
    made: dict[object, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """What is made from this site once and shared by its pages and exports (a directory's
    rows), by a key the maker chooses; it lives and goes with the site."""

    def __post_init__(self) -> None:
        members_of: dict[str, list[School]] = defaultdict(list)
        former: dict[str, list[School]] = defaultdict(list)
        for school in self.schools.values():
            for network_id in school.networks:
                if network_id in self.networks:
                    group = former if school.status == "closed" else members_of
                    group[network_id].append(school)
        children: dict[str, list[Network]] = defaultdict(list)
        for network in self.networks.values():
            if network.parent in self.networks:
                children[network.parent].append(network)
        events_of: dict[str, list[Event]] = defaultdict(list)
        hosted: dict[str, list[Event]] = defaultdict(list)
        for event in sorted(self.events.values(), key=event_start):
            events_of[event.organiser].append(event)
            if event.host:
                hosted[event.host].append(event)
        policies_of: dict[str, list[Policy]] = defaultdict(list)
        applies_to: dict[tuple[str, str], list[Policy]] = defaultdict(list)
        for policy in self.policies.values():
            policies_of[policy.owner].append(policy)
            if policy.applies_to:
                for school_id in policy.applies_to.schools:
                    applies_to["school", school_id].append(policy)
                for network_id in policy.applies_to.networks:
                    applies_to["network", network_id].append(policy)
        endorsements: dict[str, list[Endorsement]] = defaultdict(list)
        for supplier in self.suppliers.values():
            for rec in supplier.recommendations:
                endorsements[rec.school].append(Endorsement(supplier, rec))
        self._members_of = {k: by_name(v) for k, v in members_of.items()}
        self._former_members_of = {k: by_name(v) for k, v in former.items()}
        self._children_of = {k: by_name(v) for k, v in children.items()}
        self._events_of = dict(events_of)
        self._hosted_by = dict(hosted)
        self._policies_of = {k: by_title(v) for k, v in policies_of.items()}
        self._applies_to = dict(applies_to)
        self._endorsements = dict(endorsements)

    # --- lookups that skip what this audience cannot see ----------------------

    def records_of(self, kind: str) -> dict[str, Any]:
        """The shown records of one kind ('school', 'network', ...), by id."""
        by_kind: dict[str, dict[str, Any]] = {
            "school": self.schools,
            "network": self.networks,
            "policy": self.policies,
            "event": self.events,
            "supplier": self.suppliers,
        }
        return by_kind[kind]

    def school(self, school_id: str | None) -> School | None:
        """The school with this id, if this build shows it."""
        return self.schools.get(school_id) if school_id else None

    def network(self, network_id: str | None) -> Network | None:
        """The network with this id, if this build shows it."""
        return self.networks.get(network_id) if network_id else None

    def networks_of(self, school: School) -> list[Network]:
        """The visible networks a school belongs to."""
        return [self.networks[n] for n in school.networks if n in self.networks]

    def members_of(self, network: Network) -> list[School]:
        """Open schools that declare membership of this network, by name.

        A closed school is no longer anyone's member: counts, member lists,
        packs and structured data leave it out; its page stays (and says so).
        """
        return self._members_of.get(network.id, [])

    def former_members_of(self, network: Network) -> list[School]:
        """Closed schools that still list this network, by name, for a page's history."""
        return self._former_members_of.get(network.id, [])

    def open_schools(self) -> list[School]:
        """The schools the directory lists and the home page counts: all but closed ones."""
        return [school for school in self.schools.values() if school.status != "closed"]

    def all_members_of(self, network: Network) -> list[School]:
        """Members of the network and of every network nested inside it."""
        seen: dict[str, School] = {}
        stack = [network]
        while stack:
            current = stack.pop()
            for school in self.members_of(current):
                seen.setdefault(school.id, school)
            stack.extend(self.children_of(current))
        return by_name(seen.values())

    def children_of(self, network: Network) -> list[Network]:
        """Networks whose parent is this one."""
        return self._children_of.get(network.id, [])

    def ancestors_of(self, network: Network) -> list[Network]:
        """The chain of parents, nearest first (validated to be loop-free)."""
        chain = []
        current = self.network(network.parent)
        while current is not None:
            chain.append(current)
            current = self.network(current.parent)
        return chain

    def events_of(self, network: Network) -> list[Event]:
        """Events the network organises, in start order."""
        return self._events_of.get(network.id, [])

    def events_within(self, network: Network) -> list[Event]:
        """Events of the network and of every group nested inside it, in start order."""
        found: list[Event] = []
        stack = [network]
        while stack:
            current = stack.pop()
            found += self.events_of(current)
            stack.extend(self.children_of(current))
        return sorted(found, key=lambda e: (event_start(e), e.id))

    def events_hosted_by(self, school: School) -> list[Event]:
        """Events the school hosts, in start order."""
        return self._hosted_by.get(school.id, [])

    def policies_owned_by(self, network: Network) -> list[Policy]:
        """Policies the network owns."""
        return self._policies_of.get(network.id, [])

    def policies_naming(self, network: Network) -> list[Policy]:
        """Policies whose `applies_to` names the network itself (not its parents)."""
        return self._applies_to.get(("network", network.id), [])

    def policies_for(self, school: School) -> list[Policy]:
        """Policies in force that name the school, or any network it belongs to (or their
        parents). A withdrawn policy no longer applies: see `withdrawn_policies_for`."""
        return [p for p in self._naming_school(school) if p.status != "withdrawn"]

    def withdrawn_policies_for(self, school: School) -> list[Policy]:
        """Withdrawn policies that named the school or its networks, listed apart on its page
        so a reader who knew one learns it no longer applies."""
        return [p for p in self._naming_school(school) if p.status == "withdrawn"]

    def _naming_school(self, school: School) -> list[Policy]:
        """Every policy naming the school or its networks; a school's page asks twice."""
        kept = self._naming.get(id(school))
        if kept is not None and kept[0] is school:
            return kept[1]
        named = self._find_naming_school(school)
        self._naming[id(school)] = (school, named)
        return named

    def _find_naming_school(self, school: School) -> list[Policy]:
        networks = set()
        for network in self.networks_of(school):
            networks.add(network.id)
            networks.update(n.id for n in self.ancestors_of(network))
        found = {p.id: p for p in self._applies_to.get(("school", school.id), [])}
        for network_id in networks:
            found.update((p.id, p) for p in self._applies_to.get(("network", network_id), []))
        return by_title(found.values())

    def endorsements_by(self, school: School) -> list[Endorsement]:
        """Suppliers this school recommends, with its recommendation."""
        return self._endorsements.get(school.id, [])

    # --- time-relative views ---------------------------------------------------

    def is_upcoming(self, event: Event) -> bool:
        """Not yet finished on the build date (for a series: its last meeting)."""
        return occurrences(event)[-1].end.date() >= self.today

    def _dated(self, events: list[Event] | None) -> list[Occurrence]:
        pool = self.events.values() if events is None else events
        return sorted((o for e in pool for o in occurrences(e)), key=lambda o: (o.start, o.id))

    def upcoming(self, events: list[Event] | None = None) -> list[Occurrence]:
        """Occurrences from the build date on, soonest first."""
        return [o for o in self._dated(events) if o.end.date() >= self.today]

    def past(self, events: list[Event] | None = None) -> list[Occurrence]:
        """Occurrences that ended before the build date, latest first."""
        return [o for o in reversed(self._dated(events)) if o.end.date() < self.today]

    def next_date(self, event: Event) -> Occurrence | None:
        """The first date of the event not yet over on the build date, None when all are past.

        A cancelled event has one too (the date it would have met): its page
        leads with that date, marked cancelled, as the directory lists it.
        """
        return next((o for o in occurrences(event) if o.end.date() >= self.today), None)

    def review_state(self, policy: Policy) -> str:
        """'overdue', 'due soon' (within 90 days) or 'current', relative to the build date;
        'withdrawn' for a withdrawn policy, which is never due (nor "not due yet")."""
        if policy.status == "withdrawn":
            return "withdrawn"
        if policy.review_due is None:
            return "current"
        days = (policy.review_due - self.today).days
        if days < 0:
            return "overdue"
        return "due soon" if days <= REVIEW_SOON_DAYS else "current"

    def due_state(self, due: date | None) -> str:
        """'overdue', 'due soon' or 'current' for any review date, as a policy's review reads."""
        if due is None:
            return "current"
        days = (due - self.today).days
        if days < 0:
            return "overdue"
        return "due soon" if days <= REVIEW_SOON_DAYS else "current"

    def sla_state(self, sla: Any) -> str:
        """An SLA's review state, so a supplier's page marks one past its review as policies do."""
        return self.due_state(sla.review if sla is not None else None)

    def policies_due(self) -> list[Policy]:
        """Policies overdue or due within 90 days, most urgent first."""
        due = [p for p in self.policies.values() if self.review_state(p) in DUE_STATES]
        return sorted(due, key=lambda p: (p.review_due or self.today, text_key(p.title), p.id))


def average_rating(supplier: Supplier) -> float | None:
    """The mean of the ratings this build shows, or None without any."""
    ratings = [r.rating for r in supplier.recommendations]
    return round(mean(ratings), 1) if ratings else None


def recommending_schools(supplier: Supplier, site: Site) -> list[School]:
    """Distinct visible schools that recommend the supplier."""
    seen: dict[str, School] = {}
    for rec in supplier.recommendations:
        school = site.school(rec.school)
        if school is not None:
            seen.setdefault(school.id, school)
    return list(seen.values())


def make_site(
    records: dict[str, list[Any]],
    bodies: dict[tuple[str, str], Body],
    today: date,
    members: bool,
) -> Site:
    """Keep what this audience may see and index the relations.

    The public build drops every record marked `public: false` and every
    private recommendation; the members' build keeps them all.
    """

    def visible(items: list[Any]) -> list[Any]:
        return items if members else [without_private_parts(r) for r in items if r.public]

    kept = {kind: visible(items) for kind, items in records.items()}
    if not members:
        ids = {kind: {r.id for r in items} for kind, items in kept.items()}
        kept = {k: [without_hidden_refs(r, ids) for r in items] for k, items in kept.items()}
        # A recommendation by a school this build hides would name that school.
        kept["supplier"] = [
            dataclasses.replace(
                s, recommendations=[r for r in s.recommendations if r.school in ids["school"]]
            )
            for s in kept["supplier"]
        ]
    shown = {kind: {r.id: r for r in items} for kind, items in kept.items()}
    kept_bodies = {
        (kind, rid): body
        for (kind, rid), body in bodies.items()
        if rid == "index" or rid in shown.get(kind, {})
    }
    return Site(
        shown["school"],
        shown["network"],
        shown["policy"],
        shown["event"],
        shown["supplier"],
        kept_bodies,
        today,
        members,
    )
