"""Remove from a voice recording what could name or place the person who made it.

Staff take reports as voice messages (a messenger's voice note, a phone's voice
memo, a recording from an outreach event). The sound is the evidence; the tags
around it are not, and they say more than they seem to: the phone's owner as
"artist", the recording app and its version, a voice memo's GPS position
(`©xyz`) and its creation time to the second, a broadcast WAV's originator.
Only the audio stream survives:

- MP3: only the run of whole MPEG frames after the ID3v2 tags is kept, so
  ID3v1 ("TAG", "TAG+"), APEv2, Lyrics3 and anything else after the audio go.
- WAV: the RIFF file is rebuilt from its `fmt `, `fact` and `data` chunks only
  (no LIST/INFO, id3, bext originator and date, iXML, cue, …).
- Ogg (Vorbis, Opus, FLAC, Speex): the comment header (comments and vendor
  string) is emptied by mutagen, which repaginates the stream and writes the
  page checksums.
- MP4/M4A: `udta`, `meta`, `uuid` (XMP) and `XMP_` boxes become `free` boxes of
  the same size with zeroed bytes, and the creation and modification times of
  the movie, its tracks and their media (`mvhd`, `tkhd`, `mdhd`) become zero.
  Nothing moves, so the sample offsets stay right without being rewritten. A
  file with a track that is not sound (a video) is refused.

Anything that cannot be parsed raises UnreadableAudio: the recording comes from
a stranger's phone, and a parser's surprise must not become a 500.
"""

import io
import struct

import mutagen
from mutagen.ogg import OggFileType


class UnreadableAudio(Exception):
    pass


class NotAudio(Exception):
    """A container that holds more than sound (an MP4 video)."""


def clean_audio(raw: bytes) -> tuple[bytes, str]:
    """The recording without metadata, and its content type."""
    try:
        if raw[:4] == b"RIFF" and raw[8:12] == b"WAVE":
            return _clean_wav(raw), "audio/wav"
        if raw[:4] == b"OggS":
            return _clean_ogg(raw), "audio/ogg"
        if raw[4:8] == b"ftyp":
            return _clean_mp4(raw), "audio/mp4"
        if raw[:3] == b"ID3" or _is_mpeg_frame(raw):
            return _clean_mp3(raw), "audio/mpeg"
    except (UnreadableAudio, NotAudio):
        raise
    except Exception as error:  # whatever a parser raised: the bytes are a stranger's
        raise UnreadableAudio from error
    raise UnreadableAudio


def looks_like_audio(raw: bytes) -> bool:
    return (
        (raw[:4] == b"RIFF" and raw[8:12] == b"WAVE")
        or raw[:4] == b"OggS"
        or raw[4:8] == b"ftyp"
        or raw[:3] == b"ID3"
        or _is_mpeg_frame(raw)
    )


# -- MP3 ---------------------------------------------------------------------------


def _is_mpeg_frame(data: bytes) -> bool:
    # Frame sync (11 bits), then a layer other than "reserved".
    return len(data) >= 4 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0 and data[1] & 0x06 != 0


def _syncsafe(four: bytes) -> int:
    return four[0] << 21 | four[1] << 14 | four[2] << 7 | four[3]


# kbit/s by bitrate index, for (MPEG-1?, layer); MPEG-2 and 2.5 share their tables.
_BITRATES = {
    (True, 1): (0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448),
    (True, 2): (0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384),
    (True, 3): (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    (False, 1): (0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256),
    (False, 2): (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_BITRATES[(False, 3)] = _BITRATES[(False, 2)]
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _frame_length(header: bytes) -> int:
    """Length of the MPEG audio frame starting with these 4 bytes, 0 if it is none."""
    if not _is_mpeg_frame(header):
        return 0
    version, layer_bits = header[1] >> 3 & 3, header[1] >> 1 & 3
    bitrate_index, rate_index = header[2] >> 4, header[2] >> 2 & 3
    if version == 1 or bitrate_index in (0, 15) or rate_index == 3:
        return 0
    mpeg1, layer = version == 3, 4 - layer_bits
    bitrate = _BITRATES[(mpeg1, layer)][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    padding = header[2] >> 1 & 1
    if layer == 1:
        return (12 * bitrate // rate + padding) * 4
    per_frame = 72 if layer == 3 and not mpeg1 else 144
    return per_frame * bitrate // rate + padding


def _clean_mp3(raw: bytes) -> bytes:
    """The run of whole MPEG frames after any ID3v2 tags. Walking frames rather than
    cutting known tags off the end also drops tags of a file cut short, and anything
    appended after the audio."""
    start = 0
    while raw[start : start + 3] == b"ID3":  # an encoder may write several
        header = raw[start : start + 10]
        footer = 10 if header[5] & 0x10 else 0
        start += 10 + _syncsafe(header[6:10]) + footer
    end = start
    while (length := _frame_length(raw[end : end + 4])) and end + length <= len(raw):
        end += length
    if end == start:
        raise UnreadableAudio
    return raw[start:end]


# -- WAV ---------------------------------------------------------------------------

_WAV_KEPT = {b"fmt ", b"fact", b"data"}


def _clean_wav(raw: bytes) -> bytes:
    kept = []
    position = 12
    while position + 8 <= len(raw):
        chunk_id = raw[position : position + 4]
        (size,) = struct.unpack("<I", raw[position + 4 : position + 8])
        body = raw[position + 8 : position + 8 + size]
        if len(body) != size:
            raise UnreadableAudio
        if chunk_id in _WAV_KEPT:
            kept.append(chunk_id + struct.pack("<I", size) + body + (b"\0" if size % 2 else b""))
        position += 8 + size + size % 2
    ids = [chunk[:4] for chunk in kept]
    if b"fmt " not in ids or b"data" not in ids:
        raise UnreadableAudio
    body = b"WAVE" + b"".join(kept)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# -- Ogg ---------------------------------------------------------------------------


def _clean_ogg(raw: bytes) -> bytes:
    buffer = io.BytesIO(raw)
    audio = mutagen.File(buffer)
    if not isinstance(audio, OggFileType) or audio.tags is None:
        raise UnreadableAudio
    audio.tags.clear()
    # The vendor string names the encoder, and a recording app may write anything there.
    audio.tags.vendor = ""
    audio.save(buffer)
    return buffer.getvalue()


# -- MP4 / M4A ---------------------------------------------------------------------

_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf"}
_BLANKED = {b"udta", b"meta", b"uuid", b"XMP_"}
_TIMED = {b"mvhd", b"tkhd", b"mdhd"}


def _boxes(data: bytearray, start: int, end: int):
    """(type, payload start, box end) of each box between start and end."""
    position = start
    while position < end:
        if end - position < 8:
            raise UnreadableAudio
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", data[position + 8 : position + 16])
            header = 16
        elif size == 0:
            size = end - position
        if size < header or position + size > end:
            raise UnreadableAudio
        yield kind, position + header, position + size, position
        position += size


def _clean_mp4(raw: bytes) -> bytes:
    data = bytearray(raw)
    handlers = []
    _walk_mp4(data, 0, len(data), b"", handlers)
    if not handlers:
        raise UnreadableAudio
    if any(handler != b"soun" for handler in handlers):
        raise NotAudio
    return bytes(data)


def _walk_mp4(data: bytearray, start: int, end: int, parent: bytes, handlers: list) -> None:
    for kind, payload, box_end, box_start in _boxes(data, start, end):
        if kind in _BLANKED:
            data[box_start + 4 : box_start + 8] = b"free"
            data[payload:box_end] = bytes(box_end - payload)
        elif kind in _TIMED:
            # version (1 byte), flags (3), then creation and modification time:
            # 4 bytes each in version 0, 8 bytes each in version 1.
            width = 8 if data[payload] == 1 else 4
            times = payload + 4
            data[times : times + 2 * width] = bytes(2 * width)
        elif kind == b"hdlr" and parent == b"mdia":
            # A track's media handler; QuickTime's data handler in `minf` says nothing
            # about what the track holds.
            handlers.append(bytes(data[payload + 8 : payload + 12]))
        elif kind in _CONTAINERS:
            _walk_mp4(data, payload, box_end, kind, handlers)
