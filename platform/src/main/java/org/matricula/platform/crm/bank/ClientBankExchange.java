package org.matricula.platform.crm.bank;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.matricula.platform.crm.billing.Amounts;
import org.matricula.platform.errors.InputDates;

/**
 * Reads a statement in the 1C client-bank exchange format ({@code 1CClientBankExchange}, the text
 * export every Russian bank offers): {@code key=value} lines, each payment document between a
 * {@code DOCUMENT=<kind>} line and {@code DOCUMENT_END}. The file is Windows-1251 unless its header
 * says {@code ENCODING=DOS} (CP866). The format's keys are Russian words, written here escaped.
 */
public final class ClientBankExchange {

    static final String SIGNATURE = "1CClientBankExchange";
    /** {@code document}. */
    static final String DOCUMENT = "\u0421\u0435\u043a\u0446\u0438\u044f\u0414\u043e\u043a\u0443\u043c\u0435\u043d\u0442";
    /** {@code document_end}. */
    static final String DOCUMENT_END = "\u041a\u043e\u043d\u0435\u0446\u0414\u043e\u043a\u0443\u043c\u0435\u043d\u0442\u0430";
    /** {@code number}. */
    static final String NUMBER = "\u041d\u043e\u043c\u0435\u0440";
    /** {@code date}. */
    static final String DATE = "\u0414\u0430\u0442\u0430";
    /** {@code amount}. */
    static final String AMOUNT = "\u0421\u0443\u043c\u043c\u0430";
    /** {@code payer}. */
    static final String PAYER = "\u041f\u043b\u0430\u0442\u0435\u043b\u044c\u0449\u0438\u043a";
    /** {@code payer1}. */
    static final String PAYER1 = "\u041f\u043b\u0430\u0442\u0435\u043b\u044c\u0449\u0438\u043a1";
    /** {@code payer_inn}. */
    static final String PAYER_INN = "\u041f\u043b\u0430\u0442\u0435\u043b\u044c\u0449\u0438\u043a\u0418\u041d\u041d";
    /** {@code payer_account}. */
    static final String PAYER_ACCOUNT = "\u041f\u043b\u0430\u0442\u0435\u043b\u044c\u0449\u0438\u043a\u0421\u0447\u0435\u0442";
    /** {@code recipient_account}. */
    static final String RECIPIENT_ACCOUNT = "\u041f\u043e\u043b\u0443\u0447\u0430\u0442\u0435\u043b\u044c\u0421\u0447\u0435\u0442";
    /** {@code recipient_inn}. */
    static final String RECIPIENT_INN = "\u041f\u043e\u043b\u0443\u0447\u0430\u0442\u0435\u043b\u044c\u0418\u041d\u041d";
    /** {@code purpose}. */
    static final String PURPOSE = "\u041d\u0430\u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435\u041f\u043b\u0430\u0442\u0435\u0436\u0430";
    /** {@code encoding}. */
    static final String ENCODING = "\u041a\u043e\u0434\u0438\u0440\u043e\u0432\u043a\u0430";
    private static final Charset WINDOWS = Charset.forName("windows-1251");
    private static final Charset DOS = Charset.forName("IBM866");
    /** Strict: 31.02 is no day, where the default resolver would take it for the 28th. */
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    /** An amount as banks write it: digits, and kopecks after one point or comma. */
    private static final Pattern PLAIN_AMOUNT = Pattern.compile("\\d+(?:[.,]\\d{1,2})?");
    /**
     * The most characters kept of a value. The format's longest, the purpose, is 210; a file with
     * longer ones is someone else's to fix, so what is beyond is dropped rather than the line.
     */
    static final int VALUE_MAX = 500;

    private ClientBankExchange() {
    }

    /** One payment document: its fields as written, and the line it starts on. */
    public record Document(int line, Map<String, String> fields) {

        public String get(String key) {
            return fields.getOrDefault(key, "").strip();
        }

        /** The payer's name: {@code PAYER1} where the bank writes it apart, else {@code PAYER}. */
        public String payer() {
            return get(PAYER1).isEmpty() ? get(PAYER) : get(PAYER1);
        }

        public BigDecimal amount() {
            String amount = get(AMOUNT).replace(" ", "");
            if (!PLAIN_AMOUNT.matcher(amount).matches()) {
                // 1e9, 0x10 or 1.2.3 are no amounts a bank writes: refused rather than read as BigDecimal would
                throw new NumberFormatException("Not a plain decimal amount: " + amount);
            }
            return new BigDecimal(amount.replace(',', '.'));
        }

        public LocalDate date() {
            return InputDates.date(get(DATE), DAY);
        }

        /** Whether its amount and date can be read, and kept. */
        public boolean readable() {
            return problem() == null;
        }

        /**
         * Why the document cannot be kept, as the bundle key of the reason told to the manager
         * ({@code bank.unreadable.*}); null when it can.
         */
        public String problem() {
            BigDecimal amount;
            try {
                amount = amount();
            } catch (NumberFormatException e) {
                return get(AMOUNT).isEmpty() ? "bank.unreadable.noAmount" : "bank.unreadable.amount";
            }
            if (amount.signum() <= 0) {
                return "bank.unreadable.amountNotPositive";
            }
            if (amount.compareTo(Amounts.MAX) > 0) {
                return "bank.unreadable.amountTooLarge";
            }
            try {
                date();
            } catch (InputDates.OutOfRange e) {
                return "bank.unreadable.dateOutOfRange";
            } catch (DateTimeParseException e) {
                return get(DATE).isEmpty() ? "bank.unreadable.noDate" : "bank.unreadable.date";
            }
            return null;
        }
    }

    /** Whether the bytes are such a statement. */
    public static boolean recognizes(byte[] file) {
        return decode(file).stripLeading().startsWith(SIGNATURE);
    }

    /** The documents of a statement, in file order. */
    public static List<Document> documents(byte[] file) {
        String text = decode(file);
        List<Document> documents = new ArrayList<>();
        Map<String, String> current = null;
        int start = 0;
        String[] lines = text.split("\\r?\\n|\\r");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int equals = line.indexOf('=');
            String key = (equals < 0 ? line : line.substring(0, equals)).strip();
            String value = equals < 0 ? "" : line.substring(equals + 1);
            if (key.equals(DOCUMENT)) {
                current = new HashMap<>();
                current.put(DOCUMENT, value.strip());
                start = i + 1;
            } else if (key.equals(DOCUMENT_END)) {
                if (current != null) {
                    documents.add(new Document(start, Map.copyOf(current)));
                }
                current = null;
            } else if (current != null && equals > 0) {
                current.putIfAbsent(key, kept(value));
            }
        }
        return documents;
    }

    /** The value's first {@link #VALUE_MAX} characters, a character written as two never cut in half. */
    static String kept(String value) {
        if (value.length() <= VALUE_MAX) {
            return value;
        }
        return value.substring(0, Character.isHighSurrogate(value.charAt(VALUE_MAX - 1)) ? VALUE_MAX - 1 : VALUE_MAX);
    }

    static String decode(byte[] file) {
        String dos = new String(file, DOS);
        return dos.contains(ENCODING + "=DOS") ? dos : new String(file, WINDOWS);
    }
}
