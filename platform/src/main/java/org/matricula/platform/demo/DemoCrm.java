package org.matricula.platform.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.admin.Crm;
import org.matricula.platform.crm.leads.Lead;
import org.matricula.platform.crm.leads.LeadInbox;
import org.matricula.platform.crm.leads.LeadIntake;
import org.matricula.platform.crm.leads.LeadSources;
import org.matricula.platform.crm.organizations.Organizations;
import org.matricula.platform.i18n.Messages;

/**
 * The CRM part of {@code --demo}: organizations with their people, leads from several channels
 * with UTM tags, LMS progress over xAPI and a few managers' notes and tasks, so that the CRM's
 * screens show a living school.
 */
final class DemoCrm {

    static final int LEADS = 80;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] LAST = {"Иванова", "Смирнов", "Кузнецова", "Попов", "Васильева", "Петров",
        "Соколова", "Михайлов", "Новикова", "Фёдоров", "Морозова", "Волков"};
    private static final String[] FIRST = {"Анна", "Иван", "Мария", "Дмитрий", "Елена", "Сергей", "Ольга", "Артём"};
    /** channel, utm_source, utm_medium, utm_campaign */
    private static final String[][] CHANNELS = {
        {"social", "vk", "social", "spring-intake"}, {"email", "newsletter", "email", "open-day"},
        {"paid", "yandex", "cpc", "data-courses"}, {"organic", "", "", ""}, {"referral", "partner-uni", "referral", ""}};
    private static final String[][] ORGANIZATIONS = {
        {"ООО «Северсталь-Инфо»", "EMPLOYER"}, {"Уральский федеральный университет", "UNIVERSITY"},
        {"Корпоративный университет «Сбер»", "CORPORATE_UNIVERSITY"}, {"АО «Технопарк»", "EMPLOYER"}};
    private static final String[] COURSES = {"Python для аналитиков", "Управление проектами", "Английский для IT"};

    private final Jdbi jdbi;
    private final Crm crm;
    private final LeadInbox inbox;
    private final Clock clock;
    private final Random random;

    DemoCrm(Jdbi jdbi, Crm crm, LeadInbox inbox, Clock clock, Random random) {
        this.jdbi = jdbi;
        this.crm = crm;
        this.inbox = inbox;
        this.clock = clock;
        this.random = random;
    }

    /** Answers how many leads came in. */
    int seed(UUID admin) {
        List<Long> organizations = new ArrayList<>();
        for (String[] organization : ORGANIZATIONS) {
            organizations.add(crm.organizations().create(new Organizations.Input(organization[0], organization[1], "",
                    "", ""), Messages.RUSSIAN).id());
        }
        LeadSources.Source site = crm.leadSources().create("Сайт института", admin, Messages.RUSSIAN).source();
        LeadIntake intake = new LeadIntake(jdbi, inbox, clock);
        String program = jdbi.withHandle(handle -> handle.createQuery("SELECT code FROM programs ORDER BY id LIMIT 1")
                .mapTo(String.class).findOne().orElse(""));
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < LEADS; i++) {
            String[] channel = CHANNELS[random.nextInt(CHANNELS.length)];
            Map<String, String> utm = new java.util.LinkedHashMap<>();
            if (!channel[1].isEmpty()) {
                utm.put("utm_source", channel[1]);
                utm.put("utm_medium", channel[2]);
            }
            if (!channel[3].isEmpty()) {
                utm.put("utm_campaign", channel[3]);
            }
            emails.add("lead" + i + "-" + random.nextInt(100_000) + "@example.org");
            intake.take(site, new Lead(LAST[random.nextInt(LAST.length)],
                    FIRST[random.nextInt(FIRST.length)], "", emails.get(i),
                    String.format("+7 9%02d %03d-%02d-%02d", random.nextInt(100), random.nextInt(1000),
                            random.nextInt(100), random.nextInt(100)),
                    i % 3 == 0 ? program : "", i % 3 == 0 ? "" : "Вечерние курсы", true, random.nextBoolean(),
                    channel[0], "", utm, channel[0].equals("referral") ? "https://partner.example.org/" : ""),
                    Messages.RUSSIAN).orElseThrow();
        }
        List<UUID> persons = written(inbox, emails);
        for (int i = 0; i < persons.size(); i += 4) {
            crm.organizations().link(organizations.get(random.nextInt(organizations.size())), persons.get(i),
                    i % 8 == 0 ? "EMPLOYEE" : "STUDENT", Messages.RUSSIAN);
        }
        for (int i = 0; i < persons.size(); i += 5) {
            crm.timeline().log(persons.get(i), i % 10 == 0 ? "CALL" : "NOTE", i % 10 == 0
                    ? "Перезвонить после дня открытых дверей" : "Интересуется вечерней формой", clock.instant(), admin,
                    Messages.RUSSIAN);
        }
        crm.tasks().create(persons.get(0), "Отправить программу курса", "", "", admin, Messages.RUSSIAN);
        learning(persons.subList(0, Math.min(30, persons.size())));
        return persons.size();
    }

    /**
     * The persons the leads went to, in the leads' order, once the inbox has written them (the
     * running platform's worker may be writing some of them at the same time).
     */
    private List<UUID> written(LeadInbox inbox, List<String> emails) {
        for (int round = 0; round < 500 && inbox.waiting() > 0; round++) {
            if (inbox.writeWaiting() == 0) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the demo's leads were written", e);
                }
            }
        }
        Map<String, UUID> byEmail = new java.util.HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                "SELECT value, person_id FROM person_contacts WHERE kind = 'EMAIL' AND value = ANY(:emails)")
                .bindArray("emails", String.class, emails.toArray())
                .map((result, context) -> Map.entry(result.getString(1), result.getObject(2, UUID.class)))
                .forEach(found -> byEmail.put(found.getKey(), found.getValue())));
        return emails.stream().map(byEmail::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Progress in the LMS for some of the persons, as an LMS would send it. */
    private void learning(List<UUID> learners) {
        long client = crm.lmsClients().create("Moodle", Messages.text(Messages.RUSSIAN, "xapi.client.name")).id();
        ArrayNode batch = JSON.createArrayNode();
        Instant start = clock.instant().minus(Duration.ofDays(20));
        for (UUID learner : learners) {
            String email = crm.persons().require(learner).email();
            String course = COURSES[random.nextInt(COURSES.length)];
            int steps = 1 + random.nextInt(5);
            for (int step = 1; step <= steps; step++) {
                ObjectNode statement = batch.addObject();
                statement.put("id", UUID.randomUUID().toString());
                statement.putObject("actor").put("mbox", "mailto:" + email);
                boolean done = step == 5;
                statement.putObject("verb").put("id", "http://adlnet.gov/expapi/verbs/" + (done ? "completed" : "progressed"));
                ObjectNode object = statement.putObject("object");
                object.put("id", "https://lms.example.org/courses/" + Math.abs(course.hashCode()));
                object.putObject("definition").putObject("name").put("ru-RU", course);
                ObjectNode result = statement.putObject("result");
                result.put("duration", "PT" + (30 + random.nextInt(90)) + "M");
                result.putObject("extensions").put("https://w3id.org/xapi/cmi5/result/extensions/progress", step * 20);
                statement.put("timestamp", start.plus(Duration.ofDays(step * 3L)).toString());
            }
        }
        if (!batch.isEmpty()) {
            crm.statements().storeJson(batch, client, clock.instant());
        }
    }
}
