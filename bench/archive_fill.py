"""Set-based SQL that fills the three schemas with (part of) an archive of `n` complaints as
the services would have left it: a quarter as many customers, each complaint with its message,
two timeline entries, its validity decision, its assignment, follow-up's case and callbacks.
Spread over three years before `now`, most of it settled, a few percent still open. The SQL
is assembled from this module's constants only; sizes and times are bound parameters."""

from __future__ import annotations

from datetime import datetime

# i = 1 is the newest complaint; one every `step` seconds further back.
# Open cases are the recent ones: a tenth of the last 20,000 complaints (three weeks of a
# million over three years); older ones were settled long ago.
OPEN = "(i % 100 < 10 AND i <= 20000)"
STATUS = f"""(CASE WHEN {OPEN} AND i % 100 < 2 THEN 'awaiting_information'
    WHEN {OPEN} AND i % 100 < 5 THEN 'routed' WHEN {OPEN} THEN 'in_progress'
    WHEN i % 100 BETWEEN 10 AND 12 THEN 'rejected' WHEN i % 100 < 25 THEN 'resolved'
    ELSE 'closed' END)"""
DEPARTMENT = "(ARRAY['billing','delivery','product_quality','customer_service'])[1 + i % 4]"
CHANNEL = "(ARRAY['phone','web','email','sms','letter','on_site'])[1 + i % 6]"
PRIORITY = "(ARRAY['P2','P3','P3','P4'])[1 + i % 4]"
SERIES = "FROM generate_series(CAST(:first AS int), CAST(:last AS int)) AS i"
CUSTOMER = "(1 + i % CAST(:customers AS int))"  # the archived customer of complaint i
# Everything archived is older than the figures' 30-day window: the archive is history.
AT = """(CAST(:now AS timestamptz) - interval '31 days'
    - make_interval(secs => i * CAST(:step AS float8)))"""


def statements() -> list[str]:
    return [
        f"""INSERT INTO intake.customers (id, name, phone, complaint_count, created_at,
        updated_at)
        SELECT md5('c' || c)::uuid, '客户' || c, '+86137' || lpad(c::text, 8, '0'), 4,
        CAST(:now AS timestamptz) - interval '1100 days', CAST(:now AS timestamptz)
        FROM (SELECT DISTINCT {CUSTOMER} AS c {SERIES}) AS archived
        ON CONFLICT DO NOTHING""",
        f"""INSERT INTO intake.complaints (id, reference, channel, customer_id, text, details,
        language, received_at, registered_at, first_response_due, repeat_count, status,
        status_at, department, priority, resolution_due)
        SELECT md5('k' || i)::uuid, 'AR-' || lpad(i::text, 9, '0'), {CHANNEL},
        md5('c' || {CUSTOMER})::uuid, '快递三天没送到，客服电话打不通 ' || i,
        '{{}}'::json, 'zh', {AT}, {AT}, {AT} + interval '1 day', 0, {STATUS},
        {AT} + interval '2 days', {DEPARTMENT}, {PRIORITY}, {AT} + interval '10 days'
        {SERIES}""",
        f"""INSERT INTO intake.messages (id, complaint_id, kind, channel, text, received_at)
        SELECT md5('m' || i)::uuid, md5('k' || i)::uuid, 'complaint', {CHANNEL},
        '快递三天没送到，客服电话打不通 ' || i, {AT} {SERIES}""",
        f"""INSERT INTO intake.timeline (complaint_id, event_id, type, source, at, data)
        SELECT md5('k' || i)::uuid, NULL, 'complaint.registered', 'intake', {AT}, '{{}}'::json
        {SERIES} UNION ALL
        SELECT md5('k' || i)::uuid, md5('e' || i)::uuid, 'complaint.routed', 'routing',
        {AT} + interval '1 minute', '{{}}'::json {SERIES}""",
        f"""INSERT INTO routing.validity_decisions (complaint_id, reference, customer_id, reason,
        signals, complaint, decided_at)
        SELECT md5('k' || i)::uuid, 'AR-' || lpad(i::text, 9, '0'),
        md5('c' || {CUSTOMER})::uuid,
        CASE WHEN i % 100 BETWEEN 10 AND 12 THEN 'duplicate' ELSE 'valid' END,
        '[]'::json, '{{}}'::json, {AT} + interval '1 minute' {SERIES}""",
        f"""INSERT INTO routing.assignments (complaint_id, reference, channel, department,
        priority, reasons, risk_flags, first_response_due, resolution_due, routed_at, state,
        supervised_at, resolved_at)
        SELECT md5('k' || i)::uuid, 'AR-' || lpad(i::text, 9, '0'), {CHANNEL}, {DEPARTMENT},
        {PRIORITY}, '[]'::json, '[]'::json, {AT} + interval '1 day', {AT} + interval '10 days',
        {AT} + interval '1 minute',
        CASE WHEN {OPEN} THEN 'accepted' ELSE 'resolved' END,
        CASE WHEN {OPEN} AND i > 10000 THEN {AT} + interval '12 days' END,
        CASE WHEN NOT {OPEN} THEN {AT} + interval '5 days' END
        {SERIES} WHERE NOT i % 100 BETWEEN 10 AND 12""",
        f"""INSERT INTO followup.cases (complaint_id, reference, customer_name, phone,
        phone_invalid, registered, department, priority, routed_at, resolved_at)
        SELECT md5('k' || i)::uuid, 'AR-' || lpad(i::text, 9, '0'), '客户',
        '+86137' || lpad({CUSTOMER}::text, 8, '0'), false, true, {DEPARTMENT},
        {PRIORITY}, {AT} + interval '1 minute',
        CASE WHEN NOT {OPEN} THEN {AT} + interval '5 days' END {SERIES}""",
        f"""INSERT INTO followup.callbacks (id, complaint_id, reference, department, purpose,
        occasion, channel, status, scheduled_for, deadline, timezone, within_deadline,
        created_at, attempts, calls, outcome, completed_at)
        SELECT md5('a' || i)::uuid, md5('k' || i)::uuid, 'AR-' || lpad(i::text, 9, '0'),
        {DEPARTMENT}, 'acknowledgment', 'complaint.routed', 'phone', 'completed',
        {AT} + interval '2 hours', {AT} + interval '1 day', 'Asia/Shanghai', true,
        {AT} + interval '1 minute', 1, 1, 'reached', {AT} + interval '2 hours' {SERIES}""",
        f"""INSERT INTO followup.callbacks (id, complaint_id, reference, department, purpose,
        occasion, channel, status, scheduled_for, deadline, timezone, within_deadline,
        created_at, attempts, calls, outcome, score, resolved, completed_at)
        SELECT md5('s' || i)::uuid, md5('k' || i)::uuid, 'AR-' || lpad(i::text, 9, '0'),
        {DEPARTMENT}, 'satisfaction', 'complaint.resolved', 'phone', 'completed',
        {AT} + interval '6 days', {AT} + interval '8 days', 'Asia/Shanghai', true,
        {AT} + interval '5 days', 1, 1, 'reached', 1 + i % 5, i % 5 > 1,
        {AT} + interval '6 days' {SERIES} WHERE NOT {OPEN}""",
    ]


def parameters(n: int, now: datetime, first: int, last: int) -> dict[str, object]:
    """Complaints `first` to `last` (newest first) of an archive of `n`."""
    return {
        "now": now,
        "step": 3 * 365 * 86400 / n,
        "first": first,
        "last": last,
        "customers": max(1, n // 4),
    }
