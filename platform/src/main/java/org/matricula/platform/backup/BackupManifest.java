package org.matricula.platform.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.matricula.platform.http.JsonMapper;

/**
 * The last entry of a backup file, in JSON: what it holds (schemas, tables with their columns,
 * row counts and hashes, sequence values) and the migration version of each schema, which is
 * what a restore migrates an empty database to before loading the rows.
 */
record BackupManifest(int format, String platformVersion, String createdAt, String serverVersion,
        List<SchemaEntry> schemas) {

    static final String ENTRY = "manifest.json";
    private static final ObjectMapper JSON = JsonMapper.create();

    /** A schema Matricula owns: {@code public} or a plugin's; {@code migratedTo} is null without migrations. */
    record SchemaEntry(String name, String migratedTo, List<TableEntry> tables, List<SequenceEntry> sequences) {
    }

    record TableEntry(String name, List<String> columns, long rows, long bytes, String sha256) {
    }

    record SequenceEntry(String name, long lastValue, boolean called) {
    }

    static String entryName(String schema, String table) {
        return "data/" + schema + "/" + table + ".csv";
    }

    int tableCount() {
        return schemas.stream().mapToInt(schema -> schema.tables().size()).sum();
    }

    byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static BackupManifest fromJson(byte[] json) {
        try {
            return JSON.readValue(json, BackupManifest.class);
        } catch (java.io.IOException e) {
            throw new BackupException("the backup's manifest is unreadable: " + e.getMessage(), e);
        }
    }
}
