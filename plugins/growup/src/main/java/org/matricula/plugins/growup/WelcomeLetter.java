package org.matricula.plugins.growup;

import org.matricula.api.PluginContext;
import org.matricula.api.event.DeclarationListener;
import org.matricula.api.event.DeclarationStatus;
import org.matricula.api.event.StatusChanged;
import org.pf4j.Extension;

/**
 * On enrolment, sends the learner the academy's welcome letter with the link to the group chat
 * ({@code plugin.growup.chat-url}).
 */
@Extension
public final class WelcomeLetter implements DeclarationListener {

    private final PluginContext context;

    public WelcomeLetter(PluginContext context) {
        this.context = context;
    }

    @Override
    public boolean appliesTo(String familyId) {
        return GrowUpFamily.ID.equals(familyId);
    }

    @Override
    public void onStatusChanged(StatusChanged event) {
        if (event.toStatus() != DeclarationStatus.ENROLLED) {
            return;
        }
        String chat = context.config("chat-url", "");
        String body = "Добро пожаловать в академию GrowUp!\n\n"
                + "Вы зачислены на курс (заявление " + event.number() + ").\n"
                + (chat.isBlank() ? "" : "Чат вашей группы: " + chat + "\n")
                + "Расписание придёт отдельным письмом за неделю до старта.";
        context.mail().enqueue(event.applicantEmail(), "GrowUp!: вы зачислены", body);
    }
}
