package org.matricula.platform.backup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.matricula.platform.db.Database;
import org.matricula.platform.db.SchemaDataSource;
import org.matricula.platform.plugins.PluginService;
import org.matricula.platform.plugins.fixtures.FixtureFamily;
import org.matricula.platform.plugins.fixtures.FixturePlugin;
import org.matricula.platform.testing.PluginJar;
import org.matricula.platform.testing.TestPluginContext;
import org.matricula.platform.testing.TestPostgres;

/**
 * A migrated test database with a plugin that has its own schema (a hyphenated id, a sequence and
 * a trigger) and rows in every table: awkward text, jsonb, NULLs and documents with every byte.
 */
final class FilledDatabase {

    static final String PLUGIN = "archive-test";

    private FilledDatabase() {
    }

    static Database empty() {
        return Database.connect(TestPostgres.newDatabase(), "postgres", "", 4, new SimpleMeterRegistry(), null);
    }

    /** Writes the plugin's JAR into {@code pluginsDir} (once is enough) and fills a new database. */
    static Database create(Path home) throws SQLException {
        Path pluginsDir = home.resolve("plugins");
        PluginJar.plugin(PLUGIN, "1.0.0").pluginClass(FixturePlugin.class).extension(FixtureFamily.class)
                .resource("db/migration/" + PLUGIN + "/V1__notes.sql",
                        "CREATE TABLE notes (note text); INSERT INTO notes VALUES ('v1');")
                .resource("db/migration/" + PLUGIN + "/V2__items.sql", """
                        CREATE TABLE items (id bigserial PRIMARY KEY, data bytea, doc jsonb, label text);
                        CREATE FUNCTION note_item() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT
                            AS $$ BEGIN INSERT INTO notes VALUES ('item ' || NEW.id); RETURN NEW; END $$;
                        CREATE TRIGGER items_note AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION note_item();
                        """)
                .writeTo(pluginsDir, PLUGIN + ".jar");
        Database database = empty();
        database.migrate();
        try (PluginService plugins = new PluginService(new PluginService.PluginSettings(pluginsDir,
                home.resolve("work"), Duration.ofMinutes(5)), database,
                (id, loader) -> new TestPluginContext(id, Map.of(), new SchemaDataSource(database.dataSource(), id)),
                new SimpleMeterRegistry())) {
            plugins.start();
        }
        try (Connection connection = database.dataSource().getConnection()) {
            fill(connection);
        }
        return database;
    }

    private static void fill(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("""
                    INSERT INTO accounts (id, email, password_hash, role, display_name, profile, verified_at) VALUES
                      ('11111111-1111-1111-1111-111111111111', 'anna@example.org', 'h1', 'ADMIN',
                       E'Анна "Ann", \\\\ back\\nslash', '{"phone": "+7 900", "nested": {"k": [1, 2.5, null]}}', now()),
                      ('22222222-2222-2222-2222-222222222222', 'ivan@example.org', 'h2', 'APPLICANT', '', '{}', NULL);
                    INSERT INTO sessions (id, account_id, csrf_token, expires_at)
                      VALUES ('session-1', '11111111-1111-1111-1111-111111111111', 'csrf', now() + interval '1 day');
                    INSERT INTO account_tokens (token_hash, account_id, purpose, expires_at)
                      VALUES ('token-1', '22222222-2222-2222-2222-222222222222', 'VERIFY', now());
                    INSERT INTO projects (slug, name, family_id, digest_recipients, open_until)
                      VALUES ('spring', 'Весна, "один"', 'archive-test', 'office@example.org', '2030-01-31');
                    INSERT INTO programs (code, name, places, taken) VALUES ('c1', 'Course', 10, 1), ('c2', 'Other', NULL, 0);
                    INSERT INTO project_programs (project_id, program_id, position)
                      SELECT p.id, g.id, g.id FROM projects p, programs g;
                    INSERT INTO declarations (id, number, account_id, project_id, program_id, family_id, status,
                        holds_place, values, full_name, email)
                      SELECT '33333333-3333-3333-3333-333333333333', nextval('declaration_numbers')::text,
                        '22222222-2222-2222-2222-222222222222', p.id, g.id, 'archive-test', 'ACCEPTED', true,
                        '{"name": "Ива\\"н", "empty": "", "lines": "a\\nb", "comma": "x,y"}', 'Иван', 'ivan@example.org'
                      FROM projects p, programs g WHERE g.code = 'c1';
                    INSERT INTO declarations (id, number, account_id, project_id, program_id, family_id, status, values)
                      SELECT '44444444-4444-4444-4444-444444444444', nextval('declaration_numbers')::text,
                        '22222222-2222-2222-2222-222222222222', p.id, g.id, 'archive-test', 'WITHDRAWN', '{}'
                      FROM projects p, programs g WHERE g.code = 'c2';
                    INSERT INTO declaration_history (declaration_id, from_status, to_status, comment, actor_id) VALUES
                      ('33333333-3333-3333-3333-333333333333', NULL, 'SUBMITTED', '', NULL),
                      ('33333333-3333-3333-3333-333333333333', 'SUBMITTED', 'ACCEPTED', 'ok, "fine"',
                       '11111111-1111-1111-1111-111111111111');
                    INSERT INTO list_views VALUES ('11111111-1111-1111-1111-111111111111', 'declarations', '{"columns": ["number"]}');
                    INSERT INTO project_digests SELECT id, now() FROM projects;
                    INSERT INTO login_failures (subject) VALUES ('ip:192.0.2.1'), ('email:ivan@example.org');
                    INSERT INTO sign_ups (address, signed_up_at) VALUES ('192.0.2.1', now());
                    INSERT INTO outbox (kind, target, payload, status) VALUES ('MAIL', NULL, '{"to": "anna@example.org"}', 'DONE');
                    INSERT INTO outbox (kind, target, payload, last_error) VALUES ('EVENT', 'archive-test', '[]', E'line\\r\\nbreak');
                    INSERT INTO mail_log (outbox_id, recipient, subject, body, delivery)
                      SELECT min(id), 'anna@example.org', 'Subject', E'Body\\n\\twith tab', 'KEPT' FROM outbox;
                    INSERT INTO plugin_registry (plugin_id, enabled, version, checksum)
                      VALUES ('archive-test', true, '1.0.0', 'abc123')
                      ON CONFLICT (plugin_id) DO UPDATE SET version = EXCLUDED.version, checksum = EXCLUDED.checksum;
                    INSERT INTO periodic_runs VALUES ('archive-test', 'digest', now());
                    INSERT INTO declaration_templates (family_id, family_version, template, printable) VALUES
                      ('archive-test', '1.0.0', E'<html><body>{{number}} «{{project}}»\n</body></html>',
                       '{"familyId": "archive-test", "version": "1.0.0", "title": {"ru": "Архив"}, "fields": []}');
                    INSERT INTO project_admins SELECT '11111111-1111-1111-1111-111111111111', id FROM projects;
                    INSERT INTO audit_log (actor, action, target, status, before, after) VALUES
                        ('admin@example.org', 'PUT', '/api/v1/admin/programs/1', 200, '{"places": 5}', '{"places": 9}');
                    INSERT INTO persons (id, last_name, first_name, full_name, birth_date, tags, email, stage, first_touch)
                      VALUES ('44444444-4444-4444-4444-444444444444', 'Петрова', 'Анна', 'Петрова Анна', '1995-03-08',
                              '{vip,"with, comma"}', 'anna@example.org', 'applicant', '{"channel": "social"}');
                    INSERT INTO person_contacts (person_id, kind, value, source) VALUES
                      ('44444444-4444-4444-4444-444444444444', 'EMAIL', 'anna@example.org', 'declaration'),
                      ('44444444-4444-4444-4444-444444444444', 'PHONE', '+79123456789', 'lead: site');
                    INSERT INTO person_consents (person_id, purpose, granted, source)
                      VALUES ('44444444-4444-4444-4444-444444444444', 'MARKETING', false, 'lead: site');
                    INSERT INTO person_accounts VALUES ('22222222-2222-2222-2222-222222222222', '44444444-4444-4444-4444-444444444444', now());
                    INSERT INTO person_declarations VALUES ('33333333-3333-3333-3333-333333333333', '44444444-4444-4444-4444-444444444444', now());
                    INSERT INTO timeline_entries (person_id, kind, summary, details, source_ref)
                      VALUES ('44444444-4444-4444-4444-444444444444', 'NOTE', E'Called\nback', '{"n": 1}', 'history:1');
                    INSERT INTO crm_tasks (person_id, title, remind_at, reminded_at) VALUES ('44444444-4444-4444-4444-444444444444', 'Call',
                        now(), now());
                    INSERT INTO funnel_moves (person_id, from_stage, to_stage, automatic)
                      VALUES ('44444444-4444-4444-4444-444444444444', NULL, 'applicant', true);
                    INSERT INTO lead_sources (name, key_prefix, key_hash) VALUES ('Site', 'mlk_abcdef', 'hash');
                    INSERT INTO organizations (name, kind) VALUES ('ООО «Ромашка»', 'EMPLOYER');
                    INSERT INTO organization_members (organization_id, person_id, role)
                      SELECT id, '44444444-4444-4444-4444-444444444444', 'EMPLOYEE' FROM organizations;
                    INSERT INTO organization_coordinators (organization_id, account_id)
                      SELECT id, '11111111-1111-1111-1111-111111111111' FROM organizations;
                    INSERT INTO pre_applications (person_id, program_id, start_from, note, source)
                      SELECT '44444444-4444-4444-4444-444444444444', id, '2027-09-01', 'evening', 'HAND' FROM programs LIMIT 1;
                    INSERT INTO community_activity (person_id, kind, count)
                      VALUES ('44444444-4444-4444-4444-444444444444', 'COMMENT', 2);
                    INSERT INTO crm_sync VALUES ('mail_log', 7);
                    INSERT INTO lead_forms (source_id, language) SELECT id, 'ru' FROM lead_sources;
                    INSERT INTO lead_form_posts (address) VALUES ('127.0.0.1');
                    INSERT INTO marketing_confirmations (person_id, email, source, language, token_hash, requested_at,
                                                         expires_at)
                      VALUES ('44444444-4444-4444-4444-444444444444', 'anna@example.org', 'lead: Site', 'ru',
                              'c2hhMjU2', now(), now() + interval '7 days');
                    INSERT INTO lead_inbox (source_id, lead, attempts, failure)
                      SELECT id, '{"newPerson": "not a lead"}', 5, E'Unreadable\nlead' FROM lead_sources;
                    INSERT INTO site_visits (visitor, person_id, url, channel)
                      VALUES ('66666666-6666-6666-6666-666666666666', '44444444-4444-4444-4444-444444444444',
                              'https://institute.example/', 'direct');
                    INSERT INTO lms_clients (name, key, secret_digest) VALUES ('Moodle', 'lms-1', 'digest');
                    INSERT INTO xapi_statements (id, client_id, actor, actor_email, verb, object_id, occurred_at, body)
                      SELECT '55555555-5555-5555-5555-555555555555', id, 'mailto:anna@example.org', 'anna@example.org',
                             'http://adlnet.gov/expapi/verbs/completed', 'https://lms.example.org/c/1', now(), '{}'
                      FROM lms_clients;
                    INSERT INTO disciplines (name_ru, name_en, scale_code) VALUES ('Алгебра', 'Algebra', 'five-point');
                    INSERT INTO discipline_activities (activity_id, discipline_id)
                      SELECT 'https://lms.example.org/c/1', id FROM disciplines;
                    INSERT INTO person_mastery (person_id, discipline_id, level, assessed_on, note)
                      SELECT '44444444-4444-4444-4444-444444444444', id, '5', '2026-06-01', 'экзамен "устно"'
                      FROM disciplines;
                    UPDATE persons SET qualification = 'bachelor' WHERE id = '44444444-4444-4444-4444-444444444444';
                    INSERT INTO lms_accounts (actor, home_page, name, person_id, email, client_id)
                      SELECT 'account:https://lms.example.org#anna', 'https://lms.example.org', 'anna',
                             '44444444-4444-4444-4444-444444444444', 'anna@example.org', id FROM lms_clients;
                    INSERT INTO "archive-test".items (data, doc, label) VALUES
                      ('\\x00ff', '{"a": 1}', NULL), (NULL, NULL, ''), ('\\x', '{"b": [true, false]}', 'third');
                    """);
        }
        try (Statement sql = connection.createStatement()) { // the CRM's money (crm.billing, crm.bank)
            sql.execute("""
                    INSERT INTO persons (id, last_name, first_name, full_name, email)
                      VALUES ('55555555-5555-5555-5555-555555555555', 'Петрова', 'Анна', 'Петрова Анна', 'anna@example.org');
                    INSERT INTO billing_prices (program_id, start_date, amount)
                      SELECT id, NULL, 30000.50 FROM programs WHERE code = 'c1';
                    INSERT INTO billing_discounts (code, kind, value, max_uses, uses) VALUES ('SPRING', 'PERCENT', 15, 10, 1);
                    INSERT INTO billing_plans (program_id, name) SELECT id, 'Три части' FROM programs WHERE code = 'c1';
                    INSERT INTO billing_plan_parts (plan_id, position, share, due_date)
                      SELECT id, 1, 100, '2030-01-10' FROM billing_plans;
                    INSERT INTO invoice_counters VALUES (2030, 1);
                    INSERT INTO invoices (id, year, seq, number, person_id, program_id, declaration_id, issued_on,
                        subtotal, discount, total, paid, status)
                      SELECT '66666666-6666-6666-6666-666666666666', 2030, 1, '2030-00001',
                        '55555555-5555-5555-5555-555555555555', id, '33333333-3333-3333-3333-333333333333',
                        '2030-01-01', 30000.50, 0, 30000.50, 100.25, 'PARTIAL' FROM programs WHERE code = 'c1';
                    INSERT INTO invoice_lines VALUES ('66666666-6666-6666-6666-666666666666', 1, 'Course', 1, 30000.50, 30000.50);
                    INSERT INTO invoice_instalments VALUES ('66666666-6666-6666-6666-666666666666', 1, '2030-01-10', 30000.50);
                    INSERT INTO payments (kind, source, idempotency_key, invoice_id, person_id, amount, received_on)
                      VALUES ('PAYMENT', 'BANK', 'bank-line:1', '66666666-6666-6666-6666-666666666666',
                              '55555555-5555-5555-5555-555555555555', 100.25, '2030-01-02');
                    INSERT INTO billing_reminders VALUES ('66666666-6666-6666-6666-666666666666', 1, 'BEFORE', now());
                    INSERT INTO bank_imports (file_name, documents, added, matched) VALUES ('выписка.txt', 1, 1, 1);
                    INSERT INTO bank_lines (import_id, doc_key, doc_number, doc_date, amount, payer, payer_inn, purpose,
                        payment_id, state)
                      SELECT i.id, 'bank:2030-01-02:1', '1', '2030-01-02', 100.25, 'Петрова', '771234567890',
                        E'Оплата "по счёту"\\n2030-00001', p.id, 'MATCHED' FROM bank_imports i, payments p;
                    INSERT INTO billing_payers VALUES ('771234567890', '55555555-5555-5555-5555-555555555555', NULL);
                    INSERT INTO acquiring_payments (id, provider, provider_payment_id, invoice_id, person_id, amount,
                        refunded, state, idempotency_key, confirmation_url, payment_id)
                      SELECT '77777777-7777-7777-7777-777777777777', 'yookassa', '2d4d3cf4-000f-5000-8000-1a5c0f1b2e0b',
                        '66666666-6666-6666-6666-666666666666', '55555555-5555-5555-5555-555555555555', 100.25, 0,
                        'SUCCEEDED', '77777777-7777-7777-7777-777777777777', 'https://yoomoney.ru/checkout?id=1&b=é', id
                      FROM payments;
                    INSERT INTO acquiring_refunds (acquiring_payment_id, provider_refund_id, provider, amount, state)
                      VALUES ('77777777-7777-7777-7777-777777777777', 'rf-1', 'yookassa', 50.10, 'PENDING');
                    """);
        }
        try (Statement sql = connection.createStatement()) { // deals (crm.deals)
            sql.execute("""
                    INSERT INTO deal_program_settings (program_id, auto_enrol) SELECT id, true FROM programs WHERE code = 'c1';
                    INSERT INTO deals (kind, title, stage, person_id, declaration_id, program_id, amount, price_per_seat)
                      SELECT 'RETAIL', 'Розница', 'OPEN', '55555555-5555-5555-5555-555555555555',
                        '33333333-3333-3333-3333-333333333333', id, 30000.50, 30000.50 FROM programs WHERE code = 'c1';
                    INSERT INTO deals (kind, title, stage, organization_id, program_id, seats, price_per_seat, amount,
                        expected_close, probability, lost_reason, enrolment_code, seats_used)
                      SELECT 'B2B', E'Группа «весна»\nвторая строка', 'WON', o.id, p.id, 3, 1000.25, 3000.75,
                        '2030-02-01', 100, '', 'ABCDE-FGHJK', 1 FROM organizations o, programs p WHERE p.code = 'c1';
                    INSERT INTO deal_moves (deal_id, from_stage, to_stage, reason)
                      SELECT id, 'CONTRACT', 'WON', 'подписан' FROM deals WHERE kind = 'B2B';
                    INSERT INTO deal_seats (deal_id, email, via) SELECT id, 'anna@example.org', 'LIST' FROM deals WHERE kind = 'B2B';
                    INSERT INTO contract_templates (kind, language, body, version)
                      VALUES ('OFFER', 'ru', E'<h1>Оферта</h1>\n<p>{{customer}} · {{program}}</p>', 3);
                    INSERT INTO offer_acceptances (declaration_id, language, version)
                      VALUES ('33333333-3333-3333-3333-333333333333', 'ru', 3);
                    """);
        }
        try (Statement sql = connection.createStatement()) { // the CRM's figures (crm.analytics)
            // the analytics_* tables were filled by the payment's trigger above, invoice_overdue_steps
            // by the instalment's and funnel_stays by the funnel move's
            sql.execute("""
                    INSERT INTO marketing_spend (channel, campaign, month, amount)
                      VALUES ('cpc', 'весна', '2030-01-01', 12345.67), ('email', '', '2030-02-01', 0);
                    INSERT INTO crm_imports (file_name, content, charset, delimiter, headers, mapping, state, total_rows)
                      VALUES ('люди.csv', decode('efbbbf', 'hex'), 'UTF-8', ';', '{Email,"Фамилия"}', '{email,lastName}', 'DONE', 1);
                    INSERT INTO crm_import_items (import_id, kind, person_id, value)
                      SELECT id, 'TAG', '55555555-5555-5555-5555-555555555555', 'vip' FROM crm_imports;
                    INSERT INTO crm_import_skips SELECT id, 3, 'email', 'crm.import.error.email' FROM crm_imports;
                    """);
        }
        try (Statement sql = connection.createStatement()) { // segments and mail campaigns (crm.segments, crm.campaigns)
            sql.execute("""
                    INSERT INTO segments (name, filter, frozen_at)
                      VALUES ('Студенты', '{"stages": ["student"], "tags": ["vip"], "fields": []}', now());
                    INSERT INTO segment_members SELECT id, '55555555-5555-5555-5555-555555555555' FROM segments;
                    INSERT INTO campaigns (name, segment_id, subject_ru, body_ru, subject_en, body_en, send_at,
                        rate_per_minute, status, budget_at, queued_at)
                      SELECT 'Осень', id, 'Тема {{firstName}}', E'Текст\nвторой строкой', 'Subject', 'Text', now(),
                        60, 'SENDING', now(), now() FROM segments;
                    INSERT INTO campaign_recipients (campaign_id, person_id, email, language, state, token_hash,
                        outbox_id, handed_at)
                      SELECT c.id, '55555555-5555-5555-5555-555555555555', 'anna@example.org', 'ru', 'HANDED',
                        'ab12', o.id, now() FROM campaigns c, (SELECT min(id) AS id FROM outbox) o;
                    UPDATE campaign_recipients SET track_hash = 'cd34', opens = 2, first_open_at = now(), clicks = 1,
                        first_click_at = now();
                    INSERT INTO campaign_links (campaign_id, position, url)
                      SELECT id, 1, 'https://school.example/курс?a=1&b=2' FROM campaigns;
                    """);
        }
        try (Statement sql = connection.createStatement()) { // webhooks (crm.webhooks), stuck students (crm.stuck)
            sql.execute("""
                    INSERT INTO webhook_endpoints (name, url, kinds, active, secret, from_entry)
                      VALUES ('Бот', 'https://hooks.example.org/in?x=1', '{stage.changed,payment.received}', true,
                        'whsec_abc', 0);
                    INSERT INTO webhook_deliveries (endpoint_id, event, source_ref, body, status, attempts,
                        response_code, last_error, last_attempt_at)
                      SELECT id, 'stage.changed', 'timeline:1', '{"event": "stage.changed", "name": "Анна"}',
                        'FAILED', 6, 500, E'HTTP 500\nснова', now() FROM webhook_endpoints;
                    INSERT INTO webhook_marks (source, last_id) VALUES ('timeline', 1);
                    INSERT INTO stuck_rules (program_id, kind, days) SELECT id, 'NO_PROGRESS', 14 FROM programs
                      WHERE code = 'c1';
                    INSERT INTO stuck_rules (program_id, kind, starts_on, ends_on, tolerance)
                      SELECT id, 'BEHIND_PACE', '2026-09-01', '2027-06-30', 15 FROM programs WHERE code = 'c1';
                    INSERT INTO stuck_flags (person_id, program_id, rule_id, reason, details)
                      SELECT '55555555-5555-5555-5555-555555555555', program_id, id, kind, '{"days": 14}'
                      FROM stuck_rules WHERE kind = 'NO_PROGRESS';
                    """);
        }
        try (Statement sql = connection.createStatement()) { // automation scenarios (crm.automation)
            sql.execute("""
                    INSERT INTO scenarios (name, trigger_type, from_entry) VALUES ('Приветствие', 'MANUAL', 0);
                    INSERT INTO scenario_versions (scenario_id, version, definition)
                      SELECT id, 1, '{"trigger": {"type": "MANUAL"}, "condition": null, "steps": [{"type": "ADD_TAG",
                        "tag": "новый"}]}' FROM scenarios;
                    INSERT INTO scenario_runs (scenario_id, version, person_id, trigger_ref, state, next_step, outputs,
                        finished_at)
                      SELECT id, 1, '55555555-5555-5555-5555-555555555555', 'manual:1', 'DONE', 1, '{"number": "Н-1"}',
                        now() FROM scenarios;
                    INSERT INTO scenario_run_steps (run_id, step_index, step_type, idempotency_key, state, attempts,
                        summary, error, due_at, finished_at)
                      SELECT id, 0, 'ADD_TAG', 'run-' || id || '-step-0-v1', 'DONE', 2, '+новый', NULL, NULL, now()
                        FROM scenario_runs;
                    INSERT INTO scenario_marks (source, last_id) VALUES ('timeline', 42);
                    INSERT INTO scenario_segment_members (scenario_id, person_id)
                      SELECT id, '55555555-5555-5555-5555-555555555555' FROM scenarios;
                    INSERT INTO scenario_schedules (scenario_id, last_run_at) SELECT id, now() FROM scenarios;
                    """);
        }
        try (PreparedStatement document = connection.prepareStatement("""
                INSERT INTO declaration_documents (declaration_id, media_type, original_name, size_bytes, content, uploaded_by)
                VALUES ('33333333-3333-3333-3333-333333333333', ?, ?, ?, ?, '22222222-2222-2222-2222-222222222222')""")) {
            byte[] everyByte = new byte[256 * 4];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = (byte) i;
            }
            byte[] big = new byte[400_000]; // several archive chunks
            new Random(7).nextBytes(big);
            for (byte[] content : new byte[][] {everyByte, big}) {
                document.setString(1, content == big ? "image/png" : "application/pdf");
                document.setString(2, content == big ? "скан.png" : "signed.pdf");
                document.setInt(3, content.length);
                document.setBytes(4, content);
                document.executeUpdate();
            }
        }
    }
}
