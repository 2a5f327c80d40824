"""Translations: caseworkers translate or send a text to an interpreter; interpreters see
only what was sent to them, until they save their translation; staff record the
languages they read."""

from functools import wraps

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from frontend.form_errors import form_add_domain_error
from frontend.office.decorators import caseworker_required, staff_verified
from frontend.office.forms import LanguagesReadForm, TranslationForm, TranslationRequestForm
from reporting.models import Case
from reporting.permissions import can_translate
from reporting.selectors.cases import visible_case
from reporting.selectors.translations import (
    open_requests_for,
    reporter_message_of_case,
    reporter_message_texts,
)
from reporting.services.staff_accounts import staff_languages_set
from reporting.services.translations import (
    translation_add,
    translation_request,
    translation_request_open,
)
from reporting.vocabulary.errors import DomainError
from web.staff_session import session_keys, session_own_key

SENT = _("The text was sent to %(name)s. Only they can read it, until they save the translation.")
ADDED = _("The translation was saved beside the original.")
DONE = _("Thank you. The translation was saved; the text is no longer available to you.")
LANGUAGES_SAVED = _("Your languages were saved.")


def interpreter_required(view):
    @staff_verified
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_translate(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _visible_case_or_404(request, pk) -> Case:
    case = visible_case(request.user, pk)
    if case is None:
        raise Http404
    return case


def _message_or_404(case: Case, message_id):
    """None for the report itself; a message of another case is a 404."""
    if not message_id:
        return None
    message = reporter_message_of_case(case, message_id)
    if message is None:
        raise Http404
    return message


def _form_again(request, case: Case, form, status=400):
    """What was typed, with its errors, on a page of its own (nothing typed is lost)."""
    return render(
        request, "office/translation_form.html", {"case": case, "form": form}, status=status
    )


@require_POST
@caseworker_required
def case_translation_add(request, pk):
    case = _visible_case_or_404(request, pk)
    form = TranslationForm(request.POST, texts=reporter_message_texts(case))
    if not form.is_valid():
        return _form_again(request, case, form)
    message = _message_or_404(case, form.cleaned_data["message"])
    try:
        translation_add(
            case=case,
            message=message,
            body=form.cleaned_data["body"],
            language=form.cleaned_data["language"],
            actor=request.user,
        )
    except DomainError as error:
        form_add_domain_error(form, error, general=error.message)
        return _form_again(request, case, form, status=error.status)
    messages.success(request, ADDED)
    return redirect("office:case", pk=case.pk)


def _interpreter_page(request, case: Case, form, status=200):
    return render(
        request, "office/case_interpreter.html", {"case": case, "form": form}, status=status
    )


@require_http_methods(["GET", "POST"])
@caseworker_required
def case_translation_request(request, pk):
    """A page of its own, linked from the case page's translations panel: sending a text
    out is rare, and the case page would otherwise read the interpreters on every view."""
    case = _visible_case_or_404(request, pk)
    if request.method != "POST":
        return _interpreter_page(
            request, case, TranslationRequestForm(texts=reporter_message_texts(case), case=case)
        )
    form = TranslationRequestForm(request.POST, texts=reporter_message_texts(case), case=case)
    if not form.is_valid():
        return _interpreter_page(request, case, form, status=400)
    message = _message_or_404(case, form.cleaned_data["message"])
    interpreter = form.cleaned_data["interpreter"]
    try:
        translation_request(
            case=case,
            message=message,
            interpreter=interpreter,
            actor=request.user,
            keys=session_keys(request),
        )
    except DomainError as error:
        form_add_domain_error(form, error, general=error.message)
        return _interpreter_page(request, case, form, status=error.status)
    messages.success(request, SENT % {"name": interpreter.username})
    return redirect("office:case", pk=case.pk)


@interpreter_required
def interpreter_requests(request):
    requests = open_requests_for(request.user).order_by("created_at")
    return render(request, "office/interpreter_requests.html", {"requests": requests})


@interpreter_required
def interpreter_request(request, pk):
    with transaction.atomic():
        job = get_object_or_404(open_requests_for(request.user).select_for_update(), pk=pk)
        form = TranslationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                translation_add(
                    case=job.case,
                    message=job.message,
                    body=form.cleaned_data["body"],
                    language=form.cleaned_data["language"],
                    actor=request.user,
                    request=job,
                )
            except DomainError as error:
                form_add_domain_error(form, error, general=error.message)
            else:
                messages.success(request, DONE)
                return redirect("office:interpreter_requests")
        try:
            text = translation_request_open(
                request=job, own_key=session_own_key(request), actor=request.user
            )
        except DomainError as error:
            return render(request, "office/locked.html", {"message": error.message}, status=403)
    context = {"job": job, "text": text, "form": form}
    return render(
        request, "office/interpreter_request.html", context, status=_status(request, form)
    )


def _status(request, form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@staff_verified
def languages_read(request):
    profile = request.user.staff
    form = LanguagesReadForm(
        request.POST or None, initial={"reads_languages": profile.reads_languages}
    )
    if request.method == "POST" and form.is_valid():
        staff_languages_set(user=request.user, languages=form.cleaned_data["reads_languages"])
        messages.success(request, LANGUAGES_SAVED)
        return redirect("office:languages")
    return render(request, "office/languages.html", {"form": form})
