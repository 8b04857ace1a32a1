"""Hangul syllable arithmetic: split a syllable into jamo and put jamo back together.

Both the official-spelling rules (which swap onsets and vowels) and the phonetic key (which folds
tense consonants and split vowels) work on jamo, not on whole syllables.
"""

from __future__ import annotations

import re

ONSETS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
CODAS = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ", "ㅁ", "ㅂ", "ㅄ",
         "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")
_BASE = 0xAC00


def is_syllable(ch: str) -> bool:
    """True for a precomposed Hangul syllable (가–힣)."""
    return len(ch) == 1 and _BASE <= ord(ch) <= 0xD7A3


_SYLLABLES = re.compile("[\uac00-\ud7a3]+")
HANGUL_WORD = _SYLLABLES  # a run of syllables: a Korean word as the matchers see it


def compact(spelling: str) -> str:
    """A spelling without its spaces (궈메이 소매 → 궈메이소매): how spellings are compared and indexed."""
    return spelling.replace(" ", "")


def is_hangul(text: str) -> bool:
    """True if every character is a Hangul syllable (used for word classes, not for jamo)."""
    return _SYLLABLES.fullmatch(text) is not None


def split(ch: str) -> tuple[str, str, str]:
    """(onset, vowel, coda) of one syllable; coda is '' when absent."""
    code = ord(ch) - _BASE
    onset, rest = divmod(code, 588)
    vowel, coda = divmod(rest, 28)
    return ONSETS[onset], VOWELS[vowel], CODAS[coda]


def join(onset: str, vowel: str, coda: str = "") -> str:
    """Compose one syllable from its jamo."""
    return chr(_BASE + ONSETS.index(onset) * 588 + VOWELS.index(vowel) * 28 + CODAS.index(coda))


def apply_dueum(text: str) -> str:
    """The initial-sound law (두음 법칙) on the first syllable: 리 → 이, 류 → 유, 락 → 낙, 녀 → 여."""
    if not text or not is_syllable(text[0]):
        return text
    onset, vowel, coda = split(text[0])
    iotized = vowel in "ㅑㅒㅕㅖㅛㅠㅣ"
    if onset == "ㄹ":
        onset = "ㅇ" if iotized else "ㄴ"
    elif onset == "ㄴ" and iotized:
        onset = "ㅇ"
    else:
        return text
    return join(onset, vowel, coda) + text[1:]
