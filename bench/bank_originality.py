"""Check a question bank against its source article: shared word runs, 5-gram overlap, length.

Usage: bench/bank_originality.py [SOURCE] [BANK] [--max-run N]

For every question it prints the longest run of consecutive words the question text, model
answer or key points share with the source (case- and punctuation-insensitive), the share of
the answer's 5-word sequences that occur in the source, and the answer's word count and
speaking time at 160 words per minute. It exits 1 when any shared run reaches --max-run words
(default 8: a figure such as "70-20-10" may carry over, a sentence may not) or when an answer
falls outside 60-120 s, and 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "seed" / "ai-cto-interview-questions.txt"
DEFAULT_BANK = REPO_ROOT / "questions" / "ai-cto.yaml"

WORDS_PER_MINUTE = 160
MIN_SPEAK_S = 60.0
MAX_SPEAK_S = 120.0
NGRAM = 5

# Any run of letters or digits is a word; everything else (curly quotes, dashes, "$", "%")
# separates words, so "70-20-10" and "it's" tokenise the same way in bank and source.
_WORD_RE = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


class SourceIndex:
    """Positions of each word in the source, for finding the longest shared run quickly."""

    def __init__(self, text: str) -> None:
        self.words = tokens(text)
        self.positions: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self.positions.setdefault(w, []).append(i)
        self.ngrams = {tuple(self.words[i : i + NGRAM]) for i in range(len(self.words) - NGRAM + 1)}

    def longest_run(self, words: list[str]) -> tuple[int, str]:
        """Length and text of the longest run of `words` that also occurs in the source."""
        best_len, best_at = 0, 0
        src = self.words
        for i, w in enumerate(words):
            for j in self.positions.get(w, ()):
                n = 0
                while i + n < len(words) and j + n < len(src) and words[i + n] == src[j + n]:
                    n += 1
                if n > best_len:
                    best_len, best_at = n, i
        return best_len, " ".join(words[best_at : best_at + best_len])

    def ngram_share(self, words: list[str]) -> float:
        grams = [tuple(words[i : i + NGRAM]) for i in range(len(words) - NGRAM + 1)]
        if not grams:
            return 0.0
        return sum(g in self.ngrams for g in grams) / len(grams)


def check(source_path: Path, bank_path: Path, max_run: int) -> int:
    try:
        source = SourceIndex(source_path.read_text(encoding="utf-8"))
        bank = yaml.safe_load(bank_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        print(f"bank_originality: cannot read input: {exc}", file=sys.stderr)
        return 2
    questions = (bank or {}).get("questions") or []
    if not questions:
        print(f"bank_originality: {bank_path} has no questions", file=sys.stderr)
        return 2

    header = (
        f"{'question':<30} {'words':>5} {'time_s':>6} {'run_ans':>7} {'run_q':>5} "
        f"{'run_kp':>6} {'5gram%':>6}  flags"
    )
    print(f"source: {source_path}\nbank:   {bank_path}\n")
    print(header)
    print("-" * len(header))
    failures: list[str] = []
    worst: list[tuple[int, str, str]] = []
    runs: list[int] = []
    times: list[float] = []
    for q in questions:
        qid = str(q.get("id", "?"))
        answer = tokens(str(q.get("model_answer", "")))
        run_a, text_a = source.longest_run(answer)
        run_q, text_q = source.longest_run(tokens(str(q.get("question", ""))))
        kp_runs = [source.longest_run(tokens(str(k))) for k in q.get("key_points") or []]
        run_k, text_k = max(kp_runs, default=(0, ""))
        share = source.ngram_share(answer)
        seconds = len(answer) / WORDS_PER_MINUTE * 60
        flags = []
        for run, text, part in (
            (run_a, text_a, "answer"),
            (run_q, text_q, "question"),
            (run_k, text_k, "key point"),
        ):
            worst.append((run, qid, f"{part}: {text}"))
            if run >= max_run:
                flags.append(f"{part} run {run}")
                failures.append(f'{qid}: {part} shares {run} words: "{text}"')
        if not MIN_SPEAK_S <= seconds <= MAX_SPEAK_S:
            flags.append(f"{seconds:.0f} s outside {MIN_SPEAK_S:.0f}-{MAX_SPEAK_S:.0f} s")
            failures.append(f"{qid}: answer takes {seconds:.0f} s at {WORDS_PER_MINUTE} WPM")
        runs.append(max(run_a, run_q, run_k))
        times.append(seconds)
        print(
            f"{qid:<30} {len(answer):>5} {seconds:>6.0f} {run_a:>7} {run_q:>5} {run_k:>6} "
            f"{share * 100:>5.1f}%  {'; '.join(flags)}"
        )

    print()
    print(
        f"questions: {len(questions)}  max shared run: {max(runs)} words (limit < {max_run})  "
        f"speaking time: min {min(times):.0f} s, max {max(times):.0f} s, "
        f"mean {sum(times) / len(times):.0f} s"
    )
    print("longest shared runs:")
    for run, qid, text in sorted(worst, reverse=True)[:5]:
        print(f"  {run:>2}  {qid}  {text}")
    if failures:
        print("\nFAIL:")
        for line in failures:
            print(f"  {line}")
        return 1
    print("\nOK")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("bank", nargs="?", type=Path, default=DEFAULT_BANK)
    parser.add_argument(
        "--max-run",
        type=int,
        default=8,
        help="fail when a shared run reaches this many words (default 8)",
    )
    args = parser.parse_args(argv)
    return check(args.source, args.bank, args.max_run)


if __name__ == "__main__":
    sys.exit(main())
