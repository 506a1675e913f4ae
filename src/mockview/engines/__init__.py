"""Engines behind small interfaces: speech synthesis, recording, playback, speech-to-text."""
