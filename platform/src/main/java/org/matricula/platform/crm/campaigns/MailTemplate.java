package org.matricula.platform.crm.campaigns;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Optional;

/**
 * A campaign's subject or body: Mustache over the person's fields ({@code {{firstName}}},
 * {@code {{fullName}}}, {@code {{email}}} ...). Mails are plain text, so values are written as
 * they are, not HTML-escaped; a template may not include other templates.
 */
public final class MailTemplate {

    private static final class PlainText extends DefaultMustacheFactory {

        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public java.io.Reader getReader(String resourceName) {
            throw new MustacheException("partials are not allowed: " + resourceName);
        }
    }

    private final Mustache mustache;

    private MailTemplate(Mustache mustache) {
        this.mustache = mustache;
    }

    /** The template, or empty when it cannot be read (unbalanced sections, partials). */
    public static Optional<MailTemplate> compile(String text) {
        try {
            return Optional.of(new MailTemplate(new PlainText().compile(new StringReader(text == null ? "" : text),
                    "campaign")));
        } catch (MustacheException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    public String render(Map<String, Object> scope) {
        StringWriter out = new StringWriter();
        mustache.execute(out, scope);
        return out.toString();
    }
}
