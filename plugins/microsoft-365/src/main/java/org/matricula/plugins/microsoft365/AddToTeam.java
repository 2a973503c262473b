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
 * {@code add-to-team}: {@code POST /v1.0/teams/{teamId}/members} with an
 * {@code aadUserConversationMember} of no roles (a member, not an owner) bound to the user. A user
 * who already is a member (409 Conflict) counts as added, so a repeated call is harmless.
 */
@Extension
public final class AddToTeam extends GraphAction {

    public AddToTeam(PluginContext context) {
        super(context);
    }

    @Override
    public String id() {
        return "add-to-team";
    }

    @Override
    public FormModel parameters() {
        return form(Field.text("teamId").label(MESSAGES.text("add-to-team.teamId"))
                .help(MESSAGES.text("add-to-team.teamId.help")).required()
                .pattern(GUID, MESSAGES.text("invalid.guid")));
    }

    @Override
    public ActionResult execute(ActionCall call) throws ActionFailure {
        graph.requireConfigured();
        String user = userId(call);
        String team = call.parameter("teamId", "").strip();
        if (!team.matches(GUID)) {
            throw new ActionFailure("the step's teamId is not a GUID: " + team, false);
        }
        ObjectNode member = Graph.JSON.createObjectNode();
        member.put("@odata.type", "#microsoft.graph.aadUserConversationMember");
        member.putArray("roles");
        member.put("user@odata.bind", "https://graph.microsoft.com/v1.0/users('" + user + "')");
        String what = "add " + userName(call, user) + " to team " + team;
        Graph.Answer answer = graph.post("/teams/" + Graph.segment(team) + "/members", member, what);
        if (answer.status() == 409) {
            return ActionResult.done(userName(call, user) + " already a member of team " + team);
        }
        if (!answer.ok()) {
            throw failureAboutUser(answer, what, call);
        }
        return ActionResult.done(userName(call, user) + " added to team " + team);
    }
}
