package org.matricula.platform.config;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/** Every configuration key the platform knows. Documented in {@code config/matricula.properties}. */
public final class Settings {

    public static final Setting<String> HTTP_HOST = text("http.host", "0.0.0.0", "a host name or IP address");
    public static final Setting<String> BASE_URL = text("http.base-url", "",
            "empty (http://localhost and the http.port) or the public address of the server, used in mailed links");
    public static final Setting<Integer> HTTP_PORT = new Setting<>("http.port", "8080",
            "a port number from 0 to 65535 (0 picks a free port)", raw -> between(Integer.parseInt(raw), 0, 65535));
    /**
     * The reverse proxies in front of the server: only on a connection from one of them are the
     * client's address and scheme taken from the forwarding headers (see http.TrustedProxies).
     */
    public static final Setting<AddressRanges> HTTP_TRUSTED_PROXIES = new Setting<>("http.trusted-proxies", "",
            "empty (no proxy) or a comma-separated list of IP addresses and CIDR ranges such as "
            + "127.0.0.1, 10.0.0.0/8, ::1", AddressRanges::parse);
    public static final Setting<String> DB_URL = new Setting<>("db.url", "",
            "empty (embedded PostgreSQL) or a jdbc:postgresql:// URL", Settings::jdbcUrl);
    public static final Setting<String> DB_USER = text("db.user", "", "a user name");
    public static final Setting<String> DB_PASSWORD = text("db.password", "", "a password");
    public static final Setting<Integer> DB_POOL_SIZE = new Setting<>("db.pool-size", "auto",
            "auto (four per core, at least 8) or a whole number from 1 to 200",
            raw -> raw.equals("auto") ? Math.max(8, 4 * cores()) : between(Integer.parseInt(raw), 1, 200));
    /**
     * As many threads as the pool has connections by default: with twice as many, on two cores,
     * a submission cost the server a fifth more CPU (threads switching, waiting for a connection)
     * and waited longer at the slowest (docs/performance.md, "Fewer request threads").
     */
    public static final Setting<Integer> HTTP_THREADS = new Setting<>("http.threads", "auto",
            "auto (four per core, at least 8) or a whole number from 8 to 1000",
            raw -> raw.equals("auto") ? Math.max(8, 4 * cores()) : between(Integer.parseInt(raw), 8, 1000));
    public static final Setting<Integer> DB_EMBEDDED_PORT = new Setting<>("db.embedded.port", "0",
            "a port number from 0 to 65535 (0 picks a free port)", raw -> between(Integer.parseInt(raw), 0, 65535));
    /**
     * The embedded PostgreSQL's cache of table and index pages, in megabytes. PostgreSQL's own
     * default (128 MB) holds less than the persons of a large CRM with their indexes, and each
     * page read past it comes from the system's cache at several times the cost.
     */
    public static final Setting<Integer> DB_EMBEDDED_SHARED_BUFFERS = new Setting<>("db.embedded.shared-buffers",
            "auto", "auto (a quarter of the machine's memory, from 128MB to 2GB) or a size from 16MB to 64GB such as "
            + "512MB or 2GB", raw -> raw.equals("auto") ? quarterOfMemoryMegabytes() : megabytes(raw, 16, 65_536));
    /**
     * Whether the embedded PostgreSQL counts and times every statement ({@code pg_stat_statements}),
     * for finding what takes its time; off by default, as it costs a few per cent of its CPU.
     */
    public static final Setting<Boolean> DB_EMBEDDED_STATEMENT_STATISTICS = new Setting<>(
            "db.embedded.statement-statistics", "false", "true or false", Settings::bool);
    public static final Setting<Path> DATA_DIR = new Setting<>("data.dir", "data", "a folder path", Path::of);
    public static final Setting<Path> PLUGINS_DIR = new Setting<>("plugins.dir", "plugins", "a folder path", Path::of);
    public static final Setting<Duration> PLUGINS_SCAN_INTERVAL = new Setting<>("plugins.scan-interval", "2s",
            "a duration such as 2s, 500ms or 1m", Settings::duration);
    public static final Setting<String> ADMIN_TOKEN = text("admin.token", "",
            "empty (admin API closed) or a secret of at least 16 characters");
    public static final Setting<String> INITIAL_ADMIN_EMAIL = text("admin.initial-email", "",
            "empty or the address of the first platform admin");
    public static final Setting<String> INITIAL_ADMIN_PASSWORD = text("admin.initial-password", "",
            "empty or the first platform admin's password (at least 10 characters)");
    public static final Setting<Duration> SHUTDOWN_GRACE = new Setting<>("http.shutdown-grace", "20s",
            "a duration such as 20s", Settings::duration);
    /** How long a connection may stay silent, also in the middle of a request's body, before it is closed. */
    public static final Setting<Duration> HTTP_IDLE_TIMEOUT = new Setting<>("http.idle-timeout", "30s",
            "a positive duration such as 30s", Settings::positiveDuration);
    public static final Setting<String> MAIL_SMTP_HOST = text("mail.smtp.host", "", "empty (keep mails in the mail log) or a host");
    public static final Setting<Integer> MAIL_SMTP_PORT = new Setting<>("mail.smtp.port", "25",
            "a port number from 1 to 65535", raw -> between(Integer.parseInt(raw), 1, 65535));
    public static final Setting<String> MAIL_SMTP_USER = text("mail.smtp.user", "", "a user name");
    public static final Setting<String> MAIL_SMTP_PASSWORD = text("mail.smtp.password", "", "a password");
    public static final Setting<Boolean> MAIL_SMTP_STARTTLS = new Setting<>("mail.smtp.starttls", "false",
            "true or false", Settings::bool);
    public static final Setting<String> MAIL_FROM = text("mail.from", "matricula@localhost", "a mail address");
    public static final Setting<Duration> OUTBOX_POLL_INTERVAL = new Setting<>("outbox.poll-interval", "1s",
            "a duration such as 1s", Settings::duration);
    public static final Setting<Duration> CRM_FEED_INTERVAL = new Setting<>("crm.feed-interval", "1s",
            "a positive duration such as 1s", Settings::positiveDuration);
    /**
     * Whether this node writes the leads waiting in the lead inbox into the CRM (every node takes
     * leads; at least one must write them).
     */
    public static final Setting<Boolean> CRM_LEAD_WRITER = new Setting<>("crm.lead-writer", "true", "true or false",
            Settings::bool);
    /** How many accounts one client address may open in an hour (0: no limit); see SignUpThrottle. */
    public static final Setting<Integer> SIGN_UPS_PER_HOUR = new Setting<>("accounts.sign-ups-per-hour", "100",
            "a whole number from 0 (no limit) to 100000", raw -> between(Integer.parseInt(raw), 0, 100000));
    /** Whether webhooks may be sent to this machine and private networks (off: refused, against SSRF). */
    public static final Setting<Boolean> WEBHOOKS_ALLOW_PRIVATE_TARGETS = new Setting<>(
            "webhooks.allow-private-targets", "false", "true or false", Settings::bool);
    /** How long delivered and failed webhook deliveries stay in the delivery log (zero: for ever). */
    public static final Setting<Duration> WEBHOOKS_DELIVERY_RETENTION = new Setting<>("webhooks.delivery-retention",
            "30d", "empty or 0 (keep forever) or a duration such as 30d", Settings::optionalDuration);
    public static final Setting<Duration> AUTOMATION_RETRY_BACKOFF = new Setting<>("automation.retry-backoff", "30s",
            "a positive duration such as 30s", Settings::positiveDuration);
    public static final Setting<Duration> OUTBOX_LEASE = new Setting<>("outbox.lease", "5m",
            "a positive duration such as 5m", Settings::positiveDuration);
    public static final Setting<Duration> DIGEST_PERIOD = new Setting<>("notify.digest-period", "1h",
            "a duration such as 1h or 30m", Settings::duration);
    public static final Setting<Duration> RETENTION_PERIOD = new Setting<>("privacy.retention-period", "",
            "empty or 0 (keep forever) or a duration such as 365d", Settings::optionalDuration);

    public static final Setting<ZoneId> APP_TIME_ZONE = new Setting<>("app.time-zone", "Europe/Moscow",
            "a time zone such as Europe/Moscow, Asia/Yekaterinburg or UTC", ZoneId::of);

    /** Invoices: whether prices include VAT (20%), and the institute's details printed on them. */
    public static final Setting<Boolean> BILLING_VAT = new Setting<>("billing.vat", "false", "true or false",
            Settings::bool);
    public static final Setting<String> BILLING_PAYEE = text("billing.payee", "", "the institute's legal name");
    public static final Setting<String> BILLING_INN = text("billing.inn", "", "the institute's INN, 10 digits");
    public static final Setting<String> BILLING_KPP = text("billing.kpp", "", "the institute's KPP, 9 digits");
    public static final Setting<String> BILLING_ADDRESS = text("billing.address", "", "the institute's address");
    public static final Setting<String> BILLING_BANK = text("billing.bank", "", "the bank's name");
    public static final Setting<String> BILLING_BIK = text("billing.bik", "", "the bank's BIK, 9 digits");
    public static final Setting<String> BILLING_ACCOUNT = text("billing.account", "",
            "the institute's settlement account, 20 digits");
    public static final Setting<String> BILLING_CORRESPONDENT = text("billing.correspondent-account", "",
            "the bank's correspondent account, 20 digits");

    /** Keys under this prefix form the plugins' own sections: {@code plugin.<id>.<key>}. */
    public static final String PLUGIN_SECTION_PREFIX = "plugin.";

    /**
     * The public address mailed links start with: {@code http.base-url} when set, otherwise this
     * machine on the configured {@code http.port}.
     */
    public static String baseUrl(Configuration config) {
        String configured = config.get(BASE_URL).strip();
        if (!configured.isEmpty()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        int port = config.get(HTTP_PORT);
        return "http://localhost" + (port == 80 ? "" : ":" + (port == 0 ? 8080 : port));
    }

    static final List<Setting<?>> ALL = List.of(HTTP_HOST, HTTP_PORT, BASE_URL, HTTP_THREADS, HTTP_TRUSTED_PROXIES,
            DB_URL, DB_USER, DB_PASSWORD,
            DB_POOL_SIZE, DB_EMBEDDED_PORT, DB_EMBEDDED_SHARED_BUFFERS, DB_EMBEDDED_STATEMENT_STATISTICS, DATA_DIR, PLUGINS_DIR, PLUGINS_SCAN_INTERVAL, ADMIN_TOKEN, INITIAL_ADMIN_EMAIL,
            INITIAL_ADMIN_PASSWORD, SHUTDOWN_GRACE, HTTP_IDLE_TIMEOUT,
            MAIL_SMTP_HOST, MAIL_SMTP_PORT, MAIL_SMTP_USER, MAIL_SMTP_PASSWORD, MAIL_SMTP_STARTTLS, MAIL_FROM,
            OUTBOX_POLL_INTERVAL, OUTBOX_LEASE, DIGEST_PERIOD, RETENTION_PERIOD, APP_TIME_ZONE, CRM_FEED_INTERVAL, CRM_LEAD_WRITER,
            BILLING_VAT, BILLING_PAYEE, BILLING_INN, BILLING_KPP, BILLING_ADDRESS, BILLING_BANK, BILLING_BIK,
            BILLING_ACCOUNT, BILLING_CORRESPONDENT,
            SIGN_UPS_PER_HOUR, WEBHOOKS_ALLOW_PRIVATE_TARGETS, WEBHOOKS_DELIVERY_RETENTION,
            AUTOMATION_RETRY_BACKOFF);

    private Settings() {
    }

    private static Setting<String> text(String key, String defaultValue, String allowed) {
        return new Setting<>(key, defaultValue, allowed, raw -> raw);
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static int quarterOfMemoryMegabytes() {
        long total = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean system
                ? system.getTotalMemorySize() : 0;
        return (int) Math.max(128, Math.min(2048, total / 4 / (1024 * 1024)));
    }

    /** A size such as {@code 512MB} or {@code 2GB}, in megabytes. */
    static int megabytes(String raw, int min, int max) {
        String value = raw.strip().toUpperCase(Locale.ROOT);
        if (!value.matches("[0-9]{1,6}[MG]B")) {
            throw new IllegalArgumentException("not a size");
        }
        int amount = Integer.parseInt(value.substring(0, value.length() - 2));
        return between(value.endsWith("GB") ? amount * 1024 : amount, min, max);
    }

    private static int between(int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("out of range");
        }
        return value;
    }

    private static String jdbcUrl(String raw) {
        if (!raw.isEmpty() && !raw.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        return raw;
    }

    private static boolean bool(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    /** A duration where empty or {@code 0} means "never", answered as {@link Duration#ZERO}. */
    static Duration optionalDuration(String raw) {
        Duration value = raw.isEmpty() || raw.equals("0") ? Duration.ZERO : duration(raw);
        if (value.isNegative()) {
            throw new IllegalArgumentException("negative");
        }
        return value;
    }

    static Duration positiveDuration(String raw) {
        Duration value = duration(raw);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("not positive");
        }
        return value;
    }

    static Duration duration(String raw) {
        String value = raw.toLowerCase(Locale.ROOT);
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown unit");
        };
    }
}
