package org.matricula.plugins.microsoft365;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.matricula.api.PluginContext;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionFailure;
import org.matricula.api.actions.ActionResult;
import org.pf4j.Extension;

/**
 * {@code check-sign-in}: whether the user has signed in, from {@code GET
 * /v1.0/users/{id}?$select=signInActivity} ({@code lastSuccessfulSignInDateTime}, else
 * {@code lastSignInDateTime}). Not having signed in is an answer, not a failure: the outputs are
 * {@code signedIn} ({@code true}/{@code false}) and {@code lastSignInDateTime} (empty when never),
 * so the scenario decides what follows (a task for the curator). Graph shows sign-in activity only
 * to a tenant with Microsoft Entra ID P1 or P2 and an application granted AuditLog.Read.All; without
 * them it answers 403, which stops the run at the step with Graph's reason.
 */
@Extension
public final class CheckSignIn extends GraphAction {

    public CheckSignIn(PluginContext context) {
        super(context);
    }

    @Override
    public String id() {
        return "check-sign-in";
    }

    @Override
    public ActionResult execute(ActionCall call) throws ActionFailure {
        graph.requireConfigured();
        String user = userId(call);
        String what = "read the sign-in activity of " + userName(call, user);
        Graph.Answer answer = graph.get("/users/" + Graph.segment(user) + "?$select=id,signInActivity", what);
        if (!answer.ok()) {
            throw graph.failure(answer, what);
        }
        JsonNode activity = answer.body().path("signInActivity");
        JsonNode successful = activity.path("lastSuccessfulSignInDateTime");
        JsonNode any = activity.path("lastSignInDateTime");
        String last = successful.isTextual() && !successful.asText().isBlank() ? successful.asText()
                : any.isTextual() ? any.asText().strip() : "";
        boolean signedIn = !last.isEmpty();
        return new ActionResult(userName(call, user) + (signedIn ? " signed in at " + last : " has not signed in yet"),
                Map.of("signedIn", String.valueOf(signedIn), "lastSignInDateTime", last));
    }
}
