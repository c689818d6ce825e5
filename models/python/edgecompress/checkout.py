"""The edgeinfer checkout the commands work in: where the committed models go and where the daemon's
launcher is (the pipeline's default data comes from its simulator).

Run from the source tree (models/python/edgecompress), that is the checkout holding the package;
installed elsewhere, the current folder when it is a checkout.
"""
import os

_SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def root():
    """The checkout's top folder, or None."""
    for candidate in (_SOURCE_ROOT, os.getcwd()):
        if os.path.isfile(os.path.join(candidate, "bin", "edgeinfer")) and os.path.isdir(
                os.path.join(candidate, "models")):
            return candidate
    return None


def models_dir():
    """The checkout's models/ folder (the committed models and manifests), else the current folder."""
    top = root()
    return os.path.join(top, "models") if top else os.getcwd()


def launcher():
    """bin/edgeinfer of a checkout whose jar is built, or None."""
    top = root()
    if top is None or not os.path.exists(os.path.join(top, "target", "edgeinfer.jar")):
        return None
    return os.path.join(top, "bin", "edgeinfer")
