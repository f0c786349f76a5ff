from types import SimpleNamespace

from django.utils import translation

from events.privacy import Visibility, public_name


def person(display_name: str, visibility: str) -> SimpleNamespace:
    return SimpleNamespace(display_name=display_name, visibility=visibility)


def test_public_name_named_shows_display_name():
    assert public_name(person("김철수", Visibility.NAMED)) == "김철수"


def test_public_name_pseudonym_shows_display_name_only():
    assert public_name(person("  봄바람 ", Visibility.PSEUDONYM)) == "봄바람"


def test_public_name_anonymous_hides_display_name_in_both_languages():
    anonymous = person("김철수", Visibility.ANONYMOUS)
    with translation.override("en"):
        assert public_name(anonymous) == "Anonymous"
    with translation.override("ko"):
        assert public_name(anonymous) == "익명"


def test_public_name_blank_display_name_is_anonymous_with_custom_label():
    assert public_name(person("", Visibility.NAMED), anonymous_label="Anonymous lender") == (
        "Anonymous lender"
    )
