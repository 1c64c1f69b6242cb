"""Serializers made from table descriptions (curation/tables.py): the schema of each long
table and its data dictionary come from the same columns as its CSV."""

from rest_framework import serializers

FIELDS = {
    "string": serializers.CharField,
    "integer": serializers.IntegerField,
    "number": serializers.FloatField,
    "boolean": serializers.BooleanField,
    "date": serializers.DateField,
}


_made = {}


def row_serializer(table):
    """A read-only Serializer with one field per column: nullable unless required; made once
    per table, so the schema has one component for it."""
    if table.name not in _made:
        _made[table.name] = _row_serializer(table)
    return _made[table.name]


def _row_serializer(table):
    fields = {}
    for column in table.columns:
        options = {"read_only": True, "help_text": column.description}
        if not column.required:
            options["allow_null"] = True
        if column.allowed:
            fields[column.name] = serializers.ChoiceField(choices=column.allowed, **options)
        else:
            fields[column.name] = FIELDS[column.type](**options)
    name = "".join(part.title() for part in table.name.split("-")) + "Row"
    return type(name, (serializers.Serializer,), fields)


class DictionaryEntrySerializer(serializers.Serializer):
    column = serializers.CharField(help_text="The column's name, in the CSV and in JSON.")
    type = serializers.ChoiceField(
        choices=["string", "integer", "number", "boolean", "date"],
        help_text="Its type (Frictionless Table Schema types).",
    )
    meaning = serializers.CharField(help_text="What a value in it means.")
    allowed_values = serializers.ListField(
        child=serializers.CharField(), help_text="The only values it takes; empty: any."
    )
    required = serializers.BooleanField(help_text="True: never empty.")
