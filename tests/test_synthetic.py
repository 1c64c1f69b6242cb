"""The synthetic data generator only ever writes to a database meant for benchmarks."""

import pytest
from django.core.management import CommandError, call_command

from cases.models import Patient, Report
from complications.models import Citation

from .factories import make_complication, make_intervention

pytestmark = pytest.mark.django_db


def test_the_generator_refuses_a_database_that_is_not_for_benchmarks(settings):
    settings.BENCHMARK_DATABASE = False
    with pytest.raises(CommandError, match="Refusing to add synthetic data"):
        call_command("generate_synthetic", "--patients", "5", "--citations", "2")
    assert not Patient.objects.exists()


def test_the_flag_alone_is_not_enough_the_name_must_say_bench(settings):
    from django.db import connection

    settings.BENCHMARK_DATABASE = True
    if "bench" in str(connection.settings_dict["NAME"]):
        pytest.skip("this test database is named as a benchmark database")
    with pytest.raises(CommandError, match="contains “bench”"):
        call_command("generate_synthetic", "--patients", "5", "--citations", "2")


def test_synthetic_rows_are_marked_and_deterministic(settings, monkeypatch):
    from django.db import connection

    settings.BENCHMARK_DATABASE = True
    monkeypatch.setitem(connection.settings_dict, "NAME", "alemkb_bench_test")
    make_complication(slug="dah")
    make_intervention("rituximab")
    call_command("generate_synthetic", "--patients", "12", "--citations", "3", "--seed", "7")
    patients = Patient.objects.order_by("pk")
    assert patients.count() == 12 and all(p.synthetic for p in patients)
    assert all(c.synthetic and "not a real publication" in c.title for c in Citation.objects.all())
    first = [(p.age, p.sex, p.outcome) for p in patients]
    Report.objects.all().delete()
    Citation.objects.all().delete()
    call_command("generate_synthetic", "--patients", "12", "--citations", "3", "--seed", "7")
    assert [(p.age, p.sex, p.outcome) for p in Patient.objects.order_by("pk")] == first
