package org.matricula.platform.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem.FieldProblem;
import org.matricula.platform.web.Language;

/** The rules an address, a password and a display name must meet, with messages in the user's language. */
final class Credentials {

    static final int MIN_PASSWORD_LENGTH = 10;
    // Argon2 takes any length, but hashing megabytes on request would be an easy way to load the server.
    static final int MAX_PASSWORD_LENGTH = 256;
    private static final int MAX_NAME_LENGTH = 200;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");

    private Credentials() {
    }

    static void checkSignUp(String email, String password, String displayName, Locale locale) {
        List<FieldProblem> problems = new ArrayList<>();
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("email", Language.pick(locale,
                    "Введите адрес электронной почты, например ivan@example.org",
                    "Enter an email address such as ivan@example.org")));
        }
        passwordProblem(password, email, locale).ifPresent(problems::add);
        if (displayName.isBlank() || displayName.length() > MAX_NAME_LENGTH) {
            problems.add(new FieldProblem("displayName", Language.pick(locale,
                    "Укажите, как к вам обращаться (до 200 символов)",
                    "Tell us how to address you (up to 200 characters)")));
        }
        throwIfAny(problems, locale);
    }

    static void checkPassword(String password, String email, Locale locale) {
        throwIfAny(passwordProblem(password, email, locale).stream().toList(), locale);
    }

    static InvalidInputException emailTaken(Locale locale) {
        return InvalidInputException.field("email", Language.pick(locale,
                "Этот адрес уже зарегистрирован. Войдите или восстановите пароль.",
                "This address is already registered. Log in or reset your password."));
    }

    private static Optional<FieldProblem> passwordProblem(String password, String email, Locale locale) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            return Optional.of(new FieldProblem("password", Language.pick(locale,
                    "Пароль должен быть не короче 10 символов", "The password must be at least 10 characters long")));
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            return Optional.of(new FieldProblem("password", Language.pick(locale,
                    "Пароль должен быть не длиннее 256 символов", "The password must be at most 256 characters long")));
        }
        if (password.trim().equalsIgnoreCase(email.trim())) {
            return Optional.of(new FieldProblem("password", Language.pick(locale,
                    "Пароль не должен совпадать с адресом почты",
                    "The password must not be the same as the email address")));
        }
        return Optional.empty();
    }

    private static void throwIfAny(List<FieldProblem> problems, Locale locale) {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Language.pick(locale, "Проверьте отмеченные поля",
                    "Please check the marked fields"), problems);
        }
    }
}
