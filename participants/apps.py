from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _

# Pools in which Celery cannot kill a task at CELERY_TASK_TIME_LIMIT (it needs a child process).
POOLS_WITHOUT_TIME_LIMITS = {"threads", "solo", "gevent", "eventlet"}
# Round trips to the mail server in one send at most (connect, EHLO, STARTTLS, EHLO, AUTH, MAIL,
# RCPT, DATA, the message, RSET/QUIT), each bounded by EMAIL_TIMEOUT, twice over for a stale
# connection that is reopened once (participants/mail.py).
MAIL_ROUND_TRIPS_PER_SEND = 24
# Database statements in one send (claim, the sent or failed mark, a subject the claim does not
# join), each bounded by CELERY_WORKER_STATEMENT_TIMEOUT_SECONDS.
STATEMENTS_PER_SEND = 3


def check_reminder_timeouts(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The sweeper must never take back a row whose task is still running: that would send it
    twice. Celery kills a task at CELERY_TASK_TIME_LIMIT in a prefork pool; in a pool of threads
    it cannot, and EMAIL_TIMEOUT is what bounds a send. The sweeper must wait longer than
    whichever bound applies."""
    errors = []
    sweep_after = settings.REMINDER_SENDING_TIMEOUT_SECONDS
    limit = settings.CELERY_TASK_TIME_LIMIT
    if limit and limit >= sweep_after:
        errors.append(
            checks.Error(
                "REMINDER_SENDING_TIMEOUT_SECONDS must exceed CELERY_TASK_TIME_LIMIT "
                f"({sweep_after:g} <= {limit}).",
                hint="Otherwise a slow send may be swept back to pending and sent twice.",
                id="participants.E001",
            )
        )
    pool = getattr(settings, "CELERY_WORKER_POOL", "prefork")
    email_timeout = settings.EMAIL_TIMEOUT or 0
    statement_timeout = getattr(settings, "CELERY_WORKER_STATEMENT_TIMEOUT_SECONDS", 0) or 0
    bound = MAIL_ROUND_TRIPS_PER_SEND * email_timeout + STATEMENTS_PER_SEND * statement_timeout
    unbounded = not email_timeout or (settings.USING_POSTGRES and not statement_timeout)
    if pool in POOLS_WITHOUT_TIME_LIMITS and (unbounded or bound >= sweep_after):
        errors.append(
            checks.Error(
                f"With CELERY_WORKER_POOL={pool!r}, REMINDER_SENDING_TIMEOUT_SECONDS must exceed "
                f"{MAIL_ROUND_TRIPS_PER_SEND} x EMAIL_TIMEOUT + {STATEMENTS_PER_SEND} x "
                f"CELERY_WORKER_STATEMENT_TIMEOUT_SECONDS ({sweep_after:g} <= {bound:g}).",
                hint="This pool cannot stop a task at CELERY_TASK_TIME_LIMIT; only the mail "
                "and database timeouts bound how long a send may take. Set both (seconds).",
                id="participants.E002",
            )
        )
    return errors


def _item_rescheduled(sender, *, item, **kwargs) -> None:
    from participants.outbox.services import program_item_reminders_move

    program_item_reminders_move(item=item)


def _item_withdrawn(sender, *, item, **kwargs) -> None:
    from participants.attendance.services import program_item_rsvps_cancel
    from participants.outbox.services import program_item_reminders_cancel

    # A deleted item has lost its pk; the sender may pass item_id to say which one it was.
    item_id = item.pk or kwargs.get("item_id")
    if item_id:
        # Reminders first: the cancellation notices written next must not be cancelled too.
        program_item_reminders_cancel(item_id=item_id)
        program_item_rsvps_cancel(item_id=item_id)


def _edition_rescheduled(sender, *, edition, **kwargs) -> None:
    from participants.market.services import vendor_day_before_reschedule
    from participants.outbox.services import edition_reminders_move

    edition_reminders_move(edition=edition)
    vendor_day_before_reschedule(edition=edition)


def _programme_version_published(sender, *, version, **kwargs) -> None:
    from participants.outbox.services import programme_change_notices_schedule

    programme_change_notices_schedule(version=version)


def _stage_delayed(sender, *, stage, minutes, item_ids, action_id, now, **kwargs) -> None:
    from participants.outbox.services import stage_delay_notices_schedule

    stage_delay_notices_schedule(
        stage=stage, minutes=minutes, item_ids=item_ids, action_id=action_id, now=now
    )


def _live_action_undone(sender, *, action, **kwargs) -> None:
    from participants.outbox.services import live_action_notices_cancel

    live_action_notices_cancel(action_id=action.pk, version_id=action.detail.get("version"))


def _performer_language_changed(sender, *, performer, **kwargs) -> None:
    from participants.outbox.services import performer_call_reminders_set_language

    performer_call_reminders_set_language(performer=performer)


def _capacity_changing(sender, *, edition, item, capacity, **kwargs) -> None:
    from participants.attendance.services import capacity_seats_check

    capacity_seats_check(edition=edition, item=item, capacity=capacity)


def _capacity_changed(sender, *, edition, item, **kwargs) -> None:
    from participants.attendance.services import waitlist_promote

    waitlist_promote(edition=edition, item=item)


def _market_changed(**kwargs) -> None:
    from events.common.caching import public_pages_changed

    public_pages_changed()


def _name_two_step_sign_in_in_our_languages() -> None:
    """allauth.mfa calls its app "MFA" and gives its Authenticator model and fields no names, so
    the Korean admin showed "Authenticators", "last used at" in English. Names set on ``_meta``
    after the class is built are not part of the migration state, so no migration follows."""
    from django.apps import apps

    if not apps.is_installed("allauth.mfa"):
        return
    apps.get_app_config("mfa").verbose_name = _("Two-step sign-in")
    model = apps.get_model("mfa", "Authenticator")
    model._meta.verbose_name = _("authenticator")
    model._meta.verbose_name_plural = _("authenticators")
    for name, verbose_name in (
        ("user", _("user")),
        ("type", _("type")),
        ("data", _("data")),
        ("created_at", _("created at")),
        ("last_used_at", _("last used at")),
    ):
        model._meta.get_field(name).verbose_name = verbose_name


def _register_dashboard_panels() -> None:
    """Each slice contributes its panels to the edition dashboard (events/dashboard.py)."""
    from celery.signals import task_prerun

    from events.dashboard import register_panel
    from participants.attendance import dashboard as attendance
    from participants.market import dashboard as market
    from participants.outbox import dashboard as outbox

    for panel in [*attendance.PANELS, *market.PANELS, *outbox.PANELS]:
        register_panel(panel)
    task_prerun.connect(
        lambda sender=None, **kwargs: outbox.worker_seen(),
        weak=False,
        dispatch_uid="participants.outbox.worker_seen",
    )


def _register_report_sections() -> None:
    """Each slice contributes its sections to the ministry's report (events/report/)."""
    from events.report import register_report_section
    from participants.attendance import report as attendance
    from participants.market import report as market
    from participants.outbox import report as outbox
    from participants.surveys import report as surveys

    for section in [*attendance.SECTIONS, *market.SECTIONS, *outbox.SECTIONS, *surveys.SECTIONS]:
        register_report_section(section)


def _attendees_purge(*, now, days: int, dry_run: bool) -> dict[str, int]:
    from participants.accounts.services import attendees_anonymise

    return attendees_anonymise(older_than_days=days, now=now, dry_run=dry_run)


def _register_retention() -> None:
    from events.common.retention import retention_register
    from participants.market.services.retention import vendors_purge

    retention_register("attendees", _attendees_purge)
    retention_register("vendors", vendors_purge)
    from participants.tributes.services import tributes_purge

    retention_register("tributes", tributes_purge)
    from participants.surveys.services import survey_participations_purge

    retention_register("survey_participations", survey_participations_purge)


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from events import signals

        checks.register(check_reminder_timeouts)
        _register_retention()
        # The outbox's and the door's gauges on /metrics (events imports no higher app).
        from events.common.metrics import gauges_register
        from participants.attendance.metrics import attendance_gauges
        from participants.outbox.metrics import outbox_gauges

        gauges_register("participants.outbox", outbox_gauges)
        gauges_register("participants.attendance", attendance_gauges)
        _name_two_step_sign_in_in_our_languages()
        _register_dashboard_panels()
        _register_report_sections()

        # events imports no other app: its programme pages ask us for seat states.
        from events.seats import seat_provider_register
        from participants.attendance.seat_states import programme_seat_states

        seat_provider_register(programme_seat_states)

        # During the moment of silence the venue screens show the remembrance wall's tributes.
        from events.live.models import Segment
        from events.live.screens import ScreenInterlude, screen_interlude_register

        screen_interlude_register(
            ScreenInterlude(
                segment_kind=Segment.Kind.SILENCE, url_name="participants:tribute_screen_data"
            )
        )

        # events imports no other app, so it announces programme changes and we react here.
        signals.program_item_rescheduled.connect(
            _item_rescheduled, dispatch_uid="participants.reminders.item_rescheduled"
        )
        signals.program_item_withdrawn.connect(
            _item_withdrawn, dispatch_uid="participants.reminders.item_withdrawn"
        )
        signals.edition_rescheduled.connect(
            _edition_rescheduled, dispatch_uid="participants.reminders.edition_rescheduled"
        )
        signals.programme_version_published.connect(
            _programme_version_published,
            dispatch_uid="participants.reminders.programme_version_published",
        )
        signals.stage_delayed.connect(
            _stage_delayed, dispatch_uid="participants.reminders.stage_delayed"
        )
        signals.live_action_undone.connect(
            _live_action_undone, dispatch_uid="participants.reminders.live_action_undone"
        )
        # Seats belong to attendance: it refuses a capacity below them and fills freed ones.
        signals.capacity_changing.connect(
            _capacity_changing, dispatch_uid="participants.attendance.capacity_changing"
        )
        signals.capacity_changed.connect(
            _capacity_changed, dispatch_uid="participants.attendance.capacity_changed"
        )
        signals.performer_language_changed.connect(
            _performer_language_changed,
            dispatch_uid="participants.reminders.performer_language_changed",
        )

        # The market's part of the open-data API (events imports no other app).
        from events.api import api
        from participants.market.api import router as market_api

        api.add_router("/", market_api)

        # The market's rows written anywhere (the admin edits vendors, products and stalls
        # directly) make the cached public pages stale, as the services do.
        from django.db.models.signals import post_delete, post_save

        # (Applications change status only through the services, which say so themselves.)
        from participants.models import Product, Stall, Vendor

        for model in (Vendor, Product, Stall):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(
                    _market_changed,
                    sender=model,
                    dispatch_uid=f"participants.market-cache.{name}.{model.__name__}",
                )
