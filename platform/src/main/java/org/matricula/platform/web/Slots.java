package org.matricula.platform.web;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of a page that differ from one visitor to the next while the page around them stays
 * the same: a CSRF token, an address typed into a field, a link keeping the query. A page built for
 * {@link Views#render(String, java.util.function.Function)} passes each such value through
 * {@link #of}; the page is rendered once per shape with markers in their places and filled per
 * request with the values, HTML-escaped as Mustache's {@code {{name}}} escapes them.
 *
 * <p>An empty value is not a slot: whether a value is there at all can change the page (a section
 * shown or not), so it stays part of the page's shape.
 */
public final class Slots {

    private static final char OPEN = '\uE000';
    private static final char CLOSE = '\uE001';
    /** Characters the HTML escaping changes, so that a slot written unescaped shows when the page is checked. */
    private static final String PROBE = "<&\"'`=>";

    private enum Mode { MARK, AS_IS, PROBE }

    private final Mode mode;
    private final List<String> values = new ArrayList<>();

    private Slots(Mode mode) {
        this.mode = mode;
    }

    /** Slots that stand in markers for the values, keeping the values to fill in. */
    static Slots marking() {
        return new Slots(Mode.MARK);
    }

    /** Slots that give the values back as they are: the page rendered directly. */
    public static Slots asIs() {
        return new Slots(Mode.AS_IS);
    }

    /** Slots that give back each value with the characters escaping changes, to check a page's shape against. */
    static Slots probing() {
        return new Slots(Mode.PROBE);
    }

    /** The value, or what stands in its place in the page's shape. */
    public String of(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String given = mode == Mode.PROBE ? value + PROBE : value;
        values.add(given);
        return mode == Mode.MARK ? OPEN + Integer.toString(values.size() - 1) + CLOSE : given;
    }

    /**
     * The value itself, or {@code shape} in the page's shape: for an object the page uses only in
     * part (a signed-in user for whom it shows the same links to everyone), which the shape must
     * not hold. Should the page use more of it, the check of the shape finds the difference.
     */
    public Object either(Object value, Object shape) {
        return mode == Mode.MARK ? shape : value;
    }

    /** Whether the text is a marker this kind of slots hands out. */
    public static boolean isMarker(String text) {
        return text.length() > 2 && text.charAt(0) == OPEN && text.charAt(text.length() - 1) == CLOSE;
    }

    List<String> values() {
        return values;
    }

    /**
     * The rendered shape cut at its markers: the text between them and, for each marker, which
     * value goes there. {@code null} when the text holds a marker this page did not hand out.
     */
    static Cut cut(String shape, int slotCount) {
        List<String> texts = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        int from = 0;
        int open;
        while ((open = shape.indexOf(OPEN, from)) >= 0) {
            int close = shape.indexOf(CLOSE, open);
            if (close < 0) {
                return null;
            }
            int slot;
            try {
                slot = Integer.parseInt(shape, open + 1, close, 10);
            } catch (NumberFormatException notOurs) {
                return null;
            }
            if (slot < 0 || slot >= slotCount) {
                return null;
            }
            texts.add(shape.substring(from, open));
            slots.add(slot);
            from = close + 1;
        }
        texts.add(shape.substring(from));
        return new Cut(texts, slots.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A shape's texts, one more than its markers, and the slot of each marker in order. */
    record Cut(List<String> texts, int[] slots) {
    }
}
