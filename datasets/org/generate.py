"""Generate the org dataset: departments, a six-level reporting tree and salary histories.

Deterministic for a given seed; standard library only.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal


def _names(text: str) -> tuple[str, ...]:
    """Names written as one comma-separated string."""
    return tuple(text.split(", "))


AS_OF = dt.date(2025, 3, 31)
FOUNDED = dt.date(2012, 3, 5)

DEPARTMENTS = [  # id, name, location, founded_on, budget
    (1, "Executive", "Berlin", dt.date(2012, 3, 1), Decimal("2400000.00")),
    (2, "Engineering", "Berlin", dt.date(2012, 3, 1), Decimal("18500000.00")),
    (3, "Data", None, dt.date(2017, 9, 1), Decimal("3200000.00")),
    (4, "Sales", "London", dt.date(2013, 1, 7), Decimal("7800000.00")),
    (5, "Marketing", "Amsterdam", dt.date(2013, 6, 3), Decimal("4100000.00")),
    (6, "Finance", "Berlin", dt.date(2014, 2, 3), Decimal("2100000.00")),
    (7, "People", "Berlin", dt.date(2014, 2, 3), Decimal("1900000.00")),
    (8, "Operations", "Lisbon", dt.date(2015, 4, 6), Decimal("3300000.00")),
    (9, "Customer Support", "Lisbon", dt.date(2016, 5, 2), Decimal("2600000.00")),
    (10, "Legal", "Berlin", dt.date(2024, 11, 4), None),
    (11, "Research", None, dt.date(2025, 1, 6), None),
    (12, "Internal Audit", "London", dt.date(2023, 3, 6), Decimal("450000.00")),
]
DEPARTMENT_NAMES = {row[0]: row[1] for row in DEPARTMENTS}

# division -> (weight of its headcount, department of its VP, departments its teams join)
DIVISIONS = {
    "Engineering": (40, 2, (2, 2, 2, 3)),
    "Sales": (20, 4, (4,)),
    "Operations": (15, 8, (8, 9, 9)),
    "Marketing": (10, 5, (5,)),
    "Finance": (8, 6, (6,)),
    "People": (7, 7, (7,)),
}
LEVEL_SIZES = (1, 6, 18, 55, 130, 290)  # CEO, VPs, directors, managers, leads, staff
BASE_SALARY = {1: 320_000, 2: 205_000, 3: 158_000, 4: 121_000, 5: 96_000, 6: 61_000}
PAY_FACTOR = {2: 1.12, 3: 1.15, 9: 0.78, 4: 1.0, 5: 0.95, 6: 1.0, 7: 0.92, 8: 0.9, 1: 1.0}
STAFF_TITLES = {
    1: ("Executive Assistant",),
    2: (
        "Software Engineer",
        "Senior Software Engineer",
        "QA Engineer",
        "Site Reliability Engineer",
    ),
    3: ("Data Analyst", "Data Engineer", "Data Scientist"),
    4: ("Account Executive", "Sales Development Representative"),
    5: ("Marketing Specialist", "Content Writer", "Designer"),
    6: ("Accountant", "Financial Analyst"),
    7: ("Recruiter", "People Partner"),
    8: ("Operations Analyst", "Logistics Coordinator"),
    9: ("Support Agent", "Support Specialist"),
}
RAISE_PERCENTS = (2, 3, 3, 4, 4, 5, 6, 8, 10)

FIRST_NAMES = _names(
    "Anna, Ben, Chloe, David, Elena, Felix, Grace, Hugo, Ines, Jonas, Katarzyna, Liam, "
    "Maria, Noah, Olivia, Pablo, Quinn, Rosa, Samir, Tara, Umar, Vera, Wei, Ximena, Yusuf, "
    "Zoe, Aisha, Bruno, Carla, Dmitri, Emma, Farah, Giulia, Hannah, Ivan, Julia, Kenji, "
    "Lena, Mateo, Nina, Oscar, Priya, Rafael, Sofia, Tomas, Uma, Victor, Wanda, Yara, "
    "Zeynep"
)
LAST_NAMES = _names(
    "Garcia, Muller, Smith, Rossi, Nowak, Silva, Dubois, Jansen, Kowalski, Novak, Ivanova, "
    "Fischer, Brown, Costa, Martin, Weber, Larsen, Moreau, Schmidt, Lopez, Bauer, Kim, "
    "Nguyen, Ahmed, Okafor, Hansen, Becker, O'Neill, Petrov, Santos, Yilmaz, Tanaka, Meyer, "
    "Ricci, Horvat, Berg"
)


@dataclass(eq=False)
class Person:
    level: int
    division: str
    department_id: int | None
    manager: Person | None
    hire_date: dt.date
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    termination_date: dt.date | None = None
    employee_id: int = 0
    pull: float = 1.0  # how strongly this manager attracts new reports
    reports: list[Person] = field(default_factory=list)


def generate(rng: random.Random) -> dict[str, list[tuple[object, ...]]]:
    """Rows of every table, in schema column order."""
    people = _reporting_tree(rng)
    _name_everyone(rng, people)
    _assign_ids(rng, people)
    _terminate_some(rng, people)
    _move_some_departments(rng, people)
    salaries = [row for person in people for row in _salary_history(rng, person)]
    salaries = _tie_top_salaries(people, salaries)
    return {
        "departments": list(DEPARTMENTS),
        "employees": [_employee_row(person) for person in people],
        "salary_history": sorted(salaries, key=lambda row: (row[0], row[1])),
    }


def _reporting_tree(rng: random.Random) -> list[Person]:
    ceo = Person(1, "Executive", 1, None, FOUNDED, "Chief Executive Officer")
    people = [ceo]
    vps = []
    for division, (_, department, _) in DIVISIONS.items():
        vps.append(_hire(people, Person(2, division, department, ceo, FOUNDED, f"VP {division}")))
    layer = vps
    for level in range(3, len(LEVEL_SIZES) + 1):
        size = LEVEL_SIZES[level - 1]
        layer = [_hire_under(rng, people, layer, level, index) for index in range(size)]
    _assign_hire_dates(rng, people[1:])
    return people


def _assign_hire_dates(rng: random.Random, people: list[Person]) -> None:
    """Earlier dates go mostly to senior people; some managers joined after their reports."""
    dates = sorted(_cohort_date(rng, first_year=FOUNDED.year, last_year=AS_OF.year) for _ in people)
    seniority = {id(p): p.level + rng.uniform(0, 2.5) for p in people}
    for person, hired in zip(sorted(people, key=lambda p: seniority[id(p)]), dates, strict=True):
        person.hire_date = hired


def _hire(people: list[Person], person: Person) -> Person:
    people.append(person)
    if person.manager is not None:
        person.manager.reports.append(person)
    return person


def _hire_under(
    rng: random.Random, people: list[Person], managers: list[Person], level: int, index: int
) -> Person:
    manager = _pick_manager(rng, managers, level, index)
    department = manager.department_id
    if level == 3:
        department = rng.choice(DIVISIONS[manager.division][2])
    person = Person(level, manager.division, department, manager, FOUNDED)
    person.title = _title(rng, person)
    person.pull = rng.uniform(0.1, 1.9)
    return _hire(people, person)


def _pick_manager(rng: random.Random, managers: list[Person], level: int, index: int) -> Person:
    """Divisions grow by their weight; inside one, some managers get many more reports."""
    divisions = list(DIVISIONS)
    if level == 3 and index < len(divisions):
        division = divisions[index]  # every division gets at least one director
    else:
        division = rng.choices(divisions, [DIVISIONS[d][0] for d in divisions])[0]
    candidates = [m for m in managers if m.division == division] or managers
    return rng.choices(candidates, [m.pull for m in candidates])[0]


def _title(rng: random.Random, person: Person) -> str:
    department = DEPARTMENT_NAMES[person.department_id or 1]
    if person.level == 3:
        return f"Director of {department}"
    if person.level == 4:
        return f"{department} Manager"
    if person.level == 5:
        return rng.choice(("Team Lead", "Principal", f"Lead {department} Specialist"))
    return rng.choice(STAFF_TITLES[person.department_id or 1])


def _cohort_date(rng: random.Random, *, first_year: int, last_year: int) -> dt.date:
    """The first Monday of a month; later years weigh more, as the company grew."""
    years = list(range(first_year, last_year + 1))
    weights = [(3 + y - FOUNDED.year) * (0.25 if y == AS_OF.year else 1) for y in years]
    year = rng.choices(years, weights)[0]
    month = rng.randint(4 if year == FOUNDED.year else 1, 3 if year == AS_OF.year else 12)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def _name_everyone(rng: random.Random, people: list[Person]) -> None:
    used: dict[str, int] = {}
    for person in people:
        person.first_name = rng.choice(FIRST_NAMES)
        person.last_name = rng.choice(LAST_NAMES)
        local = f"{person.first_name}.{person.last_name}".lower().replace("'", "")
        used[local] = used.get(local, 0) + 1
        suffix = str(used[local]) if used[local] > 1 else ""
        person.email = f"{local}{suffix}@northwind-labs.example"


def _assign_ids(rng: random.Random, people: list[Person]) -> None:
    """Ids follow hiring order; people hired on the same day are numbered in random order."""
    keys = {id(person): (person.hire_date, person.level, rng.random()) for person in people}
    for number, person in enumerate(sorted(people, key=lambda p: keys[id(p)]), start=1):
        person.employee_id = number
    people.sort(key=lambda p: p.employee_id)


def _terminate_some(rng: random.Random, people: list[Person]) -> None:
    for person in people:
        tenure = (AS_OF - person.hire_date).days
        if person.reports or person.level < 5 or tenure < 200 or rng.random() > 0.09:
            continue
        worked_days = rng.randint(120, tenure - 30)
        person.termination_date = person.hire_date + dt.timedelta(days=worked_days)


def _move_some_departments(rng: random.Random, people: list[Person]) -> None:
    """A few people sit in another department than their manager, a few in none."""
    for person in people[1:]:
        draw = rng.random()
        if person.level >= 5 and draw < 0.02:
            person.department_id = None
        elif person.level >= 4 and draw < 0.05:
            person.department_id = rng.choice((2, 3, 8, 9))


# employee_id, effective_from, effective_to (exclusive; None: current), salary
SalaryRow = tuple[int, dt.date, dt.date | None, Decimal]


def _salary_history(rng: random.Random, person: Person) -> list[SalaryRow]:
    factor = PAY_FACTOR[person.department_id or 1] * rng.uniform(0.85, 1.25)
    salary = _round_to(BASE_SALARY[person.level] * factor, 1000)
    end = person.termination_date or AS_OF
    periods = [(person.hire_date, salary)]
    for year in range(person.hire_date.year, end.year + 1):
        review = dt.date(year, 4, 1)
        if not (person.hire_date + dt.timedelta(days=90) < review <= end) or rng.random() > 0.8:
            continue
        change = -5 if rng.random() < 0.025 else rng.choice(RAISE_PERCENTS)
        periods.append((review, _round_to(periods[-1][1] * (1 + change / 100), 500)))
    return _as_rows(person, periods)


def _as_rows(person: Person, periods: list[tuple[dt.date, int]]) -> list[SalaryRow]:
    leaving = person.termination_date
    last_end = leaving + dt.timedelta(days=1) if leaving else None
    ends = [start for start, _ in periods[1:]] + [last_end]
    return [
        (person.employee_id, start, end, Decimal(salary).quantize(Decimal("0.01")))
        for (start, salary), end in zip(periods, ends, strict=True)
    ]


def _round_to(value: float, step: int) -> int:
    return round(value / step) * step


def _tie_top_salaries(people: list[Person], salaries: list[SalaryRow]) -> list[SalaryRow]:
    """Tie the two best-paid current Finance employees below the VP (a tie for second place)."""
    finance = {p.employee_id for p in people if p.department_id == 6 and p.level > 2}
    current = [row for row in salaries if row[0] in finance and row[2] is None]
    top, second = sorted(current, key=lambda row: row[3], reverse=True)[:2]
    return [(*row[:3], top[3]) if row is second else row for row in salaries]


def _employee_row(person: Person) -> tuple[object, ...]:
    manager_id = person.manager.employee_id if person.manager else None
    return (
        person.employee_id,
        person.first_name,
        person.last_name,
        person.email,
        person.title,
        person.department_id,
        manager_id,
        person.hire_date,
        person.termination_date,
    )
