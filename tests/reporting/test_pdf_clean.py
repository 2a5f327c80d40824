"""Reporters' PDFs: what could name them is gone, what the pages show stays."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from reporting.pdf_clean import (
    DROPPED_ANNOTATIONS,
    KEYS_DROPPED,
    UNSAFE_ACTIONS,
    TooManyPages,
    UnreadablePdf,
    clean_pdf,
    strip_jpeg_metadata,
)
from tests.pdf_samples import (
    COMMENT_TEXT,
    EMBEDDED_SECRETS,
    PAGE_TEXT,
    SECRETS,
    blank_pdf,
    embedding_pdf,
    identifying_pdf,
    jpeg_with_exif,
)

ORIGINAL = identifying_pdf()
EMBEDDING = embedding_pdf()
# What no dictionary of a cleaned file may hold: file specifications and embedded files.
FILE_KEYS = ("/EF", "/FS", "/UF", "/RF", "/EmbeddedFiles")


def _read(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def _pixels(jpeg: bytes) -> bytes:
    with Image.open(io.BytesIO(jpeg)) as image:
        return image.convert("RGB").tobytes()


@pytest.mark.parametrize("where", sorted(SECRETS))
def test_every_identifying_string_is_gone(where):
    secret = SECRETS[where].encode()
    assert secret in ORIGINAL
    assert secret not in clean_pdf(ORIGINAL, max_pages=10)


def test_pages_text_photo_comment_and_links_stay():
    cleaned = _read(clean_pdf(ORIGINAL, max_pages=10))
    page = cleaned.pages[0]
    assert PAGE_TEXT in page.extract_text()
    assert cleaned.metadata is None
    assert "/Metadata" not in cleaned.trailer["/Root"]
    assert "/OpenAction" not in cleaned.trailer["/Root"]
    annotations = [annotation.get_object() for annotation in page["/Annots"]]
    assert [a["/Subtype"] for a in annotations] == ["/Text", "/Link", "/Link"]
    assert annotations[0]["/Contents"] == COMMENT_TEXT
    assert annotations[1]["/A"]["/URI"] == "https://example.org/ratgeber"
    assert "/A" not in annotations[2]  # the JavaScript action
    (photo,) = page.images
    original_photo = _read(ORIGINAL).pages[0].images[0]
    assert _pixels(photo.data) == _pixels(original_photo.data)
    assert not Image.open(io.BytesIO(photo.data)).getexif()


def test_pdf_version_is_kept_and_output_is_a_single_revision():
    cleaned = clean_pdf(ORIGINAL, max_pages=10)
    assert cleaned.startswith(_read(ORIGINAL).pdf_header.encode())
    assert ORIGINAL.count(b"%%EOF") == 2
    assert cleaned.count(b"%%EOF") == 1


def test_many_pages_are_all_copied_up_to_the_limit():
    assert len(_read(clean_pdf(identifying_pdf(pages=3), max_pages=3)).pages) == 3
    with pytest.raises(TooManyPages):
        clean_pdf(blank_pdf(pages=4), max_pages=3)


def test_pdf_with_an_empty_user_password_is_opened_and_written_unencrypted():
    cleaned = clean_pdf(identifying_pdf(password=""), max_pages=10)
    assert not _read(cleaned).is_encrypted
    assert SECRETS["info"].encode() not in cleaned


@pytest.mark.parametrize(
    "raw",
    [
        b"%PDF-1.4\n%fake but signed\n",
        ORIGINAL[: len(ORIGINAL) // 3],
        identifying_pdf(password="geheim"),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n"
        b"trailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n",
    ],
    ids=["no-objects", "truncated", "password", "self-referencing-page-tree"],
)
def test_unreadable_pdfs_raise_one_exception(raw):
    with pytest.raises(UnreadablePdf):
        clean_pdf(raw, max_pages=10)


def _dictionaries(data: bytes):
    reader = _read(data)
    yield reader.trailer
    for number in range(1, reader.trailer["/Size"]):
        found = reader.get_object(number)  # our own output: every object must read
        if isinstance(found, DictionaryObject):
            yield found


def _resolved(value):
    return value.get_object() if value is not None else None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_pdfs_are_cleaned_or_refused_never_anything_else(data):
    """Byte flips anywhere: either refused, or written without any identifying entry,
    file, media, unsafe action (however indirect its name) or JPEG metadata.

    (A flip inside a key's own name, `/Author` → `/Autxor`, leaves a value no reader
    takes for metadata; what counts is what a PDF reader would find.)"""
    raw = bytearray(data.draw(st.sampled_from([ORIGINAL, EMBEDDING]), label="sample"))
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    try:
        cleaned = clean_pdf(bytes(raw), max_pages=10)
    except (UnreadablePdf, TooManyPages):
        return
    assert cleaned.startswith(b"%PDF-")
    for dictionary in _dictionaries(cleaned):
        _assert_clean(dictionary)


def _assert_clean(dictionary: DictionaryObject) -> None:
    assert "/Info" not in dictionary
    assert not [key for key in (*KEYS_DROPPED, *FILE_KEYS) if key in dictionary]
    assert not isinstance(_resolved(dictionary.get("/F")), (str, DictionaryObject))
    assert _resolved(dictionary.get("/S")) not in UNSAFE_ACTIONS
    assert _resolved(dictionary.get("/Subtype")) not in DROPPED_ANNOTATIONS
    assert _resolved(dictionary.get("/Type")) not in ("/Filespec", "/EmbeddedFile")
    filters = _resolved(dictionary.get("/Filter"))
    chain = filters if isinstance(filters, list) else [filters]
    if isinstance(dictionary, StreamObject) and "/DCTDecode" in chain:
        assert filters == "/DCTDecode"  # any chain before it was decoded
        jpeg = dictionary.get_data()
        assert strip_jpeg_metadata(jpeg) == jpeg  # nothing left to strip


def test_embedded_files_media_and_file_paths_are_gone():
    assert [secret for secret in EMBEDDED_SECRETS.values() if secret.encode() in EMBEDDING]
    cleaned = clean_pdf(EMBEDDING, max_pages=10)
    everything = cleaned + b"".join(
        d.get_data() for d in _dictionaries(cleaned) if isinstance(d, StreamObject)
    )
    assert not [name for name, secret in EMBEDDED_SECRETS.items() if secret.encode() in everything]
    for dictionary in _dictionaries(cleaned):
        _assert_clean(dictionary)


def test_only_the_page_and_its_harmless_links_stay():
    """File attachment and media annotations go; the links lose their unsafe actions."""
    page = _read(clean_pdf(EMBEDDING, max_pages=10)).pages[0]
    annotations = [annotation.get_object() for annotation in page["/Annots"]]
    assert [a["/Subtype"] for a in annotations] == ["/Link", "/Link", "/Link"]
    assert not [a for a in annotations if "/A" in a]


def test_photos_behind_a_filter_chain_or_an_indirect_subtype_lose_their_exif():
    original = _read(EMBEDDING).pages[0]["/Resources"]["/XObject"]
    cleaned = _read(clean_pdf(EMBEDDING, max_pages=10)).pages[0]["/Resources"]["/XObject"]
    for name in ("/Im0", "/Im1"):
        photo = cleaned[name].get_object()
        assert photo["/Filter"] == "/DCTDecode" and "/DecodeParms" not in photo
        assert not Image.open(io.BytesIO(photo.get_data())).getexif()
        assert _pixels(photo.get_data()) == _pixels(original[name].get_object().get_data())


@pytest.mark.parametrize(
    "chain",
    [["/DCTDecode", "/FlateDecode"], ["/JBIG2Decode", "/DCTDecode"]],
    ids=["dct-not-last", "undecodable-before-dct"],
)
def test_a_jpeg_chain_that_cannot_be_rewritten_is_refused(chain):
    reader = _read(EMBEDDING)
    writer = PdfWriter(clone_from=reader)
    photo = writer.pages[0]["/Resources"]["/XObject"]["/Im1"].get_object()
    photo[NameObject("/Filter")] = ArrayObject([NameObject(name) for name in chain])
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(UnreadablePdf):
        clean_pdf(out.getvalue(), max_pages=10)


def test_jpeg_segments_that_carry_metadata_are_dropped_and_pixels_kept():
    original = jpeg_with_exif(size=(40, 30))
    stripped = strip_jpeg_metadata(original)
    assert SECRETS["jpeg_make"].encode() not in stripped
    assert SECRETS["jpeg_comment"].encode() not in stripped
    assert _pixels(stripped) == _pixels(original)
    # The entropy-coded data is copied, not re-encoded.
    scan = original.index(b"\xff\xda")
    assert stripped.endswith(original[scan:])


def test_jpeg_colour_segments_stay():
    out = io.BytesIO()
    Image.new("CMYK", (8, 8), (0, 255, 0, 0)).save(out, format="JPEG")
    cmyk = out.getvalue()
    assert b"Adobe" in cmyk
    assert b"Adobe" in strip_jpeg_metadata(cmyk)
    assert _pixels(strip_jpeg_metadata(cmyk)) == _pixels(cmyk)


@pytest.mark.parametrize(
    "raw", [b"", b"not a jpeg", b"\xff\xd8", b"\xff\xd8\xff\xe1\x00", b"\xff\xd8\xff\xe1\xff\xff.."]
)
def test_broken_jpegs_raise_unreadable(raw):
    with pytest.raises(UnreadablePdf):
        strip_jpeg_metadata(raw)
