"""The mutation check's table (tests/mutants.py) stays in step with the examples: every
mutant's old text occurs exactly once in its example, so that `python tests/mutants.py`
plants the bug it names. The check itself runs in CI after the tests (.ci/run)."""

from __future__ import annotations

import mutants


def test_every_mutant_plants_its_bug_in_exactly_one_place():
    assert mutants.MUTANTS, "the table is empty"
    problems = mutants.check_table(mutants.MUTANTS)
    assert not problems, "\n".join(problems)


def test_every_mutant_is_listed_once():
    seen = [(m.stem, m.old, m.new) for m in mutants.MUTANTS]
    assert len(seen) == len(set(seen)), "a mutant is listed twice"


def test_a_stale_mutant_is_reported_with_its_name():
    stale = mutants.Mutant("nonlinear_collapse", "a text that is not there", "no such text in the example", "x")
    assert mutants.check_table([stale]) == [
        "mutant 'nonlinear_collapse' (a text that is not there): its old text occurs 0 times in "
        "examples/nonlinear_collapse.py; the table is stale"
    ]
