package org.matricula.platform.registration;

import java.util.List;
import java.util.Locale;

/** A declaration's history as the pages show it. */
public record HistoryView(String at, String from, String to, String comment, String actor) {

    static List<HistoryView> of(List<HistoryEntry> history, Locale locale) {
        return history.stream().map(entry -> new HistoryView(DeclarationView.when(entry.at(), locale),
                entry.from() == null ? "" : entry.from().label().in(locale), entry.to().label().in(locale),
                entry.comment(), entry.actorEmail() == null ? "" : entry.actorEmail())).toList();
    }
}
