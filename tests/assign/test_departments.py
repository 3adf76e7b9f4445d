"""A teacher's heures complémentaires shared out between the departments they teach in."""

from fractions import Fraction as F

from planner.assign.departments import IUT, Given, Paid, department_figures


def test_hc_and_cost_follow_the_hetd_given_in_each_department():
    given = [
        Given("alice", "GEA", F(40), F(40), F(40)),
        Given("alice", "QLIO", F(20), F(30), F(20)),  # a CM: 30 HETD of demand, 20 as counted for her
        Given("vic", "QLIO", F(10), F(10), F(10)),
    ]
    paid = [
        Paid("alice", "GEA", F(30), F(1200), False),  # 30 HC: 20 to GEA, 10 to QLIO
        Paid("vic", "QLIO", F(10), F(400), True),
        Paid("bob", "QLIO", F(12), F(480), False),  # HC from outside this plan: his home department
    ]
    rows = {f.department: f for f in department_figures(["GEA", "QLIO"], given, paid, [("GEA", F(6), F(6))])}
    assert (rows["GEA"].hc_hetd, rows["GEA"].hc_eur) == (20, 800)
    assert (rows["QLIO"].hc_hetd, rows["QLIO"].hc_eur) == (10 + 12, 400 + 480)
    assert (rows["QLIO"].vacataire_hours, rows["QLIO"].vacataire_eur) == (10, 400)
    assert rows["QLIO"].cost_eur == 400 + 480 + 400
    assert (rows["GEA"].demand_hours, rows["GEA"].uncovered_hours) == (46, 6)
    assert rows["QLIO"].demand_hetd == 40
    assert rows[IUT].cost_eur == 1200 + 400 + 480 == rows["GEA"].cost_eur + rows["QLIO"].cost_eur
