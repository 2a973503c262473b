package org.matricula.platform.cluster;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox as a killed node left it. {@code claimed} are the entries it had taken but not
 * finished: the only ones it may have handed over (a mail to the SMTP server, an event to a
 * plugin) without recording so, and so the only ones that may be handed over twice.
 */
record OutboxAtKill(int done, int pending, Set<Long> claimedMails, Set<Long> claimedEvents, int leased) {

    private record Row(long id, String kind, String status, int attempts, boolean leased) {
    }

    static OutboxAtKill read(Jdbi jdbi) {
        List<Row> rows = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id, kind, status, attempts, next_attempt_at > now() AS leased FROM outbox")
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("kind"), rs.getString("status"),
                        rs.getInt("attempts"), rs.getBoolean("leased"))).list());
        List<Row> claimed = rows.stream().filter(row -> row.status().equals("PENDING") && row.attempts() > 0)
                .toList();
        return new OutboxAtKill((int) rows.stream().filter(row -> row.status().equals("DONE")).count(),
                (int) rows.stream().filter(row -> row.status().equals("PENDING")).count(),
                ids(claimed, "mail"), ids(claimed, "event"), (int) claimed.stream().filter(Row::leased).count());
    }

    private static Set<Long> ids(List<Row> rows, String kind) {
        return rows.stream().filter(row -> row.kind().equals(kind)).map(Row::id).collect(Collectors.toSet());
    }

    boolean claimed(long outboxId) {
        return claimedMails.contains(outboxId) || claimedEvents.contains(outboxId);
    }

    @Override
    public String toString() {
        return "outbox at the kill: " + done + " done, " + pending + " pending, of which "
                + (claimedMails.size() + claimedEvents.size()) + " claimed and unfinished (" + claimedMails.size()
                + " mails, " + claimedEvents.size() + " events; " + leased + " still within their lease)";
    }
}
