package org.matricula.platform.demo;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.billing.Invoices;
import org.matricula.platform.crm.billing.Prices;
import org.matricula.platform.crm.deals.Deals;
import org.matricula.platform.crm.deals.Stage;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * The B2B part of {@code --demo}: for each sample organization a deal in every stage of the
 * pipeline (lead, proposal, contract, invoice, won with its organization's invoice, lost with a
 * reason), moved through the stages before it as a manager would, so that the board shows a
 * living pipeline.
 */
final class DemoDeals {

    private static final String[] GROUPS = {"Весенний поток", "Группа руководителей", "Стажёры", "Осенний набор",
        "Выездная группа", "Группа аналитиков"};

    private final Deals deals;
    private final Jdbi jdbi;
    private final Clock clock;
    private final Random random;

    DemoDeals(Jdbi jdbi, Clock clock, Random random) {
        ZoneId zone = TimeDisplay.zone();
        this.deals = new Deals(jdbi, new Invoices(jdbi, new Prices(jdbi), new Timeline(jdbi), clock, zone), clock,
                false);
        this.jdbi = jdbi;
        this.clock = clock;
        this.random = random;
    }

    /** Answers how many deals were made. */
    int seed(UUID admin) {
        List<Long> organizations = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id FROM organizations ORDER BY id").mapTo(Long.class).list());
        List<Long> programs = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id FROM programs ORDER BY id").mapTo(Long.class).list());
        if (organizations.isEmpty() || programs.isEmpty()) {
            return 0;
        }
        int made = 0;
        for (long organization : organizations) {
            for (Stage target : Stage.PIPELINE) {
                int seats = 5 + random.nextInt(36);
                Deals.Deal deal = deals.create(new Deals.Input(organization,
                        programs.get(random.nextInt(programs.size())), GROUPS[random.nextInt(GROUPS.length)],
                        String.valueOf(seats), String.valueOf((15 + random.nextInt(46)) * 1000),
                        LocalDate.now(clock).plusDays(10 + random.nextInt(80)).toString(),
                        String.valueOf(probability(target)), admin.toString()), admin, Messages.RUSSIAN);
                for (Stage stage : Stage.PIPELINE) {
                    if (stage == Stage.LEAD) {
                        continue;
                    }
                    if (stage == target || stage.ordinal() < target.ordinal() && !stage.closed()) {
                        deals.move(deal.id(), stage.name(), stage == Stage.LOST ? "Бюджет перенесён на следующий год"
                                : "", admin, Messages.RUSSIAN);
                    }
                    if (stage == target) {
                        break;
                    }
                }
                made++;
            }
        }
        return made;
    }

    private static int probability(Stage stage) {
        return switch (stage) {
            case LEAD -> 10;
            case PROPOSAL -> 30;
            case CONTRACT -> 60;
            case INVOICE -> 80;
            default -> 50;
        };
    }
}
