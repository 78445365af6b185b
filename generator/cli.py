"""Command line: `python -m generator <command>`.

- `check`: every check the build does (records, cross-references, bodies,
  record links), for the public and the members' audience; problems print
  as `file:line:column: record: problem; fix`, or as GitHub annotations
  when run in GitHub Actions.
- `schema`: write or verify the JSON Schemas that editors use.
- `diff`: a Markdown summary of how the records and the Markdown pages
  changed between two git revisions, for pull-request reviewers.
- `forms`: write or verify the issue forms; `issue-form`: turn a submitted
  one into a change and a pull request (generator/issue_forms/).
- `keep-layout`: record files rewritten by another tool (the browser
  editor) put back in their own layout, the change kept (`keep_layout`).
- `gias`: import schools from, or check them against, the GIAS register
  (generator/gias/).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from .annotations import github_annotation, running_on_github
from .changes import Private, summarise
from .content_changes import RefusedMarkup, summarise_files
from .dates import build_date
from .editor_schema import IDS_FILE, ids_behind, stale_schemas, write_schemas
from .generated_files import refresh_or_check
from .gias.cli import add_commands as add_gias_commands
from .gias.cli import run as run_gias
from .issue_forms.command import add_commands as add_issue_form_commands
from .issue_forms.command import run as run_issue_form
from .models import KINDS
from .positions import Problem, ProblemsFound
from .project import Sources, load_project, load_sources, markup_problems, site_for
from .revisions import RevisionError, content_changes, records_at


def check(
    root: Path,
    content_dir: str,
    github: bool = False,
    *,
    members_dir: str | None = None,
    refuse_private: bool = False,
) -> int:
    """Validate the project for both audiences; print problems; return an exit code.

    `members_dir`: the members' folder (mkdocs.yml's `members_folder`); when it is
    not there, as in the public repository's own checks, the members' audience is
    checked without it, and a note says so. `refuse_private`: `private_in_public:
    refuse`.
    """
    sources = Sources(root.resolve(), content_dir, members_dir)
    if members_dir is not None and not (sources.root / members_dir).is_dir():
        print(
            f"note: no members' folder at {members_dir} (members_folder in mkdocs.yml); "
            "checked the public files without it",
            file=sys.stderr,
        )
        sources = replace(sources, members_dir=None)
    if not any(path.is_file() for path in sources.watched()[: len(KINDS)]):
        names = ", ".join(path.name for path in sources.watched())
        print(
            f"{sources.root}: no record files here ({names}); "
            "run the check in the project folder or pass --project",
            file=sys.stderr,
        )
        return 2
    loaded = load_sources(sources, refuse_private=refuse_private)
    problems: list[Problem] = []
    sites = []
    for members in (True, False):
        try:
            sites.append(site_for(loaded, sources, today=build_date(), members=members))
        except ProblemsFound as audience_problems:
            problems += audience_problems.problems
    if problems:
        report = ProblemsFound(problems)
        if github:
            for problem in report.problems:
                print(github_annotation(problem))
        print(report.report(), file=sys.stderr)
        return 1
    site = sites[-1]
    counts = ", ".join(
        f"{len(site.records_of(name))} {kind.plural if len(site.records_of(name)) != 1 else name}"
        for name, kind in KINDS.items()
    )
    added = sum(len(sites[0].records_of(name)) - len(site.records_of(name)) for name in KINDS)
    extra = f"; the members' site adds {added} from {members_dir}" if sources.members_dir else ""
    print(f"All records are valid (public site: {counts}{extra}).")
    return 0


def schema(root: Path, write: bool) -> int:
    """Write the editor schemas, or fail when the committed ones are stale."""
    status = refresh_or_check(
        root,
        write,
        write_all=write_schemas,
        find_stale=stale_schemas,
        made_from="generator/models.py",
        command="schema",
    )
    if write:
        return status
    # The ids follow the data and may lag (see editor_schema): said, never a failure.
    for name, (missing, gone) in ids_behind(root).items():
        print(
            f"note: {IDS_FILE} offers {name} ids as of its last --write: "
            f"{missing} new not yet offered, {gone} no longer there; "
            "'python -m generator schema --write' refreshes them (optional)",
            file=sys.stderr,
        )
    return status


def refused_in_summary(path: str, text: str) -> list[str]:
    """The change summary's list of what the sanitiser refuses in a changed Markdown file."""
    src = path.split("/", 1)[1] if "/" in path else path
    return [f"line {p.pos.line}: {p.message}" for p in markup_problems(text, path, src)]


def diff(
    root: Path, base: str, head: str | None, refused: RefusedMarkup = refused_in_summary
) -> int:
    """Print a Markdown summary of the changes from `base` to `head`: records, then pages.

    `root` may be another repository than the one this code comes from: CI
    runs the base branch's code on the pull request's repository, so that a
    pull request cannot change what its own summary says. `refused`: the
    markup check whose refusals are called out per Markdown file.
    """
    try:
        old, old_problems = records_at(root, base)
        new, new_problems = records_at(root, head)
        files = content_changes(root, base, head)
    except RevisionError as err:
        print(f"diff: {err}", file=sys.stderr)
        return 2
    print(summarise(old, new, today=build_date()))
    print(summarise_files(files, Private.of(old, new), refused), end="")
    if new_problems:
        print(
            f"\n{len(new_problems)} problem(s) in the new data; see the check's messages.",
        )
    del old_problems  # Problems in the old data are not this change's to fix.
    return 0


def pdfs(root: Path, out: Path, members: bool) -> int:
    """Write the PDFs without building the site: to print them, or to check their layout.

    Reads the project's mkdocs.yml for the names and links the PDFs show, and
    writes the same files a build puts in `site/downloads/`.
    """
    from .exports.pdf import missing_glyphs_note, write_pdfs
    from .exports.settings import settings_for_project
    from .template_errors import TemplateProblem

    try:
        settings, sources, members_option = settings_for_project(root)
        refuse = project_options(root)[1]
    except FileNotFoundError as missing:
        print(missing, file=sys.stderr)
        return 2
    if not any(path.is_file() for path in sources.watched()):
        print(f"{sources.root}: no record files here; pass --project", file=sys.stderr)
        return 2
    try:
        site = load_project(
            sources, today=build_date(), members=members or members_option, refuse_private=refuse
        )
    except ProblemsFound as found:
        print(found.report(), file=sys.stderr)
        return 1
    try:
        written = write_pdfs(site, settings, out)
    except TemplateProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    for warning in written.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if written.missing_glyphs:
        print(f"note: {missing_glyphs_note(written.missing_glyphs)}", file=sys.stderr)
    print(
        f"Wrote {len(written.files)} PDFs ({sum(written.pages.values())} pages) to {out}: "
        f"the handbook, {len(site.networks)} network packs and {len(site.policies)} policies"
        + (" (members' edition)" if site.members else "")
    )
    return 0


def project_options(root: Path) -> tuple[str | None, bool]:
    """The members' folder and whether `public: false` is refused in the public files, as
    the project's mkdocs.yml sets them for the plugin (`members_folder`, `private_in_public`)."""
    from .exports.settings import plugin_options, read_mkdocs_yml

    options = plugin_options(read_mkdocs_yml(root))
    folder = options.get("members_folder")
    return (folder if isinstance(folder, str) and folder else None), options.get(
        "private_in_public"
    ) == "refuse"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator")
    parser.add_argument("--project", type=Path, default=Path("."), help="project folder")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="validate the YAML records and Markdown")
    check_cmd.add_argument("--content", default="content", help="Markdown folder in the project")
    check_cmd.add_argument(
        "--format",
        choices=["auto", "text", "github"],
        default="auto",
        help="github: also print ::error annotations (auto: when GITHUB_ACTIONS=true)",
    )
    check_cmd.add_argument(
        "--members-folder",
        help="the members' folder (default: members_folder in mkdocs.yml; '' for none)",
    )
    check_cmd.add_argument(
        "--private-in-public",
        choices=["allow", "refuse"],
        help="refuse 'public: false' in the public files (default: mkdocs.yml's setting)",
    )
    check_cmd.add_argument("--project", type=Path, default=argparse.SUPPRESS)
    schema_cmd = commands.add_parser("schema", help="write or verify the editor JSON Schemas")
    schema_cmd.add_argument("--write", action="store_true", help="rewrite schemas/*.json")
    schema_cmd.add_argument("--project", type=Path, default=argparse.SUPPRESS)
    diff_cmd = commands.add_parser(
        "diff", help="summarise record and page changes between revisions"
    )
    diff_cmd.add_argument("base", help="the revision before, e.g. origin/main")
    diff_cmd.add_argument("head", nargs="?", help="the revision after (default: working tree)")
    diff_cmd.add_argument(
        "--project",
        type=Path,
        default=argparse.SUPPRESS,
        help="the project in the git repository to compare, e.g. a pull request's checkout",
    )
    pdf_cmd = commands.add_parser("pdf", help="write the PDFs (handbook, network packs, policies)")
    pdf_cmd.add_argument("--out", type=Path, required=True, help="folder to write the PDFs into")
    pdf_cmd.add_argument("--members", action="store_true", help="the members' PDFs")
    pdf_cmd.add_argument("--project", type=Path, default=argparse.SUPPRESS)
    keep_cmd = commands.add_parser(
        "keep-layout",
        help="restore the layout of record files another tool rewrote, keeping the change",
    )
    keep_cmd.add_argument(
        "--base", required=True, help="the revision whose layout to keep, e.g. origin/main"
    )
    keep_cmd.add_argument(
        "--push",
        metavar="BRANCH",
        help="also commit the restored files and push them to this cms/... branch (CI)",
    )
    keep_cmd.add_argument("--project", type=Path, default=argparse.SUPPRESS)
    add_gias_commands(commands)
    add_issue_form_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the chosen command."""
    args = _parser().parse_args(argv)
    root: Path = args.project
    if args.command == "check":
        github = args.format == "github" or (args.format == "auto" and running_on_github())
        folder, refuse = project_options(root)
        if args.members_folder is not None:
            folder = args.members_folder or None
        if args.private_in_public is not None:
            refuse = args.private_in_public == "refuse"
        return check(root, args.content, github, members_dir=folder, refuse_private=refuse)
    if args.command == "schema":
        return schema(root.resolve(), args.write)
    if args.command == "diff":
        return diff(root.resolve(), args.base, args.head)
    if args.command == "pdf":
        return pdfs(root, args.out, args.members)
    if args.command == "keep-layout":
        from .keep_layout import run as keep_layout

        return keep_layout(root.resolve(), args.base, args.push)
    if args.command in ("forms", "issue-form"):
        return run_issue_form(args)
    return run_gias(args)
