// The OpenAPI 3.0.3 description of /api/v1, served at /api/v1/openapi.json.
#include <string_view>

#include "api/api.h"
#include "api/attachments_api.h"
#include "api/mail_in_api.h"
#include "api/letters_api.h"
#include "api/messages_api.h"
#include "api/surveys_api.h"
#include "api/learning_api.h"
#include "api/restrictions_api.h"
#include "api/openapi_reports.h"
#include "api/openapi_security.h"
#include "api/self_assessment_api.h"

namespace charter::api {
namespace {

constexpr std::string_view kDocument = R"json(
{
  "openapi": "3.0.3",
  "info": {
    "title": "Charter API",
    "version": "1.0.0",
    "description": "Complaint handling under the Housing Ombudsman's Complaint Handling Code: two-stage complaints whose deadlines are counted in working days. Every invalid request is answered 4xx with a JSON error naming the field and the rule broken; a transition the Code or the landlord's policy forbids is answered 409 with the reason. Without credentials the answer is 401; for a role that may not, 403; for another landlord's or another resident's record, 404, as for one that does not exist. Times are RFC 3339 with a zone designator; dates are YYYY-MM-DD. Changes are recorded as the actor named in the X-Charter-Actor header (default \"api\")."
  },
  "servers": [{"url": "/"}],
  "tags": [
    {"name": "cases", "description": "Complaints, service requests, enquiries and other contacts"},
    {"name": "service", "description": "Health and this document"}
  ],
  "paths": {
    "/api/v1/health": {
      "get": {
        "tags": ["service"],
        "operationId": "health",
        "summary": "Whether the service and its store are ready",
        "responses": {
          "200": {"description": "Ready", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["ok"]}}}}}},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/health/live": {
      "get": {
        "tags": ["service"],
        "operationId": "healthLive",
        "summary": "Liveness: the process answers HTTP (calls nothing else; a database outage does not fail it)",
        "responses": {
          "200": {"description": "Live", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["live"]}}}}}}
        }
      }
    },
    "/api/v1/health/ready": {
      "get": {
        "tags": ["service"],
        "operationId": "healthReady",
        "summary": "Readiness: send this process work (not shutting down, store migrated and accepting, database answering)",
        "description": "503 with Retry-After when not ready; the error's rule says why: shutting-down (a graceful shutdown has begun: drain this process), store-not-ready, database-unavailable.",
        "responses": {
          "200": {"description": "Ready", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["ready"]}}}}}},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/openapi.json": {
      "get": {
        "tags": ["service"],
        "operationId": "openapi",
        "summary": "This OpenAPI document",
        "responses": {"200": {"description": "The document", "content": {"application/json": {"schema": {"type": "object"}}}}}
      }
    },
    "/api/v1/calendar/deadline": {
      "get": {
        "tags": ["service"],
        "operationId": "deadline",
        "summary": "Day zero and the Code's due dates for a complaint received at a given time",
        "parameters": [
          {"name": "received_at", "in": "query", "required": true, "schema": {"type": "string", "format": "date-time"}, "example": "2025-03-21T17:30:00Z"},
          {"name": "nation", "in": "query", "description": "Whose bank holidays count (default: the policy's)", "schema": {"type": "string", "enum": ["england-and-wales", "scotland", "northern-ireland"]}},
          {"name": "channel", "in": "query", "schema": {"$ref": "#/components/schemas/Channel"}}
        ],
        "responses": {
          "200": {"description": "Day zero and the clocks (later ones provisional)", "content": {"application/json": {"schema": {"type": "object", "properties": {
            "received_at": {"type": "string", "format": "date-time"},
            "nation": {"type": "string"},
            "policy": {"type": "string"},
            "local_time": {"type": "string"},
            "day_zero": {"type": "string", "format": "date"},
            "explanation": {"type": "string"},
            "clocks": {"type": "array", "items": {"$ref": "#/components/schemas/Clock"}}}}}}},
          "422": {"$ref": "#/components/responses/Invalid"}
        }
      }
    },
    "/api/v1/cases": {
      "post": {
        "tags": ["cases"],
        "operationId": "createCase",
        "summary": "Record a new case (a complaint, service request, enquiry, ...)",
        "parameters": [{"$ref": "#/components/parameters/Actor"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewCase"}}}},
        "responses": {
          "201": {"description": "Created", "headers": {"Location": {"description": "The new case", "schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/Invalid"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      },
      "get": {
        "tags": ["cases"],
        "operationId": "listCases",
        "summary": "List or search cases, with filters and cursor paging; as CSV with format=csv or Accept: text/csv, as XLSX with format=xlsx",
        "parameters": [
          {"name": "kind", "in": "query", "schema": {"$ref": "#/components/schemas/Kind"}},
          {"name": "stage", "in": "query", "schema": {"type": "integer", "enum": [1, 2]}},
          {"name": "status", "in": "query", "schema": {"$ref": "#/components/schemas/Status"}},
          {"name": "overdue", "in": "query", "description": "Only cases with (true) or without (false) an unmet clock past its due date today", "schema": {"type": "boolean"}},
          {"name": "due_before", "in": "query", "description": "Only cases whose next due date is before this date", "schema": {"type": "string", "format": "date"}},
          {"name": "handler", "in": "query", "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
          {"name": "q", "in": "query", "description": "Search. A phone number (digits, spaces, + - ( ) . and at least 7 digits; +44, 0044 and 0 spellings are the same number) finds the cases whose resident has that number. Anything else is split into words (at spaces and % _ \\), and a case matches when its reference, resident name, address, email, tenancy reference, phone or summary contain every word, in any order and any letter case (\"okafor heating\"). At most 8 words are used.", "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
          {"name": "service_area", "in": "query", "description": "Only cases recorded against this service area (exactly as in the policy)", "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
          {"name": "received_from", "in": "query", "description": "Only cases received on or after this day (the landlord's local day)", "schema": {"type": "string", "format": "date"}},
          {"name": "received_to", "in": "query", "description": "Only cases received on or before this day (the landlord's local day); not before received_from", "schema": {"type": "string", "format": "date"}},
          {"name": "order", "in": "query", "description": "newest: highest case id (latest recorded) first; oldest (default): lowest first. A cursor belongs to the order it came from.", "schema": {"type": "string", "enum": ["newest", "oldest"], "default": "oldest"}},
          {"name": "format", "in": "query", "description": "csv: every matching case (not one page; limit and cursor are ignored), at most 200,000, as one CSV file with a header row; cells a spreadsheet would read as a formula start with an apostrophe. Without format, an Accept header naming text/csv asks for the same. xlsx: the same rows as one XLSX workbook (sheet Cases; cells are text, never formulas; Accept naming application/vnd.openxmlformats-officedocument.spreadsheetml.sheet asks for it too).", "schema": {"type": "string", "enum": ["json", "csv", "xlsx"], "default": "json"}},
          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
          {"name": "cursor", "in": "query", "description": "The next_cursor of the previous page", "schema": {"type": "string", "pattern": "^[1-9][0-9]{0,17}$"}}
        ],
        "responses": {
          "200": {"description": "One page (JSON), or every matching case (CSV, XLSX)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CasePage"}}, "text/csv": {"schema": {"type": "string"}}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
          "422": {"$ref": "#/components/responses/Invalid"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/cases/{id}": {
      "get": {
        "tags": ["cases"],
        "operationId": "getCase",
        "summary": "A case with its history and clocks",
        "parameters": [{"$ref": "#/components/parameters/CaseId"}],
        "responses": {
          "200": {"description": "The case", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}},
          "404": {"$ref": "#/components/responses/NotFound"},
          "422": {"$ref": "#/components/responses/Invalid"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    },
    "/api/v1/cases/{id}/actions": {
      "post": {
        "tags": ["cases"],
        "operationId": "actOnCase",
        "summary": "Record an action: acknowledge, extend, respond, request_escalation, refuse, withdraw, close, note, convert_to_complaint",
        "parameters": [{"$ref": "#/components/parameters/CaseId"}, {"$ref": "#/components/parameters/Actor"}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Action"}}}},
        "responses": {
          "200": {"description": "The updated case", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}},
          "201": {"description": "convert_to_complaint: the new complaint", "headers": {"Location": {"description": "The new complaint", "schema": {"type": "string"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}},
          "404": {"$ref": "#/components/responses/NotFound"},
          "409": {"$ref": "#/components/responses/Conflict"},
          "413": {"$ref": "#/components/responses/TooLarge"},
          "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
          "422": {"$ref": "#/components/responses/Invalid"},
          "503": {"$ref": "#/components/responses/Unavailable"}
        }
      }
    }
  },
  "components": {
    "parameters": {
      "CaseId": {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}},
      "Actor": {"name": "X-Charter-Actor", "in": "header", "required": false, "description": "Who records the change (default \"api\")", "schema": {"type": "string", "minLength": 1, "maxLength": 100}}
    },
    "responses": {
      "Invalid": {"description": "A field is missing or malformed (the error names it and the rule)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Conflict": {"description": "The Code or the policy forbids this transition now (the error names the provision)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "No such case", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "TooLarge": {"description": "The body is larger than the limit (1 MiB)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "UnsupportedMediaType": {"description": "The body is not application/json", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unavailable": {"description": "The store is not ready or is shutting down; retry", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
          "error": {
            "type": "object",
            "required": ["rule", "message"],
            "properties": {
              "field": {"type": "string", "description": "The request field, parameter or header at fault (\"received_at\", \"elements[0].finding\", \"limit\")"},
              "rule": {"type": "string", "description": "A short rule id (\"required\", \"format\", \"code-6.13\", ...)"},
              "message": {"type": "string", "description": "Plain English, safe to show to the user"}
            }
          }
        }
      },
      "Kind": {"type": "string", "enum": ["service_request", "complaint", "compliment", "comment", "enquiry", "mp_enquiry", "asb_report"]},
      "Channel": {"type": "string", "enum": ["phone", "email", "web_form", "online_account", "letter", "in_person", "representative", "social_media"]},
      "Status": {"type": "string", "enum": ["open", "responded", "closed", "refused", "withdrawn"]},
      "Finding": {"type": "string", "enum": ["upheld", "partly_upheld", "not_upheld", "overturned"]},
      "RemedyType": {"type": "string", "enum": ["apology", "acknowledgement", "explanation", "action_on_delay", "reconsidered_decision", "record_amended", "financial", "works", "policy_change"]},
      "Instant": {"type": "string", "format": "date-time", "description": "RFC 3339 with a zone designator, e.g. 2025-03-21T17:30:00Z"},
      "Date": {"type": "string", "format": "date", "example": "2025-03-31"},
      "At": {"type": "string", "format": "date-time", "description": "When it happened (RFC 3339 with a zone); default now. Not in the future, not before the case's previous step"},
      "Person": {
        "type": "object",
        "properties": {
          "name": {"type": "string"},
          "email": {"type": "string"},
          "phone": {"type": "string"},
          "address": {"type": "string"},
          "tenancy_ref": {"type": "string"},
          "vulnerabilities": {"type": "array", "items": {"type": "string"}},
          "reasonable_adjustments": {"type": "array", "items": {"type": "string"}},
          "contact_preference": {"type": "string", "description": "Free text, as recorded before contact existed"},
          "contact": {"type": "object", "description": "How the person wants to hear from us (Code 5.10); the outbox sends by its channel", "properties": {
            "channel": {"type": "string", "nullable": true, "enum": ["letter", "email", "sms", "phone", "portal", null]},
            "format": {"type": "string", "nullable": true, "enum": ["standard", "large_print", "braille", "audio", "easy_read", null]},
            "language": {"type": "string", "nullable": true, "maxLength": 35},
            "needs_interpreter": {"type": "boolean"},
            "review_date": {"type": "string", "format": "date", "nullable": true}}},
          "representative": {"type": "string"},
          "account": {"type": "string", "description": "The landlord's reference for the person (whose record this is; a resident account's person_ref)."}
        }
      },
      "NewCase": {
        "type": "object",
        "required": ["kind", "received_at", "channel", "summary"],
        "properties": {
          "kind": {"$ref": "#/components/schemas/Kind"},
          "received_at": {"$ref": "#/components/schemas/Instant"},
          "channel": {"$ref": "#/components/schemas/Channel"},
          "summary": {"type": "string", "minLength": 1},
          "person": {"$ref": "#/components/schemas/Person"},
          "received_by": {"type": "string"},
          "service_area": {"type": "string"},
          "theme": {"type": "string"},
          "issue_date": {"$ref": "#/components/schemas/Date"},
          "awareness_date": {"$ref": "#/components/schemas/Date", "description": "When the resident became aware of the issue (Code 2.3)"},
          "raised_from": {"type": "integer", "description": "Complaints: the case it was raised from"}
        },
        "additionalProperties": false
      },
      "ElementFinding": {
        "type": "object",
        "required": ["summary", "finding", "reasons"],
        "description": "Stage 1: finding is upheld, partly_upheld or not_upheld. Stage 2: finding is the review of the stage 1 finding (upheld or overturned) and outcome the element's new finding.",
        "properties": {"summary": {"type": "string"}, "finding": {"$ref": "#/components/schemas/Finding"}, "reasons": {"type": "string"}, "outcome": {"type": "string", "enum": ["upheld", "partly_upheld", "not_upheld"]}}
      },
      "Remedy": {
        "type": "object",
        "required": ["type", "description"],
        "description": "Upheld and partly upheld responses carry at least one (an apology counts; 422 required on remedies). A stage 2 financial remedy replaces stage 1's for the same element unless additional. The read-only fields come back on the case.",
        "properties": {"type": {"$ref": "#/components/schemas/RemedyType"}, "description": {"type": "string"}, "due": {"$ref": "#/components/schemas/Date"}, "amount": {"type": "number", "minimum": 0},
          "element": {"type": "integer", "minimum": 1, "description": "The number of the element of this response it puts right"},
          "additional": {"type": "boolean", "description": "Stage 2 only: on top of stage 1's award for the same element"},
          "number": {"type": "integer", "readOnly": true}, "superseded": {"type": "boolean", "readOnly": true},
          "element_summary": {"type": "string", "readOnly": true, "description": "The summary of the element it puts right (\"\" for the whole complaint)"},
          "completed_on": {"$ref": "#/components/schemas/Date", "readOnly": true}, "paid_on": {"$ref": "#/components/schemas/Date", "readOnly": true},
          "evidence": {"type": "string", "readOnly": true}}
      },
      "OutstandingAction": {
        "type": "object",
        "required": ["description", "due", "owner"],
        "properties": {"description": {"type": "string"}, "due": {"$ref": "#/components/schemas/Date"}, "owner": {"type": "string"},
          "number": {"type": "integer", "readOnly": true}, "completed_on": {"$ref": "#/components/schemas/Date", "readOnly": true},
          "evidence": {"type": "string", "readOnly": true}}
      },
      "Acknowledge": {
        "type": "object",
        "required": ["action", "definition", "handler"],
        "properties": {
          "action": {"type": "string", "enum": ["acknowledge"]},
          "at": {"$ref": "#/components/schemas/At"},
          "handler": {"type": "string", "description": "Who handles the stage; at stage 2 not the stage 1 handler (Code 6.13)"},
          "definition": {"type": "string", "description": "The complaint definition: the issues and the outcomes sought"},
          "responsibility": {"type": "string", "description": "Who is responsible for what, when others are involved"}
        }
      },
      "Extend": {
        "type": "object",
        "required": ["action", "new_due", "reason"],
        "properties": {
          "action": {"type": "string", "enum": ["extend"]},
          "at": {"$ref": "#/components/schemas/At"},
          "clock": {"type": "string", "description": "stage1.respond or stage2.respond (default: the current stage's)"},
          "new_due": {"$ref": "#/components/schemas/Date"},
          "reason": {"type": "string"},
          "good_reason": {"type": "string", "description": "Required beyond the extension cap"},
          "ombudsman_details_given": {"type": "boolean"}
        }
      },
      "Respond": {
        "type": "object",
        "required": ["action"],
        "description": "For a complaint: decision and elements are required (the stage's response). For other kinds: an optional response text.",
        "properties": {
          "action": {"type": "string", "enum": ["respond"]},
          "at": {"$ref": "#/components/schemas/At"},
          "decision": {"type": "string", "enum": ["upheld", "partly_upheld", "not_upheld"]},
          "elements": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/ElementFinding"}},
          "remedies": {"type": "array", "items": {"$ref": "#/components/schemas/Remedy"}},
          "outstanding_actions": {"type": "array", "items": {"$ref": "#/components/schemas/OutstandingAction"}},
          "apology": {"oneOf": [{"type": "boolean"}, {"type": "string"}]},
          "response": {"type": "string", "description": "Non-complaints: the answer given"}
        }
      },
      "RequestEscalation": {
        "type": "object",
        "required": ["action"],
        "properties": {"action": {"type": "string", "enum": ["request_escalation"]}, "at": {"$ref": "#/components/schemas/At"}, "reason": {"type": "string"}}
      },
      "Refuse": {
        "type": "object",
        "required": ["action", "reason"],
        "properties": {
          "action": {"type": "string", "enum": ["refuse"]},
          "at": {"$ref": "#/components/schemas/At"},
          "reason": {"type": "string", "description": "An exclusion reason id of the policy (\"over-12-months\"); some reasons require further facts"},
          "evidence": {"type": "string"},
          "court_filing_date": {"$ref": "#/components/schemas/Date"},
          "discretion_considered": {"oneOf": [{"type": "boolean"}, {"type": "string"}], "description": "Required for over-12-months: true or how discretion was considered"},
          "issue_date": {"$ref": "#/components/schemas/Date"},
          "awareness_date": {"$ref": "#/components/schemas/Date"},
          "ombudsman_rights_given": {"type": "boolean"}
        },
        "additionalProperties": true
      },
      "Withdraw": {
        "type": "object",
        "required": ["action"],
        "properties": {"action": {"type": "string", "enum": ["withdraw"]}, "at": {"$ref": "#/components/schemas/At"}, "reason": {"type": "string"}}
      },
      "Close": {
        "type": "object",
        "required": ["action"],
        "properties": {"action": {"type": "string", "enum": ["close"]}, "at": {"$ref": "#/components/schemas/At"}, "reason": {"type": "string"}}
      },
      "Note": {
        "type": "object",
        "required": ["action", "text"],
        "properties": {"action": {"type": "string", "enum": ["note"]}, "at": {"$ref": "#/components/schemas/At"}, "text": {"type": "string", "minLength": 1}}
      },
      "ConvertToComplaint": {
        "type": "object",
        "required": ["action"],
        "properties": {
          "action": {"type": "string", "enum": ["convert_to_complaint"]},
          "at": {"$ref": "#/components/schemas/At"},
          "received_at": {"$ref": "#/components/schemas/Instant"},
          "channel": {"$ref": "#/components/schemas/Channel"},
          "summary": {"type": "string"},
          "person": {"$ref": "#/components/schemas/Person"},
          "received_by": {"type": "string"},
          "service_area": {"type": "string"},
          "theme": {"type": "string"}
        }
      },
      "Action": {
        "oneOf": [
          {"$ref": "#/components/schemas/Acknowledge"},
          {"$ref": "#/components/schemas/Extend"},
          {"$ref": "#/components/schemas/Respond"},
          {"$ref": "#/components/schemas/RequestEscalation"},
          {"$ref": "#/components/schemas/Refuse"},
          {"$ref": "#/components/schemas/Withdraw"},
          {"$ref": "#/components/schemas/Close"},
          {"$ref": "#/components/schemas/Note"},
          {"$ref": "#/components/schemas/ConvertToComplaint"}
        ],
        "discriminator": {
          "propertyName": "action",
          "mapping": {
            "acknowledge": "#/components/schemas/Acknowledge",
            "extend": "#/components/schemas/Extend",
            "respond": "#/components/schemas/Respond",
            "request_escalation": "#/components/schemas/RequestEscalation",
            "refuse": "#/components/schemas/Refuse",
            "withdraw": "#/components/schemas/Withdraw",
            "close": "#/components/schemas/Close",
            "note": "#/components/schemas/Note",
            "convert_to_complaint": "#/components/schemas/ConvertToComplaint"
          }
        }
      },
      "Extension": {
        "type": "object",
        "properties": {
          "clock": {"type": "string"},
          "at": {"$ref": "#/components/schemas/Instant"},
          "original_due": {"$ref": "#/components/schemas/Date"},
          "new_due": {"$ref": "#/components/schemas/Date"},
          "reason": {"type": "string"},
          "good_reason": {"type": "string"},
          "ombudsman_details_given": {"type": "boolean"},
          "late": {"type": "boolean"}
        }
      },
      "Stage": {
        "type": "object",
        "nullable": true,
        "properties": {
          "acknowledged_at": {"type": "string", "format": "date-time", "nullable": true},
          "responded_at": {"type": "string", "format": "date-time", "nullable": true},
          "handler": {"type": "string"},
          "definition": {"type": "string"},
          "decision": {"type": "string"},
          "elements": {"type": "array", "items": {"$ref": "#/components/schemas/ElementFinding"}},
          "remedies": {"type": "array", "items": {"$ref": "#/components/schemas/Remedy"}},
          "outstanding_actions": {"type": "array", "items": {"$ref": "#/components/schemas/OutstandingAction"}},
          "extensions": {"type": "array", "items": {"$ref": "#/components/schemas/Extension"}}
        }
      },
      "Clock": {
        "type": "object",
        "required": ["name", "title", "status"],
        "properties": {
          "name": {"type": "string", "example": "stage1.acknowledge"},
          "title": {"type": "string"},
          "status": {"type": "string", "enum": ["pending", "running", "met", "missed"]},
          "due": {"type": "string", "format": "date", "nullable": true},
          "due_at": {"type": "string", "format": "date-time", "nullable": true},
          "original_due": {"type": "string", "format": "date", "nullable": true},
          "start": {"type": "string", "format": "date", "nullable": true},
          "met_on": {"type": "string", "format": "date", "nullable": true},
          "provisional": {"type": "boolean"},
          "extensions": {"type": "array", "items": {"$ref": "#/components/schemas/Extension"}},
          "explanation": {"type": "string", "description": "How the due date was worked out, in plain English"},
          "statutory": {"type": "boolean"},
          "provision": {"type": "string", "example": "Code 5.6"}
        }
      },
      "Event": {
        "type": "object",
        "required": ["seq", "type", "at", "recorded_at", "actor", "data"],
        "properties": {
          "seq": {"type": "integer", "minimum": 1},
          "type": {"type": "string", "enum": ["received", "acknowledged", "extended", "responded", "escalation_requested", "refused", "withdrawn", "closed", "linked", "note"]},
          "at": {"$ref": "#/components/schemas/Instant"},
          "recorded_at": {"$ref": "#/components/schemas/Instant"},
          "actor": {"type": "string"},
          "data": {"type": "object"}
        }
      },
      "Case": {
        "type": "object",
        "required": ["id", "reference", "kind", "channel", "status", "stage", "received_at", "clocks"],
        "properties": {
          "id": {"type": "integer"},
          "reference": {"type": "string", "example": "CH-000123"},
          "kind": {"$ref": "#/components/schemas/Kind"},
          "channel": {"$ref": "#/components/schemas/Channel"},
          "status": {"$ref": "#/components/schemas/Status"},
          "stage": {"type": "integer", "enum": [0, 1, 2]},
          "summary": {"type": "string"},
          "person": {"$ref": "#/components/schemas/Person"},
          "received_at": {"$ref": "#/components/schemas/Instant"},
          "received_by": {"type": "string"},
          "service_area": {"type": "string"},
          "theme": {"type": "string"},
          "handler": {"type": "string"},
          "raised_from": {"type": "integer", "nullable": true},
          "complaints_raised": {"type": "array", "items": {"type": "integer"}},
          "escalation_requested_at": {"type": "string", "format": "date-time", "nullable": true},
          "refusal_reason": {"type": "string"},
          "stage1": {"$ref": "#/components/schemas/Stage"},
          "stage2": {"$ref": "#/components/schemas/Stage"},
          "milestones": {"type": "object", "additionalProperties": {"type": "string", "format": "date-time"}},
          "version": {"type": "integer"},
          "next_due": {"type": "string", "format": "date", "nullable": true},
          "clocks": {"type": "array", "items": {"$ref": "#/components/schemas/Clock"}},
          "events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
          "links": {"type": "object", "additionalProperties": {"type": "string"}}
        }
      },
      "CaseSummary": {
        "type": "object",
        "properties": {
          "id": {"type": "integer"},
          "reference": {"type": "string"},
          "kind": {"$ref": "#/components/schemas/Kind"},
          "channel": {"$ref": "#/components/schemas/Channel"},
          "status": {"$ref": "#/components/schemas/Status"},
          "stage": {"type": "integer"},
          "summary": {"type": "string"},
          "person_name": {"type": "string"},
          "handler": {"type": "string"},
          "received_at": {"$ref": "#/components/schemas/Instant"},
          "next_due": {"type": "string", "format": "date", "nullable": true},
          "next_clock": {"type": "string"},
          "links": {"type": "object", "additionalProperties": {"type": "string"}}
        }
      },
      "CasePage": {
        "type": "object",
        "required": ["cases", "next_cursor"],
        "properties": {
          "cases": {"type": "array", "items": {"$ref": "#/components/schemas/CaseSummary"}},
          "limit": {"type": "integer"},
          "next_cursor": {"type": "string", "nullable": true, "description": "Pass as cursor for the next page; null on the last page"}
        }
      }
    }
  }
}
)json";

}  // namespace

const nlohmann::json& openApiDocument() {
  static const nlohmann::json document = [] {
    auto doc = nlohmann::json::parse(kDocument);
    addLearningOpenApi(doc);  // api/openapi_learning.cc
    addReportsOpenApi(doc);   // api/openapi_reports.cc
    addPeopleOpenApi(doc);
    addRestrictionsOpenApi(doc);  // api/openapi_restrictions.cc
    addLettersOpenApi(doc);   // api/letters_api.cc
    addMessagesOpenApi(doc);  // api/messages_api.cc
    addSurveysOpenApi(doc);   // api/surveys_api.cc
    addAttachmentsOpenApi(doc);  // api/attachments_api.cc
    addMailInOpenApi(doc);    // api/mail_in_api.cc
    addTriageOpenApi(doc);    // api/openapi_triage.cc
    addServicesOpenApi(doc);  // api/openapi_services.cc
    addDataProtectionOpenApi(doc);  // api/openapi_data_protection.cc
    addAsbOpenApi(doc);  // api/openapi_asb.cc
    addSelfAssessmentOpenApi(doc);  // api/openapi_self_assessment.cc
    addContactPreferenceOpenApi(doc);  // api/openapi_contact.cc
    addIdempotencyOpenApi(doc);  // api/openapi_idempotency.cc
    return withSecurity(std::move(doc));
  }();
  return document;
}

}  // namespace charter::api
