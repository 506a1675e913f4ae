"""Shared helpers for the speech benchmarks: scripted answers spoken by espeak-ng, WER, peak RSS."""

from __future__ import annotations

import re
import resource
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 16000

# Interview-style sentences; fillers are scripted in some so their recall can be measured.
SENTENCES = [
    "Um, the first thing I would do is talk to the people who run the product every day.",
    "Our retrieval layer used pgvector inside Postgres, so we kept one database to operate.",
    "Uh, we measured drift with the population stability index on every batch of events.",
    "I split the budget between core work, adjacent bets and a little research.",
    "The team grew from a handful of engineers to several squads in about a year and a half.",
    "Hmm, the hardest part was hiring people who could write code and talk to customers.",
    "We shipped a small model first, then replaced it once we had real usage data.",
    "Er, latency mattered more than accuracy for the search box, so we cached embeddings.",
    "Security reviews happened before any customer data touched a model.",
    "I think the main lesson was to write the evaluation set before the prompt.",
    "Ah, we also kept a human in the loop for every refund the assistant suggested.",
    "The board wanted a roadmap, so I gave them three pillars with a metric for each.",
    "Um, one project failed because we never agreed on what success looked like.",
    "After that we wrote a one page brief for every experiment and reviewed it weekly.",
    "Our cloud bill dropped by a third when we moved batch jobs to spot instances.",
    "Uh, I would start with the data contracts, because every model depends on them.",
    "We used feature flags so that a bad model could be switched off in seconds.",
    "The support team labelled thousands of tickets, which became our first test set.",
    "Hmm, open source models were good enough for summarising internal documents.",
    "I report to the chief executive and meet the product leads every Monday.",
]
VOICES = ["en-us", "en-gb", "en-us+f3", "en-us+m3"]
RATES = [140, 160, 180]
FILLERS = {"um", "uh", "hmm", "er", "ah", "umm", "uhm", "erm"}


def normalise(text: str) -> list[str]:
    words = re.sub(r"[^a-z0-9' ]+", " ", text.lower().replace("-", " ")).split()
    return [
        {"umm": "um", "uhm": "um", "erm": "er", "mm": "hmm", "hm": "hmm"}.get(w, w) for w in words
    ]


def wer(reference: list[str], hypothesis: list[str]) -> float:
    """Word error rate (edit distance / reference length), 0..1+."""
    if not reference:
        return float(bool(hypothesis))
    prev = list(range(len(hypothesis) + 1))
    for i, r in enumerate(reference, 1):
        cur = [i] + [0] * len(hypothesis)
        for j, h in enumerate(hypothesis, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1] / len(reference)


def speak(text: str, voice: str, rate_wpm: int, folder: Path) -> np.ndarray:
    out = folder / "clip.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate_wpm), "-w", str(out), text],
        check=True,
        capture_output=True,
    )
    audio, rate = sf.read(str(out), dtype="float32")
    n = int(round(len(audio) * RATE / rate))
    return np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio).astype(
        np.float32
    )


def scripted_answer(seconds: float, seed: int = 0) -> tuple[np.ndarray, str]:
    """About `seconds` of 16 kHz speech (sentences in varied voices/rates, pauses 0.3-1.5 s),
    ending 0.3 s after the last word, with the script as text."""
    rng = np.random.default_rng(seed)
    parts, words = [], []
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        i = 0
        while total < seconds * RATE:
            sentence = SENTENCES[(i + seed) % len(SENTENCES)]
            voice = VOICES[(i // 3) % len(VOICES)]
            audio = speak(sentence, voice, RATES[i % len(RATES)], Path(tmp))
            pause = np.zeros(int(rng.uniform(0.3, 1.5) * RATE), dtype=np.float32)
            parts += [audio, pause]
            words.append(sentence)
            total += len(audio) + len(pause)
            i += 1
    # The speaker presses Stop about 0.3 s after the last word, not after a long pause.
    parts[-1] = np.zeros(int(0.3 * RATE), dtype=np.float32)
    # A little room noise so that silence is not digital zero.
    audio = np.concatenate(parts)
    audio += rng.normal(0, 0.0015, len(audio)).astype(np.float32)
    return audio, " ".join(words)


def peak_rss_mb() -> float:
    """Peak resident memory since the start, or since the last reset_peak_rss()."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Starts a new peak (Linux: /proc/self/clear_refs); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False
