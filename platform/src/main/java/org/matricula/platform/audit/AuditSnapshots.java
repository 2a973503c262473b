package org.matricula.platform.audit;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The stored state of what an admin request touches, as JSON, found from the request's path:
 * taken before the request runs and again after, so the audit log shows both.
 */
final class AuditSnapshots {

    private record Kind(Pattern path, String sql, boolean uuid) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(Pattern.compile("^(?:api/v1/)?admin/declarations/([0-9a-fA-F-]{36})"), """
                    SELECT jsonb_build_object('number', number, 'status', status, 'holdsPlace', holds_place,
                        'documents', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', original_name,
                            'size', size_bytes) ORDER BY uploaded_at), '[]') FROM declaration_documents
                            WHERE declaration_id = d.id))
                    FROM declarations d WHERE id = :id""", true),
            new Kind(Pattern.compile("^(?:api/v1/)?admin/projects/(\\d+)"), """
                    SELECT to_jsonb(p) || jsonb_build_object('programs', (SELECT coalesce(jsonb_agg(program_id
                        ORDER BY program_id), '[]') FROM project_programs WHERE project_id = p.id))
                    FROM projects p WHERE id = :id""", false),
            new Kind(Pattern.compile("^(?:api/v1/)?admin/programs/(\\d+)"),
                    "SELECT to_jsonb(p) FROM programs p WHERE id = :id", false),
            new Kind(Pattern.compile("^(?:api/v1/)?admin/users/([0-9a-fA-F-]{36})"), """
                    SELECT jsonb_build_object('email', email, 'role', role, 'organization', organization,
                        'projects', (SELECT coalesce(jsonb_agg(project_id ORDER BY project_id), '[]')
                            FROM project_admins WHERE account_id = a.id))
                    FROM accounts a WHERE id = :id""", true),
            new Kind(Pattern.compile(
                    "^(?:api/v1/acquiring/payments|admin/billing/invoices/[0-9a-fA-F-]{36}/online)/([0-9a-fA-F-]{36})"),
                    """
                    SELECT jsonb_build_object('state', state, 'amount', amount, 'refunded', refunded,
                        'attentionKey', attention_key, 'attentionArgs', attention_args)
                    FROM acquiring_payments WHERE id = :id""", true),
            new Kind(Pattern.compile("^api/admin/plugins/([a-z0-9][a-z0-9-]*)"),
                    "SELECT to_jsonb(r) FROM plugin_registry r WHERE plugin_id = :id", false));

    private final Jdbi jdbi;

    AuditSnapshots(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The JSON state of the thing at this path (relative, no leading slash), if it names one. */
    Optional<String> of(String path) {
        for (Kind kind : KINDS) {
            Matcher matcher = kind.path().matcher(path);
            if (matcher.find()) {
                Object id;
                try {
                    id = kind.uuid() ? UUID.fromString(matcher.group(1)) : idOf(kind, matcher.group(1));
                } catch (IllegalArgumentException notAnId) {
                    // The request names nothing that exists; it will be refused, and there is no state to show.
                    return Optional.empty();
                }
                return jdbi.withHandle(handle -> handle.createQuery(kind.sql()).bind("id", id)
                        .mapTo(String.class).findOne());
            }
        }
        return Optional.empty();
    }

    private static Object idOf(Kind kind, String text) {
        return kind.sql().contains("plugin_id") ? text : Long.valueOf(text);
    }
}
