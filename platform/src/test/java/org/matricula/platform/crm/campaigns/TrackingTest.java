package org.matricula.platform.crm.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which links of a campaign mail go through the click-through: only those its author wrote. */
class TrackingTest {

    static final String BASE = "https://matricula.example";

    @Test
    void aUrlAPersonGaveAsTheirNameIsLeftAsTextNeverTracked() {
        CampaignSender.Templates templates = CampaignSender.Templates.of("Курс",
                "Здравствуйте, {{firstName}}! Программа: https://school.example/course",
                "Course", "Hello {{firstName}}, see https://school.example/en");
        List<String> tracked = new ArrayList<>();
        CampaignSender.Mail mail = templates.render("ru", Map.of("firstName", "https://evil.example/phish"),
                BASE + "/u/token", url -> {
                    tracked.add(url);
                    return BASE + "/t/c/track/" + tracked.size();
                });

        assertEquals(List.of("https://school.example/course"), tracked, "only the template's link is tracked");
        assertTrue(mail.body().contains("Здравствуйте, https://evil.example/phish!"), mail.body());
        assertTrue(mail.body().contains("Программа: " + BASE + "/t/c/track/1"), mail.body());
        assertFalse(mail.body().contains("https://school.example/course"), mail.body());

        String html = Tracking.html(mail.body(), BASE + "/t/o/track", url -> url.startsWith(BASE + "/"));
        assertFalse(html.contains("href=\"https://evil.example"), html);
        assertTrue(html.contains("<a href=\"" + BASE + "/t/c/track/1\">"), html);
        assertTrue(html.contains("<a href=\"" + BASE + "/u/token\">"), "the unsubscribe link stays a link: " + html);
    }

    @Test
    void aTemplateLinkAPersonsValueCompletesIsNotTracked() {
        CampaignSender.Templates templates = CampaignSender.Templates.of("S",
                "Your page: https://school.example/p/{{email}}", "S", "Your page: https://school.example/p/{{email}}");
        List<String> tracked = new ArrayList<>();
        CampaignSender.Mail mail = templates.render("en", Map.of("email", "x@example.org/../../evil"), BASE + "/u/t",
                url -> {
                    tracked.add(url);
                    return "tracked";
                });
        assertTrue(tracked.isEmpty(), tracked.toString());
        assertTrue(mail.body().contains("https://school.example/p/x@example.org/../../evil"), mail.body());
    }

    @Test
    void theCampaignsOwnLinksAreReadFromBothTemplatesBeforeAnythingIsFilledIn() {
        assertEquals(Set.of("https://school.example/course", "https://school.example/en"),
                Tracking.templateLinks("{{firstName}} https://school.example/course.", "(https://school.example/en)",
                        null));
        assertEquals("see https://evil.example/x and T", Tracking.rewrite("see https://evil.example/x and"
                + " https://school.example/course", Set.of("https://school.example/course"), url -> "T"));
    }
}
