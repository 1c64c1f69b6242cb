-- The columns of the full CSV export (cases/export.py), as PostgreSQL's own COPY writes them:
-- make bench times `COPY (this) TO STDOUT (FORMAT csv, HEADER)` beside the export.
-- Each table of a patient's parts is aggregated once and joined: the fastest form found
-- (a correlated subquery per column took three times as long).
WITH links AS (
    SELECT pc.patient_id,
        string_agg(cc.slug, '; ' ORDER BY pc.position) AS complications,
        min(pc.onset_days) AS onset_days,
        string_agg(coalesce(pc.onset_detail, ''), '; ' ORDER BY pc.position) AS onset,
        string_agg(coalesce(pc.onset_anchor, ''), '; ' ORDER BY pc.position) AS onset_anchor,
        string_agg(coalesce(pc.course_number::text, ''), '; ' ORDER BY pc.position) AS course
    FROM cases_patientcomplication pc
    JOIN complications_complication cc ON cc.id = pc.complication_id
    GROUP BY pc.patient_id
), priors AS (
    SELECT pt.patient_id, string_agg(i.slug, '; ' ORDER BY pt.position) AS prior_therapies
    FROM cases_priortherapy pt
    JOIN complications_intervention i ON i.id = pt.intervention_id
    GROUP BY pt.patient_id
), treatments AS (
    SELECT t.patient_id,
        string_agg(
            i.slug || CASE WHEN t.role = 'treatment' THEN '' ELSE ' (' || t.role || ')' END,
            '; ' ORDER BY t.position
        ) AS treatments
    FROM cases_treatment t
    JOIN complications_intervention i ON i.id = t.intervention_id
    GROUP BY t.patient_id
)
SELECT p.id, p.label, r.slug AS report, r.kind AS report_kind, c.id AS citation_id,
    c.title AS citation_title, c.year, c.doi, p.age, p.sex, p.disease, p.disease_detail,
    l.complications, l.onset_days, l.onset, l.onset_anchor, l.course, pr.prior_therapies,
    tr.treatments, p.outcome, p.outcome_detail, p.retreated, p.retreatment_detail,
    '/cases/' || p.id || '/' AS page_url
FROM cases_patient p
JOIN cases_report r ON r.id = p.report_id
JOIN complications_citation c ON c.id = r.citation_id
LEFT JOIN links l ON l.patient_id = p.id
LEFT JOIN priors pr ON pr.patient_id = p.id
LEFT JOIN treatments tr ON tr.patient_id = p.id
WHERE p.status = 'published'
ORDER BY c.year, r.id, p.position
