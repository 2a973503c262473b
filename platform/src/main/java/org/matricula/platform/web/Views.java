package org.matricula.platform.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;

/**
 * The platform's own HTML views: Mustache templates under {@code web/} on the platform class
 * path, compiled once and cached by the factory.
 */
public final class Views {

    private final MustacheFactory factory = new DefaultMustacheFactory("web");
    private final Navigation navigation = new Navigation();

    /** The administration's menu, which feature modules add their screens to. */
    public Navigation navigation() {
        return navigation;
    }

    public String render(String name, Object scope) {
        Mustache template = factory.compile(name + ".mustache");
        StringWriter out = new StringWriter();
        template.execute(out, scope);
        return out.toString();
    }
}
