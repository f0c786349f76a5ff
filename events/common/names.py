"""Names that people choose and that others read: pseudonyms, display and trading names, the
name on a ticket. The one place that decides whether a name could pass for another one.

``clean_public_name`` normalises (NFKC: fullwidth letters become plain ones, Hangul jamo are
composed; runs of spaces become one) and refuses what could impersonate: invisible and
direction-changing characters, Latin mixed with Cyrillic or Greek lookalikes ("Kim" with a
Cyrillic "i"), and a name wholly in Cyrillic or Greek letters that read as Latin ones ("KIM" in
Greek capitals). Hangul, Han or kana beside Latin letters and digits ("김 Kim", "평양냉면
Pyongyang") are normal and pass.

``PublicNameField`` is the model field that applies it, in forms, the admin and imports alike
(``full_clean`` puts the normalised value back on the instance).
"""

import re
import unicodedata
from typing import Any

from confusable_homoglyphs import categories, confusables
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.common.bad_input import validate_single_line

# Scripts whose letters look alike (Latin "a" and Cyrillic "a", Latin "K" and Greek kappa).
LOOKALIKE_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})
# Letters and marks that draw nothing: a name made of them (or padded with them) looks empty or
# like another name. Format characters (zero-width, bidi controls, tags) are refused by category.
INVISIBLE = frozenset(
    "\u034f"  # combining grapheme joiner
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u2800"  # Braille blank
)
REFUSED_CATEGORIES = frozenset({"Cf", "Co", "Cs", "Cn"})
# Two marks on one letter are enough for any language we expect (Vietnamese "ệ" after NFKC is one
# letter anyway); a pile of them draws over the neighbouring names.
MAX_MARKS_IN_A_ROW = 2
SPACES = re.compile(" {2,}")


def _is_invisible(char: str) -> bool:
    return (
        unicodedata.category(char) in REFUSED_CATEGORIES
        or char in INVISIBLE
        or 0xFE00 <= ord(char) <= 0xFE0F  # variation selectors
        or 0xE0100 <= ord(char) <= 0xE01EF
    )


def normalise_public_name(value: str) -> str:
    """NFKC (which turns the other spaces into plain ones), trimmed, runs of spaces as one.
    Refuses nothing: line breaks stay, for ``validate_public_name`` to refuse."""
    return SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def _scripts(value: str) -> set[str]:
    return {categories.alias(char) for char in value if unicodedata.category(char)[0] == "L"}


def name_skeleton(value: str) -> str:
    """The name as it reads: normalised, each Cyrillic or Greek letter that has a Latin lookalike
    replaced by it, case folded. Two names with the same skeleton look the same."""
    letters = []
    for char in normalise_public_name(value):
        latin = char
        if categories.alias(char) in LOOKALIKE_SCRIPTS - {"LATIN"}:
            for glyph in confusables.confusables_data.get(char, []):
                if len(glyph["c"]) == 1 and categories.alias(glyph["c"]) == "LATIN":
                    latin = glyph["c"]
                    break
        letters.append(latin)
    return "".join(letters).casefold()


def validate_public_name(value: str) -> None:
    """Refuse a name (already normalised) that could pass for another one."""
    validate_single_line(value)
    if any(_is_invisible(char) for char in value):
        raise ValidationError(
            _(
                "The name holds an invisible character or one that changes the writing "
                "direction. Please type it again."
            ),
            code="invisible",
        )
    marks = 0
    for char in value:
        marks = marks + 1 if unicodedata.category(char) in ("Mn", "Me") else 0
        if marks > MAX_MARKS_IN_A_ROW:
            raise ValidationError(_("This name has too many marks on one letter."), code="marks")
    lookalike = _scripts(value) & LOOKALIKE_SCRIPTS
    if len(lookalike) > 1:
        raise ValidationError(
            _(
                "This name mixes Latin letters with Cyrillic or Greek letters that look the "
                "same. Write it in one alphabet."
            ),
            code="mixed_script",
        )
    if lookalike and lookalike != {"LATIN"}:
        skeleton = name_skeleton(value)
        if skeleton.isascii() and any(char.isalpha() for char in skeleton):
            raise ValidationError(
                _(
                    "This name is in Cyrillic or Greek letters that all look like Latin ones. "
                    "Write it in Latin letters or in Hangul."
                ),
                code="whole_script_confusable",
            )


def clean_public_name(value: str) -> str:
    """The normalised name, or a translated ValidationError when it could impersonate."""
    value = normalise_public_name(value or "")
    validate_public_name(value)
    return value


class PublicNameFormField(forms.CharField):
    default_validators = [validate_public_name]

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise_public_name(value) if isinstance(value, str) else value


class PublicNameField(models.CharField):
    """A CharField for a name people choose: normalised and checked by ``clean_public_name``."""

    default_validators = [validate_public_name]

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise_public_name(value) if isinstance(value, str) else value

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"form_class": PublicNameFormField, **kwargs})
