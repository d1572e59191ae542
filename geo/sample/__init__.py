"""Loaders of the bundled sample data in ``data/`` (see data/MANIFEST.md)."""
