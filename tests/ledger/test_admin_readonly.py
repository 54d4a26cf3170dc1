"""Issue 10 item 5: no back doors. Admin shows money and financing records but never changes them."""

from datetime import date
from decimal import Decimal

import pytest

from sinosure_portal.money.models import ExchangeRate


@pytest.fixture
def superuser(admin_user):
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save()
    return admin_user


@pytest.mark.django_db
def test_superuser_cannot_change_an_exchange_rate(client, superuser):
    rate = ExchangeRate.objects.create(
        currency="KWD", date=date(2026, 1, 5), usd_per_unit=Decimal("3.250000"), source="test"
    )
    client.force_login(superuser)
    url = f"/admin/money/exchangerate/{rate.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="usd_per_unit"' not in page.content
    answer = client.post(url, {"currency": "KWD", "date": "2026-01-05", "usd_per_unit": "9.9", "source": "x"})
    assert answer.status_code == 403
    rate.refresh_from_db()
    assert rate.usd_per_unit == Decimal("3.250000")
    assert client.post("/admin/money/exchangerate/add/", {}).status_code == 403
    assert client.post(f"/admin/money/exchangerate/{rate.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ExchangeRate.objects.filter(pk=rate.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["loan", "repayment", "indemnityassignment", "receivableassignment"])
def test_financing_records_have_no_add_view(client, superuser, model):
    client.force_login(superuser)
    assert client.get(f"/admin/financing/{model}/").status_code == 200
    assert client.post(f"/admin/financing/{model}/add/", {}).status_code == 403
