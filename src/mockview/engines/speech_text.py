"""Text prepared for speech synthesis: acronyms spelt out, money and "A/B" said the way people do.

eSpeak reads an unknown all-caps token as a word when it looks pronounceable: PSI as "sigh",
AUC as "auk", OKRs as "ockers", ACLs as "ackles", SLO as "slow", PII as "pie"; "$4 million" as
"dollar four million"; "A/B" as "A slash B". The rules, by rule rather than by ear:
- an all-caps token of 2-5 letters, with an optional plural "s", is spelt letter by letter
  joined by hyphens ("P-S-I", "O-K-R's"), unless it is in SAID_AS_WORDS, the short list of
  acronyms people say as words (NASA, RAG, FAISS ...). Hyphens, not spaces: with spaces eSpeak
  reads a lone "A" as the article (tiny.en heard "A P I" as "IIS", "A-P-I" as "API");
- a few tokens have a spoken form of their own (SPOKEN_AS: TFLOP -> "teraflop");
- "$N" (with an optional k/M/B or thousand/million/billion) -> "N ... dollars";
- "X/Y" between all-caps tokens (A/B, CI/CD) -> "X Y";
- what is not speech is not read: a web address is read as "link", markdown marks (**, `, #,
  > and list bullets) and a link's target are dropped, emoji and other symbols and control
  characters are left out.
Bump PREPARATION_VERSION whenever the output of these rules changes: it is part of the speech
cache key, so WAVs made from the old wording are not reused.
"""

from __future__ import annotations

import re
import unicodedata

PREPARATION_VERSION = 2

# Acronyms said as words; everything else of 2-5 capitals is spelt. Keep it short and obvious.
SAID_AS_WORDS = frozenset(
    {
        "NASA",
        "NATO",
        "RAG",
        "ZIP",
        "BLEU",
        "FAISS",
        "NIST",
        "SIEM",
        "REST",
        "STAR",
        "DAG",
        "JSON",
        "YAML",
        "CRUD",
        "AJAX",
        "GIF",
        "LASER",
        "RADAR",
        "SCUBA",
        "COVID",
        "UNICEF",
    }
)
SPOKEN_AS = {"TFLOP": "teraflop", "TFLOPS": "teraflops", "TFLOPs": "teraflops"}

_SCALE = {
    "k": "thousand",
    "K": "thousand",
    "m": "million",
    "M": "million",
    "mn": "million",
    "b": "billion",
    "B": "billion",
    "bn": "billion",
}
_MONEY = re.compile(
    r"\$(\d[\d,]*(?:\.\d+)?)"
    r"(?:(k|K|mn|m|M|bn|b|B)\b|\s+(thousand|million|billion|trillion)\b)?"
)
_SLASH = re.compile(r"\b([A-Z]{1,5}s?)/(?=[A-Z]{1,5}s?\b)")
_CAPS = re.compile(r"\b([A-Z]{2,5})(s?)\b")


URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]+\)")
_MD_MARKS = re.compile(r"(\*\*|__|`+|^\s{0,3}(?:#{1,6}|>|[-*+])\s+)", re.MULTILINE)


def readable(text: str) -> str:
    """`text` less what is not meant to be read out: link targets, markdown marks, emoji."""
    text = _MD_LINK.sub(r"\1", text)
    text = URL.sub("link", text)
    text = _MD_MARKS.sub(" ", text)
    return "".join(
        ch if ch in "\n\t" or unicodedata.category(ch) not in _NOT_SPOKEN else " " for ch in text
    )


_NOT_SPOKEN = {"So", "Sk", "Cs", "Co", "Cn", "Cc", "Cf"}


def prepare_for_speech(text: str) -> str:
    """`text` reworded for eSpeak (see the module docstring); other text is left as it is."""
    text = readable(text)
    text = _MONEY.sub(_money, text)
    text = _SLASH.sub(r"\1 ", text)
    return _CAPS.sub(_acronym, text)


def _money(match: re.Match) -> str:
    amount, short_scale, word_scale = match.groups()
    scale = _SCALE.get(short_scale or "", word_scale or "")
    return f"{amount} {scale} dollars" if scale else f"{amount} dollars"


def _acronym(match: re.Match) -> str:
    token, plural = match.groups()
    if match.group(0) in SPOKEN_AS:
        return SPOKEN_AS[match.group(0)]
    if token in SAID_AS_WORDS:
        return match.group(0)
    return "-".join(token) + ("'s" if plural else "")
