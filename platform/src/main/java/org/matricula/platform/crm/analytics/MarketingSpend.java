package org.matricula.platform.crm.analytics;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.billing.Amounts;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;

/**
 * Marketing spend per channel, campaign and month: what the school paid to bring persons in, the
 * numerator of the customer acquisition cost. Entered again for the same channel, campaign and
 * month, an amount replaces the one before.
 */
public final class MarketingSpend {

    /** One month's spend of a channel, or of one campaign in it (campaign "" for the channel as a whole). */
    public record Spend(long id, String channel, String campaign, YearMonth month, BigDecimal amount) {
    }

    /** Spend as typed: month as {@code YYYY-MM}, amount as a decimal with at most two places. */
    public record Input(String channel, String campaign, String month, String amount) {
    }

    private final Jdbi jdbi;

    public MarketingSpend(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Records the spend, replacing an amount entered before for the same channel, campaign and month. */
    public Spend set(Input input, Locale locale) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        String channel = input.channel() == null ? "" : input.channel().strip();
        if (channel.isEmpty() || channel.length() > 100) {
            problems.add(new Problem.FieldProblem("channel", Messages.text(locale, "analytics.spend.channelInvalid")));
        }
        String campaign = input.campaign() == null ? "" : input.campaign().strip();
        if (campaign.length() > 200) {
            problems.add(new Problem.FieldProblem("campaign", Messages.text(locale, "analytics.spend.campaignInvalid")));
        }
        YearMonth month = month(input.month());
        if (month == null || month.getYear() < 2000 || month.getYear() > 2999) {
            problems.add(new Problem.FieldProblem("month", Messages.text(locale, "analytics.spend.monthInvalid")));
        }
        BigDecimal amount = amount(input.amount());
        if (amount == null) {
            problems.add(new Problem.FieldProblem("amount", Messages.text(locale, "analytics.spend.amountInvalid")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        return jdbi.withHandle(handle -> handle.createQuery("""
                INSERT INTO marketing_spend (channel, campaign, month, amount) VALUES (:channel, :campaign, :month, :amount)
                ON CONFLICT (channel, campaign, month) DO UPDATE SET amount = EXCLUDED.amount, updated_at = now()
                RETURNING id, channel, campaign, month, amount""")
                .bind("channel", channel).bind("campaign", campaign).bind("month", month.atDay(1))
                .bind("amount", amount).map((rs, ctx) -> spend(rs)).one());
    }

    /** The spend of the months from {@code from} to {@code to}, both included. */
    public List<Spend> between(YearMonth from, YearMonth to) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                SELECT id, channel, campaign, month, amount FROM marketing_spend
                WHERE month BETWEEN :from AND :to ORDER BY month DESC, channel, campaign""")
                .bind("from", from.atDay(1)).bind("to", to.atDay(1)).map((rs, ctx) -> spend(rs)).list());
    }

    public Spend find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                "SELECT id, channel, campaign, month, amount FROM marketing_spend WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> spend(rs)).findOne())
                .orElseThrow(() -> NotFoundException.localized("analytics.spend.notFound"));
    }

    /** Removes one month's spend entered by mistake. */
    public Spend delete(long id) {
        Spend spend = find(id);
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM marketing_spend WHERE id = :id").bind("id", id)
                .execute());
        return spend;
    }

    private static Spend spend(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Spend(rs.getLong("id"), rs.getString("channel"), rs.getString("campaign"),
                YearMonth.from(rs.getDate("month").toLocalDate()), rs.getBigDecimal("amount"));
    }

    /** A month typed as YYYY-MM (a date's day is ignored); null when it is not one. */
    static YearMonth month(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String value = typed.strip();
        try {
            return YearMonth.parse(value.length() == 10 ? value.substring(0, 7) : value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An amount of roubles, zero or more, kopecks at most; null when it is not one. */
    static BigDecimal amount(String typed) {
        BigDecimal value = Amounts.typed(typed);
        return value == null || value.signum() < 0 ? null : value;
    }
}
