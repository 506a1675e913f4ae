"""Helpers shared by tests: a private PulseAudio server with virtual devices, speech made with espeak-ng."""
