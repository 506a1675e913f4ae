"""Story structure (STAR) of behavioural answers: does find_structure find the parts a person
labelled, on the text itself and through speech?

Usage: bench/structure_eval.py [--model bundled] [--no-cache] [--text-only] [--show ID]

Data: bench/data/star_answers.yaml, 48 answers labelled segment by segment (S, T, A, R or none)
with the parts expected missing or thin, written in three batches, each before the cues were
tuned on it: a01-a24 before src/mockview/core/feedback/structure.py existed, a25-a36 after
round 1, a37-a48 after round 2. Round 1 tuned on the odd ids of a01-a24, round 2 on a01-a24,
round 3 (the default) on a01-a36; "held" is the rest of the round's answers.
Routes:
- text: the answer's own words, punctuated, as a transcript (a word every 0.4 s);
- bare text: the same words without any punctuation (a recogniser that never stops);
- speech: each answer spoken by espeak-ng (sentence by sentence, 0.15 s apart; a run-on answer
  as one sentence) and transcribed by the real model through WhisperTranscriber. Transcripts
  are cached under .bench-out/structure_eval/. Each transcript word takes the label of the
  answer word it lines up with (difflib over normalised words; a word left unmatched, such as
  "40%" for "forty percent", takes the label of the nearest matched word before it).
Prints, per part: presence (found when labelled present) precision and recall over answers,
word-level and segment-level assignment precision and recall (a segment's found part is the
one most of its words got), for each route and for tune / held; then per answer the expected
and found missing and thin parts and whether the result holds a number; and what it finds in
the model answers of questions/ai-cto.yaml (its behavioural ones are written as STAR).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _feedback_data  # noqa: E402
from _feedback_data import ROOT, CachedTranscriber, build, table, text_transcript  # noqa: E402

from mockview.core.feedback.structure import PARTS, find_structure  # noqa: E402
from mockview.core.feedback.tokens import normalise, spoken, tokenize  # noqa: E402
from mockview.core.transcript import Transcript  # noqa: E402

DATA = ROOT / "bench" / "data" / "star_answers.yaml"
LETTER = {"S": "situation", "T": "task", "A": "action", "R": "result", "N": "none"}
# Rounds of tuning: round r uses answers up to ROUNDS[r]; round 1 tuned on the odd ids of
# a01-a24, round 2 on a01-a24 (a25-a36 held out), round 3 on a01-a36 (a37-a48 held out).
ROUNDS = {1: 24, 2: 36, 3: 48}
SPLIT = {"round": 3}  # set from --round


@dataclass
class Run:
    answer: dict
    truth: list[str]  # per spoken transcript word: part name or "none"
    found: list[str]
    segment_of: list[int]  # per spoken transcript word: index of its labelled segment
    structure: object

    @property
    def number(self) -> int:
        return int(self.answer["id"][1:])

    @property
    def tune(self) -> bool:
        """Whether the cues were tuned on this answer in the chosen round (see ROUNDS)."""
        if SPLIT["round"] == 1:
            return self.number % 2 == 1
        return self.number <= ROUNDS[SPLIT["round"] - 1]


def answer_words(answer: dict) -> tuple[list[str], list[int]]:
    """The answer's words and, for each, the index of its segment."""
    words, segs = [], []
    for k, (_, text) in enumerate(answer["parts"]):
        for w in text.split():
            words.append(w)
            segs.append(k)
    return words, segs


def sentences(answer: dict) -> list[str]:
    """What espeak speaks as one clip each: sentences (clause segments joined back)."""
    if answer.get("run_on"):
        return [" ".join(t for _, t in answer["parts"])]
    out, current = [], []
    for _, text in answer["parts"]:
        current.append(text)
        if text.rstrip()[-1:] in ".?!":
            out.append(" ".join(current))
            current = []
    return out + ([" ".join(current)] if current else [])


def found_labels(tokens, structure) -> list[str]:
    out = []
    for t in spoken(tokens):
        part = next(
            (p.part for p in structure.parts if p.start_index <= t.index <= p.end_index), "none"
        )
        out.append(part)
    return out


def run(answer: dict, transcript: Transcript) -> Run:
    tokens = tokenize(transcript)
    structure = find_structure(tokens)
    ref, ref_seg = answer_words(answer)
    hyp = [t.norm for t in spoken(tokens)]
    ref_norm = [normalise(w) for w in ref]
    # Each transcript word to an answer word: matched blocks, then the nearest match before.
    to_ref = [-1] * len(hyp)
    matcher = difflib.SequenceMatcher(a=ref_norm, b=hyp, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            to_ref[block.b + k] = block.a + k
    last = 0
    for i, r in enumerate(to_ref):
        last = r if r >= 0 else last
        to_ref[i] = last
    labels = [LETTER[answer["parts"][s][0]] for s in ref_seg]
    return Run(
        answer=answer,
        truth=[labels[r] for r in to_ref],
        found=found_labels(tokens, structure),
        segment_of=[ref_seg[r] for r in to_ref],
        structure=structure,
    )


def pr(tp: int, fp: int, fn: int) -> str:
    p = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
    r = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
    return f"{p}/{r}"


def scores(runs: list[Run], part: str) -> list[str]:
    pres, words, segs = Counter(), Counter(), Counter()
    for r in runs:
        labelled = {LETTER[lab] for lab, _ in r.answer["parts"]}
        found = {p.part for p in r.structure.parts}
        pres[(part in labelled, part in found)] += 1
        for t, f in zip(r.truth, r.found, strict=True):
            words[(t == part, f == part)] += 1
        by_seg: dict[int, Counter] = {}
        for s, f in zip(r.segment_of, r.found, strict=True):
            by_seg.setdefault(s, Counter())[f] += 1
        for s, (lab, _) in enumerate(r.answer["parts"]):
            got = by_seg[s].most_common(1)[0][0] if s in by_seg else "none"
            segs[(LETTER[lab] == part, got == part)] += 1
    return [pr(c[(True, True)], c[(False, True)], c[(True, False)]) for c in (pres, words, segs)]


def report(name: str, runs: list[Run]) -> None:
    tune = [r for r in runs if r.tune]
    held = [r for r in runs if not r.tune]
    rows = []
    for part in PARTS:
        row = [part]
        for subset in (runs, tune, held):
            row += scores(subset, part)
        rows.append(row)
    heads = ["part"]
    for label in ("all", "tune", "held"):
        heads += [f"{label} presence P/R", f"{label} words P/R", f"{label} segments P/R"]
    print(f"\n### {name} ({len(runs)} answers: {len(tune)} tune, {len(held)} held out)\n")
    print(table(heads[:4] + heads[4:], rows))


def per_answer(texts: list[Run], speech: list[Run] | None) -> None:
    def short(parts) -> str:
        return ",".join(p[0].upper() for p in parts) or "-"

    rows = []
    for i, t in enumerate(texts):
        a = t.answer
        row = [a["id"], "tune" if t.tune else "held", a["style"][:34]]
        row += [short(a["missing"]), short(t.structure.missing)]
        row += [short(speech[i].structure.missing)] if speech else []
        row += [short(a["thin"]), short(t.structure.thin)]
        row += [short(speech[i].structure.thin)] if speech else []
        nums = [a["numbers"], t.structure.result_has_numbers]
        nums += [speech[i].structure.result_has_numbers] if speech else []
        row.append("/".join("y" if n else "n" for n in nums))
        rows.append(row)
    heads = ["id", "set", "style", "missing exp", "text"]
    heads += ["speech"] if speech else []
    heads += ["thin exp", "text"] + (["speech"] if speech else [])
    heads.append("numbers exp/text" + ("/speech" if speech else ""))
    print("\n### Per answer (S T A R initials)\n")
    print(table(heads, rows))
    ok = [
        sum(tuple(r.answer["missing"]) == r.structure.missing for r in group)
        for group in (texts, speech or [])
    ]
    thin_ok = [
        sum(set(r.answer["thin"]) == set(r.structure.thin) for r in group)
        for group in (texts, speech or [])
    ]
    print(
        f"\nmissing exactly as expected: text {ok[0]}/{len(texts)}"
        + (f", speech {ok[1]}/{len(speech)}" if speech else "")
        + f"; thin exactly as expected: text {thin_ok[0]}/{len(texts)}"
        + (f", speech {thin_ok[1]}/{len(speech)}" if speech else "")
    )


def bank_answers() -> None:
    from mockview.core.bank.loader import load_bank

    bank = load_bank(ROOT / "questions" / "ai-cto.yaml")
    rows = []
    for behavioural in (True, False):
        found = [
            find_structure(tokenize(text_transcript(q.model_answer)))
            for q in bank.questions
            if q.behavioural is behavioural
        ]
        complete = sum(not s.missing and not s.thin for s in found)
        missing = Counter(p for s in found for p in s.missing)
        shown = ", ".join(f"{p} {missing[p]}" for p in PARTS if missing[p]) or "-"
        rows.append([str(behavioural).lower(), len(found), complete, shown])
    print("\n### ai-cto model answers (text)\n")
    print(table(["behavioural", "answers", "complete, none thin", "missing"], rows))


def show(r: Run) -> None:
    print(f"\n{r.answer['id']}: {r.structure.missing=} {r.structure.thin=}")
    for p in r.structure.parts:
        print(
            f"  {p.part:9} words {p.start_index}-{p.end_index} {p.start_s:.1f}-{p.end_s:.1f}s "
            f"n={p.word_count} thin={p.thin} cues={p.cues}"
        )
    print(
        "  truth/found:", " ".join(f"{t[0]}{f[0]}" for t, f in zip(r.truth, r.found, strict=True))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="bundled")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--text-only", action="store_true")
    parser.add_argument("--show", action="append", default=[])
    parser.add_argument(
        "--round",
        type=int,
        choices=tuple(ROUNDS),
        default=SPLIT["round"],
        help="which split to report: 1 odd/even of a01-a24, 2 a25-a36 held out, 3 a37-a48",
    )
    args = parser.parse_args()
    SPLIT["round"] = args.round
    answers = yaml.safe_load(DATA.read_text())["answers"]
    answers = [a for a in answers if int(a["id"][1:]) <= ROUNDS[args.round]]

    texts = [run(a, text_transcript(" ".join(t for _, t in a["parts"]))) for a in answers]
    bare = [
        run(a, text_transcript(re.sub(r"[.,?!;:]", "", " ".join(t for _, t in a["parts"]))))
        for a in answers
    ]
    report("text", texts)
    report("bare text (no punctuation)", bare)
    speech = None
    if not args.text_only:
        _feedback_data.CACHE = ROOT / ".bench-out" / "structure_eval"  # this bench's own cache
        tx = CachedTranscriber(args.model, not args.no_cache)
        speech = []
        for k, a in enumerate(answers):
            clips = sentences(a)

            def make(clips=clips, a=a, k=k):
                audio, start, end, _ = build(clips, a["voice"], int(a["rate"]), seed=300 + k)
                return audio, {"speech_start": start, "speech_end": end}

            key = tx.key("star", clips, a["voice"], a["rate"])
            transcript, _, _ = tx.get(key, make)
            speech.append(run(a, transcript))
        report("speech (espeak-ng -> " + tx.engine.requested_model + ")", speech)
        if tx.seconds:
            print(f"\ntranscribed {tx.audio_s:.0f} s of audio in {tx.seconds:.0f} s")
    per_answer(texts, speech)
    bank_answers()
    for ident in args.show:
        for group in (texts, speech or []):
            for r in group:
                if r.answer["id"] == ident:
                    show(r)


if __name__ == "__main__":
    main()
