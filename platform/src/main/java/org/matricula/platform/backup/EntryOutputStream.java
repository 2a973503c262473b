package org.matricula.platform.backup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** One entry of a backup file being written: chunks its bytes, counts them and hashes them. */
final class EntryOutputStream extends OutputStream {

    private final DataOutputStream data;
    private final LongConsumer progress;
    private final MessageDigest digest = Sha256.digest();
    private final byte[] buffer = new byte[ArchiveWriter.CHUNK];
    private int filled;
    private long bytes;
    private String sha256;

    EntryOutputStream(DataOutputStream data, LongConsumer progress) {
        this.data = data;
        this.progress = progress;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] source, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(source, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == buffer.length) {
                writeChunk();
            }
        }
    }

    private void writeChunk() throws IOException {
        if (filled > 0) {
            data.writeInt(filled);
            data.write(buffer, 0, filled);
            digest.update(buffer, 0, filled);
            bytes += filled;
            filled = 0;
            progress.accept(bytes);
        }
    }

    /** Ends the entry with an empty chunk; the underlying file stays open. */
    @Override
    public void close() throws IOException {
        if (sha256 == null) {
            writeChunk();
            data.writeInt(0);
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
    }

    long bytes() {
        return bytes;
    }

    String sha256() {
        return sha256;
    }
}
