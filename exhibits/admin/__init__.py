"""The curators' admin: catalogue, photograph, import/export, publish, clear images, displays;
one module per model group. Every change goes through exhibits.services."""

from exhibits.admin import catalogue, images, lenders

__all__ = ["catalogue", "images", "lenders"]
