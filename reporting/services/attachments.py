"""Reporter attachments: check, strip metadata, seal, store; open for staff.

Images are decoded and re-encoded from their pixels only, so EXIF (GPS, camera,
time), comments and any trailing data are gone before anything is sealed. An
image's size is checked from its header before any pixel is decoded: a few KB
of PNG can declare 80 megapixels and cost a worker a gigabyte and many seconds.
PDFs are rewritten from their pages without authors, metadata, files or scripts
(reporting/pdf_clean.py). Voice recordings, which staff take in at intake, keep their
sound and lose their tags (reporting/audio_clean.py). The sealed bytes go into the
database, in the transaction of the report or message (docs/decisions.md: every web
node serves them, and there is no file with a time finer than the day).
"""

import io
import json
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from reporting.audio_clean import NotAudio, UnreadableAudio, clean_audio, looks_like_audio
from reporting.crypto import PrivateKey, PublicKey, open_sealed, seal
from reporting.models import Attachment, AuditEvent, Case, Message, SealedBlob
from reporting.pdf_clean import TooManyPages, UnreadablePdf, clean_pdf
from reporting.vocabulary.errors import ValidationFailed

ERROR_TOO_MANY = _("Please attach at most %(count)s files.")
ERROR_TOO_BIG = _("“%(name)s” is larger than %(size)s MB.")
ERROR_WRONG_TYPE = _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF.")
ERROR_WRONG_TYPE_WITH_AUDIO = _(
    "“%(name)s” is not a photo (JPEG, PNG, WebP), a PDF or a voice recording (MP3, M4A, Ogg, WAV)."
)
ERROR_VIDEO = _("“%(name)s” holds a video. Please send the sound only.")
ERROR_TOO_MUCH_IN_TOTAL = _(
    "The files are too large together. Please choose fewer or smaller files."
)
ERROR_IMAGE_TOO_LARGE = _("The image “%(name)s” is too large. Please send a smaller photo.")
ERROR_BROKEN = _("“%(name)s” could not be read. Please try another file.")
ERROR_TOO_MANY_PAGES = _(
    "“%(name)s” has more than %(count)s pages. Please send only the pages that matter."
)

_IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_FIELD = "attachments"


@dataclass(frozen=True, repr=False)
class PreparedAttachment:
    name: str
    content_type: str
    family: str
    data: bytes


def _fail(message, **values):
    raise ValidationFailed(fields={_FIELD: [str(message) % values]})


def _clean_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable())[:120] or "file"


def _looks_like_image(raw: bytes) -> bool:
    return raw.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (
        raw[:4] == b"RIFF" and raw[8:12] == b"WEBP"
    )


def _reencode_image(raw: bytes, name: str) -> tuple[bytes, str]:
    if not _looks_like_image(raw):
        _fail(ERROR_WRONG_TYPE, name=name)
    # Pillow itself refuses to open a file that declares more than twice this many
    # pixels; below that it only warns (silenced), and the check on `image.size` refuses
    # before any pixel is decoded.
    Image.MAX_IMAGE_PIXELS = settings.ATTACHMENT_MAX_PIXELS
    try:
        with (
            warnings.catch_warnings(action="ignore", category=Image.DecompressionBombWarning),
            Image.open(io.BytesIO(raw)) as image,
        ):
            fmt = image.format
            if fmt not in _IMAGE_FORMATS:
                _fail(ERROR_WRONG_TYPE, name=name)
            if not _size_allowed(*image.size):
                _fail(ERROR_IMAGE_TOO_LARGE, name=name)
            image.load()
            upright = ImageOps.exif_transpose(image)
            mode = "RGBA" if upright.mode in ("RGBA", "LA", "P") and fmt != "JPEG" else "RGB"
            clean = Image.frombytes(mode, upright.size, upright.convert(mode).tobytes())
    except Image.DecompressionBombError:
        _fail(ERROR_IMAGE_TOO_LARGE, name=name)
    except (UnidentifiedImageError, OSError, ValueError):
        _fail(ERROR_BROKEN, name=name)
    out = io.BytesIO()
    clean.save(out, format=fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue(), _IMAGE_FORMATS[fmt]


def _size_allowed(width: int, height: int) -> bool:
    # Width and height capped each, too: a 1 × 40,000,000 strip is within the pixels.
    side = settings.ATTACHMENT_MAX_IMAGE_SIDE
    return width <= side and height <= side and width * height <= settings.ATTACHMENT_MAX_PIXELS


def _clean_pdf(raw: bytes, name: str) -> bytes:
    try:
        return clean_pdf(raw, max_pages=settings.ATTACHMENT_MAX_PDF_PAGES)
    except TooManyPages:
        _fail(ERROR_TOO_MANY_PAGES, name=name, count=settings.ATTACHMENT_MAX_PDF_PAGES)
    except UnreadablePdf:
        _fail(ERROR_BROKEN, name=name)


def _clean_audio(raw: bytes, name: str) -> tuple[bytes, str]:
    try:
        return clean_audio(raw)
    except NotAudio:
        _fail(ERROR_VIDEO, name=name)
    except UnreadableAudio:
        _fail(ERROR_BROKEN, name=name)


def attachments_prepare(files, *, audio: bool = False) -> list[PreparedAttachment]:
    """Check count, size and type; return metadata-free bytes. Raises ValidationFailed.

    Voice recordings are taken only when `audio` is set (staff intake): the public form
    asks for photos and documents, and says so."""
    files = list(files)
    if len(files) > settings.ATTACHMENT_MAX_FILES:
        _fail(ERROR_TOO_MANY, count=settings.ATTACHMENT_MAX_FILES)
    prepared = []
    for upload in files:
        name = _clean_name(upload.name or "")
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            _fail(ERROR_TOO_BIG, name=name, size=settings.ATTACHMENT_MAX_BYTES // (1024 * 1024))
        raw = upload.read()
        if raw.startswith(b"%PDF-"):
            data = _clean_pdf(raw, name)
            prepared.append(
                PreparedAttachment(name, "application/pdf", Attachment.Family.PDF, data)
            )
            continue
        if audio and looks_like_audio(raw):
            data, content_type = _clean_audio(raw, name)
            prepared.append(PreparedAttachment(name, content_type, Attachment.Family.AUDIO, data))
            continue
        if audio and not _looks_like_image(raw):
            _fail(ERROR_WRONG_TYPE_WITH_AUDIO, name=name)
        data, content_type = _reencode_image(raw, name)
        prepared.append(PreparedAttachment(name, content_type, Attachment.Family.IMAGE, data))
    return prepared


def _size_bucket(size: int) -> str:
    if size < 100 * 1024:
        return Attachment.SizeBucket.SMALL
    if size < 1024 * 1024:
        return Attachment.SizeBucket.MEDIUM
    return Attachment.SizeBucket.LARGE


def attachments_store(
    *,
    case: Case,
    prepared: list[PreparedAttachment],
    recipients: list[PublicKey],
    message: Message | None = None,
) -> list[Attachment]:
    """Seal and store; call inside the transaction that creates the case or message."""
    stored = []
    for item in prepared:
        attachment = Attachment(
            case=case,
            message=message,
            family=item.family,
            size_bucket=_size_bucket(len(item.data)),
        )
        attachment.meta = seal(
            json.dumps({"name": item.name, "content_type": item.content_type}).encode(),
            recipients=recipients,
            context=attachment.context("meta"),
        )
        blob = SealedBlob(attachment=attachment)
        blob.data = seal(item.data, recipients=recipients, context=blob.context())
        attachment.save(force_insert=True)
        blob.save(force_insert=True)
        stored.append(attachment)
    return stored


@dataclass(frozen=True, repr=False)
class OpenedAttachment:
    name: str
    content_type: str
    data: bytes


def attachment_open(*, attachment: Attachment, keys: list[PrivateKey], actor) -> OpenedAttachment:
    """Decrypt for a permitted staff user and audit the download (raises DecryptionError,
    and SealedBlob.DoesNotExist for an attachment whose bytes were not there to move into
    the database, migration 0020)."""
    meta = json.loads(
        open_sealed(bytes(attachment.meta), keys=keys, context=attachment.context("meta"))
    )
    blob = SealedBlob.objects.get(attachment=attachment)
    data = open_sealed(blob.data, keys=keys, context=blob.context())
    with transaction.atomic():
        AuditEvent.objects.create(
            case_id=attachment.case_id, actor=actor, verb=AuditEvent.Verb.ATTACHMENT_DOWNLOADED
        )
    return OpenedAttachment(name=meta["name"], content_type=meta["content_type"], data=data)
