"""Decoding variants that bench/feedback_eval.py --sweep compares on the labelled scripts, through
both the whole-file and the live path: prompt wording, suppression, fallback and no-speech guards,
VAD parameters, beam size. Each is applied to a WhisperTranscriber before transcribing."""

from __future__ import annotations

import json

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
    "no_speech/log_prob guards off": {"options": {"no_speech_threshold": None,
                                                  "log_prob_threshold": None}},
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
    return json.dumps({"prompt": tmod.FILLER_PROMPT, "options": engine.decode_options,
                       "beam": engine.beam_size, "vad": engine.vad_filter}, sort_keys=True)


def parse(text: str) -> dict:
    """A variant by name, or a JSON spec like {"options": {"suppress_blank": false}}."""
    return VARIANTS[text] if text in VARIANTS else json.loads(text)
