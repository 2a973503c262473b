package org.matricula.platform.crm.sync;

import org.jdbi.v3.core.Handle;

/**
 * How far a background reader of another feature's rows has read ({@code crm_sync}), by source:
 * the CRM's feed for accounts, declarations and mails, the retail deals for the declarations' links.
 */
public final class SyncMarks {

    private SyncMarks() {
    }

    /** The mark of that source, 0 before its first read. */
    public static long of(Handle handle, String source) {
        return handle.createQuery("SELECT last_id FROM crm_sync WHERE source = :source").bind("source", source)
                .mapTo(Long.class).findOne().orElse(0L);
    }

    /** Moves the mark of that source on to {@code last}, never back; a mark that does not move is not written. */
    public static void advance(Handle handle, String source, long last) {
        handle.createUpdate("""
                INSERT INTO crm_sync (source, last_id) VALUES (:source, :last)
                ON CONFLICT (source) DO UPDATE SET last_id = EXCLUDED.last_id
                WHERE crm_sync.last_id < EXCLUDED.last_id""")
                .bind("source", source).bind("last", last).execute();
    }
}
