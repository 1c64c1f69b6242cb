"""Published tables described once: the columns of a download, its data dictionary and the
Frictionless table schema of a data release all come from the same `Table`.

A `Table` names its columns (with type, meaning and allowed values) and knows how to yield
its rows, as plain values in column order, for a queryset of what is published.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Frictionless Table Schema types (https://specs.frictionlessdata.io/table-schema/).
TYPES = {"string", "integer", "number", "boolean", "date"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES
    description: str
    allowed: tuple = ()  # the only values it takes, when it is a category
    required: bool = False  # never empty

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"{self.name}: unknown column type {self.type!r}")

    def dictionary_entry(self):
        """What the data dictionary says about this column."""
        return {
            "column": self.name,
            "type": self.type,
            "meaning": self.description,
            "allowed_values": list(self.allowed),
            "required": self.required,
        }

    def frictionless_field(self):
        entry = {"name": self.name, "type": self.type, "description": self.description}
        constraints = {}
        if self.allowed:
            constraints["enum"] = list(self.allowed)
        if self.required:
            constraints["required"] = True
        if constraints:
            entry["constraints"] = constraints
        return entry


@dataclass(frozen=True)
class Table:
    name: str  # a file name without extension, lower case with hyphens: "patient-complications"
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[object], Iterable[list]]  # queryset -> rows of values in column order
    queryset: Callable[[], object]  # the published rows this table is read from
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple = field(default=())  # Frictionless foreignKeys entries

    @property
    def header(self):
        return [column.name for column in self.columns]

    def dictionary(self):
        return [column.dictionary_entry() for column in self.columns]

    def all_rows(self):
        return self.rows(self.queryset())

    def records(self, queryset):
        """Rows as dictionaries, for JSON."""
        header = self.header
        for row in self.rows(queryset):
            yield dict(zip(header, row, strict=True))

    def frictionless_schema(self):
        schema = {"fields": [column.frictionless_field() for column in self.columns]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = list(self.foreign_keys)
        return schema
