"""The share button in Chromium (issue 26, item 8): the system share sheet when the browser has the Web Share API
(stubbed here: headless Chromium on Linux has none), else the link copied to the clipboard, with a confirmation
in the page's language either way."""
import pytest

from gis_app.registry.models import Product, Status
from tests.browser import Tab, in_thread, serious_violations

pytestmark = pytest.mark.browser
NO_SHARE = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"
SHARE_STUB = ("Navigator.prototype.share = function (data) { window.sharedWith = data; return Promise.resolve(); };"
              "Navigator.prototype.canShare = function () { return true; };")


def product_path():
    product = in_thread(lambda: Product.objects.filter(status=Status.PUBLISHED, producer__status=Status.PUBLISHED)
                        .order_by("pk").values_list("pk", "name").first())
    return f"/products/{product[0]}/", product[1]


@pytest.fixture
def clipboard_tab(browser, server):
    tab = Tab(browser, server)
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    yield tab
    tab.context.close()


def test_without_web_share_the_link_is_copied_and_the_page_says_so(clipboard_tab, server):
    path, _name = product_path()
    clipboard_tab.context.add_init_script(NO_SHARE)
    page = clipboard_tab.goto(path)
    page.get_by_role("button", name="Chia sẻ").click()
    status = page.locator("#share-status")
    status.wait_for(state="visible")
    assert status.inner_text() == "Đã sao chép đường liên kết: hãy dán vào nơi bạn muốn chia sẻ."
    assert page.evaluate("navigator.clipboard.readText()") == server + path
    assert serious_violations(page, ".share") == []
    clipboard_tab.screenshot("share-link-copied")
    clipboard_tab.assert_clean()


def test_with_web_share_the_system_sheet_gets_the_title_and_address(tab, server):
    path, name = product_path()
    tab.context.add_init_script(SHARE_STUB)
    page = tab.goto(path)
    page.get_by_role("button", name="Chia sẻ").click()
    page.locator("#share-status").wait_for(state="visible")
    assert page.evaluate("window.sharedWith") == {"title": name, "url": server + path}
    assert page.locator("#share-status").inner_text() == "Đã chia sẻ."
    tab.assert_clean()
