"""Issue forms that become pull requests (IssueOps).

`templates` writes `.github/ISSUE_TEMPLATE/*.yml` from the models; `parse`
reads an issue body as GitHub renders a submitted form; `apply` turns it
into an edit of a record file that keeps the file's layout (`scalars`
writes each value inert, `placement` says where a new record goes), checks
the project, and `plain_words` says what is wrong when the check fails;
`command` is the `python -m generator forms` and `issue-form` commands the
workflow runs.
"""
