package org.matricula.platform.catalog;

import java.util.function.Supplier;

/**
 * A value another feature keeps in memory beside the catalog, read again after every change
 * announced on the catalog's channel (by a trigger on the tables it is read from). While the
 * channel is not listened to, changes could be missed, so the value is read on every call.
 *
 * @param <T> the value kept, immutable
 */
public final class KeptWithCatalog<T> {

    private final Catalog catalog;
    private final Supplier<T> reader;
    private volatile T kept;
    /** Counts the changes announced, so that a value read across a change is not kept. */
    private long changes;

    public KeptWithCatalog(Catalog catalog, Supplier<T> reader) {
        this.catalog = catalog;
        this.reader = reader;
        catalog.whenChanged(this::drop);
    }

    private synchronized void drop() {
        changes++;
        kept = null;
    }

    /** The value kept, or read now (and kept, unless a change was announced while reading). */
    public T get() {
        T current = kept;
        if (current != null) {
            return current;
        }
        long seen;
        synchronized (this) {
            seen = changes;
        }
        T read = reader.get();
        synchronized (this) {
            if (seen == changes && catalog.keptInMemory()) {
                kept = read;
            }
        }
        return read;
    }
}
