package org.matricula.platform.backup;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** One entry of a backup file being read: follows its chunks, counts and hashes the bytes. */
final class EntryInputStream extends InputStream {

    private final String name;
    private final DataInputStream data;
    private final LongConsumer progress;
    private final MessageDigest digest = Sha256.digest();
    private int remaining;
    private boolean ended;
    private long bytes;

    EntryInputStream(String name, DataInputStream data, LongConsumer progress) {
        this.name = name;
        this.data = data;
        this.progress = progress;
    }

    String name() {
        return name;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (remaining == 0 && !nextChunk()) {
            return -1;
        }
        int n = data.read(target, offset, Math.min(length, remaining));
        if (n < 0) {
            throw new IOException("the file ends inside entry " + name);
        }
        digest.update(target, offset, n);
        remaining -= n;
        bytes += n;
        progress.accept(bytes);
        return n;
    }

    private boolean nextChunk() throws IOException {
        if (ended) {
            return false;
        }
        int length = data.readInt();
        if (length < 0 || length > ArchiveWriter.CHUNK) {
            throw new IOException("damaged chunk in entry " + name);
        }
        remaining = length;
        ended = length == 0;
        return !ended;
    }

    /** Reads what is left of the entry, so that the next one can be read. */
    void drain() throws IOException {
        transferTo(OutputStream.nullOutputStream());
    }

    long bytes() {
        return bytes;
    }

    /** The hash of the entry's bytes; call once, after reading it to the end. */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
