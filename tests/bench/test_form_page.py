"""The form page benchmark counts what the page makes the browser fetch or leave for,
except the quick exit, which leaves for a neutral site by design."""

from bench.form_page import _Links, other_hosts


def test_the_quick_exit_is_not_counted_but_every_other_host_is():
    links = _Links()
    links.feed(
        '<a class="quick-exit" href="https://neutral.example/">Quick exit</a>'
        '<img src="https://tracker.example/pixel.gif"><a href="/de/help/">Help</a>'
    )
    page = "http://127.0.0.1:8000/de/report/"
    assert other_hosts(links.urls, page) == ["https://tracker.example/pixel.gif"]
    assert links.quick_exit == "https://neutral.example/"
