import pytest

from participants.attendance.codes import (
    ALPHABET,
    CodeProblem,
    code_display,
    code_is_valid,
    code_normalise,
    new_ticket_code,
)


def test_new_ticket_code_is_eight_unambiguous_characters_with_a_valid_checksum():
    codes = {new_ticket_code() for _ in range(500)}

    assert len(codes) == 500
    assert all(len(code) == 8 and set(code) <= set(ALPHABET) for code in codes)
    assert all(code_is_valid(code) for code in codes)
    assert not set("0O1IL") & set(ALPHABET)


def test_code_checksum_catches_every_single_wrong_character():
    code = new_ticket_code()

    typos = [
        code[:position] + char + code[position + 1 :]
        for position in range(8)
        for char in ALPHABET
        if char != code[position]
    ]

    assert len(typos) == 8 * 30
    assert [typo for typo in typos if code_is_valid(typo)] == []


def test_code_checksum_catches_swapped_neighbours():
    code = "".join(ALPHABET[n] for n in (3, 9, 14, 20, 27, 1, 5)) + "X"
    code = code[:7] + next(c for c in ALPHABET if code_is_valid(code[:7] + c))

    swaps = [
        code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(7) if code[i] != code[i + 1]
    ]

    assert [swap for swap in swaps if code_is_valid(swap)] == []


def test_code_normalise_accepts_any_case_spaces_and_dashes():
    code = new_ticket_code()

    assert code_normalise(code_display(code).lower()) == code
    assert code_normalise(f"  {code[:2]} {code[2:5]}-{code[5:]} ") == code
    assert code_display(code) == f"{code[:4]}-{code[4:]}"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("ABCD-EFG0", "confusable"),
        ("OBCD-EFGH", "confusable"),
        ("1BCD-EFGH", "confusable"),
        ("ABCD-EFGI", "confusable"),
        ("LBCD-EFGH", "confusable"),
        ("ABC", "shape"),
        ("' OR 1=1 --", "shape"),
        ("가나다라마바사아", "shape"),
        ("x" * 10000, "shape"),
    ],
)
def test_code_normalise_refuses_confusable_and_malformed_text(typed, reason):
    with pytest.raises(CodeProblem) as problem:
        code_normalise(typed)

    assert problem.value.reason == reason


def test_code_normalise_refuses_a_wrong_checksum():
    code = new_ticket_code()
    wrong = code[:7] + next(c for c in ALPHABET if c != code[7])

    with pytest.raises(CodeProblem) as problem:
        code_normalise(wrong)

    assert problem.value.reason == "checksum"
