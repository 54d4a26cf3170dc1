"""Business numbers of financing documents: prefix + Shanghai year + six digits, no gaps, even
under concurrency; the migration back-fills rows without a number after the highest issued."""

import importlib
import threading

import pytest
from django.apps import apps as django_apps
from django.db import connections, transaction

from financing.models import IndemnityAssignment
from sinosure_portal.core.models import NumberSequence
from sinosure_portal.core.numbering import number_next
from sinosure_portal.workdays.calendar import today
from tests.factories.financing import IndemnityAssignmentFactory, financing_setup


@pytest.mark.django_db
def test_format_and_consecutive_numbers_per_prefix_and_year():
    with transaction.atomic():
        assert number_next("IA", 2031) == "IA2031000001"
        assert number_next("IA", 2031) == "IA2031000002"
        assert number_next("LN", 2031) == "LN2031000001"
        assert number_next("IA", 2032) == "IA2032000001"


@pytest.mark.django_db
def test_a_rolled_back_number_is_given_again():
    with transaction.atomic():
        assert number_next("RA", 2033) == "RA2033000001"
    with pytest.raises(RuntimeError), transaction.atomic():
        assert number_next("RA", 2033) == "RA2033000002"
        raise RuntimeError("the document was refused")
    with transaction.atomic():
        assert number_next("RA", 2033) == "RA2033000002"


@pytest.mark.django_db
def test_a_new_agreement_gets_the_next_number_not_its_row_id():
    setup = financing_setup()
    a = setup.agreement
    from financing.services._common import assign_number

    with transaction.atomic():
        assign_number(a, "IA")
    year = today().year
    assert a.number == f"IA{year}{NumberSequence.objects.get(prefix='IA', year=year).last:06d}"


@pytest.mark.django_db(transaction=True)
def test_no_gaps_and_no_duplicates_under_concurrency():
    results, errors = [], []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def worker():
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    n = number_next("LN", 2040)
                with lock:
                    results.append(n)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [f"LN2040{i:06d}" for i in range(1, 31)]


@pytest.mark.django_db
def test_migration_back_fills_rows_without_a_number_after_the_highest_issued():
    setup = financing_setup()
    a = setup.agreement
    year = a.created_at.year
    b = IndemnityAssignmentFactory(policy=a.policy, bank=a.bank, status=IndemnityAssignment.Status.TERMINATED)
    IndemnityAssignment.objects.filter(pk=a.pk).update(number=f"IA{year}000007")
    IndemnityAssignment.objects.filter(pk=b.pk).update(number=None)
    NumberSequence.objects.all().delete()
    migration = importlib.import_module("financing.migrations.0002_number_sequence")
    migration._number_existing(django_apps, None, sequence="core.NumberSequence")
    b.refresh_from_db()
    assert b.number == f"IA{year}000008"
    assert NumberSequence.objects.get(prefix="IA", year=year).last == 8
