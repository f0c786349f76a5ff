"""The DPRK's provinces and directly governed cities: exhibits' origins and tributes' places.

Places are never shown finer than a province (DESIGN.md privacy rules)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    """The DPRK's provinces and directly governed cities, roughly from north-east to south-west."""

    RASON = "rason", _("Rason")
    NORTH_HAMGYONG = "north_hamgyong", _("North Hamgyong")
    RYANGGANG = "ryanggang", _("Ryanggang")
    CHAGANG = "chagang", _("Chagang")
    NORTH_PYONGAN = "north_pyongan", _("North Pyongan")
    SOUTH_HAMGYONG = "south_hamgyong", _("South Hamgyong")
    SOUTH_PYONGAN = "south_pyongan", _("South Pyongan")
    PYONGYANG = "pyongyang", _("Pyongyang")
    NAMPO = "nampo", _("Nampo")
    KANGWON = "kangwon", _("Kangwon")
    NORTH_HWANGHAE = "north_hwanghae", _("North Hwanghae")
    SOUTH_HWANGHAE = "south_hwanghae", _("South Hwanghae")
