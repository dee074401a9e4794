#!/usr/bin/env python3
"""Four LiTS-layout cases from Debian's mricron-data Colin27 template, for whole-volume evaluation runs.

    python3 colin27_lits.py OUT_DIR

writes OUT_DIR/volume-N.nii.gz (the T1 MRI, ch2.nii.gz, as stored) and OUT_DIR/segmentation-N.nii.gz
(uint8, 1 where the skull-stripped ch2bet.nii.gz is above 0) for N = 0..3: the volume as it is, mirrored
along x, along y, and along both. Only NumPy is needed: the NIfTI-1 header is copied as it is, the
segmentation's datatype changed to uint8 and its scaling to none.
"""
import gzip
import struct
import sys
from pathlib import Path

import numpy as np

TEMPLATES = Path("/usr/share/mricron/templates")
DTYPES = {2: np.uint8, 4: np.int16, 8: np.int32, 16: np.float32, 64: np.float64, 512: np.uint16}


def read(path):
    raw = gzip.open(path, "rb").read()
    endian = "<" if struct.unpack("<i", raw[:4])[0] == 348 else ">"
    dims = struct.unpack(endian + "8h", raw[40:56])
    datatype = struct.unpack(endian + "h", raw[70:72])[0]
    offset = int(struct.unpack(endian + "f", raw[108:112])[0])
    shape = dims[1:1 + dims[0]]
    dtype = np.dtype(DTYPES[datatype]).newbyteorder(endian)
    # NIfTI stores x fastest: Fortran order
    data = np.frombuffer(raw, dtype=dtype, count=int(np.prod(shape)), offset=offset).reshape(shape, order="F")
    return bytearray(raw[:offset]), endian, data


def write(path, header, endian, data, datatype=None, bitpix=None, unscaled=False):
    header = bytearray(header)
    if datatype is not None:
        header[70:72] = struct.pack(endian + "h", datatype)
        header[72:74] = struct.pack(endian + "h", bitpix)
    if unscaled:
        header[112:120] = struct.pack(endian + "2f", 1.0, 0.0)  # scl_slope, scl_inter
    body = np.asfortranarray(data).astype(data.dtype.newbyteorder(endian)).tobytes(order="F")
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write(bytes(header) + body)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "colin27-lits")
    out.mkdir(parents=True, exist_ok=True)
    header, endian, image = read(TEMPLATES / "ch2.nii.gz")
    mask_header, mask_endian, bet = read(TEMPLATES / "ch2bet.nii.gz")
    mask = (bet > 0).astype(np.uint8)
    flips = [(), (0,), (1,), (0, 1)]
    for n, axes in enumerate(flips):
        write(out / f"volume-{n}.nii.gz", header, endian, np.flip(image, axes) if axes else image)
        write(out / f"segmentation-{n}.nii.gz", mask_header, mask_endian, np.flip(mask, axes) if axes else mask,
              datatype=2, bitpix=8, unscaled=True)
    print(f"{out}: 4 cases of {image.shape}, foreground {mask.mean():.3f} of the voxels")


if __name__ == "__main__":
    main()
