package org.matricula.platform.backup;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a backup file: gzip over a magic line, a format number and named entries. An entry's
 * bytes go in length-prefixed chunks ended by an empty one, so a table is streamed without
 * knowing its size first; the end marker and gzip's own trailer make a cut-off file detectable.
 */
final class ArchiveWriter implements Closeable {

    static final byte[] MAGIC = "MATRICULA-BACKUP\n".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT = 1;
    static final byte ENTRY = 1;
    static final byte END = 0;
    static final int CHUNK = 1 << 16;

    private final DataOutputStream data;

    ArchiveWriter(OutputStream file) throws IOException {
        this.data = new DataOutputStream(new GZIPOutputStream(new BufferedOutputStream(file, CHUNK), CHUNK));
        data.write(MAGIC);
        data.writeInt(FORMAT);
    }

    /** Starts an entry; close the returned stream before starting the next. */
    EntryOutputStream entry(String name, LongConsumer progress) throws IOException {
        data.writeByte(ENTRY);
        data.writeUTF(name);
        return new EntryOutputStream(data, progress);
    }

    /** Writes the end marker and the gzip trailer. */
    void finish() throws IOException {
        data.writeByte(END);
        data.close();
    }

    @Override
    public void close() throws IOException {
        data.close();
    }
}
