import uuid

from django.db import models

from reporting.crypto import Context
from reporting.models.cases import Case, Message


class Attachment(models.Model):
    """A file from the reporter. Its sealed bytes are a SealedBlob row; the clear columns
    say only how big (bucket) and what family it is."""

    class Family(models.TextChoices):
        IMAGE = "IMAGE", "image"
        PDF = "PDF", "PDF"
        AUDIO = "AUDIO", "audio"

    class SizeBucket(models.TextChoices):
        SMALL = "S", "< 100 KB"
        MEDIUM = "M", "< 1 MB"
        LARGE = "L", "≥ 1 MB"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    family = models.CharField(max_length=8, choices=Family.choices)
    size_bucket = models.CharField(max_length=1, choices=SizeBucket.choices)
    meta = models.BinaryField(help_text="Sealed JSON: file name and exact content type.")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Attachment {self.pk}"

    def context(self, field: str) -> Context:
        return Context.of_row(self, self.pk, field)


class SealedBlob(models.Model):
    """The sealed bytes of one attachment, in the database so that every web node serves
    them (docs/decisions.md), and in a table of their own so that reading attachments'
    rows never reads their bytes. No timestamp: the attachment's case has the day."""

    attachment = models.OneToOneField(
        Attachment, primary_key=True, on_delete=models.CASCADE, related_name="sealed_blob"
    )
    data = models.BinaryField(help_text="Envelope of the file's bytes.")

    def __str__(self) -> str:
        return f"Sealed bytes of attachment {self.attachment_id}"

    def context(self) -> Context:
        # The attachment's "file": what the bytes were sealed to when they were files.
        return Context.of_row(Attachment, self.attachment_id, "file")
