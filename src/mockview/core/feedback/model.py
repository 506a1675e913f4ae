"""The Feedback record: what analysis found in one answer, with a JSON-safe round trip."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from mockview.core.feedback.verdict import RATE_FIGURES

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@dataclass(frozen=True)
class FillerHit:
    """One filler (or hedge) occurrence: `word_index` is its first word, `word_count` its length.

    A filler heard in the audio but not in the transcript (a filled pause Whisper left out, see
    filled_pauses.py) has `from_audio` True and sits in the gap between two words:
    `word_index` is the index (into transcript.words) of the word AFTER the gap, or
    len(transcript.words) when it follows the last word; `word_count` is 0 (it covers no
    word); `text` is the label in parentheses, e.g. "(um)"; `start_s`/`end_s` are the sound's
    own times, measured from the audio. It counts in Feedback.fillers, filler_counts and every
    filler figure like a transcribed one, but not in word_count.
    """

    filler: str  # the list entry it counts under, e.g. "um", "you know"
    text: str  # the words as transcribed, e.g. "Umm," or "you know," ("(um)" when from_audio)
    word_index: int = 0
    word_count: int = 1
    start_s: float = 0.0
    end_s: float = 0.0
    from_audio: bool = False  # heard in the audio between words; the transcript has no word


@dataclass(frozen=True)
class Pause:
    """A silence inside the speech, after word `after_index` (never before the first word)."""

    after_index: int
    start_s: float
    duration_s: float
    at_sentence_boundary: bool = False  # the word before it ends with . ? !
    after_comma: bool = False  # the word before it ends with , ; :
    confirmed: bool = False  # its length was measured from the audio's energy

    @property
    def is_long(self) -> bool:
        return self.duration_s > LONG_PAUSE_S

    @property
    def is_very_long(self) -> bool:
        return self.duration_s > VERY_LONG_PAUSE_S


PAUSE_MIN_S = 0.25
LONG_PAUSE_S = 1.0
VERY_LONG_PAUSE_S = 3.0


@dataclass(frozen=True)
class Repeat:
    """Words said twice in a row ("the the", "I think I think")."""

    text: str
    word_index: int  # first word of the repeated run
    word_count: int  # words in one copy
    start_s: float = 0.0


@dataclass(frozen=True)
class Restart:
    """A phrase broken off and begun again ("we did- we decided"): `text` is the abandoned words,
    `word_index`/`word_count` their place in transcript.words."""

    text: str
    word_index: int
    word_count: int
    start_s: float = 0.0
    end_s: float = 0.0


@dataclass(frozen=True)
class Voice:
    """How the voice sounds, measured from the audio (prosody.py); `measured` False when there
    was no audio or too little voiced speech to judge."""

    measured: bool = False
    voiced_s: float = 0.0  # seconds of voiced frames the pitch figures rest on
    pitch_median_hz: float = 0.0
    pitch_range_st: float = 0.0  # spread of pitch in semitones (see prosody.py for which)
    pitch_sd_st: float = 0.0
    monotone: bool = False
    loudness_sd_db: float = 0.0  # variation of loudness over the speech
    sentence_ends: int = 0  # sentence ends checked for trailing off
    trailing_off: tuple[float, ...] = ()  # times (s) of sentence ends that fade away
    pace_sd_wpm: float = 0.0  # variation of pace over the answer's windows
    observation: str = ""  # one plain-language sentence about the voice


@dataclass(frozen=True)
class StoryPart:
    """One part of a story answer (Situation, Task, Action or Result) found in the transcript."""

    part: str  # "situation" | "task" | "action" | "result"
    start_index: int = -1  # transcript word span, -1 when the part was not found
    end_index: int = -1  # inclusive
    start_s: float = 0.0
    end_s: float = 0.0
    word_count: int = 0
    cues: tuple[str, ...] = ()  # what gave it away ("last year", "I decided", "by 40%")
    thin: bool = False  # found, but too short to carry its part


@dataclass(frozen=True)
class Structure:
    """Story structure of an answer to a behavioural question (structure.py)."""

    checked: bool = False  # False for questions the bank does not mark behavioural
    parts: list[StoryPart] = field(default_factory=list)  # in the order they were said
    missing: tuple[str, ...] = ()  # parts not found
    thin: tuple[str, ...] = ()  # parts found but thin
    result_has_numbers: bool = False


@dataclass(frozen=True)
class OffTopic:
    """The answer fits another question of the bank better than its own."""

    question_id: str
    question_number: int
    question_text: str
    own_score: float  # coverage of this question's key points, 0..1
    other_score: float  # coverage of the other question's key points, 0..1


@dataclass(frozen=True)
class Tip:
    """One thing to do next time, ranked by `gain` (what it would most improve)."""

    kind: str  # the rule that made it (tips.py documents each)
    text: str
    at_s: float = -1.0  # the moment in the recording it is about, -1 when none
    word_index: int = -1
    gain: float = 0.0
    rule: str = ""  # the threshold and its source


@dataclass(frozen=True)
class Overused:
    """A content word or two-word phrase said far more often than the answer needs."""

    text: str
    count: int
    share: float  # of all words, 0..1


@dataclass(frozen=True)
class KeyPointResult:
    text: str
    covered: bool = False
    strength: float = 0.0  # 0..1: weighted share of the point's content words said close together
    start_index: int = -1  # transcript word span of the best match, -1 when nothing matched
    end_index: int = -1  # inclusive
    start_s: float = 0.0
    end_s: float = 0.0
    matched: tuple[str, ...] = ()  # the point's words that were found
    status: str = ""  # "said" | "partly" | "missed" ("" in records older than the field)
    missing: tuple[str, ...] = ()  # the point's content words that were not found


@dataclass(frozen=True)
class TermHit:
    term: str
    said: bool = False
    word_index: int = -1
    start_s: float = 0.0


@dataclass(frozen=True)
class SentenceMatch:
    """One sentence of the side-by-side view.

    Model-answer sentences are "covered" or "missing"; transcript sentences "shared" or "extra".
    `start_index`/`end_index` are transcript word indices: the sentence itself for transcript
    sentences, the best matching stretch for model sentences (-1 when none).
    """

    text: str
    status: str
    score: float = 0.0
    start_index: int = -1
    end_index: int = -1
    start_s: float = 0.0
    match: int = -1  # index of the best sentence on the other side, -1 when none


@dataclass(frozen=True)
class Observation:
    """A plain-language remark tied to the figure it is about and the threshold used."""

    kind: str  # "coverage" | "fillers" | "pace" | "pauses" | "length" | "delay" | ...
    severity: str  # "high" | "medium" | "low" | "good"
    text: str
    figure: str = ""  # a Feedback.figures key, or "" when none fits
    value: float = 0.0
    threshold: str = ""


SEVERITY_RANK = {"high": 3, "medium": 2, "low": 1, "good": 0}


@dataclass(frozen=True)
class Feedback:
    """Everything measured about one answer. Times are seconds in the recording's clock."""

    # Time and pace
    duration_s: float = 0.0  # answer time: from lead_in_s to the end of the recording
    lead_in_s: float = 0.0
    response_delay_s: float = 0.0  # lead_in_s to the first word
    speaking_s: float = 0.0  # first word's start to last word's end
    answer_s: float = 0.0  # lead_in_s to the last word's end; compared with the target
    target_s: float = 0.0
    target_verdict: str = ""  # "under" | "within" | "over" | "" (no target or no speech)
    word_count: int = 0  # every word spoken, fillers included (as coaches count WPM)
    content_word_count: int = 0  # words that are not fillers
    words_per_minute: float = 0.0  # word_count over speaking_s, pauses included; 0: too short
    articulation_wpm: float = 0.0  # word_count over speaking_s less every pause >= 0.25 s
    pace_windows: list[tuple[float, float]] = field(default_factory=list)  # (start_s, wpm)
    # Fillers and hedges
    fillers: list[FillerHit] = field(default_factory=list)  # in time order, from_audio ones too
    filler_counts: dict[str, int] = field(default_factory=dict)
    hedges: list[FillerHit] = field(default_factory=list)
    hedge_counts: dict[str, int] = field(default_factory=dict)
    # Pauses (only those inside the speech)
    pauses: list[Pause] = field(default_factory=list)
    pauses_confirmed: bool = False  # audio was given and long gaps were checked against it
    # Repetition
    repeats: list[Repeat] = field(default_factory=list)
    overused: list[Overused] = field(default_factory=list)
    # Content
    key_points: list[KeyPointResult] = field(default_factory=list)
    terms: list[TermHit] = field(default_factory=list)
    coverage: float = 0.0  # share of key points covered, 0..1
    similarity: float = 0.0  # to the model answer, 0..1
    content_score: float = 0.0  # 0..100
    model_sentences: list[SentenceMatch] = field(default_factory=list)
    transcript_sentences: list[SentenceMatch] = field(default_factory=list)
    # Summary, most important first
    observations: list[Observation] = field(default_factory=list)
    # Coaching
    verdict: str = ""  # "" judged | "no_speech" | "too_short" (see verdict.py)
    verdict_text: str = ""
    restarts: list[Restart] = field(default_factory=list)
    voice: Voice = field(default_factory=Voice)
    structure: Structure = field(default_factory=Structure)
    off_topic: OffTopic | None = None
    tips: list[Tip] = field(default_factory=list)
    version: int = 2

    @property
    def judged(self) -> bool:
        """Enough speech to judge: rate figures mean something and the take counts."""
        return not self.verdict

    @property
    def filler_count(self) -> int:
        return len(self.fillers)

    @property
    def long_pauses(self) -> list[Pause]:
        return [p for p in self.pauses if p.is_long]

    @property
    def figures(self) -> dict[str, float]:
        """The stable numbers the history store and the charts keep (see figures.FIGURES)."""
        minutes = self.speaking_s / 60.0
        figures = {
            "duration_s": round(self.duration_s, 2),
            "speaking_s": round(self.speaking_s, 2),
            "word_count": float(self.word_count),
            "words_per_minute": round(self.words_per_minute, 1),
            "articulation_wpm": round(self.articulation_wpm, 1),
            "filler_count": float(len(self.fillers)),
            "fillers_per_minute": round(len(self.fillers) / minutes, 2) if minutes > 0 else 0.0,
            "hedge_count": float(len(self.hedges)),
            "pause_count": float(len(self.pauses)),
            "long_pause_count": float(len(self.long_pauses)),
            "response_delay_s": round(self.response_delay_s, 2),
            "coverage": round(self.coverage, 3),
            "content_score": round(self.content_score, 1),
            "terms_said": float(sum(1 for t in self.terms if t.said)),
            "terms_total": float(len(self.terms)),
            "disfluency_count": float(len(self.repeats) + len(self.restarts)),
        }
        if self.voice.measured:  # only from audio with enough voiced speech: never a made-up 0
            figures["pitch_range_st"] = round(self.voice.pitch_range_st, 2)
            figures["loudness_sd_db"] = round(self.voice.loudness_sd_db, 2)
        if self.verdict:  # rates over a few seconds are noise: withheld (verdict.py)
            figures.update(dict.fromkeys(RATE_FIGURES, 0.0))
        return figures

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only; `figures` is included for readers that only want the numbers."""
        data = dataclasses.asdict(self)
        data["pace_windows"] = [list(w) for w in self.pace_windows]
        data["figures"] = self.figures
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Feedback:
        """Tolerant of missing and unknown keys, so records written by older versions still load."""
        return _build(cls, data)


_D = TypeVar("_D", bound="DataclassInstance")


def _build(cls: type[_D], data: Mapping[str, Any]) -> _D:
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)


def _convert(tp: Any, value: Any) -> Any:
    """`value` read back from JSON as the type hint `tp` expects (dataclasses, tuples, ...)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _build(tp, value) if isinstance(value, dict) else value
    if origin in (list, tuple):
        if origin is tuple and args and args[-1] is not Ellipsis:
            return tuple(_convert(a, v) for a, v in zip(args, value, strict=False))
        inner = args[0] if args else typing.Any
        items = [_convert(inner, v) for v in value]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        return {k: _convert(args[1], v) for k, v in value.items()} if args else dict(value)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        inner_types = [a for a in args if a is not type(None)]
        return _convert(inner_types[0], value) if len(inner_types) == 1 else value
    if tp is float and isinstance(value, int | float):
        return float(value)
    if tp is int and isinstance(value, int | float):
        return int(value)
    return value
