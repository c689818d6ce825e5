"""Synthetic machine parts on a conveyor belt: the demo image set for the camera source.

Each image is one camera view of a belt with at most one part on it. The part types are the
labels (`LABELS`); position, size, rotation, colour, belt brightness, lighting and sensor noise
are drawn at random, so a model has to learn the shapes, not one picture.

    generate(out_dir, n_per_class, size, seed, scene="belt")

writes an ImageFolder tree `out_dir/<label>/<index>.png` (square RGB PNGs of `size` pixels), the
input of edgecompress.train_shapes and of the model compression pipeline.

Two scenes. `belt` (the default, the camera demo's) has five labels and clean, large parts: a small
CNN gets it all right. `cluttered` (module `clutter`, its labels `clutter.LABELS`) has ten part
types with look-alike pairs, parts from small to large and tilted, debris, scratches and oil stains
on the belt, stronger noise, blur and JPEG artefacts: hard enough that a model's accuracy, and what
compression costs of it, can be measured.

    write_mjpeg(path, n, width, height, seed, quality)

writes a raw MJPEG stream (JPEG frames back to back, as `rpicam-vid --codec mjpeg -o -` does) of
`n` frames cycling through the labels, and next to it `path + ".labels"` with one label per
frame. The part stays inside the central square of the frame, so a centre crop keeps it.

Needs Pillow and NumPy (`apt-get install -y python3-pil python3-numpy`). Deterministic for a seed.

    PYTHONPATH=models/python /usr/bin/python3 -m edgecompress.shapes mjpeg --out FILE.mjpeg
    PYTHONPATH=models/python /usr/bin/python3 -m edgecompress.shapes generate --out-dir DIR
"""
import argparse
import io
import math
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

# Sorted, so that the class index is the same as an ImageFolder loader's (folders in name order).
LABELS = ["empty", "hex_nut", "square_plate", "triangle_bracket", "washer"]

# Shapes are drawn this many times larger, then scaled down: smooth (anti-aliased) edges.
_SUPERSAMPLE = 4


def _polygon(cx, cy, r, sides, angle):
    return [(cx + r * math.cos(angle + 2 * math.pi * k / sides),
             cy + r * math.sin(angle + 2 * math.pi * k / sides)) for k in range(sides)]


def _belt(width, height, rng):
    """A grey belt with a lighting gradient, faint lengthwise texture and sensor noise."""
    base = rng.uniform(55, 150)
    tint = rng.uniform(-8, 8, size=3)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    gradient = rng.uniform(0, 30) * ((x / width - 0.5) * math.cos(angle) + (y / height - 0.5) * math.sin(angle))
    stripes = rng.uniform(0, 6) * np.sin(2 * math.pi * y / rng.uniform(3, 9) + rng.uniform(0, 6.3))
    img = base + gradient + stripes
    return np.stack([img + t for t in tint], axis=-1)


def _part_mask(label, width, height, rng):
    """The part as a mask (0..1 floats) inside the central square of the frame, or None."""
    if label == "empty":
        return None
    s = _SUPERSAMPLE
    side = min(width, height)
    mask = Image.new("L", (width * s, height * s), 0)
    d = ImageDraw.Draw(mask)
    r = rng.uniform(0.22, 0.34) * side * s
    # Keep the whole part inside the central square: a centre crop must not cut it.
    slack = side * s / 2 - r * 1.05
    cx = width * s / 2 + rng.uniform(-1, 1) * slack * 0.8
    cy = height * s / 2 + rng.uniform(-1, 1) * slack * 0.8
    angle = rng.uniform(0, 2 * math.pi)
    hole = rng.uniform(0.35, 0.55) * r
    if label == "washer":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
        d.ellipse([cx - hole, cy - hole, cx + hole, cy + hole], fill=0)
    elif label == "hex_nut":
        d.polygon(_polygon(cx, cy, r, 6, angle), fill=255)
        d.ellipse([cx - hole, cy - hole, cx + hole, cy + hole], fill=0)
    elif label == "square_plate":
        d.polygon(_polygon(cx, cy, r, 4, angle), fill=255)
    elif label == "triangle_bracket":
        d.polygon(_polygon(cx, cy, r * 1.1, 3, angle), fill=255)
    else:
        raise ValueError(f"unknown label {label!r}; known: {LABELS}")
    mask = mask.resize((width, height), Image.LANCZOS)
    return np.asarray(mask, dtype=np.float32) / 255.0


def render(label, width, height, rng):
    """One RGB camera view (PIL image) of `label` on the belt."""
    img = _belt(width, height, rng)
    mask = _part_mask(label, width, height, rng)
    if mask is not None:
        # Parts are brighter or darker than the belt, never the same grey.
        delta = rng.uniform(45, 110) * (1 if rng.random() < 0.5 else -1)
        colour = np.clip(img.mean() + delta + rng.uniform(-15, 15, size=3), 0, 255)
        shade = 1 + rng.uniform(-0.15, 0.15) * (np.mgrid[0:height, 0:width][1] / width - 0.5)
        part = colour[None, None, :] * shade[..., None]
        img = img * (1 - mask[..., None]) + part * mask[..., None]
    img = img + rng.normal(0, rng.uniform(1, 6), size=img.shape)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    if rng.random() < 0.5:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.9)))
    return out


def pick_scene(name):
    """(labels, render function) of the scene `name`: 'belt' or 'cluttered'."""
    if name == "belt":
        return LABELS, render
    if name == "cluttered":
        from . import clutter  # here, not at the top: clutter builds on this module's belt
        return clutter.LABELS, clutter.render
    raise ValueError(f"unknown scene {name!r}; scenes: belt, cluttered")


def generate(out_dir, n_per_class, size, seed, scene="belt"):
    """Writes out_dir/<label>/<index>.png, n_per_class square images of `size` px per label of the
    scene `scene`.

    Returns the list of (path, label) written, label-major.
    """
    labels, draw = pick_scene(scene)
    rng = np.random.default_rng(seed)
    written = []
    for label in labels:
        folder = os.path.join(out_dir, label)
        os.makedirs(folder, exist_ok=True)
        for i in range(n_per_class):
            path = os.path.join(folder, f"{i:05d}.png")
            draw(label, size, size, rng).save(path, optimize=False)
            written.append((path, label))
    return written


def jpeg(image, quality):
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def write_mjpeg(path, n, width, height, seed, quality=85):
    """A raw MJPEG stream of n frames (labels cycling in LABELS order) plus path + '.labels'."""
    rng = np.random.default_rng(seed)
    labels = [LABELS[i % len(LABELS)] for i in range(n)]
    with open(path, "wb") as f:
        for label in labels:
            f.write(jpeg(render(label, width, height, rng), quality))
    with open(path + ".labels", "w") as f:
        f.write("\n".join(labels) + "\n")
    return labels


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write an ImageFolder tree")
    g.add_argument("--out-dir", required=True)
    g.add_argument("--per-class", type=int, default=100)
    g.add_argument("--size", type=int, default=64)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--scene", choices=("belt", "cluttered"), default="belt",
                   help="belt: the camera demo's 5 parts (default); cluttered: 10 parts, debris, noise")
    m = sub.add_parser("mjpeg", help="write a raw MJPEG stream and its .labels file")
    m.add_argument("--out", required=True)
    m.add_argument("--frames", type=int, default=20)
    m.add_argument("--width", type=int, default=160)
    m.add_argument("--height", type=int, default=120)
    m.add_argument("--seed", type=int, default=3)
    m.add_argument("--quality", type=int, default=85)
    a = p.parse_args()
    if a.cmd == "generate":
        n = len(generate(a.out_dir, a.per_class, a.size, a.seed, a.scene))
        print(f"wrote {n} images under {a.out_dir}")
    else:
        labels = write_mjpeg(a.out, a.frames, a.width, a.height, a.seed, a.quality)
        print(f"wrote {len(labels)} frames to {a.out} ({os.path.getsize(a.out)} bytes)")


if __name__ == "__main__":
    main()
