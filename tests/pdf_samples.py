"""Synthetic PDFs carrying everything that could name their author, built with pypdf."""

import io
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.annotations import Link, Text
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

PAGE_TEXT = "Sichtbarer Brieftext 4711"
COMMENT_TEXT = "Kommentar zum Vorfall"
# Strings that must not survive cleaning; each sits in a different place of the file.
SECRETS = {
    "info": "InfoAutorin Nachname",
    "old_revision": "AltRevision Nachname",  # as long as "info": replaced in place
    "xmp": "XmpAutor Nachname",
    "page_metadata": "SeitenXmp Nachname",
    "piece_info": "PieceInfo Nachname",
    "annotation_author": "Kommentator Nachname",
    "popup_author": "PopupAutor Nachname",
    "script": "SkriptGeheim",  # a bare expression: pypdf escapes = and ;
    "document_script": "DokumentSkriptGeheim",
    "jpeg_make": "KameraHersteller Geheim",
    "jpeg_comment": "JpegKommentar Geheim",
}
GPS_LATITUDE = (51, 20, 1234)


def jpeg_with_exif(size=(32, 24), colour=(200, 30, 30)) -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = SECRETS["jpeg_make"]
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", GPS_LATITUDE
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=SECRETS["jpeg_comment"].encode(), quality=95)
    return out.getvalue()


def _stream(writer: PdfWriter, data: bytes, **entries) -> object:
    stream = DecodedStreamObject()
    stream.set_data(data)
    stream.update({NameObject(key): value for key, value in entries.items()})
    return writer._add_object(stream)


def _jpeg_xobject(writer: PdfWriter, jpeg: bytes) -> object:
    image = StreamObject()
    StreamObject.set_data(image, jpeg)
    image.update(_image_entries(jpeg))
    image[NameObject("/Filter")] = NameObject("/DCTDecode")
    return writer._add_object(image)


def identifying_pdf(*, pages: int = 1, password: str | None = None) -> bytes:
    """A letter with a photo, a comment and a link, and every kind of identifying metadata."""
    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    }))  # fmt: skip
    photo = _jpeg_xobject(writer, jpeg_with_exif())
    contents = f"BT /F1 12 Tf 72 720 Td ({PAGE_TEXT}) Tj ET q 64 0 0 48 72 600 cm /Im0 Do Q"
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font}),
            NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): photo}),
        })  # fmt: skip
        page[NameObject("/Contents")] = _stream(writer, contents.encode())
        page[NameObject("/Metadata")] = _stream(writer, SECRETS["page_metadata"].encode())
        page[NameObject("/PieceInfo")] = DictionaryObject(
            {NameObject("/Editor"): TextStringObject(SECRETS["piece_info"])}
        )
    page = writer.pages[0]
    comment = Text(rect=(50, 550, 200, 650), text=COMMENT_TEXT)
    comment[NameObject("/T")] = TextStringObject(SECRETS["annotation_author"])
    popup = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Popup"),
        NameObject("/T"): TextStringObject(SECRETS["popup_author"]),
    })  # fmt: skip
    comment[NameObject("/Popup")] = writer._add_object(popup)
    writer.add_annotation(page_number=0, annotation=comment)
    link = Link(rect=(50, 500, 200, 520), url="https://example.org/ratgeber")
    writer.add_annotation(page_number=0, annotation=link)
    script_link = Link(rect=(50, 470, 200, 490), url="https://example.org/")
    script_link[NameObject("/A")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject(SECRETS["script"]),
    })  # fmt: skip
    writer.add_annotation(page_number=0, annotation=script_link)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"),
        NameObject("/JS"): TextStringObject(SECRETS["document_script"]),
    })  # fmt: skip
    writer.add_metadata({"/Author": SECRETS["info"], "/Creator": "Textverarbeitung 9"})
    writer._root_object[NameObject("/Metadata")] = _stream(
        writer, f"<x:xmpmeta><dc:creator>{SECRETS['xmp']}</dc:creator></x:xmpmeta>".encode(),
        **{"/Type": NameObject("/Metadata"), "/Subtype": NameObject("/XML")},
    )  # fmt: skip
    if password is not None:
        writer.encrypt(user_password=password, algorithm="AES-128")
    return _with_old_revision(_written(writer)) if password is None else _written(writer)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_old_revision(first: bytes) -> bytes:
    """Save again incrementally: the first revision's author stays in the file's bytes."""
    first = first.replace(SECRETS["info"].encode(), SECRETS["old_revision"].encode())
    writer = PdfWriter(io.BytesIO(first), incremental=True)
    writer.add_metadata({"/Author": SECRETS["info"]})
    return _written(writer)


def blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    return _written(writer)


# What a PDF can carry besides its pages' look: files, media, programs to launch, forms
# that post somewhere, and photos whose EXIF hides behind a filter chain or a reference.
WINDOWS_PATH = r"C:\Users\ErikaBeispiel\Documents\notizen.txt"
EMBEDDED_SECRETS = {
    # pypdf writes "." and ":" as octal escapes: the secrets are what stays readable.
    "windows_path": "ErikaBeispiel",
    "embedded_file": "EingebetteteDatei Geheim",
    "media": "Tonaufnahme Geheim",
    "launch": "System32",
    "submit": "sammelstelle",
    "chained_jpeg_make": SECRETS["jpeg_make"],
    "chained_jpeg_comment": SECRETS["jpeg_comment"],
}
# Annotations a cleaned page must not keep, each holding a stream with a secret.
MEDIA_ANNOTATIONS = ("/Sound", "/Movie", "/Screen", "/RichMedia", "/3D")


def _annotation(writer: PdfWriter, subtype: str, **entries) -> DictionaryObject:
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject(subtype),
        NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 60, 60)]),
    })  # fmt: skip
    annotation.update({NameObject(key): value for key, value in entries.items()})
    return annotation


def _indirect(writer: PdfWriter, value) -> object:
    return writer._add_object(value)


def embedding_pdf() -> bytes:
    """A page that shows one letter and hides a file, media, unsafe actions whose /S is a
    reference, and photos with EXIF behind a Flate + DCT chain and an indirect /Subtype."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    embedded = _stream(
        writer, EMBEDDED_SECRETS["embedded_file"].encode(), **{"/Type": NameObject("/EmbeddedFile")}
    )
    file_spec = DictionaryObject({
        NameObject("/Type"): NameObject("/Filespec"),
        NameObject("/F"): TextStringObject(WINDOWS_PATH),
        NameObject("/UF"): TextStringObject(WINDOWS_PATH),
        NameObject("/EF"): DictionaryObject({NameObject("/F"): embedded}),
    })  # fmt: skip
    writer.add_annotation(0, _annotation(writer, "/FileAttachment", **{"/FS": file_spec}))
    for subtype in MEDIA_ANNOTATIONS:
        media = _stream(writer, EMBEDDED_SECRETS["media"].encode())
        writer.add_annotation(0, _annotation(writer, subtype, **{"/Sound": media}))
    launch = DictionaryObject({
        NameObject("/S"): _indirect(writer, NameObject("/Launch")),
        NameObject("/Win"): DictionaryObject(
            {NameObject("/F"): TextStringObject(r"C:\Windows\System32\cmd.exe")}
        ),
    })  # fmt: skip
    submit = DictionaryObject({
        NameObject("/S"): _indirect(writer, NameObject("/SubmitForm")),
        NameObject("/F"): DictionaryObject({
            NameObject("/FS"): NameObject("/URL"),
            NameObject("/F"): TextStringObject("https://sammelstelle.example/in"),
        }),
    })  # fmt: skip
    remote = DictionaryObject({
        NameObject("/S"): NameObject("/GoToR"),
        NameObject("/F"): TextStringObject(WINDOWS_PATH.replace("notizen.txt", "brief.pdf")),
        NameObject("/D"): ArrayObject([NumberObject(0), NameObject("/Fit")]),
    })  # fmt: skip
    for action in (launch, submit, remote):
        writer.add_annotation(0, _annotation(writer, "/Link", **{"/A": _indirect(writer, action)}))

    chained = jpeg_with_exif()
    flate_then_dct = StreamObject()
    StreamObject.set_data(flate_then_dct, zlib.compress(chained))
    flate_then_dct.update(_image_entries(chained))
    flate_then_dct[NameObject("/Filter")] = ArrayObject(
        [NameObject("/FlateDecode"), NameObject("/DCTDecode")]
    )
    indirect_subtype = _jpeg_xobject(writer, jpeg_with_exif(colour=(30, 200, 30)))
    indirect_subtype.get_object()[NameObject("/Subtype")] = _indirect(writer, NameObject("/Image"))
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({
            NameObject("/Im0"): writer._add_object(flate_then_dct),
            NameObject("/Im1"): indirect_subtype,
        }),
    })  # fmt: skip
    contents = "q 64 0 0 48 72 600 cm /Im0 Do Q q 64 0 0 48 72 500 cm /Im1 Do Q"
    page[NameObject("/Contents")] = _stream(writer, contents.encode())
    return _written(writer)


def _image_entries(jpeg: bytes) -> dict:
    width, height = Image.open(io.BytesIO(jpeg)).size
    return {
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(width),
        NameObject("/Height"): NumberObject(height),
        NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
        NameObject("/BitsPerComponent"): NumberObject(8),
    }
