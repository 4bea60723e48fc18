from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from core import rules as r
from core.models import District, Employer, User
from core.services import employer_create, employer_find_or_create
from tests.factories import PASSWORD


def test_role_predicates(inspector, mediator, manager, admin_user, city_manager):
    anon = AnonymousUser()
    assert r.is_inspector(inspector) and not r.is_inspector(manager) and not r.is_inspector(anon)
    assert r.is_mediator(mediator) and not r.is_mediator(inspector)
    assert r.is_manager(manager) and r.is_manager(city_manager)
    assert r.is_admin(admin_user) and not r.is_admin(manager)
    assert not r.is_staff_member(anon)


def test_district_predicate(inspector, other_inspector, city_manager, employer):
    assert r.in_same_district(inspector, employer)
    assert not r.in_same_district(other_inspector, employer)
    assert r.in_same_district(city_manager, employer)


def test_inactive_staff_has_no_role(inspector):
    inspector.is_active = False
    assert not r.is_staff_member(inspector)


def test_employer_with_bad_checksum_is_kept_and_flagged(district, inspector):
    employer = employer_create(name="早期代码公司", credit_code="91110108551385082A", district=district)
    assert employer.credit_code_needs_confirmation
    employer.credit_code_confirmed_by = inspector
    assert not employer.credit_code_needs_confirmation


def test_employer_found_again_by_loose_name(district):
    first, created = employer_find_or_create(name="大连宏达建筑工程有限公司", district=district)
    again, created_again = employer_find_or_create(name="大连宏达建筑工程", district=district)
    assert created and not created_again and again.pk == first.pk


def test_public_pages_render(client: Client, db):
    assert client.get("/").status_code == 200
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    assert "Staff login" in response.content.decode()
    assert client.get("/admin/", follow=True).status_code == 200
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/schema/").status_code == 200


def test_staff_home_per_role(client: Client, inspector):
    assert client.get(reverse("core:staff-home")).status_code == 302
    assert (
        client.post("/accounts/login/", {"username": inspector.username, "password": PASSWORD}).status_code
        == 302
    )
    assert client.get(reverse("core:staff-home")).status_code == 200


def test_unknown_page_is_a_friendly_404(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", "--employers", "40", "--no-extras", verbosity=0, stdout=open("/dev/null", "w"))
    counts = (District.objects.count(), Employer.objects.count(), User.objects.count())
    call_command("seed_demo", "--employers", "40", "--no-extras", verbosity=0, stdout=open("/dev/null", "w"))
    assert (District.objects.count(), Employer.objects.count(), User.objects.count()) == counts
    assert counts[0] == 11 and counts[1] == 40
    assert {u.role for u in User.objects.all()} >= {"inspector", "mediator", "manager", "admin"}


def test_migrations_applied_on_this_database(db):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert connection.vendor in {"postgresql", "sqlite"}
