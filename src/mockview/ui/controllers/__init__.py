"""Controllers: wiring between views, engines, workers and the history store."""
