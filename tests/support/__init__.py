"""Helpers shared by tests: a private PulseAudio server with virtual devices, espeak-ng speech."""
