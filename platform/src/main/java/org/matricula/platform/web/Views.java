package org.matricula.platform.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's own HTML views: Mustache templates under {@code web/} on the platform class
 * path, compiled once and cached by the factory.
 */
public final class Views {

    private static final int FIRST_CAPACITY = 1024;

    private final MustacheFactory factory = new DefaultMustacheFactory("web");
    private final Navigation navigation = new Navigation();
    /**
     * How long each view has come out at most: the page is written into a buffer of that size, not
     * into one grown by doubling and copying from a few characters up to a page of 15 KB or more.
     */
    private final Map<String, Integer> lastLengths = new ConcurrentHashMap<>();

    /** The administration's menu, which feature modules add their screens to. */
    public Navigation navigation() {
        return navigation;
    }

    public String render(String name, Object scope) {
        Mustache template = factory.compile(name + ".mustache");
        int capacity = lastLengths.getOrDefault(name, FIRST_CAPACITY);
        PageWriter out = new PageWriter(capacity);
        template.execute(out, scope);
        String page = out.toString();
        if (page.length() > capacity) {
            lastLengths.put(name, page.length() + page.length() / 8);
        }
        return page;
    }
}
