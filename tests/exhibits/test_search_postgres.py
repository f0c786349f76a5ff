import re

import pytest
from django.db import connection

from tests.factories import ExhibitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def titles(response) -> list[str]:
    return re.findall(r'<span class="exhibit-card-title">([^<]*)</span>', response.content.decode())


def test_trigram_index_and_extension_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        extensions = cursor.fetchall()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'exhibit_search_trgm'")
        (indexdef,) = cursor.fetchone()

    assert extensions == [("pg_trgm",)]
    assert "USING gin (search_text gin_trgm_ops)" in indexdef


def test_search_finds_a_korean_word_inside_a_longer_word_on_postgres(client):
    ExhibitFactory(title_ko="인민학교 국어교과서", title_en="Textbook")
    ExhibitFactory(title_ko="양은 도시락", title_en="Lunch box")

    response = client.get("/exhibits/", {"q": "교과"})

    assert titles(response) == ["인민학교 국어교과서"]


def test_search_tolerates_a_misspelt_english_word_on_postgres(client):
    ExhibitFactory(title_en="Primary school textbook", title_ko="교과서")
    ExhibitFactory(title_en="Kerosene lamp", title_ko="등잔")

    response = client.get("/en/exhibits/", {"q": "textbok"})

    assert titles(response) == ["Primary school textbook"]


def test_search_uses_the_trigram_index_for_a_substring():
    for n in range(300):
        ExhibitFactory(title_en=f"Object number {n}", title_ko=f"물건 {n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE exhibits_exhibit")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM exhibits_exhibit WHERE search_text LIKE %s", ["%배급표%"]
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")

    assert "exhibit_search_trgm" in plan
