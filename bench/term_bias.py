"""Does putting a question's terms into the decode help the terms that were said, and does it
insert terms that were not? Prints one row per prompt variant.

Usage: bench/term_bias.py [--full] [--voices en-us,en-gb] [--both-voices]
                          [--real-questions 10] [--threshold 0.6] [--show] [--cache FILE]

Four sets, all through WhisperTranscriber.transcribe (tiny.en, the app's beam and checks);
on the 2-core machine the default run took about 6 minutes (more while other decodes ran)
and --full about 14:
- right question: every third question of questions/ai-cto.yaml (--full: all 30), the
  sentence of its model answer holding the most of its terms (the first sentences hold few),
  spoken by espeak-ng at 160 wpm with 0.3 s of room noise after it, voices alternating
  (--both-voices: every voice), decoded with that question's terms. Term hits: terms found in
  the transcript, of those the spoken text contains. WER on all words.
- wrong question: the same audio decoded with the terms of question (i + 7) mod 30. Inserted
  terms: terms of that question found in the transcript but not in the spoken text, of the
  (clip, term) pairs that could be inserted.
- near sound: NEAR_SOUNDS, sentences with a word that sounds like a term of the question they
  are decoded with (the reported "LoRA" -> "LLM, RAG" among them), voices alternating
  (--full: every voice).
- real speech: every other read clip of ../shared/speech (human voices; --full: all 18), each
  decoded with the terms of question 10, the reported one (--full: 0, 10 and 20): inserted
  terms and WER (words as tests/support/real_speech.py scores them); empty without
  ../shared/speech.
A term is "found" when its letters and digits (lower case, no spaces) equal those of 1-4
consecutive words ("PG vector" finds "pgvector"; "A-B test" finds "A/B test").

Variants: short (filler prompt only), short_terms (filler prompt + terms), hotwords (filler
prompt, terms as hotwords), app (short_terms with the app's term check, engines/term_check.py,
which decodes a segment holding a term again without the terms), and candidates computed
here from those decodes (--variants none,... adds no prompt at all):
- short_terms+check / hotwords+check: the app's rule (term_check.checked) on whole-clip
  decodes: the biased transcript, except where it differs from the unbiased (short)
  transcript of the same audio in a stretch holding a term that nothing the unbiased decode
  heard there resembles in spelling or rough sound; that stretch is taken from the unbiased
  transcript. The second decode is only needed when the biased transcript holds a term; its
  time is counted for those clips.
- short+snap: the unbiased transcript with 1-3 consecutive words replaced by a term whose
  letters they nearly spell (difflib ratio >= 0.85, term of 4+ letters). One decode.
Synthetic speech flatters every variant; compare the rows, not the absolute numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.support

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from _speech import normalise, speak, wer  # noqa: E402

from mockview.engines import term_check  # noqa: E402
from mockview.engines.transcriber import WhisperTranscriber  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BANK = ROOT / "questions" / "ai-cto.yaml"
WRONG_SHIFT = 7
RATE_WPM = 160
DECODED = ("none", "short", "short_terms", "hotwords", "app")
SNAP_RATIO = 0.85
# Sentences with a word that sounds like a term of the question they are decoded with, which
# the speaker did not say: the reported case ("LoRA" decoded with question 11's terms came out
# as "LLM, RAG") and others like it. (text, question index)
NEAR_SOUNDS = [
    ("I would use LoRA adapters here.", 10),
    ("We fine-tuned the base model with LoRA on a single GPU.", 10),
    ("The server rack in the old data centre ran hot.", 10),
    ("The budget pie was split three ways.", 10),
    ("We kept the face recognition model out of scope.", 10),
    ("Laura led the data team for two years.", 16),
    ("Roy approved the budget in March.", 0),
    ("The data skews towards younger users.", 20),
    ("The trucks left the depot at six.", 18),
    ("The top right quadrant held the quick wins.", 17),
    ("It did not seem right to us at the time.", 13),
    ("We had a bit of a problem with margins.", 1),
]


def term_key(term: str) -> str:
    return "".join(normalise(term))


def found(term: str, words: list[str]) -> bool:
    key = term_key(term)
    return bool(key) and any(
        "".join(words[i : i + n]) == key for n in range(1, 5) for i in range(len(words))
    )


def occurrences(terms, words: list[str]) -> list[tuple[int, int, str]]:
    return term_check.occurrences(terms, words)


def checked(biased: list[str], plain: list[str], terms, threshold: float) -> list[str]:
    """term_check.checked on word lists: the app's rule, applied to whole-clip decodes."""
    picks = term_check.checked(biased, plain, terms, threshold)
    return [biased[i] if side == "b" else plain[i] for side, i in picks]


def snapped(plain: list[str], terms) -> list[str]:
    """Plain words with 1-3 consecutive words that nearly spell a term replaced by the term."""
    keys = [(term_key(t), normalise(t)) for t in terms if len(term_key(t)) >= 4]
    out, i = [], 0
    while i < len(plain):
        for n in (3, 2, 1):
            joined = "".join(plain[i : i + n])
            hit = next(
                (ws for k, ws in keys if SequenceMatcher(None, k, joined).ratio() >= SNAP_RATIO),
                None,
            )
            if hit and i + n <= len(plain):
                out += hit
                i += n
                break
        else:
            out.append(plain[i])
            i += 1
    return out


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", " ".join(text.split()))


def excerpt(question: dict) -> str:
    """The sentence of the model answer holding the most of its terms (the shorter on a tie)."""
    return max(
        sentences(question["model_answer"]),
        key=lambda s: (sum(found(t, normalise(s)) for t in question["terms"]), -len(s)),
    )


def spoken(text: str, voice: str, folder: Path) -> np.ndarray:
    """espeak-ng at RATE_WPM with 0.3 s after it and a little room noise, as in
    _speech.scripted_answer (on clean ends tiny.en looped more often, and slowly)."""
    audio = np.concatenate([speak(text, voice, RATE_WPM, folder), np.zeros(4800, np.float32)])
    noise = np.random.default_rng(len(text)).normal(0, 0.0015, len(audio))
    return (audio + noise).astype(np.float32)


class Decoder:
    """Decodes with a prompt mode and terms, caching by (audio id, mode, terms) and timing."""

    def __init__(self) -> None:
        # The raw decodes: the variants below add their checks (the app's is "app").
        self.tx = WhisperTranscriber(check_terms=False)
        self.tx.load()
        self.cache: dict = {}

    def __call__(self, clip_id, audio, mode: str, terms) -> tuple[list[str], float, str]:
        if mode in ("none", "short"):
            terms = ()
        key = (clip_id, mode, tuple(terms))
        if key not in self.cache:
            self.tx.prompt_mode = "short_terms" if mode == "app" else mode
            self.tx.check_terms = mode == "app"
            start = time.perf_counter()
            text = self.tx.transcribe(audio, list(terms)).text
            self.cache[key] = (normalise(text), time.perf_counter() - start, text)
        return self.cache[key]

    def read(self, path: Path) -> None:
        for row in json.loads(path.read_text()):
            key = (row["clip"], row["mode"], tuple(row["terms"]))
            self.cache[key] = (normalise(row["text"]), row["seconds"], row["text"])

    def save(self, path: Path) -> None:
        rows = [
            {"clip": c, "mode": m, "terms": list(t), "text": v[2], "seconds": round(v[1], 3)}
            for (c, m, t), v in self.cache.items()
        ]
        path.write_text(json.dumps(rows, indent=1))


class Tally:
    def __init__(self) -> None:
        self.hits = self.hit_n = self.ins = self.ins_n = 0
        self.refs: list[str] = []
        self.hyps: list[str] = []
        self.seconds = 0.0
        self.decodes = 0
        self.inserted: list[str] = []

    def wer(self) -> float:
        return wer(self.refs, self.hyps)


def variant_words(name, dec, clip_id, audio, terms, threshold):
    """(words, seconds) of one variant on one clip with `terms`."""
    if name in DECODED:
        words, s, _ = dec(clip_id, audio, name, terms)
        return words, s
    if name == "short+snap":
        words, s, _ = dec(clip_id, audio, "short", ())
        return snapped(words, terms), s
    base = name.split("+")[0]
    words, s, _ = dec(clip_id, audio, base, terms)
    if not occurrences(terms, words):
        return words, s  # no term to check: no second decode
    plain, s2, _ = dec(clip_id, audio, "short", ())
    return checked(words, plain, terms, threshold), s + s2


def insertions(tally: Tally, words, ref, terms, label: str) -> None:
    for t in terms:
        if not found(t, ref):
            tally.ins_n += 1
            if found(t, words):
                tally.ins += 1
                tally.inserted.append(f"{t} ({label})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", default="en-us,en-gb")
    parser.add_argument(
        "--full",
        action="store_true",
        help="all 30 questions, near-sound sentences in every voice, all real clips with the "
        "terms of questions 0, 10 and 20 (about 2.5 times the default run)",
    )
    parser.add_argument("--both-voices", action="store_true", help="answer clips in every voice")
    parser.add_argument("--real-questions", help="default 10 (the reported one); --full 0,10,20")
    parser.add_argument("--threshold", type=float, default=0.6)
    parser.add_argument("--show", action="store_true", help="print each inserted term")
    parser.add_argument(
        "--cache",
        type=Path,
        help="JSON file of transcripts: read if there (no decoding for those), written at the end",
    )
    parser.add_argument(
        "--variants",
        default="short,short_terms,short_terms+check,app,hotwords,hotwords+check,short+snap",
        help="also: none (no prompt at all)",
    )
    args = parser.parse_args()
    variants = args.variants.split(",")
    voices = args.voices.split(",")
    questions = yaml.safe_load(BANK.read_text())["questions"]
    asked = range(0, len(questions), 1 if args.full else 3)
    real_qs = args.real_questions or ("0,10,20" if args.full else "10")
    real_qs = [int(x) for x in real_qs.split(",") if x]
    started = time.perf_counter()

    synth = []  # (cache id, audio, text, question index, label)
    near = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, i in enumerate(asked):
            text = excerpt(questions[i])
            for v in voices if args.both_voices else [voices[k % len(voices)]]:
                audio = spoken(text, v, Path(tmp))
                synth.append((f"{v}|{text}", audio, text, i, f"q{i}:{v}"))
        for k, (text, qi) in enumerate(NEAR_SOUNDS):
            for v in voices if args.full else [voices[k % len(voices)]]:
                audio = spoken(text, v, Path(tmp))
                near.append((f"{v}|{text}", audio, text, qi, f"near{k}:{v}"))

    try:
        from tests.support import real_speech as rs

        real = rs.read_clips()[:: 1 if args.full else 2]
    except ImportError:
        real = []

    dec = Decoder()
    if args.cache and args.cache.is_file():
        dec.read(args.cache)
    print(
        f"{len(synth)} eSpeak answer clips + {len(near)} near-sound clips ({', '.join(voices)}, "
        f"{RATE_WPM} wpm); {len(real)} real read clips x questions {real_qs}; model "
        f"{dec.tx.model_name} on {dec.tx.device}, beam {dec.tx.beam_size}, check threshold "
        f"{args.threshold}",
        flush=True,
    )
    rows = {}
    for name in variants:
        right, wrong, nr, rl = Tally(), Tally(), Tally(), Tally()

        def run(tally, clip_id, audio, ref, terms, rewords=None, name=name):
            words, s = variant_words(name, dec, clip_id, audio, terms, args.threshold)
            if rewords:  # the real clips are scored with their own word rules
                words = rewords(" ".join(words))
            tally.refs += ref
            tally.hyps += words
            tally.seconds += s
            tally.decodes += 1
            return words

        for clip_id, audio, text, i, label in synth:
            ref = normalise(text)
            terms = questions[i]["terms"]
            words = run(right, clip_id, audio, ref, terms)
            for t in terms:
                if found(t, ref):
                    right.hit_n += 1
                    right.hits += found(t, words)
            qi = (i + WRONG_SHIFT) % len(questions)
            terms = questions[qi]["terms"]
            words = run(wrong, clip_id, audio, ref, terms)
            insertions(wrong, words, ref, terms, f"{label} as q{qi}")
        for clip_id, audio, text, qi, label in near:
            ref = normalise(text)
            terms = questions[qi]["terms"]
            words = run(nr, clip_id, audio, ref, terms)
            insertions(nr, words, ref, terms, f"{label} as q{qi}")
        for clip in real:
            ref = rs.reference_words(clip)
            for qi in real_qs:
                terms = questions[qi]["terms"]
                words = run(rl, clip.name, clip.audio, ref, terms, rs.words_of)
                insertions(rl, words, ref, terms, f"{clip.name} as q{qi}")
        rows[name] = (right, wrong, nr, rl)
        print(f"  {name} done at {time.perf_counter() - started:.0f} s", flush=True)

    print()
    print(
        f"{'variant':<18} {'right hits':>10} {'right WER':>9} {'wrong ins':>10} {'wrong WER':>9} "
        f"{'near ins':>8} {'near WER':>8} {'real ins':>8} {'real WER':>8} {'s/clip':>6}"
    )
    for name, (right, wrong, nr, rl) in rows.items():
        tallies = (right, wrong, nr, rl)
        seconds = sum(t.seconds for t in tallies) / sum(t.decodes for t in tallies)
        print(
            f"{name:<18} {right.hits:>4}/{right.hit_n:<5} {right.wer():>9.3f} "
            f"{wrong.ins:>4}/{wrong.ins_n:<5} {wrong.wer():>9.3f} {nr.ins:>3}/{nr.ins_n:<4} "
            f"{nr.wer():>8.3f} {rl.ins:>3}/{rl.ins_n:<4} {rl.wer():>8.3f} {seconds:>6.2f}"
        )
    print(
        f"hits: terms found / terms spoken; ins: terms found that were not spoken / terms that "
        f"could be; s/clip: mean decode seconds per clip and term set, a second decode included. "
        f"{time.perf_counter() - started:.0f} s in all."
    )
    if args.cache:
        dec.save(args.cache)
    if args.show:
        for name, (_right, wrong, nr, rl) in rows.items():
            if wrong.inserted or nr.inserted or rl.inserted:
                print(f"{name}: " + "; ".join(wrong.inserted + nr.inserted + rl.inserted))
    return 0


if __name__ == "__main__":
    sys.exit(main())
