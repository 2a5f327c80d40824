"""Rewrite a reporter's PDF without what could name them.

Word processors write the author's account name into a PDF's document
information and XMP metadata; comment annotations carry their author; phone
scanner apps embed photos with their EXIF (GPS, camera, time); incremental
saves keep earlier revisions behind the visible one. The pages are copied into
a new file, so only what the pages show survives:

- no document information, no XMP (document or page), no /PieceInfo, no
  earlier revisions or unreferenced objects, no document-level scripts,
  embedded files, form definitions or open actions (they live in the document
  catalogue, which is not copied);
- annotations keep their text but lose author, dates and unique names;
- no automatic actions (/AA) on pages or annotations, and no JavaScript,
  launch, form-submit or import actions on links, because caseworkers open
  these files on their own machines;
- JPEG images keep their pixels byte for byte but lose EXIF/XMP (APP1),
  IPTC (APP13), vendor segments and comments.

Anything that cannot be parsed raises UnreadablePdf, whatever pypdf raised:
the file comes from an anonymous stranger.
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject

_PAGE_KEYS_DROPPED = ("/Metadata", "/PieceInfo", "/AA", "/Thumb")
_ANNOTATION_KEYS_DROPPED = ("/T", "/M", "/CreationDate", "/NM", "/AA")
_UNSAFE_ACTIONS = frozenset(("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition"))
# JFIF (APP0), ICC profile (APP2) and Adobe colour transform (APP14) change how the
# pixels decode; every other application segment and comments are dropped.
_JPEG_KEPT_APP_SEGMENTS = frozenset((0xE0, 0xE2, 0xEE))
_MAX_FORM_DEPTH = 8


class UnreadablePdf(Exception):
    pass


class TooManyPages(Exception):
    pass


def clean_pdf(raw: bytes, *, max_pages: int) -> bytes:
    """Raises TooManyPages beyond `max_pages` (copying costs ~0.3 ms a page), else UnreadablePdf."""
    try:
        return _rewrite(raw, max_pages)
    except (UnreadablePdf, TooManyPages):
        raise
    except Exception as error:  # a hostile file may make pypdf raise anything
        raise UnreadablePdf from error


def _rewrite(raw: bytes, max_pages: int) -> bytes:
    reader = PdfReader(io.BytesIO(raw), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise UnreadablePdf("protected by a password")
    if not reader.pages:
        raise UnreadablePdf("no pages")
    if len(reader.pages) > max_pages:
        raise TooManyPages
    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    for page in reader.pages:
        copied = writer.add_page(page, excluded_keys=_PAGE_KEYS_DROPPED)
        for annotation in copied.get("/Annots") or ():
            _clean_annotation(annotation.get_object())
        _clean_images(copied.get("/Resources"), depth=0)
    writer.metadata = None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _clean_annotation(annotation: DictionaryObject) -> None:
    for key in _ANNOTATION_KEYS_DROPPED:
        annotation.pop(NameObject(key), None)
    action = annotation.get("/A")
    if action is not None and action.get_object().get("/S") in _UNSAFE_ACTIONS:
        del annotation[NameObject("/A")]
    popup = annotation.get("/Popup")
    if popup is not None:
        for key in _ANNOTATION_KEYS_DROPPED:
            popup.get_object().pop(NameObject(key), None)


def _clean_images(resources, *, depth: int) -> None:
    if resources is None or depth > _MAX_FORM_DEPTH:
        return
    for reference in (resources.get_object().get("/XObject") or {}).values():
        xobject = reference.get_object()
        xobject.pop(NameObject("/Metadata"), None)
        if xobject.get("/Subtype") == "/Form":
            _clean_images(xobject.get("/Resources"), depth=depth + 1)
        elif xobject.get("/Subtype") == "/Image" and _filters(xobject) == ["/DCTDecode"]:
            # DCTDecode's "decoding" returns the JPEG file; EncodedStreamObject.set_data
            # only re-encodes Flate, so the raw bytes are set through the base class.
            StreamObject.set_data(xobject, strip_jpeg_metadata(xobject.get_data()))


def _filters(stream) -> list:
    filters = stream.get("/Filter")
    if filters is None:
        return []
    filters = filters.get_object()
    return list(filters) if isinstance(filters, list) else [filters]


def strip_jpeg_metadata(jpeg: bytes) -> bytes:
    """The same JPEG without APP1/APP3-13/APP15 segments and comments; pixels untouched."""
    if not jpeg.startswith(b"\xff\xd8"):
        raise UnreadablePdf("image is not a JPEG")
    kept = [b"\xff\xd8"]
    position = 2
    while True:
        if position + 4 > len(jpeg) or jpeg[position] != 0xFF:
            raise UnreadablePdf("broken JPEG segment")
        marker = jpeg[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        length = int.from_bytes(jpeg[position + 2 : position + 4], "big")
        end = position + 2 + length
        if length < 2 or end > len(jpeg):
            raise UnreadablePdf("broken JPEG segment")
        if marker == 0xDA:  # start of scan: entropy-coded data and the rest follow as they are
            kept.append(jpeg[position:])
            return b"".join(kept)
        dropped = marker == 0xFE or (
            0xE0 <= marker <= 0xEF and marker not in _JPEG_KEPT_APP_SEGMENTS
        )
        if not dropped:
            kept.append(jpeg[position:end])
        position = end
