"""The seed loader: the plan exactly as the report states it, the demo set kept apart.

Expected figures and names below are typed from the source report, independently of the
seed files, so a wrong or missing record in seed_data fails here.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.db import PROJECT_ROOT, make_engine, transaction
from models.entities import (
    ActionPlan,
    Activity,
    ActivityAgency,
    ActivityObjective,
    Budget,
    ContextStatistic,
    Finding,
    FindingLink,
    Framework,
    FrameworkAgency,
    FundingTransaction,
    Indicator,
    IndicatorValue,
    Objective,
    Organisation,
    PlanDonor,
    StatusUpdate,
)
from models.seeding.plan import SeedError, seed_demo, seed_plan
from tests.conftest import DIALECTS, new_database_url

SEED = PROJECT_ROOT / "seed_data"
PLAN_MODELS = (Organisation, ActionPlan, PlanDonor, Framework, FrameworkAgency, Objective)
PLAN_MODELS += (Activity, ActivityObjective, ActivityAgency, Indicator, ContextStatistic, Finding)
PLAN_MODELS += (FindingLink,)
DEMO_MODELS = (StatusUpdate, IndicatorValue, Budget, FundingTransaction)
SOURCED = [m for m in PLAN_MODELS + DEMO_MODELS if hasattr(m, "source")]

# "List of abbreviations", less SOPs (a document, not a body).
ABBREVIATIONS = {
    "AOGG": "Advisory Office of Good Governance",
    "CARDS": "EU funded Programme for Community Assistance for Reconstruction, Development "
    "and Stabilization",
    "CCFD": "Comité Catholique contre la Faim et pour le Développement",
    "CPWC": "Centre for Protection of Women and Children",
    "CSW": "Centres for Social Work",
    "DOC": "Financial Investigation Section",
    "DoJ": "Department of Justice",
    "ICMPD": "International Centre for Migration Policy Development",
    "ILO": "International Labour Organization",
    "IOM": "International Organization for Migration",
    "IPEC": "International Programme for the Elimination of Child Labour",
    "ISF": "Interim Secure Facility",
    "KCB": "Kosovo Consolidated Budget",
    "KFOR": "Kosovo Peacekeeping Force",
    "KJI": "Kosovo Judicial Institutions",
    "KPS": "Kosovo Police Service",
    "KPS/HTIU": "Kosovo Police Service/Human Trafficking Investigation Unit",
    "MEST": "Ministry of Education, Science and Technology",
    "MLSW": "Ministry of Labour and Social Welfare",
    "MoJ": "Ministry of Justice",
    "MPS": "Department of Judicial Administration",
    "NATO": "North Atlantic Treaty Organization",
    "NOVIB": "International Organization for the Elimination of Poverty",
    "ODIHR": "OSCE's Office for Democratic Institutions and Human Rights",
    "OGG": "Office of Good Governance",
    "OLA": "Office of Legal Support",
    "OSCE": "Organization for Security and Cooperation in Europe",
    "OPM": "Office of the Prime Minister",
    "OPPK": "Office of the Public Prosecutor of Kosovo",
    "PVPT": "Shelter for Foreign Victims of Trafficking and Forced Prostitution",
    "SRSG": "Security Representative of the Secretary General",
    "TPIU": "Trafficking and Prostitution Investigation Unit",
    "UNDP": "United Nations Development Programme",
    "UNFPA": "United Nations Population Fund",
    "UNICEF": "United Nations Children’s Fund",
    "UNIFEM": "United Nations Development Fund for Women",
    "UNMIK": "United Nations Mission in Kosovo",
    "VAAU": "Victim Advocacy and Assistance Unit",
}
NAMED_WITHOUT_ACRONYM = [
    "Police Academy",
    "Kosovo Journalists Association",
    "Save the Children",
    "Kvinna Till Kvinna",
    "Christian Aid",
    "Stability Pact",
    "UNMIK Pillars I and III",
    "World Bank",
    "Institute of Social Policy",
    "Commissioner's Office",
    "Economic Chamber of Kosovo",
    "Employers Union Syndicate of Kosovo",
    "Gender Equality Committees",
    "Municipal Committees",
    "Inter Ministerial Working Groups",
    "Ministry of Health",
    "Ministry of Economy and Finance",
    "UNMIK Office of Gender Affairs",
    "Public Prosecutors",
    "Chief Prosecutor's Office in Kosovo",
    "District Courts Presidents",
    "Directorate of Organised Crime",
    "Association Norma",
    "Council of Europe",
    "UNMIK Office of Legal Affairs",
    "Anti-Trafficking Secretariat",
    "UNMIK Police",
]
DONORS = [
    "Kosovo Consolidated Budget-KCB (governmental institution)",
    "OSCE",
    "Save the Children",
    "UNICEF",
    "IOM",
    "UNMIK Pillars I and III",
    "Kvinna Till Kvinna",
    "International Organization for the Elimination of Poverty (NOVIB)",
    "Christian Aid",
    "UN Population Fund (UNFPA)",
    "Stability Pact",
    "Office for Democratic Institutions and Human Rights (ODIHR)",
    "Comité Catholique contre la Faim et pour le Développement (CCFD)",
]
# footnote 119 and I. Introduction: (series, reported_by, year, category, value).
TPIU_VICTIMS = [
    (2001, "Kosovo", 5),
    (2001, "foreign", 167),
    (2002, "Kosovo", 3),
    (2002, "foreign", 86),
    (2003, "Kosovo", 0),
    (2003, "foreign", 34),
    (2004, "Kosovo", 12),
    (2004, "foreign", 35),
    (2005, "Kosovo", 18),
    (2005, "foreign", 31),
]
IOM_VICTIMS = [(1999, 2), (2000, 114), (2001, 136), (2002, 85), (2003, 44), (2004, 34), (2005, 6)]
ARRESTED = {
    2004: {
        "Kosovar": 43,
        "Albanian": 20,
        "Bulgarian": 4,
        "Moldovan": 1,
        "Romanian": 1,
        "Unknown": 1,
    },
    2005: {
        "Kosovar": 45,
        "Albanian": 31,
        "Bulgarian": 3,
        "Moldovan": 2,
        "Ukrainian": 4,
        "Romanian": 2,
        "Serb": 1,
        "Other": 2,
    },
}
STATISTICS = (
    [("women_registered", "TPIU", 2000, "foreign", 340)]
    + [("victims_identified", "TPIU", y, c, v) for y, c, v in TPIU_VICTIMS]
    + [("victims_identified", "IOM", y, "total", v) for y, v in IOM_VICTIMS]
    + [
        ("traffickers_arrested", "TPIU", y, c, v)
        for y, row in ARRESTED.items()
        for c, v in row.items()
    ]
)


@pytest.fixture(scope="module", params=DIALECTS)
def seeded(request, tmp_path_factory) -> Iterator[Session]:
    """One database per dialect with plan and demo loaded, shared by the read-only tests."""
    url = new_database_url(request.param, request, tmp_path_factory.mktemp("seeded"))
    engine = make_engine(url)
    with transaction(engine) as session:
        seed_plan(session)
        seed_demo(session)
    with Session(engine) as session:
        yield session
    engine.dispose()


def row_counts(session: Session) -> dict[str, int]:
    return {
        m.__tablename__: session.scalar(select(func.count()).select_from(m))
        for m in PLAN_MODELS + DEMO_MODELS
    }


def by_framework(session: Session, model) -> dict[str, int]:
    query = (
        select(Framework.code, func.count(model.id))
        .join(model, model.framework_id == Framework.id)
        .group_by(Framework.code)
    )
    return dict(session.execute(query).all())


def test_plan_frameworks_objectives_activities(seeded):
    plan = seeded.scalar(select(ActionPlan))
    assert (plan.country, plan.target_date.isoformat()) == ("Kosovo", "2007-12-31")
    assert "inferred" in plan.description and "inferred" in plan.source
    frameworks = seeded.scalars(select(Framework).order_by(Framework.position)).all()
    assert [f.code for f in frameworks] == ["PREV", "PROT", "PROS"]
    assert {f.target_date.isoformat() for f in frameworks} == {"2007-12-31"}
    assert by_framework(seeded, Objective) == {"PREV": 3, "PROT": 3, "PROS": 4}
    assert by_framework(seeded, Activity) == {"PREV": 5, "PROT": 5, "PROS": 16}


def test_titles_are_the_report_bold_phrases(seeded):
    for model, body in ((Objective, "description"), (Activity, "description"), (Finding, "text")):
        for row in seeded.scalars(select(model)):
            text = getattr(row, body)
            assert row.title in text, row.title
            assert "*" not in text + row.title


@pytest.mark.parametrize("acronym", sorted(ABBREVIATIONS))
def test_abbreviation_list_organisation(seeded, acronym):
    org = seeded.scalar(select(Organisation).where(Organisation.acronym == acronym))
    assert org is not None and org.name == ABBREVIATIONS[acronym]


@pytest.mark.parametrize("name", NAMED_WITHOUT_ACRONYM)
def test_organisation_named_without_acronym(seeded, name):
    assert seeded.scalar(select(Organisation.kind).where(Organisation.name == name))


def test_framework_agencies_as_the_report_lists_them(seeded):
    query = (
        select(Framework.code, FrameworkAgency.named_as, FrameworkAgency.inferred)
        .join(Framework, Framework.id == FrameworkAgency.framework_id)
        .order_by(Framework.position, FrameworkAgency.position)
    )
    listed: dict[str, list[str]] = {"PREV": [], "PROT": [], "PROS": []}
    for code, named_as, inferred in seeded.execute(query):
        if not inferred:
            listed[code].append(named_as)
    # IV.B lists no agencies: Protection's are all inferred from its text.
    assert {code: len(names) for code, names in listed.items()} == {
        "PREV": 27,
        "PROT": 0,
        "PROS": 14,
    }
    assert listed["PREV"][0] == "Office of the Prime Minister (OPM)"
    assert listed["PREV"][-1] == "Inter Ministerial Working Groups"
    assert listed["PROS"][0] == "DoJ"
    assert "Office of Legal Support (OPM)" in listed["PROS"]
    assert seeded.scalar(select(func.count()).where(FrameworkAgency.inferred)) == 13


def test_donors_in_report_order(seeded):
    named = seeded.scalars(select(PlanDonor.named_as).order_by(PlanDonor.position)).all()
    assert named == DONORS


@pytest.mark.parametrize(("series", "reported_by", "year", "category", "value"), STATISTICS)
def test_statistic_as_the_report_gives_it(seeded, series, reported_by, year, category, value):
    query = select(ContextStatistic).where(
        ContextStatistic.series == series,
        ContextStatistic.reported_by == reported_by,
        ContextStatistic.year == year,
        ContextStatistic.category == category,
        ContextStatistic.from_year.is_(None),
    )
    assert seeded.scalar(query).value == value


def test_no_statistic_beyond_the_report(seeded):
    assert seeded.scalar(select(func.count()).select_from(ContextStatistic)) == len(STATISTICS) + 1


def test_tpiu_total_equals_the_sum_of_its_years(seeded):
    total = seeded.scalar(
        select(ContextStatistic).where(
            ContextStatistic.category == "total", ContextStatistic.reported_by == "TPIU"
        )
    )
    assert (total.value, total.from_year, total.year) == (391, 2001, 2005)
    assert total.value == sum(v for _, _, v in TPIU_VICTIMS)


def test_iom_2005_is_the_only_partial_figure(seeded):
    partial = seeded.execute(
        select(
            ContextStatistic.reported_by, ContextStatistic.year, ContextStatistic.partial_note
        ).where(ContextStatistic.partial_note.is_not(None))
    ).all()
    assert partial == [("IOM", 2005, "until June 2005")]


def test_findings(seeded):
    kinds = dict(seeded.execute(select(Finding.kind, func.count()).group_by(Finding.kind)).all())
    assert kinds == {"deficiency": 4, "recommendation": 6, "best_practice": 2}


def test_findings_links_are_proposed_from_the_report_wording(seeded):
    codes = {}
    for kind, model in (("framework", Framework), ("objective", Objective), ("activity", Activity)):
        codes.update(((kind, i), c) for i, c in seeded.execute(select(model.id, model.code)))
    rows = seeded.execute(
        select(Finding.kind, Finding.position, FindingLink.target_kind, FindingLink.target_id)
        .join(Finding, Finding.id == FindingLink.finding_id)
        .where(FindingLink.inferred)
    ).all()
    linked = {
        (f"{kind} {pos}", codes[(target_kind, target)]) for kind, pos, target_kind, target in rows
    }
    assert len(linked) == len(rows) == seeded.scalar(select(func.count(FindingLink.id)))
    # The report's own words make these: witness protection, data collection, identification.
    assert {
        ("deficiency 2", "PROS-O3"),
        ("deficiency 2", "PROS-A3"),
        ("recommendation 6", "PROS-A3"),
        ("recommendation 1", "PROS-A7"),
        ("deficiency 4", "PROT-A1"),
    } <= linked
    assert {target_kind for _k, _p, target_kind, _t in rows} == {"objective", "activity"}


@pytest.mark.parametrize("model", SOURCED, ids=lambda m: m.__tablename__)
def test_every_record_says_where_it_comes_from(seeded, model):
    sources = seeded.scalars(select(model.source)).all()
    assert sources and all(s and s.strip() for s in sources)
    inferred = seeded.scalars(select(model.source).where(model.inferred)).all()
    assert all(s.startswith("inferred") for s in inferred)


def test_what_the_report_is_silent_on_is_inferred(seeded):
    for model in (ActivityObjective, ActivityAgency, Indicator, FindingLink):
        assert seeded.scalar(select(func.count()).where(~model.inferred)) == 0, model
    assert seeded.scalar(select(func.count()).where(~Activity.dates_inferred)) == 0
    for model in (ActionPlan, Framework, Objective, Activity, PlanDonor, ContextStatistic, Finding):
        assert seeded.scalar(select(func.count()).where(model.inferred)) == 0, model


def test_each_activity_has_one_lead_among_its_framework_agencies(seeded):
    framework_agencies = set(
        seeded.execute(select(FrameworkAgency.framework_id, FrameworkAgency.organisation_id))
    )
    for activity in seeded.scalars(select(Activity)):
        leads = seeded.scalars(
            select(ActivityAgency.organisation_id).where(
                ActivityAgency.activity_id == activity.id, ActivityAgency.role == "lead"
            )
        ).all()
        assert len(leads) == 1, activity.code
        assert (activity.framework_id, leads[0]) in framework_agencies, activity.code
        objectives = seeded.scalars(
            select(Objective.framework_id)
            .join(ActivityObjective, ActivityObjective.objective_id == Objective.id)
            .where(ActivityObjective.activity_id == activity.id)
        ).all()
        assert objectives and set(objectives) == {activity.framework_id}, activity.code


def test_every_objective_has_an_indicator(seeded):
    measured = set(seeded.scalars(select(Indicator.objective_id)))
    assert set(seeded.scalars(select(Objective.id))) <= measured


def test_demo_rows_are_all_illustrative_and_plan_rows_none(seeded):
    for model in DEMO_MODELS:
        assert seeded.scalar(select(func.count()).select_from(model)) > 0
        assert seeded.scalar(select(func.count()).where(~model.illustrative)) == 0, model
    assert seeded.scalar(select(func.count()).where(ContextStatistic.illustrative)) == 0


def test_demo_disbursed_within_committed(seeded):
    def total(kind):
        query = (
            select(
                FundingTransaction.activity_id,
                FundingTransaction.donor_id,
                func.sum(FundingTransaction.amount),
            )
            .where(FundingTransaction.type == kind)
            .group_by(FundingTransaction.activity_id, FundingTransaction.donor_id)
        )
        return {(a, d): amount for a, d, amount in seeded.execute(query)}

    committed, disbursed = total("commitment"), total("disbursement")
    assert disbursed
    for pair, amount in disbursed.items():
        assert amount <= committed.get(pair, 0), pair
    donors = set(seeded.scalars(select(PlanDonor.organisation_id)))
    assert set(seeded.scalars(select(FundingTransaction.donor_id))) == donors
    funded = set(seeded.scalars(select(FundingTransaction.activity_id)))
    assert funded < set(seeded.scalars(select(Activity.id))), "some activities are unfunded"


def test_demo_status_reports(seeded):
    updates = seeded.scalars(select(StatusUpdate)).all()
    assert all(0 <= u.percent_complete <= 100 for u in updates)
    assert all(u.return_reason for u in updates if u.state == "returned")
    assert {"approved", "submitted", "returned"} <= {u.state for u in updates}
    assert {"suspended", "cancelled", "complete"} <= {u.status for u in updates}
    leads = dict(
        seeded.execute(
            select(ActivityAgency.activity_id, ActivityAgency.organisation_id).where(
                ActivityAgency.role == "lead"
            )
        ).all()
    )
    assert all(u.organisation_id == leads[u.activity_id] for u in updates)
    assert {u.activity_id for u in updates} == set(leads)


def test_seeding_twice_creates_nothing(session):
    first = seed_plan(session) | seed_demo(session)
    assert all(first.values()), first
    counts = row_counts(session)
    again = seed_plan(session) | seed_demo(session)
    assert again == dict.fromkeys(first, 0)
    assert row_counts(session) == counts


def test_demo_adds_no_plan_records(session):
    seed_plan(session)
    before = row_counts(session)
    seed_demo(session)
    after = row_counts(session)
    assert {m.__tablename__: after[m.__tablename__] for m in PLAN_MODELS} == {
        m.__tablename__: before[m.__tablename__] for m in PLAN_MODELS
    }


def test_demo_needs_the_plan(session):
    with pytest.raises(SeedError, match=r"needs plan 'XK-2005-2007'.*seed_plan"):
        seed_demo(session)


MALFORMED = [
    (
        "kosovo",
        "prevention.yaml",
        "    title: economic development\n",
        "",
        r"prevention\.yaml: activities\[3\] \(PREV-A4\): missing 'title'",
    ),
    (
        "kosovo",
        "organisations.yaml",
        "Children, kind: ngo",
        "Children, kind: charity",
        r"organisations\.yaml: organisations\[3\] \(Centre for Protection of Women and Children\): "
        r"'kind' is 'charity'",
    ),
    (
        "kosovo",
        "protection.yaml",
        "MLSW, role: lead",
        "MLSX, role: lead",
        r"protection\.yaml: activities\[0\] \(PROT-A1\): agencies\[0\]: organisation 'MLSX'",
    ),
    (
        "kosovo",
        "statistics.yaml",
        "value: 340,",
        "value: '340',",
        r"statistics\.yaml: statistics\[0\]: 'value' should be a whole number",
    ),
    ("kosovo", "findings.yaml", "findings:\n", "findings: [\n", r"findings\.yaml: not valid YAML"),
    (
        "kosovo",
        "findings.yaml",
        "{finding: deficiency 1, concerns: PROT-O3,",
        "{finding: deficiency 9, concerns: PROT-O3,",
        r"findings\.yaml: links\[0\]: finding 'deficiency 9' is not in findings",
    ),
    (
        "kosovo",
        "findings.yaml",
        "{finding: deficiency 1, concerns: PROT-O3,",
        "{finding: deficiency 1, concerns: PROT-O9,",
        r"findings\.yaml: links\[0\]: concerns 'PROT-O9': no framework, objective or activity",
    ),
    (
        "kosovo",
        "findings.yaml",
        'concerns: PROT-O3, source: "inferred: long term',
        'concerns: PROT-O3, source: "long term',
        r"findings\.yaml: links\[0\]: a seeded link is a proposal",
    ),
    (
        "kosovo",
        "prosecution.yaml",
        'objective: PROS-O2, inferred: true, source: "inferred: moni',
        'objective: PROS-O9, inferred: true, source: "inferred: moni',
        r"prosecution\.yaml: activities\[0\] \(PROS-A1\): objectives\[0\]: objective 'PROS-O9'",
    ),
    (
        "kosovo",
        "sectors.yaml",
        '{code: "15180", percentage: 60}, {code: "15190", percentage: 40}',
        '{code: "15180", percentage: 60}, {code: "15190", percentage: 30}',
        r"sectors\.yaml: sectors\[0\]: the percentages of vocabulary 1 add up to 90, not 100",
    ),
    (
        "kosovo",
        "plan.yaml",
        "recipient_country: XK",
        "recipient_country: KO",
        r"plan\.yaml: plan \(XK-2005-2007\): recipient_country 'KO' is not an IATI Country code",
    ),
    (
        "demo",
        "status_reports.yaml",
        "  return_reason: Please give the new delivery date",
        "  x: y",
        r"status_reports\.yaml: status_reports\[\d+\]: a returned report needs a return_reason",
    ),
    (
        "demo",
        "budgets.yaml",
        "{activity: PREV-A1, amount: 50684.21, currency: EUR, period_start: "
        "2005-06-01, period_end: 2005-12-31, illustrative: true}",
        "{activity: PREV-A1, amount: 50684.21, currency: EUR, period_start: 2005-06-01, "
        "period_end: 2005-12-31, illustrative: false}",
        r"budgets\.yaml: budgets\[0\]: every demo record must say 'illustrative: true'",
    ),
    (
        "demo",
        "funding.yaml",
        "disbursement, amount: 10500,",
        "disbursement, amount: 999999,",
        r"funding\.yaml: funding\[\d+\]: this donor's disbursements .* exceed its commitments",
    ),
]


@pytest.mark.parametrize(("kind", "name", "old", "new", "message"), MALFORMED)
def test_malformed_file_is_rejected_with_file_and_record(
    session, tmp_path: Path, kind, name, old, new, message
):
    directory = tmp_path / kind
    shutil.copytree(SEED / kind, directory)
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, "the seed file changed: update this case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SeedError, match=message):
        if kind == "kosovo":
            seed_plan(session, directory=directory)
        else:
            seed_plan(session)
            seed_demo(session, directory=directory)


def test_demo_files_are_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location("generate", SEED / "demo" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    for name, text in generate.build().items():
        assert (SEED / "demo" / name).read_text(encoding="utf-8") == text, name
