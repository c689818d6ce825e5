"""The `cluttered` scene of edgecompress.shapes: a harder conveyor image set for measuring what
compression costs in accuracy (the `belt` scene is too easy: every model gets it all right).

Ten part types (`LABELS`), chosen in look-alike pairs a small model has to work for: a washer and
a C-clip (a ring with a gap), a hex nut and a gear (teeth instead of flats), a square plate and a
square nut (a hole), a bolt and an L-bracket (long, thin), a triangular bracket, and nothing. Parts
range from small to large (radius 12-32 % of the frame), turned at any angle and tilted (squashed
along a random axis, as a camera looking obliquely sees them), with lower contrast than the demo's.
Every image, empty ones included, has clutter: debris (small irregular bits), scratches and oil
stains; then sensor noise, blur and, for half of them, JPEG compression.

    render(label, width, height, rng) -> PIL RGB image
"""
import io
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from .shapes import _belt, _polygon

# Sorted, like an ImageFolder loader's class order.
LABELS = ["bolt", "c_clip", "empty", "gear", "hex_nut", "l_bracket", "square_nut", "square_plate",
          "triangle_bracket", "washer"]

_SUPERSAMPLE = 4
_CIRCLE = 48  # vertices of a drawn circle


def _outline(label, rng):
    """(outer polygons, hole polygons) of a part in unit coordinates (radius about 1)."""
    circle = lambda r: _polygon(0, 0, r, _CIRCLE, 0)  # noqa: E731
    hole = circle(rng.uniform(0.3, 0.5))
    if label == "washer":
        return [circle(1)], [hole]
    if label == "c_clip":
        gap = math.radians(rng.uniform(40, 80))
        wedge = [(0, 0)] + [(1.3 * math.cos(a), 1.3 * math.sin(a)) for a in np.linspace(-gap / 2, gap / 2, 6)]
        return [circle(1)], [hole, wedge]
    if label == "hex_nut":
        return [_polygon(0, 0, 1, 6, 0)], [hole]
    if label == "gear":
        teeth = int(rng.integers(8, 13))
        # each tooth: root, rising flank top, falling flank top, root (radius, share of the tooth's angle)
        profile = ((0.78, 0.0), (1.0, 0.2), (1.0, 0.5), (0.78, 0.7))
        pts = [(r * math.cos(2 * math.pi * (k + f) / teeth), r * math.sin(2 * math.pi * (k + f) / teeth))
               for k in range(teeth) for r, f in profile]
        return [pts], [hole]
    if label == "square_nut":
        return [_polygon(0, 0, 1, 4, 0)], [hole]
    if label == "square_plate":
        return [_polygon(0, 0, 1, 4, 0)], []
    if label == "triangle_bracket":
        return [_polygon(0, 0, 1.1, 3, 0)], []
    if label == "bolt":
        w = rng.uniform(0.16, 0.24)
        return [_polygon(-0.7, 0, 0.38, 6, 0), [(-0.7, -w), (1.0, -w), (1.0, w), (-0.7, w)]], []
    if label == "l_bracket":
        t = rng.uniform(0.35, 0.5)
        return [[(-1, -1), (1, -1), (1, -1 + t), (-1 + t, -1 + t), (-1 + t, 1), (-1, 1)]], []
    raise ValueError(f"unknown label {label!r}; known: {LABELS}")


def _placer(cx, cy, r, angle, squash, tilt):
    """Unit coordinates -> pixels: turn by `angle`, shrink by `squash` along the axis at `tilt`,
    scale by `r`, move to (cx, cy)."""
    ca, sa, ct, st = math.cos(angle), math.sin(angle), math.cos(tilt), math.sin(tilt)

    def place(points):
        out = []
        for x, y in points:
            x, y = x * ca - y * sa, x * sa + y * ca
            u, v = x * ct + y * st, -x * st + y * ct
            u *= squash
            x, y = u * ct - v * st, u * st + v * ct
            out.append((cx + r * x, cy + r * y))
        return out
    return place


def _part_mask(label, width, height, rng):
    """The part as a mask (0..1 floats), or None for 'empty'."""
    if label == "empty":
        return None
    outer, holes = _outline(label, rng)
    s = _SUPERSAMPLE
    side = min(width, height)
    r = rng.uniform(0.12, 0.32) * side * s
    slack = max(side * s / 2 - r * 1.05, 0)
    place = _placer(width * s / 2 + rng.uniform(-1, 1) * slack, height * s / 2 + rng.uniform(-1, 1) * slack, r,
                    rng.uniform(0, 2 * math.pi), rng.uniform(0.7, 1.0), rng.uniform(0, math.pi))
    mask = Image.new("L", (width * s, height * s), 0)
    d = ImageDraw.Draw(mask)
    for p in outer:
        d.polygon(place(p), fill=255)
    for p in holes:
        d.polygon(place(p), fill=0)
    mask = mask.resize((width, height), Image.LANCZOS)
    return np.asarray(mask, dtype=np.float32) / 255.0


def _stains(img, rng):
    """Dark, soft-edged oil stains on the belt."""
    h, w = img.shape[:2]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    for _ in range(int(rng.integers(0, 3))):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        rx, ry = rng.uniform(0.05, 0.2) * w, rng.uniform(0.05, 0.2) * h
        blob = np.exp(-(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2))
        img = img * (1 - rng.uniform(0.2, 0.5) * blob[..., None])
    return img


def _debris(image, rng):
    """Small irregular bits and thin scratches drawn over the belt and the part."""
    w, h = image.size
    d = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(1, 6))):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.02, 0.06) * min(w, h)
        n = int(rng.integers(3, 7))
        pts = [(cx + r * rng.uniform(0.4, 1) * math.cos(a), cy + r * rng.uniform(0.4, 1) * math.sin(a))
               for a in np.sort(rng.uniform(0, 2 * math.pi, n))]
        d.polygon(pts, fill=tuple(int(v) for v in rng.integers(0, 256, 3)))
    for _ in range(int(rng.integers(0, 4))):
        x0, y0 = rng.uniform(0, w), rng.uniform(0, h)
        length, a = rng.uniform(0.1, 0.4) * min(w, h), rng.uniform(0, 2 * math.pi)
        grey = int(rng.integers(0, 256))
        d.line([(x0, y0), (x0 + length * math.cos(a), y0 + length * math.sin(a))], fill=(grey, grey, grey), width=1)
    return image


def render(label, width, height, rng):
    """One RGB camera view (PIL image) of `label` on a cluttered belt."""
    img = _stains(_belt(width, height, rng), rng)
    mask = _part_mask(label, width, height, rng)
    if mask is not None:
        delta = rng.uniform(25, 90) * (1 if rng.random() < 0.5 else -1)
        colour = np.clip(img.mean() + delta + rng.uniform(-20, 20, size=3), 0, 255)
        shade = 1 + rng.uniform(-0.25, 0.25) * (np.mgrid[0:height, 0:width][1] / width - 0.5)
        part = colour[None, None, :] * shade[..., None]
        img = img * (1 - mask[..., None]) + part * mask[..., None]
    out = _debris(Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB"), rng)
    img = np.asarray(out, dtype=np.float32) + rng.normal(0, rng.uniform(2, 12), size=img.shape)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    if rng.random() < 0.6:
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.1)))
    if rng.random() < 0.5:
        buf = io.BytesIO()
        out.save(buf, format="JPEG", quality=int(rng.integers(40, 90)))
        buf.seek(0)
        out = Image.open(buf).convert("RGB")
    return out
