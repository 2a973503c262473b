package org.matricula.platform.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest request body a resource method takes, where it takes more than a form or JSON post
 * (2 MB) or a document upload (11 MB): a bank statement, a plugin JAR. Larger bodies are refused
 * with 413 before anything reads them, decided on the route Jersey matched.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface BodyLimit {

    /** The limit in mebibytes. */
    int megabytes();
}
