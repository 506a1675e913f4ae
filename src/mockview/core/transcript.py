"""The recogniser's output: words with times, grouped in segments."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Word:
    text: str  # as the recogniser wrote it, punctuation attached ("Um," "FAISS.")
    start_s: float
    end_s: float
    probability: float = 1.0


@dataclass(frozen=True)
class Segment:
    text: str
    start_s: float
    end_s: float
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Transcript:
    text: str
    segments: tuple[Segment, ...] = ()
    duration_s: float = 0.0  # length of the audio, not of the speech
    model_name: str = ""
    device: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. {"prompt": ..., "transcribe_s": ...}

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transcript:
        segments = tuple(
            Segment(
                text=s["text"],
                start_s=float(s["start_s"]),
                end_s=float(s["end_s"]),
                words=tuple(Word(**w) for w in s.get("words", ())),
            )
            for s in data.get("segments", ())
        )
        return cls(
            text=data.get("text", ""),
            segments=segments,
            duration_s=float(data.get("duration_s", 0.0)),
            model_name=data.get("model_name", ""),
            device=data.get("device", ""),
            extra=dict(data.get("extra", {})),
        )
