"""Rewrite a reporter's PDF without what could name them.

Word processors write the author's account name into a PDF's document
information and XMP metadata; comment annotations carry their author; phone
scanner apps embed photos with their EXIF (GPS, camera, time); incremental
saves keep earlier revisions behind the visible one; attached files carry their
own content and their Windows path (with the account name). The pages are copied
into a new file, so only what the pages show survives:

- no document information, no earlier revisions or unreferenced objects, no
  document-level scripts, embedded files, form definitions or open actions
  (they live in the document catalogue, which is not copied);
- in everything the pages reach (resources, annotations, images, forms), no XMP
  (/Metadata), /PieceInfo, thumbnails or document-information keys (a damaged
  file may point a page at its information dictionary); annotations keep their
  text but lose author, dates and unique names;
- no file specifications or embedded files (any dictionary with /EF, /FS, /UF,
  /RF or a string or dictionary /F, typed /Filespec or /EmbeddedFile) and no
  file-attachment, sound, movie, screen, rich-media or 3D annotations: such a
  dictionary is emptied and every reference to it removed;
- no automatic actions (/AA), no JavaScript, launch, form-submit, import,
  remote go-to, media or rendition actions and no action chains (/Next), because
  caseworkers open these files on their own machines;
- JPEG images keep their pixels byte for byte but lose EXIF/XMP (APP1),
  IPTC (APP13), vendor segments and comments, also behind a filter chain
  (decoded down to the JPEG); a chain that cannot be decoded that far is refused.

Every comparison resolves indirect references first: `/S 12 0 R` names its
action as surely as `/S /Launch`.

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
# A dictionary holding one of these keys is a file specification (or points at one).
FILE_SPEC_KEYS = ("/EF", "/FS", "/UF", "/RF", "/EmbeddedFiles")
_FILE_TYPES = frozenset(("/Filespec", "/EmbeddedFile"))
# Annotations whose whole point is a file, a recording, a film or a 3D model.
DROPPED_ANNOTATIONS = frozenset(
    ("/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D")
)
UNSAFE_ACTIONS = frozenset((
    "/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition",
    "/GoToR", "/GoToE", "/Sound", "/Movie", "/RichMediaExecute",
))  # fmt: skip
# JFIF (APP0), ICC profile (APP2) and Adobe colour transform (APP14) change how the
# pixels decode; every other application segment and comments are dropped.
_JPEG_KEPT_APP_SEGMENTS = frozenset((0xE0, 0xE2, 0xEE))
_DCT = frozenset(("/DCTDecode", "/DCT"))
# Filters pypdf decodes without outside programs (and within its output limits): what may
# stand before a JPEG in a chain.
_DECODABLE_BEFORE_DCT = frozenset(
    ("/FlateDecode", "/LZWDecode", "/ASCIIHexDecode", "/ASCII85Decode", "/RunLengthDecode")
)
# `1 0 obj 2 0 R endobj` is legal; a reference to itself must not loop.
_MAX_REFERENCE_DEPTH = 8


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
    containers = _containers(objects)
    # Decided before anything changes, so the order of the visit does not matter.
    removed = {id(item) for item in containers if _is_removed(item)}
    for item in containers:
        if id(item) in removed:
            _empty(item)
        elif isinstance(item, DictionaryObject):
            _clean_dictionary(item, removed)
        else:
            item[:] = [value for value in item if id(_resolved(value)) not in removed]


def _containers(objects: list) -> list:
    """Every dictionary, stream and array in or reached from `objects`, each once."""
    found, seen = [], set()
    pending = list(objects)
    while pending:
        item = _resolved(pending.pop())
        if not isinstance(item, (DictionaryObject, ArrayObject)) or id(item) in seen:
            continue
        seen.add(id(item))
        found.append(item)
        pending.extend(item.values() if isinstance(item, DictionaryObject) else item)
    return found


def _resolved(value):
    for _ in range(_MAX_REFERENCE_DEPTH):
        if not isinstance(value, IndirectObject):
            return value
        value = value.get_object()
    raise UnreadablePdf("reference chain too long")


def _name(dictionary: DictionaryObject, key: str) -> str | None:
    value = _resolved(dictionary.get(key))
    return value if isinstance(value, NameObject) else None


def _is_removed(item) -> bool:
    """A file specification, embedded file, media annotation or unsafe action."""
    if not isinstance(item, DictionaryObject):
        return False
    return (
        any(key in item for key in FILE_SPEC_KEYS)
        # /F is a file specification where it is a string or dictionary (annotation
        # flags are a number).
        or isinstance(_resolved(item.get("/F")), (str, bytes, DictionaryObject))
        or _name(item, "/Type") in _FILE_TYPES
        or _name(item, "/Subtype") in DROPPED_ANNOTATIONS
        or _name(item, "/S") in UNSAFE_ACTIONS
    )


def _empty(dictionary: DictionaryObject) -> None:
    dictionary.clear()
    if isinstance(dictionary, StreamObject):
        _set_stream_data(dictionary, b"")


def _clean_dictionary(dictionary: DictionaryObject, removed: set) -> None:
    for key in KEYS_DROPPED:
        dictionary.pop(key, None)
    for key, value in list(dictionary.items()):
        if id(_resolved(value)) in removed:
            del dictionary[key]
    if isinstance(dictionary, StreamObject) and _DCT.intersection(_filters(dictionary)):
        _strip_jpeg_stream(dictionary)


def _filters(stream: StreamObject) -> list:
    filters = _resolved(stream.get("/Filter"))
    if filters is None:
        return []
    filters = list(filters) if isinstance(filters, list) else [filters]
    return [_resolved(name) for name in filters]


def _strip_jpeg_stream(stream: StreamObject) -> None:
    """Decode any chain down to the JPEG, strip it and store it under /DCTDecode alone."""
    *before, last = filters = _filters(stream)
    if last not in _DCT or not all(name in _DECODABLE_BEFORE_DCT for name in before):
        raise UnreadablePdf("image filters cannot be rewritten")
    if before:
        parameters = _resolved(stream.get("/DecodeParms"))
        stream[NameObject("/Filter")] = ArrayObject(NameObject(name) for name in filters)
        jpeg = stream.get_data()
        stream[NameObject("/Filter")] = NameObject("/DCTDecode")
        dct_parameters = (
            _resolved(parameters[-1])
            if isinstance(parameters, list) and len(parameters) == len(filters)
            else None
        )
        if isinstance(dct_parameters, DictionaryObject):
            stream[NameObject("/DecodeParms")] = dct_parameters
        else:
            stream.pop("/DecodeParms", None)
    else:
        jpeg = stream.get_data()  # DCTDecode's "decoding" returns the JPEG file
    _set_stream_data(stream, strip_jpeg_metadata(jpeg))


def _set_stream_data(stream: StreamObject, data: bytes) -> None:
    # EncodedStreamObject.set_data only re-encodes Flate, so the raw bytes are set
    # through the base class, and the decoded copy pypdf cached is forgotten.
    StreamObject.set_data(stream, data)
    stream.decoded_self = None


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
