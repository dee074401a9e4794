#!/usr/bin/env python3
"""Writes the small MedMNIST-style .npz files that MedMnistLayoutTest reads.

Each file holds train/val/test images and labels as MedMNIST distributes them (uint8 images
(N, H, W) or (N, H, W, 3), uint8 labels (N, 1)), with pixel values from a formula the Java test
recomputes independently:

    pixel(split, i, y, x, c) = (OFFSET[split] + 31 * i + 7 * y + 3 * x + 50 * c) % 256
    label(split, i)          = i % 3

plus files the layout must refuse (multi-label, 3D volumes, float32, Fortran order). Re-run from the
repository root to regenerate (the output is the same on every run, NumPy 1.24):

    python3 metalr-data/src/test/python/make_medmnist_fixtures.py
"""
import os

import numpy as np

OUT = "metalr-data/src/test/resources/org/metalr/data/medmnist"
OFFSET = {"train": 0, "val": 100, "test": 200}
SIZES = {"train": 12, "val": 6, "test": 6}


def images(split, shape):
    n = SIZES[split]
    idx = np.indices((n,) + shape)
    c = idx[3] if len(shape) == 3 else 0
    return ((OFFSET[split] + 31 * idx[0] + 7 * idx[1] + 3 * idx[2] + 50 * c) % 256).astype(np.uint8)


def labels(split):
    return (np.arange(SIZES[split]) % 3).astype(np.uint8).reshape(-1, 1)


def arrays(shape, label=labels):
    out = {}
    for split in ("train", "val", "test"):
        out[split + "_images"] = images(split, shape)
        out[split + "_labels"] = label(split)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    np.savez(os.path.join(OUT, "grey_stored.npz"), **arrays((8, 8)))
    np.savez_compressed(os.path.join(OUT, "grey_deflated.npz"), **arrays((8, 8)))
    np.savez_compressed(os.path.join(OUT, "rgb.npz"), **arrays((6, 5, 3)))
    np.savez_compressed(os.path.join(OUT, "labels_1d.npz"),
                        **arrays((8, 8), lambda s: labels(s).reshape(-1)))
    np.savez_compressed(os.path.join(OUT, "multilabel.npz"),
                        **arrays((8, 8), lambda s: (np.indices((SIZES[s], 14)).sum(0) % 2).astype(np.uint8)))
    np.savez_compressed(os.path.join(OUT, "volumes.npz"), **arrays((4, 4, 4)))
    a = arrays((8, 8))
    a["train_images"] = a["train_images"].astype(np.float32)
    np.savez_compressed(os.path.join(OUT, "float.npz"), **a)
    a = arrays((8, 8))
    a["val_images"] = np.asfortranarray(a["val_images"])
    np.savez_compressed(os.path.join(OUT, "fortran.npz"), **a)


if __name__ == "__main__":
    main()
