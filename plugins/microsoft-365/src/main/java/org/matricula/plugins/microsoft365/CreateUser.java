package org.matricula.plugins.microsoft365;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.matricula.api.PluginContext;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionFailure;
import org.matricula.api.actions.ActionPerson;
import org.matricula.api.actions.ActionResult;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.pf4j.Extension;

/**
 * {@code create-user}: the person's Microsoft 365 account, {@code POST /v1.0/users}, enabled, with a
 * first password to change at the first sign-in.
 *
 * <p>One account per person: the user carries {@link UserNames#employeeId(String) a mark derived
 * from the person's id} in {@code employeeId}, and the action first looks for it
 * ({@code GET /v1.0/users?$filter=employeeId eq '...'}); a found user is answered as if just created
 * (same id, login and password), so a retry, a repeated call with the same idempotency key or a
 * second run for the person never makes a second account. The login ({@code first.last@domain},
 * {@link UserNames transliterated}) gets a number when another user has it: {@code GET
 * /v1.0/users/{login}} tells; and an "already exists" answer to the creation (another process took
 * the login meanwhile, or an earlier try of this step did) is looked at the same way.
 *
 * <p>Outputs: {@code userId}, {@code userPrincipalName}, {@code password} (for the credentials mail
 * only: never in the summary or the log), {@code created} ({@code true} or {@code false} when the
 * user was found).
 */
@Extension
public final class CreateUser extends GraphAction {

    private static final int MAX_TRIES = 50;
    private final Passwords passwords;
    private final String usageLocation;

    public CreateUser(PluginContext context) {
        super(context);
        String key = context.config("password-key", "").strip();
        this.passwords = new Passwords(key.isEmpty() ? context.config("client-secret", "").strip() : key);
        this.usageLocation = context.config("usage-location", "RU").strip().toUpperCase(Locale.ROOT);
    }

    @Override
    public String id() {
        return "create-user";
    }

    @Override
    public FormModel parameters() {
        return form(Field.text("usageLocation").label(MESSAGES.text("create-user.usageLocation"))
                .help(MESSAGES.text("create-user.usageLocation.help"))
                .pattern("[A-Za-z]{2}", MESSAGES.text("invalid.country")));
    }

    @Override
    public ActionResult execute(ActionCall call) throws ActionFailure {
        graph.requireConfigured();
        ActionPerson person = call.person();
        String mark = UserNames.employeeId(person.id());
        String password = passwords.initial(person.id());
        Optional<JsonNode> mine = findMarked(mark);
        if (mine.isPresent()) {
            return result(mine.get(), password, false);
        }
        String local = UserNames.localPart(person);
        for (int n = 1; n <= MAX_TRIES; n++) {
            String login = UserNames.candidate(local, n) + "@" + graph.domain();
            Optional<JsonNode> holder = byLogin(login);
            if (holder.isPresent()) {
                if (mark.equals(holder.get().path("employeeId").asText(""))) {
                    return result(holder.get(), password, false);
                }
                continue; // someone else's login: the next number
            }
            Graph.Answer created = graph.post("/users", body(call, login, mark, password), "create user " + login);
            if (created.ok()) {
                graph.context().log().info("Microsoft 365 user {} created for person {}", login, person.id());
                return result(created.body(), password, true);
            }
            if (!alreadyExists(created)) {
                throw graph.failure(created, "create user " + login, password);
            }
            Optional<JsonNode> taken = byLogin(login);
            if (taken.isEmpty()) { // taken, yet not visible: the directory has not caught up
                throw new ActionFailure("Microsoft Graph says " + login + " already exists but does not show it yet",
                        true);
            }
            if (mark.equals(taken.get().path("employeeId").asText(""))) {
                return result(taken.get(), password, false);
            }
        }
        throw new ActionFailure("no free login for " + local + "@" + graph.domain() + " after " + MAX_TRIES + " tries",
                false);
    }

    private ObjectNode body(ActionCall call, String login, String mark, String password) {
        ActionPerson person = call.person();
        String local = login.substring(0, login.indexOf('@'));
        ObjectNode user = Graph.JSON.createObjectNode();
        user.put("accountEnabled", true);
        user.put("displayName", UserNames.displayName(person, local));
        user.put("mailNickname", local);
        user.put("userPrincipalName", login);
        if (!person.firstName().isBlank()) {
            user.put("givenName", person.firstName().strip());
        }
        if (!person.lastName().isBlank()) {
            user.put("surname", person.lastName().strip());
        }
        user.put("employeeId", mark);
        user.put("usageLocation", call.parameter("usageLocation", usageLocation).strip().toUpperCase(Locale.ROOT));
        user.put("preferredLanguage", person.language().startsWith("en") ? "en-US" : "ru-RU");
        ObjectNode profile = user.putObject("passwordProfile");
        profile.put("forceChangePasswordNextSignIn", true);
        profile.put("password", password);
        return user;
    }

    private Optional<JsonNode> findMarked(String mark) throws ActionFailure {
        String path = "/users?$filter=" + Graph.query("employeeId eq '" + mark + "'")
                + "&$select=id,userPrincipalName,employeeId";
        Graph.Answer found = graph.get(path, "look up the person's user");
        if (!found.ok()) {
            throw graph.failure(found, "look up the person's user");
        }
        JsonNode value = found.body().path("value");
        return value.isArray() && !value.isEmpty() ? Optional.of(value.get(0)) : Optional.empty();
    }

    private Optional<JsonNode> byLogin(String login) throws ActionFailure {
        Graph.Answer found = graph.get("/users/" + Graph.segment(login) + "?$select=id,userPrincipalName,employeeId",
                "look up " + login);
        if (found.status() == 404) {
            return Optional.empty();
        }
        if (!found.ok()) {
            throw graph.failure(found, "look up " + login);
        }
        return Optional.of(found.body());
    }

    /** Graph's answer to a login or alias in use: 400 (or 409) "Another object with the same value ... already exists". */
    private static boolean alreadyExists(Graph.Answer answer) {
        return (answer.status() == 400 || answer.status() == 409)
                && answer.body().path("error").path("message").asText("").contains("already exists");
    }

    private ActionResult result(JsonNode user, String password, boolean created) throws ActionFailure {
        String id = user.path("id").asText("");
        String login = user.path("userPrincipalName").asText("");
        if (id.isEmpty() || login.isEmpty()) {
            throw new ActionFailure("Microsoft Graph answered a user without id or userPrincipalName", true);
        }
        return new ActionResult("Microsoft 365 user " + login + (created ? " created" : " already existed"),
                Map.of(USER_ID, id, USER_PRINCIPAL_NAME, login, PASSWORD, password, "created", String.valueOf(created)));
    }
}
