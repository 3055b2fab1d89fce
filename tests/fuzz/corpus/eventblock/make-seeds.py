#!/usr/bin/env python3
"""Writes the eventblock fuzzer's seeds: event blocks in formats 1 and 2 (core/store/eventblock.h),
made here from the format's description rather than by the encoder, so they also check that the
two agree. Each seed is two bytes of event count (little-endian; the top bit marks format 2)
followed by the blob. Format 2 compresses the records with the system's liblz4 (ctypes)."""
import ctypes
import pathlib

def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)

def zigzag(n):
    return ((n << 1) ^ (n >> 63)) & 0xFFFFFFFFFFFFFFFF

def text(s):
    b = s.encode()
    return varint(len(b)) + b

def lz4_block(data):
    lz4 = ctypes.CDLL("liblz4.so.1")
    bound = lz4.LZ4_compressBound(len(data))
    dst = ctypes.create_string_buffer(bound)
    size = lz4.LZ4_compress_default(data, dst, len(data), bound)
    assert size > 0
    return dst.raw[:size]

def block(events, compressed=False):
    """events: (time_us, seq, line, quality, level, kind, flags, [seven texts or None])"""
    out = bytearray(varint(len(events)))
    out += varint(zigzag(events[0][0]))
    for a, b in zip(events, events[1:]):
        out += varint(b[0] - a[0])
    seq = 0
    for e in events:
        out += varint(zigzag(e[1] - seq))
        seq = e[1]
    records = bytearray()
    line = 0
    for t, s, ln, quality, level, kind, flags, texts in events:
        records += varint(zigzag(ln - line))
        line = ln
        records += bytes([quality | level << 2, kind]) + varint(flags)
        mask = sum(1 << i for i, x in enumerate(texts) if x)
        records.append(mask)
        for x in texts:
            if x:
                records += text(x)
    if compressed:
        out += varint(len(records)) + lz4_block(bytes(records))
    else:
        out += records
    return (len(events) | (0x8000 if compressed else 0)).to_bytes(2, "little") + bytes(out)

here = pathlib.Path(__file__).parent
etl = [
    (1781744400000000, 0, 1, 1, 3, 5, 0, [None, "etl", "nhs-e", None, None,
        "Starting create_post_funding for tenant NHS E",
        "2026-06-18 02:00:00,000 INFO Starting create_post_funding for tenant NHS E"]),
    (1781744523000000, 1, 2, 1, 6, 9, 0, [None, "etl", "nhs-e", None, None,
        'column "funding_band" does not exist', None]),
    (1781744523000000, 2, 3, 3, 6, 9, 1, [None, None, None, None, None, "Traceback (most recent call last):", None]),
]
github = [
    (1781741107000000, 0, 0, 0, 0, 2, 0, ["/0", "etl", "412", "dana", "merged", "Merge PR #412 ✓", None]),
    (1781743000000000, 1, 0, 0, 3, 3, 2, ["/1", "Deploy ETL", "88", "dana", "success", "Deploy ETL #88", None]),
]
(here / "etl-three-events").write_bytes(block(etl))
(here / "github-merge-deploy").write_bytes(block(github))
(here / "etl-three-events-compressed").write_bytes(block(etl, compressed=True))
