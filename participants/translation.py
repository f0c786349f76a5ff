# Each part registers its own translated fields in participants/translation_<part>.py.
from participants import translation_vendors  # noqa: F401
