"""Property tests for evaluate() over arbitrary quarter-hour inputs
(R000-11, R000-12, R000-13, R000-14)."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from ce_tracker.rules import CMI, evaluate

QUARTER = D("0.25")
quarter_hours = st.integers(min_value=0, max_value=240).map(lambda n: n * QUARTER)
cmi_hours = st.fixed_dictionaries({name: quarter_hours for name in CMI.category_names})


@given(cmi_hours)
def test_r000_11_r000_12_r000_13_r000_14_counting_invariants(hours):
    standing = evaluate(CMI, hours)
    for name, cat in standing.categories.items():
        assert cat.earned == hours[name]
        assert 0 <= cat.counted <= cat.earned
        if cat.max_hours is not None:
            assert cat.counted <= cat.max_hours
        assert cat.not_counted == cat.earned - cat.counted
        assert cat.shortfall == max(D(0), cat.min_hours - cat.counted)
    for group in CMI.groups:
        assert sum(standing.categories[n].counted for n in group.categories) <= group.max_hours
    assert standing.earned_total == sum(hours.values())
    assert standing.counted_total == sum(c.counted for c in standing.categories.values())
    assert standing.counted_total <= standing.earned_total
    assert standing.total_shortfall == max(D(0), CMI.total_hours - standing.counted_total)
    assert standing.may_renew == (
        standing.total_shortfall == 0
        and all(c.shortfall == 0 for c in standing.categories.values())
    )


@given(cmi_hours, st.sampled_from(CMI.category_names), quarter_hours)
def test_r000_11_r000_14_counted_total_is_monotone(hours, name, extra):
    before = evaluate(CMI, hours)
    after = evaluate(CMI, {**hours, name: hours[name] + extra})
    assert after.counted_total >= before.counted_total
    if before.may_renew:
        assert after.may_renew


@given(cmi_hours)
def test_r000_14_group_counts_min_of_cap_and_earned(hours):
    standing = evaluate(CMI, hours)
    group_counted = (
        standing.categories["Business"].counted + standing.categories["History"].counted
    )
    assert group_counted == min(D(7), hours["Business"] + hours["History"])
