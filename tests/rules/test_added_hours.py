"""Before anything irreversible, what will count and what a maximum stops (R000-12, R000-13, R000-14, R002-10)."""

from decimal import Decimal as D

from ce_tracker.rules import CMI
from ce_tracker.rules.added_hours import added_effect


def test_r000_13_hours_beyond_a_full_category_are_said_not_to_count():
    effect = added_effect(CMI, [("Biomedical", D("21"))], [("Biomedical", D("21.25"))])
    assert (effect.counts, effect.not_counted) == (D("0"), D("21.25"))
    assert effect.reasons == ("Biomedical is already at its 21 h maximum",)


def test_r000_12_a_category_that_reaches_its_maximum_counts_up_to_it():
    effect = added_effect(CMI, [("Art", D("18"))], [("Art", D("5"))])
    assert (effect.counts, effect.not_counted) == (D("3"), D("2"))
    assert effect.reasons == ("Art reaches its 21 h maximum",)


def test_r000_14_business_and_history_share_their_cap():
    effect = added_effect(CMI, [("History", D("5"))], [("Business", D("4"))])
    assert (effect.counts, effect.not_counted) == (D("2"), D("2"))
    assert effect.reasons == ("Business and History together reach their 7 h maximum",)


def test_r000_11_hours_that_all_count_give_no_reason():
    effect = added_effect(CMI, [], [("Art", D("8")), ("Biomedical", D("8"))])
    assert (effect.counts, effect.not_counted, effect.reasons) == (D("16"), D("0"), ())


def test_r002_10_cme_only_credits_are_named_as_such():
    effect = added_effect(CMI, [], [(None, D("3"))])
    assert effect.not_counted == D("3") and effect.reasons == ("3 h are CME only, in no CE category",)
