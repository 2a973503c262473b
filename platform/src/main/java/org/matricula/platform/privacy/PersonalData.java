package org.matricula.platform.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.matricula.platform.crm.timeline.TimelineKinds;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.i18n.Messages;

/**
 * Everything stored about an account, as one JSON document the applicant can download: the
 * account (never its password hash or sessions), the profile, every declaration with its values,
 * history and documents (content included, base64), the mails sent to the account's address, and
 * under {@code plugins} what each plugin keeps about the person in its own tables.
 * PostgreSQL builds each part as JSON, so the export follows the tables without a mapping layer.
 */
public final class PersonalData {

    private static final String ACCOUNT = """
            SELECT jsonb_build_object('id', id, 'email', email, 'displayName', display_name, 'role', role,
                                      'locale', locale, 'createdAt', created_at, 'verifiedAt', verified_at)::text
            FROM accounts WHERE id = :id""";
    private static final String PROFILE = "SELECT profile::text FROM accounts WHERE id = :id";
    private static final String DECLARATIONS = """
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'id', d.id, 'number', d.number, 'project', jsonb_build_object('slug', pj.slug, 'name', pj.name),
                'program', jsonb_build_object('code', pg.code, 'name', pg.name), 'familyId', d.family_id,
                'status', d.status, 'fullName', d.full_name, 'email', d.email, 'category', d.category,
                'locale', d.locale, 'values', d.values, 'submittedAt', d.submitted_at, 'updatedAt', d.updated_at,
                'anonymizedAt', d.anonymized_at,
                'history', (SELECT coalesce(jsonb_agg(jsonb_build_object('from', h.from_status, 'to', h.to_status,
                                'comment', h.comment, 'at', h.created_at) ORDER BY h.id), '[]')
                            FROM declaration_history h WHERE h.declaration_id = d.id),
                'documents', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', doc.id, 'kind', doc.kind,
                                'mediaType', doc.media_type, 'name', doc.original_name, 'sizeBytes', doc.size_bytes,
                                'uploadedAt', doc.uploaded_at,
                                'contentBase64', translate(encode(doc.content, 'base64'), E'\\n', ''))
                                ORDER BY doc.uploaded_at, doc.id), '[]')
                              FROM declaration_documents doc WHERE doc.declaration_id = d.id))
                ORDER BY d.submitted_at, d.id), '[]')::text
            FROM declarations d JOIN projects pj ON pj.id = d.project_id JOIN programs pg ON pg.id = d.program_id
            WHERE d.account_id = :id""";
    // By the account's own address only: a declaration may name any address, and mails to someone
    // else (a password-reset link, say) must not be readable by whoever typed it.
    private static final String MAILS = """
            SELECT coalesce(jsonb_agg(jsonb_build_object('to', m.recipient, 'subject', m.subject, 'body', m.body,
                                                         'delivery', m.delivery, 'at', m.created_at)
                                      ORDER BY m.id), '[]')::text
            FROM mail_log m JOIN accounts a ON lower(m.recipient) = lower(a.email) WHERE a.id = :id""";

    // The CRM's persons of the account: contacts, consents, qualification and mastery, funnel, touches,
    // timeline and tasks.
    private static final String CRM = """
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                'lastName', p.last_name, 'firstName', p.first_name, 'middleName', p.middle_name,
                'birthDate', p.birth_date, 'tags', p.tags, 'stage', p.stage, 'firstTouch', p.first_touch,
                'lastTouch', p.last_touch, 'createdAt', p.created_at, 'qualification', p.qualification,
                'mastery', (SELECT coalesce(jsonb_agg(jsonb_build_object('discipline', d.name_en, 'scale', d.scale_code,
                                'level', m.level, 'assessedOn', m.assessed_on, 'note', m.note, 'at', m.created_at)
                                ORDER BY m.assessed_on, m.id), '[]')
                            FROM person_mastery m JOIN disciplines d ON d.id = m.discipline_id
                            WHERE m.person_id = p.id),
                'contacts', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', c.kind, 'value', c.value,
                                 'source', c.source, 'at', c.created_at) ORDER BY c.id), '[]')
                             FROM person_contacts c WHERE c.person_id = p.id),
                'consents', (SELECT coalesce(jsonb_agg(jsonb_build_object('purpose', c.purpose, 'granted', c.granted,
                                 'source', c.source, 'at', c.at) ORDER BY c.at, c.id), '[]')
                             FROM person_consents c WHERE c.person_id = p.id),
                'funnel', (SELECT coalesce(jsonb_agg(jsonb_build_object('from', m.from_stage, 'to', m.to_stage,
                               'reason', m.reason, 'at', m.at) ORDER BY m.at, m.id), '[]')
                           FROM funnel_moves m WHERE m.person_id = p.id),
                'timeline', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', t.kind, 'at', t.at,
                                 'summary', t.summary, 'details', t.details) ORDER BY t.at, t.id), '[]')
                             FROM timeline_entries t WHERE t.person_id = p.id),
                'tasks', (SELECT coalesce(jsonb_agg(jsonb_build_object('title', k.title, 'dueAt', k.due_at,
                              'doneAt', k.done_at) ORDER BY k.id), '[]')
                          FROM crm_tasks k WHERE k.person_id = p.id),
                'learning', (SELECT coalesce(jsonb_agg(jsonb_build_object('verb', x.verb, 'object', x.object_id,
                                 'name', x.object_name, 'score', x.score_scaled, 'durationMs', x.duration_ms,
                                 'progress', x.progress, 'voided', x.voided, 'at', x.occurred_at)
                                 ORDER BY x.occurred_at), '[]')
                             FROM xapi_statements x WHERE x.actor_email IN (
                                 SELECT c.value FROM person_contacts c WHERE c.person_id = p.id AND c.kind = 'EMAIL')),
                'lmsAccounts', (SELECT coalesce(jsonb_agg(jsonb_build_object('homePage', a.home_page, 'name', a.name,
                                    'at', a.created_at) ORDER BY a.id), '[]')
                                FROM lms_accounts a WHERE a.person_id = p.id),
                'organizations', (SELECT coalesce(jsonb_agg(jsonb_build_object('name', o.name, 'role', om.role)), '[]')
                                  FROM organization_members om JOIN organizations o ON o.id = om.organization_id
                                  WHERE om.person_id = p.id),
                'visits', (SELECT coalesce(jsonb_agg(jsonb_build_object('url', v.url, 'referrer', v.referrer,
                               'utm', v.utm, 'channel', v.channel, 'at', v.at) ORDER BY v.at, v.id), '[]')
                           FROM site_visits v WHERE v.person_id = p.id),
                'invoices', (SELECT coalesce(jsonb_agg(jsonb_build_object('number', i.number, 'issuedOn', i.issued_on,
                                 'total', i.total, 'paid', i.paid, 'status', i.status) ORDER BY i.issued_on, i.number),
                                 '[]')
                             FROM invoices i WHERE i.person_id = p.id),
                'payments', (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', y.kind, 'amount', y.amount,
                                 'receivedOn', y.received_on) ORDER BY y.received_on, y.id), '[]')
                             FROM payments y WHERE y.person_id = p.id))), '[]')::text
            FROM persons p WHERE p.id IN (SELECT person_id FROM person_accounts WHERE account_id = :id)""";

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Clock clock;
    private final PluginPersonalData plugins;
    private final TimelineKinds timelineKinds;

    PersonalData(Jdbi jdbi, ObjectMapper json, Clock clock, PluginPersonalData plugins, TimelineKinds timelineKinds) {
        this.timelineKinds = timelineKinds;
        this.jdbi = jdbi;
        this.json = json;
        this.clock = clock;
        this.plugins = plugins;
    }

    public JsonNode of(UUID accountId) {
        // One snapshot, so that the parts agree even while the applicant works in another tab.
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, handle -> {
            ObjectNode export = json.createObjectNode();
            export.put("exportedAt", clock.instant().toString());
            export.set("account", part(handle, ACCOUNT, accountId));
            export.set("profile", part(handle, PROFILE, accountId));
            export.set("declarations", part(handle, DECLARATIONS, accountId));
            export.set("mails", part(handle, MAILS, accountId));
            export.set("crm", part(handle, CRM, accountId));
            // each timeline entry's kind by its name in the account's language, plugins' kinds too
            Locale locale = Messages.language(export.path("account").path("locale").asText())
                    .orElse(Messages.RUSSIAN);
            for (JsonNode person : export.path("crm")) {
                for (JsonNode entry : person.path("timeline")) {
                    ((ObjectNode) entry).put("kindName", timelineKinds.label(entry.path("kind").asText(), locale));
                }
            }
            String email = export.path("account").path("email").asText();
            PluginPersonalData.Export fromPlugins = plugins.export(PluginPersonalData.subject(handle, accountId, email),
                    locale);
            export.set("plugins", json.valueToTree(fromPlugins.data()));
            if (!fromPlugins.notIncluded().isEmpty()) {
                export.set("pluginsNotIncluded", json.valueToTree(fromPlugins.notIncluded()));
            }
            return export;
        });
    }

    private JsonNode part(Handle handle, String sql, UUID accountId) {
        String text = handle.createQuery(sql).bind("id", accountId).mapTo(String.class).findOne()
                .orElseThrow(() -> NotFoundException.localized("refusal.account.missing", accountId));
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL built JSON that does not parse", e);
        }
    }
}
