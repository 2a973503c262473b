package org.matricula.plugins.microsoft365;

import org.matricula.api.LocalizedText;
import org.matricula.api.PluginContext;
import org.matricula.api.PluginMessages;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionFailure;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;

/** What the plugin's actions share: the settings, Graph with its token, the texts. */
abstract class GraphAction implements ScenarioAction {

    static final String PLUGIN_ID = "microsoft-365";
    static final PluginMessages MESSAGES = PluginMessages.of(GraphAction.class, PLUGIN_ID);
    static final String GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    /** Output keys of create-user, read by the later actions from the run's context. */
    static final String USER_ID = "userId";
    static final String USER_PRINCIPAL_NAME = "userPrincipalName";
    static final String PASSWORD = "password";

    final Graph graph;

    GraphAction(PluginContext context) {
        this.graph = new Graph(context);
    }

    @Override
    public LocalizedText title() {
        return MESSAGES.text(id() + ".title");
    }

    /** Ready once the tenant, the application and the domain are configured. */
    @Override
    public boolean ready() {
        return graph.configured();
    }

    static FormModel form(Field... fields) {
        return FormModel.of(Section.of("parameters", MESSAGES.text("parameters.title"), RecordPart.FAMILY, fields));
    }

    /** The Microsoft 365 user the run's create-user step made or found. */
    static String userId(ActionCall call) throws ActionFailure {
        String id = call.context().getOrDefault(USER_ID, "").strip();
        if (!id.matches(GUID)) {
            throw new ActionFailure("no Microsoft 365 user in the run: put microsoft-365/create-user before this step",
                    false);
        }
        return id;
    }

    /**
     * The failure of a call about the run's user. A user created by this run a moment ago may be
     * unknown for a while to the services behind Graph (licences, Teams): a 404 then is retryable,
     * so the platform tries again with backoff instead of stopping the run.
     */
    ActionFailure failureAboutUser(Graph.Answer answer, String what, ActionCall call) {
        ActionFailure failure = graph.failure(answer, what);
        if (answer.status() == 404 && "true".equals(call.context().get("created"))) {
            return new ActionFailure(failure.getMessage() + " (the user was created in this run and may not have"
                    + " reached this service yet)", true);
        }
        return failure;
    }

    /** How the run log names the user: the login when the run knows it, else the id. */
    static String userName(ActionCall call, String userId) {
        return call.context().getOrDefault(USER_PRINCIPAL_NAME, userId);
    }
}
