"""Hardware and models behind small interfaces: speech synthesis, recording, playback, recognition.
"""
