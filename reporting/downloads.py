"""The HTTP response for a decrypted attachment, the same from the office and the API."""

from urllib.parse import quote

from django.http import HttpResponse

from reporting.services.attachments import OpenedAttachment


def attachment_response(opened: OpenedAttachment) -> HttpResponse:
    """Always a download, never rendered by the browser in our origin, never cached."""
    response = HttpResponse(opened.data, content_type=opened.content_type)
    response["Content-Disposition"] = _content_disposition(opened.name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def _content_disposition(name: str) -> str:
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
