"""Engines behind small interfaces: speech synthesis, recording, playback, speech-to-text."""

import os

# faster-whisper (its Silero VAD) and Piper run on onnxruntime, which since 1.29 writes a device
# id and an event database under ~/.cache/Microsoft/DeveloperTools at import unless this is set.
# A private, offline app writes nothing outside its own folders (tests/e2e/test_offline.py).
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
