"""The published tables read from reported patients (see curation/tables.py)."""

TABLES = []
