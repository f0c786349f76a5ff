"""PostgreSQL triggers that keep seats taken within capacity whatever writes the rows.

On PostgreSQL a new booking relies on them for its count (services/seats.py
book_against_the_guard: written as confirmed, waitlisted if the trigger refuses it); every
other service locks the edition or programme item row and counts seats before it confirms
anyone, and these triggers are the backstop for every other writer (a raw UPDATE, a shell, a
future bug). They lock the same row, so they also serialise writers that skipped the service.
Seats are the sum of party sizes of confirmed, checked-in and offered RSVPs of one target: the day
(item_id IS NULL, against the edition's site capacity) or one programme item.

A violation raises SQLSTATE 23514 (check_violation), which Django turns into IntegrityError.
"""

RSVP_GUARD_SQL = """
CREATE OR REPLACE FUNCTION participants_rsvp_capacity_guard() RETURNS trigger AS $$
DECLARE
    cap bigint;
    taken bigint;
BEGIN
    IF NEW.status NOT IN ('confirmed', 'checked_in', 'offered') THEN
        RETURN NEW;
    END IF;
    -- An update that claims no more seats on the same target cannot overfill it.
    IF TG_OP = 'UPDATE' AND OLD.status IN ('confirmed', 'checked_in', 'offered')
       AND NEW.party_size <= OLD.party_size
       AND NEW.edition_id = OLD.edition_id
       AND NEW.item_id IS NOT DISTINCT FROM OLD.item_id THEN
        RETURN NEW;
    END IF;
    IF NEW.item_id IS NULL THEN
        SELECT capacity INTO cap FROM events_edition WHERE id = NEW.edition_id FOR NO KEY UPDATE;
        IF cap IS NULL THEN
            RETURN NEW;
        END IF;
        SELECT COALESCE(SUM(party_size), 0) INTO taken FROM participants_rsvp
         WHERE edition_id = NEW.edition_id AND item_id IS NULL
           AND status IN ('confirmed', 'checked_in', 'offered') AND id <> NEW.id;
    ELSE
        SELECT capacity INTO cap FROM events_programitem WHERE id = NEW.item_id FOR NO KEY UPDATE;
        IF cap IS NULL THEN
            RETURN NEW;
        END IF;
        SELECT COALESCE(SUM(party_size), 0) INTO taken FROM participants_rsvp
         WHERE item_id = NEW.item_id
           AND status IN ('confirmed', 'checked_in', 'offered') AND id <> NEW.id;
    END IF;
    IF taken + NEW.party_size > cap THEN
        RAISE EXCEPTION 'participants_rsvp_capacity: % seats taken + % > capacity %',
            taken, NEW.party_size, cap USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS participants_rsvp_capacity_guard ON participants_rsvp;
CREATE TRIGGER participants_rsvp_capacity_guard
    BEFORE INSERT OR UPDATE OF status, party_size, edition_id, item_id ON participants_rsvp
    FOR EACH ROW EXECUTE FUNCTION participants_rsvp_capacity_guard();

CREATE OR REPLACE FUNCTION participants_capacity_lowering_guard() RETURNS trigger AS $$
DECLARE
    taken bigint;
BEGIN
    IF NEW.capacity IS NULL OR (OLD.capacity IS NOT NULL AND NEW.capacity >= OLD.capacity) THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'events_edition' THEN
        SELECT COALESCE(SUM(party_size), 0) INTO taken FROM participants_rsvp
         WHERE edition_id = NEW.id AND item_id IS NULL
           AND status IN ('confirmed', 'checked_in', 'offered');
    ELSE
        SELECT COALESCE(SUM(party_size), 0) INTO taken FROM participants_rsvp
         WHERE item_id = NEW.id AND status IN ('confirmed', 'checked_in', 'offered');
    END IF;
    IF NEW.capacity < taken THEN
        RAISE EXCEPTION 'participants_rsvp_capacity: capacity % is below the % seats taken',
            NEW.capacity, taken USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS participants_edition_capacity_guard ON events_edition;
CREATE TRIGGER participants_edition_capacity_guard
    BEFORE UPDATE OF capacity ON events_edition
    FOR EACH ROW EXECUTE FUNCTION participants_capacity_lowering_guard();

DROP TRIGGER IF EXISTS participants_item_capacity_guard ON events_programitem;
CREATE TRIGGER participants_item_capacity_guard
    BEFORE UPDATE OF capacity ON events_programitem
    FOR EACH ROW EXECUTE FUNCTION participants_capacity_lowering_guard();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS participants_item_capacity_guard ON events_programitem;
DROP TRIGGER IF EXISTS participants_edition_capacity_guard ON events_edition;
DROP TRIGGER IF EXISTS participants_rsvp_capacity_guard ON participants_rsvp;
DROP FUNCTION IF EXISTS participants_capacity_lowering_guard();
DROP FUNCTION IF EXISTS participants_rsvp_capacity_guard();
"""


def install(apps, schema_editor) -> None:
    # A plain cursor: no parameters, so the "%" of RAISE is not taken for a placeholder.
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(RSVP_GUARD_SQL)


def uninstall(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DROP_SQL)
