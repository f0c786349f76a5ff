from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.common.bad_input import validate_single_line
from events.common.names import PublicNameField


class Language(models.TextChoices):
    KOREAN = "ko", _("Korean")
    ENGLISH = "en", _("English")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. Email is the login; there is no username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = PublicNameField(
        _("name"),
        max_length=120,
        blank=True,
        help_text=_("Shown only to organisers, for example at check-in. Never public."),
    )
    phone = models.CharField(
        _("phone number"),
        max_length=30,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "Optional. Only the door staff use its last four digits, to find you without a ticket."
        ),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=Language.choices,
        default=Language.KOREAN,
        help_text=_("Emails and reminders are sent in this language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        permissions = [
            ("view_user_private", _("Can see users' email addresses, names and phone numbers")),
        ]

    def __str__(self) -> str:
        # Ids, not emails, in logs and admin change messages (privacy rules).
        return gettext("user #%(id)s") % {"id": self.pk}

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name
