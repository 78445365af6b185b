"""The browser editor at /admin/: a school edited and an event added through its forms.

The sample is built with `cms: true` (and a `repo_url`, which the editor needs)
and opened in Chromium without GitHub: Sveltia CMS's local repository
workflow, which a person starts with "Work with Local Repository" and a folder
picker. Here the folder is a real directory handle of the browser's own
Origin Private File System, filled with the sample's record files, handed to
the editor in place of the picker's answer; the editor reads and writes it
through the File System Access API as it would a folder on disk. The files it
wrote are then checked by the validator, and loaded and compared with the
originals: only what was typed differs.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, build
from playwright.sync_api import Browser, Locator, Page, expect

from generator.dates import build_date
from generator.models import KINDS
from generator.project import Sources, load_project

from .conftest import serving
from .support import DESKTOP, Served, open_context, request_log
from .test_browser import screenshot

pytestmark = pytest.mark.slow

RECORD_FILES = [kind.filename for kind in KINDS.values()]
NETWORKS = yaml.safe_load((ROOT / "networks.yaml").read_text(encoding="utf-8"))
NESA = next(network["name"] for network in NETWORKS if network["id"] == "nesa")
ID = "Id (part of the page's address)"
REPO_URL = "https://github.com/example/schools-together"

FILL_FOLDER = """async (files) => {
  const root = await navigator.storage.getDirectory();
  for await (const name of root.keys()) await root.removeEntry(name, {recursive: true});
  const repo = await root.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});
  for (const [name, text] of Object.entries(files)) {
    const writable = await (await repo.getFileHandle(name, {create: true})).createWritable();
    await writable.write(text);
    await writable.close();
  }
}"""
"""The sample's record files into a folder 'repo' of the origin's private file system
(with the `.git` folder the editor looks for to know a repository's root)."""

PICK_FOLDER = """() => Object.defineProperty(window, 'showDirectoryPicker', {
  configurable: true,
  value: async () => (await navigator.storage.getDirectory()).getDirectoryHandle('repo'),
})"""
"""The folder picker answers with that folder, as if a person had chosen it."""

READ_FOLDER = """async (names) => {
  const repo = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
  const texts = {};
  for (const name of names) {
    texts[name] = await (await (await repo.getFileHandle(name)).getFile()).text();
  }
  return texts;
}"""


def cms_project(root: Path) -> Path:
    """A copy of the sample whose mkdocs.yml names a repository (unless it does already)
    and turns the editor on."""
    project = root / "project"
    project.mkdir()
    for name in [*RECORD_FILES, "mkdocs.yml"]:
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "content", project / "content")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if not re.search(r"^repo_url:", config, flags=re.M):
        config = re.sub(r"^(site_url: .*)$", rf"\1\nrepo_url: {REPO_URL}", config, flags=re.M)
    config = config.replace("  - schoolnet:\n", "  - schoolnet:\n      cms: true\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def cms_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Served]]:
    """The sample with the editor, built strictly and served under its base path."""
    project = cms_project(tmp_path_factory.mktemp("cms"))
    site = build(project)
    with serving(site, "/schools-together/") as served:
        yield project, served


def open_editor(page: Page, served: Served, project: Path) -> None:
    """Open /admin/ and start the local repository workflow on the project's record files."""
    page.goto(served.url("admin/"))
    files = {name: (project / name).read_text(encoding="utf-8") for name in RECORD_FILES}
    page.evaluate(FILL_FOLDER, files)
    page.evaluate(PICK_FOLDER)
    page.get_by_role("button", name="Work with Local Repository").click()
    expect(page.get_by_text("All schools (schools.yaml)")).to_be_visible(timeout=30_000)


def list_item(page: Page, summary: str) -> Locator:
    """The list item whose collapsed summary reads `summary`, expanded."""
    items = page.locator("div[role=group].item")
    expect(items.filter(has_text=summary)).to_have_count(1, timeout=30_000)
    index = next(i for i, text in enumerate(items.all_inner_texts()) if summary in text)
    item = items.nth(index)
    item.get_by_role("button", name="Expand").first.click()
    return item


def field(item: Locator, label: str, role: str = "textbox") -> Locator:
    """A control of a list item, by the label of its field.

    The editor draws a long form's fields as they scroll into view: scroll
    down the item until the field is there.
    """
    control = item.get_by_role(role, name=label, exact=True)  # type: ignore[arg-type]
    for _ in range(40):
        if control.count():
            break
        box = item.bounding_box()
        assert box is not None
        item.page.mouse.move(box["x"] + box["width"] / 2, min(box["y"] + box["height"] - 5, 600))
        item.page.mouse.wheel(0, 300)
        item.page.wait_for_timeout(200)
    return control.first


def add_item(page: Page, label: str, count: int) -> None:
    """Press "Add <label>" under a list of `count` items, once it has been drawn.

    The list is drawn again while it loads, which can swallow a press: press
    again only while the count has not grown.
    """
    heading = page.get_by_text(re.compile(rf"\b{count}\W+{label}\W*$"))
    grown = page.get_by_text(re.compile(rf"\b{count + 1}\W+{label}\W*$"))
    add = page.locator("button").filter(has_text=re.compile(rf"Add\W+{label}")).last
    for _ in range(10):
        expect(heading.or_(grown)).to_be_visible()
        if heading.count():
            page.wait_for_timeout(1_000)
            add.dispatch_event("click")  # Scrolling to it would draw the list again.
        page.wait_for_timeout(1_000)
        if grown.count():
            return
    expect(grown).to_be_visible()


def save(page: Page) -> None:
    """Press Save and wait until the editor has written the file and closed the form."""
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Entry saved")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"#/collections/[a-z]+$"))


def records(project: Path) -> dict[str, dict[str, object]]:
    """Every record of every kind (members' view: private ones too), by kind and id."""
    site = load_project(Sources(project, "content"), today=build_date(), members=True)
    return {kind.plural: dict(getattr(site, kind.plural)) for kind in KINDS.values()}


def test_a_school_edited_and_an_event_added_pass_check(
    browser: Browser, cms_served: tuple[Path, Served], tmp_path: Path
) -> None:
    project, served = cms_served
    context = open_context(browser, served, viewport=DESKTOP)
    try:
        page = context.new_page()
        open_editor(page, served, project)

        page.get_by_text("All schools (schools.yaml)").click()
        school = list_item(page, "Harelaw Burn Middle School (harelaw-burn-middle)")
        expect(field(school, "Name")).to_have_value("Harelaw Burn Middle School")
        screenshot(page, "cms-school-form", full_page=False)
        field(school, "Address").fill("Station Road, Rothbury, Morpeth")
        save(page)

        page.get_by_role("treeitem", name="Events").click()
        page.get_by_role("row", name="All events (events.yaml)").click()
        expect(page.get_by_text("NESA SBP Network, spring term meeting")).to_be_visible()
        add_item(page, "Events", len(yaml.safe_load((project / "events.yaml").read_text())))
        # The one item open: the new one, at the end.
        items = page.locator("div[role=group].item")
        event = items.filter(has=page.get_by_role("textbox", name=ID, exact=True))
        expect(event.get_by_role("textbox", name=ID, exact=True)).to_have_value("")
        field(event, ID).fill("nesa-sbp-autumn-2027")
        field(event, "Title").fill("NESA SBP Network, autumn term meeting")
        event.get_by_role("radio", name="network meeting").check()
        field(event, "Start").fill("2027-10-14T09:30")
        field(event, "End").fill("2027-10-14T12:00")
        field(event, "Venue").fill("Wansbeck Meadows First School, Meadow Lane, Morpeth")
        field(event, "Organiser", "combobox").click()
        page.get_by_role("option", name=NESA, exact=True).click()
        save(page)

        written = page.evaluate(READ_FOLDER, RECORD_FILES)
        foreign = request_log(context).foreign
    finally:
        context.close()
    assert foreign == []

    edited = tmp_path / "edited"
    shutil.copytree(project, edited, ignore=shutil.ignore_patterns("site"))
    for name, text in written.items():
        (edited / name).write_text(text, encoding="utf-8")
    shots = os.environ.get("SCHOOLNET_SCREENSHOTS")
    if shots:  # What the editor wrote, beside the screenshots, for a person to read.
        for name in ("schools.yaml", "events.yaml"):
            (Path(shots) / f"cms-{name}").write_text(written[name], encoding="utf-8")
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check"],
        cwd=edited,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    before, after = records(project), records(edited)
    school = before["schools"]["harelaw-burn-middle"]
    assert after["schools"]["harelaw-burn-middle"] == dataclasses.replace(
        school, address="Station Road, Rothbury, Morpeth"
    )
    new = after["events"].pop("nesa-sbp-autumn-2027")
    assert (new.title, new.kind, new.organiser, new.venue) == (
        "NESA SBP Network, autumn term meeting",
        "network meeting",
        "nesa",
        "Wansbeck Meadows First School, Meadow Lane, Morpeth",
    )
    assert (str(new.start), str(new.end)) == ("2027-10-14 09:30:00", "2027-10-14 12:00:00")
    after["schools"]["harelaw-burn-middle"] = school
    assert after == before
