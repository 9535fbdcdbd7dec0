//! The SQL of an export (`suivi data export`): one query per section, each giving one row with
//! one JSON text, built by the database itself: SQLite's JSON functions, or PostgreSQL's.

/// One section of an export: a name and the SQL (one row, one JSON text column, `?1` the
/// person) that builds it.
pub(super) const SECTIONS: &[(&str, &str)] = &[
    (
        "person",
        "SELECT json_object('id', id, 'display_name', display_name, 'language', lang,
           'last_locale', last_locale, 'timezone', timezone, 'created_at', created_at,
           'updated_at', updated_at) FROM people WHERE id = $1",
    ),
    (
        "beneficiary_supports",
        "SELECT json_group_array(json_object('support_id', id, 'guild_id', guild_id,
           'advisor_id', advisor_id, 'status', status, 'created_at', created_at,
           'last_contact_at', last_contact_at, 'ended_at', ended_at))
         FROM supports WHERE beneficiary_id = $1",
    ),
    (
        "work_sessions",
        "SELECT json_group_array(json_object('support_id', w.support_id, 'opened_at', w.opened_at,
           'expectations', w.expectations, 'expectations_at', w.expectations_at, 'closed_at', w.closed_at))
         FROM work_sessions w JOIN supports s ON s.id = w.support_id WHERE s.beneficiary_id = $1",
    ),
    (
        "answers",
        "SELECT json_group_array(json_object('support_id', w.support_id, 'conversation_id', c.id,
           'conversation', c.kind, 'field', a.field, 'value', a.value, 'answered_at', a.answered_at))
         FROM answers a JOIN conversations c ON c.id = a.conversation_id
         JOIN work_sessions w ON w.id = c.session_id JOIN supports s ON s.id = w.support_id
         WHERE s.beneficiary_id = $1",
    ),
    (
        "agreements",
        "SELECT json_group_array(json_object('support_id', a.support_id, 'status', a.status,
           'cadence', json(a.cadence), 'first_exchange_local', a.first_exchange_local,
           'rhythm_from_local', a.rhythm_from_local, 'timezone', a.timezone, 'means', a.means,
           'beneficiary_commitments', a.beneficiary_commitments,
           'advisor_commitments', a.advisor_commitments, 'relay_consent', json(iif(a.relay_consent = 1, 'true', 'false')),
           'relay_consent_at', a.relay_consent_at, 'beneficiary_confirmed_at', a.beneficiary_confirmed_at,
           'advisor_confirmed_at', a.advisor_confirmed_at, 'created_at', a.created_at))
         FROM agreements a JOIN supports s ON s.id = a.support_id WHERE s.beneficiary_id = $1",
    ),
    (
        "tasks",
        "SELECT json_group_array(json_object('support_id', t.support_id, 'text', t.text,
           'status', t.status, 'blocker', t.blocker, 'blocker_at', t.blocker_at, 'updated_at', t.updated_at))
         FROM tasks t JOIN supports s ON s.id = t.support_id WHERE s.beneficiary_id = $1",
    ),
    (
        "check_ins",
        "SELECT json_group_array(json_object('support_id', w.support_id, 'status', c.status,
           'created_at', c.created_at, 'updated_at', c.updated_at))
         FROM conversations c JOIN work_sessions w ON w.id = c.session_id
         JOIN supports s ON s.id = w.support_id WHERE s.beneficiary_id = $1 AND c.kind = 'checkin'",
    ),
    (
        "consents",
        "SELECT json_group_array(json_object('support_id', support_id,
           'relay', json(iif(relay = 1, 'true', 'false')), 'at', at))
         FROM consent_events WHERE person_id = $1",
    ),
    (
        "advisor_supports",
        "SELECT json_group_array(json_object('support_id', s.id, 'guild_id', s.guild_id,
           'beneficiary_id', s.beneficiary_id, 'status', s.status, 'created_at', s.created_at,
           'advisor_commitments', (SELECT a.advisor_commitments FROM agreements a
              WHERE a.support_id = s.id AND a.status = 'active' ORDER BY a.id DESC LIMIT 1)))
         FROM supports s WHERE s.advisor_id = $1",
    ),
    (
        "digest_settings",
        "SELECT json_group_array(json_object('day', day, 'time', time, 'timezone', timezone,
           'next_at', next_at, 'last_sent_at', last_sent_at)) FROM digest_settings WHERE advisor_id = $1",
    ),
    (
        "pending_deliveries",
        "SELECT json_group_array(json_object('kind', kind, 'due_at', due_at, 'status', status))
         FROM deliveries WHERE recipient_id = $1 AND status IN ('planned', 'claimed')",
    ),
    (
        "exchanges",
        "SELECT json_group_array(json_object('support_id', o.support_id, 'exchange_at', o.exchange_at,
           'outcome', o.outcome, 'asked_at', o.asked_at, 'answered_at', o.answered_at,
           'checkin_missed_at', o.checkin_missed_at))
         FROM exchange_outcomes o JOIN supports s ON s.id = o.support_id
         WHERE s.beneficiary_id = $1 OR s.advisor_id = $1",
    ),
];

/// [`SECTIONS`] on PostgreSQL: `json_build_object` and `json_agg` (an empty list as `[]`,
/// as SQLite's `json_group_array` gives), booleans as JSON booleans, the JSON as text.
pub(super) const SECTIONS_PG: &[(&str, &str)] = &[
    (
        "person",
        "SELECT CAST(json_build_object('id', id, 'display_name', display_name, 'language', lang,
           'last_locale', last_locale, 'timezone', timezone, 'created_at', created_at,
           'updated_at', updated_at) AS text) FROM people WHERE id = $1",
    ),
    (
        "beneficiary_supports",
        "SELECT CAST(COALESCE(json_agg(json_build_object('support_id', id, 'guild_id', guild_id,
           'advisor_id', advisor_id, 'status', status, 'created_at', created_at,
           'last_contact_at', last_contact_at, 'ended_at', ended_at)), '[]') AS text)
         FROM supports WHERE beneficiary_id = $1",
    ),
    (
        "work_sessions",
        "SELECT CAST(COALESCE(json_agg(json_build_object('support_id', w.support_id, 'opened_at', w.opened_at,
           'expectations', w.expectations, 'expectations_at', w.expectations_at, 'closed_at', w.closed_at)), '[]') AS text)
         FROM work_sessions w JOIN supports s ON s.id = w.support_id WHERE s.beneficiary_id = $1",
    ),
    (
        "answers",
        "SELECT CAST(COALESCE(json_agg(json_build_object('support_id', w.support_id, 'conversation_id', c.id,
           'conversation', c.kind, 'field', a.field, 'value', a.value, 'answered_at', a.answered_at)), '[]') AS text)
         FROM answers a JOIN conversations c ON c.id = a.conversation_id
         JOIN work_sessions w ON w.id = c.session_id JOIN supports s ON s.id = w.support_id
         WHERE s.beneficiary_id = $1",
    ),
    (
        "agreements",
        "SELECT CAST(COALESCE(json_agg(json_build_object('support_id', a.support_id, 'status', a.status,
           'cadence', CAST(a.cadence AS json), 'first_exchange_local', a.first_exchange_local,
           'rhythm_from_local', a.rhythm_from_local, 'timezone', a.timezone, 'means', a.means,
           'beneficiary_commitments', a.beneficiary_commitments,
           'advisor_commitments', a.advisor_commitments, 'relay_consent', (a.relay_consent = 1),
           'relay_consent_at', a.relay_consent_at, 'beneficiary_confirmed_at', a.beneficiary_confirmed_at,
           'advisor_confirmed_at', a.advisor_confirmed_at, 'created_at', a.created_at)), '[]') AS text)
         FROM agreements a JOIN supports s ON s.id = a.support_id WHERE s.beneficiary_id = $1",
    ),
    (
        "tasks",
        "SELECT CAST(COALESCE(json_agg(json_build_object('support_id', t.support_id, 'text', t.text,
           'status', t.status, 'blocker', t.blocker, 'blocker_at', t.blocker_at, 'updated_at', t.updated_at)), '[]') AS text)
         FROM tasks t JOIN supports s ON s.id = t.support_id WHERE s.beneficiary_id = $1",
    ),
    (
        "check_ins",
        "SELECT CAST(COALESCE(json_agg(json_build_object('support_id', w.support_id, 'status', c.status,
           'created_at', c.created_at, 'updated_at', c.updated_at)), '[]') AS text)
         FROM conversations c JOIN work_sessions w ON w.id = c.session_id
         JOIN supports s ON s.id = w.support_id WHERE s.beneficiary_id = $1 AND c.kind = 'checkin'",
    ),
    (
        "consents",
        "SELECT CAST(COALESCE(json_agg(json_build_object('support_id', support_id,
           'relay', (relay = 1), 'at', at)), '[]') AS text)
         FROM consent_events WHERE person_id = $1",
    ),
    (
        "advisor_supports",
        "SELECT CAST(COALESCE(json_agg(json_build_object('support_id', s.id, 'guild_id', s.guild_id,
           'beneficiary_id', s.beneficiary_id, 'status', s.status, 'created_at', s.created_at,
           'advisor_commitments', (SELECT a.advisor_commitments FROM agreements a
              WHERE a.support_id = s.id AND a.status = 'active' ORDER BY a.id DESC LIMIT 1))), '[]') AS text)
         FROM supports s WHERE s.advisor_id = $1",
    ),
    (
        "digest_settings",
        "SELECT CAST(COALESCE(json_agg(json_build_object('day', day, 'time', time, 'timezone', timezone,
           'next_at', next_at, 'last_sent_at', last_sent_at)), '[]') AS text) FROM digest_settings WHERE advisor_id = $1",
    ),
    (
        "pending_deliveries",
        "SELECT CAST(COALESCE(json_agg(json_build_object('kind', kind, 'due_at', due_at, 'status', status)), '[]') AS text)
         FROM deliveries WHERE recipient_id = $1 AND status IN ('planned', 'claimed')",
    ),
    (
        "exchanges",
        "SELECT CAST(COALESCE(json_agg(json_build_object('support_id', o.support_id, 'exchange_at', o.exchange_at,
           'outcome', o.outcome, 'asked_at', o.asked_at, 'answered_at', o.answered_at,
           'checkin_missed_at', o.checkin_missed_at)), '[]') AS text)
         FROM exchange_outcomes o JOIN supports s ON s.id = o.support_id
         WHERE s.beneficiary_id = $1 OR s.advisor_id = $1",
    ),
];
