"""Translations of what a reporter wrote, for caseworkers who do not read its language.

A translation is sealed to the association like an internal note: reporters never see
it (a caseworker may send it to them as a message). An interpreter works from a
TranslationRequest: the text sent to them is sealed to their personal key only, and
is wiped when they save the translation, so their access ends with their work.
"""

import uuid

from django.conf import settings
from django.db import models

from reporting.crypto import Context
from reporting.models.cases import Case, Message


class TranslationRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="translation_requests")
    # The reporter's message to translate; None: the report itself.
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.CASCADE)
    interpreter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translation_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, help_text="The language of the text.")
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    text = models.BinaryField(help_text="Sealed to the interpreter; empty once completed.")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["interpreter", "completed_at"])]

    def __str__(self) -> str:
        return f"Translation request {self.pk}"

    def context(self) -> Context:
        return Context.of_row(self, self.pk, "text")


class Translation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="translations")
    # What it translates: a message (the reporter's, or a caseworker's written in the
    # reporter's language), or with None the report itself.
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="translations"
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, help_text="The language it is written in.")
    created_at = models.DateTimeField()
    body = models.BinaryField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Translation {self.pk}"

    def context(self, field: str = "body") -> Context:
        return Context.of_row(self, self.pk, field)
