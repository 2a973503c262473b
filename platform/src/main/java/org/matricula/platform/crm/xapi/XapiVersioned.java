package org.matricula.platform.crm.xapi;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the xAPI routes whose every answer names the xAPI version ({@link XapiVersionHeader}),
 * those open to anyone ({@code /xapi/about}) as well as those an LMS client signs in to.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface XapiVersioned {
}
