"""The small CBOR codec that makes Pagefind's filter files byte-stable (search/stable.py)."""

from __future__ import annotations

import gzip
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regsite.search.stable import MAGIC, _decode, _encode, _read, _write, stabilise

# RFC 8949, appendix A: the encodings of values of the types Pagefind's files use.
RFC_EXAMPLES = [
    (0, "00"),
    (23, "17"),
    (24, "1818"),
    (100, "1864"),
    (1000, "1903e8"),
    (1000000, "1a000f4240"),
    (1000000000000, "1b000000e8d4a51000"),
    (-1, "20"),
    (-100, "3863"),
    (-1000, "3903e7"),
    (False, "f4"),
    (True, "f5"),
    (None, "f6"),
    (b"\x01\x02\x03\x04", "4401020304"),
    ("", "60"),
    ("a", "6161"),
    ("IETF", "6449455446"),
    ("\u00fc", "62c3bc"),
    ([], "80"),
    ([1, [2, 3], [4, 5]], "8301820203820405"),
]


@pytest.mark.parametrize("value, hex_", RFC_EXAMPLES)
def test_the_rfc_examples(value, hex_):
    assert _encode(value).hex() == hex_
    assert _decode(bytes.fromhex(hex_)) == (value, len(hex_) // 2)


values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.binary(max_size=40) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=6),
    max_leaves=30,
)


@given(values)
def test_every_value_round_trips(value):
    data = _encode(value)
    assert _decode(data) == (value, len(data))


@pytest.mark.parametrize("hex_", ["a0", "fb3ff199999999999a", "1c", "c001"])
def test_what_pagefind_does_not_write_is_refused(hex_):
    """Maps, floats, reserved lengths and tags are not in Pagefind's filter files."""
    with pytest.raises(ValueError, match="unsupported CBOR"):
        _decode(bytes.fromhex(hex_))


def test_values_it_cannot_write_are_refused():
    with pytest.raises(TypeError):
        _encode({"a": 1})
    with pytest.raises(ValueError, match="too large"):
        _encode(2**64)


def test_files_are_gzipped_with_the_magic_and_nothing_after(tmp_path):
    path = tmp_path / "x.pf_filter"
    _write(path, ["Type of page", [["Agreement", [1, 2]]]])
    assert gzip.decompress(path.read_bytes()).startswith(MAGIC)
    assert _read(path) == ["Type of page", [["Agreement", [1, 2]]]]
    path.write_bytes(gzip.compress(b"not pagefind"))
    with pytest.raises(ValueError, match="not a Pagefind index file"):
        _read(path)
    path.write_bytes(gzip.compress(MAGIC + _encode(1) + b"\x00"))
    with pytest.raises(ValueError, match="trailing data"):
        _read(path)


def test_stabilising_a_stable_bundle_changes_nothing(sample_site, tmp_path):
    bundle = tmp_path / "pagefind"
    shutil.copytree(sample_site.out / "pagefind", bundle)
    before = {p.relative_to(bundle): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}
    assert any(p.suffix == ".pf_filter" for p in before)
    stabilise(bundle)
    after = {p.relative_to(bundle): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}
    assert after == before
