#!/usr/bin/env python3
"""PyTorch reference for the metalr benchmark: the same ResNet-18 configuration in Python.

Times one configuration per process, the way the Java runner (org.metalr.bench.ConfigRun) does, and
prints one line ``RESULT {json}`` with the same fields, so the runner can put its rows in the same
table:

  plain-sgd      one forward+backward and torch.optim.SGD (plain), ten parameter groups
  plain-adam     one forward+backward and torch.optim.Adam (weight decay 1e-4), ten groups
  released-code  a MetaLR iteration written the way the authors' released training step does it:
                 a freshly built look-ahead model loaded from the model's state_dict, its
                 forward and torch.autograd.grad(..., create_graph=True), the look-ahead
                 theta + lr * g with the learning rates as a float64 autograd leaf, the validation
                 forward, the hypergradient by autograd on the learning rates (create_graph=True
                 again), the multiplicative update clamped to [1e-6, 1e-2], new rates pushed into
                 Adam through state_dict()/load_state_dict(), then a third forward+backward on the
                 model and Adam's step

Model: torchvision's resnet18 with a 3-way fc, 3x64x64 inputs, batch 32 (the paper's POCUS setting),
synthetic Gaussian batches. Needs torch and torchvision (Debian: python3-torch, python3-torchvision).

Usage:
  pytorch_reference.py --step released-code --threads 2 --warmup 5 --iterations 30 [--soak 1000 --settle 100] [--batch 32]
  pytorch_reference.py --self-check    checks, in float64, that the released-code step's hypergradient
                                       (autograd on the learning rates) equals MetaLR's per-group sum of
                                       dot products <h, g>, computed independently with functional_call
"""

import argparse
import json
import platform
import resource
import statistics
import sys
import time

STEPS = ("plain-sgd", "plain-adam", "released-code")
DESCRIPTIONS = {
    "plain-sgd": "plain fine-tuning, SGD",
    "plain-adam": "plain fine-tuning, Adam",
    "released-code": "released code as released (copy, create_graph, 3 passes), official rule, Adam",
}
GROUPS = ("stem", "layer1.0", "layer1.1", "layer2.0", "layer2.1",
          "layer3.0", "layer3.1", "layer4.0", "layer4.1", "fc")
CLASSES = 3
HYPER_LR = 0.1
LR_FLOOR, LR_CEILING = 1e-6, 1e-2


def proc_memory():
    """(VmRSS, VmHWM) of this process in MiB."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024.0
    return values["VmRSS"], values["VmHWM"]


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except OSError:
        return None


def group_of(name):
    """The paper's group of a torchvision ResNet-18 parameter name."""
    if name.startswith("conv1.") or name.startswith("bn1."):
        return "stem"
    if name.startswith("fc."):
        return "fc"
    return ".".join(name.split(".")[:2])


class Reference:
    """Model, optimizer and batches of one configuration."""

    def __init__(self, torch, models, step, batch, dtype=None):
        self.torch = torch
        self.models = models
        self.step_name = step
        self.dtype = dtype or torch.float32
        torch.manual_seed(1)
        self.model = self.build()
        self.model.train()
        generator = torch.Generator().manual_seed(1)
        self.x = torch.randn(batch, 3, 64, 64, generator=generator).to(self.dtype)
        self.y = torch.randint(0, CLASSES, (batch,), generator=generator)
        self.xv = torch.randn(batch, 3, 64, 64, generator=generator).to(self.dtype)
        self.yv = torch.randint(0, CLASSES, (batch,), generator=generator)
        self.last_lr_grad = None
        self.initial_lrs = [1e-3] * (len(GROUPS) - 1) + [1e-2]
        self.lrs = list(self.initial_lrs)
        self.group_index = [GROUPS.index(group_of(n)) for n, _ in self.model.named_parameters()]
        groups = [{"params": [p for n, p in self.model.named_parameters() if group_of(n) == g], "lr": lr}
                  for g, lr in zip(GROUPS, self.lrs)]
        if step == "plain-sgd":
            self.optimizer = torch.optim.SGD(groups, lr=self.lrs[0])
        else:
            self.optimizer = torch.optim.Adam(groups, lr=self.lrs[0], weight_decay=1e-4)
        self.criterion = torch.nn.CrossEntropyLoss()
        self.phases = {}

    def build(self):
        model = self.models.resnet18()
        model.fc = self.torch.nn.Linear(model.fc.in_features, CLASSES)
        return model.to(self.dtype)

    def run(self):
        if self.step_name == "released-code":
            return self.released_iteration(epoch=1)
        self.optimizer.zero_grad()
        loss = self.criterion(self.model(self.x), self.y)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def phase(self, name, since):
        now = time.perf_counter()
        self.phases.setdefault(name, []).append((now - since) * 1000.0)
        return now

    def released_iteration(self, epoch):
        """One MetaLR iteration as the released training step performs it.

        Every intermediate stays referenced by a local until the function returns, as in the released
        step, so the second-order graphs are alive during the third pass.
        """
        torch = self.torch
        t = time.perf_counter()
        # the released loop rebuilds the look-ahead model after every step "to make a new graph"
        meta_model = self.build()
        t = self.phase("rebuild", t)
        meta_model.load_state_dict(self.model.state_dict())
        t = self.phase("copy", t)

        outputs = meta_model(self.x)
        loss_hat = self.criterion(outputs, self.y)
        meta_model.zero_grad()
        named = list(meta_model.named_parameters())
        grads = torch.autograd.grad(loss_hat, [p for _, p in named], create_graph=True, allow_unused=True)
        t = self.phase("lookahead_pass", t)

        lrs = torch.tensor(self.lrs, dtype=torch.float64, requires_grad=True)
        lrs.retain_grad()
        for i, ((name, parameter), grad) in enumerate(zip(named, grads)):
            parameter.detach_()
            # the released pseudo step: theta - (-lr) * g, a non-leaf tensor in place of the parameter
            set_parameter(meta_model, name, parameter.sub(-lrs[self.group_index[i]] * grad))
        del grads
        t = self.phase("meta_step", t)

        meta_outputs = meta_model(self.xv)
        meta_outputs.retain_grad()
        loss_meta = self.criterion(meta_outputs, self.yv)
        lr_grads = torch.autograd.grad(loss_meta, lrs, create_graph=True, allow_unused=True)
        t = self.phase("validation_pass", t)
        self.last_lr_grad = lr_grads[0].detach().clone()

        new_lr = lrs * (1 - lr_grads[0] * HYPER_LR)
        new_lr = torch.min(torch.max(new_lr, torch.zeros_like(lrs) + LR_FLOOR), torch.zeros_like(lrs) + LR_CEILING)
        new_lr = new_lr.detach().tolist()
        if epoch <= 5:
            new_lr[-1] = self.initial_lrs[-1]
        state = self.optimizer.state_dict()
        for i, group in enumerate(state["param_groups"]):
            group["lr"] = new_lr[i]
        self.optimizer.load_state_dict(state)
        self.lrs = new_lr
        t = self.phase("lr_update", t)

        outputs = self.model(self.x)
        loss = self.criterion(outputs, self.y)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.phase("real_step", t)
        return loss.item()


def set_parameter(module, dotted, tensor):
    """Replaces a parameter by a plain tensor, descending the module tree by name."""
    *path, leaf = dotted.split(".")
    for part in path:
        module = getattr(module, part)
    module._parameters[leaf] = tensor


def self_check():
    """Compares the released step's hypergradient with sum_{p in group} <h_p, g_p> (ascent look-ahead)."""
    import torch
    import torchvision.models as models
    from torch.nn.utils.stateless import functional_call

    torch.set_num_threads(1)
    ref = Reference(torch, models, "released-code", batch=2, dtype=torch.float64)
    params = {n: p.detach().clone() for n, p in ref.model.named_parameters()}
    buffers = {n: b.detach().clone() for n, b in ref.model.named_buffers()}
    lrs = list(ref.lrs)

    def grads_at(theta, x, y):
        leaves = {n: t.clone().requires_grad_(True) for n, t in theta.items()}
        state = dict(leaves)
        state.update({n: b.clone() for n, b in buffers.items()})
        loss = ref.criterion(functional_call(ref.model, state, (x,)), y)
        return dict(zip(leaves, torch.autograd.grad(loss, list(leaves.values()))))

    g = grads_at(params, ref.x, ref.y)
    ahead = {n: params[n] + lrs[GROUPS.index(group_of(n))] * g[n] for n in params}
    h = grads_at(ahead, ref.xv, ref.yv)
    expected = [0.0] * len(GROUPS)
    for n in params:
        expected[GROUPS.index(group_of(n))] += float((h[n] * g[n]).sum())
    ref.released_iteration(epoch=1)
    actual = ref.last_lr_grad.tolist()
    worst = max(abs(a - e) / max(abs(e), 1e-12) for a, e in zip(actual, expected))
    return {"groups": list(GROUPS), "autograd": actual, "dotProducts": expected, "maxRelativeError": worst}


def measure(args):
    import torch
    import torchvision
    import torchvision.models as models

    load_before = load_average()
    torch.set_num_threads(args.threads)
    description = "PyTorch {} (Python {}), torchvision {}, {} intra-op threads".format(
        torch.__version__, platform.python_version(), torchvision.__version__, torch.get_num_threads())
    ref = Reference(torch, models, args.step, args.batch)
    start_rss, _ = proc_memory()
    for _ in range(args.warmup):
        ref.run()
    ref.phases.clear()
    warm_rss, _ = proc_memory()
    samples = []
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(args.iterations):
        t0 = time.perf_counter()
        ref.run()
        samples.append((time.perf_counter() - t0) * 1000.0)
    extras = {"minorFaultsPerIteration":
              (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / float(args.iterations)}
    rss_samples = []
    soak_rss = None
    end_rss = None
    if args.soak > 0:
        # as the Java runner: settling iterations, then the soak, growth measured over the soak alone
        done = args.warmup + args.iterations
        rss_samples.append([float(args.warmup), warm_rss])
        every = max(1, args.soak // 20)
        for i in range(1, args.settle + 1):
            ref.run()
            if i % every == 0 and i < args.settle:
                rss_samples.append([float(done + i), proc_memory()[0]])
        done += args.settle
        soak_rss = proc_memory()[0]
        rss_samples.append([float(done), soak_rss])
        extras["settleIterations"] = float(args.settle)
        extras["settleGrowthPercent"] = 100.0 * (soak_rss - warm_rss) / warm_rss
        soak_times = []
        for i in range(1, args.soak + 1):
            t0 = time.perf_counter()
            ref.run()
            soak_times.append((time.perf_counter() - t0) * 1000.0)
            if i % every == 0 or i == args.soak:
                rss_samples.append([float(done + i), proc_memory()[0]])
        end_rss = proc_memory()[0]
        extras["soakMedianMs"] = statistics.median(soak_times)
    if ref.phases:
        timed = {name: values[:args.iterations] for name, values in ref.phases.items()}
        for name, values in timed.items():
            extras["phaseMs." + name] = statistics.median(values)
        extras["medianMsExcludingRebuild"] = statistics.median(
            [total - rebuild for total, rebuild in zip(samples, timed["rebuild"])])
    _, peak = proc_memory()
    return {
        "engine": "pytorch", "engineDescription": description,
        "workload": "resnet18",
        "workloadDescription": "ResNet-18, 3 classes, 3x64x64, batch {}".format(args.batch),
        "step": args.step, "stepDescription": DESCRIPTIONS[args.step],
        "threads": args.threads, "warmup": args.warmup, "iterations": args.iterations,
        "medianMs": statistics.median(samples), "minMs": min(samples), "maxMs": max(samples),
        "samplesMs": samples, "startRssMiB": start_rss, "peakRssMiB": peak,
        "soakIterations": args.soak, "soakStartRssMiB": soak_rss, "soakEndRssMiB": end_rss,
        "growthPercent": 100.0 * (end_rss - soak_rss) / soak_rss if args.soak else None,
        "rssSamples": rss_samples, "loadBefore": load_before, "loadAfter": load_average(),
        "extras": extras, "error": None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--step", choices=STEPS)
    parser.add_argument("--self-check", action="store_true")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--soak", type=int, default=0)
    parser.add_argument("--settle", type=int, default=0)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    if args.self_check:
        print("SELFCHECK " + json.dumps(self_check()), flush=True)
        return 0
    if args.step is None:
        parser.error("--step is required (or --self-check)")
    if args.threads < 1 or args.iterations < 1 or args.warmup < 0 or args.soak < 0 or args.settle < 0 \
            or args.batch < 1:
        parser.error("threads, iterations and batch must be >= 1; warmup, soak and settle >= 0")
    try:
        result = measure(args)
    except Exception as e:  # reported as the configuration's error, like the Java runner does
        result = {"engine": "pytorch", "engineDescription": None, "workload": "resnet18",
                  "workloadDescription": None, "step": args.step, "stepDescription": None,
                  "threads": args.threads, "warmup": 0, "iterations": 0, "medianMs": None, "minMs": None,
                  "maxMs": None, "samplesMs": [], "startRssMiB": None, "peakRssMiB": None,
                  "soakIterations": 0, "soakStartRssMiB": None, "soakEndRssMiB": None, "growthPercent": None,
                  "rssSamples": [], "loadBefore": None, "loadAfter": None, "extras": {},
                  "error": "{}: {}".format(type(e).__name__, e)}
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    sys.exit(main())
