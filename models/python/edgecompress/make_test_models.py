r"""Make the small TorchScript models the hot-swap tests need: each one is wrong in exactly one way.

    export PYTHONPATH=models/python    # from the checkout's top; installed: edgecompress-make-test-models
    /usr/bin/python3 -m edgecompress.make_test_models --demo models/vibration_int8.pt \
        --out-dir src/test/resources/models

Works with Debian's python3-torch 1.13 and with torch 2.x. Every file takes the demo pipeline's
input, float32 [1, 3, 256], unless its point is not to:

| file            | what is wrong                                                          |
| --------------- | ---------------------------------------------------------------------- |
| wrong_shape.pt  | expects [1, 3, 128] (flattens to 384 features): refused at load         |
| wrong_labels.pt | 3 outputs instead of 4: refused at load                                 |
| nan.pt          | every output is NaN: refused at load                                    |
| int64_output.pt | 4 outputs, but int64 (class indices) instead of float32 logits: refused |
|                 | at load, naming the output and its type                                 |
| slow.pt         | the demo model plus --slow-rounds tiny ops per call (~400 ms on an idle |
|                 | 2 vCPU EPYC KVM, well over the tests' 200 ms budget even on a fast CI    |
|                 | machine): refused when `model.latency_budget_ms` is set below that      |
| late_fail.pt    | the demo model for its first --late-after calls, then raises: passes    |
|                 | validation, fails after the swap (auto-rollback)                        |
| late_slow.pt    | the demo model for its first --late-after calls, then --burn-rounds     |
|                 | tiny ops slower (~50 ms, ~50x the demo model's own time):               |
|                 | passes validation, slows down after the swap (auto-rollback)            |

The call counter is a buffer updated in place, so it lives in the loaded module (one per load).
"""
import argparse
import os

import torch
from torch import nn

from . import training


def fixed_linear(n_in, n_out):
    """A Linear layer with fixed weights, so the file is the same on every run."""
    fc = nn.Linear(n_in, n_out)
    with torch.no_grad():
        fc.weight.copy_(torch.linspace(-0.01, 0.01, n_in * n_out).reshape(n_out, n_in))
        fc.bias.zero_()
    return fc


class WrongShape(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = fixed_linear(3 * 128, 4)

    def forward(self, x):
        return self.fc(x.flatten(1))


class WrongLabels(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = fixed_linear(3 * 256, 3)

    def forward(self, x):
        return self.fc(x.flatten(1))


class AllNaN(nn.Module):
    def forward(self, x):
        return x.flatten(1)[:, :4] * 0.0 + float("nan")


class Int64Output(nn.Module):
    def forward(self, x):
        return x.flatten(1)[:, :4].round().to(torch.int64)


def burn(x, rounds: int):
    """Many tiny sequential ops, folded back as an exact zero so the answer is unchanged.

    Tiny ops cost the TorchScript interpreter a roughly fixed few microseconds each whatever BLAS the
    engine was built with (matrix products vary 100x between builds), so the delay travels well.
    """
    acc = torch.zeros(8)
    for _ in range(rounds):
        acc = acc * 0.5 + 1.0
    return x + acc.sum() * 0.0


class Slow(nn.Module):
    def __init__(self, inner, rounds):
        super().__init__()
        self.inner = inner
        self.rounds = rounds

    def forward(self, x):
        return burn(self.inner(x), self.rounds)


class Late(nn.Module):
    """The inner model, until `after` calls have been made; then it fails or slows down."""

    def __init__(self, inner, after, mode, rounds):
        super().__init__()
        self.inner = inner
        self.after = after
        self.fail = mode == "fail"
        self.rounds = rounds
        self.register_buffer("calls", torch.zeros(1, dtype=torch.int64))

    def forward(self, x):
        self.calls.add_(1)
        y = self.inner(x)
        if int(self.calls.item()) > self.after:
            if self.fail:
                raise RuntimeError("late_fail: deliberate failure after warm-up")
            y = burn(y, self.rounds)
        return y


def save(module, path):
    size, digest = training.export(module.eval(), path)
    print(f"{os.path.basename(path):16s} {size:8d} B  sha256 {digest}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demo", required=True, help="the demo model to wrap (vibration_int8.pt)")
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--late-after", type=int, default=200,
                    help="calls before late_* misbehave; must exceed the daemon's validation runs (default 200)")
    ap.add_argument("--burn-rounds", type=int, default=16000,
                    help="tiny ops per late_slow call: ~50 ms on an idle 2 vCPU EPYC KVM (default 16000)")
    ap.add_argument("--slow-rounds", type=int, default=128000,
                    help="tiny ops per slow.pt call: ~400 ms on an idle 2 vCPU EPYC KVM (default 128000)")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    demo = torch.jit.load(args.demo)
    rounds = args.burn_rounds
    out = lambda n: os.path.join(args.out_dir, n)
    save(WrongShape(), out("wrong_shape.pt"))
    save(WrongLabels(), out("wrong_labels.pt"))
    save(AllNaN(), out("nan.pt"))
    save(Int64Output(), out("int64_output.pt"))
    save(Slow(demo, args.slow_rounds), out("slow.pt"))
    save(Late(demo, args.late_after, "fail", rounds), out("late_fail.pt"))
    save(Late(demo, args.late_after, "slow", rounds), out("late_slow.pt"))


if __name__ == "__main__":
    main()
