"""`make prod-smoke`: the production configuration, natively, driven through HTTP.

PostgreSQL, gunicorn with several workers and a task worker, DEBUG off and
production settings; one report goes through submission → triage → reply →
the reporter reading the reply → statistics, then everything started is stopped.
The only deviation from production: cookies without the Secure flag, because
the stack speaks plain HTTP on loopback (production runs behind TLS).
"""

import re
import subprocess
import sys
import time

import httpx

from bench.stack import ROOT, Stack, StackError, log

STAFF_EMAIL = "caseworker@smoke.invalid"
PASSWORD = "smoke-test-password-2026"  # noqa: S105 - throwaway account in a throwaway database
RECOVERY_CODE = re.compile(r"\b([A-Z0-9]{4}(?:-[A-Z0-9]{4}){7})\b")
SUBMISSION = {
    "language": "de",
    "narrative": "Prod-Smoke: Im Jobcenter wurde mir ohne Dolmetscher nicht geholfen.",
    "incident_month": None,
    "district": "14612",
    "grounds": ["LANGUAGE"],
    "areas": ["AUTHORITIES"],
    "reporter_role": "AFFECTED",
    "consent_processing": True,
}


class SmokeStack(Stack):
    """The bench stack plus a task worker and a caseworker holding the association key."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.env["MELDESTELLE_SECURE_COOKIES"] = "0"
        # Mail goes to files, so the smoke can read what staff would receive.
        self.maildir = self.logdir / "mail"
        self.env["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
        self.env["EMAIL_FILE_PATH"] = str(self.maildir)
        self.worker: subprocess.Popen | None = None
        self.backup_codes: list[str] = []

    def start(self) -> None:
        self._create_database()
        self.manage("migrate", "--noinput", "--verbosity", "0")
        recovery = RECOVERY_CODE.search(self.manage("keys", "init"))
        if not recovery:
            raise StackError("keys init printed no recovery code")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        created = self._manage_with_input(
            PASSWORD,
            "staff", "create", "--username", "smoke-caseworker", "--role", "caseworker",
            "--email", STAFF_EMAIL, "--password-stdin",
        )  # fmt: skip
        self.backup_codes = re.search(r"Backup codes[^:]*: (.+)", created)[1].split()
        self._manage_with_input(
            recovery[1], "keys", "recover", "--user", "smoke-caseworker", "--code-stdin"
        )
        self.start_server()
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.worker and self.worker.poll() is None:
            self.worker.terminate()
            try:
                self.worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.worker.kill()
        super().stop()

    def mails(self) -> list[str]:
        """Every mail the stack sent, as the text a mail client would receive."""
        if not self.maildir.is_dir():
            return []
        return [path.read_text() for path in sorted(self.maildir.iterdir())]

    def _manage_with_input(self, stdin: str, *args: str) -> str:
        log(f"manage.py {' '.join(args)}")
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=stdin + "\n",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
        return result.stdout


def _field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    if not match:
        raise StackError(f"no {name} in the page")
    return match[1]


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise StackError(f"smoke check failed: {what}")
    log(f"ok: {what}")


def staff_login(http: httpx.Client, stack: SmokeStack) -> None:
    page = http.get("/de/office/login/").text
    token = _field(page, "csrfmiddlewaretoken")
    http.post(
        "/de/office/login/",
        data={"csrfmiddlewaretoken": token, "username": "smoke-caseworker", "password": PASSWORD},
    )
    page = http.get("/de/office/login/second-factor/").text
    response = http.post(
        "/de/office/login/second-factor/",
        data={
            "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
            "code": stack.backup_codes.pop(),
        },
    )
    _check(response.status_code == 302, "caseworker passes password and second factor")


def run_flow(stack: SmokeStack) -> None:
    with httpx.Client(base_url=stack.base_url, timeout=60) as reporter:
        response = reporter.post("/api/v1/public/reports/", json=SUBMISSION)
        _check(response.status_code == 201, "report submitted through the public API")
        code = response.json()["receipt_code"]
        form = reporter.post("/de/report/", data={"narrative": "zu kurz"})
        _check(form.status_code == 400 and "zu kurz" in form.text, "bad form input kept, 4xx")

    with httpx.Client(base_url=stack.base_url, timeout=60) as staff:
        staff_login(staff, stack)
        me = staff.get("/api/v1/me/").json()
        _check(me["keys_unlocked"], "the caseworker's session holds the association key")
        headers = {"X-CSRFToken": me["csrf_token"]}
        cases = staff.get("/api/v1/cases/", params={"status": "NEW"}).json()["results"]
        _check(len(cases) == 1, "the new case is in the inbox")
        case = staff.get(f"/api/v1/cases/{cases[0]['id']}/").json()
        _check(SUBMISSION["narrative"] in str(case), "the case decrypts for the caseworker")
        moved = staff.post(
            f"/api/v1/cases/{case['id']}/transition/",
            json={"to_status": "IN_REVIEW", "version": case["version"]},
            headers=headers,
        )
        _check(moved.status_code == 200, "triage: NEW → IN_REVIEW")
        reply = staff.post(
            f"/api/v1/cases/{case['id']}/messages/",
            json={"body": "Danke für Ihre Meldung. Wir melden uns."},
            headers=headers,
        )
        _check(reply.status_code == 201, "caseworker replies")
        stats = staff.get("/api/v1/statistics/")
        _check(stats.status_code == 200, "live statistics answer")

    with httpx.Client(base_url=stack.base_url, timeout=60) as reporter:
        login = reporter.post("/de/receipt/", data={"code": code})
        _check(login.status_code == 302, "reporter logs in with the receipt code")
        status = reporter.get("/de/receipt/status/")
        _check("Wir melden uns." in status.text, "the reporter reads the reply")
        public = reporter.get("/de/statistics/")
        _check(public.status_code == 200, "public statistics page answers")

    deadline = time.monotonic() + 60
    while not stack.mails() and time.monotonic() < deadline:
        time.sleep(1)
    notifications = [mail for mail in stack.mails() if f"To: {STAFF_EMAIL}" in mail]
    _check(bool(notifications), "the task worker mailed the caseworker a notification")
    _check(
        not any(SUBMISSION["narrative"] in mail for mail in stack.mails()),
        "the notification holds no report content",
    )
    _check(stack.count("reporting_report") == 1, "exactly one report stored")
    _check(not stack.error_log_tail().count("Traceback"), "no traceback in gunicorn's log")


def main() -> int:
    with SmokeStack(workers=3, database="meldestelle_smoke") as stack:
        run_flow(stack)
    log("prod-smoke passed; everything it started is stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
