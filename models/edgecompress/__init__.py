"""Compression pipeline for edgeinfer models: teacher, distilled student, pruning, low-rank, int8.

The command line is models/compress.py; docs/compression.md explains the techniques and results.
"""
