package org.matricula.platform.crm.automation;

import org.matricula.api.LocalizedText;
import org.matricula.api.actions.ActionCall;
import org.matricula.api.actions.ActionResult;
import org.matricula.api.actions.ScenarioAction;
import org.matricula.platform.plugins.fixtures.PluginErrors;

/** A test plugin's scenario action whose code fails with an {@link AssertionError} at every call. */
public class ErringAction implements ScenarioAction {

    @Override
    public String id() {
        return "erring";
    }

    @Override
    public LocalizedText title() {
        return LocalizedText.of("Ошибка", "Erring");
    }

    @Override
    public ActionResult execute(ActionCall call) {
        PluginErrors.fail("AssertionError");
        return new ActionResult("never", java.util.Map.of());
    }
}
