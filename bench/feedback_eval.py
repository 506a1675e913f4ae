"""Accuracy of answer feedback through the real pipeline: espeak-ng speech -> Whisper -> analyze().

Usage: bench/feedback_eval.py [--model bundled] [--no-cache] [--skip-bank]

Data: bench/data/eval_scripts.yaml (scripted answers with labelled fillers, hedges and inserted
silences), every model answer of questions/ai-cto.yaml and bench/data/paraphrases.yaml, all
spoken by espeak-ng in several voices and rates. Transcripts are cached under
.bench-out/feedback_eval/ (keyed by text, voice, rate, model and prompt), so a re-run only
analyses. Prints:
- fillers: recall and precision, overall and per filler, on the script text itself (the rules
  alone) and through the recogniser (targets: recall >= 0.8, precision >= 0.9);
- pace: WPM against the truth (script words / speaking time measured when building the audio);
- pauses: recall and precision of the inserted silences over 1 s, with and without the audio
  energy check (target recall >= 0.9);
- coverage: each spoken model answer scored against every question, how many rank their own
  first (target >= 28/30); spoken paraphrases: mean coverage of their own key points (target
  >= 60%) and the highest coverage against any other question (target <= 20%); a sweep of the
  "covered" threshold against the paraphrases' labels;
- speed: analysis time of one answer and of 30 minutes of words.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import soundfile as sf
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mockview.core.bank.loader import load_bank  # noqa: E402
from mockview.core.feedback import analyze, coverage  # noqa: E402
from mockview.core.transcript import Segment, Transcript, Word  # noqa: E402

RATE = 16000
CACHE = ROOT / ".bench-out" / "feedback_eval"
SCRIPTS = ROOT / "bench" / "data" / "eval_scripts.yaml"
PARAPHRASES = ROOT / "bench" / "data" / "paraphrases.yaml"
BANK = ROOT / "questions" / "ai-cto.yaml"
VOICES = ["en-us", "en-gb", "en-us+f3", "en-us+m3"]
SPEECH_RATES = [150, 165, 180, 140]
LEAD_S = 0.6  # silence before the first word, as after pressing Record
MATCH_S = 0.6  # a detected pause within this of an inserted one is the same pause
SENTENCE_GAP_S = 0.15  # silence build() leaves after every sentence, on top of inserted ones
# Silences this close to the 1 s line are neither required nor held against the detector:
# espeak's quiet word edges make their true length uncertain by about this much.
DONT_CARE_S = 0.2
VOCAL = {"um", "uh", "er", "ah", "hmm"}
_MARK_RE = re.compile(r"\[([^\]]+)\]|\{([^}]+)\}")


def label(text: str) -> str:
    return " ".join(re.sub(r"[^a-z' ]+", " ", text.lower()).split())


def parse_marks(text: str) -> tuple[str, list[str], list[str]]:
    """(spoken text, filler labels, hedge labels) of a marked-up sentence."""
    fillers = [label(m.group(1)) for m in _MARK_RE.finditer(text) if m.group(1)]
    hedges = [label(m.group(2)) for m in _MARK_RE.finditer(text) if m.group(2)]
    spoken = _MARK_RE.sub(lambda m: m.group(1) or m.group(2), text)
    return spoken, fillers, hedges


# --- speech -------------------------------------------------------------------------------


def espeak(text: str, voice: str, rate_wpm: int) -> np.ndarray:
    """16 kHz float32 speech with its leading and trailing silence trimmed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "clip.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate_wpm), "-w", str(out), text],
                       check=True, capture_output=True)
        audio, rate = sf.read(str(out), dtype="float32")
    n = int(round(len(audio) * RATE / rate))
    audio = np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio)
    loud = np.flatnonzero(np.abs(audio) > 0.01)
    if loud.size:
        audio = audio[loud[0] : loud[-1] + 1]
    return audio.astype(np.float32)


def build(parts: list, voice: str, rate_wpm: int, seed: int):
    """Audio of sentences and silences, with the truth: speech span and inserted silences."""
    rng = np.random.default_rng(seed)
    chunks = [np.zeros(int(LEAD_S * RATE), np.float32)]
    t = LEAD_S
    speech_start = speech_end = None
    silences = []
    for part in parts:
        if isinstance(part, int | float):
            silences.append((t, float(part)))
            chunks.append(np.zeros(int(float(part) * RATE), np.float32))
            t += int(float(part) * RATE) / RATE
        else:
            clip = espeak(part, voice, rate_wpm)
            speech_start = t if speech_start is None else speech_start
            chunks.append(clip)
            t += len(clip) / RATE
            speech_end = t
            # Between sentences espeak would pause a little too; keep a short natural gap.
            gap = np.zeros(int(0.15 * RATE), np.float32)
            chunks.append(gap)
            t += len(gap) / RATE
    chunks.append(np.zeros(int(0.8 * RATE), np.float32))
    audio = np.concatenate(chunks)
    audio += rng.normal(0, 0.002, len(audio)).astype(np.float32)  # room noise, not digital zero
    return audio, speech_start or 0.0, speech_end or 0.0, silences


# --- transcription with a cache --------------------------------------------------------------


class CachedTranscriber:
    def __init__(self, model: str, use_cache: bool) -> None:
        from mockview.engines.transcriber import WhisperTranscriber

        self.engine = WhisperTranscriber(model)
        self.use_cache = use_cache
        self.seconds = 0.0
        self.audio_s = 0.0
        CACHE.mkdir(parents=True, exist_ok=True)

    def key(self, *parts) -> str:
        text = json.dumps([self.engine.requested_model, self.engine.prompt_mode, *parts])
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    def get(self, key: str, make_audio, terms=()) -> tuple[Transcript, np.ndarray, dict]:
        wav, meta_path, tr_path = (CACHE / f"{key}.{ext}" for ext in ("wav", "meta.json", "json"))
        if self.use_cache and wav.exists() and meta_path.exists():
            audio = sf.read(str(wav), dtype="float32")[0]
            meta = json.loads(meta_path.read_text())
        else:
            audio, meta = make_audio()
            sf.write(str(wav), audio, RATE)
            meta_path.write_text(json.dumps(meta))
        if self.use_cache and tr_path.exists():
            return Transcript.from_dict(json.loads(tr_path.read_text())), audio, meta
        if not self.engine.is_loaded:
            self.engine.load()
        started = time.perf_counter()
        transcript = self.engine.transcribe(audio, terms=list(terms))
        self.seconds += time.perf_counter() - started
        self.audio_s += len(audio) / RATE
        tr_path.write_text(json.dumps(transcript.to_dict()))
        return transcript, audio, meta


# --- tables ------------------------------------------------------------------------------------


def table(headers: list[str], rows: list[list]) -> str:
    cells = [[str(c) for c in r] for r in [headers, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
             for r in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def pr(tp: int, fp: int, fn: int) -> tuple[str, str]:
    r = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
    p = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
    return r, p


def text_transcript(text: str) -> Transcript:
    words = tuple(Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(text.split()))
    return Transcript(text, (Segment(text, 0, len(words) * 0.4, words),), len(words) * 0.4)


# --- evaluations -------------------------------------------------------------------------------


def eval_scripts(tx: CachedTranscriber) -> None:
    scripts = yaml.safe_load(SCRIPTS.read_text())["scripts"]
    counts = {"rules": Counter(), "asr": Counter()}  # (label, tp/fp/fn) -> n
    hedge_counts = {"rules": Counter(), "asr": Counter()}
    pooled = {"rules": Counter(), "asr": Counter()}
    pace_rows, pause_stats = [], {"audio": Counter(), "timestamps": Counter()}
    length_err = []
    for k, s in enumerate(scripts):
        spoken_parts, truth_f, truth_h = [], Counter(), Counter()
        for part in s["parts"]:
            if isinstance(part, str):
                spoken, f, h = parse_marks(part)
                spoken_parts.append(spoken)
                truth_f.update(f)
                truth_h.update(h)
            else:
                spoken_parts.append(part)
        voice, rate_wpm = s["voice"], int(s["rate"])

        def make(parts=spoken_parts, voice=voice, rate_wpm=rate_wpm, seed=k):
            audio, a, b, silences = build(parts, voice, rate_wpm, seed)
            return audio, {"speech": [a, b], "silences": silences}

        key = tx.key("script", spoken_parts, voice, rate_wpm)
        transcript, audio, meta = tx.get(key, make)
        text = " ".join(p for p in spoken_parts if isinstance(p, str))
        for source, tr in (("rules", text_transcript(text)), ("asr", transcript)):
            fb = analyze(tr, None, audio=audio if source == "asr" else None)
            for _kind, truth, found, store in (
                ("f", truth_f, Counter(fb.filler_counts), counts),
                ("h", truth_h, Counter(fb.hedge_counts), hedge_counts),
            ):
                for lab in set(truth) | set(found):
                    store[source][(lab, "tp")] += min(truth[lab], found[lab])
                    store[source][(lab, "fp")] += max(0, found[lab] - truth[lab])
                    store[source][(lab, "fn")] += max(0, truth[lab] - found[lab])
                if store is counts:
                    t_v = sum(n for lab, n in truth.items() if lab in VOCAL)
                    f_v = sum(n for lab, n in found.items() if lab in VOCAL)
                    pooled[source][("vocal", "tp")] += min(t_v, f_v)
                    pooled[source][("vocal", "fp")] += max(0, f_v - t_v)
                    pooled[source][("vocal", "fn")] += max(0, t_v - f_v)
            if source == "rules":
                continue
            words = len(text.split())
            a, b = meta["speech"]
            truth_wpm = words * 60 / (b - a)
            pace_rows.append([s["id"], voice, rate_wpm, f"{truth_wpm:.0f}",
                              f"{fb.words_per_minute:.0f}",
                              f"{100 * (fb.words_per_minute - truth_wpm) / truth_wpm:+.0f}%",
                              f"{fb.word_count}/{words}"])
            gaps = [(t0 - SENTENCE_GAP_S, d + SENTENCE_GAP_S) for t0, d in meta["silences"]]
            long_truth = [(t0, d) for t0, d in gaps if d > 1.0 + DONT_CARE_S]
            unsure = [(t0, d) for t0, d in gaps if abs(d - 1.0) <= DONT_CARE_S]
            plain = analyze(transcript, None)
            for mode, result in (("audio", fb), ("timestamps", plain)):
                found = result.long_pauses
                hit = 0
                for t0, d in long_truth:
                    match = [p for p in found if abs(p.start_s - t0) < MATCH_S]
                    if match:
                        hit += 1
                        if mode == "audio":
                            length_err.append(abs(match[0].duration_s - d))
                pause_stats[mode]["tp"] += hit
                pause_stats[mode]["fn"] += len(long_truth) - hit
                pause_stats[mode]["fp"] += sum(
                    1 for p in found if not any(abs(p.start_s - t0) < MATCH_S
                                                for t0, _ in long_truth + unsure))
    print("## Fillers (scripted answers, labelled)\n")
    # "Hmm" heard as "Um" is still a filler found: "vocal pooled" counts um/uh/er/ah/hmm as one.
    labels = sorted({lab for c in counts.values() for lab, _ in c})
    rows = []
    for lab in labels + ["ALL", "vocal pooled"]:
        row = [lab]
        for source in ("rules", "asr"):
            c = pooled[source] if lab == "vocal pooled" else counts[source]
            key = "vocal" if lab == "vocal pooled" else lab
            tp, fp, fn = (sum(v for (lb, kind), v in c.items() if kind == x and key in (lb, "ALL"))
                          for x in ("tp", "fp", "fn"))
            row += [tp + fn, *pr(tp, fp, fn)]
        rows.append(row[:1] + row[1:4] + row[5:])
    print(table(["filler", "labelled", "recall (text)", "precision (text)", "recall (tiny.en)",
                 "precision (tiny.en)"], rows))
    rows = []
    for source in ("rules", "asr"):
        c = hedge_counts[source]
        tp, fp, fn = (sum(v for (_, kind), v in c.items() if kind == x) for x in ("tp", "fp", "fn"))
        rows.append([source if source == "rules" else "tiny.en", tp + fn, *pr(tp, fp, fn)])
    print("\nHedges:\n")
    print(table(["input", "labelled", "recall", "precision"], rows))
    print("\n## Pace (WPM against the truth: script words / speaking time of the audio)\n")
    print(table(["script", "voice", "espeak rate", "true WPM", "measured", "error",
                 "words seen/said"], pace_rows))
    errs = [abs(float(r[5].rstrip("%"))) for r in pace_rows]
    print(f"\nMean absolute WPM error: {statistics.mean(errs):.1f}% (max {max(errs):.0f}%)")
    print("\n## Long pauses (inserted silences over 1 s)\n")
    rows = []
    for mode in ("audio", "timestamps"):
        c = pause_stats[mode]
        rows.append([{"audio": "timestamps + energy check", "timestamps": "timestamps only"}[mode],
                     c["tp"] + c["fn"], *pr(c["tp"], c["fp"], c["fn"])])
    print(table(["method", "inserted", "recall", "precision"], rows))
    if length_err:
        err = statistics.mean(length_err)
        print(f"\nLength of matched pauses: mean absolute error {err:.2f} s")


def eval_bank(tx: CachedTranscriber) -> None:
    bank = load_bank(BANK)
    questions = list(bank.questions)
    docs = [q.text + " " + q.model_answer + " " + " ".join(q.key_points) for q in questions]
    idf = coverage.bank_idf(docs)
    spoken = []
    for k, q in enumerate(questions):
        voice, rate_wpm = VOICES[k % len(VOICES)], SPEECH_RATES[k % len(SPEECH_RATES)]
        text = " ".join(q.model_answer.split())

        def make(text=text, voice=voice, rate_wpm=rate_wpm, seed=100 + k):
            audio, *_ = build([text], voice, rate_wpm, seed)
            return audio, {}

        tr, _, _ = tx.get(tx.key("model", text, voice, rate_wpm), make, q.terms)
        spoken.append((q, tr))
    print("\n## Coverage: each spoken model answer against all questions\n")
    rows = []
    for name, weights in (("bank IDF", idf), ("built-in weights", {})):
        first, own_cov, other_cov = 0, [], []
        for q, tr in spoken:
            scores = {o.id: analyze(tr, o, idf=weights) for o in questions}
            best = max(scores, key=lambda i: scores[i].content_score)
            first += best == q.id
            own_cov.append(scores[q.id].coverage)
            other_cov.append(max(f.coverage for i, f in scores.items() if i != q.id))
        rows.append([name, f"{first}/{len(spoken)}", f"{statistics.mean(own_cov):.0%}",
                     f"{statistics.mean(other_cov):.0%}", f"{max(other_cov):.0%}"])
    print(table(["weights", "own question ranked first", "own coverage (mean)",
                 "best other coverage (mean)", "(max)"], rows))

    paraphrases = yaml.safe_load(PARAPHRASES.read_text())["answers"] if PARAPHRASES.exists() else []
    by_id = {q.id: q for q in questions}
    spoken_p = []
    for k, p in enumerate(paraphrases):
        q = by_id.get(p["question"])
        if q is None:
            continue
        voice, rate_wpm = VOICES[(k + 1) % len(VOICES)], SPEECH_RATES[(k + 2) % len(SPEECH_RATES)]
        text = " ".join(p["text"].split())

        def make(text=text, voice=voice, rate_wpm=rate_wpm, seed=200 + k):
            audio, *_ = build([text], voice, rate_wpm, seed)
            return audio, {}

        tr, _, _ = tx.get(tx.key("para", text, voice, rate_wpm), make, q.terms)
        spoken_p.append((p, q, tr))
    if not spoken_p:
        print("\n(no paraphrases file)")
        return
    print("\n## Coverage: spoken paraphrases\n")
    rows = []
    sweep_rows = []
    for name, weights in (("bank IDF", idf), ("built-in weights", {})):
        own, other, ranks, strengths = [], [], 0, []
        for p, q, tr in spoken_p:
            scores = {o.id: analyze(tr, o, idf=weights) for o in questions}
            own.append(scores[q.id].coverage)
            other.append(max(f.coverage for i, f in scores.items() if i != q.id))
            ranks += max(scores, key=lambda i: scores[i].content_score) == q.id
            for o_id, fb in scores.items():
                for i, kp in enumerate(fb.key_points):
                    need = min(coverage.MIN_CONCEPTS, len(set(coverage.text_concepts(kp.text))))
                    ok = len(kp.matched) >= need
                    strengths.append((kp.strength if ok else 0.0,
                                      o_id == q.id and i in p["covers"]))
        rows.append([name, f"{statistics.mean(own):.0%}", f"{statistics.mean(other):.0%}",
                     f"{max(other):.0%}", f"{ranks}/{len(spoken_p)}"])
        for th in (0.4, 0.45, 0.5, 0.55, 0.6):
            tp = sum(1 for s, lab in strengths if s >= th and lab)
            fp = sum(1 for s, lab in strengths if s >= th and not lab)
            fn = sum(1 for s, lab in strengths if s < th and lab)
            mark = " (used)" if abs(th - coverage.COVERED_AT) < 1e-9 else ""
            sweep_rows.append([name, f"{th:.2f}{mark}", *pr(tp, fp, fn)])
    print(table(["weights", "own key points covered (mean)", "best other question (mean)",
                 "(max)", "own question ranked first"], rows))
    print("\n\"Covered\" threshold against the paraphrase labels (other questions' points as "
          "negatives):\n")
    print(table(["weights", "threshold", "recall", "precision"], sweep_rows))


def eval_speed() -> None:
    bank = load_bank(BANK)
    q = bank.questions[0]
    one = text_transcript("Um, so " + q.model_answer)
    started = time.perf_counter()
    for _ in range(20):
        analyze(one, q)
    per = (time.perf_counter() - started) / 20
    sentence = "Um, so we gate funding in stages and, you know, check the ROI each quarter. "
    long = text_transcript(sentence * 330)
    audio = np.zeros(int(RATE * long.duration_s), np.float32)
    started = time.perf_counter()
    fb = analyze(long, q, audio=audio)
    big = time.perf_counter() - started
    print("\n## Speed\n")
    print(table(["input", "analysis time"],
                [[f"one answer ({one.duration_s:.0f} s of words)", f"{per * 1000:.0f} ms"],
                 [f"{fb.word_count} words ({long.duration_s / 60:.0f} min) with audio",
                  f"{big * 1000:.0f} ms"]]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="bundled")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--skip-bank", action="store_true")
    args = parser.parse_args(argv)
    tx = CachedTranscriber(args.model, not args.no_cache)
    print(f"Model {tx.engine.model_name}, prompt mode {tx.engine.prompt_mode!r}\n")
    eval_scripts(tx)
    if not args.skip_bank:
        eval_bank(tx)
    eval_speed()
    if tx.audio_s:
        print(f"\nTranscribed {tx.audio_s:.0f} s of audio in {tx.seconds:.0f} s "
              f"(cached transcripts reused: {not args.no_cache}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
