"""Voice recordings lose their tags, keep their sound, and odd bytes never escape as a 500."""

import io
import struct

import mutagen
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.audio_clean import NotAudio, UnreadableAudio, clean_audio, looks_like_audio
from tests import audio_samples as samples


def _assert_no_secret(data: bytes):
    for secret in samples.SECRETS:
        assert secret not in data


@pytest.mark.parametrize(
    ("build", "content_type"),
    [
        (samples.mp3, "audio/mpeg"),
        (samples.wav, "audio/wav"),
        (samples.ogg_opus, "audio/ogg"),
        (samples.m4a, "audio/mp4"),
    ],
)
def test_metadata_is_gone_and_the_file_still_parses(build, content_type):
    raw = build()
    assert any(secret in raw for secret in samples.SECRETS)

    clean, detected = clean_audio(raw)

    assert detected == content_type
    _assert_no_secret(clean)
    parsed = mutagen.File(io.BytesIO(clean))
    assert parsed is not None
    assert not parsed.tags


def test_mp3_keeps_its_frames_byte_for_byte():
    assert clean_audio(samples.mp3())[0] == samples.MP3_AUDIO


def test_wav_keeps_format_and_samples_only():
    clean, _ = clean_audio(samples.wav())
    assert clean == samples.wav_audio()


def test_ogg_keeps_the_audio_packets_and_drops_the_vendor_string():
    clean, _ = clean_audio(samples.ogg_opus())
    assert samples.OPUS_AUDIO * 3 in clean
    assert mutagen.File(io.BytesIO(clean)).tags.vendor == ""


@pytest.mark.parametrize("long_times", [False, True])
def test_m4a_keeps_its_layout_and_loses_times_and_places(long_times):
    raw = samples.m4a(long_times=long_times)
    clean, _ = clean_audio(raw)

    # Same length, same sample bytes at the same offsets: nothing moved.
    assert len(clean) == len(raw)
    assert clean.endswith(samples.MP4_AUDIO)
    width = ">Q" if long_times else ">I"
    assert struct.pack(width, samples.MP4_TIME) in raw
    assert struct.pack(width, samples.MP4_TIME) not in clean
    assert b"udta" not in clean and b"uuid" not in clean


def test_a_video_is_refused():
    with pytest.raises(NotAudio):
        clean_audio(samples.m4a(handler=b"vide"))


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"ID3\x04\x00\x00\x00\x00\x00\x10" + bytes(16),  # a tag and no audio after it
        b"RIFF\x10\x00\x00\x00WAVEfmt \xff\xff\xff\xff",  # a chunk longer than the file
        b"RIFF\x04\x00\x00\x00WAVE",  # no fmt, no data
        b"OggS" + bytes(40),
        b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A mp42\xff\xff\xff\xffmoov",
        b"\x00\x00\x00\x10ftypM4A \x00\x00\x00\x00",  # no track at all
        b"just text, not a recording",
    ],
)
def test_broken_files_are_unreadable(raw):
    with pytest.raises(UnreadableAudio):
        clean_audio(raw)


@settings(max_examples=300, deadline=None)
@given(
    prefix=st.sampled_from([b"RIFF\x00\x00\x00\x00WAVE", b"OggS", b"ID3", b"\xff\xfb", b""]),
    tail=st.binary(max_size=300),
)
def test_any_bytes_end_in_a_clean_file_or_a_known_refusal(prefix, tail):
    raw = prefix + tail
    try:
        clean, _ = clean_audio(raw)
    except (UnreadableAudio, NotAudio):
        return
    assert looks_like_audio(clean)


@pytest.mark.parametrize("build", [samples.mp3, samples.wav, samples.ogg_opus, samples.m4a])
def test_a_truncated_recording_is_refused_or_cleaned_never_kept_with_its_tags(build):
    raw = build()
    for cut in range(1, len(raw), max(1, len(raw) // 40)):
        try:
            clean, _ = clean_audio(raw[:cut])
        except (UnreadableAudio, NotAudio):
            continue
        _assert_no_secret(clean)
