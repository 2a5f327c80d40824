"""Rewrite a reporter's PDF without what could name them.

Word processors write the author's account name into a PDF's document
information and XMP metadata; comment annotations carry their author; phone
scanner apps embed photos with their EXIF (GPS, camera, time); incremental
saves keep earlier revisions behind the visible one. The pages are copied into
a new file, so only what the pages show survives:

- no document information, no earlier revisions or unreferenced objects, no
  document-level scripts, embedded files, form definitions or open actions
  (they live in the document catalogue, which is not copied);
- in everything the pages reach (resources, annotations, images, forms), no XMP
  (/Metadata), /PieceInfo, thumbnails or document-information keys (a damaged
  file may point a page at its information dictionary); annotations keep their
  text but lose author, dates and unique names;
- no automatic actions (/AA), no JavaScript, launch, form-submit, import or
  rendition actions and no action chains (/Next), because caseworkers open
  these files on their own machines;
- JPEG images keep their pixels byte for byte but lose EXIF/XMP (APP1),
  IPTC (APP13), vendor segments and comments.

Anything that cannot be parsed raises UnreadablePdf, whatever pypdf raised:
the file comes from an anonymous stranger.
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

# Dropped from every dictionary a copied page reaches: metadata, authors and dates
# (annotations: /T author, /M and /CreationDate dates, /NM unique name), automatic
# actions, action chains and scripts, and what only a document catalogue holds (a
# damaged file may point a page at its catalogue).
KEYS_DROPPED = tuple(
    NameObject(key)
    for key in (
        "/Metadata", "/PieceInfo", "/Thumb", "/LastModified",
        "/Author", "/Creator", "/Producer", "/Title", "/Subject", "/Keywords", "/ModDate",
        "/T", "/M", "/CreationDate", "/NM",
        "/AA", "/Next", "/JS", "/OpenAction", "/Names", "/Outlines", "/AcroForm", "/Info",
    )
)  # fmt: skip
UNSAFE_ACTIONS = frozenset(("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition"))
# JFIF (APP0), ICC profile (APP2) and Adobe colour transform (APP14) change how the
# pixels decode; every other application segment and comments are dropped.
_JPEG_KEPT_APP_SEGMENTS = frozenset((0xE0, 0xE2, 0xEE))


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
        writer.add_page(page)
    # Every object copied with the pages, referenced or not: a damaged file can leave
    # copies that no page points at any more (pypdf's own list; the fuzz test in
    # tests/reporting/test_pdf_clean.py reads the output back and guards this).
    _scrub(writer._objects)
    writer.metadata = None
    # Objects copied with a page and then cut off by _scrub (an XMP stream, say)
    # would otherwise still be written.
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _scrub(objects: list) -> None:
    """Every dictionary, stream and array in or reached from `objects`, each once."""
    seen = set()
    pending = list(objects)
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            # A reference may still point into the source file: numbers are per file.
            reference = (id(item.pdf), item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too
            _clean_dictionary(item)
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _clean_dictionary(dictionary: DictionaryObject) -> None:
    for key in KEYS_DROPPED:
        dictionary.pop(key, None)
    action = dictionary.get("/A")
    if action is not None and action.get_object().get("/S") in UNSAFE_ACTIONS:
        del dictionary[NameObject("/A")]
    if dictionary.get("/Subtype") == "/Image" and _filters(dictionary) == ["/DCTDecode"]:
        # DCTDecode's "decoding" returns the JPEG file; EncodedStreamObject.set_data
        # only re-encodes Flate, so the raw bytes are set through the base class.
        StreamObject.set_data(dictionary, strip_jpeg_metadata(dictionary.get_data()))


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
