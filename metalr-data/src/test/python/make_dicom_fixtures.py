#!/usr/bin/env python3
"""Writes the DICOM test files and what pydicom reads from them, for DicomPydicomParityTest.

Run with Debian's python3-pydicom and python3-numpy installed
(apt-get install python3-pydicom python3-numpy):

    /usr/bin/python3 metalr-data/src/test/python/make_dicom_fixtures.py

It fills src/test/resources/org/metalr/data/dicom/ with
  * copies of the small test files pydicom ships (MIT licence, see README.md there) that the reader
    supports or must refuse;
  * small files of its own, written with pydicom, covering each case the shipped files do not
    (8-bit, signed 8-bit, 12 of 16 bits, MONOCHROME1, RGB planar 0 and 1, 16-bit RGB, big endian,
    implicit VR, no file meta information with and without preamble, deflate, sequences and UN
    elements of undefined length, several windows, LINEAR_EXACT and SIGMOID windows, a multi-frame
    file to refuse);
  * expected.json: for each supported file, the attributes, the stored values and the modality
    values as pydicom gives them (pixel_array, apply_modality_lut) by SHA-256 of every value plus
    sampled positions, and renderings to [0, 1] computed here with NumPy (the formula of
    DicomImage.render), for the file's own window (or the full range) and for an explicit window:
    the expected value of every distinct modality value of the image, so every pixel is checked;
    for each refused file, why it must be refused and the transfer syntax pydicom reads.

Two files deliberately depart from what pydicom 2.3 returns, both following the standard (PS3.5):
  * u16_bs12_dirty_high_bits.dcm has bits above Bits Stored set; they are masked off (pydicom 2.3
    keeps them), so its expected stored values are pydicom's with those bits cleared;
  * u8_ow_big_endian.dcm holds 8-bit samples in a big-endian OW value, a stream of 16-bit words, so
    bytes come swapped in pairs (pydicom 2.3 reads them in file order); its expected values are the
    image as written.
The rendering's NumPy formula is itself checked against pydicom's apply_windowing wherever a file
has a window. The output is deterministic; commit it together with any change to this script.
"""
import hashlib
import json
import os
import shutil
import warnings

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filebase import DicomBytesIO
from pydicom.pixel_data_handlers.util import apply_modality_lut, apply_windowing
from pydicom.sequence import Sequence
from pydicom.uid import (DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian, ExplicitVRLittleEndian,
                         ImplicitVRLittleEndian, generate_uid)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "org", "metalr", "data", "dicom")
PYDICOM_FILES = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")

SUPPORTED_PYDICOM = ["CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
                     "MR_small_padded.dcm", "ExplVR_BigEnd.dcm", "SC_rgb_small_odd.dcm", "image_dfl.dcm"]
# name -> why the reader must refuse it
REFUSED_PYDICOM = {
    "JPEG2000.dcm": "compressed",
    "JPEG-lossy.dcm": "compressed",
    "MR_small_RLE.dcm": "compressed",
    "MR_small_jpeg_ls_lossless.dcm": "compressed",
    "SC_rgb_jpeg_gdcm.dcm": "compressed",
    "rtdose.dcm": "multi-frame",
    "MR_truncated.dcm": "truncated",
    "SC_ybr_full_422_uncompressed.dcm": "photometric",
    "ExplVR_LitEndNoMeta.dcm": "no pixel data",
    "ExplVR_BigEndNoMeta.dcm": "no pixel data",
}
# An explicit window per supported file, as --dicom-window would give it (LINEAR).
EXPLICIT_WINDOW = {
    "CT_small.dcm": (40.0, 400.0),
    "MR_small.dcm": (300.0, 500.0),
    "MR_small_implicit.dcm": (300.0, 500.0),
    "MR_small_bigendian.dcm": (300.0, 500.0),
    "MR_small_padded.dcm": (300.0, 500.0),
    "image_dfl.dcm": (128.0, 64.0),
}
DEFAULT_EXPLICIT_WINDOW = (100.0, 151.0)

RNG = np.random.default_rng(20240515)


# ---------------------------------------------------------------- writing our own files

def base_dataset(rows, cols, photometric, bits_allocated, bits_stored, signed, samples=1):
    ds = Dataset()
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture Image Storage
    ds.SOPInstanceUID = generate_uid(entropy_srcs=[photometric, str(rows), str(cols), str(bits_stored)])
    ds.Modality = "OT"
    ds.PatientName = "Test^Synthetic"
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = photometric
    if samples > 1:
        ds.PlanarConfiguration = 0
    ds.Rows = rows
    ds.Columns = cols
    ds.BitsAllocated = bits_allocated
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    return ds


def random_values(shape, bits_stored, signed):
    lo, hi = (-(1 << (bits_stored - 1)), (1 << (bits_stored - 1)) - 1) if signed else (0, (1 << bits_stored) - 1)
    return RNG.integers(lo, hi, size=shape, endpoint=True)


def pixel_bytes(values, bits_allocated, signed, big_endian, planar=0):
    """values: (rows, cols) or (rows, cols, 3); planar 1 stores each colour plane in turn."""
    if values.ndim == 3 and planar == 1:
        values = values.transpose(2, 0, 1)
    order = ">" if big_endian else "<"
    kind = "i" if signed else "u"
    dtype = np.dtype(order + kind + str(bits_allocated // 8))
    data = values.astype(dtype).tobytes()
    return data + (b"\0" if len(data) % 2 else b"")


def set_pixels(ds, data, bits_allocated):
    ds.add_new(0x7FE00010, "OW" if bits_allocated > 8 else "OB", data)


def write(name, ds, syntax, meta=True, preamble=True):
    ds.is_little_endian = syntax != ExplicitVRBigEndian
    ds.is_implicit_VR = syntax == ImplicitVRLittleEndian
    path = os.path.join(OUT, name)
    if meta:
        fm = FileMetaDataset()
        fm.MediaStorageSOPClassUID = ds.SOPClassUID
        fm.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        fm.TransferSyntaxUID = syntax
        ds.file_meta = fm
        ds.preamble = b"\0" * 128
        ds.save_as(path, write_like_original=False)
    else:
        buf = DicomBytesIO()
        buf.is_little_endian = ds.is_little_endian
        buf.is_implicit_VR = ds.is_implicit_VR
        pydicom.filewriter.write_dataset(buf, ds)
        with open(path, "wb") as f:
            if preamble:
                f.write(b"\0" * 128 + b"DICM")
            f.write(buf.getvalue())
    return path


def add_sequences(ds):
    """Sequences before Pixel Data, as pydicom writes them: an outer one of undefined length whose first
    item has undefined length and holds a nested sequence of undefined length (its item of defined
    length), a second empty item of defined length, and an empty sequence of defined length."""
    inner = Dataset()
    inner.CodeValue = "T-D0050"
    inner.CodingSchemeDesignator = "SRT"
    inner.CodeMeaning = "Tissue"
    item = Dataset()
    item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    item.ReferencedSOPInstanceUID = "1.2.3.4.5"
    item.AnatomicRegionSequence = Sequence([inner])
    item["AnatomicRegionSequence"].is_undefined_length = True
    item.is_undefined_length_sequence_item = True
    ds.ReferencedImageSequence = Sequence([item, Dataset()])
    ds["ReferencedImageSequence"].is_undefined_length = True
    ds.ReferencedPatientSequence = Sequence([])


def insert_before(path, tag_bytes, raw):
    """Inserts raw element bytes before the first occurrence of tag_bytes after the file meta."""
    with open(path, "rb") as f:
        data = f.read()
    at = data.index(tag_bytes, 132)
    with open(path, "wb") as f:
        f.write(data[:at] + raw + data[at:])


def un_undefined_length_element():
    """(0009,1001) UN of undefined length holding one item of implicit VR little endian elements
    (PS3.5 6.2.2), preceded by its private creator (0009,0010) LO; explicit VR little endian."""
    creator = b"\x09\x00\x10\x00LO\x08\x00METALR  "
    inner = b"\x08\x00\x00\x01" + (6).to_bytes(4, "little") + b"X1234 "  # (0008,0100) SH, implicit
    item = b"\xfe\xff\x00\xe0\xff\xff\xff\xff" + inner + b"\xfe\xff\x0d\xe0\x00\x00\x00\x00"
    un = b"\x09\x00\x01\x10UN\x00\x00\xff\xff\xff\xff" + item + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
    return creator + un


def make_own_files():
    os.makedirs(OUT, exist_ok=True)
    own = []

    def add(name, ds, syntax, values, bits_allocated, signed, planar=0, **kw):
        set_pixels(ds, pixel_bytes(values, bits_allocated, signed, syntax == ExplicitVRBigEndian, planar), bits_allocated)
        write(name, ds, syntax, **kw)
        own.append(name)

    v = random_values((7, 5), 8, False)
    add("u8_mono2_explicit_le.dcm", base_dataset(7, 5, "MONOCHROME2", 8, 8, False), ExplicitVRLittleEndian, v, 8, False)

    ds = base_dataset(6, 9, "MONOCHROME1", 8, 8, False)
    ds.WindowCenter = 100
    ds.WindowWidth = 120
    add("u8_mono1_window.dcm", ds, ExplicitVRLittleEndian, random_values((6, 9), 8, False), 8, False)

    ds = base_dataset(5, 4, "MONOCHROME2", 8, 8, True)
    ds.RescaleSlope = "0.5"
    ds.RescaleIntercept = "10"
    add("s8_mono2_rescale_implicit.dcm", ds, ImplicitVRLittleEndian, random_values((5, 4), 8, True), 8, True)

    ds = base_dataset(8, 6, "MONOCHROME2", 16, 12, False)
    ds.RescaleSlope = "2.5"
    ds.RescaleIntercept = "-100"
    ds.WindowCenter = ["4000", "2000"]
    ds.WindowWidth = ["6000", "800"]
    ds.WindowCenterWidthExplanation = ["WIDE", "NARROW"]
    add("u16_bs12_rescale_windows_implicit.dcm", ds, ImplicitVRLittleEndian, random_values((8, 6), 12, False), 16, False)

    ds = base_dataset(6, 7, "MONOCHROME1", 16, 12, True)
    ds.WindowCenter = -50
    ds.WindowWidth = 300
    ds.VOILUTFunction = "LINEAR_EXACT"
    add("s16_bs12_mono1_linear_exact_big_endian.dcm", ds, ExplicitVRBigEndian, random_values((6, 7), 12, True), 16, True)

    ds = base_dataset(5, 6, "MONOCHROME2", 16, 16, False)
    ds.WindowCenter = 32768
    ds.WindowWidth = 20000
    ds.VOILUTFunction = "SIGMOID"
    add("u16_sigmoid_big_endian.dcm", ds, ExplicitVRBigEndian, random_values((5, 6), 16, False), 16, False)

    ds = base_dataset(4, 6, "RGB", 8, 8, False, samples=3)
    add("rgb8_planar0_implicit.dcm", ds, ImplicitVRLittleEndian, random_values((4, 6, 3), 8, False), 8, False)

    ds = base_dataset(5, 3, "RGB", 8, 8, False, samples=3)
    ds.PlanarConfiguration = 1
    ds.WindowCenter = 10  # windows do not apply to colour: ignored
    ds.WindowWidth = 5
    add("rgb8_planar1_explicit_le.dcm", ds, ExplicitVRLittleEndian, random_values((5, 3, 3), 8, False), 8, False, planar=1)

    ds = base_dataset(3, 4, "RGB", 16, 16, False, samples=3)
    add("rgb16_planar0_big_endian.dcm", ds, ExplicitVRBigEndian, random_values((3, 4, 3), 16, False), 16, False)

    ds = base_dataset(6, 5, "MONOCHROME2", 16, 16, True)
    ds.RescaleSlope = "1"
    ds.RescaleIntercept = "-1024"
    ds.WindowCenter = 40
    ds.WindowWidth = 400
    add("nometa_implicit_le.dcm", ds, ImplicitVRLittleEndian, random_values((6, 5), 12, True), 16, True,
        meta=False, preamble=False)

    ds = base_dataset(4, 7, "MONOCHROME2", 16, 10, False)
    add("nometa_explicit_le.dcm", ds, ExplicitVRLittleEndian, random_values((4, 7), 10, False), 16, False,
        meta=False, preamble=False)

    ds = base_dataset(5, 5, "MONOCHROME1", 16, 16, False)
    add("nometa_explicit_be_mono1.dcm", ds, ExplicitVRBigEndian, random_values((5, 5), 16, False), 16, False,
        meta=False, preamble=False)

    ds = base_dataset(3, 8, "MONOCHROME2", 8, 8, False)
    add("preamble_without_meta_implicit.dcm", ds, ImplicitVRLittleEndian, random_values((3, 8), 8, False), 8, False,
        meta=False, preamble=True)

    ds = base_dataset(9, 7, "MONOCHROME2", 16, 16, True)
    ds.WindowCenter = 0
    ds.WindowWidth = 1000
    add_sequences(ds)
    add("deflated_sequences.dcm", ds, DeflatedExplicitVRLittleEndian, random_values((9, 7), 11, True), 16, True)

    for syntax, name in [(ExplicitVRLittleEndian, "sequences_explicit_le.dcm"),
                         (ImplicitVRLittleEndian, "sequences_implicit.dcm"),
                         (ExplicitVRBigEndian, "sequences_big_endian.dcm")]:
        ds = base_dataset(4, 5, "MONOCHROME2", 16, 16, False)
        add_sequences(ds)
        add(name, ds, syntax, random_values((4, 5), 16, False), 16, False)

    path = os.path.join(OUT, "sequences_explicit_le.dcm")
    insert_before(path, b"\x10\x00\x10\x00PN", un_undefined_length_element())  # before (0010,0010)

    ds = base_dataset(6, 4, "MONOCHROME2", 16, 12, False)
    clean = random_values((6, 4), 12, False)
    dirty = clean | (RNG.integers(0, 15, size=clean.shape, endpoint=True) << 12)
    add("u16_bs12_dirty_high_bits.dcm", ds, ExplicitVRLittleEndian, dirty, 16, False)

    ds = base_dataset(3, 5, "MONOCHROME2", 8, 8, False)
    values = random_values((3, 5), 8, False)
    data = values.astype(np.uint8).tobytes() + b"\0"
    swapped = bytes(data[i ^ 1] for i in range(len(data)))
    ds.add_new(0x7FE00010, "OW", swapped)
    write("u8_ow_big_endian.dcm", ds, ExplicitVRBigEndian)
    own.append("u8_ow_big_endian.dcm")

    ds = base_dataset(4, 4, "MONOCHROME2", 8, 8, False)
    ds.NumberOfFrames = 2
    set_pixels(ds, random_values((2, 4, 4), 8, False).astype(np.uint8).tobytes(), 8)
    write("multiframe_u8.dcm", ds, ExplicitVRLittleEndian)
    return own, {"u8_ow_big_endian.dcm": values}


# ---------------------------------------------------------------- what pydicom reads

def read(path):
    """pydicom's reading; a file without meta information gets the transfer syntax pydicom guessed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(path, force=True)
    if "TransferSyntaxUID" not in ds.file_meta:
        ds.file_meta.TransferSyntaxUID = (ImplicitVRLittleEndian if ds.is_implicit_VR else
                                          ExplicitVRLittleEndian if ds.is_little_endian else ExplicitVRBigEndian)
    return ds


def chw(arr, samples):
    return arr.transpose(2, 0, 1) if samples > 1 else arr[np.newaxis]


def file_window(ds):
    if ds.PhotometricInterpretation not in ("MONOCHROME1", "MONOCHROME2") or "WindowCenter" not in ds:
        return None
    first = lambda v: float(v[0]) if isinstance(v, pydicom.multival.MultiValue) else float(v)
    return first(ds.WindowCenter), first(ds.WindowWidth), str(ds.get("VOILUTFunction", "LINEAR")).upper()


def full_range(ds, signed, bits):
    lo, hi = (-2.0 ** (bits - 1), 2.0 ** (bits - 1) - 1) if signed else (0.0, 2.0 ** bits - 1)
    if "RescaleSlope" in ds and "RescaleIntercept" in ds and ds.SamplesPerPixel == 1:
        lo, hi = lo * float(ds.RescaleSlope) + float(ds.RescaleIntercept), hi * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    return min(lo, hi), max(lo, hi)


def window_function(x, center, width, function):
    """PS3.3 C.11.2.1.2 (LINEAR), C.11.2.1.3.2 (LINEAR_EXACT), C.11.2.1.3.1 (SIGMOID), output [0, 1]."""
    if function == "SIGMOID":
        return 1 / (1 + np.exp(-4 * (x - center) / width))
    if function == "LINEAR":
        center, width = center - 0.5, width - 1
    y = (x - center) / width + 0.5 if width > 0 else np.zeros_like(x)
    return np.where(x <= center - width / 2, 0.0, np.where(x > center + width / 2, 1.0, y))


def render(ds, stored, modality, window, signed, bits):
    """DicomImage.render's formula: window, else the file's, else the full range; MONOCHROME1 inverted; RGB / (2^bits - 1)."""
    if ds.SamplesPerPixel == 3:
        return stored / (2.0 ** bits - 1)
    w = window if window is not None else file_window(ds)
    if w is not None:
        v = window_function(modality, *w)
    else:
        lo, hi = full_range(ds, signed, bits)
        v = (modality - lo) / (hi - lo)
    return 1 - v if ds.PhotometricInterpretation == "MONOCHROME1" else v


def check_against_pydicom_windowing(ds, modality, signed, bits):
    """Our NumPy window formula equals pydicom's apply_windowing rescaled to [0, 1]."""
    w = file_window(ds)
    if w is None:
        return
    y_min, y_max = full_range(ds, signed, bits)
    theirs = (apply_windowing(modality.copy(), ds) - y_min) / (y_max - y_min)
    ours = window_function(modality, *w)
    assert np.allclose(theirs, ours, rtol=0, atol=1e-12), "window formula differs from pydicom's"


def sha256(values, dtype):
    return hashlib.sha256(np.ascontiguousarray(values, dtype=dtype).tobytes()).hexdigest()


def positions(shape, count=16):
    c, h, w = shape
    fixed = [(0, 0, 0), (c - 1, h - 1, w - 1), (0, h // 2, w // 2), (c - 1, 0, w - 1), (0, h - 1, 0)]
    rng = np.random.default_rng(7)
    more = [(int(rng.integers(c)), int(rng.integers(h)), int(rng.integers(w))) for _ in range(count - len(fixed))]
    return fixed + more


def samples(values, at):
    return [[c, y, x, values[c, y, x].item()] for c, y, x in at]


def expected(name, intended=None):
    path = os.path.join(OUT, name)
    ds = read(path)
    samples_per_pixel = int(ds.SamplesPerPixel)
    signed = int(ds.PixelRepresentation) == 1
    bits = int(ds.BitsStored)
    arr = ds.pixel_array
    if intended is not None:  # see the module docstring
        arr = intended
    arr = arr.astype(np.int64) & ((1 << bits) - 1)  # bits above Bits Stored masked off ...
    if signed:  # ... and the sign extended
        arr = np.where(arr >= 1 << (bits - 1), arr - (1 << bits), arr)
    if samples_per_pixel == 1:
        modality = apply_modality_lut(arr, ds).astype(np.float64)
        check_against_pydicom_windowing(ds, modality, signed, bits)
    else:
        modality = arr.astype(np.float64)
    stored = chw(arr, samples_per_pixel)
    modality = chw(modality, samples_per_pixel)
    at = positions(stored.shape)
    explicit = EXPLICIT_WINDOW.get(name, DEFAULT_EXPLICIT_WINDOW)
    renderings = []
    for window in (None, explicit + ("LINEAR",)):
        r = render(ds, stored.astype(np.float64), modality, window, signed, bits)
        keys, first = np.unique(modality, return_index=True)
        renderings.append({"window": None if window is None else list(window[:2]),
                           "distinct": [float("%.9g" % v) for v in r.reshape(-1)[first]],
                           "samples": samples(r, at)})
    fw = file_window(ds)
    slope_intercept = ("RescaleSlope" in ds and "RescaleIntercept" in ds and samples_per_pixel == 1)
    return {
        "file": name,
        "transferSyntax": str(ds.file_meta.TransferSyntaxUID),
        "photometric": str(ds.PhotometricInterpretation),
        "rows": int(ds.Rows), "columns": int(ds.Columns), "channels": samples_per_pixel,
        "bitsAllocated": int(ds.BitsAllocated), "bitsStored": bits, "signed": signed,
        "rescaleSlope": float(ds.RescaleSlope) if slope_intercept else 1.0,
        "rescaleIntercept": float(ds.RescaleIntercept) if slope_intercept else 0.0,
        "fileWindow": None if fw is None else [fw[0], fw[1], fw[2]],
        "fullRange": list(full_range(ds, signed, bits)),
        "stored": {"sha256": sha256(stored, "<i4"), "min": int(stored.min()), "max": int(stored.max()),
                   "samples": samples(stored, at)},
        "modality": {"sha256": sha256(modality, "<f8"), "samples": samples(modality, at)},
        "renderings": renderings,
    }


def refused(name, reason):
    ds = read(os.path.join(OUT, name))
    entry = {"file": name, "reason": reason, "transferSyntax": str(ds.file_meta.TransferSyntaxUID)}
    if reason == "multi-frame":
        entry["numberOfFrames"] = int(ds.NumberOfFrames)
    if reason == "photometric":
        entry["photometric"] = str(ds.PhotometricInterpretation)
    return entry


def main():
    if os.path.isdir(OUT):
        for f in os.listdir(OUT):
            if f.endswith(".dcm") or f == "expected.json":
                os.remove(os.path.join(OUT, f))
    own, intended = make_own_files()
    for name in SUPPORTED_PYDICOM + list(REFUSED_PYDICOM):
        shutil.copyfile(os.path.join(PYDICOM_FILES, name), os.path.join(OUT, name))
    supported = [expected(n, intended.get(n)) for n in SUPPORTED_PYDICOM + own]
    refusals = [refused(n, r) for n, r in list(REFUSED_PYDICOM.items()) + [("multiframe_u8.dcm", "multi-frame")]]
    doc = {"generator": "src/test/python/make_dicom_fixtures.py", "pydicom": pydicom.__version__,
           "numpy": np.__version__, "supported": supported, "refused": refusals}
    with open(os.path.join(OUT, "expected.json"), "w") as f:  # one line per file
        entries = lambda key: ",\n".join(json.dumps(e, separators=(",", ":")) for e in doc[key])
        head = json.dumps({k: v for k, v in doc.items() if k not in ("supported", "refused")})[:-1]
        f.write(head + ',\n"supported":[\n' + entries("supported") + '],\n"refused":[\n' + entries("refused") + "]}\n")
    for e in supported:
        print(f"{e['file']:45s} {e['transferSyntax']:24s} {e['photometric']:12s} {e['rows']}x{e['columns']}x{e['channels']} "
              f"{e['bitsStored']}/{e['bitsAllocated']} {'s' if e['signed'] else 'u'} window={e['fileWindow']}")
    for e in refusals:
        print(f"{e['file']:45s} refused: {e['reason']} ({e['transferSyntax']})")


if __name__ == "__main__":
    main()
