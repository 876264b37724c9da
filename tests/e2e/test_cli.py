"""The `charter` command line: calendar, deadline, policy check, rebuild, demo."""
import datetime
import glob
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402


def charter(*args, check=True):
    proc = subprocess.run([harness.CHARTER, *args], capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"charter {' '.join(args)} failed: {proc.stdout}{proc.stderr}")
    return proc


class Calendar(unittest.TestCase):
    def test_holidays_england_2026(self):
        out = charter("calendar", "holidays", "--nation", "england-and-wales", "--year", "2026")
        dates = [line.split("\t")[0] for line in out.stdout.splitlines()]
        self.assertEqual(dates, ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04",
                                 "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"])
        for line in out.stdout.splitlines():
            self.assertRegex(line, r"^\d{4}-\d\d-\d\d\t\S.*$")

    def test_holidays_scotland_and_northern_ireland(self):
        scot = charter("calendar", "holidays", "--nation", "scotland", "--year", "2025").stdout
        self.assertIn("2025-01-02\t", scot)
        self.assertIn("2025-08-04\t", scot)   # first Monday of August
        self.assertIn("2025-12-01\t", scot)   # St Andrew's Day substitute (30 Nov is a Sunday)
        ni = charter("calendar", "holidays", "--nation", "northern-ireland", "--year", "2025").stdout
        self.assertIn("2025-03-17\t", ni)
        self.assertIn("2025-07-14\t", ni)     # Battle of the Boyne substitute (12 Jul is Saturday)

    def test_bad_nation_is_a_clear_error(self):
        out = charter("calendar", "holidays", "--nation", "wales-only", "--year", "2026",
                      check=False)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("nation", out.stderr)


class Deadline(unittest.TestCase):
    def test_friday_evening_receipt_counts_from_monday(self):
        # Received Fri 21 Mar 2025 17:30 GMT: day zero Mon 24 Mar, acknowledgement due 31 Mar.
        out = charter("deadline", "--received", "2025-03-21T17:30:00+00:00").stdout
        self.assertRegex(out, r"stage1\.acknowledge\s+running\s+due 2025-03-31")
        self.assertIn("Mon 24 Mar 2025", out)

    def test_worked_example_r7_easter(self):
        # hos-code-2024.md R7: Thu 17 Apr 2025 18:00 -> day 0 Tue 22 Apr, ack due Tue 29 Apr,
        # stage 1 response due Wed 14 May when acknowledged on the due date.
        out = charter("deadline", "--received", "2025-04-17T18:00:00+01:00",
                      "--acknowledged", "2025-04-29T12:00:00+01:00").stdout
        self.assertRegex(out, r"stage1\.acknowledge\s+met\s+due 2025-04-29")
        self.assertRegex(out, r"stage1\.respond\s+\w+\s+due 2025-05-14")

    def test_bad_timestamp(self):
        out = charter("deadline", "--received", "next tuesday", check=False)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("received", out.stderr)


class Policies(unittest.TestCase):
    def test_every_shipped_policy_is_valid(self):
        files = sorted(glob.glob(os.path.join(harness.SOURCE_DIR, "policies", "*.toml")))
        self.assertGreaterEqual(len(files), 3)
        for f in files:
            out = charter("policy", "check", f)
            self.assertIn("ok", out.stdout)

    def test_loosening_a_statutory_clock_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "loose.toml")
            with open(path, "w") as f:
                f.write('id = "loose"\nname = "Too slow"\nextends = "hos-code-2024"\n'
                        'source_document = "test"\n\n'
                        '[standards."stage1.acknowledge"]\nworking_days = 7\n')
            out = charter("policy", "check", path, check=False)
            self.assertNotEqual(out.returncode, 0)
            self.assertIn("6.2", out.stderr)

    def test_policy_check_lists_the_commitments_not_measured(self):
        path = os.path.join(harness.SOURCE_DIR, "policies", "example-003.toml")
        out = charter("policy", "check", path)
        self.assertEqual(out.returncode, 0)
        m = re.search(r"Commitments register: (\d+) commitments, (\d+) measured "
                      r"\((\d+) by a clock, (\d+) by a measure\), (\d+) not measured", out.stdout)
        self.assertIsNotNone(m, out.stdout)
        total, measured, by_clock, by_measure, unmeasured = map(int, m.groups())
        self.assertEqual(total, measured + unmeasured)
        self.assertGreater(by_clock, 0)
        self.assertGreater(by_measure, 0)
        self.assertEqual(out.stdout.count("  not measured: "), unmeasured)
        self.assertEqual(out.stdout.count("    why: "), unmeasured)
        self.assertIn("not measured: We clean up any mess made while a repair is done.", out.stdout)

    def test_a_register_entry_naming_no_measure_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "register.toml")
            with open(path, "w") as f:
                f.write('id = "register"\nname = "A register"\nextends = "hos-code-2024"\n\n'
                        '[[commitments]]\ntext = "We answer calls quickly."\n'
                        'source = "test"\nmeasured_by = ["calls.answered_20s"]\n')
            out = charter("policy", "check", path, check=False)
            self.assertEqual(out.returncode, 1)
            self.assertIn("commitments[0].measured_by", out.stderr)
            self.assertIn("calls.answered_20s", out.stderr)
            self.assertIn("unknown-code", out.stderr)

    def test_a_policy_without_a_register_says_so(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "plain.toml")
            with open(path, "w") as f:
                f.write('id = "plain"\nname = "Plain"\nextends = "hos-code-2024"\n')
            out = charter("policy", "check", path)
            self.assertIn("Commitments register: none", out.stdout)


class Rebuild(unittest.TestCase):
    def test_new_bank_holiday_moves_stored_due_dates(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "r.db")
            # Received Mon 1 Dec 2025 10:00: acknowledgement due Mon 8 Dec 2025.
            with harness.Server(db) as server:
                status, body = server.request("POST", "/api/v1/cases", {
                    "kind": "complaint", "received_at": "2025-12-01T10:00:00+00:00",
                    "channel": "email", "summary": "Leak", "person": {"name": "B Resident"}})
                self.assertEqual(status, 201)
                case_id = body["id"]
                ack = next(c for c in body["clocks"] if c["name"] == "stage1.acknowledge")
                self.assertEqual(ack["due"], "2025-12-08")
            policy = os.path.join(tmp, "holiday.toml")
            with open(policy, "w") as f:
                f.write('id = "with-holiday"\nname = "A new bank holiday"\n'
                        'extends = "hos-code-2024"\nsource_document = "test"\n\n'
                        '[calendar]\nnation = "england-and-wales"\n'
                        'extra_holidays = [{ date = "2025-12-03", name = "A new holiday" }]\n')
            out = charter("rebuild", "--db", db, "--policy", policy)
            self.assertIn("rebuilt 1 cases", out.stdout)
            with harness.Server(db, "--policy", policy) as server:
                status, page = server.request(
                    "GET", "/api/v1/cases?due_before=2025-12-09&limit=10")
                self.assertEqual(status, 200)
                self.assertEqual(page["cases"], [], "stored due date did not move")
                status, page = server.request(
                    "GET", "/api/v1/cases?due_before=2025-12-10&limit=10")
                self.assertEqual([c["id"] for c in page["cases"]], [case_id])
                status, body = server.request("GET", f"/api/v1/cases/{case_id}")
                ack = next(c for c in body["clocks"] if c["name"] == "stage1.acknowledge")
                self.assertEqual(ack["due"], "2025-12-09")
                self.assertIn("A new holiday", ack["explanation"])


class Demo(unittest.TestCase):
    def test_demo_makes_a_realistic_landlord(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "demo.db")
            charter("demo", "--db", db, "--scale", "0.1", "--no-serve", "--fresh",
                    "--policy", os.path.join(harness.SOURCE_DIR, "policies",
                                             "example-000-001.toml"))
            with harness.Server(db) as server:
                status, page = server.request("GET", "/api/v1/cases?kind=complaint&limit=200")
                self.assertEqual(status, 200)
                self.assertGreater(len(page["cases"]), 20)
                stages = {c["stage"] for c in page["cases"]}
                self.assertIn(2, stages, "no complaint reached stage 2")
                status, page = server.request("GET", "/api/v1/cases?kind=service_request&limit=5")
                self.assertEqual(status, 200)
                self.assertGreater(len(page["cases"]), 0)
                self.check_three_whole_years(server)

    def check_three_whole_years(self, server):
        """Issue 12 item 11: three whole financial years before this one, each with complaints,
        a stage 1 on-time figure, learning, the Ombudsman and a published self-assessment, and
        figures that change from year to year (a trend), plus the current year to date."""
        today = datetime.date.today()
        first = today.year if today.month >= 4 else today.year - 1  # this financial year's
        years = [f"{y}-{(y + 1) % 100:02}" for y in range(first - 3, first + 1)]
        on_time, per_1000 = {}, {}
        for year in years:
            status, report = server.request("GET", f"/api/v1/reports/annual?period={year}")
            self.assertEqual(status, 200, report)
            self.assertGreater(report["outcomes"]["stage1_received"], 10, year)
            self.assertGreater(report["outcomes"]["stage1_responded"], 10, year)
            measures = {m["code"]: m for m in report["measures"]}
            self.assertIsNotNone(measures["CH02-1"]["value"], year)
            on_time[year] = measures["CH02-1"]["value"]
            per_1000[year] = measures["CH01-1"]["value"]
            if year == years[-1]:
                continue  # the current year to date
            self.assertGreater(report["learning"]["raised"], 0, year)
            self.assertGreater(report["ombudsman"]["referrals"], 0, year)
            status, sa = server.request("GET", f"/api/v1/self-assessments/{year}")
            self.assertEqual((status, sa.get("status")), (200, "published"), year)
        past = years[:-1]
        # A trend: better on time and more complaints (complaining made easier) than 3 years ago.
        self.assertGreater(on_time[past[-1]], on_time[past[0]], on_time)
        self.assertGreater(per_1000[past[-1]], per_1000[past[0]], per_1000)
        self.assertEqual(len(set(on_time[y] for y in past)), 3, on_time)
        # The TSM perception survey and the compliance snapshot have each whole year.
        for year in past:
            status, out = server.request("GET", f"/api/v1/measures?period={year}")
            self.assertEqual(status, 200, out)
            found = {m["code"] for m in out if m["value"] is not None}
            self.assertIn("TP01", found, year)  # overall satisfaction, from the survey
            self.assertIn("BS01", found, year)  # gas safety checks, as at 31 March


if __name__ == "__main__":
    harness.run(__name__)
