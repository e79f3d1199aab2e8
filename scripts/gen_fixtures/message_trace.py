"""Exchange message trace: `Get-MessageTrace | Export-Csv` as Windows PowerShell writes it
through a remote session (the columns of a real export: PSComputerName, RunspaceId,
PSShowComputerName, Organization, MessageId, Received, SenderAddress, RecipientAddress,
Subject, Status, ToIP, FromIP, Size, MessageTraceId, StartDate, EndDate, Index; a #TYPE
line; every cell quoted; en-US dates in UTC), and the admin centre's downloadable enhanced
summary report (origin_timestamp_utc, sender_address, recipient_status, message_subject,
total_bytes, message_id, network_message_id, original_client_ip, directionality,
connector_id, delivery_priority; `addr##Receive, Deliver;…`; UTF-16 LE).

The attacker, signed in as Megan from DigitalOcean, sends "Updated banking details" to the
company's payers (the cmdlet export, 2026-01-04/05, with the phish that started it coming in
from outside) and a second wave the next day (the summary report)."""
import datetime as dt

from common import (ALEX, ATTACKER_MAIL, CONTOSO_ORG, DO_IP, DOC_ATTACK_IP, HOME_IP, OFFICE_IP, VICTIM, csv_text,
                    encode, gid, iso, register, t, us_time, write_bytes)

CMDLET_HEADER = ["PSComputerName", "RunspaceId", "PSShowComputerName", "Organization", "MessageId", "Received",
                 "SenderAddress", "RecipientAddress", "Subject", "Status", "ToIP", "FromIP", "Size", "MessageTraceId",
                 "StartDate", "EndDate", "Index"]
REPORT_HEADER = ["origin_timestamp_utc", "sender_address", "recipient_status", "message_subject", "total_bytes",
                 "message_id", "network_message_id", "original_client_ip", "directionality", "connector_id",
                 "delivery_priority"]
FABRIKAM_MX = "198.51.100.77"
TAILSPIN_MX = "203.0.113.90"
PARTNER_SMTP = "198.51.100.50"
FRAUD = "Updated banking details - please use from today"


def message_id(name):
    local = gid("mid", name).replace("-", "").upper()
    return "<%s@AM0PR07MB6019.eurprd07.prod.outlook.com>" % local[:26]


# (minute after 2026-01-04 07:00, sender, [(recipient, status, to_ip)], subject, from_ip, size)
MESSAGES = [
    (40, ATTACKER_MAIL, [(VICTIM, "Delivered", "")], "Shared document: Q1 payment schedule", DOC_ATTACK_IP, 38122),
    (55, "newsletter@fabrikam.com", [(VICTIM, "Delivered", "")], "Fabrikam partner newsletter", PARTNER_SMTP, 91544),
    (95, VICTIM, [(ALEX, "Delivered", "")], "Lunch on Thursday?", HOME_IP, 5120),
    (1620, VICTIM, [("ap@fabrikam.com", "Delivered", FABRIKAM_MX),
                    ("payables@tailspin.example", "Delivered", TAILSPIN_MX),
                    ("finance@contoso.com", "Delivered", "")], FRAUD, DO_IP, 48213),
    (1634, VICTIM, [("cfo@woodgrove.example", "Failed", "")], FRAUD, DO_IP, 48213),
    (1650, ALEX, [(VICTIM, "Delivered", "")], "RE: Lunch on Thursday?", OFFICE_IP, 7012),
]


def cmdlet_rows():
    start, end = t("2026-01-04 00:00:00"), t("2026-01-06 00:00:00")
    rows, index = [], 0
    for k, (minute, sender, recipients, subject, from_ip, size) in enumerate(MESSAGES):
        when = t("2026-01-04 07:00:00") + dt.timedelta(minutes=minute, seconds=17 * k)
        trace_id = gid("trace", k)
        for recipient, status, to_ip in recipients:
            rows.append(["outlook.office365.com", gid("runspace"), "False", CONTOSO_ORG, message_id(k), us_time(when),
                         sender, recipient, subject, status, to_ip, from_ip, str(size), trace_id, us_time(start),
                         us_time(end), str(index)])
            index += 1
    return rows


def report_rows():
    rows = []
    plan = [
        # the second wave, the day after the cmdlet export's
        (180, VICTIM, [("ap@fabrikam.com", "Receive, Send"), ("payables@tailspin.example", "Receive, Send"),
                       ("finance@contoso.com", "Receive, Deliver")], "RE: " + FRAUD, DO_IP, "Originating",
         "To_DefaultOpportunisticTLS", 51002),
        (194, VICTIM, [("\"Woodgrove CFO<cfo\"@woodgrove.example", "Receive, Fail")], "RE: " + FRAUD, DO_IP,
         "Originating", "To_DefaultOpportunisticTLS", 51002),
        (210, VICTIM, [("vendor-a@fabrikam.com", "Receive, Send"), ("vendor-b@fabrikam.com", "Receive, Fail")],
         "RE: " + FRAUD, DO_IP, "Originating", "To_DefaultOpportunisticTLS", 51002),
        (250, "ap@fabrikam.com", [(VICTIM, "Receive, Deliver")], "RE: RE: " + FRAUD, FABRIKAM_MX, "Incoming", "",
         22840),
    ]
    for k, (minute, sender, recipients, subject, ip, direction, connector, size) in enumerate(plan):
        when = t("2026-01-06 07:00:00") + dt.timedelta(minutes=minute, seconds=11 * k, microseconds=328489 * (k + 1))
        rows.append([iso(when, 7, z=True), sender, ";".join("%s##%s" % r for r in recipients), subject, str(size),
                     message_id(("report", k)), gid("network", k), ip, direction, connector, "Normal"])
    return rows


def generate():
    rows = cmdlet_rows()
    text = "#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace\r\n"
    text += csv_text(CMDLET_HEADER, rows, quote_all=True)
    write_bytes("trace/MessageTrace_megan.bowen.csv", encode(text, "utf8"))
    register("trace/MessageTrace_megan.bowen.csv", "message-trace", len(rows), len(rows),
             notes="Get-MessageTrace | Export-Csv through a remote session: #TYPE line, every cell quoted, CRLF, "
                   "en-US 'Received' in UTC, one row per recipient; the fraud mail's rows with a ToIP, or to "
                   "contoso.com, are Sends by megan; the inbound phish and the undelivered row (no ToIP, "
                   "another domain) are unattributed")
    rows = report_rows()
    write_bytes("trace/MTSummary_fraud_2026-01-06.csv", encode(csv_text(REPORT_HEADER, rows), "utf16le"))
    register("trace/MTSummary_fraud_2026-01-06.csv", "message-trace", len(rows), len(rows),
             notes="enhanced summary report download: UTF-16 LE BOM, one row per message, recipient_status "
                   "'addr##Receive, Send;…' (one recipient written '\"Name<local\"@domain' as real reports do), "
                   "directionality Originating/Incoming; the second wave of the fraud mail, partly failed, and the "
                   "partner's reply")
