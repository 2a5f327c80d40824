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


class Conflict(DomainError):
    code = "conflict"
    message = _(
        "Someone else changed this case while you were editing it. Your input is kept below: "
        "please check the current state and save again."
    )
    status = 409


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    message = _("This status change is not allowed.")


class KeysLocked(DomainError):
    code = "keys_locked"
    message = _(
        "Your session holds no key that opens this case. Log in again or ask for a key grant."
    )
    status = 403


class NoOwnKey(DomainError):
    code = "no_organisation_key"
    message = _(
        "Your organisation has no active key yet: nothing can be sealed for it. "
        "Ask the association's administrators to set one up."
    )
    status = 503


class NotForOwnCases(DomainError):
    code = "not_for_own_cases"
    message = _("This is not possible for a member organisation's own case.")
    status = 404
