#!/usr/bin/env python3
"""Copies small real-world NIfTI-1 files from nibabel's test data into the test resources and records,
as read by nibabel (an independent reader), the values NiftiRealWorldFileTest checks.

Run with Debian's python3-nibabel installed (apt-get install python3-nibabel):

    python3 metalr-data/src/test/python/nibabel_expected.py

It writes src/test/resources/org/metalr/data/volume/nibabel/{FILES, expected.properties}.
The files are nibabel's (MIT licence, see README.md beside them).
"""
import os
import shutil

import nibabel as nib
import numpy as np

# nibabel.testing would need pytest; the data folder sits beside it.
DATA = os.path.join(os.path.dirname(nib.__file__), "tests", "data")
FILES = ["anatomical.nii", "functional.nii", "standard.nii.gz"]
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "org", "metalr", "data", "volume", "nibabel")


def raw_header(path):
    """The header as stored (nibabel's image header has the scaling reset once the data proxy takes it)."""
    with nib.openers.ImageOpener(path) as f:
        return nib.Nifti1Header.from_fileobj(f)


def probe_points(shape):
    """A few voxel positions spread over the image, corners included, deterministic."""
    last = tuple(n - 1 for n in shape)
    mid = tuple(n // 2 for n in shape)
    third = tuple(n // 3 for n in shape)
    odd = tuple((7 * i + 3) % n for i, n in enumerate(shape))
    return [tuple(0 for _ in shape), last, mid, third, odd]


def fmt(v):
    return repr(float(v))


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = ["# Values read by nibabel " + nib.__version__ + " through src/test/python/nibabel_expected.py; do not edit."]
    for name in FILES:
        src = os.path.join(DATA, name)
        shutil.copyfile(src, os.path.join(OUT, name))
        h = raw_header(src)
        img = nib.load(src)
        data = np.asarray(img.dataobj, dtype=np.float64)  # scaled as nibabel scales
        ndim = int(h["dim"][0])
        shape = data.shape
        p = name + "."
        lines.append(p + "magic=" + h["magic"].item().decode())
        lines.append(p + "byteOrder=" + ("BIG_ENDIAN" if h.endianness == ">" else "LITTLE_ENDIAN"))
        lines.append(p + "datatype=" + str(int(h["datatype"])))
        lines.append(p + "bitpix=" + str(int(h["bitpix"])))
        lines.append(p + "dims=" + ",".join(str(int(d)) for d in h["dim"][1:ndim + 1]))
        lines.append(p + "pixdim=" + ",".join(fmt(d) for d in h["pixdim"][1:ndim + 1]))
        lines.append(p + "zooms=" + ",".join(fmt(z) for z in img.header.get_zooms()[:3]))
        lines.append(p + "voxOffset=" + str(int(h["vox_offset"])))
        lines.append(p + "sclSlope=" + fmt(h["scl_slope"]))
        lines.append(p + "sclInter=" + fmt(h["scl_inter"]))
        lines.append(p + "shape=" + ",".join(str(n) for n in shape))
        lines.append(p + "sum=" + fmt(data.sum()))
        lines.append(p + "min=" + fmt(data.min()))
        lines.append(p + "max=" + fmt(data.max()))
        points = probe_points(shape) + [tuple(int(i) for i in np.unravel_index(np.argmax(data), shape))]
        lines.append(p + "points=" + ";".join(
            ",".join(str(i) for i in pt) + "=" + fmt(data[pt]) for pt in points))
    with open(os.path.join(OUT, "expected.properties"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
