"""The submission serializer copies its declared fields shallowly: instances stay independent."""

from api.public.serializers import ReportSubmitInputSerializer
from tests.factories import api_payload


def test_instances_validate_independently_and_leave_the_declared_fields_unbound():
    good = ReportSubmitInputSerializer(data=api_payload())
    bad = ReportSubmitInputSerializer(data=api_payload(grounds=["NOT_A_GROUND"], district="x"))

    assert not bad.is_valid()
    assert good.is_valid(), good.errors
    assert set(bad.errors) == {"grounds", "district"}
    assert good.errors == {}
    assert good.fields["grounds"] is not bad.fields["grounds"]
    assert good.fields["grounds"].parent is good
    assert bad.fields["grounds"].parent is bad
    declared = ReportSubmitInputSerializer._declared_fields["grounds"]
    assert declared.parent is None
    assert declared.field_name is None
