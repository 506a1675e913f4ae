"""Decoding variants that bench/feedback_eval.py --sweep compares on the labelled scripts, through
both the whole-file and the live path: prompt wording, suppression, fallback and no-speech guards,
VAD parameters, beam size. Each is applied to a WhisperTranscriber before transcribing."""

from __future__ import annotations

import json
import time

from mockview.engines import transcriber as tmod

FILLER_PROMPT = tmod.FILLER_PROMPT
# VAD parameter variants (speech_pad_ms 600, min_silence_duration_ms 3000, alone and with beam 5)
# were measured when Silero VAD cut silences out; it now only gates, so they are gone from here.
VARIANTS: dict[str, dict] = {
    "current": {},
    "prompt Umm...like": {"prompt": "Umm, uh, hmm... er, ah, so, like,"},
    "prompt Hmm first": {"prompt": "Hmm, um, uh, er, ah."},
    "suppress_blank=False": {"options": {"suppress_blank": False}},
    "suppress_tokens=[]": {"options": {"suppress_tokens": []}},
    "temperature=0 only": {"options": {"temperature": 0.0}},
    "no_speech/log_prob guards off": {
        "options": {"no_speech_threshold": None, "log_prob_threshold": None}
    },
    "compression_ratio=None": {"options": {"compression_ratio_threshold": None}},
    "hallucination_silence=2": {"options": {"hallucination_silence_threshold": 2.0}},
    "vad off": {"vad": False},  # vad: Silero VAD removing silences (before) / gating (after)
    "beam 5": {"beam": 5},
    "vad off + beam 5": {"vad": False, "beam": 5},
    "Hmm first + vad off": {"prompt": "Hmm, um, uh, er, ah.", "vad": False},
    "Hmm first + beam 5": {"prompt": "Hmm, um, uh, er, ah.", "beam": 5},
    "Hmm first + vad off + beam 5": {"prompt": "Hmm, um, uh, er, ah.", "vad": False, "beam": 5},
}


def apply(engine, spec: dict) -> str:
    """Sets the variant on `engine` (and the module's filler prompt); returns its cache tag."""
    tmod.FILLER_PROMPT = spec.get("prompt", FILLER_PROMPT)
    engine.decode_options = {**tmod.DECODE_OPTIONS, **spec.get("options", {})}
    engine.beam_size = spec.get("beam", tmod.DEFAULT_BEAM_SIZE)
    engine.vad_filter = spec.get("vad", True)
    # The effective settings key the cache, so a changed default never reuses old transcripts.
    return json.dumps(
        {
            "prompt": tmod.FILLER_PROMPT,
            "options": engine.decode_options,
            "beam": engine.beam_size,
            "vad": engine.vad_filter,
        },
        sort_keys=True,
    )


def parse(text: str) -> dict:
    """A variant by name, or a JSON spec like {"options": {"suppress_blank": false}}."""
    return VARIANTS[text] if text in VARIANTS else json.loads(text)


def sweep(txs, eval_scripts) -> int:
    """One row per variant and path: eval_scripts(tx, quiet=True) summaries."""
    from _feedback_data import table

    rows = []
    for name, spec in VARIANTS.items():
        for tx in txs:
            tx.variant = apply(tx.engine, spec)
            started, done = time.perf_counter(), tx.seconds
            sm = eval_scripts(tx, quiet=True)
            kinds = " ".join(
                f"{lab} {r}/{p}"
                for lab, (r, p) in sm["per_kind"].items()
                if lab in ("um", "uh", "hmm", "er", "ah")
            )
            rows.append(
                [
                    name,
                    tx.path,
                    f"{sm['recall']:.2f}",
                    f"{sm['precision']:.2f}",
                    kinds,
                    f"{sm['wer']:.3f}",
                    len(sm["dropped"]),
                    f"{sm['pause_recall']:.2f}",
                    f"{tx.seconds - done:.0f} s" if tx.seconds > done else "cached",
                ]
            )
            print(
                " | ".join(str(c) for c in rows[-1]),
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
    print("\n## Decoding variants (labelled scripts)\n")
    print(
        table(
            [
                "variant",
                "path",
                "filler recall (any kind)",
                "precision",
                "per kind recall/precision",
                "WER other words",
                "sentences lost",
                "long-pause recall",
                "transcribe time",
            ],
            rows,
        )
    )
    return 0
