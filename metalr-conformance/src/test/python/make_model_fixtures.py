#!/usr/bin/env python3
"""PyTorch outputs of the two pre-trained architectures, for the Java models loaded from PyTorch files.

What it produces
    Four files in ``metalr-conformance/src/test/resources/models/`` (about 400 KB together):

    * ``resnet18_w2.pth``            ``torch.save(model.state_dict())`` of torchvision's ResNet-18
                                     (``torchvision.models.resnet.ResNet`` with ``BasicBlock``,
                                     ``[2, 2, 2, 2]``) at base width 2 instead of 64, 3 input channels,
                                     3 classes: the same modules under the same names, built by
                                     torchvision's own ``_make_layer`` and initialised as torchvision
                                     initialises them, then with every BatchNorm weight, bias, running
                                     statistic and counter drawn at random (seeded), so each matters.
    * ``resnet18_w2_expected.pth``   a dict of tensors: ``input`` [2, 3, 32, 32] (float32, seeded
                                     Gaussian) and the logits for it, ``eval_float32``,
                                     ``train_float32``, ``eval_float64``, ``train_float64``.
    * ``unet3d_w2.pt``               the 3D U-Net of Models Genesis, written from its description (see
                                     ``UNet3D`` below), at base width 2 instead of 32, one output
                                     channel, saved the way their checkpoints are: ``torch.save`` of
                                     ``{'epoch', 'state_dict', 'optimizer_state_dict'}`` with the state
                                     dict of an ``nn.DataParallel`` wrapper (``module.`` prefixes).
                                     Weights as PyTorch initialises them, BatchNorm tensors random.
    * ``unet3d_w2_expected.pth``     ``input`` [2, 1, 16, 8, 8] (float32, uniform in [0, 1) like a
                                     windowed CT crop); the probabilities ``eval_float32``,
                                     ``train_float32``, ``eval_float64``, ``train_float64`` with Models
                                     Genesis' BatchNorm (batch statistics in both modes, so eval equals
                                     train); ``eval_running_float32``/``eval_running_float64`` with the
                                     usual BatchNorm evaluation (running statistics); ``masks`` (binary,
                                     seeded) and, in training mode, the soft Dice loss
                                     ``1 - (2 sum(p y) + 1) / (sum(p) + sum(y) + 1)`` as
                                     ``dice_float32``/``dice_float64`` and, in float64, its gradient
                                     with respect to three parameters as ``grad.<parameter name>``.

    And the same architecture at base width 1 saved in both ``torch.save`` formats, for
    ``LegacyCheckpointPredictTest`` (the legacy format is what PyTorch before 1.6 wrote by default;
    here ``torch.save(..., _use_new_zipfile_serialization=False)``), about 215 KB together:

    * ``resnet18_w1.pth``                the state dict, zip format (the twin of the next three)
    * ``resnet18_w1_legacy.pth``         the same state dict, legacy format
    * ``resnet18_w1_legacy_nested.pth``  legacy, nested as torchvision's reference scripts save it:
                                         ``{'epoch', 'arch', 'state_dict', 'best_acc1'}``
    * ``resnet18_w1_legacy_module.pth``  legacy, the state dict of an ``nn.DataParallel`` wrapper
                                         (``module.`` prefixes)
    * ``resnet18_w1_fp16.pth``           the model in half precision (``model.half().state_dict()``),
                                         zip format (the twin of the next)
    * ``resnet18_w1_legacy_fp16.pth``    the same, legacy format

    The legacy files' storage keys are memory addresses, so they differ from run to run; their
    tensors do not.

    Float64 results come from the same float32 weights and inputs converted exactly to float64
    (``model.double()``), as the Java models convert them. Training-mode outputs are computed on copies
    of the models, after saving, since a training-mode forward moves BatchNorm's running statistics.

Checks before writing
    Eval equals train for the U-Net with Models Genesis' BatchNorm; the running-statistics evaluation
    differs from it; the Dice gradient agrees with a central finite difference in float64.

How to run it
    apt-get install -y python3-torch python3-torchvision     (Debian's PyTorch 1.13)
    /usr/bin/python3 make_model_fixtures.py                  (from this directory, or give the output
                                                              directory as the only argument)

    The fixtures are committed; the Java tests (``PyTorchResNetParityTest``, ``PyTorchUNetParityTest``,
    ``LegacyCheckpointPredictTest``) only read them, through the project's own checkpoint reader. Regenerating gives the same tensors for
    a given PyTorch build.
"""

import copy
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.resnet import BasicBlock, ResNet

RESNET_WIDTH = 2
RESNET_CLASSES = 3
UNET_WIDTH = 2
UNET_CLASSES = 1
GRADIENT_PARAMETERS = ["down_tr64.ops.0.conv1.weight", "up_tr64.up_conv.weight", "out_tr.final_conv.bias"]


class ReducedResNet18(ResNet):
    """torchvision's ResNet-18 at base width ``width``: the modules ``ResNet.__init__`` makes at width 64,
    remade at ``width`` by torchvision's own ``_make_layer``; names and order stay torchvision's."""

    def __init__(self, width, num_classes, in_channels=3):
        super().__init__(BasicBlock, [2, 2, 2, 2], num_classes=num_classes)
        self.inplanes = width
        self.conv1 = nn.Conv2d(in_channels, width, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = self._norm_layer(width)
        self.layer1 = self._make_layer(BasicBlock, width, 2)
        self.layer2 = self._make_layer(BasicBlock, 2 * width, 2, stride=2)
        self.layer3 = self._make_layer(BasicBlock, 4 * width, 2, stride=2)
        self.layer4 = self._make_layer(BasicBlock, 8 * width, 2, stride=2)
        self.fc = nn.Linear(8 * width, num_classes)
        # the initialisation ResNet.__init__ gives its modules
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)


class GenesisBatchNorm3d(nn.modules.batchnorm._BatchNorm):
    """Models Genesis' BatchNorm: batch statistics in training and in evaluation mode. With
    ``batch_stats_in_eval`` false it is an ordinary BatchNorm3d, for the running-statistics outputs."""

    batch_stats_in_eval = True

    def _check_input_dim(self, x):
        if x.dim() != 5:
            raise ValueError("expected a 5-D input, got %d-D" % x.dim())

    def forward(self, x):
        self._check_input_dim(x)
        training = self.training or GenesisBatchNorm3d.batch_stats_in_eval
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias,
                            training, self.momentum, self.eps)


class LUConv(nn.Module):
    """3x3x3 convolution with bias, BatchNorm, ReLU."""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv1 = nn.Conv3d(in_channels, out_channels, kernel_size=3, padding=1)
        self.bn1 = GenesisBatchNorm3d(out_channels)
        self.activation = nn.ReLU()

    def forward(self, x):
        return self.activation(self.bn1(self.conv1(x)))


class Down(nn.Module):
    """Encoder block: two LUConvs (``ops``), then a 2x2x2 max-pool unless it is the deepest block.
    Returns the pooled output and the output before pooling (the skip)."""

    def __init__(self, in_channels, mid, out, pool):
        super().__init__()
        self.ops = nn.Sequential(LUConv(in_channels, mid), LUConv(mid, out))
        self.pool = pool

    def forward(self, x):
        skip = self.ops(x)
        return (F.max_pool3d(skip, 2) if self.pool else skip), skip


class Up(nn.Module):
    """Decoder block: 2x2x2 stride-2 transposed convolution (``up_conv``), concatenation (up, skip) on
    the channels, two LUConvs (``ops``)."""

    def __init__(self, channels, skip_channels, out):
        super().__init__()
        self.up_conv = nn.ConvTranspose3d(channels, channels, kernel_size=2, stride=2)
        self.ops = nn.Sequential(LUConv(channels + skip_channels, out), LUConv(out, out))

    def forward(self, x, skip):
        return self.ops(torch.cat((self.up_conv(x), skip), 1))


class Out(nn.Module):
    """1x1x1 convolution (``final_conv``) and a sigmoid."""

    def __init__(self, in_channels, classes):
        super().__init__()
        self.final_conv = nn.Conv3d(in_channels, classes, kernel_size=1)

    def forward(self, x):
        return torch.sigmoid(self.final_conv(x))


class UNet3D(nn.Module):
    """Models Genesis' 3D U-Net at base width ``w`` (32 in theirs): encoder 1->w->2w, 2w->2w->4w,
    4w->4w->8w, 8w->8w->16w; decoder up-convolutions 16w, 8w, 4w, each followed by two LUConvs
    (24w->8w->8w, 12w->4w->4w, 6w->2w->2w); output 2w->classes and a sigmoid."""

    def __init__(self, w, classes):
        super().__init__()
        self.down_tr64 = Down(1, w, 2 * w, True)
        self.down_tr128 = Down(2 * w, 2 * w, 4 * w, True)
        self.down_tr256 = Down(4 * w, 4 * w, 8 * w, True)
        self.down_tr512 = Down(8 * w, 8 * w, 16 * w, False)
        self.up_tr256 = Up(16 * w, 8 * w, 8 * w)
        self.up_tr128 = Up(8 * w, 4 * w, 4 * w)
        self.up_tr64 = Up(4 * w, 2 * w, 2 * w)
        self.out_tr = Out(2 * w, classes)

    def forward(self, x):
        x, skip64 = self.down_tr64(x)
        x, skip128 = self.down_tr128(x)
        x, skip256 = self.down_tr256(x)
        x, _ = self.down_tr512(x)
        x = self.up_tr256(x, skip256)
        x = self.up_tr128(x, skip128)
        x = self.up_tr64(x, skip64)
        return self.out_tr(x)


def randomize_batch_norms(model, generator):
    """Draws BatchNorm affine parameters and running statistics around their defaults (in place)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                c = m.num_features
                m.weight.copy_(1 + 0.1 * torch.randn(c, generator=generator))
                m.bias.copy_(0.1 * torch.randn(c, generator=generator))
                m.running_mean.copy_(0.1 * torch.randn(c, generator=generator))
                m.running_var.copy_(1 + 0.2 * torch.randn(c, generator=generator).abs())


def outputs(model, x, training):
    """Output of a copy of ``model`` (its buffers untouched) in float32 and float64."""
    out = {}
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        m = copy.deepcopy(model).to(dtype)
        m.train(training)
        with torch.no_grad():
            out[name] = m(x.to(dtype)).detach().clone()
    return out


def dice(p, y):
    return 1 - (2 * (p * y).sum() + 1) / (p.sum() + y.sum() + 1)


def random_resnet(width, seed):
    """``ReducedResNet18`` initialised under ``torch.manual_seed(seed)``, then every BatchNorm weight, bias,
    running statistic and counter drawn from a generator seeded ``seed + 1``; returns the model and that
    generator, for further draws."""
    torch.manual_seed(seed)
    model = ReducedResNet18(width, RESNET_CLASSES)
    g = torch.Generator().manual_seed(seed + 1)
    randomize_batch_norms(model, g)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.num_batches_tracked.fill_(int(torch.randint(0, 100, (1,), generator=g)))
    return model, g


def make_resnet(out_dir):
    model, g = random_resnet(RESNET_WIDTH, 1)
    torch.save(model.state_dict(), os.path.join(out_dir, "resnet18_w2.pth"))

    x = torch.randn(2, 3, 32, 32, generator=g)
    expected = {"input": x}
    for training, mode in ((False, "eval"), (True, "train")):
        for dtype, y in outputs(model, x, training).items():
            expected["%s_%s" % (mode, dtype)] = y
    assert not torch.allclose(expected["eval_float64"], expected["train_float64"])
    torch.save(expected, os.path.join(out_dir, "resnet18_w2_expected.pth"))
    print("resnet18_w2: %d parameters, eval logits %s" % (
        sum(p.numel() for p in model.parameters()), expected["eval_float64"].tolist()))


def make_unet(out_dir):
    torch.manual_seed(3)
    model = UNet3D(UNET_WIDTH, UNET_CLASSES)
    g = torch.Generator().manual_seed(4)
    randomize_batch_norms(model, g)
    wrapped = nn.DataParallel(model)
    optimizer = torch.optim.SGD(wrapped.parameters(), lr=1e-3, momentum=0.9)
    torch.save({"epoch": 1, "state_dict": wrapped.state_dict(), "optimizer_state_dict": optimizer.state_dict()},
               os.path.join(out_dir, "unet3d_w2.pt"))

    x = torch.rand(2, 1, 16, 8, 8, generator=g)
    masks = (torch.rand(2, UNET_CLASSES, 16, 8, 8, generator=g) < 0.3).to(torch.float32)
    expected = {"input": x, "masks": masks}
    for training, mode in ((False, "eval"), (True, "train")):
        for dtype, y in outputs(model, x, training).items():
            expected["%s_%s" % (mode, dtype)] = y
    GenesisBatchNorm3d.batch_stats_in_eval = False
    for dtype, y in outputs(model, x, False).items():
        expected["eval_running_%s" % dtype] = y
    GenesisBatchNorm3d.batch_stats_in_eval = True
    assert torch.equal(expected["eval_float64"], expected["train_float64"])
    assert not torch.allclose(expected["eval_float64"], expected["eval_running_float64"])

    for dtype_name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        m = copy.deepcopy(model).to(dtype).train()
        loss = dice(m(x.to(dtype)), masks.to(dtype))
        expected["dice_" + dtype_name] = loss.detach().clone()
        if dtype == torch.float64:
            params = dict(m.named_parameters())
            grads = torch.autograd.grad(loss, [params[n] for n in GRADIENT_PARAMETERS])
            for name, grad in zip(GRADIENT_PARAMETERS, grads):
                expected["grad." + name] = grad
            check_gradient(m, x.double(), masks.double(), params[GRADIENT_PARAMETERS[0]], grads[0])
    torch.save(expected, os.path.join(out_dir, "unet3d_w2_expected.pth"))
    print("unet3d_w2: %d parameters, dice %.12f, output range [%.4f, %.4f]" % (
        sum(p.numel() for p in model.parameters()), float(expected["dice_float64"]),
        float(expected["eval_float64"].min()), float(expected["eval_float64"].max())))


def make_legacy_resnet(out_dir):
    """ResNet-18 at base width 1 (BatchNorm tensors random, as above) in both torch.save formats."""
    model, _ = random_resnet(1, 5)

    def save(obj, name, legacy):
        torch.save(obj, os.path.join(out_dir, name), _use_new_zipfile_serialization=not legacy)

    state = model.state_dict()
    save(state, "resnet18_w1.pth", False)
    save(state, "resnet18_w1_legacy.pth", True)
    save({"epoch": 90, "arch": "resnet18", "state_dict": state, "best_acc1": 0.5}, "resnet18_w1_legacy_nested.pth", True)
    save(nn.DataParallel(model).state_dict(), "resnet18_w1_legacy_module.pth", True)
    half = copy.deepcopy(model).half().state_dict()
    save(half, "resnet18_w1_fp16.pth", False)
    save(half, "resnet18_w1_legacy_fp16.pth", True)
    print("resnet18_w1: %d parameters, in both formats" % sum(p.numel() for p in model.parameters()))


def check_gradient(model, x, masks, parameter, grad):
    """Central finite difference of the Dice loss in one element of ``parameter``."""
    h = 1e-6
    index = (0,) * parameter.dim()
    with torch.no_grad():
        original = parameter[index].item()
        parameter[index] = original + h
        up = dice(copy.deepcopy(model)(x), masks).item()
        parameter[index] = original - h
        down = dice(copy.deepcopy(model)(x), masks).item()
        parameter[index] = original
    numeric = (up - down) / (2 * h)
    assert abs(numeric - grad[index].item()) <= 1e-6 * max(1.0, abs(numeric)), (numeric, grad[index].item())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "resources", "models")
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    make_resnet(out_dir)
    make_unet(out_dir)
    make_legacy_resnet(out_dir)


if __name__ == "__main__":
    main()
