package org.matricula.platform.registration;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles each printable template once. Keyed by the template's text, so a family version and
 * its kept copy share one compiled template, and a changed template (an upgrade) compiles anew.
 */
public final class DeclarationTemplates {

    private final Map<String, Mustache> cache = new ConcurrentHashMap<>();

    public String render(PrintableFamily family, Object scope) {
        Mustache template = cache.computeIfAbsent(family.template(),
                text -> new DefaultMustacheFactory().compile(new StringReader(text),
                        family.familyId() + "@" + family.version()));
        StringWriter html = new StringWriter();
        template.execute(html, scope);
        return html.toString();
    }
}
