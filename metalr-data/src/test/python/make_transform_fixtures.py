#!/usr/bin/env python3
"""Writes the golden files that TransformParityTest and ImageDecoderTest compare against.

torchvision's tensor transforms (resize, resized_crop, hflip, normalize, rgb_to_grayscale,
RandomResizedCrop.get_params' fallback, the ImageNet evaluation resize and centre crop) are applied to small random images saved as PNG, and
PIL's decoding of PNG (8/16-bit, grey, palette, RGBA), BMP and JPEG files written by PIL is
recorded. The Java tests only compare; re-run this script from the repository root to regenerate
(the output is the same on every run):

    python3 metalr-data/src/test/python/make_transform_fixtures.py

Made with Debian's python3-torch 1.13 and python3-torchvision 0.14, where tensor Resize has
antialias off by default (bilinear, align_corners=False). Output: PNG/BMP/JPEG inputs and
transform_fixtures.txt under src/test/resources/org/metalr/data/image/.

Fixture format, one case per block:
    case <name>
    op <operation> <arguments...>
    shape <dims...>
    data <values...>          (float32 values, or integers for rrc_fallback)
"""
import math
import os

import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F
from PIL import Image
from torchvision.transforms import RandomResizedCrop

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "org", "metalr", "data", "image")


def fmt(values):
    return " ".join("%.9g" % np.float32(v) for v in values)


class Writer:
    def __init__(self):
        self.blocks = []

    def case(self, name, op, tensor):
        t = tensor.detach().to(torch.float32).contiguous()
        self.blocks.append(
            "case %s\nop %s\nshape %s\ndata %s\n"
            % (name, op, " ".join(str(d) for d in t.shape), fmt(t.flatten().tolist())))

    def ints(self, name, op, values):
        self.blocks.append("case %s\nop %s\nshape %d\ndata %s\n"
                           % (name, op, len(values), " ".join(str(int(v)) for v in values)))

    def save(self, path):
        header = "# torch %s, torchvision %s; see make_transform_fixtures.py\n" % (
            torch.__version__, torchvision.__version__)
        with open(path, "w") as f:
            f.write(header + "\n".join(self.blocks))


def load(name):
    return F.to_tensor(Image.open(os.path.join(OUT, name)).convert("RGB"))


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(20240611)
    w = Writer()

    # Inputs: a 10x13 RGB image (H x W) and a 9x7 grey one, 8-bit PNG.
    rgb = (torch.rand(10, 13, 3, generator=g) * 255).round().to(torch.uint8).numpy()
    Image.fromarray(rgb, "RGB").save(os.path.join(OUT, "rgb-10x13.png"))
    grey = (torch.rand(9, 7, generator=g) * 255).round().to(torch.uint8).numpy()
    Image.fromarray(grey, "L").save(os.path.join(OUT, "grey-9x7.png"))

    x = load("rgb-10x13.png")
    w.case("decode_rgb", "decode rgb-10x13.png", x)
    for (h, wd) in [(7, 5), (15, 17), (10, 13), (4, 29), (1, 1), (10, 6)]:
        w.case("resize_%dx%d" % (h, wd), "resize rgb-10x13.png %d %d" % (h, wd), F.resize(x, [h, wd], antialias=False))
    for (top, left, h, wd, oh, ow) in [(2, 3, 6, 8, 8, 8), (0, 0, 10, 13, 5, 6), (-1, 2, 8, 12, 9, 9),
                                       (3, 4, 1, 1, 4, 4), (5, 9, 5, 4, 5, 4)]:
        w.case("resized_crop_%d_%d_%d_%d_%dx%d" % (top, left, h, wd, oh, ow),
               "resized_crop rgb-10x13.png %d %d %d %d %d %d" % (top, left, h, wd, oh, ow),
               F.resized_crop(x, top, left, h, wd, [oh, ow], antialias=False))
    w.case("hflip", "hflip rgb-10x13.png", F.hflip(x))
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    w.case("normalize", "normalize rgb-10x13.png %s %s" % (",".join(map(str, mean)), ",".join(map(str, std))),
           F.normalize(x, mean, std))
    w.case("grayscale", "grayscale rgb-10x13.png", F.rgb_to_grayscale(x))

    # Grey input, as 1 channel, and as the POCUS-style eval pipeline on 3 channels.
    xg = F.to_tensor(Image.open(os.path.join(OUT, "grey-9x7.png")))
    w.case("decode_grey", "decode grey-9x7.png", xg)
    w.case("resize_grey_12x5", "resize grey-9x7.png 12 5", F.resize(xg, [12, 5], antialias=False))
    x3 = load("grey-9x7.png")
    w.case("pipeline_grey_to_rgb", "pipeline grey-9x7.png 3 8 8 0.18 0.24",
           F.normalize(F.resize(x3, [8, 8], antialias=False), [0.18] * 3, [0.24] * 3))

    # torchvision's evaluation transform: Resize(shorter side) then CenterCrop (zero padding where the crop
    # is larger), alone and as the ImageNet preset's whole evaluation pipeline (resize round(crop * 256 / 224)).
    # Grey: one channel as decoded, three (repeated) through the RGB pipeline.
    for name, img, rgb_img in [("rgb-10x13.png", x, x), ("grey-9x7.png", xg, x3)]:
        for (size, crop) in [(8, 7), (6, 6), (12, 11), (9, 13)]:
            w.case("resize_centre_crop_%s_%d_%d" % (name[:-4], size, crop),
                   "resize_centre_crop %s %d %d" % (name, size, crop),
                   F.center_crop(F.resize(img, size, antialias=False), [crop, crop]))
        for crop in [7, 9]:
            w.case("imagenet_eval_%s_%d" % (name[:-4], crop), "imagenet_eval %s %d" % (name, crop),
                   F.normalize(F.center_crop(F.resize(rgb_img, round(crop * 256 / 224), antialias=False),
                                             [crop, crop]), mean, std))

    # RandomResizedCrop's central fallback (scale too large for any try to fit): deterministic.
    for (h, wd, ratio) in [(10, 13, (0.8, 1.25)), (10, 13, (1.5, 2.0)), (10, 13, (0.25, 0.5)),
                           (13, 10, (0.8, 1.25)), (9, 9, (0.8, 1.25)), (7, 11, (0.3, 0.7))]:
        params = RandomResizedCrop.get_params(torch.zeros(1, h, wd), [4.0, 5.0], list(ratio))
        w.ints("rrc_fallback_%dx%d_%s_%s" % (h, wd, ratio[0], ratio[1]),
               "rrc_fallback %d %d 4.0 5.0 %s %s" % (h, wd, ratio[0], ratio[1]), params)

    # Decoding of files written by PIL, an encoder independent of javax.imageio.
    g16 = (torch.rand(4, 5, generator=g) * 65535).round().to(torch.int64).numpy().astype(np.uint16)
    g16[0, 0], g16[0, 1] = 0, 65535
    Image.fromarray(g16).save(os.path.join(OUT, "grey16-4x5.png"))
    w.case("decode_grey16", "decode grey16-4x5.png", torch.from_numpy(g16.astype(np.float32) / np.float32(65535))[None])

    pal = Image.fromarray(rgb, "RGB").quantize(colors=6)
    pal.save(os.path.join(OUT, "palette-10x13.png"))
    w.case("decode_palette", "decode palette-10x13.png", load("palette-10x13.png"))

    rgba = np.concatenate([rgb, (torch.rand(10, 13, 1, generator=g) * 255).to(torch.uint8).numpy()], axis=2)
    Image.fromarray(rgba, "RGBA").save(os.path.join(OUT, "rgba-10x13.png"))
    w.case("decode_rgba", "decode rgba-10x13.png", load("rgba-10x13.png"))

    Image.fromarray(rgb, "RGB").save(os.path.join(OUT, "rgb-10x13.bmp"))
    w.case("decode_bmp", "decode rgb-10x13.bmp", load("rgb-10x13.bmp"))

    # A smooth JPEG: decoders may differ by a level or two, so the test allows a tolerance.
    yy, xx = np.mgrid[0:16, 0:16]
    smooth = np.stack([xx * 15, yy * 15, (xx + yy) * 7], axis=2).astype(np.uint8)
    Image.fromarray(smooth, "RGB").save(os.path.join(OUT, "smooth-16x16.jpg"), quality=95)
    w.case("decode_jpeg", "decode smooth-16x16.jpg", load("smooth-16x16.jpg"))

    w.save(os.path.join(OUT, "transform_fixtures.txt"))
    print("wrote fixtures to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
