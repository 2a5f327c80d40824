"""Domain errors. The API turns them into its one error envelope."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "invalid"
    message = _("The request could not be processed.")
    status = 400

    def __init__(self, message=None, *, fields: dict[str, list[str]] | None = None):
        if message is not None:
            self.message = message
        self.fields = fields or {}
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    code = "validation_failed"
    message = _("Some fields need your attention.")


class ServiceUnavailable(DomainError):
    code = "unavailable"
    message = _("The service cannot accept reports right now. Please try again later.")
    status = 503
