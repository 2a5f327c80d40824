"""The HTTP response for a decrypted attachment, the same from the office and the API."""

from urllib.parse import quote

from django.http import Http404, HttpResponse

from reporting.crypto import DecryptionError, PrivateKey
from reporting.models import SealedBlob
from reporting.selectors.attachments import visible_attachment
from reporting.services.attachments import OpenedAttachment, attachment_open
from reporting.vocabulary.errors import KeysLocked


def open_visible_attachment(user, attachment_id, keys: list[PrivateKey]) -> OpenedAttachment:
    """Decrypted and audited; Http404 for a file the user may not see or whose sealed
    bytes are gone, KeysLocked when the session holds no key that opens it (the office
    and the API answer both the same way)."""
    attachment = visible_attachment(user, attachment_id)
    if attachment is None:
        raise Http404
    try:
        return attachment_open(attachment=attachment, keys=keys, actor=user)
    except SealedBlob.DoesNotExist:
        raise Http404 from None
    except DecryptionError:
        raise KeysLocked from None


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
