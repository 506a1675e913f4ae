"""Which decoding prompt keeps spoken fillers without losing words? Prints one row per setting.

Usage: bench/filler_prompt.py [--beams 1,5] [--voices en-us,en-gb,en-us+f3] [--rates 140,180]

Clips are espeak-ng sentences with scripted fillers ("um", "uh", "hmm", "er", "ah") and domain
terms, in several voices and rates. For each prompt mode of WhisperTranscriber (none, short
filler prompt, the long prompt from PRODUCT.md, short + the clip's terms, short + hotwords) and
beam size it prints filler recall and precision (fillers matched by position-free counts per
clip), WER on the non-filler words, term hits and decoding time. Synthetic speech flatters every
method; the ranking is what matters.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _speech import FILLERS, normalise, speak, wer  # noqa: E402

from mockview.engines.transcriber import PROMPT_MODES, WhisperTranscriber  # noqa: E402

CLIPS = [
    (
        "Um, we store the vectors in pgvector, uh, because Postgres was already there.",
        ["pgvector", "Postgres"],
    ),
    ("So, uh, the index is FAISS, and, um, we rebuild it every night.", ["FAISS"]),
    ("Hmm, I would say the main risk is, er, data drift in production.", ["data drift"]),
    ("Ah, the team used Kubernetes, um, and we deployed with Argo.", ["Kubernetes", "Argo"]),
    (
        "Uh, retrieval augmented generation, um, needs a good chunking strategy.",
        ["retrieval augmented generation", "chunking"],
    ),
    (
        "We tracked the PSI, uh, population stability index, hmm, on every batch.",
        ["PSI", "population stability index"],
    ),
    (
        "Er, honestly, the budget was split seventy, twenty, ten, um, across the roadmap.",
        ["roadmap"],
    ),
    ("Um, I hired a staff engineer first, uh, then two ML engineers.", ["ML engineers"]),
]


def score(reference: str, hypothesis: str) -> tuple[int, int, int, list[str], list[str]]:
    ref, hyp = normalise(reference), normalise(hypothesis)
    ref_f = Counter(w for w in ref if w in FILLERS)
    hyp_f = Counter(w for w in hyp if w in FILLERS)
    matched = sum((ref_f & hyp_f).values())
    return (
        matched,
        sum(ref_f.values()),
        sum(hyp_f.values()),
        [w for w in ref if w not in FILLERS],
        [w for w in hyp if w not in FILLERS],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beams", default="1,5")
    parser.add_argument("--voices", default="en-us,en-gb,en-us+f3")
    parser.add_argument("--rates", default="140,180")
    parser.add_argument("--modes", default=",".join(PROMPT_MODES))
    args = parser.parse_args()
    voices, rates = args.voices.split(","), [int(r) for r in args.rates.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        clips = [
            (speak(text, v, r, Path(tmp)), text, terms)
            for text, terms in CLIPS
            for v in voices
            for r in rates
        ]
    transcriber = WhisperTranscriber()
    transcriber.load()
    print(f"{len(clips)} clips; model {transcriber.model_name} on {transcriber.device}")
    print(
        f"{'mode':<12} {'beam':>4} {'recall':>7} {'precis':>7} {'WER':>6} {'terms':>6} "
        f"{'s/clip':>7}"
    )
    for beam in [int(b) for b in args.beams.split(",")]:
        for mode in args.modes.split(","):
            transcriber.beam_size, transcriber.prompt_mode = beam, mode
            matched = ref_total = hyp_total = term_hits = term_total = 0
            refs, hyps, seconds = [], [], 0.0
            for audio, text, terms in clips:
                start = time.perf_counter()
                result = transcriber.transcribe(audio, terms)
                seconds += time.perf_counter() - start
                m, r, h, ref_words, hyp_words = score(text, result.text)
                matched, ref_total, hyp_total = matched + m, ref_total + r, hyp_total + h
                refs += ref_words
                hyps += hyp_words
                said = result.text.lower()
                term_hits += sum(t.lower() in said for t in terms)
                term_total += len(terms)
            recall = matched / ref_total if ref_total else 0.0
            precision = matched / hyp_total if hyp_total else 0.0
            print(
                f"{mode:<12} {beam:>4} {recall:>7.2f} {precision:>7.2f} "
                f"{wer(refs, hyps):>6.3f} {term_hits:>3}/{term_total:<2} "
                f"{seconds / len(clips):>7.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
