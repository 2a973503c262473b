package org.matricula.plugins.microsoft365;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.matricula.api.PluginContext;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionFailure;
import org.matricula.api.actions.ActionResult;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.pf4j.Extension;

/**
 * {@code assign-licence}: {@code POST /v1.0/users/{id}/assignLicense} with the step's {@code skuId}
 * added (no plan disabled, nothing removed). Assigning a licence the user has changes nothing, so
 * a repeated call is harmless. The user needs a usage location, which create-user sets. A tenant
 * without a free licence of the SKU answers 400: not retryable, the run stops at the step until an
 * admin buys licences and retries it.
 */
@Extension
public final class AssignLicence extends GraphAction {

    public AssignLicence(PluginContext context) {
        super(context);
    }

    @Override
    public String id() {
        return "assign-licence";
    }

    @Override
    public FormModel parameters() {
        return form(Field.text("skuId").label(MESSAGES.text("assign-licence.skuId"))
                .help(MESSAGES.text("assign-licence.skuId.help")).required()
                .pattern(GUID, MESSAGES.text("invalid.guid")));
    }

    @Override
    public ActionResult execute(ActionCall call) throws ActionFailure {
        graph.requireConfigured();
        String user = userId(call);
        String sku = call.parameter("skuId", "").strip();
        if (!sku.matches(GUID)) {
            throw new ActionFailure("the step's skuId is not a GUID: " + sku, false);
        }
        ObjectNode body = Graph.JSON.createObjectNode();
        ObjectNode licence = body.putArray("addLicenses").addObject();
        licence.putArray("disabledPlans");
        licence.put("skuId", sku.toLowerCase(java.util.Locale.ROOT));
        body.putArray("removeLicenses");
        String what = "assign licence " + sku + " to " + userName(call, user);
        Graph.Answer answer = graph.post("/users/" + Graph.segment(user) + "/assignLicense", body, what);
        if (!answer.ok()) {
            throw failureAboutUser(answer, what, call);
        }
        return ActionResult.done("licence " + sku + " assigned to " + userName(call, user));
    }
}
