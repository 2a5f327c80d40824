"""Public pages: landing, legal pages, report form, receipt, receipt login and status."""

import datetime
import logging
import secrets

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from frontend.form_errors import form_add_domain_error
from frontend.public import receipt_token
from frontend.public.forms import (
    ERROR_CONFIRM_MISMATCH,
    ERROR_HONEYPOT,
    HelpDistrictForm,
    MessageForm,
    ReceiptConfirmForm,
    ReceiptLoginForm,
    ReportForm,
    WithdrawConsentForm,
    WithdrawContactForm,
)
from frontend.public.origin import same_origin_post
from frontend.public.reporter_session import (
    end_reporter_session,
    keep_reporter_session_alive,
    reporter_access,
    start_reporter_session,
)
from frontend.seo import indexable
from reporting.crypto import digits_only, format_receipt_code
from reporting.selectors.counselling import counselling_services_for
from reporting.selectors.receipts import reporter_access_for_code, reporter_case_view
from reporting.services.attachments import ERROR_TOO_MUCH_IN_TOTAL, attachments_prepare
from reporting.services.messages import reporter_message_send
from reporting.services.referrals import referral_consent_withdraw
from reporting.services.reports import report_contact_withdraw, report_submit
from reporting.vocabulary import limits
from reporting.vocabulary.agg import agg_deadline_applies
from reporting.vocabulary.errors import DomainError
from reporting.vocabulary.helplines import EMERGENCY, HELPLINES
from reporting.vocabulary.months import month_in_words
from reporting.vocabulary.taxonomy import Area, Form, Ground, IncidentType
from web import ratelimit

logger = logging.getLogger(__name__)

ERROR_TOO_MANY_REPORTS = _(
    "Too many reports were sent from your connection. Please wait an hour and try again. "
    "Nothing you typed is lost."
)
ERROR_UNAVAILABLE = _(
    "Your report could not be saved just now. Nothing you typed is lost: please try "
    "again in a few minutes."
)
ERROR_CONFIRM_EXPIRED = _(
    "This page has expired. Your report is saved; if you have your code, you can use it."
)
ERROR_RECEIPT_WRONG = _("We could not open a report with this code. Please check it and try again.")
ERROR_TOO_MANY_MESSAGES = _("Too many messages in a short time. Please wait and try again.")
ERROR_RECEIPT_THROTTLED = _(
    "Too many wrong codes were entered from your connection. Please wait 15 minutes."
)


def _no_store(request):
    request.no_store = True


def _check_upload_size(request, form) -> None:
    """Uploads are parsed in memory only; an oversized body would lose its files silently."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.MAX_REQUEST_BYTES:
        form.add_error("attachments", ERROR_TOO_MUCH_IN_TOTAL)


@indexable
@require_safe
def landing(request):
    return render(request, "frontend/landing.html")


# The privacy notice is legal text; these languages give its summary and the rights.
SUMMARY_ONLY_LANGUAGES = {"de-ls"}


@indexable
@require_safe
def privacy(request):
    context = {
        "retention_days": settings.RETENTION_CLOSED_CASE_DAYS,
        "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        # Leichte Sprache gives the summary and links to the full notice in German.
        "summary_only": get_language() in SUMMARY_ONLY_LANGUAGES,
    }
    return render(request, "frontend/privacy.html", context)


@indexable
@require_safe
def impressum(request):
    return render(request, "frontend/impressum.html")


@indexable
@require_safe
def help_now(request):
    """Emergency numbers, nationwide helplines and counselling services by district."""
    form = HelpDistrictForm(request.GET or None)
    district = form.cleaned_data["district"] if form.is_valid() else ""
    context = {
        "form": form,
        "emergency": EMERGENCY,
        "helplines": HELPLINES,
        "services": counselling_services_for(district),
    }
    return render(request, "frontend/help.html", context)


# The name of the language chooser's buttons on the report form.
SWITCH_LANGUAGE = "switch_language"

# The empty form is the same for every visitor of a language on a given day (public
# pages carry no CSRF token), so each process renders it once. Per process, so a deploy
# (which restarts processes) never serves old markup.
_EMPTY_FORM_PAGES: dict[tuple[str, object], bytes] = {}


def _empty_form_page(request, language: str):
    key = (language, timezone.localdate())
    content = _EMPTY_FORM_PAGES.get(key)
    if content is None:
        response = render(
            request, "frontend/report_form.html", {"form": ReportForm(language=language)}
        )
        if len(_EMPTY_FORM_PAGES) > 64:
            _EMPTY_FORM_PAGES.clear()
        _EMPTY_FORM_PAGES[key] = content = response.content
    return HttpResponse(content)


@same_origin_post
@require_http_methods(["GET", "HEAD", "POST"])
def report_form(request):
    language = get_language()
    if request.method != "POST":
        return _empty_form_page(request, language)

    _no_store(request)
    form = ReportForm(request.POST, request.FILES, language=language)
    if SWITCH_LANGUAGE in request.POST:
        # The language chooser is a button of the form: the same input, in this language.
        form.show_as_typed()
        return render(request, "frontend/report_form.html", {"form": form})
    _check_upload_size(request, form)
    if form.honeypot_filled:
        form.add_error(None, ERROR_HONEYPOT)
        return render(request, "frontend/report_form.html", {"form": form}, status=400)
    if not form.is_valid():
        return render(request, "frontend/report_form.html", {"form": form}, status=400)
    if not ratelimit.hit("report_submit", request.client_hash):
        form.add_error(None, ERROR_TOO_MANY_REPORTS)
        return render(request, "frontend/report_form.html", {"form": form}, status=429)
    try:
        submitted = report_submit(
            submission=form.to_submission(),
            attachments=attachments_prepare(form.cleaned_data["attachments"]),
        )
    except DomainError as error:
        form_add_domain_error(form, error, general=ERROR_UNAVAILABLE)
        return render(request, "frontend/report_form.html", {"form": form}, status=error.status)
    except DatabaseError:
        logger.exception("Report could not be stored")
        form.add_error(None, ERROR_UNAVAILABLE)
        return render(request, "frontend/report_form.html", {"form": form}, status=503)
    receipt = receipt_token.Receipt(
        code=submitted.receipt_code,
        district=submitted.report.district,
        agg_deadline=agg_deadline_applies(submitted.report.areas),
    )
    return _render_receipt(request, receipt, ReceiptConfirmForm())


def _render_receipt(
    request, receipt: receipt_token.Receipt, confirm_form: ReceiptConfirmForm, status: int = 200
):
    _no_store(request)
    confirm_form.initial["token"] = receipt_token.seal_receipt(receipt)
    context = {
        "code_groups": format_receipt_code(receipt.code).split(" "),
        "confirm_form": confirm_form,
        # Help for the district the reporter chose, next to the code they must keep.
        "services": counselling_services_for(receipt.district),
        "emergency": EMERGENCY,
        "agg_deadline": receipt.agg_deadline,
    }
    return render(request, "frontend/receipt.html", context, status=status)


@same_origin_post
@require_POST
def receipt_confirm(request):
    form = ReceiptConfirmForm(request.POST)
    receipt = receipt_token.open_receipt(request.POST.get("token", ""))
    if receipt is None:
        _no_store(request)
        return render(
            request, "frontend/receipt_saved.html", {"expired": ERROR_CONFIRM_EXPIRED}, status=400
        )
    if form.is_valid():
        typed = digits_only(form.cleaned_data["last_four"])
        if secrets.compare_digest(typed.encode(), receipt.code[-4:].encode()):
            _no_store(request)
            return render(request, "frontend/receipt_saved.html")
        form.add_error("last_four", ERROR_CONFIRM_MISMATCH)
    return _render_receipt(request, receipt, form, status=400)


@same_origin_post
@require_http_methods(["GET", "HEAD", "POST"])
def receipt_login(request):
    _no_store(request)
    if request.method != "POST":
        return render(request, "frontend/receipt_login.html", {"form": ReceiptLoginForm()})
    form = ReceiptLoginForm(request.POST)
    if not form.is_valid():
        return render(request, "frontend/receipt_login.html", {"form": form}, status=400)
    if ratelimit.limit_reached("receipt_login_failure", request.client_hash):
        form.add_error(None, ERROR_RECEIPT_THROTTLED)
        return render(request, "frontend/receipt_login.html", {"form": form}, status=429)
    access = reporter_access_for_code(form.cleaned_data["code"])
    if access is None:
        ratelimit.record_hit("receipt_login_failure", request.client_hash)
        form.add_error("code", ERROR_RECEIPT_WRONG)
        return render(request, "frontend/receipt_login.html", {"form": form}, status=400)
    response = redirect("frontend:receipt_status")
    start_reporter_session(request, response, access)
    return response


@same_origin_post
@require_http_methods(["GET", "HEAD", "POST"])
def receipt_status(request):
    _no_store(request)
    access = reporter_access(request)
    if access is None:
        if request.method == "POST" and request.POST.get("body", "").strip():
            # The session ended while they were writing: show the text again (it is
            # not kept anywhere) instead of dropping it with a redirect.
            context = {
                "form": ReceiptLoginForm(),
                "unsent": request.POST["body"][: limits.MESSAGE_MAX],
            }
            return render(request, "frontend/receipt_login.html", context)
        return redirect("frontend:receipt_login")
    keep_reporter_session_alive(request)
    form = MessageForm()
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        _check_upload_size(request, form)
        if form.is_valid() and not ratelimit.hit("public_message", request.client_hash):
            form.add_error(None, ERROR_TOO_MANY_MESSAGES)
        elif form.is_valid():
            try:
                reporter_message_send(
                    access=access,
                    body=form.cleaned_data["body"],
                    attachments=attachments_prepare(form.cleaned_data["attachments"]),
                )
            except DomainError as error:
                form_add_domain_error(form, error, general=error.message)
            else:
                return redirect("frontend:receipt_status")
        status = 400
    return _render_status(request, access, form=form, status=status)


def _date_or_none(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _render_status(
    request, access, *, form=None, withdraw_form=None, withdraw_contact_form=None, status=200
):
    view = reporter_case_view(access)
    if view is None:
        response = redirect("frontend:receipt_login")
        end_reporter_session(request, response)
        return response
    context = {
        "view": view,
        "form": form or MessageForm(),
        "grounds": [Ground(c).label for c in view.report.grounds],
        "areas": [Area(c).label for c in view.report.areas],
        "forms": [Form(c).label for c in view.report.forms],
        "incident_types": [IncidentType(c).label for c in view.report.incident_types],
        "withdraw_form": withdraw_form or WithdrawConsentForm(),
        "withdraw_contact_form": withdraw_contact_form or WithdrawContactForm(),
        "agg_deadline": agg_deadline_applies(view.report.areas),
        "incident_month": month_in_words(view.report.incident_month),
        "incident_date": _date_or_none(view.content.get("incident_date")),
    }
    return render(request, "frontend/receipt_status.html", context, status=status)


def _withdraw(request, form_class, withdraw, form_name: str):
    """A withdrawal the reporter confirms with a tick on the status page."""
    _no_store(request)
    access = reporter_access(request)
    if access is None:
        return redirect("frontend:receipt_login")
    form = form_class(request.POST)
    if form.is_valid():
        withdraw(access=access)
        return redirect("frontend:receipt_status")
    # Sent without the box ticked: say so next to the box rather than reload silently.
    return _render_status(request, access, status=400, **{form_name: form})


@same_origin_post
@require_POST
def receipt_withdraw_consent(request):
    return _withdraw(request, WithdrawConsentForm, referral_consent_withdraw, "withdraw_form")


@same_origin_post
@require_POST
def receipt_withdraw_contact(request):
    """GDPR Art. 7(3): withdrawing consent to contact deletes the contact details."""
    return _withdraw(request, WithdrawContactForm, report_contact_withdraw, "withdraw_contact_form")


@same_origin_post
@require_POST
def receipt_logout(request):
    response = redirect("frontend:landing")
    end_reporter_session(request, response)
    return response
