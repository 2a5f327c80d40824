"""django_otp's middleware, reading the session's second-factor device by compiled SQL.

Every back-office request loads the device its session was verified with; the ORM
compiled that lookup each time (performance/compiled.py).
"""

import functools

from django.apps import apps
from django_otp import middleware
from django_otp.models import Device

from performance.compiled import compiled_instances_by_key


@functools.cache
def _device_by_id(model: type[Device]):
    return compiled_instances_by_key(model)(lambda pk: model.objects.filter(pk=pk))


class OTPMiddleware(middleware.OTPMiddleware):
    def _device_from_persistent_id(self, persistent_id: str):
        """Device.from_persistent_id: "app_label.model_name/id", None if anything is off."""
        label, _slash, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        try:
            model, pk = apps.get_model(label), int(device_id)
        except (ValueError, LookupError):
            return None
        if not issubclass(model, Device):
            return None
        found = _device_by_id(model)(pk)
        return found[0] if found else None
