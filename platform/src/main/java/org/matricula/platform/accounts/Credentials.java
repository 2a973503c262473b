package org.matricula.platform.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/** The rules an address, a password and a display name must meet, with messages in the user's language. */
final class Credentials {

    /** The longest address SMTP can deliver to (RFC 5321 path limit less the angle brackets). */
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MIN_PASSWORD_LENGTH = 10;
    // Argon2 takes any length, but hashing megabytes on request would be an easy way to load the server.
    static final int MAX_PASSWORD_LENGTH = 256;
    private static final int MAX_NAME_LENGTH = 200;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

    private Credentials() {
    }

    static void checkSignUp(String email, String password, String displayName, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            problems.add(notAnAddress(locale));
        }
        passwordProblem(password, email, locale).ifPresent(problems::add);
        if (displayName.isBlank() || displayName.length() > MAX_NAME_LENGTH) {
            problems.add(new FieldProblem("displayName", Messages.text(locale, "accounts.tellHowToAddress")));
        }
        throwIfAny(problems, locale);
    }

    /**
     * Refuses a log-in whose address or password is longer than any account's can be, before it
     * is looked up, counted as a failure or hashed.
     */
    static void checkLogIn(String email, String password, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        checkAddressLength(email, locale, problems);
        if (password.length() > MAX_PASSWORD_LENGTH) {
            problems.add(passwordTooLong(locale));
        }
        throwIfAny(problems, locale);
    }

    /**
     * Refuses a password reset asked for no address, or for something that is none: the person
     * would otherwise be told to check a mailbox that no mail can reach.
     */
    static void checkResetAddress(String email, Locale locale) {
        if (email.isEmpty()) {
            throwIfAny(List.of(new FieldProblem("email", Messages.text(locale, "accounts.forgot.emailRequired"))), locale);
        }
        if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
            throwIfAny(List.of(notAnAddress(locale)), locale);
        }
    }

    /** Refuses an address longer than any account's can be, before it is looked up. */
    static void checkAddressLength(String email, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        checkAddressLength(email, locale, problems);
        throwIfAny(problems, locale);
    }

    private static void checkAddressLength(String email, Locale locale, List<FieldProblem> problems) {
        if (email.length() > MAX_EMAIL_LENGTH) {
            problems.add(notAnAddress(locale));
        }
    }

    static void checkPassword(String password, String email, Locale locale) {
        throwIfAny(passwordProblem(password, email, locale).stream().toList(), locale);
    }

    static InvalidInputException emailTaken(Locale locale) {
        return InvalidInputException.field("email", Messages.text(locale, "accounts.addressAlreadyRegisteredLog"));
    }

    private static Optional<FieldProblem> passwordProblem(String password, String email, Locale locale) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            return Optional.of(new FieldProblem("password", Messages.text(locale, "accounts.passwordMustLeast10")));
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            return Optional.of(passwordTooLong(locale));
        }
        if (password.trim().equalsIgnoreCase(email.trim())) {
            return Optional.of(new FieldProblem("password", Messages.text(locale, "accounts.passwordMustNotSame")));
        }
        return Optional.empty();
    }

    private static FieldProblem notAnAddress(Locale locale) {
        return new FieldProblem("email", Messages.text(locale, "accounts.enterEmailAddress"));
    }

    private static FieldProblem passwordTooLong(Locale locale) {
        return new FieldProblem("password", Messages.text(locale, "accounts.passwordMustMost256"));
    }

    private static void throwIfAny(List<FieldProblem> problems, Locale locale) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "form.checkFields"), problems);
        }
    }
}
