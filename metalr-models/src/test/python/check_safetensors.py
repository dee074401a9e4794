#!/usr/bin/env python3
"""Checks a safetensors file, independently of the Java code: layout against the specification, and
values against a JSON file of expected tensors.

Usage:

    python3 check_safetensors.py FILE EXPECTED_JSON [--torch]

EXPECTED_JSON maps each tensor name to {"dtype": "float32" | "float64" | "int64" | ..., "shape": [...],
"values": [...]} (row-major; floats exact, "inf", "-inf" and "nan" as strings), the format of
expected.json next to the fixtures. With --torch the tensors are also built with torch.frombuffer,
as a PyTorch user would get them. Needs numpy (and torch for --torch). Exits 0 if all is well, 1 with
a message otherwise. SafetensorsPythonInteropTest runs it on a file the Java writer produced.
"""
import json
import math
import struct
import sys

import numpy as np

DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
          "U8": "u1", "BOOL": "?"}
NAMES = {"float64": "F64", "float32": "F32", "float16": "F16", "int64": "I64", "int32": "I32"}


def fail(message):
    print("check_safetensors: " + message, file=sys.stderr)
    sys.exit(1)


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        fail("duplicate keys in the header")
    return dict(pairs)


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header_bytes = data[8:8 + n]
    if not header_bytes.startswith(b"{"):
        fail("header does not start with '{'")
    header = json.loads(header_bytes.decode("utf-8"), object_pairs_hook=no_duplicates)
    body = data[8 + n:]
    metadata = header.pop("__metadata__", {})
    if not all(isinstance(v, str) for v in metadata.values()):
        fail("__metadata__ values must be strings")
    # the specification requires the tensors to cover the data section exactly, without gaps or overlap
    spans = sorted((info["data_offsets"], name) for name, info in header.items())
    end = 0
    for (b, e), name in spans:
        if b != end or e < b:
            fail("tensor %s: offsets [%d, %d] leave a gap or overlap (expected to start at %d)" % (name, b, e, end))
        end = e
    if end != len(body):
        fail("tensors cover %d bytes of a %d-byte data section" % (end, len(body)))
    arrays = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        dtype = np.dtype(DTYPES[info["dtype"]])
        if b % dtype.itemsize:
            fail("tensor %s is not aligned to its element size" % name)
        arrays[name] = (info["dtype"], np.frombuffer(body[b:e], dtype=dtype).reshape(info["shape"]))
    return header, arrays, metadata


def expected_value(v):
    if isinstance(v, str):
        return {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}[v]
    return v


def main(argv):
    if len(argv) < 3:
        fail(__doc__)
    header, arrays, _ = read(argv[1])
    with open(argv[2]) as f:
        expected = json.load(f)
    if list(header.keys()) != list(expected.keys()):
        fail("header lists %s, expected %s" % (list(header.keys()), list(expected.keys())))
    for name, record in expected.items():
        st_dtype, array = arrays[name]
        if st_dtype != NAMES[record["dtype"]]:
            fail("tensor %s: dtype %s, expected %s" % (name, st_dtype, record["dtype"]))
        if list(array.shape) != record["shape"]:
            fail("tensor %s: shape %s, expected %s" % (name, list(array.shape), record["shape"]))
        want = np.array([expected_value(v) for v in record["values"]], dtype=array.dtype).reshape(array.shape)
        if array.dtype.kind == "f":
            same = np.array_equal(array.view(f"u{array.dtype.itemsize}"), want.view(f"u{array.dtype.itemsize}"))
            # NaN payloads may differ between writers; compare NaN positions only
            if not same and not (np.array_equal(np.isnan(array), np.isnan(want))
                                 and np.array_equal(array[~np.isnan(array)], want[~np.isnan(want)])):
                fail("tensor %s: values differ" % name)
        elif not np.array_equal(array, want):
            fail("tensor %s: values differ" % name)
    if "--torch" in argv:
        import torch
        with open(argv[1], "rb") as f:
            data = f.read()
        (n,) = struct.unpack("<Q", data[:8])
        body = bytearray(data[8 + n:])
        types = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64}
        for name, info in header.items():
            b, e = info["data_offsets"]
            dtype = types[info["dtype"]]
            size = torch.empty(0, dtype=dtype).element_size()
            t = torch.frombuffer(body, dtype=dtype, count=(e - b) // size, offset=b) if e > b else torch.empty(0, dtype=dtype)
            t = t.reshape(info["shape"])
            if not np.array_equal(t.numpy(), arrays[name][1], equal_nan=True):
                fail("tensor %s: torch reads other values" % name)
    print("check_safetensors: %s OK (%d tensors)" % (argv[1], len(expected)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
