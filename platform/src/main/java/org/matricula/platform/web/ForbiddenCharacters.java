package org.matricula.platform.web;

/**
 * Characters no text a person sends may carry: those XML 1.0 does not allow (the C0 controls but
 * TAB, LF and CR; U+FFFE and U+FFFF; a surrogate without its pair). A printed document is XHTML,
 * which cannot hold them, and PostgreSQL cannot store NUL in text at all; no keyboard types them.
 */
public final class ForbiddenCharacters {

    private ForbiddenCharacters() {
    }

    /** Whether XML 1.0 allows this code point in a document. */
    public static boolean allowed(int codePoint) {
        return codePoint == '\t' || codePoint == '\n' || codePoint == '\r'
                || codePoint >= 0x20 && codePoint <= 0xD7FF
                || codePoint >= 0xE000 && codePoint <= 0xFFFD
                || codePoint >= 0x10000 && codePoint <= 0x10FFFF;
    }

    /**
     * Whether the text holds any character XML 1.0 does not allow; null holds none. Read char by
     * char, as every string of every JSON body passes here.
     */
    public static boolean in(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '\uFFFE' || c == '\uFFFF') {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++; // a pair, as an emoji is written
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The text without the characters XML 1.0 does not allow; the same instance when it has none. */
    public static String removed(String text) {
        if (!in(text)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.codePoints().filter(ForbiddenCharacters::allowed).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    /**
     * Whether the text says nothing: null, empty, or only white space and control characters, so
     * that a value of NUL characters counts as not given.
     */
    public static boolean blank(String text) {
        return text == null || text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || !allowed(c));
    }
}
