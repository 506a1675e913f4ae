"""Qt only: views (layout), controllers and workers (wiring, threads)."""
