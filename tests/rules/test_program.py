"""Program definitions: the CMI seed rules (R000-11..14) and validation."""

from dataclasses import FrozenInstanceError, replace
from decimal import Decimal as D

import pytest

from ce_tracker.rules import CMI, CapGroup, CategoryRule, Program


def make_program(**overrides) -> Program:
    fields = dict(
        code="T",
        name="Test",
        term_years=5,
        total_hours=D(35),
        categories=(CategoryRule("A", D(1), D(2), True), CategoryRule("B")),
        groups=(),
        recording_window_days=30,
        approval_window_days=30,
        review_days=14,
        timezone="America/New_York",
    )
    fields.update(overrides)
    return Program(**fields)


# --- The CMI seed rules --------------------------------------------------------


def test_r000_11_cmi_term_and_total():
    assert (CMI.code, CMI.name) == ("CMI", "Certified Medical Illustrator")
    assert CMI.term_years == 5
    assert CMI.total_hours == D(35)
    assert CMI.timezone == "America/New_York"


def test_r000_12_r000_13_r000_14_cmi_categories_in_order():
    assert CMI.category_names == ("Art", "Biomedical", "Business", "History")


@pytest.mark.parametrize("name", ["Art", "Biomedical"])
def test_r000_12_r000_13_cmi_required_categories(name):
    assert CMI.category(name) == CategoryRule(name, D(14), D(21), True)


@pytest.mark.parametrize("name", ["Business", "History"])
def test_r000_14_cmi_optional_categories(name):
    assert CMI.category(name) == CategoryRule(name, D(0), None, False)


def test_r000_14_cmi_business_history_group():
    assert CMI.groups == (CapGroup("Business & History", ("Business", "History"), D(7)),)


def test_r000_04_r000_05_r000_08_cmi_windows():
    assert CMI.recording_window_days == 30
    assert CMI.approval_window_days == 30
    assert CMI.review_days == 14


def test_r000_11_unknown_category_lookup_raises():
    with pytest.raises(ValueError, match="Sculpture"):
        CMI.category("Sculpture")


def test_r000_11_program_is_immutable():
    with pytest.raises(FrozenInstanceError):
        CMI.total_hours = D(1)  # type: ignore[misc]


def test_r000_11_int_hours_widened_to_decimal():
    rule = CategoryRule("A", 1, 2)  # type: ignore[arg-type]
    assert isinstance(rule.min_hours, D) and isinstance(rule.max_hours, D)
    assert isinstance(make_program(total_hours=35).total_hours, D)


def test_r000_11_valid_custom_program_builds():
    program = make_program(groups=(CapGroup("G", ("A", "B"), D(3)),))
    assert program.category_names == ("A", "B")


# --- Validation errors ----------------------------------------------------------


def test_r000_11_duplicate_category_names_refused():
    with pytest.raises(ValueError, match="unique"):
        make_program(categories=(CategoryRule("A"), CategoryRule("A")))


def test_r000_14_group_naming_unknown_category_refused():
    with pytest.raises(ValueError, match="unknown category 'Z'"):
        make_program(groups=(CapGroup("G", ("A", "Z"), D(3)),))


def test_r000_14_category_in_two_groups_refused():
    with pytest.raises(ValueError, match="more than one group"):
        make_program(
            groups=(CapGroup("G1", ("A", "B"), D(3)), CapGroup("G2", ("B",), D(1)))
        )


def test_r000_14_duplicate_group_names_refused():
    with pytest.raises(ValueError, match="unique"):
        make_program(groups=(CapGroup("G", ("A",), D(3)), CapGroup("G", ("B",), D(1))))


def test_r000_14_empty_or_repeating_group_refused():
    with pytest.raises(ValueError, match="no categories"):
        CapGroup("G", (), D(1))
    with pytest.raises(ValueError, match="repeats"):
        CapGroup("G", ("A", "A"), D(1))


def test_r000_14_negative_group_cap_refused():
    with pytest.raises(ValueError, match="negative"):
        CapGroup("G", ("A",), D(-1))


def test_r000_12_min_above_max_refused():
    with pytest.raises(ValueError, match="exceeds maximum"):
        CategoryRule("A", D(22), D(21))


def test_r000_12_min_equal_to_max_allowed():
    assert CategoryRule("A", D(21), D(21)).max_hours == D(21)


@pytest.mark.parametrize(
    "kwargs",
    [{"min_hours": D(-1)}, {"max_hours": D("-0.25")}, {"min_hours": D("NaN")},
     {"max_hours": D("Infinity")}, {"min_hours": 1.5}],
)
def test_r000_12_invalid_category_hours_refused(kwargs):
    with pytest.raises(ValueError, match="A"):
        CategoryRule("A", **kwargs)


def test_r000_11_empty_category_name_refused():
    with pytest.raises(ValueError):
        CategoryRule("")


@pytest.mark.parametrize("total", [D(-1), D("NaN"), 35.0])
def test_r000_11_invalid_total_refused(total):
    with pytest.raises(ValueError):
        make_program(total_hours=total)


@pytest.mark.parametrize("years", [0, -5, 5.0, True])
def test_r000_11_invalid_term_years_refused(years):
    with pytest.raises(ValueError, match="term_years"):
        make_program(term_years=years)


@pytest.mark.parametrize(
    "field", ["recording_window_days", "approval_window_days", "review_days"]
)
def test_r000_04_r000_05_r000_08_negative_windows_refused(field):
    with pytest.raises(ValueError, match=field):
        make_program(**{field: -1})


def test_r000_08_unknown_time_zone_refused():
    with pytest.raises(ValueError, match="time zone"):
        make_program(timezone="Mars/Olympus_Mons")


def test_r000_11_replace_revalidates():
    with pytest.raises(ValueError):
        replace(CMI, term_years=0)
