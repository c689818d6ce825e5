"""Runs the model package's tests (models/python/tests) with pytest; `mvn verify` calls this.

Fails loudly, naming the Debian packages, when torch, pytest or Pillow is missing: a silently
skipped suite would look like a passing one. The tests import edgecompress from models/python
(pytest's `pythonpath` in pyproject.toml), so nothing needs installing.
"""
import importlib
import os
import sys

NEEDED = {"torch": "python3-torch", "pytest": "python3-pytest", "PIL": "python3-pil"}


def main():
    missing = []
    for module, package in NEEDED.items():
        try:
            importlib.import_module(module)
        except ImportError:
            missing.append(package)
    if missing:
        print(f"{sys.executable} lacks {', '.join(missing)}; the pipeline tests need them:\n"
              f"    apt-get install -y {' '.join(missing)}\n"
              "(or skip these tests explicitly with mvn -DskipPyTests)", file=sys.stderr)
        return 1
    import pytest
    here = os.path.dirname(os.path.abspath(__file__))
    return pytest.main(["-q", "--rootdir", here, os.path.join(here, "tests")] + sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
