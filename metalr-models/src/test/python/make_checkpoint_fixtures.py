#!/usr/bin/env python3
"""Generates the checkpoint fixtures of metalr-models' checkpoint tests.

Usage (from the metalr-models directory; needs PyTorch and numpy, e.g. Debian's python3-torch):

    python3 src/test/python/make_checkpoint_fixtures.py [OUTPUT_DIR]

OUTPUT_DIR defaults to src/test/resources/checkpoints. Everything is seeded: rerunning gives the same
tensors and byte-identical files, but for the legacy_*.pth files, whose storage keys torch derives
from memory addresses. The files, 0.3 to 14 KB each:

  dtypes.pth            torch.save of a dict of tensors of every supported element type: float32,
                        float64, float16 and bfloat16 (with infinities, NaN, subnormals and -0), int64,
                        int32, int16, int8, uint8, bool, a Parameter, a 0-d and an empty tensor, a
                        transposed (non-contiguous) float32 and float16 tensor, and two slices viewing
                        one storage at offsets
  dtypes.safetensors    the same kinds of tensors plus __metadata__, written by hand (struct + json)
                        after the safetensors specification, so no safetensors package is needed
  tiny_resnet.pth       state_dict() of a reduced ResNet whose tensor names are torchvision's
                        (conv1, bn1, layer1.0.conv1, layer2.0.downsample.0, fc, ...; BatchNorm buffers
                        included), width 2
  contrastive.pth       the same backbone weights under the names a SimCLR-style model gives them
                        (features.0.weight, ..., as in USCL), plus a projection head l1/l2
  wrapped_module.pth    {'epoch', 'state_dict' (a DataParallel state dict: 'module.' prefixes, names
                        as Models Genesis' UNet3D), 'optimizer_state_dict' (SGD with momentum),
                        'best_loss', 'info' (a list of plain values)}
  with_namespace.pth    {'args': argparse.Namespace(...), 'state_dict': ...}: unsupported class
  full_module.pth       torch.save of an nn.Linear module itself: unsupported class
  view_beyond_storage.pth, storage_too_short.pth, missing_storage.pth
                        hand-built torch zip archives with inconsistent storages

Legacy torch.save files (the format of PyTorch before 1.6), written by torch.save with
_use_new_zipfile_serialization=False, each the twin of a zip file above (the same Python object):

  legacy_dtypes.pth           dtypes.pth's tensors: every element type, views sharing a storage
  legacy_tiny_resnet.pth      tiny_resnet.pth's plain state dict
  legacy_wrapped_module.pth   wrapped_module.pth's dict: a 'module.'-prefixed state dict nested under
                              'state_dict', beside an optimizer's state and plain values
  legacy_full_module.pth      full_module.pth's nn.Linear: the module itself, pickled
  legacy_fp16.pth             tiny_resnet.pth's model in half precision (model.half().state_dict()),
                              whose values expected.json records

and three made from them here, each transformation done openly by the functions below:

  legacy_big_endian.pth       legacy_dtypes.pth as PyTorch before late 2019 wrote it on a big-endian
                              machine: the system info says little_endian=False and each storage's
                              element count is big-endian, while the elements stay little-endian
                              (PyTorch writes them little-endian on every machine). torch.save on this
                              (little-endian) machine cannot write that, so big_endian() rewrites
                              those two parts of legacy_dtypes.pth's bytes.
  legacy_missing_key.pth      legacy_tiny_resnet.pth without its first storage: that key left out of
                              the storage key list and its bytes removed (corrupt: the saved object
                              still uses it)
  legacy_truncated.pth        legacy_tiny_resnet.pth cut in the middle of its last storage

expected.json             for dtypes.pth, dtypes.safetensors, tiny_resnet.pth, wrapped_module.pth and
                          legacy_fp16.pth: each tensor's dtype, shape and row-major values (floats
                          exactly, as doubles; "inf", "-inf", "nan" as strings; booleans as 0/1)

check_safetensors.py (next to this script) is the reverse check: it reads a safetensors file
written by Java with an independent reader and compares it to values in a JSON file.
"""
import argparse
import collections
import copy
import io
import json
import math
import os
import pickle
import pickletools
import struct
import sys
import zipfile

import numpy as np
import torch
import torch.nn as nn


def tensor_record(t):
    """dtype, shape and exact row-major values of a tensor, for expected.json."""
    t = t.detach()
    dtype = str(t.dtype).replace("torch.", "")
    if t.dtype == torch.bool:
        values = [int(v) for v in t.reshape(-1).tolist()]
    elif t.dtype.is_floating_point:
        values = [float_value(v) for v in t.to(torch.float64).reshape(-1).tolist()]
    else:
        values = t.reshape(-1).tolist()
    return {"dtype": dtype, "shape": list(t.shape), "values": values}


def float_value(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def special_floats(dtype):
    info = torch.finfo(dtype)
    return torch.tensor([1.0, -2.5, info.max, info.tiny, info.tiny / 4, float("inf"), float("-inf"),
                         float("nan"), 0.0, -0.0, 0.1], dtype=dtype)


def dtype_tensors():
    g = torch.Generator().manual_seed(1)
    base = torch.randn(3, 4, generator=g)
    tensors = collections.OrderedDict()
    tensors["f32"] = torch.randn(2, 3, generator=g)
    tensors["f64"] = torch.randn(3, generator=g, dtype=torch.float64)
    tensors["f16"] = special_floats(torch.float16)
    tensors["bf16"] = special_floats(torch.bfloat16)
    tensors["i64"] = torch.tensor([0, -1, 2**40, -(2**62), 7], dtype=torch.int64)
    tensors["i32"] = torch.tensor([0, -5, 2**31 - 1], dtype=torch.int32)
    tensors["i16"] = torch.tensor([-300, 300], dtype=torch.int16)
    tensors["i8"] = torch.tensor([-128, 127], dtype=torch.int8)
    tensors["u8"] = torch.tensor([0, 200, 255], dtype=torch.uint8)
    tensors["bool"] = torch.tensor([True, False, True])
    tensors["scalar"] = torch.tensor(3.5)
    tensors["empty"] = torch.zeros(0, 3)
    tensors["param"] = nn.Parameter(torch.randn(2, 2, generator=g))
    tensors["transposed"] = torch.randn(2, 3, generator=g).t()           # stride (1, 3)
    tensors["transposed_f16"] = torch.randn(3, 2, generator=g).half().t()
    tensors["rows"] = base[1:]                                            # offset 4 into base's storage
    tensors["column"] = base[:, 2]                                        # offset 2, stride 4
    assert not tensors["transposed"].is_contiguous()
    assert tensors["rows"].storage_offset() == 4 and tensors["column"].stride() == (4,)
    return tensors


class BasicBlock(nn.Module):
    """torchvision's BasicBlock, with its attribute names."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class TinyResNet(nn.Module):
    """A ResNet with torchvision's tensor names, reduced to one block per stage and two stages."""

    def __init__(self, width=2, classes=3):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = nn.Sequential(BasicBlock(width, width, 1))
        self.layer2 = nn.Sequential(BasicBlock(width, 2 * width, 2))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(2 * width, classes)


class SimClr(nn.Module):
    """A contrastive model as USCL builds it: the backbone's children under 'features', a projection head."""

    def __init__(self, backbone):
        super().__init__()
        self.features = nn.Sequential(*list(backbone.children())[:-1])
        self.l1 = nn.Linear(4, 4)
        self.l2 = nn.Linear(4, 2)


class ConvUnit(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv3d(cin, cout, 3, padding=1)
        self.bn1 = nn.BatchNorm3d(cout)


class DownTransition(nn.Module):
    def __init__(self):
        super().__init__()
        self.ops = nn.Sequential(ConvUnit(1, 2))


class OutputTransition(nn.Module):
    def __init__(self):
        super().__init__()
        self.final_conv = nn.Conv3d(2, 1, 1)


class TinyUNet(nn.Module):
    """Two blocks of Models Genesis' UNet3D, with their tensor names."""

    def __init__(self):
        super().__init__()
        self.down_tr64 = DownTransition()
        self.out_tr = OutputTransition()


def randomize(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if name.endswith("num_batches_tracked"):
                t.fill_(7)
            elif name.endswith("running_var"):
                t.copy_(torch.rand(t.shape, generator=g) + 0.5)
            else:
                t.copy_(torch.randn(t.shape, generator=g))


def write_raw_torch_zip(path, obj, storages):
    """A torch.save-style zip built by hand, to make inconsistent archives torch.save would not write.

    obj may contain RawTensor(storage_key, dtype_name, numel, offset, size, stride) placeholders.
    """
    buf = io.BytesIO()

    class Pickler(pickle.Pickler):
        def persistent_id(self, o):
            if isinstance(o, RawStorage):
                return ("storage", getattr(torch, o.type_name), o.key, "cpu", o.numel)
            return None

    Pickler(buf, protocol=2).dump(obj)
    def entry(name):  # a fixed timestamp keeps the file byte-identical across runs
        return zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))

    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr(entry("archive/data.pkl"), buf.getvalue())
        for key, data in storages.items():
            z.writestr(entry("archive/data/" + key), data)
        z.writestr(entry("archive/version"), "3\n")


class RawStorage:
    def __init__(self, key, type_name, numel):
        self.key, self.type_name, self.numel = key, type_name, numel


class RawTensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride)

    def __reduce__(self):
        storage, offset, size, stride = self.args
        return torch._utils._rebuild_tensor_v2, (storage, offset, size, stride, False, collections.OrderedDict())


def save_legacy(obj, file):
    """torch.save in the legacy format, the default of PyTorch before 1.6."""
    torch.save(obj, file, _use_new_zipfile_serialization=False)


class LegacyFile:
    """A legacy torch.save file taken apart: five pickles back to back (magic number, protocol version,
    system info, the saved object, the storage keys), then per key the element count (8 bytes) and the
    elements' bytes."""

    def __init__(self, data):
        self.pickles = []
        at = 0
        for _ in range(5):
            end = at + [pos for op, _, pos in pickletools.genops(data[at:]) if op.name == "STOP"][0] + 1
            self.pickles.append(data[at:end])
            at = end
        self.keys = pickle.loads(self.pickles[4])
        sizes = self._storage_bytes(self.pickles[3])
        self.storages = collections.OrderedDict()
        for key in self.keys:
            count, end = data[at:at + 8], at + 8 + sizes[key]
            self.storages[key] = (count, data[at + 8:end])
            at = end
        assert at == len(data)

    @staticmethod
    def _storage_bytes(object_pickle):
        """Bytes of each storage the saved object declares, from its persistent ids."""
        sizes = {}

        class Declarations(pickle.Unpickler):
            def persistent_load(self, pid):
                if pid[0] == "module":
                    return pid[1]
                _, storage_type, key, _, numel, _ = pid
                sizes[key] = numel * torch._utils._element_size(storage_type.dtype)
                return storage_type(numel)

        Declarations(io.BytesIO(object_pickle)).load()
        return sizes

    def bytes(self):
        return b"".join(self.pickles) + b"".join(count + data for count, data in self.storages.values())


def big_endian(data):
    """A legacy file as PyTorch before late 2019 (pytorch/pytorch#26383) wrote it on a big-endian machine:
    the system info says little_endian=False and the element counts are big-endian; the elements stay
    little-endian, as PyTorch's writeFileRaw has always converted them."""
    f = LegacyFile(data)
    sys_info = pickle.loads(f.pickles[2])
    assert sys_info["little_endian"]
    sys_info["little_endian"] = False
    f.pickles[2] = pickle.dumps(sys_info, protocol=2)
    for key, (count, elements) in f.storages.items():
        f.storages[key] = (count[::-1], elements)
    return f.bytes()


def without_first_storage(data):
    """A legacy file whose first storage is gone from the key list and the data, though still used."""
    f = LegacyFile(data)
    first = f.keys[0]
    f.pickles[4] = pickle.dumps(f.keys[1:], protocol=2)
    del f.storages[first]
    return f.bytes()


def cut_in_last_storage(data):
    f = LegacyFile(data)
    _, elements = list(f.storages.values())[-1]
    assert len(elements) >= 2
    return data[:len(data) - len(elements) // 2]


SAFETENSORS_DTYPES = {
    torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
    torch.bool: "BOOL",
}


def tensor_bytes(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write_safetensors(path, tensors, metadata=None):
    """A safetensors file after the specification: u64 LE header size, JSON header, data."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    chunks, offset = [], 0
    for name, t in tensors.items():
        data = tensor_bytes(t)
        header[name] = {"dtype": SAFETENSORS_DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=os.path.join(here, "..", "resources", "checkpoints"))
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    expected = {}

    def path(name):
        return os.path.join(out, name)

    dtypes = dtype_tensors()
    torch.save(dtypes, path("dtypes.pth"))
    save_legacy(dtypes, path("legacy_dtypes.pth"))
    expected["dtypes.pth"] = {k: tensor_record(v) for k, v in dtypes.items()}

    st = collections.OrderedDict((k, dtypes[k]) for k in
                                 ["f32", "f64", "f16", "bf16", "i64", "i32", "i16", "i8", "u8", "bool", "scalar", "empty"])
    st["transposed"] = dtypes["transposed"].contiguous()
    write_safetensors(path("dtypes.safetensors"), st, {"format": "pt", "note": "written by hand"})
    expected["dtypes.safetensors"] = {k: tensor_record(v) for k, v in st.items()}

    resnet = TinyResNet()
    randomize(resnet, 2)
    torch.save(resnet.state_dict(), path("tiny_resnet.pth"))
    save_legacy(resnet.state_dict(), path("legacy_tiny_resnet.pth"))
    expected["tiny_resnet.pth"] = {k: tensor_record(v) for k, v in resnet.state_dict().items()}
    half = copy.deepcopy(resnet).half().state_dict()
    save_legacy(half, path("legacy_fp16.pth"))
    expected["legacy_fp16.pth"] = {k: tensor_record(v) for k, v in half.items()}

    simclr = SimClr(resnet)
    torch.save(simclr.state_dict(), path("contrastive.pth"))

    unet = nn.DataParallel(TinyUNet())
    randomize(unet, 3)
    opt = torch.optim.SGD(unet.parameters(), lr=0.1, momentum=0.9)
    for p in unet.parameters():
        p.grad = torch.ones_like(p)
    opt.step()
    wrapped = {"epoch": 7, "state_dict": unet.state_dict(), "optimizer_state_dict": opt.state_dict(),
               "best_loss": 0.25, "info": [1.5, None, True, "text", (1, 2)]}
    torch.save(wrapped, path("wrapped_module.pth"))
    save_legacy(wrapped, path("legacy_wrapped_module.pth"))
    expected["wrapped_module.pth"] = {k: tensor_record(v) for k, v in unet.state_dict().items()}

    torch.save({"args": argparse.Namespace(lr=0.1, arch="resnet18"), "state_dict": TinyUNet().state_dict()},
               path("with_namespace.pth"))
    linear = nn.Linear(2, 1)
    torch.save(linear, path("full_module.pth"))
    save_legacy(linear, path("legacy_full_module.pth"))

    for name, transform, source in (("legacy_big_endian.pth", big_endian, "legacy_dtypes.pth"),
                                    ("legacy_missing_key.pth", without_first_storage, "legacy_tiny_resnet.pth"),
                                    ("legacy_truncated.pth", cut_in_last_storage, "legacy_tiny_resnet.pth")):
        with open(path(source), "rb") as f:
            data = transform(f.read())
        with open(path(name), "wb") as f:
            f.write(data)

    four_floats = struct.pack("<4f", 1, 2, 3, 4)
    write_raw_torch_zip(path("view_beyond_storage.pth"),
                        {"w": RawTensor(RawStorage("0", "FloatStorage", 4), 1, (2, 2), (2, 1))}, {"0": four_floats})
    write_raw_torch_zip(path("storage_too_short.pth"),
                        {"w": RawTensor(RawStorage("0", "FloatStorage", 8), 0, (8,), (1,))}, {"0": four_floats})
    write_raw_torch_zip(path("missing_storage.pth"),
                        {"w": RawTensor(RawStorage("0", "FloatStorage", 4), 0, (4,), (1,)),
                         "v": RawTensor(RawStorage("1", "FloatStorage", 4), 0, (4,), (1,))}, {"0": four_floats})

    with open(path("expected.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))
        f.write("\n")
    for name in sorted(os.listdir(out)):
        print("%-26s %6d bytes" % (name, os.path.getsize(path(name))))


if __name__ == "__main__":
    sys.exit(main())
