package org.matricula.platform.db;

/**
 * Writes whose loss in a crash costs nothing, committed without waiting for the log to reach the
 * disk ({@code synchronous_commit} off for their own transaction only). Such a commit is still
 * atomic and in order: the log is written in sequence, so any later durable commit (and the WAL
 * writer within a fraction of a second) flushes it too. A crash can lose only the last moment's
 * such writes. Meant for records that are redone or are harmless when lost: a session's "last
 * seen" time, the mail log's copy of a mail whose outbox entry is marked done durably afterwards.
 */
public final class UnflushedCommit {

    /**
     * A condition, always true, for the writing statement's {@code WHERE}: evaluated where the
     * statement writes, it makes the transaction's commit not wait for the disk. Any statement
     * after it on the same connection, in its own transaction, commits durably again.
     */
    public static final String CONDITION = "set_config('synchronous_commit', 'off', true) = 'off'";

    private UnflushedCommit() {
    }
}
