"""Threads: the long-lived transcription worker and one-off jobs on the shared thread pool."""
