"""A serializer whose declared fields keep no state between calls.

DRF deep-copies every declared field for each serializer instance: nested serializers,
their fields and every choice list are rebuilt per request, a measurable part of each
public submission and case detail response (performance/README.md).
Where the fields keep nothing between calls, a shallow copy, which bind() then names
and attaches to the instance, is enough. Tests pin that instances stay independent
(tests/api/test_public_serializer.py, tests/api/test_stateless_serializers.py).
"""

import copy

from rest_framework import serializers


class StatelessSerializer(serializers.Serializer):
    def get_fields(self):
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}
