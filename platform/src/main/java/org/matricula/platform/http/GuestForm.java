package org.matricula.platform.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a page's form posted without a session (sign-up, log-in, password reset). With no session
 * token to echo, the form echoes the {@code matricula_csrf} cookie instead (double submit), which
 * stops another site signing a visitor in or up.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GuestForm {
}
