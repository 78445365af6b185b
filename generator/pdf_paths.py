"""Where each PDF lives: one stable path per file, shared by the writer and the pages.

Paths are relative to the downloads folder (`downloads/` in the built site,
`--out` for the command line), so links on the site and the files on disk
can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

DOWNLOADS = "downloads"
"""The folder of the built site that holds the PDFs."""

HANDBOOK = "handbook.pdf"


def network_pack(network_id: str) -> str:
    """The pack of one network: the network, its schools, events and policies."""
    return f"networks/{network_id}.pdf"


def policy_pdf(policy_id: str) -> str:
    """The PDF of one policy's text."""
    return f"policies/{policy_id}.pdf"


def record_anchor(kind: str, record_id: str) -> str:
    """The id of a record's section inside a PDF, e.g. 'school-hawes-side'.

    Ids are slugs (no double hyphens), so `<anchor>--<heading>` names a
    heading inside the record without clashing with another record.
    """
    return f"{kind}-{record_id}"


def section_anchor(name: str) -> str:
    """The id of a top-level section of the handbook, e.g. 'section-schools'."""
    return f"section-{name}"


@dataclass(frozen=True)
class PdfLink:
    """A "Download as PDF" link on a web page: which file, and where in it."""

    path: str
    """Relative to the site root, e.g. 'downloads/handbook.pdf'."""
    fragment: str = ""
    """A named destination inside the PDF, e.g. 'school-hawes-side'."""
    label: str = ""
    """What the file is, e.g. 'the handbook', for the link's text."""


def pdf_for_record(kind: str, record_id: str) -> PdfLink:
    """The PDF that holds a record: a policy's own file, a network's pack, else the handbook."""
    if kind == "policy":
        return PdfLink(f"{DOWNLOADS}/{policy_pdf(record_id)}", "", "this policy")
    if kind == "network":
        return PdfLink(f"{DOWNLOADS}/{network_pack(record_id)}", "", "the network's pack")
    return PdfLink(f"{DOWNLOADS}/{HANDBOOK}", record_anchor(kind, record_id), "in the handbook")


def pdf_handbook() -> PdfLink:
    """The handbook from its cover, for the home page."""
    return PdfLink(f"{DOWNLOADS}/{HANDBOOK}", "", "the handbook")


def pdf_for_section(name: str) -> PdfLink:
    """The handbook, opened at one of its sections ('schools', 'introduction', ...)."""
    return PdfLink(f"{DOWNLOADS}/{HANDBOOK}", section_anchor(name), "the handbook")
