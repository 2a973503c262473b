package org.matricula.platform.crm.acquiring;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.payments.AcquiringException;
import org.matricula.api.payments.AcquiringProvider;
import org.matricula.api.payments.PaymentOutcome;
import org.matricula.api.payments.PaymentRedirect;
import org.matricula.api.payments.PaymentRequest;
import org.matricula.api.payments.ProviderNotification;
import org.matricula.api.payments.RefundRequest;
import org.matricula.api.payments.RefundResult;
import org.matricula.platform.audit.AuditLog;
import org.matricula.platform.crm.billing.Amounts;
import org.matricula.platform.crm.billing.Payments;
import org.matricula.platform.errors.Conflict;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.NotFoundException;
import org.matricula.platform.http.JsonMapper;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.plugins.PluginFailure;
import org.matricula.platform.plugins.PluginService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payments through acquiring providers (plugins implementing {@link AcquiringProvider}): starts
 * a provider's payment for an invoice, applies the provider's verified notifications once each,
 * and gives money back. A payment's state only moves forward, CREATED -> SUCCEEDED -> REFUNDED
 * or CREATED -> CANCELLED, so notifications delivered twice or out of order change nothing more;
 * the money is booked through {@link Payments} under keys made of the provider's ids, which are
 * unique there too.
 */
public final class Acquiring {

    private static final Logger LOG = LoggerFactory.getLogger(Acquiring.class);
    static final String CURRENCY = "RUB";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMapper.create();
    /** The reasons a success was told but not booked, which the payment's booked success resolves. */
    private static final List<String> UNBOOKED_SUCCESS = List.of("acquiring.attention.amount",
            "acquiring.attention.currency", "acquiring.attention.unrepresentable",
            "acquiring.attention.notBooked.PAYMENT");
    /** What a payment is marked with, its stored key and arguments in one digest. */
    private static final String MARK = "md5(attention_key || ' ' || attention_args)";

    private final Jdbi jdbi;
    private final PluginService plugins;
    private final Payments payments;
    private final String baseUrl;
    private final Clock clock;
    private final AuditLog audit;

    public Acquiring(Jdbi jdbi, PluginService plugins, Payments payments, String baseUrl, Clock clock,
            AuditLog audit) {
        this.audit = audit;
        this.jdbi = jdbi;
        this.plugins = plugins;
        this.payments = payments;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.clock = clock;
    }

    /** A provider offered by a started plugin, under the plugin's id. */
    public record Provider(String id, AcquiringProvider provider) {
    }

    /** A payment made through a provider, as kept here. */
    public record AcquiringPayment(UUID id, String provider, String providerPaymentId, UUID invoiceId,
            String invoiceNumber, UUID personId, BigDecimal amount, BigDecimal refunded, String state,
            String confirmationUrl, Instant createdAt, String attention) {
    }

    /**
     * What a notification did: APPLIED, DUPLICATE (known already, or a state behind), IGNORED, or
     * REFUSED (verified, but not bookable as it is: nothing booked, the payment left for a person).
     */
    public enum Result { APPLIED, DUPLICATE, IGNORED, REFUSED }

    /** The started plugins' providers that are ready to take payments, in the order of their plugin ids. */
    public List<Provider> providers() {
        return plugins.extensions(AcquiringProvider.class).stream()
                .map(provider -> new Provider(plugins.pluginIdOf(provider).orElse(""), provider)).filter(this::ready)
                .sorted(java.util.Comparator.comparing(Provider::id)).toList();
    }

    private boolean ready(Provider provider) {
        try {
            return call(provider, "to say whether it is ready", AcquiringProvider::ready);
        } catch (AcquiringException broken) {
            LOG.warn("Acquiring provider {} failed to say whether it is ready: {}", provider.id(), broken.getMessage());
            return false;
        }
    }

    public Optional<Provider> provider(String pluginId) {
        return offered(pluginId).filter(this::ready);
    }

    /** The provider a started plugin offers, ready or not. */
    private Optional<Provider> offered(String pluginId) {
        return plugins.extensionsOf(AcquiringProvider.class, pluginId).stream().findFirst()
                .map(provider -> new Provider(pluginId, provider));
    }

    /** A call into a provider's plugin. */
    @FunctionalInterface
    private interface ProviderCall<T> {
        T on(AcquiringProvider provider) throws AcquiringException;
    }

    /**
     * The provider's plugin failed in its own code rather than telling an {@link AcquiringException}
     * of its provider: whether the provider did what it was asked is not known.
     */
    private static final class PluginFailed extends AcquiringException {
        private static final long serialVersionUID = 1L;

        PluginFailed(PluginFailure failure) {
            super(failure.getMessage(), failure);
        }
    }

    /**
     * Calls the provider's plugin, whose failures of its own come back as a {@link PluginFailed}
     * naming the plugin, in one line ({@link PluginService#failure}), so that no caller, least of
     * all a provider's notification, is answered 500 for a plugin's fault.
     */
    private <T> T call(Provider provider, String doing, ProviderCall<T> call) throws AcquiringException {
        try {
            return call.on(provider.provider());
        } catch (AcquiringException told) {
            throw told;
        } catch (Throwable broken) {
            throw new PluginFailed(plugins.failure(provider.id(), provider.provider(), doing, broken));
        }
    }

    /**
     * Starts paying what is due on one of the account's invoices: the provider creates its payment
     * and answers where to send the payer. Nothing is booked until the provider notifies.
     */
    public AcquiringPayment start(UUID account, UUID invoiceId, Locale locale) {
        Provider provider = providers().stream().findFirst()
                .orElseThrow(() -> Conflict.localized("acquiring.none"));
        Map<String, Object> invoice = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT i.id, i.number, i.person_id, i.total, i.paid, i.status
                FROM invoices i JOIN person_accounts pa ON pa.person_id = i.person_id
                WHERE i.id = :invoice AND pa.account_id = :account""")
                .bind("invoice", invoiceId).bind("account", account).mapToMap().findOne())
                .orElseThrow(() -> new NotFoundException(Messages.text(locale, "billing.invoiceNotFound")));
        if ("CANCELLED".equals(invoice.get("status"))) {
            throw Conflict.localized("billing.payment.cancelled");
        }
        BigDecimal due = ((BigDecimal) invoice.get("total")).subtract((BigDecimal) invoice.get("paid"));
        if (due.signum() <= 0) {
            throw Conflict.localized("acquiring.nothingDue");
        }
        BigDecimal amount = due.setScale(2, RoundingMode.UNNECESSARY);
        // One payment per invoice at a time: a second press of "Pay" (or a second tab) while the
        // first payment waits for the payer is sent to that payment, not to a new one. The lock is
        // the invoice's, held while the provider answers (bounded by its timeout).
        return jdbi.inTransaction(handle -> {
            handle.execute("SELECT pg_advisory_xact_lock(hashtext('acquiring:' || ?))", invoiceId.toString());
            Optional<UUID> waiting = handle.createQuery("""
                    SELECT id FROM acquiring_payments
                    WHERE invoice_id = :invoice AND provider = :provider AND state = 'CREATED' AND amount = :amount
                      AND attention_key IS NULL AND created_at > now() - interval '30 minutes'
                    ORDER BY created_at DESC LIMIT 1""")
                    .bind("invoice", invoiceId).bind("provider", provider.id()).bind("amount", amount)
                    .mapTo(UUID.class).findOne();
            UUID id = waiting.orElseGet(() -> create(handle, provider, invoice, amount, locale));
            return payment(handle, id, locale);
        });
    }

    private UUID create(Handle handle, Provider provider, Map<String, Object> invoice, BigDecimal due, Locale locale) {
        UUID invoiceId = (UUID) invoice.get("id");
        UUID id = UUID.randomUUID();
        String number = (String) invoice.get("number");
        PaymentRequest request = new PaymentRequest(number, due, CURRENCY,
                Messages.text(locale, "acquiring.description", number), baseUrl + "/office/payments/" + id,
                id.toString(), Map.of("invoiceNumber", number, "invoiceId", invoiceId.toString(),
                        "paymentId", id.toString()));
        PaymentRedirect redirect;
        try {
            redirect = call(provider, "to create a payment",
                    creating -> Objects.requireNonNull(creating.create(request), "create answered null"));
        } catch (AcquiringException failed) {
            LOG.warn("Acquiring provider {} did not create a payment for invoice {}: {}", provider.id(), number,
                    failed.getMessage());
            throw Conflict.localized("acquiring.unavailable");
        }
        handle.createUpdate("""
                INSERT INTO acquiring_payments (id, provider, provider_payment_id, invoice_id, person_id, amount,
                    currency, idempotency_key, confirmation_url)
                VALUES (:id, :provider, :providerId, :invoice, :person, :amount, :currency, :key, :url)""")
                .bind("id", id).bind("provider", provider.id()).bind("providerId", redirect.providerPaymentId())
                .bind("invoice", invoiceId).bind("person", invoice.get("person_id")).bind("amount", due)
                .bind("currency", CURRENCY).bind("key", id.toString()).bind("url", redirect.confirmationUrl())
                .execute();
        return id;
    }

    /**
     * Hands a notification to the provider it was sent for, which verifies it, and applies the
     * outcome.
     *
     * @throws NotFoundException when no started plugin of that id offers acquiring, or its
     *     provider is not configured (so it cannot verify anything)
     * @throws AcquiringException when the provider could not verify it now, or its plugin failed
     *     (nothing is stored before it has verified the notification)
     */
    public Result notify(String pluginId, ProviderNotification notification) throws AcquiringException {
        Provider provider = offered(pluginId).orElseThrow(() -> unknownProvider(pluginId));
        if (!call(provider, "to say whether it is ready", AcquiringProvider::ready)) {
            throw unknownProvider(pluginId);
        }
        Optional<PaymentOutcome> outcome = call(provider, "to verify a notification",
                verifying -> Objects.requireNonNull(verifying.verify(notification), "verify answered null"));
        if (outcome.isEmpty()) {
            return Result.IGNORED;
        }
        Result result = apply(pluginId, outcome.get());
        if (result == Result.APPLIED || result == Result.REFUSED) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("outcome", outcome.get().kind().name());
            after.put("providerPaymentId", outcome.get().providerPaymentId());
            after.put("providerRefundId", outcome.get().providerRefundId());
            // as the provider said it, unrounded: a refused amount may be one no column holds
            after.put("amount", outcome.get().amount());
            after.put("currency", outcome.get().currency());
            after.put("result", result.name());
            try {
                audit.machine("acquiring:" + pluginId, "NOTIFY", "/api/v1/acquiring/" + pluginId + "/notifications",
                        JSON.writeValueAsString(after));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }

    private static NotFoundException unknownProvider(String pluginId) {
        return new NotFoundException(Messages.text(Locale.ENGLISH, "acquiring.unknownProvider", pluginId));
    }

    /**
     * Applies one verified outcome, once, moving the payment's state only forward. An outcome that
     * cannot be booked as it is books nothing at all (its transaction is undone) and is REFUSED:
     * the payment is marked with the reason for a person to look at, and the provider is answered
     * as for any notification taken, since delivering it again would change nothing.
     */
    public Result apply(String providerId, PaymentOutcome outcome) {
        try {
            return jdbi.inTransaction(handle -> applyLocked(handle, providerId, outcome));
        } catch (Unbookable refused) {
            markForAttention(providerId, outcome, refused);
            return Result.REFUSED;
        }
    }

    private Result applyLocked(Handle handle, String providerId, PaymentOutcome outcome) {
        Optional<Row> found = handle.createQuery("""
                SELECT id, invoice_id, person_id, amount, refunded, state, currency FROM acquiring_payments
                WHERE provider = :provider AND provider_payment_id = :providerId FOR UPDATE""")
                .bind("provider", providerId).bind("providerId", outcome.providerPaymentId())
                .map((rs, ctx) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getString(6),
                        rs.getString(7)))
                .findOne();
        if (found.isEmpty()) {
            LOG.warn("Acquiring notification from {} for unknown payment {} ignored", providerId,
                    outcome.providerPaymentId());
            return Result.IGNORED;
        }
        Row row = found.get();
        switch (outcome.kind()) {
            case SUCCEEDED:
                if (!row.state().equals("CREATED")) {
                    return Result.DUPLICATE; // succeeded before, or cancelled: never backwards
                }
                BigDecimal received = bookable(row, outcome, false);
                if (received.compareTo(row.amount()) != 0) {
                    // the provider's payment was made for the row's amount: another amount is
                    // not this payment as it was asked for
                    throw new Unbookable(row.id(), "acquiring.attention.amount", plain(received),
                            plain(row.amount()), row.currency());
                }
                succeed(handle, providerId, outcome.providerPaymentId(), row, received);
                return Result.APPLIED;
            case CANCELLED:
                if (!row.state().equals("CREATED")) {
                    return Result.DUPLICATE;
                }
                setState(handle, row.id(), "CANCELLED", row.refunded());
                return Result.APPLIED;
            case REFUNDED:
                return refunded(handle, providerId, outcome, row, null);
            default:
                return Result.IGNORED;
        }
    }

    private record Row(UUID id, UUID invoiceId, UUID personId, BigDecimal amount, BigDecimal refunded, String state,
            String currency) {
    }

    /**
     * A verified outcome that is not booked: the payment it is for, and why, as a message key of
     * the bundles and its arguments, so that the log, the audit and the staff's pages say the same.
     * {@code detail} is what billing said, for the log only.
     */
    private static final class Unbookable extends RuntimeException {
        private final UUID paymentId;
        private final String key;
        private final List<String> args;
        private final String detail;

        Unbookable(UUID paymentId, String key, String... args) {
            this(paymentId, key, List.of(args), null);
        }

        Unbookable(UUID paymentId, String key, List<String> args, String detail) {
            super(key, null, false, false);
            this.paymentId = paymentId;
            this.key = key;
            this.args = args;
            this.detail = detail;
        }
    }

    /**
     * The outcome's amount as it is booked, when it is in the payment's currency and an amount
     * that can be booked exactly: rounding what the provider verified would book money nobody paid.
     * The reasons of a refund are its own, so that the payment's later success does not clear them.
     */
    private static BigDecimal bookable(Row row, PaymentOutcome outcome, boolean refund) {
        BigDecimal amount = outcome.amount();
        if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2 || amount.compareTo(Amounts.MAX) > 0) {
            throw new Unbookable(row.id(), refund ? "acquiring.attention.refundUnrepresentable"
                    : "acquiring.attention.unrepresentable", amount.toPlainString(), String.valueOf(outcome.currency()));
        }
        String currency = outcome.currency() == null ? "" : outcome.currency().strip();
        if (!currency.equalsIgnoreCase(row.currency())) {
            throw new Unbookable(row.id(), refund ? "acquiring.attention.refundCurrency" : "acquiring.attention.currency",
                    plain(amount), currency.isEmpty() ? "?" : currency, plain(row.amount()), row.currency());
        }
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    private static String plain(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    private void markForAttention(String providerId, PaymentOutcome outcome, Unbookable refused) {
        boolean marked = mark(refused.paymentId, refused.key, refused.args);
        String reason = Messages.text(Locale.ENGLISH, refused.key, refused.args.toArray());
        String detail = refused.detail == null ? "" : " (billing: " + refused.detail + ")";
        if (marked) {
            LOG.warn("Acquiring {} of payment {} from {} not booked, left for a person: {}{}", outcome.kind(),
                    outcome.providerPaymentId(), providerId, reason, detail);
        } else { // told again: the payment is marked already
            LOG.info("Acquiring {} of payment {} from {} not booked again: {}{}", outcome.kind(),
                    outcome.providerPaymentId(), providerId, reason, detail);
        }
    }

    /**
     * Marks the payment for a person with why, as a message key and its arguments; false when it
     * was marked so already.
     */
    private boolean mark(UUID paymentId, String key, List<String> reasonArgs) {
        String args;
        try {
            args = JSON.writeValueAsString(reasonArgs);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return jdbi.withHandle(handle -> handle.createUpdate("""
                UPDATE acquiring_payments SET attention_key = :key, attention_args = :args, updated_at = :now
                WHERE id = :id AND (attention_key IS DISTINCT FROM :key OR attention_args IS DISTINCT FROM :args)""")
                .bind("key", key).bind("args", args).bind("now", clock.instant()).bind("id", paymentId)
                .execute()) > 0;
    }

    /**
     * Books the payment's receipt. A reason its success was not booked before (another amount or
     * currency told first, say) is resolved by it and goes; a refund's reason stays, as that refund
     * is still not booked.
     */
    private void succeed(Handle handle, String providerId, String providerPaymentId, Row row, BigDecimal amount) {
        Payments.Recorded recorded = book(handle, "PAYMENT", "acquiring:" + providerId + ":" + providerPaymentId, row,
                amount, "acquiring " + providerId + " " + providerPaymentId);
        handle.createUpdate("""
                UPDATE acquiring_payments SET state = 'SUCCEEDED', amount = :amount, payment_id = :payment,
                    updated_at = :now,
                    attention_args = CASE WHEN attention_key = ANY(:resolved) THEN NULL ELSE attention_args END,
                    attention_key = CASE WHEN attention_key = ANY(:resolved) THEN NULL ELSE attention_key END
                WHERE id = :id""").bind("amount", amount).bind("payment", recorded.payment().id())
                .bindArray("resolved", String.class, UNBOOKED_SUCCESS).bind("now", clock.instant())
                .bind("id", row.id()).execute();
    }

    private Result refunded(Handle handle, String providerId, PaymentOutcome outcome, Row row, UUID actor) {
        if (row.state().equals("CANCELLED")) {
            LOG.warn("Acquiring refund {} of cancelled payment {} ignored", outcome.providerRefundId(), row.id());
            return Result.IGNORED;
        }
        Optional<String> known = handle.createQuery("""
                SELECT state FROM acquiring_refunds WHERE provider = :provider AND provider_refund_id = :refund
                FOR UPDATE""").bind("provider", providerId).bind("refund", outcome.providerRefundId())
                .mapTo(String.class).findOne();
        if (known.isPresent() && known.get().equals("SUCCEEDED")) {
            return Result.DUPLICATE;
        }
        BigDecimal amount = bookable(row, outcome, true);
        BigDecimal left = row.amount().subtract(row.refunded());
        if (amount.compareTo(left) > 0) {
            throw new Unbookable(row.id(), "acquiring.attention.refundBeyond", plain(amount), plain(left),
                    row.currency());
        }
        Row current = row;
        if (row.state().equals("CREATED")) {
            // a refund told before the payment's success: the money was received, book that first
            try {
                succeed(handle, providerId, outcome.providerPaymentId(), row, row.amount());
            } catch (Unbookable receiptRefused) {
                // told as the refund's, which the receipt's later success would not book
                throw new Unbookable(row.id(), "acquiring.attention.refundBeforePayment",
                        List.of(plain(amount), row.currency()), receiptRefused.detail);
            }
            current = new Row(row.id(), row.invoiceId(), row.personId(), row.amount(), row.refunded(), "SUCCEEDED",
                    row.currency());
        }
        Payments.Recorded recorded = book(handle, "REFUND", "acquiring:" + providerId + ":refund:"
                + outcome.providerRefundId(), current, amount, "acquiring " + providerId + " refund "
                + outcome.providerRefundId());
        if (known.isPresent()) {
            handle.createUpdate("""
                    UPDATE acquiring_refunds SET state = 'SUCCEEDED', amount = :amount, payment_id = :payment
                    WHERE provider = :provider AND provider_refund_id = :refund""").bind("amount", amount)
                    .bind("payment", recorded.payment().id()).bind("provider", providerId)
                    .bind("refund", outcome.providerRefundId()).execute();
        } else {
            handle.createUpdate("""
                    INSERT INTO acquiring_refunds (acquiring_payment_id, provider_refund_id, provider, amount, state,
                        payment_id, actor_id)
                    VALUES (:payment, :refund, :provider, :amount, 'SUCCEEDED', :booked, :actor)""")
                    .bind("payment", row.id()).bind("refund", outcome.providerRefundId()).bind("provider", providerId)
                    .bind("amount", amount).bind("booked", recorded.payment().id()).bind("actor", actor).execute();
        }
        BigDecimal refunded = current.refunded().add(amount);
        setState(handle, row.id(), refunded.compareTo(current.amount()) >= 0 ? "REFUNDED" : "SUCCEEDED", refunded);
        return Result.APPLIED;
    }

    /**
     * Books money on the payment's invoice; when the invoice no longer takes it (cancelled
     * meanwhile, or a refund beyond what is paid on it), on the person's balance; when neither
     * does, nothing: {@link Unbookable}.
     */
    private Payments.Recorded book(Handle handle, String kind, String key, Row row, BigDecimal amount, String note) {
        if (row.invoiceId() != null) {
            try {
                return payments.record(handle, new Payments.Input(kind, "ACQUIRING", key, row.invoiceId(), null, null,
                        amount.toPlainString(), null, note, null), Locale.ENGLISH);
            } catch (InvalidInputException refused) {
                LOG.info("Acquiring {} {} not taken by its invoice, so on the balance: {}", kind, key,
                        refused.getMessage());
            }
        }
        try {
            return payments.record(handle, new Payments.Input(kind, "ACQUIRING", key, null, row.personId(), null,
                    amount.toPlainString(), null, note, null), Locale.ENGLISH);
        } catch (InvalidInputException refused) {
            throw new Unbookable(row.id(), "acquiring.attention.notBooked." + kind,
                    List.of(plain(amount), row.currency()), refused.getMessage());
        }
    }

    private void setState(Handle handle, UUID id, String state, BigDecimal refunded) {
        handle.createUpdate("""
                UPDATE acquiring_payments SET state = :state, refunded = :refunded, updated_at = :now
                WHERE id = :id""").bind("state", state).bind("refunded", refunded).bind("now", clock.instant())
                .bind("id", id).execute();
    }

    /**
     * Gives back money of a succeeded payment through its provider: at most what is left of it.
     * Booked at once when the provider says it is done, else when its notification comes.
     */
    public Map<String, Object> refund(UUID paymentId, String amountTyped, UUID actor, Locale locale) {
        AcquiringPayment payment = payment(paymentId, locale);
        BigDecimal pending = jdbi.withHandle(handle -> handle.createQuery("""
                SELECT coalesce(sum(amount), 0) FROM acquiring_refunds
                WHERE acquiring_payment_id = :id AND state = 'PENDING'""").bind("id", paymentId)
                .mapTo(BigDecimal.class).one());
        BigDecimal left = payment.amount().subtract(payment.refunded()).subtract(pending).max(BigDecimal.ZERO)
                .setScale(2);
        BigDecimal amount = RefundAmount.parse(amountTyped, left, locale);
        if (!payment.state().equals("SUCCEEDED")) {
            throw Conflict.localized("acquiring.refund.notSucceeded");
        }
        Provider provider = provider(payment.provider())
                .orElseThrow(() -> Conflict.localized("acquiring.refund.providerGone", payment.provider()));
        RefundRequest request = new RefundRequest(payment.providerPaymentId(), amount, CURRENCY,
                Messages.text(locale, "acquiring.refund.description", payment.invoiceNumber() == null ? ""
                        : payment.invoiceNumber()), UUID.randomUUID().toString());
        RefundResult result;
        try {
            result = call(provider, "to refund a payment",
                    refunding -> Objects.requireNonNull(refunding.refund(request), "refund answered null"));
        } catch (PluginFailed unknown) {
            // the provider may have given the money back before the plugin failed: asking again
            // could refund twice, so the payment is left for a person to check with the provider
            LOG.warn("Acquiring refund of {} {} of payment {} left for a person: {}", plain(amount), CURRENCY,
                    payment.providerPaymentId(), unknown.getMessage());
            mark(paymentId, "acquiring.attention.refundUnknown", List.of(payment.provider(), plain(amount), CURRENCY));
            throw Conflict.localized("acquiring.refund.pluginFailed", payment.provider());
        } catch (AcquiringException failed) {
            LOG.warn("Acquiring provider {} did not refund payment {}: {}", payment.provider(),
                    payment.providerPaymentId(), failed.getMessage());
            throw Conflict.localized("acquiring.unavailable");
        }
        Result applied;
        if (result.succeeded()) {
            applied = apply(payment.provider(), PaymentOutcome.refunded(payment.providerPaymentId(),
                    result.providerRefundId(), result.amount(), CURRENCY));
        } else {
            jdbi.useHandle(handle -> handle.createUpdate("""
                    INSERT INTO acquiring_refunds (acquiring_payment_id, provider_refund_id, provider, amount, actor_id)
                    VALUES (:payment, :refund, :provider, :amount, :actor)
                    ON CONFLICT (provider, provider_refund_id) DO NOTHING""").bind("payment", paymentId)
                    .bind("refund", result.providerRefundId()).bind("provider", payment.provider())
                    .bind("amount", money(result.amount())).bind("actor", actor).execute());
            applied = Result.IGNORED;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refundId", result.providerRefundId());
        body.put("amount", money(result.amount()));
        body.put("booked", applied == Result.APPLIED);
        body.put("payment", payment(paymentId, locale));
        return body;
    }

    /**
     * A digest of what the payment is marked with, for a person's confirmation to name the reason
     * they read; empty when nothing is amiss.
     */
    public Optional<String> attentionMark(UUID paymentId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + MARK
                + " FROM acquiring_payments WHERE id = :id AND attention_key IS NOT NULL").bind("id", paymentId)
                .mapTo(String.class).findOne());
    }

    /**
     * Takes the mark off a payment once a person has checked it with the provider and booked by
     * hand what was needed. {@code seen} (from {@link #attentionMark}), when given, is the reason
     * they read: another reason marked since is not dismissed unread.
     *
     * @throws NotFoundException for no such payment
     * @throws Conflict when nothing is marked (any more), or another reason was marked since
     */
    public AcquiringPayment resolve(UUID paymentId, String seen, Locale locale) {
        AcquiringPayment payment = payment(paymentId, locale);
        if (payment.attention() == null) {
            throw Conflict.localized("acquiring.attention.none");
        }
        int resolved = jdbi.withHandle(handle -> handle.createUpdate("""
                UPDATE acquiring_payments SET attention_key = NULL, attention_args = NULL, updated_at = :now
                WHERE id = :id AND attention_key IS NOT NULL AND (CAST(:seen AS text) IS NULL OR\s""" + MARK
                + " = :seen)")
                .bind("now", clock.instant()).bind("id", paymentId).bind("seen", seen).execute());
        if (resolved == 0) {
            throw Conflict.localized(attentionMark(paymentId).isPresent() ? "acquiring.attention.changed"
                    : "acquiring.attention.none");
        }
        LOG.info("Acquiring payment {} from {} marked as resolved by a person", payment.providerPaymentId(),
                payment.provider());
        return payment(paymentId, locale);
    }

    public AcquiringPayment payment(UUID id, Locale locale) {
        return jdbi.withHandle(handle -> payment(handle, id, locale));
    }

    private AcquiringPayment payment(Handle handle, UUID id, Locale locale) {
        return list(handle, "a.id = :id", id, locale).stream().findFirst()
                .orElseThrow(() -> new NotFoundException(Messages.text(locale, "acquiring.paymentNotFound")));
    }

    /** A payment of one of the account's invoices. */
    public AcquiringPayment paymentOfAccount(UUID id, UUID account, Locale locale) {
        AcquiringPayment payment = payment(id, locale);
        boolean mine = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM person_accounts WHERE account_id = :account AND person_id = :person")
                .bind("account", account).bind("person", payment.personId()).mapTo(Integer.class).one()) > 0;
        if (!mine) {
            throw new NotFoundException(Messages.text(locale, "acquiring.paymentNotFound"));
        }
        return payment;
    }

    public List<AcquiringPayment> ofInvoice(UUID invoice, Locale locale) {
        return jdbi.withHandle(handle -> list(handle, "a.invoice_id = :id", invoice, locale));
    }

    public List<AcquiringPayment> ofPerson(UUID person, Locale locale) {
        return jdbi.withHandle(handle -> list(handle, "a.person_id = :id", person, locale));
    }

    private static List<AcquiringPayment> list(Handle handle, String where, Object id, Locale locale) {
        return handle.createQuery("""
                SELECT a.id, a.provider, a.provider_payment_id, a.invoice_id, i.number, a.person_id, a.amount,
                       a.refunded, a.state, a.confirmation_url, a.created_at, a.attention_key, a.attention_args
                FROM acquiring_payments a LEFT JOIN invoices i ON i.id = a.invoice_id
                WHERE\s""" + where + " ORDER BY a.created_at DESC").bind("id", id)
                .map((rs, ctx) -> new AcquiringPayment(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, UUID.class), rs.getString(5), rs.getObject(6, UUID.class), rs.getBigDecimal(7),
                        rs.getBigDecimal(8), rs.getString(9), rs.getString(10),
                        rs.getTimestamp(11).toInstant(), attention(rs.getString(12), rs.getString(13), locale))).list();
    }

    /** Why a person must look at the payment, in the reader's language; null when nothing is amiss. */
    private static String attention(String key, String args, Locale locale) {
        if (key == null) {
            return null;
        }
        try {
            return Messages.text(locale, key, (Object[]) JSON.readValue(args, String[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
