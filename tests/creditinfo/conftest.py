import pytest

from tests.factories import CountryFactory, IndustryGroupFactory


@pytest.fixture
def celery_eager():
    """Run Celery tasks in-process (as `.delay` is called), restoring the setting afterwards."""
    from sinosure_portal.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def germany(db):
    return CountryFactory(code="DE", name_zh="德国", name_en="Germany", risk_class=1)


@pytest.fixture
def turkey(db):
    return CountryFactory(code="TR", name_zh="土耳其", name_en="Türkiye", risk_class=6, outlook="negative")


@pytest.fixture
def nigeria(db):
    return CountryFactory(code="NG", name_zh="尼日利亚", name_en="Nigeria", risk_class=7)


@pytest.fixture
def manufacturing(db):
    return IndustryGroupFactory(code="C", name_zh="制造业", name_en="Manufacturing")


@pytest.fixture
def trade(db):
    return IndustryGroupFactory(code="G", name_zh="批发和零售业", name_en="Wholesale and retail trade")
