package org.matricula.platform.crm.deals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.matricula.platform.i18n.Label;

/** Where a deal stands. A retail deal is OPEN, WON or LOST; a B2B deal goes LEAD to INVOICE, then WON or LOST. */
public enum Stage {
    OPEN, LEAD, PROPOSAL, CONTRACT, INVOICE, WON, LOST;

    /** The stages of a B2B deal, in pipeline order: the board's columns. */
    public static final List<Stage> PIPELINE = List.of(LEAD, PROPOSAL, CONTRACT, INVOICE, WON, LOST);

    public boolean closed() {
        return this == WON || this == LOST;
    }

    public Label label() {
        return Label.of("deals.stage." + name());
    }

    public static Optional<Stage> parse(String code) {
        return Arrays.stream(values()).filter(stage -> stage.name().equalsIgnoreCase(code == null ? "" : code.strip()))
                .findFirst();
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(Stage::name).toList();
    }
}
