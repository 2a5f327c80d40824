"""Voice recordings built in code, each carrying the metadata a phone or recorder writes
(name, place, time, device), around audio bytes the cleaner must keep."""

import io
import struct
import wave

from mutagen.apev2 import APEv2
from mutagen.id3 import ID3, TPE1, TXXX
from mutagen.ogg import OggPage

SECRETS = (b"Amira Example", b"+51.0504+013.7373", b"Pixel-of-Amira", b"2026-03-14T21:07")

# One MPEG-1 Layer III frame: 128 kbit/s, 44.1 kHz, no padding = 417 bytes.
MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(413)
MP3_AUDIO = MP3_FRAME * 6


def mp3() -> bytes:
    buffer = io.BytesIO(MP3_AUDIO)
    tags = ID3()
    tags.add(TPE1(encoding=3, text=SECRETS[0].decode()))
    tags.add(TXXX(encoding=3, desc="location", text=SECRETS[1].decode()))
    tags.save(buffer)
    ape = APEv2()
    ape["Recorder"] = SECRETS[2].decode()
    ape.save(buffer)
    v1 = b"TAG" + SECRETS[3].ljust(30, b"\0") + SECRETS[0].ljust(30, b"\0") + bytes(64) + b"\xff"
    return buffer.getvalue() + v1


def wav_audio() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(bytes(range(256)) * 8)
    return buffer.getvalue()


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\0" if len(body) % 2 else b"")


def wav() -> bytes:
    plain = wav_audio()
    info = b"INFO" + _riff_chunk(b"IART", SECRETS[0]) + _riff_chunk(b"ICRD", SECRETS[3])
    bext = SECRETS[2].ljust(256, b"\0") + SECRETS[1].ljust(32, b"\0")
    extra = _riff_chunk(b"LIST", info) + _riff_chunk(b"bext", bext)
    body = plain[12:] + extra
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WAVE" + body


OPUS_AUDIO = b"\xf8\xff\xfe"  # one 20 ms packet of silence


def ogg_opus() -> bytes:
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    comments = [b"ARTIST=" + SECRETS[0], b"LOCATION=" + SECRETS[1], b"DATE=" + SECRETS[3]]
    vendor = SECRETS[2]
    tags = b"OpusTags" + struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", len(comments))
    tags += b"".join(struct.pack("<I", len(c)) + c for c in comments)
    pages = []
    for sequence, packet in enumerate((head, tags, OPUS_AUDIO * 3)):
        page = OggPage()
        page.serial, page.sequence, page.packets = 4242, sequence, [packet]
        page.position = 0 if sequence < 2 else 2880
        page.first, page.last = sequence == 0, sequence == 2
        pages.append(page.write())
    return b"".join(pages)


def _box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def _full_box(kind: bytes, version: int, body: bytes) -> bytes:
    return _box(kind, bytes([version, 0, 0, 0]) + body)


# 14 March 2026, 21:07 in seconds since 1904 (MP4's epoch).
MP4_TIME = 3_856_712_820
MP4_AUDIO = b"\x21\x10\x04\x60\x8c\x1c" * 50


def _handler(kind: bytes) -> bytes:
    return _full_box(b"hdlr", 0, bytes(4) + kind + bytes(12) + b"\0")


def m4a(*, handler: bytes = b"soun", long_times: bool = False) -> bytes:
    if long_times:
        times = struct.pack(">QQ", MP4_TIME, MP4_TIME)
    else:
        times = struct.pack(">II", MP4_TIME, MP4_TIME)
    version = 1 if long_times else 0
    mvhd = _full_box(b"mvhd", version, times + bytes(80))
    tkhd = _full_box(b"tkhd", version, times + bytes(72))
    mdhd = _full_box(b"mdhd", version, times + bytes(8))
    minf = _box(b"minf", _box(b"dinf", b"") + _box(b"stbl", b""))
    trak = _box(b"trak", tkhd + _box(b"mdia", mdhd + _handler(handler) + minf))
    ilst = _box(b"ilst", _box(b"\xa9ART", _box(b"data", bytes(8) + SECRETS[0])))
    meta = _full_box(b"meta", 0, _handler(b"mdir") + ilst)
    udta = _box(b"udta", meta + _box(b"\xa9xyz", bytes(4) + SECRETS[1]))
    xmp = _box(b"uuid", bytes(16) + SECRETS[2])
    ftyp = _box(b"ftyp", b"M4A \0\0\0\0M4A mp42isom")
    return ftyp + _box(b"moov", mvhd + trak + udta) + xmp + _box(b"mdat", MP4_AUDIO)
