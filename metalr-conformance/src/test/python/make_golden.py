#!/usr/bin/env python3
"""Golden MetaLR learning-rate trajectories from an independent PyTorch implementation.

What it produces
    Three JSON fixtures in ``metalr-conformance/src/test/resources/golden/``:

    * ``official_adam.json``          rule "official": ascent look-ahead, multiplicative update,
                                      eta 0.1, LRs clamped to [1e-6, 1e-2], last group held while
                                      epoch <= 1; torch.optim.Adam (0.9/0.999, eps 1e-8, wd 1e-4).
    * ``paper_sgd.json``              rule "paper": descent look-ahead, additive update, floor 1e-6,
                                      no ceiling; torch.optim.SGD (momentum 0.9, wd 5e-4).
    * ``multiplicative_adam.json``    rule "multiplicative": descent look-ahead, multiplicative
                                      update, eta 0.1, [1e-6, 1e-2], no hold; Adam as above.
    * ``optimizer_cosine_log_adam.json``  the options beyond the paper: descent look-ahead along
                                      Adam's update per unit rate, the cosine signal, the log update
                                      lr * exp(-eta * cos), eta 0.5, bounds [0.2x, 5x] of each group's
                                      initial rate; Adam as above.
    * ``optimizer_every2_sgd.json``   ascent look-ahead along SGD's update per unit rate (momentum 0.9,
                                      Nesterov, wd 5e-4), multiplicative update, eta 0.1, [1e-6, 1e-1],
                                      hypergradient steps on iterations 1, 3, 5 and plain steps between.

    Each fixture holds the network description, the rule, the optimizer, the initial learning
    rates, the initial state (every parameter and buffer by its PyTorch ``state_dict`` name), and
    per iteration the epoch, the training and meta-validation batches, the training loss at theta,
    the validation loss at the look-ahead, the hypergradient dL_val/d(lr_j) per group and the
    learning rates after the update (the ones the real step used); then the final state.

How it computes them
    A small residual CNN (the same layers, names and groups as ``org.metalr.models.SmallCnn``) in
    float64. The learning rates are float64 tensors with ``requires_grad``; the hypergradient is
    ``torch.autograd.grad`` of the validation loss at the look-ahead parameters with respect to
    them, so it does not use the closed-form dot-product expression the Java core implements. Per
    iteration:

    1. g = grad of the training loss at theta, training mode, on the model itself (this pass moves
       the BatchNorm running statistics and ``num_batches_tracked``);
    2. theta_hat_j = theta_j + s * lr_j * d_j  (s = -1 descent, +1 ascent), evaluated in training
       mode with ``torch.nn.utils.stateless.functional_call`` on copies of the buffers, so the
       look-ahead leaves the model's buffers alone; d = g, or (look-ahead "OPTIMIZER") the update
       of a deep copy of the real optimizer over copies of the parameters, stepped once with every
       rate 1: d = theta - theta_after;
    3. hypergradient = autograd.grad(L_val(theta_hat), lrs); the signal is the hypergradient, or
       (normalize "COSINE") it divided per group by |h_j| |d_j|, h = autograd.grad of the same
       loss with respect to theta_hat;
    4. additive: lr - eta * x; multiplicative: lr * (1 - eta * x); log: lr * exp(-eta * x); then
       clamped to [floor, ceiling] (a bound marked relative is that factor of the group's initial
       LR); the last group keeps its initial LR while epoch <= hold_last_epochs (epochs counted
       from 1); with meta_every K only iterations 1, 1+K, ... do 2-4 (the others store no
       validation batch, a null validation loss and a zero hypergradient);
    5. torch.optim (one param group per group, lr = the new LR) steps with p.grad = g.

    The loss is ``F.cross_entropy`` (mean over the batch). The script also checks its own output:
    a central finite difference of the validation loss along each LR agrees with the autograd
    hypergradient, the look-ahead leaves the buffers unchanged, every learned LR moves, and the
    clamps bind in only a minority of the updates.

How to run it
    apt-get install -y python3-torch      (Debian's PyTorch 1.13)
    /usr/bin/python3 make_golden.py       (from this directory, or give the output directory
                                           as the only argument)

    The fixtures are committed; the Java tests only read and compare them, they never run Python.
    Regenerating rewrites the three files deterministically for a given PyTorch build.
"""

import copy
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import stateless

GENERATOR = "metalr-conformance/src/test/python/make_golden.py"

IN_CHANNELS = 3
WIDTH = 4
CLASSES = 3
HEIGHT = 8
WIDTH_PX = 8
BATCH = 4

# Epoch of each iteration: three iterations in epoch 1, three in epoch 2.
EPOCHS = [1, 1, 1, 2, 2, 2]

GROUPS = [("stem", ["conv1", "bn1"]), ("block1", ["block1"]), ("block2", ["block2"]), ("fc", ["fc"])]

ADAM = {"type": "adam", "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-4}
SGD = {"type": "sgd", "momentum": 0.9, "dampening": 0.0, "nesterov": False, "weight_decay": 5e-4}


# ---------------------------------------------------------------------------------------------
# The network: same layers, order and names as org.metalr.models.SmallCnn.
# ---------------------------------------------------------------------------------------------

class Block(nn.Module):
    """[conv1 3x3 (stride), bn1, relu, conv2 3x3, bn2] + shortcut, relu."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        self.conv2 = nn.Conv2d(cout, cout, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1)
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride=stride, padding=0, bias=False),
                nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1))
        else:
            self.downsample = None

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(out + shortcut)


class SmallCnn(nn.Module):
    def __init__(self, in_channels, width, classes):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, width, 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width, eps=1e-5, momentum=0.1)
        self.block1 = Block(width, width, 1)
        self.block2 = Block(width, 2 * width, 2)
        self.fc = nn.Linear(2 * width, classes, bias=True)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.block1(x)
        x = self.block2(x)
        x = x.mean(dim=(2, 3))
        return self.fc(x)


def group_of(name):
    for j, (_, prefixes) in enumerate(GROUPS):
        for p in prefixes:
            if name == p or name.startswith(p + "."):
                return j
    raise ValueError("parameter in no group: " + name)


# ---------------------------------------------------------------------------------------------
# Seeded data. Initial values are rounded to a few decimals: the JSON stays small, and both
# sides parse the same decimal text to the same double, so nothing is lost.
# ---------------------------------------------------------------------------------------------

def rounded(t, decimals):
    scale = 10.0 ** decimals
    return torch.round(t * scale) / scale


def init_state(model, gen):
    """Random weights, with BatchNorm affine parameters and running statistics away from defaults."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("weight") and p.dim() > 1:
                fan_in = p[0].numel()
                p.copy_(rounded(torch.randn(p.shape, generator=gen) * math.sqrt(2.0 / fan_in), 6))
            elif name.endswith("weight"):          # BatchNorm gamma
                p.copy_(rounded(1.0 + 0.25 * torch.randn(p.shape, generator=gen), 6))
            else:                                  # BatchNorm beta, fc bias
                p.copy_(rounded(0.1 * torch.randn(p.shape, generator=gen), 6))
        for name, b in model.named_buffers():
            if name.endswith("running_mean"):
                b.copy_(rounded(0.2 * torch.randn(b.shape, generator=gen), 6))
            elif name.endswith("running_var"):
                b.copy_(rounded(1.0 + 0.5 * torch.rand(b.shape, generator=gen), 6))
            elif name.endswith("num_batches_tracked"):
                b.fill_(7)


def make_batch(gen, shift):
    """Inputs [N, C, H, W] (standard normal plus a per-class offset so the task is learnable)."""
    labels = torch.randint(0, CLASSES, (BATCH,), generator=gen)
    x = torch.randn((BATCH, IN_CHANNELS, HEIGHT, WIDTH_PX), generator=gen)
    offsets = torch.tensor([[0.6, -0.3, 0.0], [-0.4, 0.5, -0.2], [0.0, -0.4, 0.7]])  # [class, channel]
    x = x + shift * offsets[labels].view(BATCH, IN_CHANNELS, 1, 1)
    return rounded(x, 4), labels


# ---------------------------------------------------------------------------------------------
# MetaLR, computed with autograd with respect to the learning rates.
# ---------------------------------------------------------------------------------------------

def new_optimizer(model, names, lrs, opt):
    groups = [[] for _ in GROUPS]
    for name, p in model.named_parameters():
        groups[group_of(name)].append(p)
    return new_optimizer_over(groups, lrs, opt)


def new_optimizer_over(groups, lrs, opt):
    param_groups = [{"params": ps, "lr": lr} for ps, lr in zip(groups, lrs)]
    if opt["type"] == "adam":
        return torch.optim.Adam(param_groups, lr=lrs[0], betas=(opt["beta1"], opt["beta2"]),
                                eps=opt["eps"], weight_decay=opt["weight_decay"])
    return torch.optim.SGD(param_groups, lr=lrs[0], momentum=opt["momentum"], dampening=opt["dampening"],
                           nesterov=opt["nesterov"], weight_decay=opt["weight_decay"])


def val_loss_at(model, names, theta, g, alphas, sign, batch, points=None):
    """L_val at theta_hat = theta + sign * alpha_group * g, buffers copied so the model's stay put.
    ``points``, if given, receives theta_hat by name (to differentiate with respect to it)."""
    x, y = batch
    mapping = {}
    for name in names:
        j = group_of(name)
        mapping[name] = theta[name] + sign * alphas[j] * g[name]
        if points is not None:
            points[name] = mapping[name]
    for name, b in model.named_buffers():
        mapping[name] = b.detach().clone()
    logits = stateless.functional_call(model, mapping, (x,))
    return F.cross_entropy(logits, y)


def optimizer_direction(model, names, optimizer, g, opt):
    """The real optimizer's update per unit rate: a deep copy of it over copies of the parameters,
    every rate 1, stepped once with the gradient g; d = theta - theta_after. The real optimizer's
    state is untouched."""
    clones = [p.detach().clone() for _, p in model.named_parameters()]
    for c in clones:
        c.requires_grad_(True)
    groups = [[] for _ in GROUPS]
    for name, c in zip(names, clones):
        groups[group_of(name)].append(c)
    state = copy.deepcopy(optimizer.state_dict())
    for group in state["param_groups"]:
        group["lr"] = 1.0
    shadow = new_optimizer_over(groups, [1.0] * len(GROUPS), opt)
    shadow.load_state_dict(state)
    before = {n: c.detach().clone() for n, c in zip(names, clones)}
    for n, c in zip(names, clones):
        c.grad = g[n].clone()
    shadow.step()
    return {n: before[n] - c.detach() for n, c in zip(names, clones)}


def run(spec):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(spec["seed"])
    model = SmallCnn(IN_CHANNELS, WIDTH, CLASSES).double()
    model.train()
    init_state(model, gen)
    initial_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    names = [n for n, _ in model.named_parameters()]
    params = [p for _, p in model.named_parameters()]

    rule = spec["rule"]
    sign = -1.0 if rule["look_ahead"] == "DESCENT" else 1.0
    eta = rule["hyper_lr"]
    initial_lrs = list(spec["initial_lrs"])
    floors = [rule["floor"] * lr if rule.get("floor_relative") else rule["floor"] for lr in initial_lrs]
    ceilings = [math.inf if rule["ceiling"] is None
                else rule["ceiling"] * lr if rule.get("ceiling_relative") else rule["ceiling"] for lr in initial_lrs]
    every = rule.get("meta_every", 1)
    lrs = list(initial_lrs)
    optimizer = new_optimizer(model, names, lrs, spec["optimizer"])

    iterations = []
    clamped = 0
    learned = 0
    for t, epoch in enumerate(EPOCHS):
        train = make_batch(gen, spec["shift"])
        val = make_batch(gen, spec["shift"])

        # 1. training pass at theta, on the model (moves the running statistics once)
        loss = F.cross_entropy(model(train[0]), train[1])
        grads = torch.autograd.grad(loss, params)
        g = {n: gr.detach() for n, gr in zip(names, grads)}
        theta = {n: p.detach().clone() for n, p in zip(names, params)}

        if t % every != 0:
            # between hypergradient steps: the real step at the current rates, nothing else
            real_step(optimizer, names, params, g, lrs)
            iterations.append({"epoch": epoch, "train": batch_json(train), "val": None,
                               "train_loss": loss.item(), "val_loss": None,
                               "hypergradient": [0.0] * len(lrs), "lrs": list(lrs)})
            continue

        d = g if rule.get("direction", "GRADIENT") == "GRADIENT" \
            else optimizer_direction(model, names, optimizer, g, spec["optimizer"])

        # 2-3. look-ahead and hypergradient by autograd with respect to the learning rates
        buffers_before = {k: v.clone() for k, v in model.named_buffers()}
        alphas = [torch.tensor(lr, dtype=torch.float64, requires_grad=True) for lr in lrs]
        points = {}
        vloss = val_loss_at(model, names, theta, d, alphas, sign, val, points)
        derivatives = torch.autograd.grad(vloss, alphas + [points[n] for n in names])
        hyper = [h.item() for h in derivatives[:len(alphas)]]
        h = dict(zip(names, derivatives[len(alphas):]))
        for k, v in model.named_buffers():
            assert torch.equal(v, buffers_before[k]), "look-ahead moved buffer " + k

        # self-check: central finite differences of L_val along each learning rate
        with torch.no_grad():
            for j in range(len(lrs)):
                step = 1e-4 * max(lrs[j], 1e-3)
                plus = [torch.tensor(a.item() + (step if i == j else 0.0)) for i, a in enumerate(alphas)]
                minus = [torch.tensor(a.item() - (step if i == j else 0.0)) for i, a in enumerate(alphas)]
                fd = (val_loss_at(model, names, theta, d, plus, sign, val).item()
                      - val_loss_at(model, names, theta, d, minus, sign, val).item()) / (2 * step)
                assert abs(fd - hyper[j]) <= 1e-5 * max(abs(fd), abs(hyper[j])) + 1e-8, \
                    "iteration %d group %d: finite difference %r vs autograd %r" % (t + 1, j, fd, hyper[j])

        signal = list(hyper)
        if rule.get("normalize", "NONE") == "COSINE":
            for j in range(len(lrs)):
                hn = math.sqrt(sum(float((h[n] * h[n]).sum()) for n in names if group_of(n) == j))
                dn = math.sqrt(sum(float((d[n] * d[n]).sum()) for n in names if group_of(n) == j))
                signal[j] = hyper[j] / (hn * dn) if hn > 0 and dn > 0 else 0.0
                assert abs(signal[j]) <= 1.0 + 1e-12, "a cosine beyond 1"

        # 4. the rule
        new_lrs = []
        last = len(lrs) - 1
        for j, (lr, x) in enumerate(zip(lrs, signal)):
            if j == last and epoch <= rule["hold_last_epochs"]:
                new_lrs.append(initial_lrs[j])
                continue
            if rule["update"] == "ADDITIVE":
                moved = lr - eta * x
            elif rule["update"] == "MULTIPLICATIVE":
                moved = lr * (1.0 - eta * x)
            else:
                moved = lr * math.exp(-eta * x)
            bounded = min(max(moved, floors[j]), ceilings[j])
            learned += 1
            if bounded != moved:
                clamped += 1
            new_lrs.append(bounded)
        lrs = new_lrs

        # 5. the real step with the gradient of the training pass
        real_step(optimizer, names, params, g, lrs)

        iterations.append({
            "epoch": epoch,
            "train": batch_json(train),
            "val": batch_json(val),
            "train_loss": loss.item(),
            "val_loss": vloss.item(),
            "hypergradient": hyper,
            "lrs": list(lrs),
        })

    check_trajectory(spec, initial_lrs, iterations, clamped, learned)
    final_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return {
        "generator": GENERATOR,
        "torch_version": torch.__version__,
        "network": {"in_channels": IN_CHANNELS, "width": WIDTH, "classes": CLASSES,
                    "height": HEIGHT, "width_px": WIDTH_PX},
        "rule": rule,
        "optimizer": spec["optimizer"],
        "initial_lrs": initial_lrs,
        "state": state_json(initial_state),
        "iterations": iterations,
        "final_state": state_json(final_state),
    }


def real_step(optimizer, names, params, g, lrs):
    """torch.optim's step at the given per-group rates with p.grad = g."""
    for gi, group in enumerate(optimizer.param_groups):
        group["lr"] = lrs[gi]
    for n, p in zip(names, params):
        p.grad = g[n].clone()
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)


def check_trajectory(spec, initial_lrs, iterations, clamped, learned):
    """The fixture is only a useful test when the learning rates move and the clamps rarely bind."""
    hold = spec["rule"]["hold_last_epochs"]
    last = len(initial_lrs) - 1
    for j in range(len(initial_lrs)):
        for it in iterations:
            if j == last and it["epoch"] <= hold:
                assert it["lrs"][j] == initial_lrs[j], "held LR moved"
        trajectory = [initial_lrs[j]] + [it["lrs"][j] for it in iterations
                                         if not (j == last and it["epoch"] <= hold) and it["val"] is not None]
        distinct = len(set(trajectory))
        assert distinct >= len(trajectory) - 1, \
            "%s: group %d LR barely moves: %r" % (spec["file"], j, trajectory)
    assert clamped * 4 <= learned, "%s: clamps bind in %d of %d updates" % (spec["file"], clamped, learned)


def tensor_json(t):
    if t.dtype == torch.int64:
        return {"shape": list(t.shape), "dtype": "int64", "data": [int(v) for v in t.reshape(-1).tolist()]}
    return {"shape": list(t.shape), "dtype": "float64",
            "data": [float(v) for v in t.to(torch.float64).reshape(-1).tolist()]}


def state_json(state):
    return {k: tensor_json(v) for k, v in state.items()}


def batch_json(batch):
    x, y = batch
    return {"inputs": {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]},
            "labels": [int(v) for v in y.tolist()]}


SPECS = [
    {
        "file": "official_adam.json",
        "seed": 11,
        "shift": 1.0,
        "rule": {"name": "official", "look_ahead": "ASCENT", "update": "MULTIPLICATIVE", "hyper_lr": 0.1,
                 "floor": 1e-6, "ceiling": 1e-2, "hold_last_epochs": 1},
        "optimizer": ADAM,
        "initial_lrs": [1e-3, 1e-3, 1e-3, 1e-2],
    },
    {
        "file": "paper_sgd.json",
        "seed": 23,
        "shift": 1.0,
        "rule": {"name": "paper", "look_ahead": "DESCENT", "update": "ADDITIVE", "hyper_lr": 5e-3,
                 "floor": 1e-6, "ceiling": None, "hold_last_epochs": 0},
        "optimizer": SGD,
        "initial_lrs": [1e-2, 1e-2, 1e-2, 5e-2],
    },
    {
        "file": "multiplicative_adam.json",
        "seed": 37,
        "shift": 1.0,
        "rule": {"name": "multiplicative", "look_ahead": "DESCENT", "update": "MULTIPLICATIVE", "hyper_lr": 0.1,
                 "floor": 1e-6, "ceiling": 1e-2, "hold_last_epochs": 0},
        "optimizer": ADAM,
        "initial_lrs": [1e-3, 1e-3, 1e-3, 2e-3],
    },
    {
        "file": "optimizer_cosine_log_adam.json",
        "seed": 41,
        "shift": 1.0,
        "rule": {"name": "multiplicative", "look_ahead": "DESCENT", "update": "LOG", "hyper_lr": 0.5,
                 "floor": 0.2, "ceiling": 5.0, "hold_last_epochs": 0, "direction": "OPTIMIZER",
                 "normalize": "COSINE", "floor_relative": True, "ceiling_relative": True, "meta_every": 1},
        "optimizer": ADAM,
        "initial_lrs": [1e-3, 1e-3, 1e-3, 1e-2],
    },
    {
        "file": "optimizer_every2_sgd.json",
        "seed": 53,
        "shift": 1.0,
        "rule": {"name": "official", "look_ahead": "ASCENT", "update": "MULTIPLICATIVE", "hyper_lr": 0.1,
                 "floor": 1e-6, "ceiling": 1e-1, "hold_last_epochs": 0, "direction": "OPTIMIZER",
                 "normalize": "NONE", "floor_relative": False, "ceiling_relative": False, "meta_every": 2},
        "optimizer": {"type": "sgd", "momentum": 0.9, "dampening": 0.0, "nesterov": True, "weight_decay": 5e-4},
        "initial_lrs": [1e-2, 1e-2, 1e-2, 5e-2],
    },
]


def main():
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "resources", "golden")
    out_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else default_out)
    os.makedirs(out_dir, exist_ok=True)
    for spec in SPECS:
        fixture = run(spec)
        path = os.path.join(out_dir, spec["file"])
        with open(path, "w") as f:
            json.dump(fixture, f, separators=(",", ":"))
            f.write("\n")
        print("%-32s %7d bytes" % (spec["file"], os.path.getsize(path)))
        print("  initial lrs  " + " ".join("%.6g" % v for v in fixture["initial_lrs"]))
        for i, it in enumerate(fixture["iterations"]):
            print("  it %d epoch %d lrs %s  hg %s  train %.4f val %.4f" % (
                i + 1, it["epoch"], " ".join("%.6g" % v for v in it["lrs"]),
                " ".join("%+.4g" % v for v in it["hypergradient"]), it["train_loss"],
                float("nan") if it["val_loss"] is None else it["val_loss"]))


if __name__ == "__main__":
    main()
