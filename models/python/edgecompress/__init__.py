"""edgeinfer's model side: the compression pipeline (teacher, distilled student, pruning, low-rank,
int8, each variant exported as TorchScript with its manifest), the demo models' training, their data
generators, and the Java tests' model fixtures.

Commands, each `python3 -m edgecompress.NAME` with PYTHONPATH at models/python, or a console script
once installed: compress, train_demo, train_shapes, shapes, make_test_models (see models/README.md;
docs/compression.md explains the techniques and results).
"""
