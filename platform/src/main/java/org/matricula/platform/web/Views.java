package org.matricula.platform.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's own HTML views: Mustache templates under {@code web/} on the platform class
 * path, compiled once and cached by the factory.
 */
public final class Views {

    private static final Logger log = LoggerFactory.getLogger(Views.class);
    private static final int FIRST_CAPACITY = 1024;
    /**
     * Shapes kept at most; past it they are all dropped and kept anew. Shapes change with the
     * catalog, and odd queries make new ones, so the set must not grow without end.
     */
    private static final int MOST_SHAPES = 512;

    private final DefaultMustacheFactory factory = new DefaultMustacheFactory("web");
    private final Navigation navigation = new Navigation();
    /**
     * How long each view has come out at most: the page is written into a buffer of that size, not
     * into one grown by doubling and copying from a few characters up to a page of 15 KB or more.
     */
    private final Map<String, Integer> lastLengths = new ConcurrentHashMap<>();
    private final Map<Shape, Skeleton> skeletons = new ConcurrentHashMap<>();
    /** What each view's text tells of it, read once (see {@link #factsOf}). */
    private final Map<String, Map<String, Object>> viewFacts = new ConcurrentHashMap<>();

    /**
     * A view that lists a refused form's problems in an error summary of its own has the header
     * leave out the general "check the marked fields" notice: one alert, not two.
     */
    private static Map<String, Object> factsOf(String name) {
        try (InputStream in = Views.class.getClassLoader().getResourceAsStream("web/" + name + ".mustache")) {
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            boolean ownSummary = text.contains("id=\"error-summary\"") || text.contains("{{> error-summary}}")
                    || text.contains("{{> /error-summary}}");
            return Map.of("ownErrorSummary", ownSummary);
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** The administration's menu, which feature modules add their screens to. */
    public Navigation navigation() {
        return navigation;
    }

    public String render(String name, Object scope) {
        Mustache template = factory.compile(name + ".mustache");
        int capacity = lastLengths.getOrDefault(name, FIRST_CAPACITY);
        PageWriter out = new PageWriter(capacity);
        // the page's own entries come last and win over what the view itself tells
        template.execute(out, new Object[] {viewFacts.computeIfAbsent(name, Views::factsOf), scope});
        String page = out.toString();
        if (page.length() > capacity) {
            lastLengths.put(name, page.length() + page.length() / 8);
        }
        return page;
    }

    /**
     * A page that many visitors see alike but for a few values (see {@link Slots}): rendered
     * through Mustache once per shape, that is per scope with those values left out, kept encoded,
     * and afterwards filled with each visitor's values. {@code scopeOf} builds the page's scope
     * with its values passed through the slots it is given; it must read nothing that may change
     * between calls, as a new shape is rendered three times (once with markers, then directly with
     * the values and with values full of characters HTML escapes) and kept only if filling the
     * first gives exactly the other two. A shape that does not is rendered whole every time.
     */
    public HtmlPage render(String name, Function<Slots, Map<String, Object>> scopeOf) {
        Slots marking = Slots.marking();
        Shape shape = new Shape(name, scopeOf.apply(marking));
        Skeleton skeleton = skeletons.get(shape);
        if (skeleton == null) {
            skeleton = skeleton(name, render(name, shape.scope()), marking.values().size(), scopeOf);
            if (skeletons.size() >= MOST_SHAPES) {
                skeletons.clear();
            }
            skeletons.put(shape, skeleton);
        }
        return skeleton == Skeleton.WHOLE ? HtmlPage.of(render(name, scopeOf.apply(Slots.asIs())))
                : new HtmlPage(skeleton.filled(escaped(marking.values())));
    }

    private Skeleton skeleton(String name, String shape, int slotCount, Function<Slots, Map<String, Object>> scopeOf) {
        Slots.Cut cut = Slots.cut(shape, slotCount);
        if (cut == null) {
            log.debug("The view {} holds a marker of no slot; it is rendered whole", name);
            return Skeleton.WHOLE;
        }
        Skeleton skeleton = Skeleton.of(cut);
        for (Slots check : List.of(Slots.asIs(), Slots.probing())) {
            String direct = render(name, scopeOf.apply(check));
            if (check.values().size() != slotCount
                    || !Arrays.equals(skeleton.filled(escaped(check.values())), direct.getBytes(StandardCharsets.UTF_8))) {
                log.debug("The view {} does not come out the same filled from its shape; it is rendered whole", name);
                return Skeleton.WHOLE;
            }
        }
        return skeleton;
    }

    private byte[][] escaped(List<String> values) {
        byte[][] escaped = new byte[values.size()][];
        PageWriter out = new PageWriter(64);
        for (int i = 0; i < escaped.length; i++) {
            out.clear();
            factory.encode(values.get(i), out);
            escaped[i] = out.toString().getBytes(StandardCharsets.UTF_8);
        }
        return escaped;
    }

    /** A view and its scope with the visitors' values left out: equal shapes render alike. */
    private record Shape(String view, Map<String, Object> scope) {
    }

    /** A shape rendered and encoded: its texts between the slots, and which value fills each slot. */
    private record Skeleton(byte[][] texts, int[] slots) {

        /** A shape whose page is rendered whole every time. */
        static final Skeleton WHOLE = new Skeleton(new byte[0][], new int[0]);

        static Skeleton of(Slots.Cut cut) {
            return new Skeleton(cut.texts().stream().map(text -> text.getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new), cut.slots());
        }

        byte[] filled(byte[][] values) {
            int length = 0;
            for (byte[] text : texts) {
                length += text.length;
            }
            for (int slot : slots) {
                length += values[slot].length;
            }
            byte[] page = new byte[length];
            int at = 0;
            for (int i = 0; i < texts.length; i++) {
                System.arraycopy(texts[i], 0, page, at, texts[i].length);
                at += texts[i].length;
                if (i < slots.length) {
                    byte[] value = values[slots[i]];
                    System.arraycopy(value, 0, page, at, value.length);
                    at += value.length;
                }
            }
            return page;
        }
    }
}
