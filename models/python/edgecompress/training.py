"""Train, evaluate, export: the one copy that the pipeline's variants, the demo models and the test
fixtures all go through."""
import os

import torch
import torch.nn.functional as F

from . import manifest


def train(model, x, y, epochs, seed, lr=2e-3, batch=64, loss_fn=None, augment=None, cosine=False, log=print,
          what=None):
    """Adam (weight decay 1e-4) on shuffled minibatches; returns the model in eval mode.

    `loss_fn(logits, idx)` replaces cross-entropy (distillation needs the sample indices to find the
    teacher's logits); `augment(xb)` changes a minibatch before the forward pass; `cosine` anneals
    the rate to zero over the epochs. One log line per epoch, prefixed with `what` when given."""
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs) if cosine else None
    loss_fn = loss_fn or (lambda z, idx: F.cross_entropy(z, y[idx]))
    prefix = f"  {what} " if what else ""
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(len(x))
        total = 0.0
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            xb = x[idx] if augment is None else augment(x[idx])
            opt.zero_grad()
            loss = loss_fn(model(xb), idx)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        if schedule:
            schedule.step()
        log(f"{prefix}epoch {epoch + 1}/{epochs} loss {total / len(x):.4f}")
    model.eval()
    return model


def flips_and_turns(xb):
    """Each image of a minibatch [N, C, H, W] mirrored left-right, upside down and (square images)
    transposed, each with probability 1/2: the 8 symmetries of a square, for images whose label
    does not depend on orientation (a part on a belt seen from above). Draws from torch's RNG, so
    training stays deterministic for a seed."""
    n = len(xb)
    pick = lambda: torch.rand(n) < 0.5  # noqa: E731
    xb = torch.where(pick()[:, None, None, None], xb.flip(3), xb)
    xb = torch.where(pick()[:, None, None, None], xb.flip(2), xb)
    if xb.shape[2] == xb.shape[3]:
        xb = torch.where(pick()[:, None, None, None], xb.transpose(2, 3), xb)
    return xb


def logits(model, x, batch=256):
    """The outputs for `x`, `batch` samples per call (None: one call). Dynamic int8 quantises
    activations per call, so its outputs depend on the batch; the daemon runs batch 1."""
    with torch.no_grad():
        if batch is None:
            return model(x)
        return torch.cat([model(x[i:i + batch]) for i in range(0, len(x), batch)])


def accuracy_of(z, y, classes):
    """(overall, per-class list) of the logits `z`; a class absent from y gets None."""
    pred = z.argmax(1)
    per = []
    for c in range(classes):
        m = y == c
        per.append(None if m.sum() == 0 else (pred[m] == c).float().mean().item())
    return (pred == y).float().mean().item(), per


def accuracy(model, x, y, batch=None):
    """Share of `x` the model labels right, `batch` samples per call (None: one call)."""
    return (logits(model, x, batch).argmax(1) == y).float().mean().item()


def export(model, path, example=None):
    """Saves `model` as TorchScript: traced on `example`, or scripted when there is none (for
    modules whose control flow a trace would freeze). Returns (size in bytes, sha256)."""
    with torch.no_grad():
        ts = torch.jit.trace(model, example) if example is not None else torch.jit.script(model)
    ts.save(path)
    return os.path.getsize(path), manifest.sha256(path)


def describe(path, eager, x, y, labels, name, version, split, golden=4, quantized=None, lineage=None,
             golden_split=None):
    """Writes NAME.json beside the exported `path` and returns it: the file reloaded and evaluated on
    (x, y) one sample at a time, as the device runs it, with its golden samples; MACs counted on
    `eager`, the module graph that was exported. With `golden_split`, samples from that index on are
    captured data, and half the golden samples (at least one) come from them."""
    reloaded = torch.jit.load(path)
    z = logits(reloaded, x, batch=1)
    acc, per = accuracy_of(z, y, len(labels))
    if golden_split is None:
        chosen = manifest.golden_samples(reloaded, z, x, y, labels, golden)
    else:
        k = max(1, golden // 2)
        s = golden_split
        chosen = (manifest.golden_samples(reloaded, z[:s], x[:s], y[:s], labels, golden - k)
                  + manifest.golden_samples(reloaded, z[s:], x[s:], y[s:], labels, k))
    m = manifest.build(name, version, path, eager, x[:1], labels,
                       {"accuracy": acc, "per_class": per, "samples": len(x), "split": split},
                       chosen,
                       quantized=quantized, lineage=lineage)
    manifest.write(m, path)
    return m
