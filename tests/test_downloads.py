import csv
import gzip
import io
import json

from regsite.render.downloads import csv_bytes, csv_chunks, gzipped, json_bytes, neutralise


def test_formula_cells_are_neutralised():
    assert [neutralise(v) for v in ["=1+1", "+44", "-5", "@SUM(A1)", "\tx", "\rx", "ok", "a=b"]] == [
        "'=1+1",
        "'+44",
        "'-5",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
        "a=b",
    ]


def test_csv_is_utf8_rfc4180_and_round_trips():
    data = csv_bytes(["Name", "Note"], [["ST. GEORGE’S", 'say "hi", then\nleave'], ["=cmd|' /C calc'!A0", ""]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows == [["Name", "Note"], ["ST. GEORGE’S", 'say "hi", then\nleave'], ["'=cmd|' /C calc'!A0", ""]]
    assert data.endswith(b"\r\n")


def test_json_is_valid_for_any_text():
    weird = "\u0000 \ud800 </script> \u2028 “quotes”"
    data = json_bytes({"text": weird})
    assert json.loads(data.decode("utf-8"))["text"].startswith("\u0000 ")


def test_gzipped_chunks_make_one_gzip_file_the_same_every_time():
    chunks = [b'{"a":', b"", b"[" + b"1," * 50_000, b"2]}\n"]
    packed = b"".join(gzipped(iter(chunks)))
    assert gzip.decompress(packed) == b"".join(chunks)
    assert packed == b"".join(gzipped(iter(chunks)))  # no name and no time in the header
    assert packed[:2] == b"\x1f\x8b" and packed[4:8] == b"\0\0\0\0"  # gzip, modification time zero
    assert len(packed) < len(b"".join(chunks)) // 10


def test_csv_comes_in_chunks_of_about_the_size_asked_for_whatever_the_rows():
    rows = [[f"row {i}", "x" * (5_000 if i % 7 else 40_000)] for i in range(200)]
    chunks = list(csv_chunks(["Name", "Text"], rows, chunk_chars=100_000))
    assert b"".join(chunks) == csv_bytes(["Name", "Text"], rows)
    assert len(chunks) > 10 and max(len(c) for c in chunks) < 100_000 + 40_100


def test_gzipped_gives_the_same_stream_however_its_input_is_cut():
    import gzip
    import zlib

    from regsite.render.downloads import GZIP_LEVEL, gzipped

    chunks = [f'{{"n":{i},"text":"{"word " * (i % 97)}"}}'.encode() for i in range(5_000)]
    whole = b"".join(chunks)
    packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    expected = packer.compress(whole) + packer.flush()
    for block in (1, 1_000, 64_000, 1 << 22):  # a call per chunk, and blocks of several sizes
        packed = b"".join(gzipped(chunks, block=block))
        assert packed == expected and gzip.decompress(packed) == whole
