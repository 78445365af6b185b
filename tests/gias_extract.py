"""The test register: a small extract of made-up establishments in the register's real layout.

`tests/fixtures/gias/edubasealldata20261130.csv` is this, written by
generator/gias/layout.py in Windows-1252 (test_gias checks it is up to date:
`python tests/gias_extract.py` rewrites it). It holds what an import and a
check must handle: renamed, closed and closing schools, names with é and ’,
missing or zero grid references, types and phases with no project match,
two schools of one name, and a school whose id is taken by a link.
"""

from __future__ import annotations

from pathlib import Path

from generator.gias.layout import write_extract

EXTRACT = Path(__file__).parent / "fixtures" / "gias" / "edubasealldata20261130.csv"

NORTHUMBERLAND = {
    "LA (code)": "929",
    "LA (name)": "Northumberland",
    "County (name)": "Northumberland",
}
GATESHEAD = {"LA (code)": "390", "LA (name)": "Gateshead", "County (name)": "Tyne and Wear"}
OPEN = {"EstablishmentStatus (code)": "1", "EstablishmentStatus (name)": "Open"}
CLOSED = {"EstablishmentStatus (code)": "2", "EstablishmentStatus (name)": "Closed"}
CLOSING = {
    "EstablishmentStatus (code)": "3",
    "EstablishmentStatus (name)": "Open, but proposed to close",
}
COMMUNITY = {
    "TypeOfEstablishment (name)": "Community school",
    "EstablishmentTypeGroup (name)": "Local authority maintained schools",
}
ACADEMY = {
    "TypeOfEstablishment (name)": "Academy converter",
    "EstablishmentTypeGroup (name)": "Academies",
}
PRIMARY = {"PhaseOfEducation (name)": "Primary", "StatutoryLowAge": "4", "StatutoryHighAge": "11"}
FIRST = {"PhaseOfEducation (name)": "Primary", "StatutoryLowAge": "4", "StatutoryHighAge": "9"}
SECONDARY = {
    "PhaseOfEducation (name)": "Secondary",
    "StatutoryLowAge": "11",
    "StatutoryHighAge": "18",
}


def row(urn: str, name: str, *parts: dict[str, str], **cells: str) -> dict[str, str]:
    """One establishment: its URN and name, shared parts, then its own cells."""
    made = {"URN": urn, "EstablishmentName": name}
    for part in parts:
        made.update(part)
    made.update({key.replace("_", " "): value for key, value in cells.items()})
    return made


ROWS = [
    row("100001", "Wansbeck Meadows First School", NORTHUMBERLAND, OPEN, COMMUNITY, FIRST,
        Street="Meadow Lane", Town="Morpeth", Postcode="NE61 1QU", NumberOfPupils="212",
        SchoolWebsite="www.wansbeck.example.org.uk", TelephoneNum="01632960101",
        Easting="420150", Northing="585960", OpenDate="01-09-1974"),
    row("100002", "Coquet High School", NORTHUMBERLAND, CLOSED, COMMUNITY, SECONDARY,
        Street="Hillside", Town="Amble", Postcode="NE65 0NJ", NumberOfPupils="",
        Easting="426500", Northing="604100", CloseDate="31-08-2025"),
    row("100003", "Alnmouth Village Primary School", NORTHUMBERLAND, CLOSING, COMMUNITY,
        PRIMARY, Street="Argyle Street", Town="Alnmouth", Postcode="NE66 2SD",
        NumberOfPupils="48", Easting="424700", Northing="610700", CloseDate="31-07-2027"),
    row("100004", "St Mary’s Catholic Primary School", NORTHUMBERLAND, OPEN, PRIMARY,
        {"TypeOfEstablishment (name)": "Voluntary aided school"}, Street="Front Street",
        Town="Hexham", Postcode="NE46 3AA", NumberOfPupils="301", Easting="393500",
        Northing="564100", **{"Trusts_(name)": ""}),
    row("100005", "École Française de Northumbria", NORTHUMBERLAND, OPEN,
        {"TypeOfEstablishment (name)": "Other independent school",
         "EstablishmentTypeGroup (name)": "Independent schools",
         "PhaseOfEducation (name)": "Not applicable", "StatutoryLowAge": "3",
         "StatutoryHighAge": "16"}, Town="Cramlington", Postcode="NE23 6YB"),
    row("100006", "Tyne Valley College", NORTHUMBERLAND, OPEN,
        {"TypeOfEstablishment (name)": "Further education",
         "EstablishmentTypeGroup (name)": "Colleges", "PhaseOfEducation (name)": "16 plus"},
        Town="Hexham", Postcode="NE46 4AB"),
    row("100007", "Hexham Priory School", NORTHUMBERLAND, OPEN,
        {"TypeOfEstablishment (name)": "Community special school",
         "EstablishmentTypeGroup (name)": "Special schools",
         "PhaseOfEducation (name)": "Not applicable", "StatutoryLowAge": "2",
         "StatutoryHighAge": "19"}, Street="Dene Avenue", Town="Hexham", Postcode="NE46 1DN",
        NumberOfPupils="96", Easting="", Northing=""),
    row("100008", "Ponteland Academy", NORTHUMBERLAND, OPEN, ACADEMY, SECONDARY,
        Street="Callerton Lane", Town="Ponteland", Postcode="NE20 9EY", NumberOfPupils="1420",
        Easting="0", Northing="0", **{"Trusts_(name)": "Northern Lights Learning Trust"}),
    row("100009", "Old Mill First School", NORTHUMBERLAND, CLOSED, COMMUNITY, FIRST,
        Town="Rothbury", Postcode="NE65 7QA", CloseDate="31-12-2019"),
    row("100010", "Morpeth Primary", NORTHUMBERLAND, OPEN, COMMUNITY, PRIMARY,
        Street="Goose Hill", Town="Morpeth", Postcode="NE61 1TR", NumberOfPupils="330",
        Easting="419900", Northing="586300"),
    row("100011", "Holy Trinity CofE First School", NORTHUMBERLAND, OPEN, FIRST,
        {"TypeOfEstablishment (name)": "Voluntary controlled school"}, Town="Berwick-upon-Tweed",
        Postcode="TD15 1LE", NumberOfPupils="150", Easting="399800", Northing="652900"),
    row("100012", "Holy Trinity CofE First School", NORTHUMBERLAND, OPEN, FIRST,
        {"TypeOfEstablishment (name)": "Voluntary controlled school"}, Town="Seghill",
        Postcode="NE23 7SB", NumberOfPupils="120", Easting="429000", Northing="574600"),
    *(
        row(f"2000{n:02d}", f"Gateshead School {n}", GATESHEAD, OPEN, ACADEMY, PRIMARY,
            Town="Gateshead", Postcode=f"NE8 {n}AA", NumberOfPupils=str(200 + n),
            Easting=str(425000 + n * 100), Northing=str(562000 + n * 100))
        for n in range(1, 19)
    ),
    row("200099", "Saltwell Café School", GATESHEAD, CLOSED, COMMUNITY, PRIMARY,
        Town="Gateshead", Postcode="NE9 5AA", CloseDate="20-07-2024"),
]  # fmt: skip


if __name__ == "__main__":
    write_extract(EXTRACT, ROWS)
    print(f"wrote {EXTRACT} ({len(ROWS)} establishments)")
