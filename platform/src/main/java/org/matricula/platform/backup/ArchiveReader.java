package org.matricula.platform.backup;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reads what {@link ArchiveWriter} wrote, entry by entry; damage surfaces as an IOException. */
final class ArchiveReader implements Closeable {

    private final DataInputStream data;

    ArchiveReader(InputStream file) throws IOException {
        this.data = new DataInputStream(gzip(file));
        byte[] magic = data.readNBytes(ArchiveWriter.MAGIC.length);
        if (!Arrays.equals(magic, ArchiveWriter.MAGIC)) {
            throw new BackupException("not a Matricula backup file");
        }
        int format = data.readInt();
        if (format != ArchiveWriter.FORMAT) {
            throw new BackupException("backup file format " + format + " is not supported by this version (it reads "
                    + ArchiveWriter.FORMAT + ")");
        }
    }

    private static InputStream gzip(InputStream file) throws IOException {
        try {
            return new GZIPInputStream(new BufferedInputStream(file, ArchiveWriter.CHUNK), ArchiveWriter.CHUNK);
        } catch (ZipException notGzip) {
            throw new BackupException("not a Matricula backup file");
        }
    }

    /** The next entry, or null after the end marker (having checked that nothing follows it). */
    EntryInputStream next(LongConsumer progress) throws IOException {
        byte kind = data.readByte();
        if (kind == ArchiveWriter.END) {
            // Reading to the end makes gzip check its trailer (CRC and length of everything).
            if (data.read() != -1) {
                throw new IOException("unexpected data after the end marker");
            }
            return null;
        }
        if (kind != ArchiveWriter.ENTRY) {
            throw new IOException("unknown entry marker " + kind);
        }
        return new EntryInputStream(data.readUTF(), data, progress);
    }

    @Override
    public void close() throws IOException {
        data.close();
    }
}
