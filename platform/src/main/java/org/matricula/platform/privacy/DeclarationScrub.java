package org.matricula.platform.privacy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * Anonymizes declarations in the caller's transaction, for erasure and for the retention job
 * alike. What statistics count stays: project, program, status, category, number and dates.
 * Everything the applicant typed goes, with their documents, the comments on their history and
 * the integration events that carried their values.
 */
final class DeclarationScrub {

    /** The names and addresses the declarations held, for blotting them out of mails. */
    record Traces(List<String> names, List<String> emails) {

        List<String> all() {
            return Stream.concat(names.stream(), emails.stream()).toList();
        }
    }

    Traces scrub(Handle handle, List<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return new Traces(List.of(), List.of());
        }
        Object[] keys = ids.stream().map(UUID::toString).toArray();
        List<String> names = handle.createQuery("""
                SELECT DISTINCT full_name FROM declarations WHERE id = ANY(CAST(:ids AS uuid[])) AND full_name <> ''""")
                .bindArray("ids", String.class, keys).mapTo(String.class).list();
        List<String> emails = handle.createQuery("""
                SELECT DISTINCT lower(email) FROM declarations WHERE id = ANY(CAST(:ids AS uuid[])) AND email <> ''""")
                .bindArray("ids", String.class, keys).mapTo(String.class).list();
        handle.createUpdate("""
                UPDATE declarations
                SET values = CASE WHEN values -> 'category' IS NOT NULL THEN jsonb_build_object('category', values -> 'category')
                                  ELSE '{}' END,
                    full_name = '', email = '', organization = '', anonymized_at = coalesce(anonymized_at, :now)
                WHERE id = ANY(CAST(:ids AS uuid[]))""")
                .bindArray("ids", String.class, keys).bind("now", now).execute();
        handle.createUpdate("DELETE FROM declaration_documents WHERE declaration_id = ANY(CAST(:ids AS uuid[]))")
                .bindArray("ids", String.class, keys).execute();
        handle.createUpdate("""
                UPDATE declaration_history SET comment = ''
                WHERE declaration_id = ANY(CAST(:ids AS uuid[])) AND comment <> ''""")
                .bindArray("ids", String.class, keys).execute();
        // Events already delivered keep only that they happened; undelivered ones are not sent.
        handle.createUpdate("""
                UPDATE outbox SET payload = jsonb_build_object('type', payload -> 'type', 'erased', true),
                       status = CASE WHEN status = 'PENDING' THEN 'DEAD' ELSE status END,
                       last_error = CASE WHEN status = 'PENDING' THEN 'Cancelled: the declaration was anonymized' END
                WHERE kind = 'event'
                  AND coalesce(payload ->> 'declarationId', payload -> 'submitted' ->> 'declarationId',
                               payload -> 'statusChanged' ->> 'declarationId')
                      = ANY(:ids)""")
                .bindArray("ids", String.class, keys).execute();
        return new Traces(names, emails);
    }
}
