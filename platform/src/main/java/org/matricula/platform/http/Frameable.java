package org.matricula.platform.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method whose pages other sites may show in a frame (a lead form embedded on an
 * institute's website). Such pages must act on no session: a framed page could be clicked through
 * by a visitor who does not see it. Every other page is refused framing.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Frameable {
}
