package org.matricula.platform.registration;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.matricula.api.CourseFamily;

/**
 * Compiles each course family's declaration template once, loading it relative to the family's
 * class so it comes through the plugin's own class loader. Keyed by class, so an upgraded plugin
 * (new classes) gets its new template and the old one is collected with its class loader.
 */
public final class DeclarationTemplates {

    private final Map<Class<?>, Mustache> cache = Collections.synchronizedMap(new WeakHashMap<>());

    public String render(CourseFamily family, Object scope) {
        Mustache template = cache.computeIfAbsent(family.getClass(), type -> compile(family));
        StringWriter html = new StringWriter();
        template.execute(html, scope);
        return html.toString();
    }

    private static Mustache compile(CourseFamily family) {
        String name = family.declarationTemplate();
        InputStream resource = family.getClass().getResourceAsStream(name);
        if (resource == null) {
            throw new IllegalStateException("Course family '" + family.id() + "' has no declaration template '" + name
                    + "' next to " + family.getClass().getName());
        }
        try (Reader reader = new InputStreamReader(resource, StandardCharsets.UTF_8)) {
            return new DefaultMustacheFactory().compile(reader, family.id() + "/" + name);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read declaration template of '" + family.id() + "'", e);
        }
    }
}
