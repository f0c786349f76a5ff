"""Automatic flags a moderator must clear before a tribute is public: possible personal names,
places below province level, phone numbers, emails, web addresses and organisers' watch words.

Heuristics that err towards flagging: a flag only asks a person to look. Names and places may
identify someone still in the North, so they also need a second moderator
(Tribute.IDENTIFYING_FLAGS).
"""

import functools
import re
from pathlib import Path

from participants.tributes.models import Tribute, WatchWord

Flag = Tribute.Flag

# The commonest Korean family names, North and South spellings (리/이, 림/임, 류/유, 로/노).
SURNAMES = frozenset(
    "김리이박최정강조윤장림임한오서신권황안송류유홍전고문량양손배백허남심로노하곽성차"
    "주우구라민진지엄채원천방공현함변렴염려추석선설마길연위표명반왕금옥육인맹탁국은편용예경봉계"
)
COMPOUND_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문")
# Syllables common in given names; both syllables of a two-syllable name must be among them,
# which keeps ordinary words starting with a family name ("어머니", "한마디") out.
GIVEN_NAME_SYLLABLES = frozenset(
    "영철순희미숙자정민수현진옥남혁일성호광명금은경애화선춘국룡용동석준길복연향란매실심덕봉학송"
    "혜주지윤재승훈태원기범식분단녀찬근림빈설아련월규환웅섭삼만천해산강창세임효보나리예서하유채"
)
# Particles and vocatives that follow a name ("김영철에게", "순희야").
PARTICLES = (
    "에게서",
    "한테서",
    "으로부터",
    "께서는",
    "께서",
    "에게",
    "한테",
    "께",
    "이여",
    "이시여",
    "씨에게",
    "님께",
    "님",
    "씨",
    "동무",
    "동지",
    "선생님",
    "선생",
    "이가",
    "이는",
    "이를",
    "이의",
    "이와",
    "이랑",
    "이야",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "와",
    "과",
    "도",
    "만",
    "야",
    "아",
    "여",
    "랑",
)
VOCATIVES = ("야", "아", "이", "씨", "님", "동무", "언니", "오빠", "형", "누나")
HANGUL_WORD = re.compile(r"[가-힣]+")
PHONE = re.compile(r"(?<!\d)(?:\+?\d[\d\s().\-]{5,}\d)(?!\d)")
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w\-]+\.(?:com|net|org|kr|kp|io|me|co|info|app|page)\b",
    re.IGNORECASE,
)
PLACE_SUFFIXES = ("로동자구", "구역", "시", "군", "읍", "리", "동")


@functools.cache
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """(distinctive names flagged alone, names flagged only with an administrative suffix)."""
    alone, with_suffix = set(), set()
    for line in (
        (Path(__file__).parent.parent / "data" / "dprk_places.txt").read_text().splitlines()
    ):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if name.endswith("*"):
            alone.add(name[:-1])
        else:
            with_suffix.add(name)
    return frozenset(alone), frozenset(with_suffix)


def _strip_particle(word: str) -> str:
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def _is_given_name(syllables: str) -> bool:
    return len(syllables) == 2 and all(s in GIVEN_NAME_SYLLABLES for s in syllables)


def person_names(text: str) -> list[str]:
    """Words that look like a Korean personal name: a family name and a two-syllable given name
    (김영철, 리순희), or a given name called by name ("순희야")."""
    found = []
    for match in HANGUL_WORD.finditer(text):
        word = match.group()
        for candidate in {word, _strip_particle(word)}:
            compound = candidate[:2] in COMPOUND_SURNAMES
            surname_length = 2 if compound else 1
            if (
                len(candidate) == surname_length + 2
                and (compound or candidate[0] in SURNAMES)
                and _is_given_name(candidate[surname_length:])
            ):
                found.append(candidate)
                break
            if any(
                candidate == given + vocative
                for vocative in VOCATIVES
                for given in [candidate[: -len(vocative)]]
                if _is_given_name(given)
            ):
                found.append(candidate)
                break
    return found


def places(text: str) -> list[str]:
    alone, with_suffix = _places()
    found = []
    for match in HANGUL_WORD.finditer(text):
        word = match.group()
        for name in alone:
            if name in word:
                found.append(name)
        for name in with_suffix:
            if any(word.startswith(name + suffix) for suffix in PLACE_SUFFIXES):
                found.append(name)
    return found


def tribute_flags(text: str, *, addressee: str = "", pseudonym: str = "") -> tuple[list, list]:
    """The flags a tribute's words raise, and the terms that raised them (for the moderator)."""
    whole = "\n".join(part for part in (text, addressee, pseudonym) if part)
    flags: list[str] = []
    terms: list[str] = []

    def raise_flag(flag: str, found: list[str]) -> None:
        if found:
            flags.append(flag)
            terms.extend(dict.fromkeys(found))

    raise_flag(Flag.PERSON_NAME, person_names(whole))
    raise_flag(Flag.PLACE, places(whole))
    raise_flag(Flag.PHONE, [m.group().strip() for m in PHONE.finditer(whole) if _digits(m) >= 7])
    raise_flag(Flag.EMAIL, [m.group() for m in EMAIL.finditer(whole)])
    raise_flag(Flag.URL, [m.group() for m in URL.finditer(EMAIL.sub(" ", whole))])
    lowered = whole.casefold()
    raise_flag(
        Flag.WATCH_WORD,
        [w for w in WatchWord.objects.values_list("word", flat=True) if w.casefold() in lowered],
    )
    return flags, terms


def _digits(match: re.Match) -> int:
    return sum(character.isdigit() for character in match.group())
