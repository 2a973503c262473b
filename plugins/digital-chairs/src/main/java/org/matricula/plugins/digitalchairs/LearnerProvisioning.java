package org.matricula.plugins.digitalchairs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.matricula.api.PluginContext;
import org.matricula.api.event.DeclarationListener;
import org.matricula.api.event.DeclarationStatus;
import org.matricula.api.event.StatusChanged;
import org.pf4j.Extension;

/**
 * On enrolment, posts the learner to the provisioning webhook ({@code plugin.digital-chairs.webhook-url})
 * so the learning platform creates the account. The event id is the idempotency key: a retry
 * after a lost answer provisions nobody twice.
 */
@Extension
public final class LearnerProvisioning implements DeclarationListener {

    private final PluginContext context;

    public LearnerProvisioning(PluginContext context) {
        this.context = context;
    }

    @Override
    public boolean appliesTo(String familyId) {
        return DigitalChairsFamily.ID.equals(familyId);
    }

    @Override
    public void onStatusChanged(StatusChanged event) throws IOException, InterruptedException {
        String webhook = context.config("webhook-url", "");
        if (event.toStatus() != DeclarationStatus.ENROLLED || webhook.isBlank()) {
            return;
        }
        String body = String.format("{\"declarationId\":\"%s\",\"number\":\"%s\",\"program\":\"%s\",\"email\":\"%s\"}",
                event.declarationId(), json(event.number()), json(event.programCode()), json(event.applicantEmail()));
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", event.eventId().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = context.http().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("provisioning webhook answered " + response.statusCode());
        }
        context.log().info("Provisioned {} for {}", event.applicantEmail(), event.programCode());
    }

    private static String json(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
