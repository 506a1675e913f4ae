"""Coaching checks through the real pipeline: disfluencies, partial credit for key points, and
answers given to the wrong question.

Usage: bench/coaching_eval.py [--model bundled] [--no-cache] [--text-only]

Prints:
1. Disfluencies (repetition.immediate, restarts.find) on bench/data/disfluency_scripts.yaml,
   labelled short answers, on the text itself and spoken by espeak-ng through tiny.en (the
   transcripts are cached under .bench-out/coaching_eval/): recall and precision by kind and
   for any disfluency (a restart heard as a repeat still counts there), matched by word span;
   false alarms in the clean answers by tag; then the real spontaneous clip of ../shared/speech
   (batchalign), where the speaker's retrace "I like, I like, I like" should come out as one
   repeat.
2. Key point partial credit on bench/data/paraphrases.yaml (text and spoken): how the strength
   of labelled-covered points, own points labelled not covered, and other questions' points
   spread, and what share each bound for "partly" would show as partly said.
3. Off-topic (offtopic.check): every model answer of questions/ai-cto.yaml, every paraphrase and
   every paraphrase's first two sentences, scored as answers to their own question (a flag is
   false) and to the next question of the bank (a flag naming their own is a detection), on
   text and spoken (the spoken transcripts are bench/feedback_eval.py's, shared through its
   cache); the check's time per answer against 30 questions.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _feedback_data  # noqa: E402
from _feedback_data import ROOT, CachedTranscriber, build, pr, table, text_transcript  # noqa: E402
from _filler_match import _positions  # noqa: E402
from feedback_eval import BANK, PARAPHRASES, SPEECH_RATES, VOICES  # noqa: E402

from mockview.core.bank.loader import load_bank  # noqa: E402
from mockview.core.feedback import coverage, offtopic, repetition, restarts  # noqa: E402
from mockview.core.feedback import fillers as filler_rules  # noqa: E402
from mockview.core.feedback.tokens import Token, split_sentences, spoken, tokenize  # noqa: E402
from mockview.core.settings import DEFAULT_FILLERS  # noqa: E402
from mockview.core.transcript import Transcript  # noqa: E402

SCRIPTS = ROOT / "bench" / "data" / "disfluency_scripts.yaml"
OWN_CACHE = ROOT / ".bench-out" / "coaching_eval"
_MARK_RE = re.compile(r"\(\((.+?)\)\)|<<(.+?)>>")
PARTLY_BOUNDS = (0.15, 0.2, 0.25, 0.3, 0.35)
BUCKETS = (0.05, 0.15, 0.25, 0.35, coverage.COVERED_AT)


class CoachingTranscriber(CachedTranscriber):
    """CachedTranscriber that keeps its audio and transcripts under .bench-out/coaching_eval/."""

    def get(self, *args, **kwargs):
        saved = _feedback_data.CACHE
        _feedback_data.CACHE = OWN_CACHE
        OWN_CACHE.mkdir(parents=True, exist_ok=True)
        try:
            return super().get(*args, **kwargs)
        finally:
            _feedback_data.CACHE = saved


# --- 1. disfluencies --------------------------------------------------------------------------


def parse(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """(text to say, labels as (kind, first word, last word)) of a marked-up answer."""
    words: list[str] = []
    labels = []
    pos = 0
    for m in _MARK_RE.finditer(text):
        words += text[pos : m.start()].split()
        inner = (m.group(1) or m.group(2)).split()
        kind = "repeat" if m.group(1) else "restart"
        labels.append((kind, len(words), len(words) + len(inner) - 1))
        words += inner
        pos = m.end()
    words += text[pos:].split()
    return " ".join(words), labels


def detect(transcript: Transcript) -> tuple[list[Token], list[tuple[str, int, int]]]:
    """Spoken tokens, and the repeats and restarts found as (kind, first, last) token positions."""
    words = spoken(tokenize(transcript))
    claimed: set[int] = set()
    filler_rules.find(words, list(DEFAULT_FILLERS), claimed)
    at = {t.index: i for i, t in enumerate(words)}
    found = []
    for r in repetition.immediate(words, skip=claimed):
        found.append(("repeat", at[r.word_index], at[r.word_index] + len(r.text.split()) - 1))
    for s in restarts.find(words, claimed):
        found.append(("restart", at[s.word_index], at[s.word_index + s.word_count - 1]))
    return words, found


def match(truth: list, found: list, same_kind: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (truth, found) whose word spans overlap."""
    pairs = []
    used: set[int] = set()
    for i, (kind, a, b) in enumerate(truth):
        for j, (fkind, fa, fb) in enumerate(found):
            if j not in used and fa <= b and a <= fb and (not same_kind or kind == fkind):
                pairs.append((i, j))
                used.add(j)
                break
    return pairs


def eval_disfluencies(tx: CoachingTranscriber | None) -> None:
    answers = yaml.safe_load(SCRIPTS.read_text())["answers"]
    counts = {}  # (source, kind) -> [tp, fp, fn]
    alarms = {}  # (source, tag) -> [answers, false alarms]
    notes = []
    for k, ans in enumerate(answers):
        text, truth = parse(" ".join(ans["text"].split()))
        script_words = [w for w in (t.norm for t in spoken(tokenize(text_transcript(text)))) if w]
        sources = [("text", text_transcript(text))]
        if tx is not None:
            voice, rate = VOICES[k % len(VOICES)], SPEECH_RATES[k % len(SPEECH_RATES)]

            def make(text=text, voice=voice, rate=rate, seed=300 + k):
                audio, *_ = build([text], voice, rate, seed)
                return audio, {}

            tr, _, _ = tx.get(tx.key("disfluency", text, voice, rate), make)
            sources.append(("tiny.en", tr))
        for source, tr in sources:
            words, found = detect(tr)
            pos, _ = _positions(script_words, [t.norm for t in words])
            found = [(kind, pos[a], pos[b]) for kind, a, b in found]
            for kind in ("repeat", "restart", "any"):
                t = [x for x in truth if kind in (x[0], "any")]
                f = [x for x in found if kind in (x[0], "any")]
                hits = len(match(t, f, same_kind=kind != "any"))
                c = counts.setdefault((source, kind), [0, 0, 0])
                c[0] += hits
                c[1] += len(f) - hits
                c[2] += len(t) - hits
            for tag in ans.get("tags", []):
                a = alarms.setdefault((source, tag), [0, 0])
                a[0] += 1
                a[1] += len(found)
            pairs = match(truth, found, same_kind=False)
            missed = [truth[i] for i in range(len(truth)) if i not in {p[0] for p in pairs}]
            extra = [found[j] for j in range(len(found)) if j not in {p[1] for p in pairs}]
            if missed or extra:
                show = " ".join(t.raw for t in words)
                what = [f"missed {m[0]}" for m in missed] + [f"false {e[0]}" for e in extra]
                notes.append(f"- {ans['id']} ({source}): {', '.join(what)}: {show}")
    print("## 1. Disfluencies (labelled short answers)\n")
    rows = []
    for kind in ("repeat", "restart", "any"):
        row = [kind]
        for source in ("text", "tiny.en"):
            if (source, kind) in counts:
                tp, fp, fn = counts[(source, kind)]
                row += [tp + fn, *pr(tp, fp, fn)]
        rows.append(row)
    headers = ["kind", "labelled", "recall (text)", "precision (text)"]
    if tx is not None:
        headers += ["labelled ", "recall (tiny.en)", "precision (tiny.en)"]
    print(table(headers, rows))
    print("\nFalse alarms in clean answers, by what they test:\n")
    tags = sorted({tag for _, tag in alarms})
    rows = [
        [tag, alarms[("text", tag)][0]]
        + [alarms.get((s, tag), [0, "-"])[1] for s in ("text", "tiny.en") if tx or s == "text"]
        for tag in tags
    ]
    print(table(["tag", "answers", "found (text)", *(["found (tiny.en)"] if tx else [])], rows))
    if notes:
        print("\nMisses and false alarms (words as transcribed):\n" + "\n".join(notes))


def eval_clean_prose(sets) -> None:
    """Repeats and restarts found in written answers (model answers and paraphrases): every one
    is a false alarm, on text the rules' own; spoken, the recogniser's too."""
    print("\nFalse alarms in clean prose (the bank's model answers and the paraphrases):\n")
    rows, notes = [], []
    for source, trs in sets:
        words_total, found_total = 0, 0
        for tr in trs:
            words, found = detect(tr)
            words_total += len(words)
            found_total += len(found)
            for kind, a, b in found:
                context = " ".join(t.raw for t in words[max(0, a - 3) : b + 4])
                notes.append(f"- {source}, {kind}: ...{context}...")
        rows.append([source, len(trs), words_total, found_total])
    print(table(["input", "answers", "words", "found"], rows))
    if notes:
        print("\n" + "\n".join(notes))


def eval_real_clip(tx: CoachingTranscriber) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.support import real_speech as rs

    clip = next((c for c in rs.clips() if c.kind == "spontaneous"), None)
    print("\n### The real spontaneous clip (batchalign)\n")
    if clip is None:
        print("(../shared/speech is absent)")
        return

    def make():
        return clip.audio, {}

    tr, _, _ = tx.get(tx.key("real", clip.name), make)
    words, found = detect(tr)
    print(f"tiny.en ({tx.engine.prompt_mode} prompt): {tr.text.strip()}\n")
    rows = [[kind, " ".join(t.raw for t in words[a : b + 1])] for kind, a, b in found]
    print(table(["found", "words"], rows or [["-", "-"]]))
    heard = " ".join(t.norm for t in words)
    retrace = any(
        kind == "repeat" and " ".join(t.norm for t in words[a : b + 1]) == "i like i like i like"
        for kind, a, b in found
    )
    said = "i like i like i like" in heard
    print(
        f'\nRetrace "I like, I like, I like": in the transcript: {"yes" if said else "no"}; '
        f"found as one repeat: {'yes' if retrace else 'no'}"
    )


# --- 2. key point partial credit ----------------------------------------------------------------


def paraphrase_sets(tx: CachedTranscriber | None):
    """[(source, [(paraphrase, question, transcript)])] for text and, with tx, speech."""
    bank = load_bank(BANK)
    by_id = {q.id: q for q in bank.questions}
    paraphrases = yaml.safe_load(PARAPHRASES.read_text())["answers"]
    text_items, speech_items = [], []
    for k, p in enumerate(paraphrases):
        q = by_id[p["question"]]
        text = " ".join(p["text"].split())
        text_items.append((p, q, text_transcript(text)))
        if tx is not None:
            voice, rate = VOICES[(k + 1) % len(VOICES)], SPEECH_RATES[(k + 2) % len(SPEECH_RATES)]

            def make(text=text, voice=voice, rate=rate, seed=200 + k):
                audio, *_ = build([text], voice, rate, seed)
                return audio, {}

            tr, _, _ = tx.get(tx.key("para", text, voice, rate), make, q.terms)
            speech_items.append((p, q, tr))
    out = [("text", text_items)]
    if tx is not None:
        out.append(("tiny.en", speech_items))
    return out


def eval_partial(sets, questions, idf) -> None:
    groups = ("labelled covered", "own, not labelled", "other questions'")
    strengths: dict[tuple[str, str], list[float]] = {}
    for source, items in sets:
        for p, q, tr in items:
            tokens = tokenize(tr)
            words = spoken(tokens)
            claimed: set[int] = set()
            filler_rules.find(words, list(DEFAULT_FILLERS), claimed)
            index = coverage.ConceptIndex.build(tokens, skip=claimed)
            for o in questions:
                for i, kp in enumerate(coverage.key_points(index, tokens, o.key_points, idf)):
                    if o.id != q.id:
                        group = groups[2]
                    else:
                        group = groups[0] if i in p["covers"] else groups[1]
                    value = kp.strength if kp.status != "said" else 1.0
                    strengths.setdefault((source, group), []).append(value)
    print("\n## 2. Key point partial credit (paraphrases)\n")
    print(
        'Strength of each key point ("said": covered, strength >= '
        f"{coverage.COVERED_AT} with {coverage.MIN_CONCEPTS}+ concepts), by label; "
        "share of the points in each row:\n"
    )
    edges = [0.0, *BUCKETS]
    names = [f"{a:.2f}-{b:.2f}" for a, b in zip(edges, edges[1:], strict=False)]
    names.append('"said"')
    rows = []
    for n, name in enumerate(names):
        row = [name]
        for source, _ in sets:
            for group in groups:
                vals = strengths[(source, group)]
                if n < len(BUCKETS):
                    k = sum(1 for v in vals if edges[n] <= v < edges[n + 1])
                else:
                    k = sum(1 for v in vals if v >= 1.0)
                row.append(f"{k / len(vals):.0%}")
        rows.append(row)
    short = {
        "labelled covered": "covered",
        "own, not labelled": "own not",
        "other questions'": "other",
    }
    headers = ["strength"] + [f"{short[g]} ({s})" for s, _ in sets for g in groups]
    print(table(headers, rows))
    counts = ", ".join(
        f"{s}: {' / '.join(str(len(strengths[(s, g)])) for g in groups)}" for s, _ in sets
    )
    print(f"\nPoints (covered / own not / other): {counts}")
    print(
        '\nA bound for "partly": of the labelled-covered points not "said", the share shown '
        "partly (rescued), and the share of the other groups shown partly (false):\n"
    )
    rows = []
    for bound in PARTLY_BOUNDS:
        mark = " (used)" if abs(bound - coverage.PARTLY_AT) < 1e-9 else ""
        row = [f"{bound:.2f}{mark}"]
        for source, _ in sets:
            pos = [v for v in strengths[(source, groups[0])] if v < 1.0]
            row.append(f"{sum(v >= bound for v in pos)}/{len(pos)}")
            for group in groups[1:]:
                vals = strengths[(source, group)]
                row.append(f"{sum(bound <= v < 1.0 for v in vals) / len(vals):.1%}")
        rows.append(row)
    headers = ["partly at"]
    for source, _ in sets:
        headers += [f"rescued ({source})", f"own not ({source})", f"other ({source})"]
    print(table(headers, rows))


# --- 3. off-topic -------------------------------------------------------------------------------


def answer_sets(tx: CachedTranscriber | None, para_sets):
    """[(name, source, [transcript per question, in bank order])]."""
    bank = load_bank(BANK)
    questions = list(bank.questions)
    out = []
    models_text = [text_transcript(" ".join(q.model_answer.split())) for q in questions]
    out.append(("model answers", "text", models_text))
    if tx is not None:
        spoken_models = []
        for k, q in enumerate(questions):
            voice, rate = VOICES[k % len(VOICES)], SPEECH_RATES[k % len(SPEECH_RATES)]
            text = " ".join(q.model_answer.split())

            def make(text=text, voice=voice, rate=rate, seed=100 + k):
                audio, *_ = build([text], voice, rate, seed)
                return audio, {}

            tr, _, _ = tx.get(tx.key("model", text, voice, rate), make, q.terms)
            spoken_models.append(tr)
        out.append(("model answers", "tiny.en", spoken_models))
    for source, items in para_sets:
        order = {q.id: tr for _, q, tr in items}
        trs = [order[q.id] for q in questions]
        out.append(("paraphrases", source, trs))
        out.append(("their first 2 sentences", source, [first_sentences(t, 2) for t in trs]))
        out.append(("their first sentence", source, [first_sentences(t, 1) for t in trs]))
    return questions, out


def first_sentences(tr: Transcript, n: int) -> Transcript:
    """The transcript cut after its n-th sentence (a short answer, as it was transcribed)."""
    text = " ".join(split_sentences(tr.text.strip())[:n])
    return text_transcript(text)


def offtopic_run(questions, trs, idf, gaps=None):
    """Per answer: (flag as own question, flag as next question, ms per check). With `gaps`
    (a dict), the closest calls go there: "own" the largest lead of another question's fit over
    the own question's, "next" the smallest lead of the own question over the next one's."""
    out = []
    for k, tr in enumerate(trs):
        tokens = tokenize(tr)
        words = spoken(tokens)
        claimed: set[int] = set()
        filler_rules.find(words, list(DEFAULT_FILLERS), claimed)
        index = coverage.ConceptIndex.build(tokens, skip=claimed)
        started = time.perf_counter()
        own = offtopic.check(index, tokens, questions[k], questions, idf)
        ms = (time.perf_counter() - started) * 1000
        nxt = questions[(k + 1) % len(questions)]
        wrong = offtopic.check(index, tokens, nxt, questions, idf)
        out.append((own, wrong, ms))
        if gaps is not None:
            said = offtopic.answer_vector(index, idf)
            fits = {q.id: offtopic.fit(said, q, idf) for q in questions}
            lead = max(f for i, f in fits.items() if i != questions[k].id) - fits[questions[k].id]
            gaps["own"] = max(gaps.get("own", -1.0), lead)
            gaps["next"] = min(gaps.get("next", 1.0), fits[questions[k].id] - fits[nxt.id])
    return out


def eval_offtopic(questions, sets, idf) -> None:
    print("\n## 3. Off-topic answers\n")
    print(
        f"Flag: another question fits by a cosine >= {offtopic.MIN_FIT} and "
        f"{offtopic.MARGIN} better than the own one, and its key points score higher. "
        "Own: each answer checked against its own question (a flag is false); next: checked "
        "as the answer to the next question (flagged, and naming the question it answers).\n"
    )
    rows, times = [], []
    for name, source, trs in sets:
        gaps: dict[str, float] = {}
        res = offtopic_run(questions, trs, idf, gaps)
        false = sum(own is not None for own, _, _ in res)
        flagged = sum(w is not None for _, w, _ in res)
        right = sum(
            w is not None and w.question_id == questions[k].id for k, (_, w, _) in enumerate(res)
        )
        times += [ms for _, _, ms in res]
        n = len(res)
        rows.append(
            [name, source, f"{false}/{n}", f"{gaps['own']:+.2f}", f"{flagged}/{n}", f"{right}/{n}"]
            + [f"{gaps['next']:+.2f}"]
        )
    headers = ["answers", "input", "own: false flags", "(closest)", "next: flagged"]
    print(table([*headers, "naming its own", "(closest)"], rows))
    print(
        "\n(closest): own, the most another question's fit led the own question's (a flag needs "
        f"+{offtopic.MARGIN:.2f}); next, the least the answered question led the next one's."
    )
    print(
        f"\nTime of one check against {len(questions)} questions: mean "
        f"{statistics.mean(times):.1f} ms, max {max(times):.1f} ms"
    )
    print("\nMargin sweep (all answer sets together):\n")
    saved = offtopic.MARGIN
    rows = []
    for margin in (0.05, 0.1, 0.15, 0.2):
        offtopic.MARGIN = margin
        false = right = total = 0
        for _, _, trs in sets:
            res = offtopic_run(questions, trs, idf)
            total += len(res)
            false += sum(own is not None for own, _, _ in res)
            right += sum(
                w is not None and w.question_id == questions[k].id
                for k, (_, w, _) in enumerate(res)
            )
        mark = " (used)" if abs(margin - saved) < 1e-9 else ""
        rows.append([f"{margin:.2f}{mark}", f"{false}/{total}", f"{right}/{total}"])
    offtopic.MARGIN = saved
    print(table(["margin", "own: false flags", "next: detected"], rows))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="bundled")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--text-only", action="store_true", help="no speech, no model")
    args = parser.parse_args(argv)
    own_tx = shared_tx = None
    if not args.text_only:
        own_tx = CoachingTranscriber(args.model, not args.no_cache)
        shared_tx = CachedTranscriber(args.model, not args.no_cache)
        shared_tx.engine = own_tx.engine  # one model in memory
        print(f"Model {own_tx.engine.model_name}, prompt mode {own_tx.engine.prompt_mode!r}\n")
    eval_disfluencies(own_tx)
    bank = load_bank(BANK)
    questions = list(bank.questions)
    idf = coverage.bank_idf(coverage.question_document(q) for q in questions)
    para = paraphrase_sets(shared_tx)
    questions, sets = answer_sets(shared_tx, para)
    prose: list[tuple[str, list[Transcript]]] = [
        (source, []) for source in ("text", "tiny.en") if source == "text" or shared_tx
    ]
    for name, source, trs in sets:
        if not name.startswith("their first"):
            next(p for s, p in prose if s == source).extend(trs)
    eval_clean_prose(prose)
    if own_tx is not None:
        eval_real_clip(own_tx)
    eval_partial(para, questions, idf)
    eval_offtopic(questions, sets, idf)
    for tx in (own_tx, shared_tx):
        if tx is not None and tx.audio_s:
            print(f"\nTranscribed {tx.audio_s:.0f} s of audio in {tx.seconds:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
