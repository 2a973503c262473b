package org.matricula.plugins.microsoft365;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.matricula.api.PluginContext;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionFailure;
import org.matricula.api.actions.ActionPerson;
import org.matricula.api.actions.ActionResult;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.pf4j.Extension;

/**
 * {@code send-credentials}: mails the person (at their preferred address in the CRM, not the new
 * mailbox they cannot open yet) the login and first password from create-user and the link to the
 * app, in Russian or English by the person's language, through {@code POST
 * /v1.0/users/{sender}/sendMail} as the step's sender mailbox. The mail is not kept in the sender's
 * Sent Items ({@code saveToSentItems: false}): it holds a password. Graph has no idempotency key
 * for mail, so after a timeout (the mail may have left) a retry can send it twice; any other
 * failure sends nothing.
 */
@Extension
public final class SendCredentials extends GraphAction {

    public SendCredentials(PluginContext context) {
        super(context);
    }

    @Override
    public String id() {
        return "send-credentials";
    }

    @Override
    public FormModel parameters() {
        return form(
                Field.email("sender").label(MESSAGES.text("send-credentials.sender"))
                        .help(MESSAGES.text("send-credentials.sender.help")).required(),
                Field.text("appLink").label(MESSAGES.text("send-credentials.appLink"))
                        .help(MESSAGES.text("send-credentials.appLink.help")).required()
                        .pattern("https?://\\S+", MESSAGES.text("invalid.link")));
    }

    @Override
    public ActionResult execute(ActionCall call) throws ActionFailure {
        graph.requireConfigured();
        ActionPerson person = call.person();
        String sender = call.parameter("sender", "").strip();
        String link = call.parameter("appLink", "").strip();
        if (sender.isEmpty() || link.isEmpty()) {
            throw new ActionFailure("the step needs a sender mailbox and a link to the app", false);
        }
        String login = call.context().getOrDefault(USER_PRINCIPAL_NAME, "");
        String password = call.context().getOrDefault(PASSWORD, "");
        if (login.isEmpty() || password.isEmpty()) {
            throw new ActionFailure("no login and password in the run: put microsoft-365/create-user before this step",
                    false);
        }
        String to = person.email().orElseThrow(() -> new ActionFailure("the person has no email address", false));
        String language = person.language().startsWith("en") ? "en" : "ru";
        String name = person.firstName().isBlank() ? login : person.firstName().strip();
        ObjectNode mail = Graph.JSON.createObjectNode();
        ObjectNode message = mail.putObject("message");
        message.put("subject", MESSAGES.text("credentials.subject").inLanguage(language));
        ObjectNode body = message.putObject("body");
        body.put("contentType", "Text");
        body.put("content", MESSAGES.text("credentials.body", name, login, password, link).inLanguage(language));
        message.putArray("toRecipients").addObject().putObject("emailAddress").put("address", to);
        mail.put("saveToSentItems", false);
        String what = "mail the credentials of " + login + " from " + sender;
        Graph.Answer answer = graph.post("/users/" + Graph.segment(sender) + "/sendMail", mail, what);
        if (!answer.ok()) {
            throw graph.failure(answer, what, password);
        }
        return ActionResult.done("credentials of " + login + " mailed from " + sender);
    }
}
