package org.matricula.platform.backup;

import org.matricula.platform.db.SchemaDataSource;

/** A table of an owned schema, by catalog id and name. */
record Table(long oid, String schema, String name) {

    static String quote(String identifier) {
        return SchemaDataSource.quote(identifier);
    }

    /** The name for SQL; plugin ids (and so schema names) may contain hyphens. */
    String qualified() {
        return quote(schema) + "." + quote(name);
    }

    /** The name for people: {@code public.declarations}. */
    String label() {
        return schema + "." + name;
    }
}
