"""The record kinds: one typed dataclass per kind, which is also its schema.

Each field carries a `FieldSpec` in its metadata: the rule for its values,
whether it is required, and a sentence for contributors. Validation, the
documentation of the fields and (later) the JSON Schema for editors all read
these declarations, so there is one source of truth for what a record holds.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from .positions import Pos
from .rules import (
    Bool,
    Choice,
    Day,
    Email,
    Integer,
    LocalTime,
    Number,
    Phone,
    Postcode,
    Recurrence,
    Ref,
    Rule,
    Slug,
    Text,
    TimeZone,
    Title,
    Url,
    Urn,
)


@dataclass(frozen=True)
class FieldSpec:
    """How one YAML field is read: its rule, or the nested record it holds."""

    doc: str
    rule: Rule | None = None
    nested: type[Any] | None = None
    required: bool = False
    many: bool = False


def spec(
    doc: str,
    rule: Rule | None = None,
    *,
    nested: type[Any] | None = None,
    required: bool = False,
    many: bool = False,
    default: Any = None,
) -> Any:
    """Declare a field: the metadata drives validation and documentation."""
    meta = {"spec": FieldSpec(doc, rule, nested, required, many)}
    if many:
        return dataclasses.field(default_factory=list, metadata=meta)
    if required:
        return dataclasses.field(metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def where_field() -> Any:
    """Source positions of a record's fields, kept out of equality and repr."""
    return dataclasses.field(default_factory=dict, compare=False, repr=False)


_FIELD_SPECS: dict[type[Any], dict[str, FieldSpec]] = {}


def field_specs(cls: type[Any]) -> dict[str, FieldSpec]:
    """The declared fields of a record class, in declaration order.

    Cached: loading and filtering ask for it for every record, and a class's
    fields never change. Callers must not modify the dict.
    """
    found = _FIELD_SPECS.get(cls)
    if found is None:
        found = {
            f.name: f.metadata["spec"] for f in dataclasses.fields(cls) if "spec" in f.metadata
        }
        _FIELD_SPECS[cls] = found
    return found


PHASES = (
    "nursery",
    "primary",
    "middle",
    "secondary",
    "all-through",
    "special",
    "alternative provision",
    "post-16",
)
SCHOOL_TYPES = (
    "community",
    "foundation",
    "voluntary aided",
    "voluntary controlled",
    "academy",
    "free school",
    "studio school",
    "university technical college",
    "pupil referral unit",
    "independent",
    "maintained nursery",
    "partner school abroad",
)
SCHOOL_STATUSES = ("open", "closing", "closed", "proposed")
NETWORK_KINDS = (
    "regional network",
    "national network",
    "local alliance",
    "cluster",
    "subject group",
    "role network",
    "international partnership",
    "trust",
)
POLICY_CATEGORIES = (
    "safeguarding",
    "SEND",
    "data protection",
    "health and safety",
    "finance",
    "HR",
    "curriculum",
    "behaviour",
    "attendance",
    "governance",
    "estates",
    "procurement",
)
POLICY_STATUSES = ("draft", "adopted", "under review", "withdrawn")
EVENT_KINDS = ("network meeting", "CPD", "conference", "moderation meeting", "webinar")
EVENT_STATUSES = ("scheduled", "cancelled")
SUPPLIER_CATEGORIES = (
    "catering",
    "energy",
    "IT",
    "HR and payroll",
    "cleaning",
    "insurance",
    "finance and audit",
    "grounds and estates",
    "transport",
    "curriculum resources",
    "SEND services",
    "legal",
    "waste and recycling",
)

PUBLIC_DOC = (
    "false keeps this out of the public site, its search index, sitemap and downloads; "
    "only the members' build shows it"
)


# --- nested parts -------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Coordinates:
    """Where a school is, for maps."""

    lat: float = spec("Latitude in degrees.", Number(-90, 90), required=True)
    lon: float = spec("Longitude in degrees.", Number(-180, 180), required=True)
    where: dict[str, Pos] = where_field()


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A contact by role, never a private person's own details."""

    role: str = spec("The role, e.g. 'SBP lead'.", Text(120, True), required=True)
    email: str | None = spec("A role mailbox.", Email())
    phone: str | None = spec("A switchboard or role number.", Phone())
    where: dict[str, Pos] = where_field()


@dataclass(frozen=True, kw_only=True)
class Governance:
    """The board or steering group that runs a network."""

    body: str = spec(
        "The name of the board, e.g. 'Steering group'.", Text(200, True), required=True
    )
    roles: list[str] = spec("The roles that sit on it.", Text(200, True), many=True)
    where: dict[str, Pos] = where_field()


@dataclass(frozen=True, kw_only=True)
class Offer:
    """A service a network offers its members."""

    service: str = spec("What is offered, e.g. 'Central policies'.", Text(200, True), required=True)
    description: str | None = spec("What members get.", Text(2000))
    contact: str | None = spec("The role to contact about it.", Text(200, True))
    where: dict[str, Pos] = where_field()


@dataclass(frozen=True, kw_only=True)
class AppliesTo:
    """Which schools and networks a policy covers."""

    networks: list[str] = spec("Network ids.", Ref(kind="network"), many=True)
    schools: list[str] = spec("School ids.", Ref(kind="school"), many=True)
    where: dict[str, Pos] = where_field()


@dataclass(frozen=True, kw_only=True)
class Sla:
    """The service-level agreement behind a recommendation."""

    start: date | None = spec("When the agreement started.", Day())
    review: date | None = spec("When it is next reviewed.", Day())
    contact: str | None = spec("The supplier's named account contact.", Text(200, True))
    where: dict[str, Pos] = where_field()


@dataclass(frozen=True, kw_only=True)
class Recommendation:
    """A school's note on the service a supplier gave it."""

    school: str = spec("The recommending school's id.", Ref(kind="school"), required=True)
    date: date = spec("When the recommendation was made.", Day(), required=True)
    rating: int = spec("1 (poor) to 5 (excellent).", Integer(1, 5), required=True)
    note: str | None = spec("What the service was like.", Text(3000))
    sla: Sla | None = spec("The service-level agreement.", nested=Sla)
    public: bool = spec(PUBLIC_DOC, Bool(), default=True)
    where: dict[str, Pos] = where_field()


# --- records ------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class School:
    """A school, in England (with a URN) or a partner school abroad."""

    record_kind: ClassVar[str] = "school"
    id: str = spec("Stable id used in the URL, e.g. 'hawes-side'.", Slug(), required=True)
    name: str = spec("The school's name.", Title(200), required=True)
    urn: str | None = spec("6-digit URN; required for schools in England.", Urn())
    country: str | None = spec("For partner schools abroad, instead of a URN.", Text(80, True))
    phase: str = spec("The phase of education.", Choice(choices=PHASES), required=True)
    type: str = spec("The type of establishment.", Choice(choices=SCHOOL_TYPES), required=True)
    local_authority: str | None = spec(
        "The local authority; required for schools in England.", Text(120, True)
    )
    address: str | None = spec("Street address without the postcode.", Text(300))
    postcode: str | None = spec("UK postcode.", Postcode())
    website: str | None = spec("The school's website.", Url())
    email: str | None = spec("The public office email.", Email())
    phone: str | None = spec("The public office phone number.", Phone())
    trust: str | None = spec("The multi-academy trust, if any.", Text(200, True))
    networks: list[str] = spec("Ids of the networks it belongs to.", Ref(kind="network"), many=True)
    coordinates: Coordinates | None = spec("Latitude and longitude.", nested=Coordinates)
    joined: date | None = spec("When it joined the network.", Day())
    summary: str | None = spec("One or two sentences about the school.", Text(1000))
    # From the register (./dev gias import); last, so open data's columns keep their places.
    status: str = spec(
        "open; closing (open, but proposed to close); closed (its page says so and it leaves "
        "the schools directory); proposed (proposed to open). From the register.",
        Choice(choices=SCHOOL_STATUSES),
        default="open",
    )
    closed: date | None = spec("The day it closed, or is to close, from the register.", Day())
    age_low: int | None = spec("The youngest statutory age it takes, e.g. 4.", Integer(0, 25))
    age_high: int | None = spec("The oldest statutory age it takes, e.g. 11.", Integer(0, 25))
    pupils: int | None = spec(
        "Pupils on roll at the register's latest census.", Integer(0, 100_000)
    )
    register: date | None = spec(
        "The date of the Get Information about Schools extract its register fields were "
        "imported from ('./dev gias import' sets it); the page then credits the register.",
        Day(),
    )
    public: bool = spec(PUBLIC_DOC, Bool(), default=True)
    where: dict[str, Pos] = where_field()

    @property
    def title(self) -> str:
        """The name readers see."""
        return self.name


@dataclass(frozen=True, kw_only=True)
class Network:
    """A network, alliance, cluster, subject group or trust."""

    record_kind: ClassVar[str] = "network"
    id: str = spec("Stable id used in the URL, e.g. 'nesa'.", Slug(), required=True)
    name: str = spec("The network's name.", Title(200), required=True)
    kind: str = spec("What kind of network it is.", Choice(choices=NETWORK_KINDS), required=True)
    scope: str | None = spec("Where or whom it covers, e.g. 'North East England'.", Text(200, True))
    description: str | None = spec("What it is for.", Text(3000))
    audience: list[str] = spec("The roles it serves, e.g. 'SBPs'.", Text(120, True), many=True)
    parent: str | None = spec("The id of the network it sits inside.", Ref(kind="network"))
    meets: str | None = spec("How often it meets, e.g. 'Termly'.", Text(200, True))
    funder: str | None = spec("Who funds it.", Text(200, True))
    website: str | None = spec("Its website.", Url())
    contacts: list[Contact] = spec("Contacts by role.", nested=Contact, many=True)
    governance: Governance | None = spec("Its board or steering group.", nested=Governance)
    offer: list[Offer] = spec("Services offered to members.", nested=Offer, many=True)
    public: bool = spec(PUBLIC_DOC, Bool(), default=True)
    where: dict[str, Pos] = where_field()

    @property
    def title(self) -> str:
        """The name readers see."""
        return self.name


@dataclass(frozen=True, kw_only=True)
class Policy:
    """A policy or standard document, with its text in content/policies/<id>.md."""

    record_kind: ClassVar[str] = "policy"
    id: str = spec("Stable id used in the URL.", Slug(), required=True)
    title: str = spec("The policy's title.", Title(200), required=True)
    category: str = spec("Its area.", Choice(choices=POLICY_CATEGORIES), required=True)
    owner: str = spec("The id of the network that owns it.", Ref(kind="network"), required=True)
    version: str = spec("Version label, e.g. '3.1'.", Text(20, True), required=True)
    status: str = spec("Where it stands.", Choice(choices=POLICY_STATUSES), required=True)
    adopted: date | None = spec("When this version was adopted.", Day())
    review_due: date | None = spec("When it must next be reviewed.", Day())
    statutory: bool = spec("true if schools must have it by law.", Bool(), default=False)
    applies_to: AppliesTo | None = spec("The networks and schools it covers.", nested=AppliesTo)
    summary: str | None = spec("One or two sentences on what it covers.", Text(1000))
    public: bool = spec(PUBLIC_DOC, Bool(), default=True)
    where: dict[str, Pos] = where_field()


@dataclass(frozen=True, kw_only=True)
class Event:
    """A meeting, course, conference or webinar."""

    record_kind: ClassVar[str] = "event"
    id: str = spec("Stable id used in the URL.", Slug(), required=True)
    title: str = spec("The event's title.", Title(200), required=True)
    kind: str = spec("What kind of event.", Choice(choices=EVENT_KINDS), required=True)
    start: datetime = spec("When it starts (local time).", LocalTime(), required=True)
    end: datetime = spec("When it ends (local time).", LocalTime(), required=True)
    timezone: str = spec("Time zone of start and end.", TimeZone(), default="Europe/London")
    repeat: str | None = spec(
        "For a regular meeting: how it repeats from start, as an RFC 5545 rule, "
        "e.g. 'FREQ=MONTHLY;BYDAY=1TU;UNTIL=2027-07-31' (first Tuesday of each month).",
        Recurrence(),
    )
    venue: str | None = spec("Where it happens.", Text(300))
    online: str | None = spec("The joining link for an online event.", Url())
    organiser: str = spec("The id of the organising network.", Ref(kind="network"), required=True)
    host: str | None = spec("The id of the host school.", Ref(kind="school"))
    audience: list[str] = spec("Who it is for.", Text(120, True), many=True)
    booking: str | None = spec("Where to book.", Url())
    cost: str | None = spec("The price, e.g. 'Free to members'.", Text(120, True))
    status: str = spec(
        "Whether it goes ahead.", Choice(choices=EVENT_STATUSES), default="scheduled"
    )
    summary: str | None = spec("What it is about.", Text(2000))
    public: bool = spec(PUBLIC_DOC, Bool(), default=True)
    where: dict[str, Pos] = where_field()


@dataclass(frozen=True, kw_only=True)
class Supplier:
    """A supplier that schools recommend to each other."""

    record_kind: ClassVar[str] = "supplier"
    id: str = spec("Stable id used in the URL.", Slug(), required=True)
    name: str = spec("The supplier's name.", Title(200), required=True)
    category: str = spec("What they supply.", Choice(choices=SUPPLIER_CATEGORIES), required=True)
    services: list[str] = spec("The services offered.", Text(200, True), many=True)
    website: str | None = spec("Their website.", Url())
    email: str | None = spec("Their enquiries address.", Email())
    phone: str | None = spec("Their enquiries number.", Phone())
    frameworks: list[str] = spec(
        "Purchasing frameworks they are on, e.g. 'Crown Commercial Service RM6232'.",
        Text(200, True),
        many=True,
    )
    summary: str | None = spec("What they do.", Text(2000))
    recommendations: list[Recommendation] = spec(
        "Schools' notes on the service received.", nested=Recommendation, many=True
    )
    public: bool = spec(PUBLIC_DOC, Bool(), default=True)
    where: dict[str, Pos] = where_field()

    @property
    def title(self) -> str:
        """The name readers see."""
        return self.name


Record = School | Network | Policy | Event | Supplier


@dataclass(frozen=True)
class Kind:
    """A record kind: its class and where its data, bodies and pages live."""

    name: str
    plural: str
    cls: type[Any]
    heading: str

    @property
    def filename(self) -> str:
        """The root YAML file that holds this kind."""
        return f"{self.plural}.yaml"


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("school", "schools", School, "Schools"),
        Kind("network", "networks", Network, "Networks"),
        Kind("policy", "policies", Policy, "Policies"),
        Kind("event", "events", Event, "Events"),
        Kind("supplier", "suppliers", Supplier, "Suppliers"),
    )
}
