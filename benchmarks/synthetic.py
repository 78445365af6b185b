"""Write a large, valid, made-up project so builds can be timed at realistic sizes.

    .venv/bin/python benchmarks/synthetic.py OUT --schools 25000

Benchmarks run it as a script and tests import `write_project` from it
(`from benchmarks.synthetic import write_project`); it lives here, not in the
`generator` package, because no build ever needs it. The sample project is
far too small to show how the generator scales, and real school data cannot
be shipped, so this module invents a network of any size.
The output is deterministic (seeded by the number of schools) so that two
benchmark runs of the same size measure the same input. It writes YAML text
directly instead of calling `yaml.dump`, which is too slow at 25,000 schools;
every string goes through `json.dumps`, whose output is a valid YAML
double-quoted scalar, so no generated text can change the document's structure.
Booleans and ratings are written unquoted because the loader refuses quoted ones.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from generator.models import (
    EVENT_KINDS,
    POLICY_CATEGORIES,
    POLICY_STATUSES,
    SUPPLIER_CATEGORIES,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"
PRIVATE_EVERY = 50  # one record in 50 (2%) is members-only
PRIVATE_OFFSET = 7  # ...starting with the eighth, so even the smallest kinds have one
CANCELLED_SHARE = 0.05

# (local authority, postcode area, its districts, towns, latitude, longitude)
AUTHORITIES: tuple[tuple[str, str, tuple[int, ...], tuple[str, ...], float, float], ...] = (
    ("Northumberland", "NE", (46, 61, 63, 65, 66), ("Morpeth", "Hexham", "Alnwick"), 55.2, -1.9),
    (
        "Newcastle upon Tyne",
        "NE",
        (1, 3, 4, 5, 6),
        ("Newcastle", "Gosforth", "Benwell"),
        55.0,
        -1.6,
    ),
    ("North Tyneside", "NE", (25, 26, 27, 28, 29), ("Whitley Bay", "Tynemouth"), 55.03, -1.5),
    ("Gateshead", "NE", (8, 9, 10, 11), ("Gateshead", "Whickham", "Felling"), 54.95, -1.6),
    ("Sunderland", "SR", (1, 2, 3, 4, 5), ("Sunderland", "Washington", "Houghton"), 54.9, -1.4),
    (
        "County Durham",
        "DH",
        (1, 2, 3, 6, 7),
        ("Durham", "Chester-le-Street", "Stanley"),
        54.8,
        -1.6,
    ),
    ("Darlington", "DL", (1, 2, 3), ("Darlington", "Heighington"), 54.5, -1.55),
    ("Middlesbrough", "TS", (1, 3, 4, 5), ("Middlesbrough", "Acklam", "Linthorpe"), 54.57, -1.23),
    ("Cumberland", "CA", (1, 2, 3, 14), ("Carlisle", "Workington", "Cockermouth"), 54.7, -3.2),
    ("Blackpool", "FY", (1, 2, 3, 4), ("Blackpool", "Bispham", "Marton"), 53.8, -3.05),
    ("Lancashire", "PR", (1, 2, 3, 5, 7), ("Preston", "Chorley", "Leyland"), 53.76, -2.7),
)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in inward codes

NAME_FIRST = (
    "Oak", "Ash", "Elm", "Beech", "Hazel", "Hawthorn", "Willow", "Rowan", "Birch", "Holly",
    "Bramble", "Heather", "Meadow", "Brook", "River", "Castle", "Church", "Mill", "Moor",
    "Fern", "Thorn", "Lark", "Wren", "Kings", "Queens", "Abbey", "Priory", "Bridge", "Stone",
    "Green", "Red", "White", "North", "South", "East", "West", "High", "Low", "Long", "Fair",
)  # fmt: skip
NAME_SECOND = (
    "field", "wood", "lea", "dale", "side", "bank", "hill", "gate", "ford", "well",
    "mead", "croft", "hurst", "burn", "haven", "view", "way", "lands", "holme", "ridge",
)  # fmt: skip
SAINTS = ("St Mary's", "St Joseph's", "St Aidan's", "St Cuthbert's", "Holy Trinity", "St Bede's")
PHASE_WEIGHTS: dict[str, int] = {
    "primary": 60,
    "secondary": 16,
    "nursery": 4,
    "middle": 2,
    "all-through": 3,
    "special": 7,
    "alternative provision": 3,
    "post-16": 5,
}
PHASE_SUFFIXES: dict[str, tuple[str, ...]] = {
    "primary": ("Primary School", "Primary Academy", "Infant School", "Junior School"),
    "secondary": ("Academy", "High School", "School", "College"),
    "nursery": ("Nursery School",),
    "middle": ("Middle School",),
    "all-through": ("All-Through School", "Academy"),
    "special": ("School", "Special School"),
    "alternative provision": ("Learning Centre",),
    "post-16": ("Sixth Form College",),
}
# Types that fit each phase; "partner school abroad" is never used for a school in England.
MAINSTREAM_TYPES = (
    "community", "foundation", "voluntary aided", "voluntary controlled", "academy",
    "academy", "academy", "free school", "independent",
)  # fmt: skip
PHASE_TYPES: dict[str, tuple[str, ...]] = {
    "nursery": ("maintained nursery", "maintained nursery", "independent", "community"),
    "alternative provision": ("pupil referral unit", "academy", "free school"),
    "post-16": ("academy", "free school", "studio school", "university technical college"),
    "special": ("community", "foundation", "academy", "free school", "independent"),
}
TRUSTS = (
    "Northern Lights Learning Trust", "Tyne Valley Schools Trust", "Coast and Country Trust",
    "Pennine Learning Partnership", "Cathedral Schools Trust", "Wearside Education Trust",
)  # fmt: skip
FAITH_TYPES = ("voluntary aided", "voluntary controlled", "academy")
STREETS = ("Lane", "Road", "Street", "Avenue", "Terrace", "Drive", "Crescent", "Close")

REGIONS = (
    ("North East Schools Network", "regional network", "North East England"),
    ("Northern Schools Business Network", "regional network", "The North of England"),
    ("National Association of School Networks", "national network", "England"),
    ("North West Coast Schools Network", "regional network", "North West England"),
    ("Cumbria and Borders Network", "regional network", "Cumbria"),
    ("National School Business Professionals Forum", "national network", "England"),
    ("Tees Valley Schools Network", "regional network", "Tees Valley"),
    ("Pennine Schools Network", "regional network", "The Pennines"),
)
SUBJECTS = (
    "Maths", "English", "Science", "Computing", "History", "Geography", "Modern Languages",
    "Music", "Art and Design", "PE", "RE", "Early Years", "Phonics", "Design and Technology",
)  # fmt: skip
ROLES = (
    ("School Business Professionals", "SBPs"),
    ("Headteachers", "Headteachers"),
    ("SENCos", "SENCos"),
    ("Designated Safeguarding Leads", "DSLs"),
    ("Data Protection Officers", "DPOs"),
    ("Office Managers", "Office managers"),
    ("Governors", "Governors"),
)
MEETS = ("Termly", "Half-termly", "Monthly", "Twice a year", "Weekly in term time")
FUNDERS = ("Member subscriptions", "The local authority", "A national grant", "Member schools")
OFFERS = (
    ("Central policies", "Standard policies drafted once for all schools."),
    ("Peer review", "Leaders visit each other's schools and report back."),
    ("Joint training", "Shared CPD days at member schools."),
    ("Procurement support", "Help running quotes and tenders."),
    ("Moderation", "Shared moderation of assessment across schools."),
)

POLICY_TITLES: dict[str, tuple[tuple[str, bool], ...]] = {
    "safeguarding": (("Child Protection and Safeguarding", True), ("Online Safety", False)),
    "SEND": (("SEND Information Report", True), ("Accessibility Plan", True)),
    "data protection": (("Data Protection", True), ("Records Retention", False)),
    "health and safety": (("Health and Safety", True), ("First Aid", False)),
    "finance": (("Charging and Remissions", True), ("Financial Procedures", False)),
    "HR": (("Pay Policy", True), ("Staff Wellbeing", False)),
    "curriculum": (("Relationships and Sex Education", True), ("Homework", False)),
    "behaviour": (("Behaviour", True), ("Anti-bullying", False)),
    "attendance": (("Attendance", True), ("Children Missing Education", False)),
    "governance": (("Governors' Allowances", True), ("Scheme of Delegation", False)),
    "estates": (("Lettings", False), ("Asbestos Management", True)),
    "procurement": (("Procurement", False), ("Gifts and Hospitality", False)),
}
STATUS_WEIGHTS = {"adopted": 70, "draft": 10, "under review": 15, "withdrawn": 5}

EVENT_TITLES: dict[str, tuple[str, ...]] = {
    "network meeting": ("Termly network meeting", "Members' meeting", "Planning meeting"),
    "CPD": ("Safeguarding refresher", "Budget planning workshop", "Curriculum design day"),
    "conference": ("Annual conference", "Leadership conference", "Summer conference"),
    "moderation meeting": ("Writing moderation", "Maths moderation", "EYFS moderation"),
    "webinar": ("Policy update webinar", "Data protection briefing", "Finance clinic"),
}
AUDIENCES = ("Headteachers", "SBPs", "SENCos", "Governors", "Teachers", "Office managers")
COSTS = ("Free to members", "£45 per delegate", "£120 per school", "Free")

SUPPLIER_FIRST = (
    "Northern", "Bright", "Clear", "Crown", "Summit", "Harbour", "Pioneer", "Evergreen",
    "Keystone", "Meridian", "Beacon", "Lighthouse", "Riverside", "Compass", "Horizon",
)  # fmt: skip
SUPPLIER_SERVICES: dict[str, tuple[str, ...]] = {
    "catering": ("School meals", "Breakfast club", "Hospitality"),
    "energy": ("Electricity", "Gas", "Solar panels", "Energy audits"),
    "IT": ("Managed service", "Broadband", "Cyber security", "Device leasing"),
    "HR and payroll": ("Payroll", "HR advice", "Recruitment"),
    "cleaning": ("Daily cleaning", "Deep cleaning", "Window cleaning"),
    "insurance": ("Property insurance", "Staff absence insurance", "Risk audits"),
    "finance and audit": ("Internal audit", "Budget support", "Year-end accounts"),
    "grounds and estates": ("Grounds maintenance", "Building surveys", "Playground repairs"),
    "transport": ("Home-to-school transport", "Trips", "Minibus hire"),
    "curriculum resources": ("Reading books", "Science kits", "Online platforms"),
    "SEND services": ("Speech and language therapy", "Educational psychology", "Training"),
    "legal": ("Employment law", "Admissions appeals", "Contracts"),
    "waste and recycling": ("General waste", "Recycling", "Confidential shredding"),
}
FRAMEWORKS = (
    "Crown Commercial Service RM6232",
    "YPO",
    "ESPO",
    "NEPO",
    "Department for Education deals for schools",
)
REVIEW_GAPS = ("year", "two years", "three years")
NOTES = (
    "Reliable and easy to deal with.",
    "Good value, though the first term had teething problems.",
    "Responsive when things went wrong.",
    "Slow to answer emails but the work was good.",
    "We would use them again.",
    "Prices rose sharply at renewal.",
)


@dataclass(frozen=True)
class _Net:
    """A generated network, kept so later records can refer to it."""

    id: str
    name: str
    kind: str
    public: bool


@dataclass(frozen=True)
class _School:
    """A generated school, kept for links from other records."""

    id: str
    name: str
    public: bool


def q(text: str) -> str:
    """Quote text as a YAML scalar that can never be read as anything else."""
    return json.dumps(text, ensure_ascii=False)


def slug(text: str) -> str:
    """An id-shaped version of a name, as contributors would write it."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def _unique(seen: set[str]) -> Callable[[str], str]:
    """Return a function that makes each id unique by numbering repeats."""

    def make(base: str) -> str:
        base = base[:60].strip("-")
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        seen.add(candidate)
        return candidate

    return make


def _flow(items: Sequence[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _private(index: int) -> bool:
    return index % PRIVATE_EVERY == PRIVATE_OFFSET


def _word(rng: random.Random) -> str:
    return (rng.choice(NAME_FIRST) + rng.choice(NAME_SECOND)).replace("lll", "ll")


def _postcode(rng: random.Random, area: str, districts: tuple[int, ...]) -> str:
    letters = INWARD_LETTERS
    return (
        f"{area}{rng.choice(districts)} {rng.randrange(1, 10)}"
        f"{letters[rng.randrange(20)]}{letters[rng.randrange(20)]}"
    )


def _phone(rng: random.Random) -> str:
    return f"0{rng.randrange(1200, 2000)} {rng.randrange(100000, 1000000)}"


def make_networks(rng: random.Random, count: int) -> tuple[list[_Net], str]:
    """Build a nested tree of networks: regions, alliances under them, groups under those.

    Parents are always chosen from networks made earlier, which keeps every
    parent chain free of loops whatever the size.
    """
    ids = _unique(set())
    out: list[str] = []
    nets: list[_Net] = []
    n_top = max(2, min(len(REGIONS), count // 20))
    n_alliance = max(3, (count - n_top) // 3)
    tops: list[_Net] = []
    alliances: list[_Net] = []
    for index in range(count):
        public = not _private(index)
        parent: _Net | None = None
        audience: list[str] = []
        if index < n_top:
            name, kind, scope = REGIONS[index]
            description = f"Brings together schools and networks across {scope}."
        elif index < n_top + n_alliance:
            la, _area, _districts, towns, _lat, _lon = rng.choice(AUTHORITIES)
            town = rng.choice(towns)
            name = f"{town} {rng.choice(('Schools Alliance', 'Learning Alliance', 'Partnership'))}"
            kind = "local alliance" if rng.random() < 0.85 else "cluster"
            scope = la
            parent = rng.choice(tops)
            description = f"Schools in and around {town} that choose to work closely together."
            audience = ["Headteachers", "SBPs"]
        else:
            parent = rng.choice(alliances)
            short = parent.name.split(" ")[0]
            if rng.random() < 0.6:
                subject = rng.choice(SUBJECTS)
                name, kind = f"{short} {subject} Group", "subject group"
                scope = f"{subject} leads"
                description = f"Subject leaders for {subject.lower()} sharing plans and resources."
                audience = [f"{subject} leads"]
            else:
                role, short_role = rng.choice(ROLES)
                name, kind = f"{short} {role} Network", "role network"
                scope = role
                description = f"A place for {role.lower()} to share practice and problems."
                audience = [short_role]
        net_id = ids(slug(name))
        net = _Net(net_id, name, kind, public)
        nets.append(net)
        if index < n_top:
            tops.append(net)
        elif index < n_top + n_alliance:
            alliances.append(net)
        lines = [
            f"- id: {net_id}",
            f"  name: {q(name)}",
            f"  kind: {q(kind)}",
            f"  scope: {q(scope)}",
            f"  description: {q(description)}",
        ]
        if audience:
            lines.append(f"  audience: {_flow(audience)}")
        if parent is not None:
            lines.append(f"  parent: {parent.id}")
        lines.append(f"  meets: {q(rng.choice(MEETS))}")
        if index < n_top + n_alliance:
            lines += [
                f"  funder: {q(rng.choice(FUNDERS))}",
                f"  website: {q(f'https://{net_id}.example.org.uk')}",
                "  contacts:",
                '    - role: "Network coordinator"',
                f"      email: {q(f'coordinator@{net_id}.example.org.uk')}",
                f"      phone: {q(_phone(rng))}",
                "  governance:",
                '    body: "Steering group"',
                '    roles: ["Headteacher representatives", "SBP representative"]',
                "  offer:",
            ]
            for service, text in rng.sample(OFFERS, rng.randint(1, 3)):
                lines += [
                    f"    - service: {q(service)}",
                    f"      description: {q(text)}",
                    '      contact: "Network coordinator"',
                ]
        if not public:
            lines.append("  public: false")
        out.append("\n".join(lines))
    return nets, "\n".join(out) + "\n"


def make_schools(rng: random.Random, count: int, nets: list[_Net]) -> tuple[list[_School], str]:
    """Build schools spread over the local authorities, each in one to three networks.

    Regional networks get no direct members, as in real life: schools join
    the alliances and groups nested under them.
    """
    ids = _unique(set())
    names: set[str] = set()
    joinable = [n.id for n in nets if n.kind not in ("regional network", "national network")]
    urns = rng.sample(range(100000, 1000000), count)
    phases = list(PHASE_WEIGHTS)
    weights = list(PHASE_WEIGHTS.values())
    schools: list[_School] = []
    out: list[str] = []
    for index in range(count):
        phase = rng.choices(phases, weights)[0]
        school_type = rng.choice(PHASE_TYPES.get(phase, MAINSTREAM_TYPES))
        la, area, districts, towns, lat, lon = rng.choice(AUTHORITIES)
        town = rng.choice(towns)
        street = _word(rng)
        if rng.random() < 0.12 and phase in ("primary", "secondary"):
            faith = " Catholic" if rng.random() < 0.5 else " Church of England"
            stem = rng.choice(SAINTS) + faith
            school_type = rng.choice(FAITH_TYPES)
        else:
            stem = _word(rng)
        name = f"{stem} {rng.choice(PHASE_SUFFIXES[phase])}"
        if name in names:
            name = f"{name}, {town}"
        if name in names:
            name = f"{name} ({index + 1})"
        names.add(name)
        school_id = ids(slug(name))
        public = not _private(index)
        schools.append(_School(school_id, name, public))
        pupils = rng.randrange(40, 1800, 10)
        lines = [
            f"- id: {school_id}",
            f"  name: {q(name)}",
            f'  urn: "{urns[index]}"',
            f"  phase: {q(phase)}",
            f"  type: {q(school_type)}",
            f"  local_authority: {q(la)}",
            f"  address: {q(f'{rng.randrange(1, 200)} {street} {rng.choice(STREETS)}, {town}')}",
            f"  postcode: {q(_postcode(rng, area, districts))}",
            f"  website: {q(f'https://{school_id}.example.org.uk')}",
            f"  email: {q(f'office@{school_id}.example.org.uk')}",
            f"  phone: {q(_phone(rng))}",
        ]
        if school_type == "academy" and rng.random() < 0.7:
            lines.append(f"  trust: {q(rng.choice(TRUSTS))}")
        lines += [
            f"  networks: {_flow(rng.sample(joinable, min(len(joinable), rng.randint(1, 3))))}",
            "  coordinates:",
            f"    lat: {lat + rng.uniform(-0.15, 0.15):.5f}",
            f"    lon: {lon + rng.uniform(-0.15, 0.15):.5f}",
            f"  joined: {_day(rng, date(2015, 1, 1), date(2026, 6, 30)).isoformat()}",
            f"  summary: {q(f'A {phase} {school_type} school in {town}, about {pupils} pupils.')}",
        ]
        if not public:
            lines.append("  public: false")
        out.append("\n".join(lines))
    return schools, "\n".join(out) + "\n"


def make_policies(
    rng: random.Random, count: int, nets: list[_Net], schools: list[_School]
) -> tuple[list[tuple[str, str, str | None]], str]:
    """Build policies owned by networks, returning (id, title, linkable owner) for bodies."""
    ids = _unique(set())
    # A public policy needs a public owner (the validator refuses anything else).
    owners = [n for n in nets if n.kind != "national network" and n.public]
    out: list[str] = []
    made: list[tuple[str, str, str | None]] = []
    statuses = list(STATUS_WEIGHTS)
    status_weights = list(STATUS_WEIGHTS.values())
    assert set(statuses) == set(POLICY_STATUSES)
    for index in range(count):
        category = POLICY_CATEGORIES[index % len(POLICY_CATEGORIES)]
        base, statutory = rng.choice(POLICY_TITLES[category])
        owner = rng.choice(owners)
        title = f"{base} ({owner.name})"
        policy_id = ids(slug(base))
        adopted = _day(rng, date(2022, 9, 1), date(2026, 9, 1))
        review = adopted + timedelta(days=365 * rng.randint(1, 3))
        public = not _private(index)
        applies_nets = [owner.id, *(n.id for n in rng.sample(nets, rng.randint(0, 2)))]
        applies_schools = [s.id for s in rng.sample(schools, min(len(schools), rng.randint(0, 3)))]
        lines = [
            f"- id: {policy_id}",
            f"  title: {q(title)}",
            f"  category: {q(category)}",
            f"  owner: {owner.id}",
            f'  version: "{rng.randint(1, 6)}.{rng.randint(0, 9)}"',
            f"  status: {q(rng.choices(statuses, status_weights)[0])}",
            f"  adopted: {adopted.isoformat()}",
            f"  review_due: {review.isoformat()}",
            f"  statutory: {'true' if statutory else 'false'}",
            "  applies_to:",
            f"    networks: {_flow(list(dict.fromkeys(applies_nets)))}",
        ]
        if applies_schools:
            lines.append(f"    schools: {_flow(applies_schools)}")
        lines.append(f"  summary: {q(f'How schools in {owner.name} handle {base.lower()}.')}")
        if not public:
            lines.append("  public: false")
        out.append("\n".join(lines))
        made.append((policy_id, base, owner.id if owner.public else None))
    return made, "\n".join(out) + "\n"


def make_events(rng: random.Random, count: int, nets: list[_Net], schools: list[_School]) -> str:
    """Build events spread over 2026 and 2027, some online, some hosted, a few cancelled."""
    ids = _unique(set())
    out: list[str] = []
    # A public event needs a public organiser (the validator refuses anything else).
    organisers = [n for n in nets if n.public]
    for index in range(count):
        kind = EVENT_KINDS[index % len(EVENT_KINDS)]
        organiser = rng.choice(organisers)
        day = _day(rng, date(2026, 1, 1), date(2027, 12, 31))
        if kind == "conference":
            start_h, start_m, minutes = 9, 0, 390
        else:
            start_h, start_m = rng.choice(((9, 0), (9, 30), (13, 30), (15, 30), (16, 0)))
            minutes = rng.choice((60, 90, 120))
        end_total = start_h * 60 + start_m + minutes
        title = f"{rng.choice(EVENT_TITLES[kind])}: {organiser.name}"
        event_id = ids(f"{slug(kind)}-{day.isoformat()}")
        lines = [
            f"- id: {event_id}",
            f"  title: {q(title)}",
            f"  kind: {q(kind)}",
            f'  start: "{day.isoformat()} {start_h:02d}:{start_m:02d}"',
            f'  end: "{day.isoformat()} {end_total // 60:02d}:{end_total % 60:02d}"',
        ]
        if kind == "webinar" or rng.random() < 0.2:
            lines.append(f"  online: {q(f'https://meet.example.org/{event_id}')}")
        if kind != "webinar":
            host = rng.choice(schools)
            lines += [f"  venue: {q(f'{host.name} hall')}", f"  host: {host.id}"]
        lines += [
            f"  organiser: {organiser.id}",
            f"  audience: {_flow(rng.sample(AUDIENCES, rng.randint(1, 3)))}",
            f"  booking: {q(f'https://book.example.org/{event_id}')}",
            f"  cost: {q(rng.choice(COSTS))}",
        ]
        if rng.random() < CANCELLED_SHARE:
            lines.append("  status: cancelled")
        lines.append(f"  summary: {q(f'A {kind} for members of {organiser.name}.')}")
        if _private(index):
            lines.append("  public: false")
        out.append("\n".join(lines))
    return "\n".join(out) + "\n"


def make_suppliers(rng: random.Random, count: int, schools: list[_School]) -> str:
    """Build suppliers, each recommended by one to six schools with an SLA."""
    ids = _unique(set())
    out: list[str] = []
    for index in range(count):
        category = SUPPLIER_CATEGORIES[index % len(SUPPLIER_CATEGORIES)]
        word = rng.choice(SUPPLIER_FIRST)
        name = f"{word} {category.capitalize()} Services"
        supplier_id = ids(slug(name))
        lines = [
            f"- id: {supplier_id}",
            f"  name: {q(name)}",
            f"  category: {q(category)}",
            f"  services: {_flow(rng.sample(SUPPLIER_SERVICES[category], 2))}",
            f"  website: {q(f'https://{supplier_id}.example.com')}",
            f"  email: {q(f'schools@{supplier_id}.example.com')}",
            f"  phone: {q(_phone(rng))}",
            f"  frameworks: {_flow(rng.sample(FRAMEWORKS, rng.randint(0, 2)))}",
            f"  summary: {q(f'{name} supplies {category} to schools across the North.')}",
            "  recommendations:",
        ]
        picked = rng.sample(schools, min(len(schools), rng.randint(1, 6)))
        for number, school in enumerate(picked):
            sla_start = _day(rng, date(2022, 1, 1), date(2026, 1, 1))
            sla_review = sla_start + timedelta(days=365 * rng.randint(1, 3))
            lines += [
                f"    - school: {school.id}",
                f"      date: {_day(rng, sla_start, date(2026, 6, 30)).isoformat()}",
                f"      rating: {rng.randint(1, 5)}",
                f"      note: {q(rng.choice(NOTES))}",
                "      sla:",
                f"        start: {sla_start.isoformat()}",
                f"        review: {sla_review.isoformat()}",
                '        contact: "Account manager"',
            ]
            if _private(index * 6 + number):
                lines.append("      public: false")
        if _private(index):
            lines.append("  public: false")
        out.append("\n".join(lines))
    return "\n".join(out) + "\n"


def _policy_body(rng: random.Random, title: str, owner: str | None) -> str:
    """A few paragraphs of policy text, with a record link when the owner is public."""
    who = f"[the owning network](network:{owner})" if owner else "the owning network"
    return (
        f"## Purpose\n\nThis {title.lower()} policy sets out what every member school "
        f"does and who is responsible. It was drafted by {who} and adopted by each "
        "governing board.\n\n"
        "## Responsibilities\n\nThe headteacher makes sure staff know the policy. "
        "The governing board checks that it is followed and reviews it on time.\n\n"
        f"## Review\n\nThe policy is reviewed every {rng.choice(REVIEW_GAPS)}, or sooner "
        "if the law or statutory guidance changes.\n"
    )


def _mkdocs_yml(schools: int) -> str:
    """The config: mirrors the sample site's plugins, nav and validation settings."""
    return f"""site_name: {q(f"Synthetic Network ({schools} schools)")}
site_url: https://example.org/synthetic/
docs_dir: content

theme:
  name: material
  font: false

plugins:
  - search
  - schoolnet:
      members: !ENV [SCHOOLNET_MEMBERS, false]
      pdf: !ENV [SCHOOLNET_PDF, false]
      templates: {q(str(TEMPLATES))}

markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true

nav:
  - Home: index.md
  - Schools: schools/index.md
  - Networks: networks/index.md
  - Events: events/index.md
  - Policies: policies/index.md
  - Suppliers: suppliers/index.md
  - Guide: guide.md

validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""


def write_project(out: Path, *, schools: int) -> None:
    """Write a complete synthetic project (records, bodies, config) into `out`.

    Sizes of the other kinds follow the number of schools in roughly the
    proportions a real network would have, so one number sets the scale.
    Existing files of the same names are overwritten; nothing else is removed.
    """
    if schools < 1:
        raise ValueError("schools must be at least 1")
    rng = random.Random(schools)
    nets, networks_yaml = make_networks(rng, max(10, schools // 25))
    school_list, schools_yaml = make_schools(rng, schools, nets)
    policies, policies_yaml = make_policies(rng, max(12, schools // 40), nets, school_list)
    events_yaml = make_events(rng, max(20, schools // 10), nets, school_list)
    suppliers_yaml = make_suppliers(rng, max(15, schools // 60), school_list)

    content = out / "content"
    (content / "policies").mkdir(parents=True, exist_ok=True)
    files = {
        "mkdocs.yml": _mkdocs_yml(schools),
        "schools.yaml": schools_yaml,
        "networks.yaml": networks_yaml,
        "policies.yaml": policies_yaml,
        "events.yaml": events_yaml,
        "suppliers.yaml": suppliers_yaml,
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    (content / "index.md").write_text(
        f"All the data on this site is synthetic: it was generated for {schools} made-up "
        "schools. No school, network, event or supplier named here is real.\n",
        encoding="utf-8",
    )
    first = school_list[0]
    (content / "guide.md").write_text(
        "# Guide\n\nThis page exists so the build has an ordinary page with a record link. "
        f"Start with [{first.name}](school:{first.id}).\n",
        encoding="utf-8",
    )
    for policy_id, title, owner in policies:
        (content / "policies" / f"{policy_id}.md").write_text(
            _policy_body(rng, title, owner), encoding="utf-8"
        )


def main(argv: list[str] | None = None) -> int:
    """Write a synthetic project from the command line (what `python -m generator
    synthetic` used to do before this module left the runtime package)."""
    parser = argparse.ArgumentParser(description="Write a synthetic project for benchmarks.")
    parser.add_argument("out", type=Path, help="folder to write the project into")
    parser.add_argument("--schools", type=int, default=5000)
    args = parser.parse_args(argv)
    write_project(args.out, schools=args.schools)
    print(f"Wrote a synthetic project with {args.schools} schools to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
