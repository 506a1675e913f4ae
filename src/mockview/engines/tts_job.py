"""One pyttsx3 job in a fresh process: `voices` prints them as JSON; `synth` writes one WAV.

Run by tts.Pyttsx3Speaker as `python -m mockview.engines.tts_job`, with a JSON request on stdin.
A fresh process per job because pyttsx3 2.99 with eSpeak NG, when reused, let rate and voice
lag one job behind and sometimes wrote empty files (measured; see tts.py).
"""

from __future__ import annotations

import json
import sys


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
