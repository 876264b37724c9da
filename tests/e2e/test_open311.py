"""End to end: Open311 GeoReport v2 (docs/open311.md) over HTTP on SQLite and PostgreSQL, with
policies/example-003.toml (its repair priorities are the services).

Usage: python3 tests/e2e/test_open311.py path/to/charter

A reporting site lists the services, posts a report form-encoded with the landlord's api_key,
and reads it back; the report is a service request in the staff API with its category, its
location, the reporter's details and its repair clock. Bad input gets Open311's error list with
a 4xx naming the parameter and the rule (400), a bad api_key 403. Python standard library only.
"""
import json
import os
import sys
import tempfile
import unittest
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

BASE = "/open311/v2"
POLICY = os.path.join(harness.SOURCE_DIR, "policies", "example-003.toml")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Open311(unittest.TestCase):
    BACKEND = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.db = harness.fresh_database(cls.BACKEND, cls.tmp.name, "open311")
        cls.key = harness.api_token(cls.db, role="front_line", name="fixmystreet")
        cls.governance_key = harness.api_token(cls.db, role="governance", name="board")
        harness.add_user(cls.db, "sam", "front_line", "e2e password 1234", name="Sam Staff")
        cls.server = harness.Server(cls.db, "--policy", POLICY).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        harness.drop_database(cls.db)
        cls.tmp.cleanup()

    # --- helpers ------------------------------------------------------------------------
    def call(self, method, path, params=None, body=None, headers=None):
        """An Open311 request with no Authorization header: (status, headers, JSON)."""
        if params:
            path += "?" + urlencode(params)
        status, hdrs, raw = harness.raw_request(self.server.port, method, path, headers, body)
        return status, hdrs, json.loads(raw) if raw else None

    def report(self, status=201, key=None, headers=None, **fields):
        form = {"api_key": key or self.key, "service_code": "urgent",
                "description": "Water coming through the kitchen ceiling",
                "lat": "51.5034", "long": "-0.1276", "address_string": "Flat 3, 10 Downing Court",
                "email": "ada@example.org", "first_name": "Ada", "last_name": "Lovelace",
                "phone": "01632 960 001"}
        form.update(fields)
        form = {k: v for k, v in form.items() if v is not None}
        got, hdrs, out = self.call("POST", BASE + "/requests.json", body=urlencode(form),
                                   headers={**FORM, **(headers or {})})
        self.assertEqual(got, status, out)
        return out, hdrs

    def error(self, out, code, field, rule):
        self.assertIsInstance(out, list, out)
        self.assertEqual(out[0]["code"], code, out)
        self.assertEqual(out[0]["field"], field, out)
        self.assertEqual(out[0]["rule"], rule, out)
        self.assertTrue(out[0]["description"], out)

    def requests(self, expect=200, **params):
        got, _, out = self.call("GET", BASE + "/requests.json", {"api_key": self.key, **params})
        self.assertEqual(got, expect, out)
        return out

    def ids(self, **params):
        return [r["service_request_id"] for r in self.requests(**params)]

    # --- services -----------------------------------------------------------------------
    def test_services_are_the_policys_repair_priorities(self):
        got, _, out = self.call("GET", BASE + "/services.json", {"api_key": self.key})
        self.assertEqual(got, 200, out)
        self.assertEqual(sorted(s["service_code"] for s in out), ["emergency", "routine", "urgent"])
        urgent = next(s for s in out if s["service_code"] == "urgent")
        self.assertEqual(urgent["service_name"], "Complete an urgent repair")
        self.assertEqual(urgent["description"], "Within 5 working days.")
        self.assertEqual(urgent["metadata"], False)
        self.assertEqual(urgent["type"], "realtime")
        # A jurisdiction_id (the landlord's slug) names the landlord without a key.
        got, _, by_slug = self.call("GET", BASE + "/services.json", {"jurisdiction_id": "demo"})
        self.assertEqual((got, by_slug), (200, out))
        got, _, out = self.call("GET", BASE + "/services.json", {"jurisdiction_id": "nowhere"})
        self.assertEqual(got, 404, out)
        self.error(out, 404, "jurisdiction_id", "not-found")
        got, _, out = self.call("GET", BASE + "/services.json")
        self.error(out, 403, "api_key", "required")

    # --- a report, end to end --------------------------------------------------------------
    def test_a_report_is_a_service_request_with_its_clock_in_the_staff_api(self):
        out, hdrs = self.report()
        self.assertEqual(len(out), 1)
        ref = out[0]["service_request_id"]
        self.assertRegex(ref, r"^CH-\d{6}$")
        self.assertEqual(hdrs["location"], f"{BASE}/requests/{ref}.json")
        case_id = int(ref[3:])
        got, case = self.server.request("GET", f"/api/v1/cases/{case_id}")
        self.assertEqual(got, 200, case)
        self.assertEqual(case["kind"], "service_request")
        self.assertEqual(case["channel"], "web_form")
        self.assertEqual(case["category"], "urgent")
        self.assertEqual(case["summary"], "Water coming through the kitchen ceiling")
        self.assertEqual(case["person"]["name"], "Ada Lovelace")
        self.assertEqual(case["person"]["email"], "ada@example.org")
        self.assertEqual(case["person"]["phone"], "01632 960 001")
        self.assertEqual(case["location"], {"latitude": 51.5034, "longitude": -0.1276,
                                            "address": "Flat 3, 10 Downing Court"})
        self.assertEqual(case["received_by"], "token:fixmystreet")
        clocks = {c["name"]: c for c in case["clocks"]}
        self.assertIn("repairs.urgent", clocks)
        self.assertNotIn("repairs.routine", clocks)
        self.assertEqual(clocks["repairs.urgent"]["status"], "running")
        self.assertTrue(clocks["repairs.urgent"]["due"])
        # ... and in the staff case list.
        got, page = self.server.request("GET", "/api/v1/cases?kind=service_request&limit=200")
        self.assertIn(case_id, [c["id"] for c in page["cases"]])

        # ... and on the staff case page, in words.
        cookie = harness.sign_in(self.server.port, "sam", "e2e password 1234")
        got, _, page = harness.raw_request(self.server.port, "GET", f"/staff/cases/{case_id}",
                                           {"Cookie": cookie})
        self.assertEqual(got, 200)
        self.assertIn("Flat 3, 10 Downing Court (map point 51.50340° N, 0.12760° W)",
                      page.decode())

        # GET requests/{id}.json, by reference or by id.
        got, _, one = self.call("GET", f"{BASE}/requests/{ref}.json", {"api_key": self.key})
        self.assertEqual(got, 200, one)
        r = one[0]
        self.assertEqual(r["service_request_id"], ref)
        self.assertEqual((r["status"], r["service_code"]), ("open", "urgent"))
        self.assertEqual(r["service_name"], "Complete an urgent repair")
        self.assertEqual((r["lat"], r["long"]), (51.5034, -0.1276))
        self.assertEqual(r["address"], "Flat 3, 10 Downing Court")
        self.assertEqual(r["description"], "Water coming through the kitchen ceiling")
        self.assertRegex(r["requested_datetime"], r"Z$")
        # The repair clock's due date, to its last second in London.
        self.assertTrue(r["expected_datetime"].startswith(clocks["repairs.urgent"]["due"]))
        self.assertNotIn("email", r)
        got, _, same = self.call("GET", f"{BASE}/requests/{case_id}.json", {"api_key": self.key})
        self.assertEqual((got, same[0]["service_request_id"]), (200, ref))

        # The repair done: closed in Open311.
        got, done = self.server.request("POST", f"/api/v1/cases/{case_id}/actions",
                                        {"action": "complete_repair"})
        self.assertEqual(got, 200, done)
        got, _, one = self.call("GET", f"{BASE}/requests/{ref}.json", {"api_key": self.key})
        self.assertEqual(one[0]["status"], "closed")
        self.assertIsNone(one[0]["expected_datetime"])
        self.assertIn(ref, self.ids(status="closed"))
        self.assertNotIn(ref, self.ids(status="open"))

    def test_an_address_alone_or_no_description_is_enough(self):
        out, _ = self.report(lat=None, long=None, description=None, service_code="routine",
                             address_string="12 High Street")
        ref = out[0]["service_request_id"]
        got, case = self.server.request("GET", f"/api/v1/cases/{int(ref[3:])}")
        self.assertEqual(case["summary"], "Complete a routine repair")
        self.assertEqual(case["location"], {"latitude": None, "longitude": None,
                                            "address": "12 High Street"})

    # --- the list and its filters ---------------------------------------------------------
    def test_the_list_filters(self):
        emergency = self.report(service_code="emergency")[0][0]["service_request_id"]
        routine = self.report(service_code="routine")[0][0]["service_request_id"]
        everything = self.ids()
        self.assertIn(emergency, everything)
        self.assertIn(routine, everything)
        self.assertLess(everything.index(routine), everything.index(emergency))  # newest first
        self.assertIn(emergency, self.ids(service_code="emergency"))
        self.assertNotIn(routine, self.ids(service_code="emergency"))
        self.assertEqual(self.ids(service_request_id=f"{routine},{emergency},CH-999999"),
                         [routine, emergency])
        self.assertIn(routine, self.ids(status="open,closed"))
        self.assertEqual(self.ids(start_date="2099-01-01T00:00:00Z"), [])
        self.assertEqual(self.ids(end_date="2000-01-01T00:00:00Z"), [])
        self.assertIn(routine, self.ids(start_date="2020-01-01T00:00:00Z",
                                        end_date="2099-01-01T00:00:00Z"))
        self.error(self.requests(400, start_date="yesterday"), 400, "start_date", "format")
        self.error(self.requests(400, start_date="2025-02-01T00:00:00Z",
                                 end_date="2025-01-01T00:00:00Z"), 400, "end_date", "not-later")
        self.error(self.requests(400, status="pending"), 400, "status", "enum")

    # --- bad input ------------------------------------------------------------------------
    def test_bad_reports_name_the_parameter_and_the_rule(self):
        self.error(self.report(400, service_code=None)[0], 400, "service_code", "required")
        self.error(self.report(400, service_code="potholes")[0], 400, "service_code", "enum")
        self.error(self.report(400, lat=None, long=None, address_string=None)[0], 400,
                   "location", "required")
        self.error(self.report(400, long=None)[0], 400, "long", "required")
        self.error(self.report(400, lat="91")[0], 400, "lat", "range")
        self.error(self.report(400, lat="north")[0], 400, "lat", "format")
        self.error(self.report(400, email="not-an-address")[0], 400, "email", "format")
        self.error(self.report(400, description="x" * 10001)[0], 400, "description", "too-long")
        self.error(self.report(400, jurisdiction_id="another")[0], 400, "jurisdiction_id", "enum")
        got, _, out = self.call("POST", BASE + "/requests.json",
                                body=json.dumps({"service_code": "urgent"}),
                                headers={"Content-Type": "application/json"})
        self.error(out, 415, "Content-Type", "media-type")
        got, _, out = self.call("POST", BASE + "/requests.json", body="service_code=%ZZ",
                                headers=FORM)
        self.error(out, 400, "body", "encoding")

    def test_the_api_key_decides_who_may(self):
        self.error(self.report(403, key="not-a-key")[0], 403, "api_key", "invalid")
        got, _, out = self.call("POST", BASE + "/requests.json",
                                body=urlencode({"service_code": "urgent", "lat": "51",
                                                "long": "0"}), headers=FORM)
        self.error(out, 403, "api_key", "required")
        # A governance token reads but may not log a report.
        self.assertEqual(self.report(403, key=self.governance_key)[0][0]["code"], 403)
        got, _, out = self.call("GET", BASE + "/requests.json")
        self.error(out, 403, "api_key", "required")
        got, _, out = self.call("GET", BASE + "/requests.json", {"api_key": "nope"})
        self.error(out, 403, "api_key", "invalid")

    def test_unknown_requests_and_paths_are_404(self):
        for path in ("/requests/CH-999999.json", "/requests/banana.json", "/requests/1",
                     "/nothing.json"):
            got, _, out = self.call("GET", BASE + path, {"api_key": self.key})
            self.assertEqual(got, 404, (path, out))
        got, _, out = self.call("DELETE", BASE + "/requests.json")
        self.assertEqual(got, 405, out)

    def test_a_repeated_post_with_an_idempotency_key_logs_one_request(self):
        key = {"Idempotency-Key": "fms-report-4711"}
        first, _ = self.report(headers=key, description="Broken entry door")
        again, hdrs = self.report(headers=key, description="Broken entry door")
        self.assertEqual(again, first)
        self.assertEqual(hdrs.get("idempotent-replayed"), "true")
        other, _ = self.report(400, headers=key, description="Another report")
        self.assertEqual(other[0]["field"], "Idempotency-Key")


harness.on_both(Open311, globals())

if __name__ == "__main__":
    harness.run(__name__)
