import pytest
from hypothesis import given
from hypothesis import strategies as st

from qualitybrand.core.codes import USCC_ALPHABET, patent_problem, uscc_problem

VALID_USCC = ["91350100M000100Y43", "91110108551385082Q", "91512081MA62K0260E", "91110000600037341L"]
VALID_PATENTS = ["201710601862.3", "95115608.X", "97101765.4"]


@pytest.mark.parametrize("code", VALID_USCC)
def test_published_uscc_examples_pass(code):
    assert uscc_problem(code) is None


def test_uscc_wrong_check_character_names_the_right_one():
    assert uscc_problem("91350100M000100Y44") == "校验码错误：最后一位校验码应为 3。"


@given(st.sampled_from(VALID_USCC), st.integers(0, 17), st.sampled_from(USCC_ALPHABET))
def test_any_single_character_change_to_a_uscc_is_rejected(code, position, char):
    changed = code[:position] + char + code[position + 1:]
    if changed != code:
        assert uscc_problem(changed) is not None


@pytest.mark.parametrize("number", VALID_PATENTS)
def test_published_patent_examples_pass(number):
    assert patent_problem(number)[0] is None


def test_patent_prefix_blank_and_dot_are_stripped():
    assert patent_problem("ZL 201710601862.3")[:2] == (None, "201710601862.3")


@given(st.sampled_from(VALID_PATENTS), st.data())
def test_any_single_digit_change_to_a_patent_number_is_rejected(number, data):
    digits = number.replace(".", "")
    position = data.draw(st.integers(0, len(digits) - 1))
    char = data.draw(st.sampled_from("0123456789X"))
    changed = digits[:position] + char + digits[position + 1:]
    if changed != digits:
        assert patent_problem(changed)[0] is not None


def test_organisation_code_check_and_embedded_code():
    from qualitybrand.core.codes import make_uscc, org_code_check_char

    assert org_code_check_char("M000100Y") == "4"  # from the standard's example 91350100M000100Y43
    assert org_code_check_char("55138508") == "2"
    code = make_uscc("91", "620502", "12345678")
    assert uscc_problem(code) is None
    broken = code[:16] + ("0" if code[16] != "0" else "1")
    from qualitybrand.core.codes import uscc_check_char

    broken += uscc_check_char(broken)
    assert "组织机构代码" in uscc_problem(broken)


def test_patent_types_by_digit_and_old_form():
    assert patent_problem("201710601862.3")[2] == "发明"
    assert patent_problem("95115608.X")[2] == "发明"
    assert patent_problem("201710601862")[0] is not None
    assert patent_problem("2017106018623X")[0] is not None


def test_uscc_rejects_forbidden_letters_and_length():
    assert "不允许" in uscc_problem("91350100M000100YI3")
    assert "18 位" in uscc_problem("91350100M000100Y4")


@given(st.sampled_from(list("ABCDEFGHIJKLMNOPQRST")), st.integers(1, 97), st.sampled_from(["", "1", "12"]))
def test_a_section_letter_is_accepted_exactly_in_front_of_its_own_divisions(letter, division, rest):
    from qualitybrand.core.codes import SECTION_DIVISIONS, industry_code

    written = f"{letter}{division:02d}{rest}"
    low, high = SECTION_DIVISIONS[letter]
    if low <= division <= high:
        assert industry_code(written.lower()) == f"{division:02d}{rest}"
    else:
        with pytest.raises(ValueError, match="门类与大类不符"):
            industry_code(written)
