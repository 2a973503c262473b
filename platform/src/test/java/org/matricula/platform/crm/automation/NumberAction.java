package org.matricula.platform.crm.automation;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.matricula.api.LocalizedText;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionFailure;
import org.matricula.api.actions.ActionResult;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.api.form.Field;
import org.matricula.api.form.FormModel;
import org.matricula.api.form.RecordPart;
import org.matricula.api.form.Section;

/**
 * A test plugin's scenario action: gives the person a number made of a prefix (a required
 * parameter) and what an earlier step answered, once per idempotency key, and counts its calls
 * in a system property (the plugin's class loader is not the test's).
 */
public class NumberAction implements ScenarioAction {

    private static final Map<String, String> DONE = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    @Override
    public String id() {
        return "issue-number";
    }

    @Override
    public LocalizedText title() {
        return LocalizedText.of("Выдать номер", "Issue a number");
    }

    @Override
    public FormModel parameters() {
        return FormModel.of(Section.of("number", LocalizedText.of("Номер", "Number"), RecordPart.DEAN_OFFICE,
                Field.text("prefix").label("Префикс", "Prefix").required().pattern("[A-Z]{1,5}",
                        LocalizedText.of("Заглавные буквы", "Capital letters"))));
    }

    @Override
    public ActionResult execute(ActionCall call) throws ActionFailure {
        String key = call.idempotencyKey();
        System.setProperty("number-action.calls." + key, Integer.toString(Integer.getInteger(
                "number-action.calls." + key, 0) + 1));
        String number = DONE.computeIfAbsent(key, k -> call.parameter("prefix", "N") + "-"
                + call.context().getOrDefault("ticket", "") + "-" + NEXT.incrementAndGet());
        return new ActionResult("number " + number + " for " + call.person().email().orElse("?"),
                Map.of("number", number));
    }
}
