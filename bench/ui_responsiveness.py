"""Launch time and UI-thread stalls of the real window, with the real model and live transcription.

Measures, and prints as a table:
- launch: process start -> main window shown (target < 1.5 s), and -> speech model loaded;
- the longest gap between ticks of a 10 ms QTimer on the UI thread (target < 50 ms) while the
  real model loads, and while a 2-minute espeak answer is recorded and transcribed live through
  the real LiveTranscription (blocks fed from a thread at real time, or faster with --speed);
- Stop -> results shown (final transcript, analysis, store, results view drawn).

Usage: python bench/ui_responsiveness.py [--seconds 120] [--speed 1.0]
       python bench/ui_responsiveness.py --screenshots docs/screenshots  (needs PulseAudio and
       espeak-ng: the README's pictures, answers recorded through a virtual microphone)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

SHOWN_TARGET_S = 1.5
STALL_TARGET_MS = 50.0
BLOCK_S = 0.1  # what a sound card hands the recorder's writer thread at a time


class FileFedRecorder:
    """A Recorder that plays a prepared answer into the app as if spoken into a microphone."""

    def __init__(self, audio, rate: int, speed: float) -> None:
        self.audio, self.rate, self.speed = audio, rate, speed
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._level = 0.0
        self._fed = 0
        self.done = threading.Event()

    def start(self, path: Path, on_block=None) -> None:
        import soundfile as sf

        self._file = sf.SoundFile(str(path), "w", self.rate, 1, "PCM_16")
        self._stop.clear()
        self.done.clear()
        self._started = time.perf_counter()

        def feed() -> None:
            step = int(BLOCK_S * self.rate)
            for i in range(0, len(self.audio), step):
                if self._stop.is_set():
                    break
                block = self.audio[i : i + step]
                self._file.write(block)
                self._level = float(abs(block).max()) if len(block) else 0.0
                self._fed = i + len(block)
                if on_block is not None:
                    on_block(block, self.rate)
                # Real time (or --speed times faster), as a sound card would deliver it.
                due = self._started + self._fed / self.rate / self.speed
                time.sleep(max(0.0, due - time.perf_counter()))
            self.done.set()

        self._thread = threading.Thread(target=feed, daemon=True)
        self._thread.start()

    def stop(self):
        from mockview.engines.base import RecordingResult

        self._stop.set()
        self._thread.join()
        self._file.close()
        return RecordingResult(Path(self._file.name), self._fed / self.rate, self.rate)

    @property
    def is_recording(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def level(self) -> float:
        return self._level

    @property
    def elapsed_s(self) -> float:
        return self._fed / self.rate

    @property
    def error(self):
        return None


class StallProbe:
    """A 10 ms timer on the UI thread; the longest gap between its ticks is the worst stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.max_gap_ms = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap_ms = max(self.max_gap_ms, (now - self.last) * 1000)
        self.last = now


def launch_child() -> None:
    """Runs the real app; prints when the window is shown and when the model has loaded."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from mockview import app as appmod

    app = QApplication([])
    marks = {}

    def poll() -> None:
        window = next((w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow"), None)
        if window is not None and window.isVisible() and "shown" not in marks:
            marks["shown"] = True
            print("SHOWN", time.time(), flush=True)
        if window is not None and window.transcription.state.value in ("ready", "failed"):
            print("MODEL", time.time(), window.transcription.state.value, flush=True)
            window.close()
            return
        QTimer.singleShot(5, poll)

    QTimer.singleShot(0, poll)
    appmod.run_app([])


def measure_launch(env: dict) -> tuple[float, float]:
    start = time.time()
    proc = subprocess.run(
        [sys.executable, __file__, "--launch-child"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    times = {
        line.split()[0]: float(line.split()[1])
        for line in proc.stdout.splitlines()
        if line.startswith(("SHOWN", "MODEL"))
    }
    if "SHOWN" not in times:
        raise SystemExit(f"the app did not show its window:\n{proc.stderr[-2000:]}")
    return times["SHOWN"] - start, times.get("MODEL", float("nan")) - start


def measure_session(seconds: float, speed: float) -> dict[str, float]:
    from _speech import RATE, scripted_answer
    from PySide6.QtWidgets import QApplication

    from mockview import app as appmod
    from mockview.app import assemble_window
    from mockview.core.settings import Settings
    from mockview.ui.workers.transcription_worker import TranscriptionService

    audio, _text = scripted_answer(seconds)
    app = QApplication.instance() or QApplication([])
    settings = Settings(welcome_shown=True, read_question_aloud=False)
    ctx = appmod.build_context(settings)
    ctx.recorder = FileFedRecorder(audio, RATE, speed)
    ctx.speaker = ctx.player = None
    transcription = TranscriptionService()
    window = assemble_window(ctx, transcription)
    window.show()
    probe = StallProbe()
    out: dict[str, float] = {}

    def wait(condition, timeout_s: float) -> None:
        deadline = time.perf_counter() + timeout_s
        while not condition():
            if time.perf_counter() > deadline:
                raise SystemExit("timed out")
            app.processEvents()
            time.sleep(0.001)

    wait(lambda: window.isVisible(), 10)
    probe.reset()
    start = time.perf_counter()
    transcription.load(appmod.make_transcriber(settings))
    wait(lambda: transcription.state.value in ("ready", "failed"), 120)
    out["model_load_s"] = time.perf_counter() - start
    out["stall_load_ms"] = probe.max_gap_ms

    probe.reset()
    window.practice.start_recording()
    wait(lambda: window.practice.state.value == "recording", 10)
    wait(ctx.recorder.done.is_set, seconds / speed + 60)
    out["stall_live_ms"] = probe.max_gap_ms
    out["live_chars"] = float(len(window.practice_view.live.toPlainText()))

    probe.reset()
    shown = []
    window.practice.results_shown.connect(lambda _id: shown.append(time.perf_counter()))
    start = time.perf_counter()
    window.practice.stop_recording()
    wait(lambda: bool(shown), 120)
    out["stop_to_results_s"] = shown[0] - start
    out["stall_stop_ms"] = probe.max_gap_ms
    out["answer_s"] = len(audio) / RATE
    out["words"] = float(len(window.practice.attempt.transcript.words))
    window.close()
    if ctx.history is not None:
        ctx.history.close()
    return out


# Three tries at question 11, each better than the last: fillers, a long pause, key points
# missed, then most of them said. A float is a silence in seconds.
SCREENSHOT_ANSWERS = [
    [
        "Um, so, RAG.",
        "Basically we, uh, put the documents in a vector index, like FAISS.",
        2.2,
        "And then, you know, the LLM answers from what we retrieve.",
        "Um, that's kind of it.",
    ],
    [
        "So we store the embeddings in pgvector or FAISS.",
        "Ingestion is a DAG that chunks, embeds and tags lineage for every document.",
        2.4,
        "Uh, guardrails redact PII before anything reaches the LLM.",
        "And we, um, evaluate retrieval quality.",
    ],
    [
        "The content is embedded into a vector index in pgvector or FAISS.",
        "Row-level ACLs mirror our data classification.",
        "Ingestion runs as a DAG that chunks, embeds and tags lineage.",
        "Guardrails redact PII before the LLM sees the prompt.",
        "And a nightly job "
        "scores hallucinations and opens a Jira ticket when they go above five percent.",
    ],
]
MAX_PNG_BYTES = 280_000  # README pictures stay light
RESULTS_SHOT_AFTER = 2  # the second try: fillers, a long pause, some key points and not others


def _answer_wav(parts: list, folder: Path, name: str) -> Path:
    import numpy as np
    import soundfile as sf
    from _speech import RATE, speak

    chunks = [np.zeros(int(0.5 * RATE), np.float32)]
    for part in parts:
        chunks.append(
            np.zeros(int(part * RATE), np.float32)
            if isinstance(part, float)
            else speak(part, "en-us", 150, folder)
        )
        chunks.append(np.zeros(int(0.3 * RATE), np.float32))
    chunks.append(np.zeros(int(0.8 * RATE), np.float32))
    out = folder / name
    sf.write(str(out), np.concatenate(chunks) * 0.8, RATE)
    return out


def take_screenshots(folder: Path, theme_name: str = "system") -> None:
    """The real app, recording espeak answers played into a virtual microphone (PulseAudio):
    practice.png while recording, results.png of the second try, history.png after three."""
    import soundfile as sf

    sys.path.insert(0, str(ROOT))
    from tests.support.pulse import VirtualAudio

    folder.mkdir(parents=True, exist_ok=True)
    audio = VirtualAudio()
    audio.start()  # before PortAudio is loaded, so that it lists the virtual microphone
    try:
        with tempfile.TemporaryDirectory() as tmp:
            wavs = [
                _answer_wav(parts, Path(tmp), f"answer{i}.wav")
                for i, parts in enumerate(SCREENSHOT_ANSWERS)
            ]
            _record_and_shoot(
                folder, theme_name, audio, wavs, [sf.info(str(w)).duration for w in wavs]
            )
    finally:
        audio.stop()


def _record_and_shoot(folder: Path, theme_name: str, audio, wavs: list, lengths: list) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from mockview import app as appmod
    from mockview.core.settings import Settings
    from mockview.ui import theme

    app = QApplication.instance() or QApplication([])
    settings = Settings(welcome_shown=True, read_question_aloud=False, theme=theme_name)
    theme.apply_theme(app, theme_name)
    window, ctx = appmod.build_window(settings)
    window.resize(1280, 800)
    window.show()

    def wait(condition, timeout_s: float = 120) -> None:
        deadline = time.perf_counter() + timeout_s
        while not condition():
            if time.perf_counter() > deadline:
                raise SystemExit("timed out")
            app.processEvents()
            time.sleep(0.005)

    def shot(name: str) -> None:
        settle = time.perf_counter() + 0.4  # let the last repaint land
        wait(lambda: time.perf_counter() > settle)
        path = folder / name
        image = window.grab().toImage()
        image.save(str(path), "PNG", 0)
        if path.stat().st_size > MAX_PNG_BYTES:
            # 256 colours: a fifth of the size, the text as crisp (no dithering); only the
            # chart's faint grid lines suffer, so it is the fallback, not the rule.
            flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
            image.convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(path), "PNG", 0)

    wait(lambda: window.transcription.is_ready)
    bank = window.practice.bank
    question = next(q for q in bank.questions if q.id.startswith("q11"))
    window.picker.select_question(question.id)
    window.practice.select(question.id, speak=False)
    shown: list[str] = []
    window.practice.results_shown.connect(shown.append)
    for n, (wav, length) in enumerate(zip(wavs, lengths, strict=True), start=1):
        window.tabs.setCurrentWidget(window.practice_view)
        window.practice_view.record_button.click()
        wait(lambda: window.practice.state.value == "recording", 20)
        player = audio.play_into_mic(wav)
        started = time.perf_counter()
        if n == 1:
            wait(lambda t=started + length * 0.8: time.perf_counter() > t, length + 10)
            # Mid-word, so that the level meter shows sound.
            wait(lambda: ctx.recorder.level > 0.1 or window.practice.state.value != "recording", 10)
            shot("practice.png")
        wait(lambda p=player: p.poll() is not None, length + 30)
        # The tail of the answer reaches the recorder a moment after the player ends.
        until = time.perf_counter() + 0.6
        wait(lambda t=until: time.perf_counter() > t)
        window.practice_view.record_button.click()
        wait(lambda n=n: len(shown) == n)
        if n == RESULTS_SHOT_AFTER:
            shot("results.png")
    window.tabs.setCurrentWidget(window.history_view)
    wait(lambda: window.history_view.attempts.rowCount() >= len(wavs), 20)
    shot("history.png")
    print(f"screenshots in {folder}")
    window.close()
    if ctx.history is not None:
        ctx.history.close()


def main() -> int:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="answer length")
    parser.add_argument("--speed", type=float, default=1.0, help="feed faster than real time")
    parser.add_argument("--screenshots", type=Path, help="save window screenshots here instead")
    parser.add_argument("--theme", default="system", help="with --screenshots: light or dark")
    parser.add_argument("--launch-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.launch_child:
        launch_child()
        return 0
    if args.screenshots:
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("DATA", "CONFIG", "CACHE"):
                os.environ[f"MOCKVIEW_{name}_DIR"] = f"{tmp}/{name}"
            take_screenshots(args.screenshots.resolve(), args.theme)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        for name in ("DATA", "CONFIG", "CACHE"):
            os.environ[f"MOCKVIEW_{name}_DIR"] = env[f"MOCKVIEW_{name}_DIR"] = f"{tmp}/{name}"
        shown_s, model_s = measure_launch(env)
        m = measure_session(args.seconds, args.speed)
    rows = [
        (
            "launch -> window shown",
            f"{shown_s:.2f} s",
            f"< {SHOWN_TARGET_S} s",
            shown_s < SHOWN_TARGET_S,
        ),
        ("launch -> model loaded", f"{model_s:.2f} s", "(after the window)", model_s > shown_s),
        (
            "UI stall while the model loads",
            f"{m['stall_load_ms']:.0f} ms",
            f"< {STALL_TARGET_MS:.0f} ms",
            m["stall_load_ms"] < STALL_TARGET_MS,
        ),
        (
            f"UI stall during {m['answer_s']:.0f} s live answer (x{args.speed:g})",
            f"{m['stall_live_ms']:.0f} ms",
            f"< {STALL_TARGET_MS:.0f} ms",
            m["stall_live_ms"] < STALL_TARGET_MS,
        ),
        (
            "UI stall from Stop to results",
            f"{m['stall_stop_ms']:.0f} ms",
            f"< {STALL_TARGET_MS:.0f} ms",
            m["stall_stop_ms"] < STALL_TARGET_MS,
        ),
        (
            "Stop -> results shown",
            f"{m['stop_to_results_s']:.2f} s",
            "<= 1.5 s",
            m["stop_to_results_s"] <= 1.5,
        ),
        (
            "live transcript when stopped",
            f"{m['live_chars']:.0f} chars",
            "> 0",
            m["live_chars"] > 0,
        ),
        ("words in final transcript", f"{m['words']:.0f}", "> 0", m["words"] > 0),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>10}  {'target':<18} ok")
    for name, value, target, ok in rows:
        print(f"{name:<{width}}  {value:>10}  {target:<18} {'yes' if ok else 'NO'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Leave without tearing down Qt, CTranslate2 and the live thread in interpreter shutdown,
    # whose order is not ours to control; the figures are printed by now.
    os._exit(code)
