"""Exports: files made from the validated `Site` model besides the web pages.

Each exporter is a plain function over the model that imports nothing from
MkDocs, so it can be run by the plugin, by the command line and by tests
alike. Importing this package is cheap: the PDF writer (and WeasyPrint) is
only imported by whoever makes PDFs.
"""
