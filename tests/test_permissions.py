"""Who may do what, as a matrix over real users and groups:
settings need the settings permission (per site, where Wagtail has per-site
settings permissions); accounts need the snippet permissions; page editors may
choose among existing accounts."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import Page, Site

from tests.conftest import account_form, make_account, settings_url, snippet_url
from wagtail_dm_button.models import MessageAccount, MessageButtonSettings

try:
    from wagtail.models import GroupSitePermission
except ImportError:  # Wagtail 7.0: settings permissions are for every site at once.
    GroupSitePermission = None


@pytest.fixture
def two_sites(site):
    root = Page.get_first_root_node()
    other_home = root.add_child(instance=Page(title="Other", slug="other"))
    other = Site.objects.create(hostname="other.test", root_page=other_home)
    return site, other


def user_in_group(django_user_model, name, permissions=(), site_permissions=()):
    group = Group.objects.create(name=name)
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *(Permission.objects.get(codename=codename) for codename in permissions),
    )
    for site, codename in site_permissions:
        GroupSitePermission.objects.create(
            group=group, site=site, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(name, password="pw")
    user.groups.add(group)
    return user


def can_edit_settings(client, site):
    """Whether the user both sees the site's settings form and can change them."""
    shown = client.get(settings_url(site)).status_code == 200
    client.post(settings_url(site), {"floating_corner": "bottom-right"})
    changed = not MessageButtonSettings.for_site(site).open_in_new_tab
    MessageButtonSettings.objects.filter(site=site).update(open_in_new_tab=True)
    assert shown == changed, "the form shows what it does not save, or the reverse"
    return changed


def can_add_account(client):
    client.post(snippet_url("add"), account_form(slug="new", recipient="1"))
    added = MessageAccount.objects.filter(slug="new").exists()
    MessageAccount.objects.filter(slug="new").delete()
    return added


def can_choose_accounts(client):
    url = reverse("wagtailsnippetchoosers_wagtail_dm_button_messageaccount:choose")
    response = client.get(url)
    return response.status_code == 200 and "Support" in response.json()["html"]


def test_a_superuser_may_do_everything(client, admin_user, two_sites, account):
    client.force_login(admin_user)
    assert can_edit_settings(client, two_sites[0])
    assert can_edit_settings(client, two_sites[1])
    assert can_add_account(client)
    assert can_choose_accounts(client)


def test_a_global_settings_editor_may_edit_every_sites_settings_only(
    client, django_user_model, two_sites, account
):
    client.force_login(
        user_in_group(
            django_user_model, "settings", permissions=["change_messagebuttonsettings"]
        )
    )
    assert can_edit_settings(client, two_sites[0])
    assert can_edit_settings(client, two_sites[1])
    assert not can_add_account(client)


@pytest.mark.skipif(
    GroupSitePermission is None, reason="this Wagtail has no per-site permissions"
)
def test_a_settings_editor_for_one_site_cannot_change_anothers(
    client, django_user_model, two_sites, account
):
    first, second = two_sites
    client.force_login(
        user_in_group(
            django_user_model,
            "first site",
            site_permissions=[(first, "change_messagebuttonsettings")],
        )
    )
    assert can_edit_settings(client, first)
    assert not can_edit_settings(client, second)


def test_a_page_editor_chooses_accounts_but_edits_neither_accounts_nor_settings(
    editor_client, two_sites, account
):
    assert can_choose_accounts(editor_client)
    assert not can_add_account(editor_client)
    assert not can_edit_settings(editor_client, two_sites[0])
    editor_client.post(snippet_url("edit", account.pk), account_form(name="Hijacked"))
    assert MessageAccount.objects.get(pk=account.pk).name == "Support"
    editor_client.post(snippet_url("delete", account.pk))
    assert MessageAccount.objects.filter(pk=account.pk).exists()


def test_an_account_manager_edits_accounts_but_not_settings(
    client, django_user_model, two_sites
):
    make_account(slug="support", channel="telegram", recipient="furni_shop")
    client.force_login(
        user_in_group(
            django_user_model,
            "accounts",
            permissions=["add_messageaccount", "change_messageaccount"],
        )
    )
    assert can_add_account(client)
    assert can_choose_accounts(client)
    assert not can_edit_settings(client, two_sites[0])
