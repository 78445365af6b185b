"""Turns YAML records about school networks into a static site (see README.md)."""
