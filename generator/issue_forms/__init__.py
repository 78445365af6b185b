"""Issue forms that become pull requests (IssueOps).

`templates` writes `.github/ISSUE_TEMPLATE/*.yml` from the models; `parse`
reads an issue body as GitHub renders a submitted form; `apply` turns it
into an edit of a record file that keeps the file's layout, checks the
project, and says in plain words what is wrong when the check fails;
`command` is the `python -m generator issue-form` command the workflow runs.
"""
