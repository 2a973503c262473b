package org.matricula.platform.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.Translations;

/** The text of a project's digest of new declarations, one mail per recipient. */
final class DigestMail {

    private static final int LISTED = 200;

    private final String baseUrl;

    DigestMail(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The project reported on: its default-language name, its names per language and who gets the digest. */
    record Project(String name, Map<String, String> names, String recipients) {
    }

    record Line(String id, String number, String fullName, String email, String program) {
    }

    List<MailMessage> digest(Project project, List<Line> lines) {
        // Digest recipients are addresses, not accounts: no language is known, so every one offered is used.
        StringBuilder body = new StringBuilder(inEveryLanguage("notify.digest.heading", "\n", project, lines))
                .append("\n\n");
        lines.stream().limit(LISTED).forEach(line -> body.append(line.number()).append("  ").append(line.fullName())
                .append("  <").append(line.email()).append(">  ").append(line.program()).append("\n  ")
                .append(baseUrl).append("/admin/declarations/").append(line.id()).append("\n"));
        if (lines.size() > LISTED) {
            body.append("… +").append(lines.size() - LISTED).append('\n');
        }
        body.append('\n').append(baseUrl).append("/admin/declarations\n");
        String subject = inEveryLanguage("notify.digest.subject", " / ", project, lines);
        return Arrays.stream(project.recipients().split("[\\s,;]+")).filter(to -> !to.isBlank())
                .map(to -> new MailMessage(to, subject, body.toString())).toList();
    }

    private static String inEveryLanguage(String key, String separator, Project project, List<Line> lines) {
        return Messages.languages().stream().map(locale -> Messages.text(locale, key,
                Translations.pick(project.names(), locale, project.name()), lines.size()))
                .collect(Collectors.joining(separator));
    }
}
