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

    /** Whether the text holds any character XML 1.0 does not allow; null holds none. */
    public static boolean in(String text) {
        if (text == null) {
            return false;
        }
        // A lone surrogate comes out of codePoints() as itself, which allowed() refuses.
        return !text.codePoints().allMatch(ForbiddenCharacters::allowed);
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
