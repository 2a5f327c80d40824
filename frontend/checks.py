"""System checks for what the public pages must say about who runs the service."""

from django.conf import settings
from django.core.checks import Warning, register

# The parts of settings.OPERATOR without which the Impressum (§ 5 DDG) or the privacy
# notice (GDPR Art. 13) would be incomplete, with the variable that sets each.
REQUIRED_OPERATOR_SETTINGS = {
    "name": "MELDESTELLE_OPERATOR_NAME",
    "address": "MELDESTELLE_OPERATOR_ADDRESS",
    "email": "MELDESTELLE_OPERATOR_EMAIL",
    "dpo": "MELDESTELLE_DPO",
    "supervisory_authority": "MELDESTELLE_SUPERVISORY_AUTHORITY",
}


@register(deploy=True)
def operator_configured(app_configs, **kwargs):
    missing = [
        variable
        for key, variable in REQUIRED_OPERATOR_SETTINGS.items()
        if not settings.OPERATOR.get(key)
    ]
    if not missing:
        return []
    return [
        Warning(
            "The operator of the service is not fully configured: the footer, the "
            "Impressum and the privacy notice would name nobody.",
            hint="Set " + ", ".join(missing) + " (.env.example, operator section).",
            id="frontend.W001",
        )
    ]
