"""One pyttsx3 job in a fresh process: `voices` prints them as JSON; `synth` writes one WAV.

Run by tts.Pyttsx3Speaker as `python -m mockview.engines.tts_job`, with a JSON request on stdin.
A fresh process per job because pyttsx3 2.99 with eSpeak NG, when reused, let rate and voice
lag one job behind and sometimes wrote empty files (measured; see tts.py).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> int:
    request = json.loads(sys.stdin.read())
    import pyttsx3

    engine = pyttsx3.init(request["driver"]) if request.get("driver") else pyttsx3.init()
    if request["job"] == "voices":
        voices = []
        for v in engine.getProperty("voices") or ():
            langs = [
                lang.decode(errors="replace").lstrip("\x05")
                if isinstance(lang, bytes)
                else str(lang)
                for lang in (v.languages or ())
            ]
            voices.append({"id": str(v.id), "name": str(v.name or v.id), "languages": langs})
        sys.stdout.write(json.dumps(voices))
        return 0
    if request.get("voice"):
        engine.setProperty("voice", request["voice"])
    engine.setProperty("rate", int(request["rate_wpm"]))
    engine.save_to_file(request["text"], request["out"])
    engine.runAndWait()
    _wait_for_file(Path(request["out"]))
    return 0


def _wait_for_file(out: Path, timeout_s: float = 5.0) -> None:
    """pyttsx3 2.99's eSpeak driver may end its loop while eSpeak NG still synthesises on its
    own thread; the WAV is written when that thread finishes. Without this wait the process
    exited first and wrote nothing in 4 of 10 runs (question 11, this machine)."""
    try:
        from pyttsx3.drivers import _espeak

        _espeak.Synchronize()  # returns once eSpeak NG has finished the text
    except Exception:  # another driver, or no eSpeak: the poll below still bounds the wait
        pass
    deadline = time.monotonic() + timeout_s
    last = -1
    while time.monotonic() < deadline:
        size = out.stat().st_size if out.is_file() else 0
        if size > 44 and size == last:  # written, and no longer growing
            return
        last = size
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
