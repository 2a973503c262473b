package org.matricula.platform.registration;

import java.time.Instant;

/** One status change of a declaration, with the comment and who made it. */
public record HistoryEntry(Status from, Status to, String comment, String actorEmail, Instant at) {
}
