"""The ``georeg`` command line (Typer): beside ``api/``, both call ``geo/``; the core imports neither."""
