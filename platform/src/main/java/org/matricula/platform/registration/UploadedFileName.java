package org.matricula.platform.registration;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.media.multipart.FormDataContentDisposition;

/**
 * The name of an uploaded file as the person's computer called it. Multipart headers are read as
 * ISO-8859-1, while browsers send a name in UTF-8 bytes, so a Cyrillic name would arrive as "Ð¡ÐºÐ°Ð½.pdf";
 * a client that follows RFC 5987 sends {@code filename*=UTF-8''...} instead, which wins.
 */
final class UploadedFileName {

    private static final Pattern EXTENDED_VALUE = Pattern.compile("([A-Za-z0-9!#$&+^_`{}~-]+)'[^']*'(.*)",
            Pattern.DOTALL);

    private UploadedFileName() {
    }

    /** The file's name, or null when the part names none. */
    static String of(FormDataContentDisposition disposition) {
        if (disposition == null) {
            return null;
        }
        Map<String, String> parameters = disposition.getParameters();
        Optional<String> extended = parameter(parameters, "filename*").flatMap(UploadedFileName::extendedValue);
        if (extended.isPresent()) {
            return extended.get();
        }
        return parameter(parameters, "filename").map(UploadedFileName::asUtf8).orElse(null);
    }

    /** An RFC 5987 value, {@code charset'language'percent-encoded bytes}; empty when it cannot be read. */
    static Optional<String> extendedValue(String value) {
        Matcher parts = EXTENDED_VALUE.matcher(value.strip());
        if (!parts.matches()) {
            return Optional.empty();
        }
        Charset charset;
        try {
            charset = Charset.forName(parts.group(1));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
        String encoded = parts.group(2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return Optional.empty();
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7F) {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        return strictly(bytes.toByteArray(), charset);
    }

    /**
     * The name with its ISO-8859-1 characters read again as the UTF-8 bytes they were sent as; the
     * name as it came when those bytes are not UTF-8 (a client that did send Latin-1).
     */
    static String asUtf8(String latin1) {
        boolean beyondAscii = false;
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c > 0xFF) {
                return latin1;
            }
            beyondAscii |= c > 0x7F;
        }
        if (!beyondAscii) {
            return latin1;
        }
        return strictly(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).orElse(latin1);
    }

    private static Optional<String> parameter(Map<String, String> parameters, String name) {
        return parameters.entrySet().stream().filter(entry -> entry.getKey().toLowerCase(Locale.ROOT).equals(name))
                .map(Map.Entry::getValue).findFirst();
    }

    private static Optional<String> strictly(byte[] bytes, Charset charset) {
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException notThisCharset) {
            return Optional.empty();
        }
    }
}
