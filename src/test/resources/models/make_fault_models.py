#!/usr/bin/env python3
"""Make the small TorchScript models that misbehave in the ways a served model can: the fixtures of the
model-fault tests (control/ModelFaultIT, model/DjlModelRunnerFaultTest).

    /usr/bin/python3 src/test/resources/models/make_fault_models.py \
        --demo models/vibration_int8.pt --out-dir src/test/resources/models

Works with Debian's python3-torch 1.13 (what the committed files were made with) and torch 2.x.
Every file takes the demo pipeline's input, float32 [1, 3, 256], and has the demo's four outputs
unless its point is not to. The older fixtures beside them (nan.pt, slow.pt, late_fail.pt,
late_slow.pt, wrong_shape.pt, wrong_labels.pt) come from models/make_test_models.py.

| file                | what is wrong                                                           |
| ------------------- | ----------------------------------------------------------------------- |
| nan_after.pt        | the demo model for its first --after calls, then every output NaN:     |
|                     | passes loading and validation, then fails while serving                 |
| stall_after.pt      | the demo model for its first --after calls, then ~--stall-s seconds per |
|                     | call: passes validation, then falls far behind the windows             |
| inf.pt              | every output +infinity: refused at load                                 |
| tuple_output.pt     | returns a tuple (logits, features) instead of one tensor               |
| int64_output.pt     | returns int64 class scores instead of float logits                      |
| batch_output.pt     | returns [2, 4]: two answers for one window (8 values for 4 labels)      |
| oversize.pt         | the demo model plus an unused 160 KB buffer: larger than a small        |
|                     | control.max_model_bytes                                                 |
| shifted_labels.pt   | the demo model with its outputs rotated by one: loads, validates and    |
|                     | serves, but names the next label on every window (a shadow candidate    |
|                     | that always disagrees, for capture's shadow_disagreement)               |

The call counter is a buffer updated in place, so it lives in the loaded module (one per load).
"""
import argparse
import hashlib
import os
from typing import Tuple

import torch
from torch import nn


def burn(x, rounds: int):
    """Many tiny sequential ops folded back as an exact zero (see models/make_test_models.py)."""
    acc = torch.zeros(8)
    for _ in range(rounds):
        acc = acc * 0.5 + 1.0
    return x + acc.sum() * 0.0


class After(nn.Module):
    """The inner model for `after` calls; then NaN outputs (mode nan) or a stall (mode stall)."""

    def __init__(self, inner, after: int, nan: bool, rounds: int):
        super().__init__()
        self.inner = inner
        self.after = after
        self.nan = nan
        self.rounds = rounds
        self.register_buffer("calls", torch.zeros(1, dtype=torch.int64))

    def forward(self, x):
        self.calls.add_(1)
        y = self.inner(x)
        if int(self.calls.item()) > self.after:
            if self.nan:
                return y * float("nan")
            return burn(y, self.rounds)
        return y


class AllInf(nn.Module):
    def forward(self, x):
        return x.flatten(1)[:, :4] * 0.0 + float("inf")


class TupleOutput(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x) -> Tuple[torch.Tensor, torch.Tensor]:
        return self.inner(x), x.mean(dim=2)


class Int64Output(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return (self.inner(x) * 1000.0).to(torch.int64)


class BatchOutput(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        y = self.inner(x)
        return torch.cat([y, y], dim=0)


class Oversize(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner
        # Not zeros: a constant buffer would compress in the zip container to nothing.
        self.register_buffer("ballast", torch.linspace(-1.0, 1.0, 40_000))

    def forward(self, x):
        return self.inner(x)


class ShiftedLabels(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x):
        return torch.roll(self.inner(x), 1, 1)


def save(module, path):
    scripted = torch.jit.script(module.eval())
    scripted.save(path)
    data = open(path, "rb").read()
    print(f"{os.path.basename(path):20s} {len(data):8d} B  sha256 {hashlib.sha256(data).hexdigest()}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demo", required=True, help="the demo model to wrap (models/vibration_int8.pt)")
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--after", type=int, default=200,
                    help="calls before *_after misbehave; must exceed the validation runs of the tests (default 200)")
    ap.add_argument("--stall-rounds", type=int, default=160_000,
                    help="tiny ops per stalled call: ~2 s on a 2 vCPU EPYC KVM (default 160000)")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    demo = torch.jit.load(args.demo)
    out = lambda n: os.path.join(args.out_dir, n)
    save(After(demo, args.after, True, 0), out("nan_after.pt"))
    save(After(demo, args.after, False, args.stall_rounds), out("stall_after.pt"))
    save(AllInf(), out("inf.pt"))
    save(TupleOutput(demo), out("tuple_output.pt"))
    save(Int64Output(demo), out("int64_output.pt"))
    save(BatchOutput(demo), out("batch_output.pt"))
    save(Oversize(demo), out("oversize.pt"))
    save(ShiftedLabels(demo), out("shifted_labels.pt"))


if __name__ == "__main__":
    main()
