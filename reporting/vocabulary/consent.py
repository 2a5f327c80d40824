"""The consent questions a reporter answers, and the version of their wording.

Change CONSENT_VERSION whenever the wording changes: every report stores the
version it was given under, so what a reporter agreed to can be shown later.
"""

from django.utils.translation import gettext_lazy as _

# v2: the consent to processing what the reporter writes (GDPR Art. 9(2)(a)) was added.
CONSENT_VERSION = "2026-11-v2"

CONSENT_PROCESSING = _(
    "I agree that what I write here is processed to advise me, to document "
    "discrimination and for statistics without names. This includes sensitive details, "
    "for example about my origin, religion or health. I can withdraw this at any time."
)

CONSENT_CONTACT = _(
    "You may contact me with the details above to answer my report. "
    "I can withdraw this at any time."
)
CONSENT_REFERRAL_NAMING = _(
    "If my report is passed on, my receipt page may show the name of the organisation."
)
CONSENT_REFERRAL = _(
    "You may pass my report on to a member organisation of the association that "
    "can advise or support me. Only what is needed is passed on, and I can "
    "withdraw this at any time on my receipt page."
)
