package org.matricula.platform.crm.leads;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.matricula.platform.crm.funnel.Touches;
import org.matricula.platform.crm.persons.Contacts;
import org.matricula.platform.crm.persons.Persons;
import org.matricula.platform.crm.timeline.Timeline;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.ForbiddenCharacters;

/**
 * Takes in a lead: checks every field (all problems at once), then keeps it in the {@link LeadInbox}
 * (one round trip, one commit), whose worker finds or makes the person, records the contacts, the
 * consents and the touch, puts the lead on the timeline and moves the person to "interested" when
 * they stand nowhere yet, writing the leads that arrive together in one statement. A marketing
 * consent the lead gives is confirmed by mail before it is recorded ({@link MarketingConfirmations}).
 */
public final class LeadIntake {

    static final Set<String> UTM = Set.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content");

    private final Jdbi jdbi;
    private final LeadInbox inbox;
    private final Clock clock;

    public LeadIntake(Jdbi jdbi, LeadInbox inbox, Clock clock) {
        this.jdbi = jdbi;
        this.inbox = inbox;
        this.clock = clock;
    }

    /**
     * The lead kept in the inbox; empty, with nothing kept, when the source has been revoked
     * (possibly on another node after this one read its key).
     */
    public Optional<Long> take(LeadSources.Source source, Lead lead, Locale locale) {
        return take(source, lead, () -> locale, null);
    }

    /**
     * The same, for a lead sent by a browser through a lead form: once the lead's person is known,
     * the browser's visits go to it ({@link LeadInbox#onVisitor}).
     *
     * @param language the request's language, read only to word the problems of a lead that has some, and
     *     for the mail confirming the marketing consent a lead asks for
     */
    public Optional<Long> take(LeadSources.Source source, Lead lead, Supplier<Locale> language, UUID visitor) {
        List<Found> found = new ArrayList<>();
        Set<String> unstorable = unstorable(lead);
        unstorable.forEach(field -> found.add(new Found(field, "crm.lead.forbiddenCharacters")));
        Optional<String> email = Optional.empty();
        Optional<String> phone = Optional.empty();
        if (!blank(lead.email()) && !unstorable.contains("email")) {
            email = Contacts.email(lead.email());
            if (email.isEmpty()) {
                found.add(new Found("email", "crm.lead.email"));
            }
        }
        if (!blank(lead.phone()) && !unstorable.contains("phone")) {
            phone = Contacts.phone(lead.phone());
            if (phone.isEmpty()) {
                found.add(new Found("phone", "crm.lead.phone"));
            }
        }
        if (blank(lead.email()) && blank(lead.phone())) {
            found.add(new Found("email", "crm.lead.contactNeeded"));
        }
        if (blank(lead.lastName()) && blank(lead.firstName())) {
            found.add(new Found("firstName", "crm.lead.nameNeeded"));
        }
        for (Map.Entry<String, String> field : Map.of("lastName", text(lead.lastName()), "firstName",
                text(lead.firstName()), "middleName", text(lead.middleName()), "interest", text(lead.interest()),
                "channel", text(lead.channel()), "campaign", text(lead.campaign())).entrySet()) {
            if (field.getValue().length() > 200) {
                found.add(new Found(field.getKey(), "crm.lead.tooLong"));
            }
        }
        if (text(lead.referrer()).length() > 2000) {
            found.add(new Found("referrer", "crm.lead.tooLong"));
        }
        if (!Boolean.TRUE.equals(lead.consentProcessing())) {
            found.add(new Found("consentProcessing", "crm.lead.consentNeeded"));
        }
        Map<String, String> utm = new LinkedHashMap<>();
        if (lead.utm() != null) {
            lead.utm().forEach((key, value) -> {
                if (!UTM.contains(key)) {
                    found.add(new Found("utm." + key, "crm.lead.utmKey"));
                } else if (text(value).length() > 200) {
                    found.add(new Found("utm." + key, "crm.lead.tooLong"));
                } else if (!text(value).isBlank()) {
                    utm.put(key, value.strip());
                }
            });
        }
        Optional<String> programName = Optional.empty();
        if (!blank(lead.program()) && !unstorable.contains("program")) {
            programName = jdbi.withHandle(handle -> handle.createQuery(
                    "SELECT name FROM programs WHERE code = :code AND active").bind("code", lead.program().strip())
                    .mapTo(String.class).findOne());
            if (programName.isEmpty()) {
                found.add(new Found("program", "crm.lead.program"));
            }
        }
        if (!found.isEmpty()) {
            Locale locale = language.get();
            List<FieldProblem> problems = found.stream().map(problem -> problem.in(locale)).toList();
            throw new InvalidInputException(problems.get(0).message(), problems);
        }
        Instant now = clock.instant();
        String origin = "lead: " + source.name();
        Persons.Record record = new Persons.Record(text(lead.lastName()), text(lead.firstName()),
                text(lead.middleName()), null, email.stream().toList(), phone.stream().toList(), origin);
        Map<String, Boolean> consents = new LinkedHashMap<>();
        consents.put(Persons.PROCESSING, true);
        // A lead may name anybody's address: "no" to news withdraws nothing (the unsubscribe link
        // and staff do), and "yes" waits for the address to confirm it.
        if (Boolean.TRUE.equals(lead.consentMarketing())) {
            consents.put(Persons.MARKETING, true);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("source", source.name());
        if (!blank(lead.program())) {
            details.put("program", lead.program().strip());
        }
        if (!blank(lead.interest())) {
            details.put("interest", lead.interest().strip());
        }
        if (!utm.isEmpty()) {
            details.put("utm", utm);
        }
        if (!blank(lead.referrer())) {
            details.put("referrer", lead.referrer().strip());
        }
        String touch = Touches.json(new Touches.Touch(lead.channel(), source.name(), lead.campaign(), utm,
                lead.referrer(), now));
        Map<String, String> contacts = new LinkedHashMap<>();
        email.ifPresent(value -> contacts.put(value, "EMAIL"));
        phone.ifPresent(value -> contacts.put(value, "PHONE"));
        return inbox.put(source.id(), new LeadWriter.Row(UUID.randomUUID(), record.lastName(), record.firstName(),
                record.middleName(), record.fullName(), email.orElse(""), phone.orElse(""), contacts, consents, touch,
                now, origin, programName.orElse(text(lead.interest())), Timeline.json(details), visitor,
                // read only for the mail that asks to confirm the marketing consent
                Boolean.TRUE.equals(lead.consentMarketing()) ? language.get().getLanguage() : null));
    }

    /** A field's problem by its message's key: the request's language is read only when there is one. */
    private record Found(String field, String key) {

        FieldProblem in(Locale locale) {
            return new FieldProblem(field, Messages.text(locale, key));
        }
    }

    /**
     * The fields holding characters PostgreSQL cannot store (NUL) or a page cannot show: refused
     * here, as a lead the inbox took could otherwise never be written, however often it is retried.
     */
    private static Set<String> unstorable(Lead lead) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("lastName", lead.lastName());
        fields.put("firstName", lead.firstName());
        fields.put("middleName", lead.middleName());
        fields.put("email", lead.email());
        fields.put("phone", lead.phone());
        fields.put("program", lead.program());
        fields.put("interest", lead.interest());
        fields.put("channel", lead.channel());
        fields.put("campaign", lead.campaign());
        fields.put("referrer", lead.referrer());
        if (lead.utm() != null) {
            lead.utm().forEach((key, value) -> fields.put("utm." + key, value));
        }
        Set<String> unstorable = new LinkedHashSet<>();
        fields.forEach((field, value) -> {
            if (ForbiddenCharacters.in(value)) {
                unstorable.add(field);
            }
        });
        return unstorable;
    }

    /** Nothing said: null, or only white space and control characters (a name of NUL characters is no name). */
    private static boolean blank(String value) {
        return ForbiddenCharacters.blank(value);
    }

    private static String text(String value) {
        return blank(value) ? "" : value.strip();
    }
}
