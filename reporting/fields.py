"""A set of taxonomy codes stored as the bits of one integer column.

Why bits: statistics count mentions per code over a million rows in one
table scan on SQLite and PostgreSQL alike, and filters need no join. The bit
of a code is its position in the choices class (append-only).
"""

from collections.abc import Iterable

from django.db import models
from django.db.models import Lookup
from django.utils.functional import cached_property


class CodeSetField(models.BigIntegerField):
    def __init__(self, *args, choices_class: type[models.TextChoices] | None = None, **kwargs):
        self.choices_class = choices_class
        kwargs.setdefault("default", 0)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_class"] = self.choices_class
        return name, path, args, kwargs

    @cached_property
    def validators(self):
        """No integer range checks: model validation (ModelForms, the admin) sees the list
        of codes, and a mask of at most 63 codes always fits the column."""
        return []

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(self.choices_class.values)

    def bit(self, code: str) -> int:
        return 1 << self.codes.index(code)

    def to_mask(self, codes: Iterable[str]) -> int:
        mask = 0
        for code in codes:
            mask |= self.bit(code)
        return mask

    def to_codes(self, mask: int) -> list[str]:
        return [code for i, code in enumerate(self.codes) if mask & (1 << i)]

    def get_default(self):
        """A new instance holds codes, as a loaded one does (the stored default is 0)."""
        return self.to_codes(super().get_default())

    def from_db_value(self, value, expression, connection):
        return [] if value is None else self.to_codes(value)

    def to_python(self, value):
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, int):
            return self.to_codes(value)
        return list(value or [])

    def formfield(self, **kwargs):
        """Checkboxes of the codes (the admin edits districts and expertise with them)."""
        from django import forms

        return forms.TypedMultipleChoiceField(
            choices=self.choices_class.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name.capitalize()),
            help_text=self.help_text,
        )

    def value_to_string(self, obj):
        """dumpdata/loaddata: the stored integer, not the list's repr."""
        return str(self.get_prep_value(self.value_from_object(obj)))

    def get_prep_value(self, value):
        if isinstance(value, int):
            return value
        return self.to_mask(value or [])


class _BitmaskLookup(Lookup):
    prepare_rhs = False  # the right-hand side is a code (or codes), not a stored set

    def mask(self, value) -> int:
        raise NotImplementedError

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [self.mask(value)])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"({lhs} & {rhs}) <> 0", [*lhs_params, *rhs_params]


@CodeSetField.register_lookup
class HasCode(_BitmaskLookup):
    """`grounds__has="RACISM"`: the set contains the code."""

    lookup_name = "has"

    def mask(self, value) -> int:
        return self.lhs.output_field.bit(value)


@CodeSetField.register_lookup
class HasAnyCode(_BitmaskLookup):
    """`grounds__has_any=["RACISM", "LANGUAGE"]`: the set contains one of the codes."""

    lookup_name = "has_any"

    def mask(self, value) -> int:
        return self.lhs.output_field.to_mask(value)
