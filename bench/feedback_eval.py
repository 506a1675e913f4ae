"""Accuracy of answer feedback through the real pipeline: espeak-ng speech -> Whisper -> analyze().

Usage: bench/feedback_eval.py [--model bundled] [--no-cache] [--skip-bank] [--prompt-mode MODE]
                              [--path whole|live|both] [--variant NAME|JSON] [--sweep]

Data: bench/data/eval_scripts.yaml (scripted answers with labelled fillers, hedges and inserted
silences), every model answer of questions/ai-cto.yaml and bench/data/paraphrases.yaml, all
spoken by espeak-ng in several voices and rates. Transcripts are cached under
.bench-out/feedback_eval/ (keyed by text, voice, rate, model and prompt), so a re-run only
analyses. Each answer goes through the whole-file path (one transcribe() of the file) and the
app's live path (LiveTranscription fed 0.1 s blocks as fast as it takes them, then finish()).
`--sweep` compares the decoding variants of bench/_decode_variants.py on the labelled scripts.
Prints:
- fillers: recall and precision, overall and per filler, on the script text itself (the rules
  alone) and through the recogniser, matched by position (bench/_filler_match.py; targets:
  recall >= 0.8, precision >= 0.9); WER of the other words and sentences lost;
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
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _decode_variants import apply, parse, sweep  # noqa: E402
from _feedback_data import (  # noqa: E402
    RATE,
    ROOT,
    SENTENCE_GAP_S,
    CachedTranscriber,
    build,
    pr,
    table,
    text_transcript,
)
from _filler_match import MATCH_WORDS, parse_script, score, wer_total  # noqa: E402

from mockview.core.bank.loader import load_bank  # noqa: E402
from mockview.core.feedback import analyze, coverage  # noqa: E402

SCRIPTS = ROOT / "bench" / "data" / "eval_scripts.yaml"
PARAPHRASES = ROOT / "bench" / "data" / "paraphrases.yaml"
BANK = ROOT / "questions" / "ai-cto.yaml"
VOICES = ["en-us", "en-gb", "en-us+f3", "en-us+m3"]
SPEECH_RATES = [150, 165, 180, 140]
MATCH_S = 0.6  # a detected pause within this of an inserted one is the same pause
# Silences this close to the 1 s line are neither required nor held against the detector:
# espeak's quiet word edges make their true length uncertain by about this much.
DONT_CARE_S = 0.2
_MARK_RE = re.compile(r"\[([^\]]+)\]|\{([^}]+)\}")


RESULTS: dict[str, tuple[float, str, bool]] = {}  # target name -> (value, target, met)


def target(name: str, value: float, goal: str, met: bool) -> None:
    RESULTS[name] = (value, goal, met)


def label(text: str) -> str:
    return " ".join(re.sub(r"[^a-z' ]+", " ", text.lower()).split())


def parse_marks(text: str) -> tuple[str, list[str], list[str]]:
    """(spoken text, filler labels, hedge labels) of a marked-up sentence."""
    fillers = [label(m.group(1)) for m in _MARK_RE.finditer(text) if m.group(1)]
    hedges = [label(m.group(2)) for m in _MARK_RE.finditer(text) if m.group(2)]
    spoken = _MARK_RE.sub(lambda m: m.group(1) or m.group(2), text)
    return spoken, fillers, hedges


# --- evaluations -------------------------------------------------------------------------------


def eval_scripts(tx: CachedTranscriber, quiet: bool = False) -> dict:
    """Fillers, hedges, pace, pauses and lost words of the labelled scripts; returns a summary."""
    scripts = yaml.safe_load(SCRIPTS.read_text())["scripts"]
    fill = {"rules": Counter(), "asr": Counter()}  # (label, tp/fp/fn) -> n; "ALL": any kind
    hedge_counts = {"rules": Counter(), "asr": Counter()}
    pace_rows, pause_stats = [], {"audio": Counter(), "timestamps": Counter()}
    length_err, wer_ref, wer_hyp, dropped, misses = [], [], [], [], []
    for k, s in enumerate(scripts):
        spoken_parts, truth_h = [], Counter()
        for part in s["parts"]:
            if isinstance(part, str):
                spoken, _f, h = parse_marks(part)
                spoken_parts.append(spoken)
                truth_h.update(h)
            else:
                spoken_parts.append(part)
        script = parse_script(s["parts"], label)
        voice, rate_wpm = s["voice"], int(s["rate"])

        def make(parts=spoken_parts, voice=voice, rate_wpm=rate_wpm, seed=k):
            audio, a, b, silences = build(parts, voice, rate_wpm, seed)
            return audio, {"speech": [a, b], "silences": silences}

        key = tx.key("script", spoken_parts, voice, rate_wpm)
        transcript, audio, meta = tx.get(key, make)
        text = " ".join(p for p in spoken_parts if isinstance(p, str))
        for source, tr in (("rules", text_transcript(text)), ("asr", transcript)):
            fb = analyze(tr, None, audio=audio if source == "asr" else None)
            sc = score(script, tr, fb)
            fill[source][("ALL", "tp")] += sc.any_kind[0]
            fill[source][("ALL", "fp")] += sc.any_kind[1]
            fill[source][("ALL", "fn")] += sc.any_kind[2]
            for lab, (tp, fp, fn) in sc.per_kind.items():
                fill[source][(lab, "tp")] += tp
                fill[source][(lab, "fp")] += fp
                fill[source][(lab, "fn")] += fn
            found = Counter(fb.hedge_counts)
            for lab in set(truth_h) | set(found):
                hedge_counts[source][(lab, "tp")] += min(truth_h[lab], found[lab])
                hedge_counts[source][(lab, "fp")] += max(0, found[lab] - truth_h[lab])
                hedge_counts[source][(lab, "fn")] += max(0, truth_h[lab] - found[lab])
            if source == "rules":
                continue
            wer_ref.append(sc.ref)
            wer_hyp.append(sc.hyp)
            dropped += [f"{s['id']}: {d}" for d in sc.dropped]
            words = len(text.split())
            a, b = meta["speech"]
            truth_wpm = words * 60 / (b - a)
            pace_rows.append(
                [
                    s["id"],
                    voice,
                    rate_wpm,
                    f"{truth_wpm:.0f}",
                    f"{fb.words_per_minute:.0f}",
                    f"{100 * (fb.words_per_minute - truth_wpm) / truth_wpm:+.0f}%",
                    f"{fb.word_count}/{words}",
                ]
            )
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
                    elif mode == "audio":
                        misses.append(
                            f"{s['id']} {t0:.1f}s+{d:.1f}s (found: "
                            + ", ".join(f"{p.start_s:.1f}+{p.duration_s:.1f}" for p in found)
                            + ")"
                        )
                pause_stats[mode]["tp"] += hit
                pause_stats[mode]["fn"] += len(long_truth) - hit
                pause_stats[mode]["fp"] += sum(
                    1
                    for p in found
                    if not any(abs(p.start_s - t0) < MATCH_S for t0, _ in long_truth + unsure)
                )
    c = fill["asr"]
    tp, fp, fn = (c[("ALL", x)] for x in ("tp", "fp", "fn"))
    pc = pause_stats["audio"]
    summary = {
        "recall": tp / max(1, tp + fn),
        "precision": tp / max(1, tp + fp),
        "wer": wer_total(wer_ref, wer_hyp),
        "dropped": dropped,
        "pause_recall": pc["tp"] / max(1, pc["tp"] + pc["fn"]),
        "per_kind": {
            lab: pr(*(c[(lab, x)] for x in ("tp", "fp", "fn")))
            for lab in sorted({lb for lb, _ in c if lb != "ALL"})
        },
    }
    if quiet:
        return summary
    print(f"## Fillers (scripted answers, labelled; {tx.path} path)\n")
    print(
        f"Matched by position: transcript words aligned to the script's words, a found filler "
        f"within {MATCH_WORDS} word of a labelled one is a hit (one-to-one). ALL counts a hit "
        f'whatever its kind ("Hmm" heard as "Um" is a filler found in the right place); '
        f"the rows per filler need the same kind.\n"
    )
    labels = sorted({lab for cc in fill.values() for lab, _ in cc if lab != "ALL"})
    rows = []
    for lab in labels + ["ALL"]:
        row = [lab]
        for source in ("rules", "asr"):
            tp_, fp_, fn_ = (fill[source][(lab, x)] for x in ("tp", "fp", "fn"))
            row += [tp_ + fn_, *pr(tp_, fp_, fn_)]
        rows.append(row[:1] + row[1:4] + row[5:])
    target(
        f"filler recall (tiny.en, {tx.path})",
        summary["recall"],
        ">= 0.80",
        summary["recall"] >= 0.8,
    )
    target(
        f"filler precision (tiny.en, {tx.path})",
        summary["precision"],
        ">= 0.90",
        summary["precision"] >= 0.9,
    )
    print(
        table(
            [
                "filler",
                "labelled",
                "recall (text)",
                "precision (text)",
                "recall (tiny.en)",
                "precision (tiny.en)",
            ],
            rows,
        )
    )
    print(
        f"\nWER of the other words (vocal fillers left out on both sides): "
        f"{summary['wer']:.3f}; sentences lost (under half their words heard): "
        f"{len(dropped)}" + "".join(f"\n- {d}" for d in dropped)
    )
    rows = []
    for source in ("rules", "asr"):
        c = hedge_counts[source]
        tp, fp, fn = (sum(v for (_, kind), v in c.items() if kind == x) for x in ("tp", "fp", "fn"))
        rows.append([source if source == "rules" else "tiny.en", tp + fn, *pr(tp, fp, fn)])
    print("\nHedges (counted per answer, not by position):\n")
    print(table(["input", "labelled", "recall", "precision"], rows))
    print("\n## Pace (WPM against the truth: script words / speaking time of the audio)\n")
    print(
        table(
            ["script", "voice", "espeak rate", "true WPM", "measured", "error", "words seen/said"],
            pace_rows,
        )
    )
    errs = [abs(float(r[5].rstrip("%"))) for r in pace_rows]
    print(f"\nMean absolute WPM error: {statistics.mean(errs):.1f}% (max {max(errs):.0f}%)")
    print("\n## Long pauses (inserted silences over 1 s)\n")
    rows = []
    for mode in ("audio", "timestamps"):
        c = pause_stats[mode]
        if mode == "audio":
            recall = c["tp"] / max(1, c["tp"] + c["fn"])
            target(f"long pause recall (with audio, {tx.path})", recall, ">= 0.90", recall >= 0.9)
        rows.append(
            [
                {"audio": "timestamps + energy check", "timestamps": "timestamps only"}[mode],
                c["tp"] + c["fn"],
                *pr(c["tp"], c["fp"], c["fn"]),
            ]
        )
    print(table(["method", "inserted", "recall", "precision"], rows))
    if length_err:
        err = statistics.mean(length_err)
        print(f"\nLength of matched pauses: mean absolute error {err:.2f} s")
    if misses:
        print(
            "\nMissed pauses (script, inserted start+length, pauses found):\n"
            + "\n".join(f"- {m}" for m in misses)
        )
    return summary


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
        if weights:
            target(
                "model answers ranked first",
                first,
                f">= {len(spoken) - 2}",
                first >= len(spoken) - 2,
            )
        rows.append(
            [
                name,
                f"{first}/{len(spoken)}",
                f"{statistics.mean(own_cov):.0%}",
                f"{statistics.mean(other_cov):.0%}",
                f"{max(other_cov):.0%}",
            ]
        )
    print(
        table(
            [
                "weights",
                "own question ranked first",
                "own coverage (mean)",
                "best other coverage (mean)",
                "(max)",
            ],
            rows,
        )
    )

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
                    strengths.append(
                        (kp.strength if ok else 0.0, o_id == q.id and i in p["covers"])
                    )
        if weights:
            target(
                "paraphrase own coverage (mean)",
                statistics.mean(own),
                ">= 0.60",
                statistics.mean(own) >= 0.6,
            )
            target(
                "paraphrase best other coverage (max)",
                max(other),
                "<= 0.20",
                max(other) <= 0.2 + 1e-9,
            )
        rows.append(
            [
                name,
                f"{statistics.mean(own):.0%}",
                f"{statistics.mean(other):.0%}",
                f"{max(other):.0%}",
                f"{ranks}/{len(spoken_p)}",
            ]
        )
        for th in (0.4, 0.45, 0.5, 0.55, 0.6):
            tp = sum(1 for s, lab in strengths if s >= th and lab)
            fp = sum(1 for s, lab in strengths if s >= th and not lab)
            fn = sum(1 for s, lab in strengths if s < th and lab)
            mark = " (used)" if abs(th - coverage.COVERED_AT) < 1e-9 else ""
            sweep_rows.append([name, f"{th:.2f}{mark}", *pr(tp, fp, fn)])
    print(
        table(
            [
                "weights",
                "own key points covered (mean)",
                "best other question (mean)",
                "(max)",
                "own question ranked first",
            ],
            rows,
        )
    )
    print(
        '\n"Covered" threshold against the paraphrase labels (other questions\' points as '
        "negatives):\n"
    )
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
    print(
        table(
            ["input", "analysis time"],
            [
                [f"one answer ({one.duration_s:.0f} s of words)", f"{per * 1000:.0f} ms"],
                [
                    f"{fb.word_count} words ({long.duration_s / 60:.0f} min) with audio",
                    f"{big * 1000:.0f} ms",
                ],
            ],
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="bundled")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--skip-bank", action="store_true")
    parser.add_argument(
        "--prompt-mode",
        default=None,
        help="the transcriber's prompt mode (default: its own default)",
    )
    parser.add_argument(
        "--path",
        choices=("whole", "live", "both"),
        default="both",
        help="whole-file transcription, the app's live stretches, or both",
    )
    parser.add_argument(
        "--variant",
        default="current",
        help="a decoding variant by name (see --sweep) or a JSON spec",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="compare every decoding variant on the labelled scripts",
    )
    args = parser.parse_args(argv)
    paths = ("whole", "live") if args.path == "both" else (args.path,)
    txs = [
        CachedTranscriber(args.model, not args.no_cache, args.prompt_mode, path=p) for p in paths
    ]
    for tx in txs[1:]:
        tx.engine = txs[0].engine  # one model in memory
    if args.sweep:
        return sweep(txs, eval_scripts)
    for tx in txs:
        tx.variant = apply(tx.engine, parse(args.variant))
    print(
        f"Model {txs[0].engine.model_name}, prompt mode {txs[0].engine.prompt_mode!r}, "
        f"variant {args.variant!r}, paths {', '.join(paths)}\n"
    )
    for tx in txs:
        eval_scripts(tx)
        print()
    if not args.skip_bank:
        eval_bank(txs[0])
    eval_speed()
    for tx in txs:
        if tx.audio_s:
            print(
                f"\n{tx.path}: transcribed {tx.audio_s:.0f} s of audio in {tx.seconds:.0f} s "
                f"(cached transcripts reused: {not args.no_cache})."
            )
    print("\n## Targets (bank IDF weights, as the app uses)\n")
    print(
        table(
            ["target", "measured", "goal", "met"],
            [
                [name, f"{v:.2f}" if v < 2 else f"{v:.0f}", goal, "yes" if ok else "NO"]
                for name, (v, goal, ok) in RESULTS.items()
            ],
        )
    )
    return 0 if all(ok for _, _, ok in RESULTS.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
