package org.matricula.platform.notify;

import java.util.Arrays;
import java.util.List;

/** The text of a project's digest of new declarations, one mail per recipient. */
final class DigestMail {

    private static final int LISTED = 200;

    private final String baseUrl;

    DigestMail(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    record Project(String name, String recipients) {
    }

    record Line(String id, String number, String fullName, String email, String program) {
    }

    List<MailMessage> digest(Project project, List<Line> lines) {
        StringBuilder body = new StringBuilder()
                .append("Новые заявления в проекте «").append(project.name()).append("»: ").append(lines.size())
                .append("\nNew declarations in \"").append(project.name()).append("\": ").append(lines.size())
                .append("\n\n");
        lines.stream().limit(LISTED).forEach(line -> body.append(line.number()).append("  ").append(line.fullName())
                .append("  <").append(line.email()).append(">  ").append(line.program()).append("\n  ")
                .append(baseUrl).append("/admin/declarations/").append(line.id()).append("\n"));
        if (lines.size() > LISTED) {
            body.append("… +").append(lines.size() - LISTED).append('\n');
        }
        body.append('\n').append(baseUrl).append("/admin/declarations\n");
        String subject = "Новые заявления (" + lines.size() + ") / New declarations — " + project.name();
        return Arrays.stream(project.recipients().split("[\\s,;]+")).filter(to -> !to.isBlank())
                .map(to -> new MailMessage(to, subject, body.toString())).toList();
    }
}
