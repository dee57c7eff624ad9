"""Boundary tests for evaluate(): totals (R000-11), Art/Biomedical (R000-12/13),
Business & History cap (R000-14) and input validation."""

from decimal import Decimal as D

import pytest

from ce_tracker.rules import CMI, CategoryStanding, Standing, evaluate

MINIMUMS_MET = {"Art": D(14), "Biomedical": D(14)}


# --- R000-11: 35 counted hours in total -------------------------------------


def test_r000_11_total_34_75_is_short_by_0_25():
    standing = evaluate(CMI, {**MINIMUMS_MET, "Business": D("6.75")})
    assert standing.counted_total == D("34.75")
    assert standing.total_shortfall == D("0.25")
    assert standing.may_renew is False


def test_r000_11_total_35_with_minimums_met_may_renew():
    standing = evaluate(CMI, {**MINIMUMS_MET, "Business": D(7)})
    assert standing.counted_total == D(35)
    assert standing.total_shortfall == 0
    assert standing.may_renew is True


def test_r000_11_total_35_from_art_and_bio_alone_may_renew():
    standing = evaluate(CMI, {"Art": D(21), "Biomedical": D(14)})
    assert standing.counted_total == D(35)
    assert standing.may_renew is True


def test_r000_11_total_above_35_has_no_shortfall():
    standing = evaluate(CMI, {"Art": D(21), "Biomedical": D(21), "History": D(7)})
    assert standing.counted_total == D(49)
    assert standing.total_shortfall == 0
    assert standing.may_renew is True


def test_r000_11_r000_12_total_met_but_art_short_may_not_renew():
    standing = evaluate(CMI, {"Art": D("13.75"), "Biomedical": D(21), "Business": D(7)})
    assert standing.counted_total == D("41.75")
    assert standing.total_shortfall == 0
    assert standing.may_renew is False


def test_r000_11_nothing_earned_is_short_35():
    standing = evaluate(CMI, {})
    assert standing.counted_total == 0
    assert standing.earned_total == 0
    assert standing.total_shortfall == D(35)
    assert standing.may_renew is False


# --- R000-12 (Art) and R000-13 (Biomedical): 14 h minimum, 21 h maximum -----


@pytest.mark.parametrize("category", ["Art", "Biomedical"])
def test_r000_12_r000_13_13_75_is_short_of_14(category):
    cat = evaluate(CMI, {category: D("13.75")}).categories[category]
    assert cat.counted == D("13.75")
    assert cat.shortfall == D("0.25")
    assert cat.not_counted == 0


def test_r000_12_art_13_75_is_short_of_14():
    standing = evaluate(CMI, {"Art": D("13.75"), "Biomedical": D(21), "History": D(7)})
    assert standing.categories["Art"].shortfall == D("0.25")
    assert standing.may_renew is False


def test_r000_13_biomedical_13_75_is_short_of_14():
    standing = evaluate(CMI, {"Art": D(21), "Biomedical": D("13.75"), "History": D(7)})
    assert standing.categories["Biomedical"].shortfall == D("0.25")
    assert standing.may_renew is False


@pytest.mark.parametrize("category", ["Art", "Biomedical"])
def test_r000_12_r000_13_14_meets_minimum(category):
    cat = evaluate(CMI, {category: D(14)}).categories[category]
    assert cat.counted == D(14)
    assert cat.shortfall == 0


@pytest.mark.parametrize("category", ["Art", "Biomedical"])
def test_r000_12_r000_13_21_counted_fully(category):
    cat = evaluate(CMI, {category: D(21)}).categories[category]
    assert cat.counted == D(21)
    assert cat.not_counted == 0


@pytest.mark.parametrize("category", ["Art", "Biomedical"])
def test_r000_12_r000_13_21_25_counts_21_and_0_25_not_counted(category):
    cat = evaluate(CMI, {category: D("21.25")}).categories[category]
    assert cat.earned == D("21.25")
    assert cat.counted == D(21)
    assert cat.not_counted == D("0.25")
    assert cat.shortfall == 0


@pytest.mark.parametrize("category", ["Art", "Biomedical"])
def test_r000_12_r000_13_limits_reported(category):
    cat = evaluate(CMI, {}).categories[category]
    assert (cat.min_hours, cat.max_hours, cat.required) == (D(14), D(21), True)
    assert cat.shortfall == D(14)


def test_r000_12_r000_13_excess_over_21_does_not_reach_total():
    standing = evaluate(CMI, {"Art": D(30), "Biomedical": D(30)})
    assert standing.earned_total == D(60)
    assert standing.counted_total == D(42)


# --- R000-14: Business + History count for at most 7 h combined -------------


def test_r000_14_business_7_history_0_counts_7():
    standing = evaluate(CMI, {"Business": D(7), "History": D(0)})
    assert standing.categories["Business"].counted == D(7)
    assert standing.categories["History"].counted == 0
    assert standing.counted_total == D(7)


def test_r000_14_history_7_alone_counts_7():
    standing = evaluate(CMI, {"History": D(7)})
    assert standing.categories["History"].counted == D(7)


def test_r000_14_business_4_history_4_counts_7_and_1_not_counted():
    standing = evaluate(CMI, {"Business": D(4), "History": D(4)})
    business = standing.categories["Business"]
    history = standing.categories["History"]
    assert business.counted + history.counted == D(7)
    assert business.not_counted + history.not_counted == D(1)
    # Remainder goes in program order: Business first.
    assert (business.counted, history.counted) == (D(4), D(3))
    assert standing.counted_total == D(7)


def test_r000_14_business_7_25_counts_7():
    business = evaluate(CMI, {"Business": D("7.25")}).categories["Business"]
    assert business.counted == D(7)
    assert business.not_counted == D("0.25")


def test_r000_14_business_6_75_history_0_25_counts_7():
    standing = evaluate(CMI, {"Business": D("6.75"), "History": D("0.25")})
    assert standing.counted_total == D(7)
    assert standing.categories["History"].not_counted == 0


def test_r000_14_business_and_history_not_required():
    standing = evaluate(CMI, {})
    for name in ("Business", "History"):
        cat = standing.categories[name]
        assert cat.required is False
        assert cat.shortfall == 0
        assert cat.max_hours is None


def test_r000_14_group_cap_does_not_touch_art_or_biomedical():
    standing = evaluate(
        CMI, {"Art": D(21), "Biomedical": D(21), "Business": D(10), "History": D(10)}
    )
    assert standing.counted_total == D(49)
    assert standing.earned_total == D(62)


# --- Shape of the result -----------------------------------------------------


def test_r000_11_standing_lists_every_category_in_program_order():
    standing = evaluate(CMI, {"History": D(1)})
    assert isinstance(standing, Standing)
    assert standing.program is CMI
    assert list(standing.categories) == ["Art", "Biomedical", "Business", "History"]
    assert all(isinstance(c, CategoryStanding) for c in standing.categories.values())


def test_r000_11_standing_categories_are_read_only():
    standing = evaluate(CMI, {})
    with pytest.raises(TypeError):
        standing.categories["Art"] = None  # type: ignore[index]


def test_r000_11_quarter_hours_are_exact():
    standing = evaluate(
        CMI,
        {"Art": D("13.75"), "Biomedical": D("14.25"), "Business": D("3.5"),
         "History": D("3.25")},
    )
    assert standing.counted_total == D("34.75")
    assert standing.total_shortfall == D("0.25")


# --- Input validation --------------------------------------------------------


def test_r000_11_missing_category_counts_as_zero():
    standing = evaluate(CMI, {"Art": D(14)})
    bio = standing.categories["Biomedical"]
    assert (bio.earned, bio.counted, bio.shortfall) == (0, 0, D(14))


def test_r000_11_int_hours_are_accepted_exactly():
    standing = evaluate(CMI, {"Art": 14, "Biomedical": 21})
    assert standing.counted_total == D(35)
    assert isinstance(standing.categories["Art"].earned, D)
    assert standing.may_renew is True


def test_r000_11_unknown_category_raises():
    with pytest.raises(ValueError, match="Sculpture"):
        evaluate(CMI, {"Sculpture": D(1)})


def test_r000_11_category_names_are_case_sensitive():
    with pytest.raises(ValueError, match="art"):
        evaluate(CMI, {"art": D(1)})


@pytest.mark.parametrize(
    "bad", [D("-0.25"), -1, D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity")]
)
def test_r000_11_negative_or_non_finite_hours_raise(bad):
    with pytest.raises(ValueError, match="Biomedical"):
        evaluate(CMI, {"Biomedical": bad})


@pytest.mark.parametrize("bad", [1.5, 14.0, "14", None, True])
def test_r000_11_float_and_non_numbers_raise(bad):
    with pytest.raises(ValueError, match="Art"):
        evaluate(CMI, {"Art": bad})


def test_r000_14_group_counted_is_the_capped_sum_of_business_and_history():
    standing = evaluate(CMI, {"Business": D("5"), "History": D("4.5")})
    assert standing.group_counted("Business & History") == D("7")
    assert evaluate(CMI, {"History": D("2.25")}).group_counted("Business & History") == D("2.25")
